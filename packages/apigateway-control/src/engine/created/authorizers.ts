/** A created REST API's authorizers (Lambda TOKEN / REQUEST, COGNITO_USER_POOLS): CreateAuthorizer, UpdateAuthorizer, DeleteAuthorizer. */
import { authorizerNotFound, badRequest } from "../../errors.js";
import { invalidPatchPath, patchPath, type PatchOperation } from "./patch.js";
import { ownMember, type StoredApi, type StoredAuthorizer } from "./state.js";

/**
 * The authType API Gateway names when none is given: AWS answers "custom" for a Lambda authorizer and
 * "cognito_user_pools" for a Cognito one (the AWS CLI's examples create-authorizer.rst, get-authorizers.rst).
 */
export function defaultAuthType(type: string): string {
  return type === "COGNITO_USER_POOLS" ? "cognito_user_pools" : "custom";
}

export type CreateAuthorizerInput = Omit<StoredAuthorizer, "id">;

export function createAuthorizer(api: StoredApi, input: CreateAuthorizerInput, id: string): StoredAuthorizer {
  const authorizer: StoredAuthorizer = {
    id,
    name: input.name,
    type: input.type,
    ...(input.providerARNs ? { providerARNs: input.providerARNs } : {}),
    authType: input.authType ?? defaultAuthType(input.type),
    ...(input.authorizerUri !== undefined ? { authorizerUri: input.authorizerUri } : {}),
    ...(input.authorizerCredentials !== undefined ? { authorizerCredentials: input.authorizerCredentials } : {}),
    ...(input.identitySource !== undefined ? { identitySource: input.identitySource } : {}),
    ...(input.identityValidationExpression !== undefined ? { identityValidationExpression: input.identityValidationExpression } : {}),
    // Left out when not given, as AWS answers (create-authorizer.rst's Cognito authorizer); the stage caches 300 s then.
    ...(input.authorizerResultTtlInSeconds !== undefined ? { authorizerResultTtlInSeconds: input.authorizerResultTtlInSeconds } : {}),
  };
  checkAuthorizer(authorizer);
  api.authorizers = { ...api.authorizers, [id]: authorizer };
  return authorizer;
}

/** What each type needs to be called (no AWS text found for these refusals: the closest AWS-shaped answer). */
function checkAuthorizer(authorizer: StoredAuthorizer): void {
  if (authorizer.type === "COGNITO_USER_POOLS") {
    if (!authorizer.providerARNs?.length) throw badRequest("ProviderARNs must be specified for COGNITO_USER_POOLS authorizers");
  } else if (!authorizer.authorizerUri) {
    throw badRequest(`AuthorizerUri must be specified for ${authorizer.type} authorizers`);
  }
}

export function authorizerOf(api: StoredApi, id: string): StoredAuthorizer {
  const authorizer = ownMember(api.authorizers, id);
  if (!authorizer) throw authorizerNotFound();
  return authorizer;
}

const SCALARS = ["name", "type", "authType", "authorizerUri", "authorizerCredentials", "identitySource", "identityValidationExpression", "authorizerResultTtlInSeconds"];

export function updateAuthorizer(authorizer: StoredAuthorizer, operations: PatchOperation[]): void {
  const next = structuredClone(authorizer);
  for (const operation of operations) {
    const { head, key } = patchPath(operation.path);
    if (head === "providerARNs" && key !== undefined) {
      // add / remove /providerARNs/<arn>, or replace /providerARNs/<old> with the value.
      const arns = (next.providerARNs ?? []).filter((a) => a !== key);
      if (operation.op === "add") arns.push(key);
      else if (operation.op === "replace" && operation.value) arns.push(operation.value);
      next.providerARNs = arns;
    } else if (key === undefined && SCALARS.includes(head)) {
      const record = next as unknown as Record<string, unknown>;
      if (head === "authorizerResultTtlInSeconds") record[head] = Number(operation.value);
      else if (operation.op === "remove" || operation.value === undefined) delete record[head];
      else record[head] = operation.value;
    } else {
      throw invalidPatchPath(operation.path);
    }
  }
  checkAuthorizer(next);
  Object.assign(authorizer, next);
  for (const k of Object.keys(authorizer) as Array<keyof StoredAuthorizer>) if (next[k] === undefined) delete authorizer[k];
}

export function deleteAuthorizer(api: StoredApi, id: string): void {
  authorizerOf(api, id);
  const { [id]: _removed, ...rest } = api.authorizers ?? {};
  api.authorizers = rest;
}
