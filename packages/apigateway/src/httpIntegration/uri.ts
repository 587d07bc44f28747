/**
 * The endpoint URL and headers of an HTTP integration, from its RequestParameters:
 * integration.request.path.<name> fills {name} in the URI, integration.request.querystring.<name>
 * adds to its query string, integration.request.header.<name> sets a header; each from
 * 'literal', method.request.{path,querystring,header}.<name> or stageVariables.<name>.
 */
import type { AwsIntegrationCall } from "../aws/integration.js";
import { headerValue, parseQuery } from "../http/incoming.js";
import { overridden, type RequestOverride } from "../vtl/overrides.js";

const PARAMETER = /^integration\.request\.(path|querystring|header)\.(.+)$/;

/** A mapped parameter's value; undefined when its source is absent (the parameter is then left out). */
function sourceValue(source: string, call: AwsIntegrationCall): string | undefined {
  if (/^'.*'$/s.test(source)) return source.slice(1, -1);
  const match = /^(?:method\.request\.(path|querystring|header)|stageVariables)\.(.+)$/.exec(source);
  if (!match) return undefined;
  const [, where, name] = match;
  if (where === undefined) return call.api.stageVariables?.[name];
  if (where === "path") return call.pathParameters[name];
  if (where === "header") return headerValue(call.headers, name);
  let last: string | undefined;
  for (const [key, value] of parseQuery(call.req.rawQuery)) if (key === name) last = value;
  return last;
}

function mapped(parameters: Record<string, string>, call: AwsIntegrationCall, location: "path" | "querystring" | "header"): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [target, source] of Object.entries(parameters)) {
    const match = PARAMETER.exec(target);
    if (match?.[1] !== location) continue;
    const value = sourceValue(source, call);
    if (value !== undefined) out.push([match[2], value]);
  }
  return out;
}

/** integration.request.path.* as [name, value] pairs. */
export function mappedPath(parameters: Record<string, string>, call: AwsIntegrationCall): Array<[string, string]> {
  return mapped(parameters, call, "path");
}

/**
 * Mapped request headers API Gateway does not send: Connection, Expect, Proxy-Authenticate, TE and Via,
 * as AWS recorded (localstack's TestApiGatewayHeaderRemapping full-integration echoes). Upgrade and
 * Keep-Alive are left out too: AWS sends a mapped Upgrade, Node's HTTP client cannot.
 */
const UNSENT_HEADERS = new Set(["connection", "expect", "proxy-authenticate", "te", "via", "upgrade", "keep-alive"]);

/** integration.request.header.* as [name, value] pairs, without the ones API Gateway does not send. */
export function mappedHeaders(parameters: Record<string, string>, call: AwsIntegrationCall): Array<[string, string]> {
  return mapped(parameters, call, "header").filter(([name]) => !UNSENT_HEADERS.has(name.toLowerCase()));
}

/**
 * The URI with its {variables} filled, then its own query string, the client's (when `passQuery`,
 * as HTTP_PROXY does) and the mapped parameters, in that order: a name given twice keeps both values.
 */
export function integrationUrl(uri: string, parameters: Record<string, string>, call: AwsIntegrationCall, passQuery: boolean, override?: RequestOverride): string {
  // A template's $context.requestOverride.path.<name> / .querystring.<name> replaces the mapped parameter.
  const path = new Map([...mapped(parameters, call, "path"), ...(override ? overridden(override.path) : [])]);
  const filled = uri.replace(/\{([^{}]+?)\+?\}/g, (_variable, name: string) => path.get(name) ?? "");
  const url = new URL(filled);
  if (passQuery) for (const [key, value] of parseQuery(call.req.rawQuery)) url.searchParams.append(key, value);
  for (const [key, value] of mapped(parameters, call, "querystring")) url.searchParams.append(key, value);
  if (override) for (const [key, value] of overridden(override.querystring)) url.searchParams.set(key, value);
  return url.toString();
}
