/**
 * Lambda integrations: arn:aws:states:::lambda:invoke (result wrapped as AWS does:
 * ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode) and a bare
 * function ARN (result = the function's payload). A function error becomes the
 * function's errorType with its error payload as Cause.
 */
import { uuid, type Clock, type InvocationType, type LambdaInvokeResult, type LambdaInvoker } from "@sam-sandbox/core";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { TaskError } from "../asl/ports.js";
import { optimizedError } from "./errors.js";
import { httpDate } from "./metadata.js";

function parsePayload(payload: Buffer): Json {
  const text = payload.toString("utf8");
  if (text === "") return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** The payload bytes sent to the function (a JSON string Payload is sent as is). */
function payloadBytes(payload: Json | undefined): Buffer {
  if (payload === undefined || payload === null) return Buffer.from("{}");
  if (typeof payload === "string") {
    try {
      JSON.parse(payload);
      return Buffer.from(payload);
    } catch {
      return Buffer.from(JSON.stringify(payload));
    }
  }
  return Buffer.from(JSON.stringify(payload));
}

/**
 * A function error: its errorType names the error. lambda:invoke re-serializes the payload
 * compactly as the cause; a bare function ARN passes the payload text on as the runtime wrote
 * it (test_task_lambda vs test_task_service_lambda, recorded: `{"errorMessage": "…", …}`).
 */
export function functionError(result: LambdaInvokeResult, causeAsSent = false): TaskError {
  const text = result.payload.toString("utf8");
  const parsed = parsePayload(result.payload);
  if (isObject(parsed) && typeof parsed.errorType === "string") return new TaskError(parsed.errorType, causeAsSent ? text : JSON.stringify(parsed));
  return new TaskError(
    "Lambda.Unknown",
    `The cause could not be determined because Lambda did not return an error type. Returned payload: ${text}`,
  );
}

async function call(invoker: LambdaInvoker, request: Parameters<LambdaInvoker["invoke"]>[0]): Promise<LambdaInvokeResult> {
  try {
    return await invoker.invoke(request);
  } catch (error) {
    throw optimizedError("lambda", error);
  }
}

export async function invokeFunctionArn(invoker: LambdaInvoker, arn: string, input: Json, traceHeader?: string): Promise<Json> {
  let result: LambdaInvokeResult;
  try {
    result = await invoker.invoke({ functionName: arn, payload: Buffer.from(JSON.stringify(input)), source: "states", traceHeader });
  } catch (error) {
    throw optimizedError("lambda", error);
  }
  if (result.functionError) throw functionError(result, true);
  return parsePayload(result.payload);
}

export async function lambdaInvoke(invoker: LambdaInvoker, clock: Clock, parameters: Json, traceHeader?: string): Promise<Json> {
  const p: JsonObject = isObject(parameters) ? parameters : {};
  if (typeof p.FunctionName !== "string") throw new TaskError("States.Runtime", "The field 'FunctionName' is required");
  const invocationType = typeof p.InvocationType === "string" ? (p.InvocationType as InvocationType) : undefined;
  const result = await call(invoker, {
    functionName: p.FunctionName,
    payload: payloadBytes(p.Payload),
    invocationType,
    qualifier: typeof p.Qualifier === "string" ? p.Qualifier : undefined,
    clientContext: typeof p.ClientContext === "string" ? p.ClientContext : undefined,
    logType: p.LogType === "Tail" ? "Tail" : "None",
    source: "states",
    traceHeader,
  });
  if (result.functionError) throw functionError(result);
  const requestId = uuid();
  const bodyLength = String(result.payload.length);
  const date = httpDate(clock.now());
  const traceId = `root=1-${Math.floor(clock.now() / 1000).toString(16)}-${uuid().replace(/-/g, "").slice(0, 24)};sampled=0`;
  const out: JsonObject = { ExecutedVersion: result.executedVersion };
  if (result.logTail !== undefined) out.LogResult = result.logTail;
  out.Payload = parsePayload(result.payload);
  out.SdkHttpMetadata = {
    // With LogType Tail the log tail comes back as a header too (test_invoke_unsupported_param, recorded).
    AllHttpHeaders: {
      ...(result.logTail === undefined ? {} : { "X-Amz-Log-Result": [result.logTail] }),
      "X-Amz-Executed-Version": [result.executedVersion],
      "x-amzn-Remapped-Content-Length": ["0"],
      Connection: ["keep-alive"],
      "x-amzn-RequestId": [requestId],
      "Content-Length": [bodyLength],
      Date: [date],
      "X-Amzn-Trace-Id": [traceId],
      "Content-Type": ["application/json"],
    },
    HttpHeaders: {
      Connection: "keep-alive",
      "Content-Length": bodyLength,
      "Content-Type": "application/json",
      Date: date,
      "X-Amz-Executed-Version": result.executedVersion,
      ...(result.logTail === undefined ? {} : { "X-Amz-Log-Result": result.logTail }),
      "x-amzn-Remapped-Content-Length": "0",
      "x-amzn-RequestId": requestId,
      "X-Amzn-Trace-Id": traceId,
    },
    HttpStatusCode: result.statusCode,
  };
  out.SdkResponseMetadata = { RequestId: requestId };
  out.StatusCode = result.statusCode;
  return out;
}
