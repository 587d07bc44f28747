/**
 * PreTokenGeneration V2_0 (event version "2", request.scopes): response.claimsAndScopeOverrideDetails
 * changes ID and access token claims, the access token's scopes, and the groups.
 */
import { isRecord } from "./invoke.js";
import { changes, groupOverride, strings, type TokenOverrides } from "./tokenOverrides.js";

export const V2_RESPONSE = { claimsAndScopeOverrideDetails: null };

export function readV2Response(response: Record<string, unknown>): TokenOverrides {
  const details = isRecord(response.claimsAndScopeOverrideDetails) ? response.claimsAndScopeOverrideDetails : {};
  const access = isRecord(details.accessTokenGeneration) ? details.accessTokenGeneration : {};
  return {
    id: changes(details.idTokenGeneration),
    access: changes(access),
    scopesToAdd: strings(access.scopesToAdd),
    scopesToSuppress: strings(access.scopesToSuppress),
    groups: groupOverride(details.groupOverrideDetails),
  };
}
