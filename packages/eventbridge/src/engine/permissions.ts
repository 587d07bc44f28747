/**
 * PutPermission / RemovePermission: the event bus's resource policy. A permission given by
 * Action, Principal and StatementId becomes one statement ("Allow", the account's root or "*",
 * on the bus), as DescribeEventBus shows it (localstack test_events.snapshot.json
 * test_put_permission, recorded on AWS); a Policy replaces the whole document.
 */
import { actionNotSupported, invalidPolicyJson, principalRequired, ResourceNotFoundException } from "../errors.js";

export interface PutPermissionInput {
  EventBusName?: string;
  Action?: string;
  Principal?: string;
  StatementId?: string;
  Condition?: { Type: string; Key: string; Value: string };
  Policy?: string;
}

export interface RemovePermissionInput {
  EventBusName?: string;
  StatementId?: string;
  RemoveAllPermissions?: boolean;
}

interface PolicyDocument {
  Version: string;
  Statement: Record<string, unknown>[];
}

const POLICY_VERSION = "2012-10-17";
/** The one action a bus's permission can grant. */
const PUT_EVENTS_ACTION = "events:PutEvents";

function statementsOf(policy: string | undefined): Record<string, unknown>[] {
  const document = policy === undefined ? undefined : parsePolicy(policy);
  return Array.isArray(document?.Statement) ? document.Statement : [];
}

/** A policy document, or undefined when the text is not a JSON object. */
function parsePolicy(text: string): Partial<PolicyDocument> | undefined {
  try {
    const document: unknown = JSON.parse(text);
    return typeof document === "object" && document !== null && !Array.isArray(document) ? (document as Partial<PolicyDocument>) : undefined;
  } catch {
    return undefined;
  }
}

function documentText(statements: Record<string, unknown>[]): string | undefined {
  return statements.length === 0 ? undefined : JSON.stringify({ Version: POLICY_VERSION, Statement: statements });
}

/** The bus's policy after PutPermission. */
export function grant(policy: string | undefined, busArn: string, input: PutPermissionInput): string {
  if (input.Policy !== undefined) {
    if (parsePolicy(input.Policy) === undefined) throw invalidPolicyJson();
    return input.Policy;
  }
  if (input.Principal === undefined) throw principalRequired();
  if (input.Action !== PUT_EVENTS_ACTION) throw actionNotSupported();
  const principal = input.Principal === "*" ? "*" : { AWS: `arn:aws:iam::${input.Principal}:root` };
  const statement: Record<string, unknown> = {
    Sid: input.StatementId,
    Effect: "Allow",
    Principal: principal,
    Action: input.Action,
    Resource: busArn,
    ...(input.Condition ? { Condition: { [input.Condition.Type]: { [input.Condition.Key]: input.Condition.Value } } } : {}),
  };
  const others = statementsOf(policy).filter((s) => s.Sid !== input.StatementId);
  return documentText([...others, statement]) ?? "";
}

/** The bus's policy after RemovePermission (undefined: no policy left). */
export function revoke(policy: string | undefined, input: RemovePermissionInput): string | undefined {
  if (input.RemoveAllPermissions === true) return undefined;
  const statements = statementsOf(policy);
  const kept = statements.filter((s) => s.Sid !== input.StatementId);
  if (kept.length === statements.length) throw new ResourceNotFoundException("Statement with the provided id does not exist.");
  return documentText(kept);
}
