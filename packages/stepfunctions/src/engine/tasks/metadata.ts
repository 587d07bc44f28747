/**
 * The SdkHttpMetadata / SdkResponseMetadata members that optimized integrations
 * (lambda:invoke, dynamodb:*, sns:publish) add to their results, as AWS's Java SDK v1
 * reports them.
 */
import type { Json, JsonObject } from "../asl/json.js";

export function sdkMetadata(requestId: string, headers: Record<string, string>, status = 200): JsonObject {
  const all: JsonObject = {};
  for (const [k, v] of Object.entries(headers)) all[k] = [v];
  const single: JsonObject = {};
  for (const [k, v] of Object.entries(headers)) single[k] = v;
  return {
    SdkHttpMetadata: { AllHttpHeaders: all, HttpHeaders: single, HttpStatusCode: status },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

export function jsonHeaders(requestId: string, body: Json, nowMs: number, contentType = "application/x-amz-json-1.0"): Record<string, string> {
  return {
    "x-amzn-RequestId": requestId,
    Connection: "keep-alive",
    "Content-Length": String(Buffer.byteLength(JSON.stringify(body), "utf8")),
    Date: httpDate(nowMs),
    "Content-Type": contentType,
  };
}
