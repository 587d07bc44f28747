/** GET/POST /oauth2/authorize (and /login): the request's checks, the sign-in form, and the redirect with a code or tokens. */
import { createHash, randomUUID } from "node:crypto";
import { AwsError, type EdgeResponse } from "@sam-sandbox/core";
import { AUTHORIZATION_CODE_VALIDITY_MS } from "../limits.js";
import { findUser, type CognitoContext } from "../engine/context.js";
import { hostedSignIn } from "../engine/hostedSignIn.js";
import type { Client, PoolState, User } from "../engine/state.js";
import { signIn } from "../engine/tokens.js";
import { recordAuthEvent } from "../engine/authEvents.js";
import { loginBranding } from "../engine/settings/uiCustomization.js";
import { loginPage } from "./pages.js";

/** An authorization code waiting for /oauth2/token (kept in memory: a restart expires it). */
export interface PendingCode {
  poolId: string;
  clientId: string;
  username: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  nonce?: string;
  /** When the user signed in with the form, in seconds (the tokens' auth_time). */
  authTime: number;
  expires: number;
}

export interface AuthorizeRequest {
  pool: PoolState;
  client: Client;
  redirectUri: string;
  responseType: "code" | "token";
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  nonce?: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function redirect(location: string): EdgeResponse {
  return { status: 302, headers: { location, "cache-control": "no-store" }, body: "" };
}

function withParams(uri: string, params: Record<string, string | undefined>, separator: "?" | "#"): string {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  if (separator === "#") return `${uri}#${query}`;
  return `${uri}${uri.includes("?") ? "&" : "?"}${query}`;
}

/** Checks an authorize request as Cognito does: a bad client or redirect_uri goes to the error page, anything else back to the app. */
export function checkAuthorize(ctx: CognitoContext, pool: PoolState, base: string, query: URLSearchParams): AuthorizeRequest | EdgeResponse {
  const clientId = query.get("client_id") ?? "";
  const client = pool.clients.get(clientId);
  if (!client) return redirect(`${base}/error?${new URLSearchParams({ error: "invalid_request", client_id: clientId })}`);
  const redirectUri = query.get("redirect_uri") ?? "";
  if (!strings(client.config.CallbackURLs).includes(redirectUri)) return redirect(`${base}/error?${new URLSearchParams({ error: "redirect_mismatch", client_id: clientId })}`);
  const state = query.get("state") ?? undefined;
  const fail = (error: string) => redirect(withParams(redirectUri, { error, state }, "?"));
  // The hosted UI's own links ask response_type=CODE: the value is read case-blind.
  const responseType = query.get("response_type")?.toLowerCase();
  // AWS's authorize endpoint page: a request without response_type is invalid_request; another value is RFC 6749's unsupported_response_type.
  if (responseType === undefined) return fail("invalid_request");
  if (responseType !== "code" && responseType !== "token") return fail("unsupported_response_type");
  const flows = strings(client.config.AllowedOAuthFlows);
  if (client.config.AllowedOAuthFlowsUserPoolClient !== true || !flows.includes(responseType === "code" ? "code" : "implicit")) return fail("unauthorized_client");
  const idp = query.get("identity_provider");
  if (idp !== null && idp !== "COGNITO") return fail("invalid_request");
  const allowed = strings(client.config.AllowedOAuthScopes);
  const asked = query.get("scope");
  const scopes = asked === null ? allowed : asked.split(/\s+/).filter((s) => s !== "");
  if (scopes.some((s) => !allowed.includes(s))) return fail("invalid_scope");
  const codeChallenge = query.get("code_challenge") ?? undefined;
  // Cognito supports only the S256 code challenge method.
  if (codeChallenge !== undefined && query.get("code_challenge_method") !== "S256") return fail("invalid_request");
  const nonce = query.get("nonce") ?? undefined;
  return {
    pool,
    client,
    redirectUri,
    responseType,
    scopes,
    ...(state !== undefined ? { state } : {}),
    ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
  };
}

/** The sign-in form's credentials: the user, or the form again with the refusal. */
export async function checkCredentials(ctx: CognitoContext, request: AuthorizeRequest, form: URLSearchParams): Promise<{ user: User } | { refused: EdgeResponse }> {
  const username = form.get("username") ?? "";
  let user: User;
  try {
    user = await hostedSignIn(ctx, request.pool, request.client, username, form.get("password") ?? "");
  } catch (error) {
    const known = findUser(request.pool, username);
    if (known && error instanceof AwsError && error.message === "Incorrect username or password.") {
      await recordAuthEvent(ctx, request.pool, known.username, { type: "SignIn", response: "Fail", challenges: [{ ChallengeName: "Password", ChallengeResponse: "Failure" }] });
    }
    if (error instanceof AwsError) return { refused: loginPage(request.pool.pool.name, error.message, username, loginBranding(ctx, request.pool, request.client.clientId)) };
    throw error;
  }
  await recordAuthEvent(ctx, request.pool, user.username, { type: "SignIn", response: "Pass", challenges: [{ ChallengeName: "Password", ChallengeResponse: "Success" }] });
  return { user };
}

/**
 * The signed-in user's way back to the app: a code (response_type=code) or tokens in the fragment
 * (implicit). `authTime` is when the user signed in with the form (an earlier sign-in for a session).
 */
export async function grant(ctx: CognitoContext, codes: Map<string, PendingCode>, request: AuthorizeRequest, user: User, authTime: number): Promise<EdgeResponse> {
  if (request.responseType === "code") {
    const code = randomUUID();
    const now = ctx.clock.now();
    for (const [key, pending] of codes) if (pending.expires <= now) codes.delete(key);
    codes.set(code, {
      poolId: request.pool.pool.id,
      clientId: request.client.clientId,
      username: user.username,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      authTime,
      ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge } : {}),
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      expires: now + AUTHORIZATION_CODE_VALIDITY_MS,
    });
    return redirect(withParams(request.redirectUri, { code, state: request.state }, "?"));
  }
  const { AuthenticationResult } = await signIn(ctx, request.pool, request.client, user, "TokenGeneration_HostedAuth", undefined, {
    scopes: request.scopes,
    authTime,
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
  });
  return redirect(
    withParams(
      request.redirectUri,
      {
        ...(request.scopes.includes("openid") ? { id_token: AuthenticationResult.IdToken } : {}),
        access_token: AuthenticationResult.AccessToken,
        expires_in: String(AuthenticationResult.ExpiresIn),
        token_type: "Bearer",
        state: request.state,
      },
      "#",
    ),
  );
}

/** RFC 7636: BASE64URL(SHA256(code_verifier)) must equal the code_challenge. */
export function verifierMatches(challenge: string, verifier: string): boolean {
  return createHash("sha256").update(verifier).digest("base64url") === challenge;
}
