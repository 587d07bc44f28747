/**
 * CloudWatch on the wire: the awsJson 1.0 protocol current SDKs and the AWS CLI send
 * (X-Amz-Target "GraniteServiceVersion20100801.<Action>", awsQueryCompatible: errors carry
 * x-amzn-query-error), and the Query/XML protocol older SDKs, boto3 and AWS CLIs send
 * (Action=PutMetricData form posts). PutMetricData bodies may come gzip-compressed (the model's
 * requestCompression trait: the SDKs compress bodies of 10 KB and more).
 */
import { gunzipSync } from "node:zlib";
import {
  AwsError, UnknownOperationException, checkQueryScalars, coralJsonTypeRules, createValidator, dropNullMembers, invalidAction, jsonResponse, missingAction,
  parseJsonBody, queryErrorResponse, queryJsonErrorResponse, queryParams, queryResponse, readQueryInput, requestId,
  type EdgeRequest, type EdgeResponse, type Logger,
} from "@sam-sandbox/core";
import type { CloudWatchEngine } from "./engine/engine.js";
import { CLOUDWATCH_ACTIONS, cloudwatchModel } from "./generated/cloudwatch.js";
import { invalidParameterValue, notEmulated, requestEntityTooLarge } from "./errors.js";
import { MAX_INFLATED_BYTES, MAX_REQUEST_BYTES } from "./limits.js";

type Input = Record<string, unknown>;
type Action = (engine: CloudWatchEngine, input: Input) => unknown;

/** The input shape an engine method takes, once the model's checks have passed it. */
const as = <T>(input: Input): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  PutMetricData: (e, i) => e.putMetricData(as(i)),
  ListMetrics: (e, i) => e.listMetrics(as(i)),
  GetMetricStatistics: (e, i) => e.getMetricStatistics(as(i)),
  GetMetricData: (e, i) => e.getMetricData(as(i)),
  PutMetricAlarm: (e, i) => e.putMetricAlarm(as(i)),
  PutCompositeAlarm: (e, i) => e.putCompositeAlarm(as(i)),
  PutDashboard: (e, i) => e.putDashboard(as(i)),
  GetDashboard: (e, i) => e.getDashboard(as(i)),
  ListDashboards: (e, i) => e.listDashboards(as(i)),
  DeleteDashboards: (e, i) => e.deleteDashboards(as(i)),
  DescribeAlarms: (e, i) => e.describeAlarms(as(i)),
  DescribeAlarmsForMetric: (e, i) => e.describeAlarmsForMetric(as(i)),
  DeleteAlarms: (e, i) => e.deleteAlarms(as(i)),
  SetAlarmState: (e, i) => e.setAlarmState(as(i)),
  EnableAlarmActions: (e, i) => e.enableAlarmActions(as(i)),
  DisableAlarmActions: (e, i) => e.disableAlarmActions(as(i)),
  DescribeAlarmHistory: (e, i) => e.describeAlarmHistory(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  ListTagsForResource: (e, i) => e.listTagsForResource(as(i)),
};

/** X-Amz-Target prefix of the JSON protocol. */
export const JSON_TARGET_PREFIX = "GraniteServiceVersion20100801";

// CloudWatch answers constraint failures as ValidationError ("1 validation error detected: Value
// 'INVALID' at 'stateValue' failed to satisfy constraint: …", recorded on AWS).
// AWS prints StateValue's enum in this order (same recording).
const shapeOverrides = { StateValue: { values: ["INSUFFICIENT_DATA", "ALARM", "OK"] } };
const queryValidator = createValidator(cloudwatchModel, { errorCode: "ValidationError", shapeOverrides });
const jsonValidator = createValidator(cloudwatchModel, { errorCode: "ValidationError", shapeOverrides, jsonTypes: coralJsonTypeRules("com.amazonaws.cloudwatch") });

export type CloudWatchCall = (action: string, input: Input, json?: boolean) => Promise<unknown>;

