/**
 * SetLogDeliveryConfiguration / GetLogDeliveryConfiguration: where a pool exports its
 * message-delivery errors (userNotification, ERROR, to CloudWatch Logs) and threat protection's
 * user activity (userAuthEvents, INFO, Plus plan). Kept and echoed; the sandbox prints its codes
 * and messages to the terminal and exports no log.
 */
import { FeatureUnavailableInTierException, InvalidParameterException } from "../../errors.js";
import { poolOf, type CognitoContext, type Input } from "../context.js";
import { featurePlan, writeExtras } from "../extras.js";

type Json = Record<string, unknown>;
const DESTINATIONS = ["CloudWatchLogsConfiguration", "S3Configuration", "FirehoseConfiguration"];

/**
 * LogConfigurationType: userNotification logs go at ERROR level to a CloudWatch log group;
 * userAuthEvents at INFO level, and they and the S3 and Firehose destinations need the Plus plan.
 * AWS's wording of these refusals was not found: the sandbox names the rule.
 */
function checkConfiguration(c: Json, plus: boolean): void {
  const destinations = DESTINATIONS.filter((d) => c[d] !== undefined);
  if (destinations.length !== 1) throw new InvalidParameterException("A log configuration must have exactly one destination.");
  if (c.EventSource === "userNotification") {
    if (c.LogLevel !== "ERROR") throw new InvalidParameterException("userNotification logs have the log level ERROR.");
    if (destinations[0] !== "CloudWatchLogsConfiguration") throw new InvalidParameterException("userNotification logs go to a CloudWatch Logs log group.");
    return;
  }
  if (!plus) throw new FeatureUnavailableInTierException();
  if (c.LogLevel !== "INFO") throw new InvalidParameterException("userAuthEvents logs have the log level INFO.");
}

export async function setLogDeliveryConfiguration(ctx: CognitoContext, input: Input): Promise<Json> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const configurations = Array.isArray(input.LogConfigurations) ? (input.LogConfigurations as Json[]) : [];
  const plus = featurePlan(pool) === "PLUS";
  for (const c of configurations) checkConfiguration(c, plus);
  const sources = configurations.map((c) => String(c.EventSource));
  if (new Set(sources).size !== sources.length) throw new InvalidParameterException("Each event source can have one log configuration.");
  await writeExtras(ctx, pool, { logConfigurations: configurations });
  return { LogDeliveryConfiguration: { UserPoolId: pool.pool.id, LogConfigurations: configurations } };
}

export function getLogDeliveryConfiguration(ctx: CognitoContext, input: Input): Json {
  const pool = poolOf(ctx, String(input.UserPoolId));
  return { LogDeliveryConfiguration: { UserPoolId: pool.pool.id, LogConfigurations: pool.extras.logConfigurations ?? [] } };
}
