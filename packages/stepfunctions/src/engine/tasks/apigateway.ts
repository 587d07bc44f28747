/**
 * arn:aws:states:::apigateway:invoke[.waitForTaskToken] ("Create API Gateway REST APIs with
 * Step Functions"): a request to https://<ApiEndpoint>/<Stage>/<Path> with Headers and
 * QueryParameters (lists of values) and RequestBody sent as JSON. The result is {Headers,
 * ResponseBody, StatusCode, StatusText}: header values as lists, a JSON answer parsed. An
 * answer of 400 or above fails the task as ApiGateway.<status> with the answer's body as the
 * cause (LocalStack's test_apigetway_task_service, recorded on AWS: "ApiGateway.403",
 * {"message":"Missing Authentication Token"}). AuthType is accepted; nothing is signed locally.
 */
import { httpSend } from "@sam-sandbox/core";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { TaskError } from "../asl/ports.js";
import { HTTP_TASK_TIMEOUT_SECONDS } from "../../limits.js";

export interface ApiRequest {
  readonly url: URL;
  readonly method: string;
  /** Name → values, in the definition's casing. */
  readonly headers: Record<string, string[]>;
  readonly body?: string;
}

export interface ApiAnswer {
  readonly status: number;
  readonly statusText: string;
  /** Header names as the server cased them ("x-amzn-RequestId"), each with its values. */
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

/** The network port of apigateway:invoke: one request, its answer with the headers' own casing. */
export type ApiSend = (req: ApiRequest) => Promise<ApiAnswer>;

/** Node's http(s) client (core's httpSend): unlike fetch it keeps the answer's header names as sent (AWS's output has "Content-Type", "x-amzn-RequestId"). */
export const nodeApiSend: ApiSend = async (req) => {
  const length = req.body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(req.body, "utf8")) };
  const answer = await httpSend(req.url, {
    method: req.method,
    headers: { ...req.headers, ...length },
    body: req.body,
    idleTimeout: { ms: HTTP_TASK_TIMEOUT_SECONDS * 1000, message: "The API Gateway request timed out" },
  });
  return { status: answer.status, statusText: answer.statusText, headers: grouped(answer.headers), body: answer.body.toString("utf8") };
};

/** Node's transport headers that API Gateway's answer (through CloudFront) does not carry. */
const HOP_HEADERS = new Set(["keep-alive", "transfer-encoding"]);

function grouped(headers: Array<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of headers) {
    if (HOP_HEADERS.has(name.toLowerCase())) continue;
    (out[name] ??= []).push(value);
  }
  return out;
}

/** The local base URL ("http://127.0.0.1:3000") of an API id the host serves, else undefined. */
export type ApiUrlResolver = (apiId: string) => string | undefined;

const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]);
/** "RequestBody … Only supported for PATCH, POST, and PUT" (connect-api-gateway.html). */
const BODY_METHODS = new Set(["PATCH", "POST", "PUT"]);
const AUTH_TYPES = new Set(["NO_AUTH", "IAM_ROLE", "RESOURCE_POLICY"]);

/** Headers the integration refuses (connect-api-gateway.html, Headers). */
const FORBIDDEN_HEADERS = new Set([
  "authorization", "connection", "content-md5", "expect", "host", "max-forwards", "proxy-authenticate", "server", "te",
  "transfer-encoding", "trailer", "upgrade", "via", "www-authenticate",
]);

/** <API ID>.execute-api.<region>.amazonaws.com: the ApiEndpoint form AWS documents. */
const EXECUTE_API_HOST = /^([a-z0-9]{10})\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;

function runtime(cause: string): TaskError {
  return new TaskError("States.Runtime", cause);
}

function scalar(value: Json): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function values(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}

