/**
 * RS256 JWTs as Cognito issues them: ID tokens signed with the pool's first key, access tokens
 * with its second, `kid` in the header; refresh tokens are opaque and kept in the store.
 */
import { createHash, randomUUID, type KeyObject } from "node:crypto";
import { compactVerify, decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { accessTokenExpired, accessTokenLacksScope, accessTokenRevoked, invalidAccessToken, userDisabled } from "../errors.js";
import { privateKeyOf, publicKeyOf } from "../keyObjects.js";
import { DEFAULT_ACCESS_TOKEN_VALIDITY_SECONDS, DEFAULT_ID_TOKEN_VALIDITY_SECONDS, DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS } from "../limits.js";
import { isTrue, write, type CognitoContext } from "./context.js";
import { clientAttributes } from "./schema.js";
import { opaque } from "./ids.js";
import type { Client, PoolState, RefreshToken, SigningKey, User } from "./state.js";
import { applyClaims, preTokenGeneration, type TokenGenerationSource, type TokenOverrides } from "./triggers/preTokenGeneration.js";

/** The scope of tokens from the user-pools API (InitiateAuth): the user may call the self-service actions. */
export const API_SCOPE = "aws.cognito.signin.user.admin";

/** The public key of the pool's key `kid` (ID tokens: the first, access tokens: the second), to verify a token's signature. */
export function verificationKey(pool: PoolState, kid: string | undefined): KeyObject | undefined {
  const key = pool.pool.keys.find((k) => k.kid === kid);
  return key && publicKeyOf(key);
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
  return validitySeconds(client.config, kind);
}

/** The same from CreateUserPoolClient / UpdateUserPoolClient members. */
export function validitySeconds(config: Record<string, unknown>, kind: "AccessToken" | "IdToken" | "RefreshToken"): number {
  const value = config[`${kind}Validity`];
  const units = (config.TokenValidityUnits as Record<string, string> | undefined)?.[kind];
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
  NewDeviceMetadata?: { DeviceKey: string; DeviceGroupKey: string };
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

/** User attributes as ID-token claims (verified flags are booleans): those the app client may read (ReadAttributes). */
function attributeClaims(user: User, client: Client): Record<string, unknown> {
  const readable = clientAttributes(client, "ReadAttributes");
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === "sub" || (readable && !readable.has(name))) continue;
    // Only the standard Boolean / Number attributes change type: a custom attribute's value is always a string in the
    // ID token ("custom:isMember": "true", "custom:YearsAsMember": "12"; API reference, SchemaAttributeType).
    claims[name] = name === "email_verified" || name === "phone_number_verified" ? isTrue(value) : name === "updated_at" ? Number(value) : value;
  }
  return claims;
}

async function sign(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: "RS256" }).sign(privateKeyOf(key));
}

/** OpenID Connect's at_hash: the left half of the access token's SHA-256, base64url (Core 3.1.3.6, RS256). */
export function accessTokenHash(accessToken: string): string {
  return createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
}

/**
 * ID and access tokens for one refresh token's session (a sign-in, or a refresh of it). `oauth` marks
 * tokens the domain's OAuth 2.0 endpoints issue: their ID token carries at_hash (and the authorize
 * request's nonce), their access token "version": 2, as the hosted UI's tokens do (AWS's sample access
 * token in "Understanding the access token"; a hosted-UI ID token in pmill/aws-cognito#34).
 */
