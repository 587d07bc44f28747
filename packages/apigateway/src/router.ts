import type { Logger } from "@sam-sandbox/core";
import type { ApiConfig, CorsConfig, RouteConfig } from "./config.js";
import { restPreflightIntegration } from "./cors.js";
import { DEFAULT_STAGE } from "./limits.js";

type Segment = { kind: "literal"; value: string } | { kind: "param"; name: string } | { kind: "greedy"; name: string };

/** Two or more slashes at the start of a path. */
const LEADING_SLASHES = /^\/{2,}/;

/** A route of one API, ready to match. */
export interface CompiledRoute {
  api: ApiConfig;
  apiIndex: number;
  routeIndex: number;
  route: RouteConfig;
  /** Upper-case method, "ANY" included. */
  method: string;
  /** The resource path as written ("/items/{id}"), or "$default". */
  path: string;
  /** "GET /items/{id}", "ANY /{proxy+}" or "$default", as API Gateway names routes. */
  routeKey: string;
  /** Undefined for the $default route. */
  segments: Segment[] | undefined;
  /** The path with variable names erased ("/items/{}"): one REST resource. */
  shape: string;
  /** Method and shape: routes with the same key conflict. */
  conflictKey: string;
  /** An earlier API (or route) already serves this method and path at the root. */
  shadowed: boolean;
  /** Rank.full and Rank.specificity, which depend on the route alone (made once, read-only). */
  full: boolean;
  specificity: number[];
}

/** How well a route fits a request; the highest rank serves it. */
interface Rank {
  /** HTTP APIs: a full match beats a match through a greedy path variable. */
  full: boolean;
  /** Per segment: literal 2, {param} 1, {proxy+} 0 (exact path beats parameters beats greedy). */
  specificity: number[];
  /** A route for the request's own method beats ANY. */
  exactMethod: boolean;
  apiIndex: number;
  routeIndex: number;
}

export type RouteMatch =
  | {
      kind: "route";
      route: CompiledRoute;
      pathParameters: Record<string, string>;
      /** Request path without the stage prefix, still percent-encoded. */
      path: string;
      /** REST APIs: the path as received when it had doubled leading slashes ("//items"), which requestContext.path keeps. */
      contextPath?: string;
      rank: Rank;
    }
  /** Nothing matched: the API whose gateway response answers (403 for REST, 404 for HTTP). */
  | { kind: "none"; api: ApiConfig | undefined };

interface Candidate {
  route: CompiledRoute;
  pathParameters: Record<string, string>;
  rank: Rank;
}

/** Routes requests to the routes of all APIs, served merged at the root (as `sam local start-api`). */
export class Router {
  private readonly compiled: CompiledRoute[][];

  constructor(private readonly apis: ApiConfig[], logger: Logger) {
    const seen = new Map<string, CompiledRoute>();
    this.compiled = apis.map((api, apiIndex) =>
      api.routes.map((route, routeIndex) => {
        const compiled = compileRoute(api, apiIndex, route, routeIndex);
        const first = seen.get(compiled.conflictKey);
        if (first) {
          compiled.shadowed = true;
          logger.warn(
            `${compiled.routeKey} of ${apiName(api)} is also defined by ${apiName(first.api)}; ${apiName(first.api)} serves it` +
              (api.kind === "rest" && api.stageName !== DEFAULT_STAGE ? ` (${apiName(api)}'s stays reachable at /${api.stageName}${route.path})` : ""),
          );
        } else {
          seen.set(compiled.conflictKey, compiled);
        }
        return compiled;
      }),
    );
  }

  /** The routes served at the root, in template order. */
  routes(): CompiledRoute[] {
    return this.compiled.flat().filter((r) => !r.shadowed);
  }

