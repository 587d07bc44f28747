/**
 * Which IAM role GetCredentialsForIdentity's credentials stand for: the pool's role mapping for
 * the login's provider ("Token": cognito:preferred_role, or a CustomRoleArn listed in
 * cognito:roles; "Rules": the first matching rule), else the pool's authenticated or
 * unauthenticated role (Cognito developer guide, "Using role-based access control").
 */
import { ambiguousRoleDenied, InvalidIdentityPoolConfigurationException } from "../errors.js";
import { isRecord } from "./context.js";
import type { Login } from "./logins.js";
import type { IdentityPool } from "./state.js";

function claimText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(String).join(",");
  return undefined;
}

function ruleMatches(rule: Record<string, unknown>, claims: Record<string, unknown>): boolean {
  const claim = claims[String(rule.Claim)];
  const text = claimText(claim);
  const wanted = String(rule.Value);
  switch (rule.MatchType) {
    case "Equals":
      return text === wanted;
    case "NotEqual":
      return text !== undefined && text !== wanted;
    case "StartsWith":
      return text !== undefined && text.startsWith(wanted);
    case "Contains":
      return Array.isArray(claim) ? claim.map(String).includes(wanted) || (text ?? "").includes(wanted) : (text ?? "").includes(wanted);
    default:
      return false;
  }
}

/** The role a mapping picks, or undefined when it is ambiguous (no preferred role, no rule matched). */
function mappedRole(mapping: Record<string, unknown>, login: Login, customRoleArn: string | undefined): string | undefined {
  if (mapping.Type === "Token") {
    const roles = Array.isArray(login.claims["cognito:roles"]) ? login.claims["cognito:roles"].map(String) : [];
    if (customRoleArn !== undefined && roles.includes(customRoleArn)) return customRoleArn;
    const preferred = login.claims["cognito:preferred_role"];
    return typeof preferred === "string" ? preferred : undefined;
  }
  const rules = isRecord(mapping.RulesConfiguration) && Array.isArray(mapping.RulesConfiguration.Rules) ? mapping.RulesConfiguration.Rules.filter(isRecord) : [];
  const rule = rules.find((r) => ruleMatches(r, login.claims));
  return rule === undefined ? undefined : String(rule.RoleARN);
}

export function chooseRole(pool: IdentityPool, logins: Login[], customRoleArn: string | undefined): string {
  if (logins.length === 0) {
    const role = pool.roles.unauthenticated;
    if (role === undefined) throw new InvalidIdentityPoolConfigurationException();
    return role;
  }
  for (const login of logins) {
    const mapping = pool.roleMappings[login.clientId === undefined ? login.provider : `${login.provider}:${login.clientId}`] ?? pool.roleMappings[login.provider];
    if (!isRecord(mapping)) continue;
    const role = mappedRole(mapping, login, customRoleArn);
    if (role !== undefined) return role;
    if (mapping.AmbiguousRoleResolution === "Deny") throw ambiguousRoleDenied();
  }
  const role = customRoleArn ?? pool.roles.authenticated;
  if (role === undefined) throw new InvalidIdentityPoolConfigurationException();
  return role;
}
