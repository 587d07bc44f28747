/**
 * The OpenID Connect tokens of GetOpenIdToken / GetOpenIdTokenForDeveloperIdentity, as Cognito
 * issues them (iss https://cognito-identity.amazonaws.com, sub = identity id, aud = identity
 * pool id, amr), signed RS256 with one key the sandbox keeps in its store and serves as JWKS at
 * <edge>/cognito-identity/.well-known/jwks_uri.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import { privateKeyOf, publicKeyOf } from "../../keyObjects.js";
import { OPEN_ID_ISSUER } from "../limits.js";
import { write, type IdentityContext } from "./context.js";
import type { OpenIdKey } from "./state.js";

async function signingKey(ctx: IdentityContext): Promise<OpenIdKey> {
  const existing = ctx.durable.state.key;
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key: OpenIdKey = { kid: `${ctx.region}-${randomUUID().slice(0, 8)}`, privateJwk: privateKey.export({ format: "jwk" }) as Record<string, string> };
  await write(ctx, { t: "key", key });
  return key;
}

/** The public half as a JWK, or undefined before the first token was issued. */
export function openIdPublicKey(ctx: IdentityContext): Record<string, string> | undefined {
  const key = ctx.durable.state.key;
  if (!key) return undefined;
  const { n, e } = key.privateJwk;
  return { kty: "RSA", alg: "RS256", use: "sig", kid: key.kid, n, e };
}

/** The key GetOpenIdToken's tokens are verified with, or undefined before the first token was issued. */
export function openIdVerificationKey(ctx: IdentityContext): KeyObject | undefined {
  const key = ctx.durable.state.key;
  return key && publicKeyOf(key);
}

/** The JWKS document ({"keys": [...]}), with the key created on first request. */
export async function openIdJwks(ctx: IdentityContext): Promise<{ keys: Array<Record<string, string>> }> {
  await signingKey(ctx);
  const key = openIdPublicKey(ctx);
  return { keys: key ? [key] : [] };
}

export async function signOpenIdToken(ctx: IdentityContext, claims: { sub: string; aud: string; amr: string[]; validitySeconds: number; extra?: Record<string, unknown> }): Promise<string> {
  const key = await signingKey(ctx);
  const privateKey = privateKeyOf(key);
  const iat = Math.floor(ctx.clock.now() / 1000);
  return new SignJWT({ ...claims.extra, sub: claims.sub, aud: claims.aud, amr: claims.amr, iss: OPEN_ID_ISSUER, iat, exp: iat + claims.validitySeconds })
    .setProtectedHeader({ kid: key.kid, typ: "JWS", alg: "RS256" })
    .sign(privateKey);
}