  match(method: string, rawPath: string): RouteMatch {
    const upper = method.toUpperCase();
    // A stage-prefixed URL ("/Prod/items", copied from AWS) addresses the APIs of that stage alone.
    // Slashes before the stage collapse ("//Prod/items" is "/Prod/items"), as AWS recorded.
    // A loop rather than flatMap, the regex only for a doubled slash, ranks made once per route
    // (CompiledRoute.full/specificity), no decoding without a "%": 513 → 225 ns per match (hello API).
    const stagedPath = rawPath.startsWith("//") ? rawPath.replace(LEADING_SLASHES, "/") : rawPath;
    const staged: Array<{ api: ApiConfig; apiIndex: number; path: string }> = [];
    for (let apiIndex = 0; apiIndex < this.apis.length; apiIndex++) {
      const api = this.apis[apiIndex];
      const path = stripStage(api, stagedPath);
      if (path !== undefined) staged.push({ api, apiIndex, path });
    }
    const root = staged.length === 0;
    const targets = root ? this.apis.map((api, apiIndex) => ({ api, apiIndex, path: rawPath })) : staged;

    const found: Array<Exclude<RouteMatch, { kind: "none" }>> = [];
    let refusedBy: ApiConfig | undefined;
    for (const { api, apiIndex, path } of targets) {
      const result = this.matchInApi(api, apiIndex, upper, path, root);
      if (result?.kind === "none") refusedBy ??= result.api;
      else if (result) found.push(result);
    }
    found.sort((a, b) => compareRank(a.rank, b.rank));
    const best = found[0] ?? (root ? this.defaultRoute(rawPath) : undefined);
    if (best) return best;
    return { kind: "none", api: refusedBy ?? this.apis.find((a) => a.kind === "http") ?? this.apis[0] };
  }

  /** The API whose routes hold this path (any method): whose CORS answers a preflight. */
  owner(rawPath: string): ApiConfig | undefined {
    for (const api of this.apis) if (stripStage(api, rawPath) !== undefined) return api;
    const candidates = this.apis.flatMap((api, apiIndex) => this.pathCandidates(api, apiIndex, "ANY", rawPath, true, true));
    candidates.sort((a, b) => compareRank(a.rank, b.rank));
    return candidates[0]?.route.api;
  }

  private matchInApi(api: ApiConfig, apiIndex: number, method: string, path: string, root: boolean): RouteMatch | undefined {
    if (api.kind === "http") {
      const candidates = this.pathCandidates(api, apiIndex, method, path, root, false);
      candidates.sort((a, b) => compareRank(a.rank, b.rank));
      const best = candidates[0];
      if (best) return { kind: "route", ...best, path };
      if (root) return undefined;
      const fallback = this.compiled[apiIndex].find((r) => r.segments === undefined);
      return fallback ? { kind: "route", route: fallback, pathParameters: {}, path, rank: lowestRank(fallback) } : { kind: "none", api };
    }
    // REST APIs resolve the resource and the method as one pair: the most specific resource
    // that has the request's method (or ANY) serves it, so a resource without the method gives
    // way to a less specific one, a greedy {proxy+} included (localstack's AWS-validated
    // test_proxy_routing_with_hardcoded_resource_sibling; ministackorg/ministack#1423, measured on AWS).
    // Leading slashes collapse too: "/Prod//hardcoded" is resource /hardcoded with path
    // "/hardcoded", while requestContext.path keeps "/Prod//hardcoded" (AWS-recorded).
    const resourcePath = path.replace(LEADING_SLASHES, "/");
    const contextPath = resourcePath === path ? {} : { contextPath: path };
    // With Cors, SAM gives every resource an OPTIONS mock method, which beats ANY on it.
    if (method === "OPTIONS" && api.cors) {
      const preflight = this.restPreflight(api, api.cors, apiIndex, resourcePath, root);
      if (preflight) return preflight.kind === "route" ? { ...preflight, path: resourcePath, ...contextPath } : preflight;
    }
    const candidates = this.pathCandidates(api, apiIndex, method, resourcePath, root, false);
    candidates.sort((a, b) => compareRank(a.rank, b.rank));
    const best = candidates[0];
    if (best) return { kind: "route", ...best, path: resourcePath, ...contextPath };
    // At the root, an API whose resources hold the path (with other methods) answers the 403 itself.
    if (root && this.pathCandidates(api, apiIndex, method, resourcePath, root, true).length === 0) return undefined;
    return { kind: "none", api };
  }

