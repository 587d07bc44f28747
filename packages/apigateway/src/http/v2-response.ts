import { bodyOf, carriable, hasHeader, isRecord, type MappedResponse, parsePayload, statusOf } from "./outgoing.js";

/** What HTTP APIs send when the function sets no Content-Type. */
const DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";

/**
 * Maps a payload format 2.0 result to HTTP. An object with statusCode is a full
 * response (headers, cookies as Set-Cookie lines, body, isBase64Encoded); any other
 * JSON value is the body of a 200 application/json response, as API Gateway infers.
 * Undefined when the result cannot be mapped (the caller answers 500). Lambda function
 * URLs map results the same way, with application/json as their default Content-Type, and
 * send an inferred JSON body re-serialized compactly (`compactInferred`).
 */
export function v2Response(payload: Buffer, defaultContentType = DEFAULT_CONTENT_TYPE, compactInferred = false): MappedResponse | undefined {
  const parsed = parsePayload(payload);
  return parsed ? mapResult(parsed.value, payload, defaultContentType, compactInferred) : undefined;
}

function mapResult(result: unknown, payload: Buffer, defaultContentType: string, compactInferred = false): MappedResponse | undefined {
  if (!isRecord(result) || !("statusCode" in result)) {
    const body = typeof result === "string" ? Buffer.from(result, "utf8") : compactInferred ? compactJson(payload) : payload;
    return { status: 200, headers: [["content-type", "application/json"]], body };
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
  if (!carriable(headers)) return undefined;
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

// JSON's insignificant whitespace (RFC 8259): space, tab, line feed, carriage return.
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A JSON text without the whitespace between its tokens: {"hello": "world"} → {"hello":"world"}
 * (localstack test_lambda_url_invocation, recorded on AWS: a Python function's {"hello": "world"}
 * comes back from its function URL with Content-Length 17, ["hello", 3, True] as ["hello",3,true]).
 * Strings and numbers stay byte for byte; a text that is compact already is returned as is.
 */
export function compactJson(json: Buffer): Buffer {
  let first = -1;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === SPACE || byte === TAB || byte === LF || byte === CR) {
      first = i;
      break;
    }
  }
  if (first < 0) return json;
  const out = Buffer.allocUnsafe(json.length);
  json.copy(out, 0, 0, first);
  let length = first;
  inString = false;
  for (let i = first; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH && i + 1 < json.length) {
        out[length++] = byte;
        out[length++] = json[++i];
        continue;
      }
      if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === SPACE || byte === TAB || byte === LF || byte === CR) continue;
    out[length++] = byte;
  }
  return out.subarray(0, length);
}
