/**
 * A rule target that is an API destination: an HTTP request to its InvocationEndpoint with the
 * target's input as body, its connection's credentials (Basic or API key, read from the
 * connection's secret) and the connection's and target's header and query parameters
 * ("API destinations as targets" in the EventBridge User Guide).
 */
import type { AwsDispatcher } from "@sam-sandbox/core";
import { API_DESTINATION_TIMEOUT_MS } from "../limits.js";
import type { ApiInvocation } from "./connections.js";

/** The User-Agent EventBridge sends to API destinations (EventBridge User Guide, "API destinations"). */
const USER_AGENT = "Amazon/EventBridge/ApiDestinations";

/** A failure EventBridge does not retry (any 4xx but 401, 407, 409 and 429). */
export class NotRetried extends Error {}

type Pairs = { Key?: string; Value?: string }[];
interface TargetHttpParameters {
  PathParameterValues?: string[];
  HeaderParameters?: Record<string, string>;
  QueryStringParameters?: Record<string, string>;
}

const pairs = (value: unknown): Pairs => (Array.isArray(value) ? (value as Pairs) : []);

export async function callApiDestination(api: ApiInvocation, target: Record<string, unknown>, payload: string, dispatcher: AwsDispatcher | undefined): Promise<void> {
  if (!api.active) throw new Error("the API destination's connection is not authorized");
  const http = (target.HttpParameters ?? {}) as TargetHttpParameters;
  const url = new URL(fillPath(api.endpoint, http.PathParameterValues ?? []));
  for (const { Key, Value } of pairs(api.parameters.QueryStringParameters)) if (Key !== undefined) url.searchParams.append(Key, Value ?? "");
  for (const [key, value] of Object.entries(http.QueryStringParameters ?? {})) url.searchParams.append(key, value);
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "user-agent": USER_AGENT };
  for (const { Key, Value } of pairs(api.parameters.HeaderParameters)) if (Key !== undefined) headers[Key.toLowerCase()] = Value ?? "";
  for (const [key, value] of Object.entries(http.HeaderParameters ?? {})) headers[key.toLowerCase()] = value;
  Object.assign(headers, await credentials(api, dispatcher));
  const withBody = api.method !== "GET" && api.method !== "HEAD";
  const response = await fetch(url, { method: api.method, headers, ...(withBody ? { body: payload } : {}), signal: AbortSignal.timeout(API_DESTINATION_TIMEOUT_MS) });
  await response.arrayBuffer();
  if (response.ok) return;
  const message = `${api.method} ${url.origin}${url.pathname} answered ${response.status}`;
  throw [401, 407, 409, 429].includes(response.status) || response.status >= 500 ? new Error(message) : new NotRetried(message);
}

/** Each "*" of the endpoint takes the next PathParameterValues entry. */
function fillPath(endpoint: string, values: string[]): string {
  let next = 0;
  return endpoint.replace(/\*/g, () => encodeURIComponent(values[next++] ?? ""));
}

/** The Authorization (Basic, or Bearer with an OAuth connection's token) or API key header, from the connection's secret. */
async function credentials(api: ApiInvocation, dispatcher: AwsDispatcher | undefined): Promise<Record<string, string>> {
  if (api.authorizationType === "OAUTH_CLIENT_CREDENTIALS") return api.token === undefined ? {} : { authorization: `Bearer ${api.token}` };
  if (!dispatcher || (api.authorizationType !== "BASIC" && api.authorizationType !== "API_KEY")) return {};
  const out = await dispatcher.call("secretsmanager", "GetSecretValue", { SecretId: api.secretArn });
  const secret = JSON.parse(typeof out.SecretString === "string" ? out.SecretString : "{}") as Record<string, string | undefined>;
  if (api.authorizationType === "BASIC") {
    return { authorization: `Basic ${Buffer.from(`${secret.username ?? ""}:${secret.password ?? ""}`).toString("base64")}` };
  }
  return secret.api_key_name ? { [secret.api_key_name.toLowerCase()]: secret.api_key_value ?? "" } : {};
}