  /** OPTIONS on a REST API with Cors: the most specific resource's own OPTIONS method, else the preflight MOCK method; undefined when no resource matches. */
  private restPreflight(api: ApiConfig, cors: CorsConfig, apiIndex: number, resourcePath: string, root: boolean): Extract<RouteMatch, { kind: "route" }> | undefined {
    const candidates = this.pathCandidates(api, apiIndex, "OPTIONS", resourcePath, root, true);
    candidates.sort((a, b) => compareRank({ ...a.rank, exactMethod: true }, { ...b.rank, exactMethod: true }));
    const resource = candidates[0];
    if (!resource) return undefined;
    const onResource = candidates.filter((c) => c.route.shape === resource.route.shape);
    const exact = onResource.find((c) => c.route.method === "OPTIONS");
    if (exact) return { kind: "route", ...exact, path: resourcePath };
    // SAM's and CDK's preflight is an OPTIONS MOCK method on the resource: it answers as that integration runs.
    const mock = cors.preflights?.[resource.route.path] ?? cors.preflight ?? restPreflightIntegration(cors, onResource.map((c) => c.route.method));
    const config: RouteConfig = { method: "OPTIONS", path: resource.route.path, functionName: "", payloadFormatVersion: "1.0", awsIntegration: mock };
    if (cors.preflightAuthorization) config.authorization = cors.preflightAuthorization;
    const route = compileRoute(api, apiIndex, config, -1);
    return { kind: "route", route, pathParameters: resource.pathParameters, path: resourcePath, rank: resource.rank };
  }

  /** Routes of one API whose path matches; any method when anyMethod is set. */
  private pathCandidates(api: ApiConfig, apiIndex: number, method: string, path: string, root: boolean, anyMethod: boolean): Candidate[] {
    const out: Candidate[] = [];
    for (const route of this.compiled[apiIndex]) {
      if (!route.segments || (root && route.shadowed)) continue;
      if (!anyMethod && route.method !== method && route.method !== "ANY") continue;
      const pathParameters = matchSegments(route.segments, path, api.kind);
      if (!pathParameters) continue;
      out.push({ route, pathParameters, rank: rankOf(route, method) });
    }
    return out;
  }

  /** HTTP APIs' $default route catches what no other route matched. */
  private defaultRoute(path: string): RouteMatch | undefined {
    for (const routes of this.compiled) {
      const fallback = routes.find((r) => r.segments === undefined && !r.shadowed);
      if (fallback) return { kind: "route", route: fallback, pathParameters: {}, path, rank: lowestRank(fallback) };
    }
    return undefined;
  }
}

function apiName(api: ApiConfig): string {
  return api.logicalId ?? api.apiId;
}

function compileRoute(api: ApiConfig, apiIndex: number, route: RouteConfig, routeIndex: number): CompiledRoute {
  const method = route.method.toUpperCase();
  if (route.path === "$default") {
    const shape = "$default";
    return { api, apiIndex, routeIndex, route, method, path: shape, routeKey: shape, segments: undefined, shape, conflictKey: shape, shadowed: false, full: true, specificity: [] };
  }
  const trimmed = route.path.length > 1 ? route.path.replace(/\/$/, "") : route.path;
  const segments: Segment[] = trimmed === "/" ? [] : trimmed.slice(1).split("/").map(parseSegment);
  const shape = `/${segments.map((s) => (s.kind === "literal" ? s.value : s.kind === "param" ? "{}" : "{+}")).join("/")}`;
  return {
    api,
    apiIndex,
    routeIndex,
    route,
    method,
    path: trimmed,
    routeKey: `${method} ${trimmed}`,
    segments,
    shape,
    conflictKey: `${method} ${shape}`,
    shadowed: false,
    full: api.kind === "rest" || segments.every((s) => s.kind !== "greedy"),
    specificity: segments.map((s) => (s.kind === "literal" ? 2 : s.kind === "param" ? 1 : 0)),
  };
}