/** Runs an action as the edge would: the model's checks, then the engine. */
export function createCloudWatchCall(engine: CloudWatchEngine): CloudWatchCall {
  return async (action, input, json = true) => {
    const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!handler) {
      if (CLOUDWATCH_ACTIONS.includes(action)) throw notEmulated(action);
      throw json ? new UnknownOperationException() : invalidAction();
    }
    const shape = cloudwatchModel.operations[action]?.input ?? "";
    if (json) dropNullMembers(cloudwatchModel, shape, input);
    else {
      if (action === "PutMetricData") specialDoubles(input);
      checkQueryScalars(cloudwatchModel, shape, input);
    }
    (json ? jsonValidator : queryValidator)(action, input);
    return handler(engine, input);
  };
}

const SPECIAL_DOUBLES = new Set(["NaN", "Infinity", "-Infinity"]);

/**
 * The Query form's "NaN" and "Infinity" are doubles to CloudWatch's parser, which PutMetricData
 * then refuses with its own text (moto and localstack quote AWS: "The value NaN for parameter
 * MetricData.member.1.Value is invalid."), not the Query APIs' generic one.
 */
function specialDoubles(input: Input): void {
  if (!Array.isArray(input.MetricData)) return;
  (input.MetricData as unknown[]).forEach((datum, i) => {
    if (typeof datum !== "object" || datum === null) return;
    const d = datum as Record<string, unknown>;
    const p = `MetricData.member.${i + 1}`;
    const check = (v: unknown, name: string) => {
      if (typeof v === "string" && SPECIAL_DOUBLES.has(v)) throw invalidParameterValue(`The value ${v} for parameter ${name} is invalid.`);
    };
    check(d.Value, `${p}.Value`);
    if (Array.isArray(d.Values)) d.Values.forEach((v, j) => check(v, `${p}.Values.member.${j + 1}`));
    if (Array.isArray(d.Counts)) d.Counts.forEach((v, j) => check(v, `${p}.Counts.member.${j + 1}`));
    const stats = d.StatisticValues;
    if (stats && typeof stats === "object") for (const [k, v] of Object.entries(stats)) check(v, `${p}.StatisticValues.${k}`);
  });
}

/** The request's body, inflated when gzip'd: at most MAX_REQUEST_BYTES (a small gzip body may inflate to gigabytes). */
function body(req: EdgeRequest): EdgeRequest {
  if ((req.headers["content-encoding"] ?? "").toLowerCase() !== "gzip") {
    if (req.body.length > MAX_REQUEST_BYTES) throw requestEntityTooLarge(req.body.length, MAX_REQUEST_BYTES);
    return req;
  }
  let inflated: Buffer;
  try {
    inflated = gunzipSync(req.body, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") throw requestEntityTooLarge(undefined, MAX_REQUEST_BYTES);
    throw new AwsError("SerializationException", "The request body could not be decompressed.", 400);
  }
  if (inflated.length > MAX_REQUEST_BYTES) throw requestEntityTooLarge(inflated.length, MAX_REQUEST_BYTES);
  return { ...req, body: inflated };
}

export function createCloudWatchWire(call: CloudWatchCall, logger: Logger) {
  const internal = (error: unknown): AwsError => {
    logger.error(`CloudWatch: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new AwsError("InternalServiceError", "Internal service error.", 500);
  };

  return async function handle(raw: EdgeRequest): Promise<EdgeResponse> {
    const id = requestId();
    const target = raw.headers["x-amz-target"];
    if (target !== undefined) {
      try {
        const req = body(raw);
        const action = target.startsWith(`${JSON_TARGET_PREFIX}.`) ? target.slice(JSON_TARGET_PREFIX.length + 1) : "";
        const output = await call(action, parseJsonBody(req.body), true);
        return jsonResponse({ version: "1.0" }, id, output ?? {});
      } catch (error) {
        return queryJsonErrorResponse(cloudwatchModel, id, error instanceof AwsError ? error : internal(error));
      }
    }
    try {
      const params = queryParams(body(raw));
      const action = params.get("Action");
      if (action === undefined || action === "") throw missingAction();
      const input = Object.hasOwn(cloudwatchModel.operations, action) ? readQueryInput(cloudwatchModel, action, params) : {};
      const output = await call(action, input, false);
      return queryResponse(cloudwatchModel, action, id, output);
    } catch (error) {
      return queryErrorResponse(cloudwatchModel, id, error instanceof AwsError ? error : internal(error));
    }
  };
}
