/**
 * USER_AUTH's WEB_AUTHN first factor: InitiateAuth (PREFERRED_CHALLENGE WEB_AUTHN, or SELECT_CHALLENGE
 * answered WEB_AUTHN) returns ChallengeName WEB_AUTHN with CREDENTIAL_REQUEST_OPTIONS, the JSON text of
 * the PublicKeyCredentialRequestOptions Amplify JS hands to navigator.credentials.get; the answer's
 * CREDENTIAL is the assertion as JSON text (Amplify JS's handleWebAuthnSignInResult), verified with
 * @simplewebauthn/server against the user's passkey.
 */
import { incorrectCredentials, invalidSession, UserNotFoundException } from "../../errors.js";
import type { Challenges } from "../auth.js";
import { param, type CognitoContext, type Input } from "../context.js";
import { finishSignIn } from "../devices/deviceAuth.js";
import { keep } from "../mfa/challenge.js";
import { checkSecretHash } from "../secretHash.js";
import type { Client, PoolState, User } from "../state.js";
import { postAuthentication } from "../triggers/hooks.js";
import { originAllowed, passkeysOf, relyingPartyId, userVerification, WEBAUTHN_TIMEOUT_MS } from "./config.js";
import { WebAuthnOriginNotAllowedException, WebAuthnRelyingPartyMismatchException } from "./errors.js";
import { clientData, rpIdHashMatches, savePasskeys } from "./registration.js";
import { randomBytes } from "node:crypto";

/** WEB_AUTHN waiting for the assertion of its challenge. */
export interface PendingWebAuthnChallenge {
  kind: "webAuthn";
  poolId: string;
  clientId: string;
  username: string;
  challenge: string;
  rpId: string;
  expires: number;
}

type Output = Record<string, unknown>;

/** Whether the user can sign in with a passkey. */
export const hasPasskeys = (user: User): boolean => passkeysOf(user).length > 0;

export function webAuthnChallenge(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User): Output {
  const rpId = relyingPartyId(ctx, pool);
  const challenge = randomBytes(16).toString("base64url");
  const session = keep(ctx, challenges, { kind: "webAuthn", poolId: pool.pool.id, clientId: client.clientId, username: user.username, challenge, rpId });
  const options = {
    challenge,
    timeout: WEBAUTHN_TIMEOUT_MS,
    rpId,
    allowCredentials: passkeysOf(user).map((p) => ({ type: "public-key", id: p.id, ...(p.transports.length > 0 ? { transports: p.transports } : {}) })),
    userVerification: userVerification(pool),
  };
  return { ChallengeName: "WEB_AUTHN", Session: session, ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) } };
}

/** RespondToAuthChallenge WEB_AUTHN: the assertion signed by one of the user's passkeys, then tokens. */
export async function answerWebAuthn(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, input: Input): Promise<Output> {
  const session = typeof input.Session === "string" ? input.Session : "";
  const pending = challenges.get(session);
  if (!pending || pending.kind !== "webAuthn" || pending.clientId !== client.clientId || pending.expires <= ctx.clock.now()) throw invalidSession();
  challenges.delete(session);
  const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
  const user = pool.users.get(pending.username);
  if (!user) throw new UserNotFoundException();
  checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
  let assertion: { id?: unknown; response?: Record<string, unknown> } | null;
  try {
    assertion = JSON.parse(param(responses, "CREDENTIAL")) as typeof assertion;
  } catch {
    throw incorrectCredentials();
  }
  // JSON text "null" (or a number) is no assertion.
  if (assertion === null || typeof assertion !== "object") throw incorrectCredentials();
  const passkey = typeof assertion.id === "string" && Object.hasOwn(user.webAuthnCredentials ?? {}, assertion.id) ? user.webAuthnCredentials?.[assertion.id] : undefined;
  const body = assertion.response;
  if (!passkey || !body || typeof body.clientDataJSON !== "string" || typeof body.authenticatorData !== "string") throw incorrectCredentials();
  const data = clientData(body.clientDataJSON);
  if (typeof data.origin !== "string" || !originAllowed(data.origin, pending.rpId)) throw new WebAuthnOriginNotAllowedException();
  if (!rpIdHashMatches(Buffer.from(body.authenticatorData, "base64url"), pending.rpId)) throw new WebAuthnRelyingPartyMismatchException();
  const { verifyAuthenticationResponse } = await import("@simplewebauthn/server");
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response: assertion as unknown as Parameters<typeof verifyAuthenticationResponse>[0]["response"],
      expectedChallenge: pending.challenge,
      expectedOrigin: data.origin,
      expectedRPID: pending.rpId,
      credential: { id: passkey.id, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")), counter: passkey.counter },
      requireUserVerification: userVerification(pool) === "required",
    });
    if (!result.verified) throw new Error("not verified");
    newCounter = result.authenticationInfo.newCounter;
  } catch (error) {
    ctx.logger.debug(`Cognito ${pool.pool.id}: passkey sign-in of ${user.username} refused: ${error instanceof Error ? error.message : String(error)}`);
    throw incorrectCredentials();
  }
  const updated = await savePasskeys(ctx, pool, user.username, (passkeys) => {
    const kept = passkeys[passkey.id];
    return kept ? { ...passkeys, [passkey.id]: { ...kept, counter: newCounter } } : passkeys;
  });
  if (!updated) throw new UserNotFoundException();
  await postAuthentication(ctx, pool, updated, client.clientId, input);
  return finishSignIn(ctx, pool, client, updated, "TokenGeneration_Authentication", input.ClientMetadata);
}
