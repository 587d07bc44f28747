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
