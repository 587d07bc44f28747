/**
 * A pool's passkey settings: SetUserPoolMfaConfig's WebAuthnConfiguration (RelyingPartyId,
 * UserVerification), else the pool's domain as relying party (API reference,
 * WebAuthnConfigurationType: "typically your user pool domain"; a custom domain's name when it has
 * one), and whether passkeys are on (SignInPolicy.AllowedFirstAuthFactors names WEB_AUTHN).
 */
import type { CognitoContext } from "../context.js";
import type { PoolState, User } from "../state.js";
import { WebAuthnConfigurationMissingException, WebAuthnNotEnabledException } from "./errors.js";

/** A registered passkey, kept on its user (User.webAuthnCredentials, by credential id). */
export interface Passkey {
  /** The credential id, base64url. */
  id: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  counter: number;
  rpId: string;
  transports: string[];
  attachment?: string;
  name: string;
  created: number;
}

/** CredentialCreationOptions' and CREDENTIAL_REQUEST_OPTIONS' timeout (Amplify JS's recorded options: 60000). */
export const WEBAUTHN_TIMEOUT_MS = 60_000;
/** ListWebAuthnCredentials' MaxResults range (WebAuthnCredentialsQueryLimitType), also the passkeys a user may have. */
export const MAX_PASSKEYS = 20;

interface WebAuthnConfiguration {
  RelyingPartyId?: string;
  UserVerification?: "required" | "preferred";
}

function configuration(pool: PoolState): WebAuthnConfiguration {
  const value = pool.pool.config.WebAuthnConfiguration;
  return value !== null && typeof value === "object" ? (value as WebAuthnConfiguration) : {};
}

export function relyingPartyId(ctx: CognitoContext, pool: PoolState): string {
  const given = configuration(pool).RelyingPartyId;
  if (typeof given === "string" && given !== "") return given;
  const custom = pool.pool.config.CustomDomain;
  if (typeof custom === "string") return custom;
  const prefix = pool.pool.config.Domain;
  if (typeof prefix === "string") return `${prefix}.auth.${ctx.region}.amazoncognito.com`;
  throw new WebAuthnConfigurationMissingException();
}

export function userVerification(pool: PoolState): "required" | "preferred" {
  return configuration(pool).UserVerification === "required" ? "required" : "preferred";
}

export function passkeysEnabled(pool: PoolState): boolean {
  const policies = pool.pool.config.Policies as { SignInPolicy?: { AllowedFirstAuthFactors?: unknown } } | undefined;
  const factors = policies?.SignInPolicy?.AllowedFirstAuthFactors;
  return Array.isArray(factors) && factors.includes("WEB_AUTHN");
}

export function checkPasskeysEnabled(pool: PoolState): void {
  if (!passkeysEnabled(pool)) throw new WebAuthnNotEnabledException();
}

/**
 * An origin a ceremony may come from: https on the relying party's host or a subdomain of it (the
 * WebAuthn rule for an RP ID), or http on localhost / 127.0.0.1, which browsers treat as secure.
 */
export function originAllowed(origin: string, rpId: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname;
  const local = host === "localhost" || host === "127.0.0.1";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return false;
  return host === rpId || host.endsWith(`.${rpId}`);
}

export function passkeysOf(user: User): Passkey[] {
  return Object.values(user.webAuthnCredentials ?? {}).sort((a, b) => a.created - b.created);
}
