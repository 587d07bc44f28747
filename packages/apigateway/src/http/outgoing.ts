/** A function's answer mapped to HTTP, before API Gateway adds its own headers. */
export interface MappedResponse {
  status: number;
  /** Names as the function wrote them; a name may repeat (Set-Cookie). */
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Parses the function's JSON result; undefined when it is not JSON. */
export function parsePayload(payload: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(payload.toString("utf8")) as unknown };
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * statusCode as a number, accepting numeric strings as API Gateway does; undefined when invalid.
 * A 1xx is an interim answer HTTP/1.1 cannot end an exchange with, so it is malformed too.
 */
export function statusOf(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return isFinalStatus(n) ? n : undefined;
}

/** A status a response can end with: 200 to 599 (1xx statuses are interim, 6xx are no HTTP status). */
export function isFinalStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 200 && status <= 599;
}

/** A header name HTTP can carry: an RFC 9110 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value HTTP/1.1 can carry: no control character but tab, no character past Latin-1 (RFC 9110 5.5). */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Whether every header can go on the wire. A function's "bad name" or "a\r\nb" header is a
 * malformed response (502 on REST APIs, 500 on HTTP APIs), never a header injected into the
 * answer nor a crash of the server writing it.
 */
export function carriable(headers: Array<[string, string]>): boolean {
  for (const [name, value] of headers) if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) return false;
  return true;
}

export function hasHeader(headers: Array<[string, string]>, name: string): boolean {
  const lower = name.toLowerCase();
  return headers.some(([k]) => k.toLowerCase() === lower);
}

/** The response body: a string (base64-decoded when the function says so), else nothing. */
export function bodyOf(body: unknown, base64: boolean): Buffer | undefined {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== "string") return undefined;
  return base64 ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
}

/** The base64 alphabet, with at most two padding characters at the end. */
const BASE64 = /^[A-Za-z0-9+/]*(={0,2})$/;

/**
 * Decodes base64 as strictly as API Gateway does: a body that is not base64 ("èé+à)(")
 * is an error (a 500 on AWS, AWS-validated test_aws_proxy_binary_response), where Node's
 * decoder would skip the bad characters. Padding is optional; if present it must complete
 * the last group. Undefined when the text is not base64.
 */
export function decodeBase64(text: string): Buffer | undefined {
  const match = BASE64.exec(text);
  if (!match) return undefined;
  const padding = match[1].length;
  const data = text.length - padding;
  if (data % 4 === 1 || (padding > 0 && text.length % 4 !== 0)) return undefined;
  return Buffer.from(text, "base64");
}

/**
 * Response headers API Gateway writes itself: an endpoint's, or a REST API's method response
 * header mapped onto one, come back as x-amzn-Remapped-<Name>, as AWS recorded it (localstack's
 * test_apigateway_integrations.py TestApiGatewayHeaderRemapping, HTTP, HTTP_PROXY and AWS).
 */
export const REMAPPED_RESPONSE_HEADERS = new Set([
  "authorization", "connection", "content-length", "content-md5", "date", "expect", "host", "max-forwards", "proxy-authenticate",
  "server", "trailer", "upgrade", "user-agent", "www-authenticate", "x-amzn-requestid",
]);

/** A REST API method response's mapped headers as AWS writes them: its own renamed x-amzn-Remapped-<Name>, Transfer-Encoding left out. */
export function remapReservedHeaders(pairs: Array<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (lower === "transfer-encoding") continue;
    out.push([REMAPPED_RESPONSE_HEADERS.has(lower) ? `x-amzn-Remapped-${name}` : name, value]);
  }
  return out;
}
