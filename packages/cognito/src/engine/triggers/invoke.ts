/**
 * Runs one user-pool Lambda trigger as Cognito does: a synchronous invoke of the function in
 * the pool's LambdaConfig with the documented event ({ version, triggerSource, region,
 * userPoolId, userName, callerContext, request, response }), whose answered `response` counts.
 */
import { AwsError, type LambdaInvokeResult } from "@sam-sandbox/core";
import { invalidLambdaJson, triggerFailed, UnexpectedLambdaException, unrecognizableLambdaOutput } from "../../errors.js";
import type { CognitoContext } from "../context.js";
import type { PoolState } from "../state.js";

/** LambdaConfig members that name a trigger function (PreTokenGenerationConfig is read apart). */
export type TriggerName =
  | "PreSignUp"
  | "PostConfirmation"
  | "PreAuthentication"
  | "PostAuthentication"
  | "PreTokenGeneration"
  | "CustomMessage"
  | "UserMigration"
  | "DefineAuthChallenge"
  | "CreateAuthChallenge"
  | "VerifyAuthChallengeResponse";

// The SDK a trigger's callerContext names when Cognito cannot tell (as AWS sends for unknown clients).
const UNKNOWN_SDK = "aws-sdk-unknown-unknown";

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The function ARN configured for a trigger, if any (PreTokenGenerationConfig's LambdaArn wins for PreTokenGeneration). */
export function triggerArn(pool: PoolState, trigger: TriggerName): string | undefined {
  const config = pool.pool.config.LambdaConfig;
  if (!isRecord(config)) return undefined;
  if (trigger === "PreTokenGeneration" && isRecord(config.PreTokenGenerationConfig) && typeof config.PreTokenGenerationConfig.LambdaArn === "string") {
    return config.PreTokenGenerationConfig.LambdaArn;
  }
  const arn = config[trigger];
  return typeof arn === "string" && arn !== "" ? arn : undefined;
}

export interface TriggerCall {
  trigger: TriggerName;
  triggerSource: string;
  userName: string;
  clientId?: string;
  request: Json;
  response: Json;
  /** "1" for every trigger but PreTokenGeneration V2_0 ("2") and V3_0 ("3"). */
  version?: string;
}

/** Invokes the trigger (configured: see triggerArn) and answers the function's `response`. */
export async function runTrigger(ctx: CognitoContext, pool: PoolState, arn: string, call: TriggerCall): Promise<Json> {
  const event = {
    version: call.version ?? "1",
    triggerSource: call.triggerSource,
    region: ctx.region,
    userPoolId: pool.pool.id,
    userName: call.userName,
    callerContext: { awsSdkVersion: UNKNOWN_SDK, clientId: call.clientId ?? "CLIENT_ID_NOT_APPLICABLE" },
    request: call.request,
    response: call.response,
  };
  if (!ctx.invoker) throw new UnexpectedLambdaException(`${call.trigger} invocation failed due to error AccessDeniedException.`);
  let result: LambdaInvokeResult;
  try {
    result = await ctx.invoker.invoke({ functionName: arn, payload: Buffer.from(JSON.stringify(event)), invocationType: "RequestResponse", source: "cognito-idp" });
  } catch (error) {
    // A function Lambda cannot run (missing, not permitted): "PostAuthentication invocation failed due to error AccessDeniedException."
    const code = error instanceof AwsError ? error.code : error instanceof Error ? error.message : String(error);
    throw new UnexpectedLambdaException(`${call.trigger} invocation failed due to error ${code}.`);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(result.payload.toString("utf8"));
  } catch {
    if (result.functionError) throw triggerFailed(call.trigger, result.payload.toString("utf8"));
    throw invalidLambdaJson();
  }
  if (result.functionError) {
    const message = isRecord(answer) && typeof answer.errorMessage === "string" ? answer.errorMessage : result.functionError;
    throw triggerFailed(call.trigger, message);
  }
  if (!isRecord(answer)) throw invalidLambdaJson();
  const response = answer.response;
  if (response === undefined || response === null) return {};
  if (!isRecord(response)) throw unrecognizableLambdaOutput();
  return response;
}

/** Runs the trigger when the pool configures one; answers undefined otherwise. */
export async function maybeTrigger(ctx: CognitoContext, pool: PoolState, call: TriggerCall): Promise<Json | undefined> {
  const arn = triggerArn(pool, call.trigger);
  return arn === undefined ? undefined : runTrigger(ctx, pool, arn, call);
}

export { isRecord };

/** A string map from a trigger's response member (non-strings dropped). */
export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}
