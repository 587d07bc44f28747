/**
 * Bucket CORS, as S3 applies it: the first rule whose AllowedOrigin, AllowedMethod and (for a
 * preflight) AllowedHeader patterns all match decides the answer's Access-Control-* headers.
 * Origins compare case-sensitively, header names case-insensitively; a pattern holds at most
 * one "*", which matches any text (Amazon S3 User Guide, "Elements of a CORS configuration").
 */
import { corsBadRequest, corsForbidden, invalidRequest } from "../errors.js";

export interface CorsRule {
  ID?: string;
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders: string[];
  ExposeHeaders: string[];
  MaxAgeSeconds?: number;
}

/** The methods an AllowedMethod (and a preflight's Access-Control-Request-Method) may name. */
export const CORS_METHODS = ["GET", "PUT", "HEAD", "POST", "DELETE"] as const;

/** What every answer a CORS rule decides varies on (S3 writes them in this order). */
const VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

/** PutBucketCors' checks of the values, in S3's order: methods, origins, headers, expose headers. */
export function validateCorsRules(rules: readonly CorsRule[]): void {
  for (const rule of rules) {
    for (const method of rule.AllowedMethods) {
      if (!(CORS_METHODS as readonly string[]).includes(method)) throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    }
    for (const origin of rule.AllowedOrigins) {
      if (wildcards(origin) > 1) throw invalidRequest(`AllowedOrigin "${origin}" can not have more than one wildcard.`);
    }
    for (const header of rule.AllowedHeaders) {
      if (wildcards(header) > 1) throw invalidRequest(`AllowedHeader "${header}" can not have more than one wildcard.`);
    }
    for (const header of rule.ExposeHeaders) {
      if (header.includes("*")) throw invalidRequest(`ExposeHeader "${header}" contains wildcard. We currently do not support wildcard for ExposeHeader.`);
    }
  }
}

function wildcards(pattern: string): number {
  return pattern.split("*").length - 1;
}

/** A pattern with at most one "*": prefix and suffix must both fit, without overlapping. */
function globMatches(pattern: string, value: string): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

export interface CorsMatch {
  rule: CorsRule;
  /** "*" when the rule allows every origin with the literal "*", else the request's Origin. */
  allowOrigin: string;
}

export function matchCorsRule(rules: readonly CorsRule[], origin: string, method: string, requestHeaders?: readonly string[]): CorsMatch | undefined {
  for (const rule of rules) {
    if (!rule.AllowedMethods.includes(method)) continue;
    if (!rule.AllowedOrigins.some((o) => globMatches(o, origin))) continue;
    if (requestHeaders && !requestHeaders.every((h) => rule.AllowedHeaders.some((a) => globMatches(a.toLowerCase(), h)))) continue;
    return { rule, allowOrigin: rule.AllowedOrigins.includes("*") ? "*" : origin };
  }
  return undefined;
}

function ruleHeaders(match: CorsMatch, allowHeaders?: readonly string[]): Record<string, string> {
  const { rule, allowOrigin } = match;
  const h: Record<string, string> = {
    "access-control-allow-origin": allowOrigin,
    "access-control-allow-methods": rule.AllowedMethods.join(", "),
  };
  if (allowHeaders && allowHeaders.length > 0) h["access-control-allow-headers"] = allowHeaders.join(", ");
  if (rule.ExposeHeaders.length > 0) h["access-control-expose-headers"] = rule.ExposeHeaders.join(", ");
  if (rule.MaxAgeSeconds !== undefined) h["access-control-max-age"] = String(rule.MaxAgeSeconds);
  // Credentials only where the answer names the origin: a literal "*" cannot carry them.
  if (allowOrigin !== "*") h["access-control-allow-credentials"] = "true";
  h.vary = VARY;
  return h;
}

export interface Preflight {
  origin?: string;
  method?: string;
  /** Access-Control-Request-Headers as sent (comma-separated). */
  requestHeaders?: string;
}

/**
 * The answer to an OPTIONS preflight: its headers, or BadRequest (no Origin, no or an
 * unsupported Access-Control-Request-Method) / AccessForbidden (no configuration, no rule).
 */
export function preflightHeaders(
  rules: readonly CorsRule[] | undefined,
  request: Preflight,
  resourceType: "BUCKET" | "OBJECT",
  bucketExists = true,
): Record<string, string> {
  if (request.origin === undefined || request.origin === "") throw corsBadRequest("Insufficient information. Origin request header needed.");
  const method = request.method;
  // AWS-recorded: without a bucket or a configuration S3 refuses before reading the method,
  // naming the BUCKET (object URLs too) and "OPTIONS" when no Access-Control-Request-Method came.
  if (!bucketExists) throw corsForbidden("CORSResponse: Bucket not found", method ?? "OPTIONS", "BUCKET");
  if (!rules) throw corsForbidden("CORSResponse: CORS is not enabled for this bucket.", method ?? "OPTIONS", "BUCKET");
  if (method === undefined || !(CORS_METHODS as readonly string[]).includes(method)) {
    throw corsBadRequest(`Invalid Access-Control-Request-Method: ${method ?? "null"}`);
  }
  const headers = (request.requestHeaders ?? "").split(",").map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
  const match = matchCorsRule(rules, request.origin, method, headers);
  if (!match) {
    throw corsForbidden(
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      method,
      resourceType,
    );
  }
  return ruleHeaders(match, headers);
}

/**
 * The Access-Control-* headers of an actual request with an Origin: none when no rule matches. A request that carries
 * Access-Control-Request-Method or -Headers is judged by them, as a preflight is: a GET naming PUT, or a header no rule
 * allows, gets none (LocalStack test_s3_cors.snapshot.json test_cors_match_methods "get-wrong-op", test_cors_match_headers
 * "get-non-allowed-with-acl", AWS-recorded); headers merely sent are not checked ("get-non-allowed").
 */
export function corsResponseHeaders(rules: readonly CorsRule[] | undefined, origin: string, method: string, request: Omit<Preflight, "origin"> = {}): Record<string, string> {
  if (!rules || origin === "") return {};
  const headers = request.requestHeaders?.split(",").map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
  const match = matchCorsRule(rules, origin, request.method ?? method, headers);
  return match ? ruleHeaders(match) : {};
}
