/**
 * SetPrincipalTagAttributeMap / GetPrincipalTagAttributeMap ("attributes for access control"):
 * per provider, which token claims become session tags of GetCredentialsForIdentity's
 * credentials. IAM is not enforced in the sandbox, so the tags are computed and logged (--verbose).
 */
import { DEFAULT_PRINCIPAL_TAGS } from "../limits.js";
import { isRecord, poolOf, stringMap, write, type IdentityContext, type Input, type Output } from "./context.js";
import type { Login } from "./logins.js";
import type { IdentityPool, PrincipalTagMap } from "./state.js";

function answer(pool: IdentityPool, provider: string, map: PrincipalTagMap | undefined): Output {
  return { IdentityPoolId: pool.id, IdentityProviderName: provider, UseDefaults: map?.useDefaults ?? false, PrincipalTags: map?.tags ?? {} };
}

export async function setPrincipalTagAttributeMap(ctx: IdentityContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const provider = String(input.IdentityProviderName);
  const map: PrincipalTagMap = { useDefaults: input.UseDefaults === true, tags: stringMap(input.PrincipalTags) };
  await write(ctx, { t: "pool", pool: { ...pool, principalTagMaps: { ...pool.principalTagMaps, [provider]: map } } });
  return answer(pool, provider, map);
}

export function getPrincipalTagAttributeMap(ctx: IdentityContext, input: Input): Output {
  const pool = poolOf(ctx, input.IdentityPoolId);
  const provider = String(input.IdentityProviderName);
  return answer(pool, provider, pool.principalTagMaps?.[provider]);
}

function claimText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** The PrincipalTags of a GetOpenIdTokenForDeveloperIdentity token ({"https://aws.amazon.com/tags": {principal_tags: {k: [v]}}}). */
function developerTags(claims: Record<string, unknown>): Record<string, string> {
  const tags = claims["https://aws.amazon.com/tags"];
  const principal = isRecord(tags) && isRecord(tags.principal_tags) ? tags.principal_tags : {};
  return Object.fromEntries(Object.entries(principal).flatMap(([key, values]) => (Array.isArray(values) && typeof values[0] === "string" ? [[key, values[0]]] : [])));
}

/** The session tags of the logins' credentials: each provider's map applied to its token's claims. */
export function sessionTags(pool: IdentityPool, logins: Login[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const login of logins) {
    Object.assign(tags, developerTags(login.claims));
    const map = pool.principalTagMaps?.[login.provider];
    if (!map) continue;
    const claimOf = map.useDefaults ? DEFAULT_PRINCIPAL_TAGS : map.tags;
    for (const [tag, claim] of Object.entries(claimOf)) {
      const value = claimText(login.claims[claim]);
      if (value !== undefined) tags[tag] = value;
    }
  }
  return tags;
}
