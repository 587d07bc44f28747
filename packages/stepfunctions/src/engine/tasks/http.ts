/**
 * HTTP Task (arn:aws:states:::http:invoke, "Call HTTPS APIs in Step Functions workflows"):
 * a real request to ApiEndpoint with Method, Headers, QueryParameters and RequestBody
 * (URL-encoded when Transform.RequestBodyEncoding is URL_ENCODED). The result is
 * {Headers, ResponseBody, StatusCode, StatusText}: header values as lists, a JSON body
 * parsed. A non-2xx answer fails as States.Http.StatusCode.<code>. The EventBridge
 * connection (Authentication.ConnectionArn) is accepted but no credentials are sent locally.
 */
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { TaskError } from "../asl/ports.js";
import { HTTP_TASK_RANGE_END, HTTP_TASK_TIMEOUT_SECONDS } from "../../limits.js";

export type Fetch = typeof fetch;

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

/** Headers an HTTP Task may not set ("Call HTTPS APIs": Headers). */
const FORBIDDEN_HEADERS = new Set([
  "a-im", "accept-charset", "accept-datetime", "accept-encoding", "authorization", "cache-control", "connection",
  "content-encoding", "content-md5", "date", "expect", "forwarded", "from", "host", "http2-settings", "if-match",
  "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "max-forwards", "origin", "pragma",
  "proxy-authorization", "referer", "server", "te", "trailer", "transfer-encoding", "upgrade", "via", "warning",
]);

function forbidden(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_HEADERS.has(lower) || lower.startsWith("x-forwarded-") || lower.startsWith("x-amz-") || lower.startsWith("x-amzn-");
}

function runtime(cause: string): TaskError {
  return new TaskError("States.Runtime", cause);
}

function scalar(value: Json): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

type ArrayFormat = "INDICES" | "REPEAT" | "COMMAS" | "BRACKETS";

/** A URL-encoded body, nested keys and lists per Transform.RequestEncodingOptions.ArrayFormat. */
function urlEncoded(body: JsonObject, format: ArrayFormat): string {
  const pairs: [string, string][] = [];
  const add = (key: string, value: Json): void => {
    if (Array.isArray(value)) {
      if (format === "COMMAS") pairs.push([key, value.map(scalar).join(",")]);
      else value.forEach((v, i) => add(format === "INDICES" ? `${key}[${i}]` : format === "BRACKETS" ? `${key}[]` : key, v));
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    } else {
      pairs.push([key, value === null ? "" : scalar(value)]);
    }
  };
  for (const [k, v] of Object.entries(body)) add(k, v);
  // AWS's example: "description=Monthly%20subscription&metadata%5Border_details%5D=…".
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function request(parameters: Json, region: string, traceHeader: string | undefined): HttpRequest {
  const p: JsonObject = isObject(parameters) ? parameters : {};
  let url: URL;
  try {
    url = new URL(String(p.ApiEndpoint ?? ""));
  } catch {
    throw runtime(`The ApiEndpoint '${String(p.ApiEndpoint ?? "")}' is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw runtime(`The ApiEndpoint '${url.href}' is not a valid URL`);
  const method = typeof p.Method === "string" ? p.Method.toUpperCase() : "";
  if (!METHODS.includes(method)) throw runtime(`The Method '${String(p.Method ?? "")}' is not supported; use one of ${METHODS.join(", ")}`);
  const headers: Record<string, string> = {};
  if (isObject(p.Headers)) {
    for (const [name, value] of Object.entries(p.Headers)) {
      if (forbidden(name)) throw runtime(`The header '${name}' is not allowed in an HTTP Task`);
      headers[name] = Array.isArray(value) ? value.map(scalar).join(",") : scalar(value);
    }
  }
  if (typeof p.QueryParameters === "string") {
    for (const [name, value] of new URLSearchParams(p.QueryParameters)) url.searchParams.append(name, value);
  } else if (isObject(p.QueryParameters)) {
    for (const [name, value] of Object.entries(p.QueryParameters)) {
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, scalar(v));
    }
  }
  const transform = isObject(p.Transform) ? p.Transform : {};
  const options = isObject(transform.RequestEncodingOptions) ? transform.RequestEncodingOptions : {};
  const format = (typeof options.ArrayFormat === "string" ? options.ArrayFormat : "INDICES") as ArrayFormat;
  let body: string | undefined;
  if (p.RequestBody !== undefined && method !== "GET" && method !== "HEAD") {
    // URL-encoded bodies need the definition's own content-type header, as on AWS.
    if (transform.RequestBodyEncoding === "URL_ENCODED" && isObject(p.RequestBody)) body = urlEncoded(p.RequestBody, format);
    else body = typeof p.RequestBody === "string" ? p.RequestBody : JSON.stringify(p.RequestBody);
  }
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json; charset=UTF-8";
  // What AWS's HTTP Task sends with every request ("Call HTTPS APIs": Headers).
  headers["User-Agent"] = `Amazon|StepFunctions|HttpInvoke|${region}`;
  headers.Range = `bytes=0-${HTTP_TASK_RANGE_END}`;
  if (traceHeader !== undefined) headers["X-Amzn-Trace-Id"] = traceHeader;
  return { url, method, headers, body };
}

/**
 * The bytes the task's Range header asks for (bytes=0-262144): a server that ignores Range is
 * read no further, so an endless or huge body costs neither memory nor the task's timeout.
 */
async function rangeOf(res: Response): Promise<string> {
  if (!res.body) return "";
  const limit = HTTP_TASK_RANGE_END + 1;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    if (length >= limit) {
      await reader.cancel();
      break;
    }
  }
  const bytes = Buffer.concat(chunks, Math.min(length, limit));
  return new TextDecoder().decode(bytes);
}

function responseBody(contentType: string | null, text: string): Json {
  const media = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (media === "application/json" || media.endsWith("+json")) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

export async function httpInvoke(fetcher: Fetch, parameters: Json, region: string, traceHeader?: string): Promise<Json> {
  const req = request(parameters, region, traceHeader);
  let res: Response;
  let text: string;
  try {
    res = await fetcher(req.url, { method: req.method, headers: req.headers, body: req.body, redirect: "follow", signal: AbortSignal.timeout(HTTP_TASK_TIMEOUT_SECONDS * 1000) });
    text = await rangeOf(res);
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new TaskError(timedOut ? "States.Http.Socket" : "States.TaskFailed", timedOut ? "The HTTP request timed out" : causeOf(error));
  }
  // "Unsupported HTTP Task responses": binary content types fail the task with States.Runtime.
  const media = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (media === "application/octet-stream" || /^(image|video|audio)\//.test(media)) {
    throw runtime(`The HTTP response has the unsupported content type '${media}'`);
  }
  const headers: JsonObject = {};
  res.headers.forEach((value, name) => {
    headers[name] = name === "set-cookie" ? res.headers.getSetCookie() : [value];
  });
  const output: JsonObject = {
    Headers: headers,
    ResponseBody: responseBody(res.headers.get("content-type"), text),
    StatusCode: res.status,
    StatusText: res.statusText,
  };
  if (res.status < 200 || res.status >= 300) throw new TaskError(`States.Http.StatusCode.${res.status}`, JSON.stringify(output));
  return output;
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
