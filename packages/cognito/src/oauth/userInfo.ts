/**
 * GET /oauth2/userInfo: the signed-in user's attributes for a Bearer access token the token endpoint
 * issued, within the token's scopes (AWS's "The user attributes endpoint" page).
 */
import type { EdgeResponse } from "@sam-sandbox/core";
import { AwsError } from "@sam-sandbox/core";
import { decodeJwt } from "jose";
import type { CognitoContext } from "../engine/context.js";
import { clientAttributes } from "../engine/schema.js";
import type { Client } from "../engine/state.js";
import { userFromAccessToken } from "../engine/tokens.js";

/** The `profile` scope's attributes; custom attributes come with it too. */
const PROFILE = new Set(["name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"]);
const BY_SCOPE: Record<string, (name: string) => boolean> = {
  profile: (name) => PROFILE.has(name) || name.startsWith("custom:"),
  email: (name) => name === "email" || name === "email_verified",
  phone: (name) => name === "phone_number" || name === "phone_number_verified",
};

// The headers of AWS's example answers (userInfo endpoint page).
const noStore = () => ({ "cache-control": "no-cache, no-store, max-age=0, must-revalidate", pragma: "no-cache", expires: "0" });

/**
 * The refusals of AWS's page, WWW-Authenticate with no body. AWS prints the challenge without its
 * scheme; RFC 6750 (and the OpenID Connect example AWS's copies, since corrected) starts it with
 * "Bearer", which clients need to parse it.
 */
function challenge(status: 400 | 401, error: "invalid_request" | "invalid_token", description: string): EdgeResponse {
  return { status, headers: { ...noStore(), "www-authenticate": `Bearer error="${error}", error_description="${description}"` }, body: "" };
}

const INVALID_TOKEN = "Access token is expired, disabled, or deleted, or the user has globally signed out.";

/**
 * Which attributes the scopes release: `openid` alone all the client can read; with `profile`,
 * `email` or `phone` only theirs. `sub` and `username` always.
 */
function released(scopes: string[], client: Client | undefined): (name: string) => boolean {
  const readable = client && clientAttributes(client, "ReadAttributes");
  const narrowing = scopes.filter((s) => BY_SCOPE[s] !== undefined).map((s) => BY_SCOPE[s]);
  return (name) => name === "sub" || ((readable === undefined || readable.has(name)) && (narrowing.length === 0 || narrowing.some((allows) => allows(name))));
}

export async function userInfo(ctx: CognitoContext, authorization: string | undefined): Promise<EdgeResponse> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!bearer) return challenge(400, "invalid_request", "Bad OAuth2 request at UserInfo Endpoint");
  let signedIn;
  try {
    signedIn = await userFromAccessToken(ctx, bearer[1], false);
  } catch (error) {
    if (error instanceof AwsError) return challenge(401, "invalid_token", INVALID_TOKEN);
    throw error;
  }
  const { pool, user, clientId } = signedIn;
  // The token's own scope claim: a pre token generation trigger may have added or suppressed scopes.
  const scopes = String(decodeJwt(bearer[1]).scope ?? "").split(" ");
  // An access token of the user-pools API (InitiateAuth) has no openid scope: the text quoted in simov/grant#189.
  if (!scopes.includes("openid")) return challenge(401, "invalid_token", "Access token does not contain openid scope");
  const allowed = released(scopes, pool.clients.get(clientId));
  // Verified flags stay strings ("true"), as AWS answers them.
  const attributes = Object.fromEntries(Object.entries(user.attributes).filter(([name]) => allowed(name)));
  return { status: 200, headers: { "content-type": "application/json;charset=UTF-8", ...noStore() }, body: JSON.stringify({ ...attributes, username: user.username }) };
}
