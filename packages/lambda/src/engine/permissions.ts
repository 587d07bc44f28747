/**
 * AddPermission, RemovePermission and GetPolicy: a function's resource-based policy, one
 * per qualifier ($LATEST, a version or an alias). Each change gives that version or alias a
 * new RevisionId. The sandbox stores the policy and answers it as Lambda does; it does not
 * refuse invocations the policy would not allow (callers here are not authenticated).
 */
import { InvalidParameterValueException, ResourceConflictException, ResourceNotFoundException, messages } from "../errors.js";
import { LATEST_VERSION } from "../limits.js";
import { checkRevision, str, type ApiContext, type Input } from "./apiContext.js";
import type { PolicyStatement, Resolved } from "./registry.js";

export function addPermission(ctx: ApiContext, input: Input): Record<string, unknown> {
  const { qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  if (qualifier === LATEST_VERSION) throw new InvalidParameterValueException(messages.policyOnLatest());
  const resolved = target(ctx, input);
  if (!validPrincipal(String(input.Principal))) throw new InvalidParameterValueException(messages.invalidPrincipal());
  checkRevision(str(input, "RevisionId"), revisionOf(resolved));
  const key = qualifier ?? LATEST_VERSION;
  const statements = resolved.record.policies.get(key) ?? [];
  const sid = String(input.StatementId);
  if (statements.some((s) => s.Sid === sid)) throw new ResourceConflictException(messages.statementExists(sid));
  const resource = qualifier === undefined ? resolved.record.config.arn : `${resolved.record.config.arn}:${qualifier}`;
  const statement = functionStatement(input, resource);
  resolved.record.policies.set(key, [...statements, statement]);
  ctx.registry.renewRevision(resolved);
  return { Statement: JSON.stringify(statement) };
}

export function removePermission(ctx: ApiContext, input: Input): void {
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  if (!ctx.registry.find(name)) throw new ResourceNotFoundException(messages.noPolicyFor(ctx.registry.arnOf(name)));
  const resolved = target(ctx, input);
  const key = qualifier ?? LATEST_VERSION;
  const statements = resolved.record.policies.get(key);
  if (!statements) throw new ResourceNotFoundException(messages.noPolicy());
  const sid = String(input.StatementId);
  if (!statements.some((s) => s.Sid === sid)) throw new ResourceNotFoundException(messages.statementNotFound(sid));
  checkRevision(str(input, "RevisionId"), revisionOf(resolved));
  const kept = statements.filter((s) => s.Sid !== sid);
  if (kept.length === 0) resolved.record.policies.delete(key);
  else resolved.record.policies.set(key, kept);
  ctx.registry.renewRevision(resolved);
}

export function getPolicy(ctx: ApiContext, input: Input): Record<string, unknown> {
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  const record = ctx.registry.find(name);
  if (!record) throw new ResourceNotFoundException(messages.functionNotFound(ctx.registry.arnOf(name)));
  // A version or alias that does not exist has no policy (localstack test_permission_exceptions, recorded on AWS).
  if (qualifier !== undefined && qualifier !== LATEST_VERSION && !record.versions.has(qualifier) && !record.aliases.has(qualifier)) {
    throw new ResourceNotFoundException(messages.resourceDoesNotExist());
  }
  const resolved = ctx.registry.resolve(String(input.FunctionName), str(input, "Qualifier"));
  const statements = resolved.record.policies.get(qualifier ?? LATEST_VERSION);
  if (!statements) throw new ResourceNotFoundException(messages.resourceDoesNotExist());
  return { Policy: policyDocument(statements), RevisionId: revisionOf(resolved) };
}

/**
 * The version or alias a policy change applies to. A missing alias is named as one, a missing
 * version as a function (localstack test_permission_exceptions, recorded on AWS).
 */
function target(ctx: ApiContext, input: Input): Resolved {
  const { name, qualifier } = ctx.registry.parse(String(input.FunctionName), str(input, "Qualifier"));
  const record = ctx.registry.find(name);
  if (record && qualifier !== undefined && ALIAS_NAME.test(qualifier) && !record.aliases.has(qualifier)) {
    throw new ResourceNotFoundException(messages.aliasNotFound(`${record.config.arn}:${qualifier}`));
  }
  return ctx.registry.resolve(String(input.FunctionName), str(input, "Qualifier"));
}

/** An alias name (Lambda model, shape Alias): not all digits. */
const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9-_]+$/;

/**
 * Lambda refuses a principal that is not "*", an account, an IAM ARN or a service
 * (service principals end in amazonaws.com, or amazon.com for Alexa).
 */
function validPrincipal(principal: string): boolean {
  return principal === "*" || /^\d{12}$/.test(principal) || /^arn:aws[a-zA-Z-]*:iam::/.test(principal) || /\.amazon(aws)?\.com$/.test(principal);
}

/** The policy document as GetPolicy and GetLayerVersionPolicy answer it (a JSON string). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements });
}

/**
 * Principal as Lambda writes it: "*" stays, an account id becomes its root ARN, an ARN is an
 * AWS principal, anything else (s3.amazonaws.com) a service.
 */
export function principalOf(principal: string): unknown {
  if (principal === "*") return "*";
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith("arn:")) return { AWS: principal };
  return { Service: principal };
}

function functionStatement(input: Input, resource: string): PolicyStatement {
  const stringEquals: Record<string, string> = {};
  const sourceAccount = str(input, "SourceAccount");
  const orgId = str(input, "PrincipalOrgID");
  const token = str(input, "EventSourceToken");
  const authType = str(input, "FunctionUrlAuthType");
  // In the order Lambda writes them (localstack test_add_lambda_permission_fields, recorded on AWS).
  if (sourceAccount !== undefined) stringEquals["AWS:SourceAccount"] = sourceAccount;
  if (authType !== undefined) stringEquals["lambda:FunctionUrlAuthType"] = authType;
  if (orgId !== undefined) stringEquals["aws:PrincipalOrgID"] = orgId;
  if (token !== undefined) stringEquals["lambda:EventSourceToken"] = token;
  const condition: Record<string, unknown> = {};
  if (Object.keys(stringEquals).length > 0) condition.StringEquals = stringEquals;
  const sourceArn = str(input, "SourceArn");
  if (sourceArn !== undefined) condition.ArnLike = { "AWS:SourceArn": sourceArn };
  if (typeof input.InvokedViaFunctionUrl === "boolean") condition.Bool = { "lambda:InvokedViaFunctionUrl": String(input.InvokedViaFunctionUrl) };
  return {
    Sid: String(input.StatementId),
    Effect: "Allow",
    Principal: principalOf(String(input.Principal)),
    Action: String(input.Action),
    Resource: resource,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** The RevisionId of what the qualifier names: the alias's own, else the version's. */
function revisionOf(resolved: Resolved): string {
  return resolved.alias?.revisionId ?? resolved.version.revisionId;
}
