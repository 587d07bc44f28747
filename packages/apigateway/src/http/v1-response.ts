import { bodyOf, carriable, decodeBase64, hasHeader, isRecord, type MappedResponse, parsePayload, statusOf } from "./outgoing.js";

/** A REST API result whose body should be decoded but is not base64: API Gateway answers 500 (AWS-validated). */
export const INVALID_BASE64 = "invalid-base64";

/** The only members a REST API's payload format 1.0 result may have; anything else is malformed. */
const MEMBERS = new Set(["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]);

/**
 * Maps a payload format 1.0 result ({statusCode, headers, multiValueHeaders, body,
 * isBase64Encoded}) to HTTP. headers and multiValueHeaders merge; for a name in
 * both, only the multiValueHeaders values are sent. Undefined for a malformed
 * result: REST APIs answer 502, HTTP APIs 500. The two validate differently (AWS-validated
 * test_aws_proxy_response_payload_format_validation[_v1] in localstack's suites): a REST API
 * refuses unknown members and takes a missing statusCode as 200; an HTTP API ignores unknown
 * members and refuses a result without statusCode.
 */
export function v1Response(
  payload: Buffer,
  options: { kind: "rest" | "http"; defaultContentType: string; decodeBase64: (contentType: string | undefined) => boolean },
): MappedResponse | undefined | typeof INVALID_BASE64 {
  const parsed = parsePayload(payload);
  if (!parsed || !isRecord(parsed.value)) return undefined;
  const result = parsed.value;
  if (options.kind === "rest" && Object.keys(result).some((k) => !MEMBERS.has(k))) return undefined;

  const missing = result.statusCode === undefined || result.statusCode === null;
  if (missing && options.kind === "http") return undefined;
  const status = missing ? 200 : statusOf(result.statusCode);
  if (status === undefined) return undefined;

  const multi = new Map<string, Array<[string, string]>>();
  if (result.multiValueHeaders !== undefined && result.multiValueHeaders !== null) {
    if (!isRecord(result.multiValueHeaders)) return undefined;
    for (const [name, values] of Object.entries(result.multiValueHeaders)) {
      // A single string where a list belongs is malformed (502 REST, 500 HTTP, AWS-validated).
      if (!Array.isArray(values) || values.some((v) => !isHeaderValue(v))) return undefined;
      multi.set(name.toLowerCase(), values.map((v: string | boolean) => [name, String(v)]));
    }
  }
  const headers: Array<[string, string]> = [];
  if (result.headers !== undefined && result.headers !== null) {
    if (!isRecord(result.headers)) return undefined;
    for (const [name, value] of Object.entries(result.headers)) {
      if (!isHeaderValue(value)) return undefined;
      if (!multi.has(name.toLowerCase())) headers.push([name, String(value)]);
    }
  }
  for (const values of multi.values()) headers.push(...values);
  if (!carriable(headers)) return undefined;
  if (!hasHeader(headers, "content-type")) headers.push(["Content-Type", options.defaultContentType]);

  if (result.isBase64Encoded !== undefined && result.isBase64Encoded !== null && typeof result.isBase64Encoded !== "boolean") return undefined;
  const contentType = headers.find(([k]) => k.toLowerCase() === "content-type")?.[1];
  const decode = result.isBase64Encoded === true && options.decodeBase64(contentType);
  if (decode && options.kind === "rest" && typeof result.body === "string") {
    const bytes = decodeBase64(result.body);
    return bytes ? { status, headers, body: bytes } : INVALID_BASE64;
  }
  const body = bodyOf(result.body, decode);
  if (!body) return undefined;
  return { status, headers, body };
}

/** Header values are strings or booleans (true → "true"); numbers and objects are malformed. */
function isHeaderValue(value: unknown): value is string | boolean {
  return typeof value === "string" || typeof value === "boolean";
}
