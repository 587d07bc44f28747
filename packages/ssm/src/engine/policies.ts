/**
 * Parameter policies (Expiration, ExpirationNotification, NoChangeNotification) as
 * DescribeParameters and GetParameterHistory list them: one ParameterInlinePolicy per policy of
 * the version, its text, its type and its status. The sandbox enforces none, so each stays
 * "Pending" ("the policy hasn't been enforced or applied yet", ParameterInlinePolicy in the
 * Systems Manager API reference), as the AWS CLI's describe-parameters example shows them.
 */
export interface InlinePolicy {
  PolicyText: string;
  PolicyType: string;
  PolicyStatus: "Pending";
}

export function inlinePolicies(text: string | undefined): InlinePolicy[] {
  if (text === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((policy): policy is Record<string, unknown> => typeof policy === "object" && policy !== null && !Array.isArray(policy))
    .map((policy) => ({ PolicyText: JSON.stringify(policy), PolicyType: typeof policy.Type === "string" ? policy.Type : "", PolicyStatus: "Pending" }));
}
