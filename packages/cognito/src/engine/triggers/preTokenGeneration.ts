/**
 * PreTokenGeneration: the event, and its response read by LambdaConfig.PreTokenGenerationConfig's
 * LambdaVersion — V1_0 (preTokenGenerationV1.ts) or V2_0 (preTokenGenerationV2.ts).
 */
import type { CognitoContext } from "../context.js";
import type { PoolState, User } from "../state.js";
import { clientMetadataOf, eventAttributes } from "./hooks.js";
import { isRecord, runTrigger, triggerArn } from "./invoke.js";
import { readV1Response, V1_RESPONSE } from "./preTokenGenerationV1.js";
import { readV2Response, V2_RESPONSE } from "./preTokenGenerationV2.js";
import type { GroupConfiguration, TokenOverrides } from "./tokenOverrides.js";

export { applyClaims, type TokenOverrides } from "./tokenOverrides.js";

export type TokenGenerationSource = "TokenGeneration_Authentication" | "TokenGeneration_RefreshTokens" | "TokenGeneration_NewPasswordChallenge" | "TokenGeneration_HostedAuth";

function lambdaVersion(pool: PoolState): string {
  const config = pool.pool.config.LambdaConfig;
  const pre = isRecord(config) && isRecord(config.PreTokenGenerationConfig) ? config.PreTokenGenerationConfig : undefined;
  return typeof pre?.LambdaVersion === "string" ? pre.LambdaVersion : "V1_0";
}

/** The function's changes to the tokens about to be signed, or undefined without a trigger. */
export async function preTokenGeneration(
  ctx: CognitoContext,
  pool: PoolState,
  user: User,
  clientId: string,
  source: TokenGenerationSource,
  groupConfiguration: GroupConfiguration,
  scopes: string[],
  clientMetadata?: unknown,
): Promise<TokenOverrides | undefined> {
  const arn = triggerArn(pool, "PreTokenGeneration");
  if (arn === undefined) return undefined;
  const v1 = lambdaVersion(pool) === "V1_0";
  const request = { userAttributes: eventAttributes(user), groupConfiguration, ...(v1 ? {} : { scopes }), ...clientMetadataOf(clientMetadata) };
  const response = await runTrigger(ctx, pool, arn, {
    trigger: "PreTokenGeneration",
    triggerSource: source,
    userName: user.username,
    clientId,
    version: v1 ? "1" : lambdaVersion(pool) === "V3_0" ? "3" : "2",
    request,
    response: v1 ? V1_RESPONSE : V2_RESPONSE,
  });
  return v1 ? readV1Response(response) : readV2Response(response);
}
