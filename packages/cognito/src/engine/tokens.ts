/**
 * RS256 JWTs as Cognito issues them: ID tokens signed with the pool's first key, access tokens
 * with its second, `kid` in the header; refresh tokens are opaque and kept in the store.
 */
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from "node:crypto";
import { compactVerify, decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { accessTokenExpired, accessTokenRevoked, invalidAccessToken, userDisabled } from "../errors.js";
import { DEFAULT_ACCESS_TOKEN_VALIDITY_SECONDS, DEFAULT_ID_TOKEN_VALIDITY_SECONDS, DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS } from "../limits.js";
import { write, type CognitoContext } from "./context.js";
import { opaque } from "./ids.js";
import type { Client, PoolState, RefreshToken, SigningKey, User } from "./state.js";

const privateKeys = new WeakMap<SigningKey, KeyObject>();

function privateKeyOf(key: SigningKey): KeyObject {
  let k = privateKeys.get(key);
  if (!k) {
    k = createPrivateKey({ key: key.privateJwk, format: "jwk" });
    privateKeys.set(key, k);
  }
  return k;
}

function publicKeyOf(key: SigningKey): KeyObject {
  return createPublicKey(privateKeyOf(key));
}

/** The pool's JWKS document (<issuer>/.well-known/jwks.json). */
export function jwks(pool: PoolState): { keys: Array<Record<string, string>> } {
  return {
    keys: pool.pool.keys.map((key) => {
      const { n, e } = key.privateJwk;
      return { alg: "RS256", e, kid: key.kid, kty: "RSA", n, use: "sig" };
    }),
  };
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Validity of one token type, in seconds, from the client's settings (TokenValidityUnits). */
export function validity(client: Client, kind: "AccessToken" | "IdToken" | "RefreshToken"): number {
  const value = client.config[`${kind}Validity`];
  const units = (client.config.TokenValidityUnits as Record<string, string> | undefined)?.[kind];
  if (typeof value !== "number") {
    return kind === "AccessToken" ? DEFAULT_ACCESS_TOKEN_VALIDITY_SECONDS : kind === "IdToken" ? DEFAULT_ID_TOKEN_VALIDITY_SECONDS : DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS;
  }
  return value * (UNIT_SECONDS[units ?? (kind === "RefreshToken" ? "days" : "hours")] ?? 1);
}

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: "Bearer";
  RefreshToken?: string;
  IdToken: string;
}

/** Group names by precedence (lowest first, unset last), and their role ARNs. */
function groupClaims(pool: PoolState, user: User): Record<string, unknown> {
  if (user.groups.length === 0) return {};
  const groups = user.groups
    .map((name) => pool.groups.get(name))
    .filter((g) => g !== undefined)
    .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER));
  const roles = groups.map((g) => g.roleArn).filter((r) => r !== undefined);
  return {
    "cognito:groups": groups.map((g) => g.name),
    ...(roles.length > 0 ? { "cognito:preferred_role": roles[0], "cognito:roles": roles } : {}),
  };
}

/** User attributes as ID-token claims (verified flags are booleans). */
function attributeClaims(user: User): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === "sub") continue;
    claims[name] = name.endsWith("_verified") ? value === "true" : name === "updated_at" ? Number(value) : value;
  }
  return claims;
}

async function sign(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: "RS256" }).sign(privateKeyOf(key));
}

/** ID and access tokens for one refresh token's session (a sign-in, or a refresh of it). */
export async function issueTokens(ctx: CognitoContext, pool: PoolState, client: Client, user: User, session: RefreshToken): Promise<AuthenticationResult> {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const accessValidity = validity(client, "AccessToken");
  const groups = groupClaims(pool, user);
  const iss = ctx.issuer(pool.pool.id);
  const sub = user.attributes.sub;
  const idToken = await sign(pool.pool.keys[0], {
    sub,
    ...groups,
    email_verified: user.attributes.email_verified === undefined ? undefined : user.attributes.email_verified === "true",
    iss,
    "cognito:username": user.username,
    origin_jti: session.originJti,
    aud: client.clientId,
    event_id: session.eventId,
    token_use: "id",
    auth_time: session.authTime,
    exp: iat + validity(client, "IdToken"),
    iat,
    jti: randomUUID(),
    ...attributeClaims(user),
  });
  const accessToken = await sign(pool.pool.keys[1], {
    sub,
    ...groups,
    iss,
    client_id: client.clientId,
    origin_jti: session.originJti,
    event_id: session.eventId,
    token_use: "access",
    scope: "aws.cognito.signin.user.admin",
    auth_time: session.authTime,
    exp: iat + accessValidity,
    iat,
    jti: randomUUID(),
    username: user.username,
  });
  return { AccessToken: accessToken, ExpiresIn: accessValidity, TokenType: "Bearer", IdToken: idToken };
}

/** A successful sign-in: a new refresh token (stored) and tokens for it. */
export async function signIn(ctx: CognitoContext, pool: PoolState, client: Client, user: User): Promise<{ AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> }> {
  const now = ctx.clock.now();
  const session: RefreshToken = {
    token: `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${opaque(192)}.${opaque(12)}.${opaque(384)}.${opaque(16)}`,
    poolId: pool.pool.id,
    clientId: client.clientId,
    username: user.username,
    originJti: randomUUID(),
    eventId: randomUUID(),
    authTime: Math.floor(now / 1000),
    issued: now,
    expires: now + validity(client, "RefreshToken") * 1000,
    generation: user.tokenGeneration,
  };
  const tokens = await issueTokens(ctx, pool, client, user, session);
  await write(ctx, { t: "refresh", token: session });
  return { AuthenticationResult: { ...tokens, RefreshToken: session.token }, ChallengeParameters: {} };
}

/** Whether the sign-in session behind a token was revoked (RevokeToken, GlobalSignOut). */
export function sessionRevoked(session: RefreshToken, user: User): boolean {
  return session.revoked === true || session.generation !== user.tokenGeneration;
}

/** The user an access token belongs to: signature, token_use, expiry and revocation checked. */
export async function userFromAccessToken(ctx: CognitoContext, token: string): Promise<{ pool: PoolState; user: User; clientId: string }> {
  let poolId: string;
  let kid: string | undefined;
  try {
    const iss = decodeJwt(token).iss ?? "";
    poolId = iss.slice(iss.lastIndexOf("/") + 1);
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw invalidAccessToken();
  }
  const pool = ctx.durable.state.pools.get(poolId);
  const key = pool?.pool.keys[1];
  if (!pool || !key || key.kid !== kid) throw invalidAccessToken();
  let claims: Record<string, unknown>;
  try {
    const { payload } = await compactVerify(token, publicKeyOf(key));
    claims = JSON.parse(Buffer.from(payload).toString("utf8")) as Record<string, unknown>;
  } catch {
    throw invalidAccessToken();
  }
  if (claims.token_use !== "access" || claims.iss !== ctx.issuer(poolId)) throw invalidAccessToken();
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= ctx.clock.now()) throw accessTokenExpired();
  const user = pool.users.get(String(claims.username));
  if (!user || user.attributes.sub !== claims.sub) throw invalidAccessToken();
  const origin = ctx.durable.state.origins.get(String(claims.origin_jti));
  const session = origin === undefined ? undefined : ctx.durable.state.refreshTokens.get(origin);
  if (!session || sessionRevoked(session, user)) throw accessTokenRevoked();
  if (!user.enabled) throw userDisabled();
  return { pool, user, clientId: String(claims.client_id) };
}
