/**
 * An OAuth connection's client-credentials exchange: EventBridge "exchanges your client ID and
 * secret for an access token" at the connection's AuthorizationEndpoint (User Guide,
 * "Authorization methods for connections"), sending the connection's OAuthHttpParameters. The
 * request is written as RFC 6749 §4.4 asks (client_secret_basic, a form body); the token is the
 * answer's access_token. No token (a refusal, no answer, no access_token): undefined.
 */
import { API_DESTINATION_TIMEOUT_MS } from "../limits.js";

type Params = Record<string, unknown>;
type Pairs = { Key?: unknown; Value?: unknown }[];

/** Fetches an access token for an OAuth connection's OAuthParameters (with its client secret). */
export type TokenExchange = (oauth: Params) => Promise<string | undefined>;

const obj = (value: unknown): Params => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Params) : {});
const pairs = (value: unknown): Pairs => (Array.isArray(value) ? (value as Pairs) : []);

export const exchangeClientCredentials: TokenExchange = async (oauth) => {
  let url: URL;
  try {
    url = new URL(String(oauth.AuthorizationEndpoint ?? ""));
  } catch {
    return undefined;
  }
  const method = String(oauth.HttpMethod ?? "POST");
  const client = obj(oauth.ClientParameters);
  const http = obj(oauth.OAuthHttpParameters);
  for (const { Key, Value } of pairs(http.QueryStringParameters)) if (typeof Key === "string") url.searchParams.append(Key, String(Value ?? ""));
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${String(client.ClientID ?? "")}:${String(client.ClientSecret ?? "")}`).toString("base64")}`,
    accept: "application/json",
  };
  for (const { Key, Value } of pairs(http.HeaderParameters)) if (typeof Key === "string") headers[Key.toLowerCase()] = String(Value ?? "");
  const form = new URLSearchParams();
  for (const { Key, Value } of pairs(http.BodyParameters)) if (typeof Key === "string") form.append(Key, String(Value ?? ""));
  const withBody = method !== "GET" && method !== "HEAD";
  if (withBody) headers["content-type"] = "application/x-www-form-urlencoded";
  try {
    const response = await fetch(url, { method, headers, ...(withBody ? { body: form.toString() } : {}), signal: AbortSignal.timeout(API_DESTINATION_TIMEOUT_MS) });
    const text = await response.text();
    if (!response.ok) return undefined;
    const token = obj(JSON.parse(text)).access_token;
    return typeof token === "string" && token !== "" ? token : undefined;
  } catch {
    // Unreachable, timed out or not JSON: the connection is not authorized.
    return undefined;
  }
};