function parseSegment(text: string): Segment {
  const variable = /^\{(.+?)(\+?)\}$/.exec(text);
  if (!variable) return { kind: "literal", value: text };
  return variable[2] ? { kind: "greedy", name: variable[1] } : { kind: "param", name: variable[1] };
}

/** "/Prod/items" → "/items" for an API on stage Prod; undefined when the path has no stage prefix. */
function stripStage(api: ApiConfig, rawPath: string): string | undefined {
  if (api.stageName === DEFAULT_STAGE) return undefined;
  const prefix = `/${api.stageName}`;
  if (rawPath === prefix) return "/";
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : undefined;
}

/**
 * Matches a route's segments against a raw request path. Literals compare with the
 * decoded segment; HTTP APIs pass path parameters decoded, REST APIs as received.
 * A trailing slash is ignored; a greedy variable takes the rest of the path.
 */
function matchSegments(segments: Segment[], rawPath: string, kind: "http" | "rest"): Record<string, string> | undefined {
  const parts = rawPath === "/" ? [] : rawPath.slice(1).split("/");
  const last = segments[segments.length - 1];
  const greedy = last?.kind === "greedy" ? last : undefined;
  const fixed = greedy ? segments.slice(0, -1) : segments;
  const request = greedy ? parts : parts.length > 0 && parts[parts.length - 1] === "" ? parts.slice(0, -1) : parts;
  if (greedy ? request.length <= fixed.length : request.length !== fixed.length) return undefined;

  const params: Record<string, string> = {};
  for (let i = 0; i < fixed.length; i++) {
    const segment = fixed[i];
    const raw = request[i];
    if (segment.kind === "literal") {
      if (safeDecode(raw) !== segment.value) return undefined;
    } else {
      if (raw === "") return undefined;
      params[segment.name] = kind === "http" ? safeDecode(raw) : raw;
    }
  }
  if (greedy) {
    const rest = request.slice(fixed.length).join("/").replace(/\/$/, "");
    // "/{proxy+}" needs something after the slash; HTTP APIs give "/handler/" to "/handler/{proxy+}" with "".
    if (rest === "" && (kind === "rest" || fixed.length === 0)) return undefined;
    params[greedy.name] = kind === "http" ? safeDecode(rest) : rest;
  }
  return params;
}

export function safeDecode(text: string): string {
  // Without a "%" there is nothing to decode (and nothing to fail on).
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function rankOf(route: CompiledRoute, method: string): Rank {
  return {
    full: route.full,
    specificity: route.specificity,
    exactMethod: route.method === method,
    apiIndex: route.apiIndex,
    routeIndex: route.routeIndex,
  };
}

function lowestRank(route: CompiledRoute): Rank {
  return { full: false, specificity: [], exactMethod: false, apiIndex: route.apiIndex, routeIndex: route.routeIndex };
}

/** Negative when a ranks before (serves instead of) b. */
function compareRank(a: Rank, b: Rank): number {
  if (a.full !== b.full) return a.full ? -1 : 1;
  const n = Math.min(a.specificity.length, b.specificity.length);
  for (let i = 0; i < n; i++) {
    if (a.specificity[i] !== b.specificity[i]) return b.specificity[i] - a.specificity[i];
  }
  if (a.specificity.length !== b.specificity.length) return b.specificity.length - a.specificity.length;
  if (a.exactMethod !== b.exactMethod) return a.exactMethod ? -1 : 1;
  return a.apiIndex - b.apiIndex || a.routeIndex - b.routeIndex;
}
