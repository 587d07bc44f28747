/**
 * Passkey registration and management for the signed-in user: StartWebAuthnRegistration,
 * CompleteWebAuthnRegistration (the attestation verified with @simplewebauthn/server),
 * ListWebAuthnCredentials, DeleteWebAuthnCredential. The options follow what AWS answers (Amplify JS's
 * recorded CredentialCreationOptions): the relying party named by its id, the user by its sub,
 * ES256 and RS256, a resident key required, the user's other passkeys excluded.
 */
import { createHash, randomBytes } from "node:crypto";
import { InvalidParameterException, UserNotFoundException } from "../../errors.js";
import { page, write, type CognitoContext, type Input } from "../context.js";
import type { PoolState, User } from "../state.js";
import { userFromAccessToken } from "../tokens.js";
import { checkPasskeysEnabled, MAX_PASSKEYS, originAllowed, passkeysOf, relyingPartyId, userVerification, WEBAUTHN_TIMEOUT_MS, type Passkey } from "./config.js";
import {
  credentialNotFound,
  passkeyLimit,
  WebAuthnChallengeNotFoundException,
  WebAuthnClientMismatchException,
  WebAuthnCredentialNotSupportedException,
  WebAuthnOriginNotAllowedException,
  WebAuthnRelyingPartyMismatchException,
} from "./errors.js";

/** How long a StartWebAuthnRegistration challenge waits for its CompleteWebAuthnRegistration. */
export const REGISTRATION_CHALLENGE_VALIDITY_MS = 5 * 60 * 1000;

interface PendingRegistration {
  challenge: string;
  clientId: string;
  rpId: string;
  expires: number;
}

type Output = Record<string, unknown>;

