/** What a PreTokenGeneration function changes in the tokens, read from its response (V1_0 / V2_0 files). */
import { isRecord } from "./invoke.js";

export interface ClaimChanges {
  add: Record<string, unknown>;
  suppress: string[];
}

export interface TokenOverrides {
  id: ClaimChanges;
  access: ClaimChanges;
  scopesToAdd: string[];
  scopesToSuppress: string[];
  groups?: { groupsToOverride?: string[]; iamRolesToOverride?: string[]; preferredRole?: string | null };
}

export interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

// Claims Cognito keeps whatever the function answers (the trigger's documented restrictions).
const PROTECTED_CLAIMS = new Set([
  "acr", "amr", "aud", "auth_time", "azp", "client_id", "cognito:username", "event_id", "exp", "iat", "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "scope", "sub", "token_use", "username", "at_hash", "version",
]);

export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export function changes(value: unknown): ClaimChanges {
  const details = isRecord(value) ? value : {};
  const add = isRecord(details.claimsToAddOrOverride) ? details.claimsToAddOrOverride : {};
  return {
    add: Object.fromEntries(Object.entries(add).filter(([name]) => !PROTECTED_CLAIMS.has(name))),
    suppress: strings(details.claimsToSuppress).filter((name) => !PROTECTED_CLAIMS.has(name)),
  };
}

export function groupOverride(value: unknown): TokenOverrides["groups"] {
  if (!isRecord(value)) return undefined;
  return {
    ...(Array.isArray(value.groupsToOverride) ? { groupsToOverride: strings(value.groupsToOverride) } : {}),
    ...(Array.isArray(value.iamRolesToOverride) ? { iamRolesToOverride: strings(value.iamRolesToOverride) } : {}),
    ...(value.preferredRole !== undefined ? { preferredRole: typeof value.preferredRole === "string" ? value.preferredRole : null } : {}),
  };
}

/** Claims with the function's additions and suppressions applied. */
export function applyClaims(claims: Record<string, unknown>, change: ClaimChanges): Record<string, unknown> {
  const out = { ...claims, ...change.add };
  for (const name of change.suppress) delete out[name];
  return out;
}