/** The URL the call goes to: an API the sandbox serves answers on its app port. */
function urlOf(p: JsonObject, resolve: ApiUrlResolver | undefined): URL {
  const endpoint = typeof p.ApiEndpoint === "string" ? p.ApiEndpoint : "";
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    throw runtime(`The ApiEndpoint '${endpoint}' is not a valid URL`);
  }
  const apiId = EXECUTE_API_HOST.exec(url.hostname)?.[1];
  const local = apiId === undefined ? undefined : resolve?.(apiId);
  if (local !== undefined) {
    const base = new URL(local);
    url.protocol = base.protocol;
    url.host = base.host;
  }
  const stage = typeof p.Stage === "string" && p.Stage !== "$default" ? p.Stage : "";
  const path = typeof p.Path === "string" ? p.Path : "";
  const parts = [url.pathname, stage, path].map((s) => s.replace(/^\/+|\/+$/g, "")).filter((s) => s !== "");
  url.pathname = `/${parts.join("/")}`;
  if (isObject(p.QueryParameters)) {
    for (const [name, value] of Object.entries(p.QueryParameters)) {
      for (const v of values(value)) {
        // Null values are left out unless AllowNullValues is true (connect-api-gateway.html).
        if (v === null && p.AllowNullValues !== true) continue;
        url.searchParams.append(name, v === null ? "" : scalar(v));
      }
    }
  }
  return url;
}

function headersOf(p: JsonObject, hasBody: boolean, traceHeader: string | undefined): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  if (isObject(p.Headers)) {
    for (const [name, value] of Object.entries(p.Headers)) {
      const lower = name.toLowerCase();
      if (FORBIDDEN_HEADERS.has(lower) || lower.startsWith("x-forwarded") || lower.startsWith("x-amz")) {
        throw runtime(`The 'Headers' field contains unsupported values: ${name}`);
      }
      // A body always goes as JSON, whatever Content-Type the definition names.
      if (hasBody && lower === "content-type") continue;
      headers[name] = values(value).map(scalar);
    }
  }
  if (hasBody) headers["Content-Type"] = ["application/json"];
  if (!Object.keys(headers).some((h) => h.toLowerCase() === "accept")) headers.Accept = ["application/json"];
  if (traceHeader !== undefined) headers["X-Amzn-Trace-Id"] = [traceHeader];
  return headers;
}

function bodyOf(text: string, headers: Record<string, string[]>): Json {
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1][0] ?? "";
  const media = contentType.split(";")[0].trim().toLowerCase();
  if (media !== "application/json" && !media.endsWith("+json")) return text;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

export async function apiGatewayInvoke(send: ApiSend, resolve: ApiUrlResolver | undefined, parameters: Json, traceHeader?: string): Promise<Json> {
  const p: JsonObject = isObject(parameters) ? parameters : {};
  const method = typeof p.Method === "string" ? p.Method : "";
  if (!METHODS.has(method)) throw runtime(`The Method '${method}' is not supported; use one of ${[...METHODS].join(", ")}`);
  if (p.AuthType !== undefined && (typeof p.AuthType !== "string" || !AUTH_TYPES.has(p.AuthType))) {
    throw runtime(`The AuthType '${scalar(p.AuthType)}' is not supported; use one of ${[...AUTH_TYPES].join(", ")}`);
  }
  const url = urlOf(p, resolve);
  // A RequestBody goes as JSON: "HelloWorld" arrives as "\"HelloWorld\"" (test_invoke_with_body_post, recorded on AWS).
  const body = p.RequestBody !== undefined && p.RequestBody !== null && BODY_METHODS.has(method) ? JSON.stringify(p.RequestBody) : undefined;
  const headers = headersOf(p, body !== undefined, traceHeader);
  let answer: ApiAnswer;
  try {
    answer = await send({ url, method, headers, ...(body !== undefined ? { body } : {}) });
  } catch (error) {
    throw new TaskError("States.TaskFailed", causeOf(error));
  }
  if (answer.status >= 400) throw new TaskError(`ApiGateway.${answer.status}`, answer.body);
  return { Headers: answer.headers, ResponseBody: bodyOf(answer.body, answer.headers), StatusCode: answer.status, StatusText: answer.statusText };
}