/** A credential as the browser's PublicKeyCredential.toJSON() gives it (the request's Credential document, or its JSON text). */
function credentialOf(value: unknown, response: string[]): Record<string, unknown> & { id: string; response: Record<string, string> } {
  const parsed: unknown = typeof value === "string" ? safeJson(value) : value;
  const credential = parsed as { id?: unknown; response?: Record<string, unknown> } | undefined;
  const body = credential?.response;
  if (typeof credential?.id !== "string" || body === null || typeof body !== "object" || response.some((member) => typeof body[member] !== "string")) {
    throw new InvalidParameterException("Invalid credential.");
  }
  return credential as Record<string, unknown> & { id: string; response: Record<string, string> };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** clientDataJSON's challenge, origin and type. */
export function clientData(encoded: string): { challenge?: string; origin?: string; type?: string } {
  const parsed = safeJson(Buffer.from(encoded, "base64url").toString("utf8"));
  return parsed !== null && typeof parsed === "object" ? (parsed as { challenge?: string; origin?: string; type?: string }) : {};
}

/** The authenticator data's first 32 bytes: SHA-256 of the RP ID the authenticator used. */
export function rpIdHashMatches(authenticatorData: Uint8Array, rpId: string): boolean {
  const expected = createHash("sha256").update(rpId).digest();
  return authenticatorData.length >= 32 && expected.equals(Buffer.from(authenticatorData.subarray(0, 32)));
}

/** AWS's names in ListWebAuthnCredentials ("Roaming passkey" for a cross-platform one, the awscli example). */
function friendlyName(attachment: string | undefined): string {
  return attachment === "cross-platform" ? "Roaming passkey" : "Passkey";
}

export class WebAuthnRegistrations {
  /** "<poolId>/<username>" → the challenge of the user's last StartWebAuthnRegistration. */
  private readonly pending = new Map<string, PendingRegistration>();

  constructor(private readonly ctx: CognitoContext) {}

  async startWebAuthnRegistration(input: Input): Promise<Output> {
    const { pool, user, clientId } = await userFromAccessToken(this.ctx, String(input.AccessToken));
    checkPasskeysEnabled(pool);
    const rpId = relyingPartyId(this.ctx, pool);
    const challenge = randomBytes(16).toString("base64url");
    this.sweep();
    this.pending.set(`${pool.pool.id}/${user.username}`, { challenge, clientId, rpId, expires: this.ctx.clock.now() + REGISTRATION_CHALLENGE_VALIDITY_MS });
    const verification = userVerification(pool);
    return {
      CredentialCreationOptions: {
        rp: { id: rpId, name: rpId },
        user: { id: Buffer.from(user.attributes.sub ?? user.username).toString("base64url"), name: user.username, displayName: "" },
        challenge,
        pubKeyCredParams: [
          { type: "public-key", alg: -7 },
          { type: "public-key", alg: -257 },
        ],
        timeout: WEBAUTHN_TIMEOUT_MS,
        excludeCredentials: passkeysOf(user).map((p) => ({ type: "public-key", id: p.id })),
        authenticatorSelection: { requireResidentKey: true, residentKey: "required", userVerification: verification },
      },
    };
  }

  async completeWebAuthnRegistration(input: Input): Promise<Output> {
    const { pool, user, clientId } = await userFromAccessToken(this.ctx, String(input.AccessToken));
    checkPasskeysEnabled(pool);
    const key = `${pool.pool.id}/${user.username}`;
    const pending = this.pending.get(key);
    if (!pending || pending.expires <= this.ctx.clock.now()) throw new WebAuthnChallengeNotFoundException();
    if (pending.clientId !== clientId) throw new WebAuthnClientMismatchException();
    const credential = credentialOf(input.Credential, ["clientDataJSON", "attestationObject"]);
    const data = clientData(credential.response.clientDataJSON);
    if (data.challenge !== pending.challenge) throw new WebAuthnChallengeNotFoundException();
    if (typeof data.origin !== "string" || !originAllowed(data.origin, pending.rpId)) throw new WebAuthnOriginNotAllowedException();
    const { verifyRegistrationResponse } = await import("@simplewebauthn/server");
    const { decodeAttestationObject, isoBase64URL } = await import("@simplewebauthn/server/helpers");
    let authData: unknown;
    try {
      authData = decodeAttestationObject(isoBase64URL.toBuffer(credential.response.attestationObject)).get("authData");
    } catch {
      throw new WebAuthnCredentialNotSupportedException();
    }
    // A CBOR map without authData (or with another type there) decodes without an error.
    if (!(authData instanceof Uint8Array)) throw new WebAuthnCredentialNotSupportedException();
    if (!rpIdHashMatches(authData, pending.rpId)) throw new WebAuthnRelyingPartyMismatchException();
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: credential as unknown as Parameters<typeof verifyRegistrationResponse>[0]["response"],
        expectedChallenge: pending.challenge,
        expectedOrigin: data.origin,
        expectedRPID: pending.rpId,
        requireUserVerification: userVerification(pool) === "required",
      });
    } catch (error) {
      this.ctx.logger.debug(`Cognito ${pool.pool.id}: passkey of ${user.username} refused: ${error instanceof Error ? error.message : String(error)}`);
      throw new WebAuthnCredentialNotSupportedException();
    }
    if (!verified.verified) throw new WebAuthnCredentialNotSupportedException();
    if (passkeysOf(user).length >= MAX_PASSKEYS) throw passkeyLimit();
    this.pending.delete(key);
    const info = verified.registrationInfo;
    const attachment = typeof credential.authenticatorAttachment === "string" ? credential.authenticatorAttachment : undefined;
    const transports = Array.isArray(credential.response.transports as unknown) ? (credential.response.transports as unknown as string[]).map(String) : (info.credential.transports ?? []).map(String);
    const passkey: Passkey = {
      id: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
      counter: info.credential.counter,
      rpId: pending.rpId,
      transports,
      ...(attachment !== undefined ? { attachment } : {}),
      name: friendlyName(attachment),
      created: this.ctx.clock.now(),
    };
    if (!(await savePasskeys(this.ctx, pool, user.username, (passkeys) => ({ ...passkeys, [passkey.id]: passkey })))) throw new UserNotFoundException();
    return {};
  }

  async listWebAuthnCredentials(input: Input): Promise<Output> {
    const { user } = await userFromAccessToken(this.ctx, String(input.AccessToken));
    // MaxResults 0 (the range allows it) would page forever: it reads as the default, all 20.
    const limit = typeof input.MaxResults === "number" && input.MaxResults > 0 ? input.MaxResults : undefined;
    const { items, next } = page(passkeysOf(user), (p) => p.id, limit, input.NextToken, MAX_PASSKEYS);
    return {
      Credentials: items.map((p) => ({
        CredentialId: p.id,
        FriendlyCredentialName: p.name,
        RelyingPartyId: p.rpId,
        ...(p.attachment !== undefined ? { AuthenticatorAttachment: p.attachment } : {}),
        AuthenticatorTransports: p.transports,
        CreatedAt: p.created / 1000,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }

  async deleteWebAuthnCredential(input: Input): Promise<Output> {
    const { pool, user } = await userFromAccessToken(this.ctx, String(input.AccessToken));
    const id = String(input.CredentialId);
    if (!Object.hasOwn(user.webAuthnCredentials ?? {}, id)) throw credentialNotFound();
    await savePasskeys(this.ctx, pool, user.username, ({ [id]: _deleted, ...kept }) => kept);
    return {};
  }

  private sweep(): void {
    const now = this.ctx.clock.now();
    for (const [key, entry] of this.pending) if (entry.expires <= now) this.pending.delete(key);
  }
}

/**
 * Changes the user's passkeys on the user as it is now: a ceremony awaits its verification, and a
 * change acknowledged meanwhile (attributes, password, a deleted passkey) must stay. Undefined when
 * the user was deleted meanwhile (nothing is written, so the user is not brought back).
 */
export async function savePasskeys(ctx: CognitoContext, pool: PoolState, username: string, change: (passkeys: Record<string, Passkey>) => Record<string, Passkey>): Promise<User | undefined> {
  const current = pool.users.get(username);
  if (!current) return undefined;
  const { webAuthnCredentials, ...rest } = current;
  const passkeys = change({ ...webAuthnCredentials });
  const updated: User = { ...rest, ...(Object.keys(passkeys).length > 0 ? { webAuthnCredentials: passkeys } : {}), modified: ctx.clock.now() };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: updated });
  return updated;
}
