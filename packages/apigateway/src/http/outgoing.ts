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

/** statusCode as a number, accepting numeric strings as API Gateway does; undefined when invalid. */
export function statusOf(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
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
