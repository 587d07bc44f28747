/**
 * AWS managed policies as AWS answers GetPolicy / GetPolicyVersion for them (default
 * version only). Sources per entry below.
 */
export interface AwsManagedPolicyData {
  PolicyName: string;
  PolicyId: string;
  Path: string;
  DefaultVersionId: string;
  CreateDate: string;
  UpdateDate: string;
  Description?: string;
  /** The default version's document, as AWS formats it. */
  Document: string;
}

export const AWS_MANAGED_POLICY_DATA: AwsManagedPolicyData[] = [
  {
    // aws iam get-policy / get-policy-version output quoted in public notes (PolicyId, dates, description, v1 document).
    PolicyName: "AWSLambdaBasicExecutionRole",
    PolicyId: "ANPAJNCQGXC42545SKXIK",
    Path: "/service-role/",
    DefaultVersionId: "v1",
    CreateDate: "2015-04-09T15:03:43Z",
    UpdateDate: "2015-04-09T15:03:43Z",
    Description: "Provides write permissions to CloudWatch Logs.",
    Document: JSON.stringify(
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }] },
      null,
      4,
    ),
  },
];
