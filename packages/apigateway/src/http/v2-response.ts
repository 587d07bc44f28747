import { bodyOf, hasHeader, isRecord, type MappedResponse, parsePayload, statusOf } from "./outgoing.js";

/** What HTTP APIs send when the function sets no Content-Type. */
const DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";

/**
 * Maps a payload format 2.0 result to HTTP. An object with statusCode is a full
 * response (headers, cookies as Set-Cookie lines, body, isBase64Encoded); any other
 * JSON value is the body of a 200 application/json response, as API Gateway infers.
 * Undefined when the result cannot be mapped (the caller answers 500). Lambda function
 * URLs map results the same way, with application/json as their default Content-Type.
 */
export function v2Response(payload: Buffer, defaultContentType = DEFAULT_CONTENT_TYPE): MappedResponse | undefined {
  const parsed = parsePayload(payload);
  return parsed ? mapResult(parsed.value, payload, defaultContentType) : undefined;
}

function mapResult(result: unknown, payload: Buffer, defaultContentType: string): MappedResponse | undefined {
  if (!isRecord(result) || !("statusCode" in result)) {
    const body = typeof result === "string" ? result : payload.toString("utf8");
    return { status: 200, headers: [["content-type", "application/json"]], body: Buffer.from(body, "utf8") };
  }

  const status = statusOf(result.statusCode);
  if (status === undefined) return undefined;
  const headers: Array<[string, string]> = [];
  if (result.headers !== undefined && result.headers !== null) {
    if (!isRecord(result.headers)) return undefined;
    for (const [name, value] of Object.entries(result.headers)) {
      if (value === null || value === undefined) continue;
      if (typeof value === "object") return undefined;
      headers.push([name, String(value)]);
    }
  }
  if (result.cookies !== undefined && result.cookies !== null) {
    if (!Array.isArray(result.cookies)) return undefined;
    for (const cookie of result.cookies) headers.push(["set-cookie", String(cookie)]);
  }
  const body = bodyOf(result.body, result.isBase64Encoded === true);
  if (!body) return undefined;
  if (!hasHeader(headers, "content-type")) headers.push(["content-type", defaultContentType]);
  return { status, headers, body };
}

/**
 * An HTTP API route's payload format 2.0 result. Unlike a function URL, API Gateway takes
 * an object that looks like a Lambda error ({"errorMessage": …}, without statusCode) for a
 * failure and answers 500 (AWS-validated test_aws_proxy_response_payload_format_validation_v2
 * in localstack's suites); anything else maps as v2Response does.
 */
export function httpApiV2Response(payload: Buffer): MappedResponse | undefined {
  const parsed = parsePayload(payload);
  if (!parsed) return undefined;
  const result = parsed.value;
  if (isRecord(result) && !("statusCode" in result) && "errorMessage" in result) return undefined;
  return mapResult(result, payload, DEFAULT_CONTENT_TYPE);
}
