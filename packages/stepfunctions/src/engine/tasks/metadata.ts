/**
 * The SdkHttpMetadata / SdkResponseMetadata members that optimized integrations
 * (lambda:invoke, dynamodb:*, sns:publish) add to their results, as AWS's Java SDK v1
 * reports them.
 */
import type { Json, JsonObject } from "../asl/json.js";

export function sdkMetadata(requestId: string, headers: Record<string, string>, status = 200): JsonObject {
  const all: JsonObject = {};
  for (const [k, v] of Object.entries(headers)) all[k] = [v];
  // HttpHeaders is the SDK's case-insensitive TreeMap: names in case-insensitive order
  // (LocalStack's AWS-recorded test_heartbeats and test_lambda_task_service outputs).
  const single: JsonObject = {};
  const names = Object.keys(headers).sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const k of names) single[k] = headers[k];
  return {
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: single, HttpStatusCode: status },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** `connection`: the header's name as the service spells it (SQS answers a lowercase "connection"). */
export function jsonHeaders(requestId: string, body: Json, nowMs: number, contentType = "application/x-amz-json-1.0", connection = "Connection"): Record<string, string> {
  return {
    "x-amzn-RequestId": requestId,
    [connection]: "keep-alive",
    "Content-Length": String(Buffer.byteLength(JSON.stringify(body), "utf8")),
    Date: httpDate(nowMs),
    "Content-Type": contentType,
  };
}
