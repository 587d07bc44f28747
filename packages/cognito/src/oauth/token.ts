/** POST /oauth2/token: authorization_code (with PKCE), refresh_token and client_credentials grants. */
import type { EdgeResponse } from "@sam-sandbox/core";
import { write, type CognitoContext } from "../engine/context.js";
import type { Client, PoolState } from "../engine/state.js";
import { clientCredentialsToken, issueTokens, sessionRevoked, signIn } from "../engine/tokens.js";
import { deviceConfiguration } from "../engine/devices/tracking.js";
import { verifierMatches, type PendingCode } from "./authorize.js";

// A function: the HTTP layer adds content-length to the object it is given.
const jsonHeaders = () => ({ "content-type": "application/json;charset=UTF-8", "cache-control": "no-store" });

/** Cognito's OAuth error body: {"error":"invalid_grant"} with 400. */
export function oauthError(error: string, status = 400): EdgeResponse {
  return { status, headers: jsonHeaders(), body: JSON.stringify({ error }) };
}

function ok(body: Record<string, unknown>): EdgeResponse {
  return { status: 200, headers: jsonHeaders(), body: JSON.stringify(body) };
}

/** The client from HTTP Basic (client_id:client_secret) or the form; its secret checked. */
function authenticate(pool: PoolState, authorization: string | undefined, form: URLSearchParams): Client | undefined {
  let id = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    id = decodeURIComponent(colon < 0 ? decoded : decoded.slice(0, colon));
    secret = colon < 0 ? undefined : decodeURIComponent(decoded.slice(colon + 1));
  }
  const client = id === undefined ? undefined : pool.clients.get(id);
  if (!client) return undefined;
  if (client.secret !== undefined && secret !== client.secret) return undefined;
  return client;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export async function token(ctx: CognitoContext, codes: Map<string, PendingCode>, pool: PoolState, authorization: string | undefined, form: URLSearchParams): Promise<EdgeResponse> {
  const client = authenticate(pool, authorization, form);
  if (!client) return oauthError("invalid_client");
  const grant = form.get("grant_type");
  if (grant === "authorization_code") return authorizationCode(ctx, codes, pool, client, form);
  if (grant === "refresh_token") return refreshToken(ctx, pool, client, form);
  if (grant === "client_credentials") return clientCredentials(ctx, pool, client, form);
  return oauthError(grant === null ? "invalid_request" : "unsupported_grant_type");
}

async function authorizationCode(ctx: CognitoContext, codes: Map<string, PendingCode>, pool: PoolState, client: Client, form: URLSearchParams): Promise<EdgeResponse> {
  const code = form.get("code");
  // A missing required parameter is invalid_request (AWS's token endpoint page), a bad value invalid_grant.
  if (code === null || code === "" || form.get("redirect_uri") === null) return oauthError("invalid_request");
  const pending = codes.get(code);
  // A code is good for one exchange.
  codes.delete(code);
  if (!pending || pending.poolId !== pool.pool.id || pending.clientId !== client.clientId || pending.expires <= ctx.clock.now()) return oauthError("invalid_grant");
  if (form.get("redirect_uri") !== pending.redirectUri) return oauthError("invalid_grant");
  if (pending.codeChallenge !== undefined) {
    const verifier = form.get("code_verifier");
    if (verifier === null || !verifierMatches(pending.codeChallenge, verifier)) return oauthError("invalid_grant");
  }
  const user = pool.users.get(pending.username);
  if (!user || !user.enabled) return oauthError("invalid_grant");
  const { AuthenticationResult: result } = await signIn(ctx, pool, client, user, "TokenGeneration_HostedAuth", undefined, { scopes: pending.scopes, authTime: pending.authTime, ...(pending.nonce !== undefined ? { nonce: pending.nonce } : {}) });
  return ok({
    ...(pending.scopes.includes("openid") ? { id_token: result.IdToken } : {}),
    access_token: result.AccessToken,
    refresh_token: result.RefreshToken,
    expires_in: result.ExpiresIn,
    token_type: "Bearer",
  });
}

