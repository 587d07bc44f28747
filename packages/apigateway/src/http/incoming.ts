import type { EdgeRequest } from "@sam-sandbox/core";
import type { ApiConfig } from "../config.js";
import { DEFAULT_STAGE } from "../limits.js";
import type { CompiledRoute } from "../router.js";
import { safeDecode } from "../router.js";

/** Everything a payload format needs to build the Lambda event for one request. */
export interface EventInput {
  api: ApiConfig;
  route: CompiledRoute;
  pathParameters: Record<string, string>;
  method: string;
  /** The path the route matched, without the stage prefix, percent-encoded as received. */
  path: string;
  /** REST APIs: the path after the stage exactly as received, when it differs from `path` (doubled leading slashes). */
  contextPath?: string;
  /** Raw query string without "?". */
  rawQuery: string;
  /** Headers as received, names in the client's case, duplicates kept, plus those API Gateway adds. */
  headers: Array<[string, string]>;
  body: Buffer;
  sourceIp: string;
  /** Clock time the request arrived, ms since the epoch. */
  timeEpoch: number;
  /** requestContext.requestId: a UUID for REST APIs, the apigw id for HTTP APIs. */
  requestId: string;
  /** The short id API Gateway logs as extendedRequestId (apigw-requestid, x-amz-apigw-id). */
  extendedRequestId: string;
  accountId: string;
  region: string;
}

export function domainName(input: Pick<EventInput, "api" | "region">): string {
  return `${input.api.apiId}.execute-api.${input.region}.amazonaws.com`;
}

/** "/items" on stage Prod → "/Prod/items"; unchanged on $default. */
export function withStage(api: ApiConfig, path: string): string {
  return api.stageName === DEFAULT_STAGE ? path : `/${api.stageName}${path === "/" ? "/" : path}`;
}

/** Request headers as sent, names in the client's case, duplicates kept (API Gateway's and function URLs' fronts). */
export function headerPairs(req: EdgeRequest): Array<[string, string]> {
  const raw = req.rawHeaders;
  if (!raw) return Object.entries(req.headers);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}

/** Hop-by-hop request headers stop at the front (API Gateway's, a function URL's); the forwarding headers are its own. */
export const REPLACED_REQUEST_HEADERS = new Set(["connection", "keep-alive", "proxy-connection", "x-amzn-trace-id", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"]);

/** Last value of a header, by case-insensitive name. */
export function headerValue(headers: Array<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  let value: string | undefined;
  for (const [k, v] of headers) if (k.toLowerCase() === lower) value = v;
  return value;
}

/** "a=1&b=x+y&a=2" → [["a","1"],["b","x y"],["a","2"]]: decoded, in order, duplicates kept. */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = eq >= 0 ? part.slice(0, eq) : part;
    const value = eq >= 0 ? part.slice(eq + 1) : "";
    pairs.push([formDecode(key), formDecode(value)]);
  }
  return pairs;
}

function formDecode(text: string): string {
  return safeDecode(text.replace(/\+/g, " "));
}

/** Groups pairs by name, keeping first-seen order: the multi-value maps of payload 1.0. */
export function groupPairs(pairs: Array<[string, string]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }
  return map;
}

/** Non-empty object or the given empty value (null in payload 1.0, absent in 2.0). */
export function orEmpty<T extends object, E>(value: T, empty: E): T | E {
  return Object.keys(value).length > 0 ? value : empty;
}

// Every request of one second has the same time: formatted once per second.
let lastSecond = NaN;
let lastClfTime = "";

/** API Gateway's request time: "25/Nov/2026:12:00:00 +0000". */
export function clfTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastClfTime = formatClfTime(ms);
    lastSecond = second;
  }
  return lastClfTime;
}

function formatClfTime(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** Media types HTTP APIs pass to functions as text; every other body arrives base64-encoded. */
export function isTextMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0].trim().toLowerCase();
  return (
    type.startsWith("text/") ||
    type === "application/json" ||
    type.endsWith("+json") ||
    type === "application/xml" ||
    type.endsWith("+xml") ||
    type === "application/javascript"
  );
}

/**
 * Whether a media type ("image/png; q=1") is listed in binaryMediaTypes: exactly, by a
 * "type/*" pattern, or by "*\/*" (every type). As AWS recorded it (localstack's AWS-validated
 * test_aws_proxy_binary_response): a pattern with "*" on the left ("*\/test") matches nothing,
 * a value without "/" matches nothing, and a wildcard value ("image/*") matches only a pattern
 * that names it ("image/*"), never "image/png".
 */
export function matchesMediaType(contentType: string | undefined, patterns: string[]): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0].trim().toLowerCase();
  const slash = type.indexOf("/");
  if (slash <= 0 || slash === type.length - 1) return false;
  const major = type.slice(0, slash);
  return patterns.some((pattern) => {
    const p = pattern.trim().toLowerCase();
    if (p === "*/*") return true;
    if (p.startsWith("*/")) return false;
    return p === type || p === `${major}/*`;
  });
}

/** REST APIs: the first media type of the request's Accept header, the only one API Gateway honours ("Content type conversions"). */
export function firstAccept(accept: string | undefined): string | undefined {
  return accept?.split(",")[0];
}

/**
 * Whether a REST API request body is binary: its Content-Type is in binaryMediaTypes. Every
 * other body is handled as UTF-8 text, as AWS documents ("If this property and the
 * contentHandling property are not defined, the payloads are handled as UTF-8 encoded JSON
 * strings"): bytes that are not UTF-8 arrive mangled (U+FFFD), as they do on AWS.
 */
export function isBinaryRestBody(api: ApiConfig, contentType: string | undefined): boolean {
  return api.binaryMediaTypes !== undefined && matchesMediaType(contentType, api.binaryMediaTypes);
}

/**
 * The event's body and isBase64Encoded. HTTP APIs base64-encode every body whose
 * Content-Type is not text; REST APIs those whose Content-Type is in binaryMediaTypes.
 */
export function eventBody(input: EventInput): { body: string | undefined; isBase64Encoded: boolean } {
  if (input.body.length === 0) return { body: undefined, isBase64Encoded: false };
  const contentType = headerValue(input.headers, "content-type");
  const binary = input.api.kind === "http" ? !isTextMediaType(contentType) : isBinaryRestBody(input.api, contentType);
  return binary
    ? { body: input.body.toString("base64"), isBase64Encoded: true }
    : { body: input.body.toString("utf8"), isBase64Encoded: false };
}