export async function issueTokens(
  ctx: CognitoContext,
  pool: PoolState,
  client: Client,
  user: User,
  session: RefreshToken,
  source: TokenGenerationSource = "TokenGeneration_Authentication",
  clientMetadata?: unknown,
  oauth?: { nonce?: string },
): Promise<AuthenticationResult> {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const accessValidity = validity(client, "AccessToken");
  const defaultGroups = groupClaims(pool, user);
  const scopes = session.scopes ?? [API_SCOPE];
  const groupConfiguration = {
    groupsToOverride: (defaultGroups["cognito:groups"] as string[] | undefined) ?? [],
    iamRolesToOverride: (defaultGroups["cognito:roles"] as string[] | undefined) ?? [],
    preferredRole: (defaultGroups["cognito:preferred_role"] as string | undefined) ?? null,
  };
  const overrides = await preTokenGeneration(ctx, pool, user, client.clientId, source, groupConfiguration, scopes, clientMetadata);
  const groups = overrides?.groups ? overriddenGroups(overrides.groups, groupConfiguration) : defaultGroups;
  const scope = overrides ? scopeOf(scopes, overrides) : scopes.join(" ");
  const iss = ctx.issuer(pool.pool.id);
  const sub = user.attributes.sub;
  const accessClaims = {
    sub,
    // A sign-in tied to a device names it (AWS's sample access token in "Understanding the access token").
    ...(session.deviceKey !== undefined ? { device_key: session.deviceKey } : {}),
    ...groups,
    iss,
    ...(oauth ? { version: 2 } : {}),
    client_id: client.clientId,
    origin_jti: session.originJti,
    event_id: session.eventId,
    token_use: "access",
    scope,
    auth_time: session.authTime,
    exp: iat + accessValidity,
    iat,
    jti: randomUUID(),
    username: user.username,
  };
  const accessToken = await sign(pool.pool.keys[1], overrides ? applyClaims(accessClaims, overrides.access) : accessClaims);
  const idClaims = {
    ...(oauth ? { at_hash: accessTokenHash(accessToken) } : {}),
    sub,
    ...groups,
    email_verified: user.attributes.email_verified === undefined || clientAttributes(client, "ReadAttributes")?.has("email_verified") === false ? undefined : isTrue(user.attributes.email_verified),
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
    ...attributeClaims(user, client),
    // The OpenID Connect nonce of the authorize request that began this sign-in.
    ...(oauth?.nonce !== undefined ? { nonce: oauth.nonce } : {}),
  };
  const idToken = await sign(pool.pool.keys[0], overrides ? applyClaims(idClaims, overrides.id) : idClaims);
  return { AccessToken: accessToken, ExpiresIn: accessValidity, TokenType: "Bearer", IdToken: idToken };
}

/** A PreTokenGeneration groupOverrideDetails replaces the groups, roles and preferred role it names. */
function overriddenGroups(override: NonNullable<TokenOverrides["groups"]>, current: { groupsToOverride: string[]; iamRolesToOverride: string[]; preferredRole: string | null }): Record<string, unknown> {
  const groups = override.groupsToOverride ?? current.groupsToOverride;
  const roles = override.iamRolesToOverride ?? current.iamRolesToOverride;
  const preferred = override.preferredRole === undefined ? current.preferredRole : override.preferredRole;
  return {
    ...(groups.length > 0 ? { "cognito:groups": groups } : {}),
    ...(roles.length > 0 ? { "cognito:roles": roles } : {}),
    ...(preferred ? { "cognito:preferred_role": preferred } : {}),
  };
}

/** The access token's scope claim after a V2_0 trigger's scopesToAdd / scopesToSuppress. */
function scopeOf(scopes: string[], overrides: TokenOverrides): string {
  const all = [...scopes, ...overrides.scopesToAdd.filter((s) => !scopes.includes(s))];
  return all.filter((s) => !overrides.scopesToSuppress.includes(s)).join(" ");
}