async function refreshToken(ctx: CognitoContext, pool: PoolState, client: Client, form: URLSearchParams): Promise<EdgeResponse> {
  const value = form.get("refresh_token");
  // AWS's token endpoint page: "grant_type is refresh_token but refresh_token is not included" is invalid_request.
  if (value === null || value === "") return oauthError("invalid_request");
  const session = ctx.durable.state.refreshTokens.get(value);
  if (!session || session.poolId !== pool.pool.id || session.clientId !== client.clientId || session.expires <= ctx.clock.now()) return oauthError("invalid_grant");
  const user = pool.users.get(session.username);
  if (!user || !user.enabled || sessionRevoked(session, user)) return oauthError("invalid_grant");
  // A refresh token tied to a device (a sign-in of a pool that tracks devices) needs its device_key, as REFRESH_TOKEN_AUTH its DEVICE_KEY.
  if (session.deviceKey !== undefined && deviceConfiguration(pool.pool) !== undefined) {
    if (form.get("device_key") !== session.deviceKey || !user.devices?.[session.deviceKey]) return oauthError("invalid_grant");
  }
  // The OAuth 2.0 endpoint's tokens: at_hash in the ID token, "version": 2 in the access token.
  const result = await issueTokens(ctx, pool, client, user, session, "TokenGeneration_RefreshTokens", undefined, {});
  const idToken = session.scopes === undefined || session.scopes.includes("openid");
  return ok({ ...(idToken ? { id_token: result.IdToken } : {}), access_token: result.AccessToken, expires_in: result.ExpiresIn, token_type: "Bearer" });
}

/** Machine-to-machine: a client with a secret gets the resource servers' custom scopes it is allowed. */
async function clientCredentials(ctx: CognitoContext, pool: PoolState, client: Client, form: URLSearchParams): Promise<EdgeResponse> {
  if (client.secret === undefined) return oauthError("invalid_client");
  if (client.config.AllowedOAuthFlowsUserPoolClient !== true || !strings(client.config.AllowedOAuthFlows).includes("client_credentials")) return oauthError("unauthorized_client");
  const allowed = strings(client.config.AllowedOAuthScopes);
  const asked = form.get("scope");
  const scopes = asked === null ? allowed : asked.split(/\s+/).filter((s) => s !== "");
  const known = new Set([...pool.resourceServers.values()].flatMap((server) => server.scopes.map((s) => `${server.identifier}/${s.ScopeName}`)));
  if (scopes.length === 0 || scopes.some((s) => !allowed.includes(s) || !known.has(s))) return oauthError("invalid_scope");
  const { token: accessToken, expiresIn } = await clientCredentialsToken(ctx, pool, client, scopes);
  return ok({ access_token: accessToken, expires_in: expiresIn, token_type: "Bearer" });
}

/**
 * POST /oauth2/revoke: revokes a refresh token and the access tokens issued from it. The refusals of
 * AWS's "revocation endpoint" page: 401 invalid_client for bad client credentials, 400 invalid_request
 * without a token or when the client's token revocation is off, 400 unsupported_token_type for a token
 * that is no refresh token (a JWT), and 200 for a revoked or an unknown one (RFC 7009).
 */
export async function revoke(ctx: CognitoContext, pool: PoolState, authorization: string | undefined, form: URLSearchParams): Promise<EdgeResponse> {
  const client = authenticate(pool, authorization, form);
  if (!client) return oauthError("invalid_client", 401);
  const value = form.get("token");
  if (value === null || value === "" || client.config.EnableTokenRevocation === false) return oauthError("invalid_request");
  const session = ctx.durable.state.refreshTokens.get(value);
  if (session && session.clientId === client.clientId && !session.revoked) await write(ctx, { t: "refresh", token: { ...session, revoked: true } });
  // Access and ID tokens (three-part JWTs) cannot be revoked here; the refresh token is five-part.
  if (!session && value.split(".").length === 3) return oauthError("unsupported_token_type");
  return { status: 200, headers: {}, body: "" };
}
