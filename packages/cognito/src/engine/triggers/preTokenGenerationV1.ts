/** PreTokenGeneration V1_0 (event version "1"): response.claimsOverrideDetails changes the ID token and the groups. */
import { isRecord } from "./invoke.js";
import { changes, groupOverride, type TokenOverrides } from "./tokenOverrides.js";

export const V1_RESPONSE = { claimsOverrideDetails: null };

export function readV1Response(response: Record<string, unknown>): TokenOverrides {
  const details = isRecord(response.claimsOverrideDetails) ? response.claimsOverrideDetails : {};
  return { id: changes(details), access: { add: {}, suppress: [] }, scopesToAdd: [], scopesToSuppress: [], groups: groupOverride(details.groupOverrideDetails) };
}