/** A successful sign-in: a new refresh token (stored) and tokens for it. */
export async function signIn(
  ctx: CognitoContext,
  pool: PoolState,
  client: Client,
  user: User,
  source: TokenGenerationSource = "TokenGeneration_Authentication",
  clientMetadata?: unknown,
  /** `scopes` are given by the OAuth 2.0 endpoints' sign-ins (API sign-ins have the API scope), `device` by device-tracking sign-ins. */
  oauth?: { scopes?: string[]; nonce?: string; authTime?: number; device?: { key: string; groupKey?: string } },
): Promise<{ AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> }> {
  const now = ctx.clock.now();
  const session: RefreshToken = {
    token: `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${opaque(192)}.${opaque(12)}.${opaque(384)}.${opaque(16)}`,
    poolId: pool.pool.id,
    clientId: client.clientId,
    username: user.username,
    originJti: randomUUID(),
    eventId: randomUUID(),
    // A hosted UI session's sign-in keeps the time the user signed in with the form.
    authTime: oauth?.authTime ?? Math.floor(now / 1000),
    issued: now,
    expires: now + validity(client, "RefreshToken") * 1000,
    generation: user.tokenGeneration,
    ...(oauth?.scopes ? { scopes: oauth.scopes } : {}),
    ...(oauth?.device ? { deviceKey: oauth.device.key, ...(oauth.device.groupKey !== undefined ? { deviceGroupKey: oauth.device.groupKey } : {}) } : {}),
  };
  const tokens = await issueTokens(ctx, pool, client, user, session, source, clientMetadata, oauth?.scopes ? { ...(oauth.nonce !== undefined ? { nonce: oauth.nonce } : {}) } : undefined);
  await write(ctx, { t: "refresh", token: session });
  return { AuthenticationResult: { ...tokens, RefreshToken: session.token }, ChallengeParameters: {} };
}

/** Whether the sign-in session behind a token was revoked (RevokeToken, GlobalSignOut). */
export function sessionRevoked(session: RefreshToken, user: User): boolean {
  return session.revoked === true || session.generation !== user.tokenGeneration;
}

/** The sign-in (its refresh token) an ID or access token was issued for, by the token's origin_jti. */
function signInOf(ctx: CognitoContext, claims: Record<string, unknown>): RefreshToken | undefined {
  const origin = ctx.durable.state.origins.get(String(claims.origin_jti));
  return origin === undefined ? undefined : ctx.durable.state.refreshTokens.get(origin);
}

/**
 * Whether an ID token's sign-in was revoked (GlobalSignOut, AdminUserGlobalSignOut, RevokeToken)
 * or its user deleted: what an identity pool's ServerSideTokenCheck asks the user pool.
 */
export function idTokenRevoked(ctx: CognitoContext, pool: PoolState, claims: Record<string, unknown>): boolean {
  const user = pool.users.get(String(claims["cognito:username"]));
  if (!user || user.attributes.sub !== claims.sub) return true;
  const session = signInOf(ctx, claims);
  return !session || sessionRevoked(session, user);
}

/**
 * The user an access token belongs to: signature, token_use, expiry and revocation checked. The
 * user-pools API's self-service actions take a token only with the aws.cognito.signin.user.admin
 * scope (every AccessToken member of the API reference says so); the userInfo endpoint passes
 * `apiScope` false.
 */
export async function userFromAccessToken(ctx: CognitoContext, token: string, apiScope = true): Promise<{ pool: PoolState; user: User; clientId: string; session: RefreshToken }> {
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
  if (apiScope && !String(claims.scope ?? "").split(" ").includes(API_SCOPE)) throw accessTokenLacksScope();
  const user = pool.users.get(String(claims.username));
  if (!user || user.attributes.sub !== claims.sub) throw invalidAccessToken();
  const session = signInOf(ctx, claims);
  if (!session || sessionRevoked(session, user)) throw accessTokenRevoked();
  if (!user.enabled) throw userDisabled();
  return { pool, user, clientId: String(claims.client_id), session };
}

/** A client_credentials access token: the app client itself (sub = client id), no user, no ID or refresh token. */
export async function clientCredentialsToken(ctx: CognitoContext, pool: PoolState, client: Client, scopes: string[]): Promise<{ token: string; expiresIn: number }> {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const expiresIn = validity(client, "AccessToken");
  const token = await sign(pool.pool.keys[1], {
    sub: client.clientId,
    token_use: "access",
    scope: scopes.join(" "),
    auth_time: iat,
    iss: ctx.issuer(pool.pool.id),
    exp: iat + expiresIn,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.clientId,
  });
  return { token, expiresIn };
}
