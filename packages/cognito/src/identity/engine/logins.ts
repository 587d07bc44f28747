/**
 * The Logins map of GetId / GetCredentialsForIdentity / GetOpenIdToken: each provider's token
 * checked as Cognito checks it. User-pool ID tokens are verified against the local pool's keys
 * (issuer, audience = an app client the identity pool lists, signature, expiry); tokens of
 * other providers (Google, Facebook, …) cannot be verified offline and are taken as given.
 */
import { createHash, type KeyObject } from "node:crypto";
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import { issuerMismatch, loginsDoNotMatch, missingClaim, notACognitoToken, tokenExpired, tokenRevoked, unsupportedProvider, unverifiableToken } from "../errors.js";
import { OPEN_ID_ISSUER, OPEN_ID_PROVIDER } from "../limits.js";
import { isRecord, stringMap, type IdentityContext } from "./context.js";
import { openIdVerificationKey } from "./openId.js";
import type { IdentityPool } from "./state.js";

export interface Login {
  /** The Logins key ("cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC", "accounts.google.com"). */
  provider: string;
  /** The user's id at the provider (the token's sub). */
  subject: string;
  /** The token's claims (role rules read them); empty for unverified tokens. */
  claims: Record<string, unknown>;
  /** The user-pool app client the token was issued to (role mappings are keyed "<provider>:<clientId>"). */
  clientId?: string;
}

const USER_POOL_PROVIDER = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+_[0-9A-Za-z]+)$/;
/** "<host>/<poolId>": the sandbox's own issuer without its scheme. */
const LOCAL_ISSUER_PROVIDER = /^[^/]+\/(([\w-]+)_[0-9A-Za-z]+)$/;

/**
 * The AWS provider name of a Logins key. Amplify v6 keys a user pool's token by its `iss` minus
 * the scheme (which on AWS is "cognito-idp.<region>.amazonaws.com/<poolId>"), so the sandbox's
 * local issuer ("127.0.0.1:4566/<poolId>") names the same provider.
 */
async function providerName(ctx: IdentityContext, key: string): Promise<string> {
  const local = LOCAL_ISSUER_PROVIDER.exec(key);
  if (!local || USER_POOL_PROVIDER.test(key)) return key;
  const [, poolId, region] = local;
  const issuer = await ctx.userPools.issuer(poolId);
  return issuer.replace(/^\w+:\/\//, "") === key ? `cognito-idp.${region}.amazonaws.com/${poolId}` : key;
}

function decode(token: string): JWTPayload | undefined {
  try {
    decodeProtectedHeader(token);
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

async function verifySignature(token: string, key: KeyObject | undefined): Promise<boolean> {
  if (!key) return false;
  try {
    await compactVerify(token, key);
    return true;
  } catch {
    return false;
  }
}

function checkExpiry(ctx: IdentityContext, claims: JWTPayload): void {
  const now = Math.floor(ctx.clock.now() / 1000);
  if (typeof claims.exp !== "number") throw missingClaim("exp");
  if (now >= claims.exp) throw tokenExpired(now, claims.exp);
}

async function userPoolLogin(ctx: IdentityContext, pool: IdentityPool, provider: string, poolId: string, token: string): Promise<Login> {
  const listed = (Array.isArray(pool.config.CognitoIdentityProviders) ? pool.config.CognitoIdentityProviders : []).filter(isRecord).filter((p) => p.ProviderName === provider);
  if (listed.length === 0) throw unsupportedProvider();
  const claims = decode(token);
  if (!claims) throw notACognitoToken();
  // AWS's issuer form, or the sandbox's own (<edge>/<poolId>) that local pools write.
  if (claims.iss !== `https://${provider}` && claims.iss !== (await ctx.userPools.issuer(poolId))) throw issuerMismatch();
  const aud = typeof claims.aud === "string" ? claims.aud : undefined;
  if (aud === undefined) throw missingClaim("aud");
  const client = listed.find((p) => p.ClientId === aud);
  if (!client) throw unsupportedProvider();
  const key = await ctx.userPools.publicKey(poolId, decodeProtectedHeader(token).kid);
  if (!(await verifySignature(token, key))) throw unverifiableToken();
  checkExpiry(ctx, claims);
  if (typeof claims.sub !== "string") throw missingClaim("sub");
  // ServerSideTokenCheck: the user pool is asked whether the user signed out or was deleted.
  if (client.ServerSideTokenCheck === true && (await ctx.userPools.tokenRevoked(poolId, claims))) throw tokenRevoked();
  return { provider, subject: claims.sub, claims, clientId: aud };
}

/** A token of GetOpenIdToken(ForDeveloperIdentity): signed by the sandbox, its sub is the identity id. */
async function openIdLogin(ctx: IdentityContext, pool: IdentityPool, token: string): Promise<Login> {
  const claims = decode(token);
  if (!claims || claims.iss !== OPEN_ID_ISSUER) throw issuerMismatch();
  if (!(await verifySignature(token, openIdVerificationKey(ctx)))) throw unverifiableToken();
  checkExpiry(ctx, claims);
  if (claims.aud !== pool.id || typeof claims.sub !== "string") throw loginsDoNotMatch();
  return { provider: OPEN_ID_PROVIDER, subject: claims.sub, claims };
}

/** Checks every login; an empty or absent map gives no logins (unauthenticated). */
export async function checkLogins(ctx: IdentityContext, pool: IdentityPool, logins: unknown): Promise<Login[]> {
  const checked: Login[] = [];
  const supported = stringMap(pool.config.SupportedLoginProviders);
  for (const [key, token] of Object.entries(stringMap(logins))) {
    const provider = await providerName(ctx, key);
    const userPool = USER_POOL_PROVIDER.exec(provider);
    if (userPool) {
      checked.push(await userPoolLogin(ctx, pool, provider, userPool[2], token));
    } else if (provider === OPEN_ID_PROVIDER) {
      checked.push(await openIdLogin(ctx, pool, token));
    } else if (Object.hasOwn(supported, provider)) {
      // A social provider's token cannot be checked offline: its sub (or a digest) names the user.
      const claims = decode(token);
      const subject = typeof claims?.sub === "string" ? claims.sub : createHash("sha256").update(token).digest("hex");
      checked.push({ provider, subject, claims: claims ?? {} });
    } else {
      throw unsupportedProvider();
    }
  }
  return checked;
}
