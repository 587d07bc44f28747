/**
 * The MFA step of a sign-in: after the password (USER_SRP_AUTH's PASSWORD_VERIFIER,
 * USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, NEW_PASSWORD_REQUIRED) the pool's MfaConfiguration
 * and the user's factors decide between tokens and SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP,
 * SELECT_MFA_TYPE or MFA_SETUP. Codes are printed to the terminal in place of an SMS or email.
 */
import { invalidSession, mfaCodeMismatch, otpCodeMismatch, sessionExpired, sessionUsed, SoftwareTokenMFANotFoundException, softwareTokenUsedOnce } from "../../errors.js";
import { AUTH_SESSION_VALIDITY_MS } from "../../limits.js";
import type { Challenges, PendingChallenge } from "../auth.js";
import type { PendingDeviceChallenge } from "../devices/deviceAuth.js";
import { maskEmail, maskPhone, param, sweep, userOf, write, type CognitoContext, type Input } from "../context.js";
import { opaque, sixDigitCode } from "../ids.js";
import { checkSecretHash } from "../secretHash.js";
import type { Client, MfaFactor, PoolState, User } from "../state.js";
import { deviceSrpChallenge, finishSignIn } from "../devices/deviceAuth.js";
import { postAuthentication } from "../triggers/hooks.js";
import type { TokenGenerationSource } from "../triggers/preTokenGeneration.js";
import { mfaMode, poolFactors } from "./poolConfig.js";
import { mfaOf, userFactors } from "./preferences.js";
import { matchingStep } from "./totp.js";

export type MfaChallengeName = MfaFactor | "SELECT_MFA_TYPE" | "MFA_SETUP";

const MFA_CHALLENGES = new Set<string>(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SELECT_MFA_TYPE", "MFA_SETUP"] satisfies MfaChallengeName[]);

/** Whether RespondToAuthChallenge's ChallengeName is one answerMfaChallenge answers. */
export const isMfaChallenge = (name: string): name is MfaChallengeName => MFA_CHALLENGES.has(name);

/** An MFA challenge waiting for its answer (or, for MFA_SETUP, for the software token to be verified). */
export interface PendingMfaChallenge {
  kind: "mfa";
  poolId: string;
  clientId: string;
  username: string;
  challenge: MfaChallengeName;
  /** The SMS or email code sent. */
  code?: string;
  /** SELECT_MFA_TYPE's MFAS_CAN_CHOOSE. */
  choices?: MfaFactor[];
  /** MFA_SETUP: the secret AssociateSoftwareToken gave, and whether VerifySoftwareToken accepted a code of it. */
  secret?: string;
  verified?: boolean;
  /** The sign-in this step belongs to (the PreTokenGeneration trigger's source). */
  source: TokenGenerationSource;
  expires: number;
  /** Answered (or passed on to the next step): kept until it expires to say so. */
  used?: boolean;
  /** The confirmed device the sign-in named (DEVICE_KEY): authenticated after the code (DEVICE_SRP_AUTH). */
  deviceKey?: string;
}

type Output = Record<string, unknown>;

/** A pending step without its expiry, which keep sets (device steps, whose type is an intersection, keep theirs in deviceAuth.ts). */
type Unexpiring<T> = T extends unknown ? Omit<T, "expires"> : never;

/** Keeps a challenge for 3 minutes under a new session string, dropping expired ones first. */
export function keep(ctx: CognitoContext, challenges: Challenges, pending: Unexpiring<Exclude<PendingChallenge, PendingDeviceChallenge>>): string {
  sweep(ctx, challenges);
  const session = opaque(96);
  challenges.set(session, { ...pending, expires: ctx.clock.now() + AUTH_SESSION_VALIDITY_MS });
  return session;
}

/** The pending MFA challenge of a session, left in place (a wrong code may be tried again). */
export function mfaSessionOf(ctx: CognitoContext, challenges: Challenges, session: unknown, clientId?: string): PendingMfaChallenge {
  const pending = typeof session === "string" ? challenges.get(session) : undefined;
  if (!pending || pending.kind !== "mfa" || (clientId !== undefined && pending.clientId !== clientId)) throw invalidSession();
  if (pending.expires <= ctx.clock.now()) {
    challenges.delete(String(session));
    throw sessionExpired();
  }
  if (pending.used === true) throw sessionUsed();
  return pending;
}

/** A session answered: AWS refuses it from now on ("session can only be used once"). */
export function spend(pending: PendingMfaChallenge): void {
  pending.used = true;
}

function codeDestination(user: User, factor: MfaFactor): { medium: string; destination: string; to: string } | undefined {
  if (factor === "SMS_MFA") {
    const phone = user.attributes.phone_number;
    return phone === undefined ? undefined : { medium: "SMS", destination: maskPhone(phone), to: phone };
  }
  const email = user.attributes.email;
  return email === undefined ? undefined : { medium: "EMAIL", destination: maskEmail(email), to: email };
}

/** One challenge: SMS_MFA and EMAIL_OTP "send" a code (printed), SOFTWARE_TOKEN_MFA asks the authenticator's. */
function challengeFor(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User, factor: MfaFactor, source: TokenGenerationSource, deviceKey: string | undefined): Output {
  const base = { kind: "mfa" as const, poolId: pool.pool.id, clientId: client.clientId, username: user.username, source, ...(deviceKey !== undefined ? { deviceKey } : {}) };
  if (factor === "SOFTWARE_TOKEN_MFA") {
    const session = keep(ctx, challenges, { ...base, challenge: factor });
    // The authenticator's name, as VerifySoftwareToken gave it (the AWS CLI's examples admin-initiate-auth.rst, respond-to-auth-challenge.rst).
    const name = user.mfa?.deviceName;
    return { ChallengeName: factor, Session: session, ChallengeParameters: { ...(name !== undefined ? { FRIENDLY_DEVICE_NAME: name } : {}), USER_ID_FOR_SRP: user.username } };
  }
  const delivery = codeDestination(user, factor);
  const code = sixDigitCode();
  const kind = factor === "SMS_MFA" ? "SMS" : "email";
  ctx.logger.info(`Cognito ${pool.pool.id}: ${kind} MFA sign-in code for ${user.username}${delivery && delivery.to !== user.username ? ` (${delivery.to})` : ""}: ${code}`);
  const session = keep(ctx, challenges, { ...base, challenge: factor, code });
  return {
    ChallengeName: factor,
    Session: session,
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: delivery?.medium ?? "SMS", CODE_DELIVERY_DESTINATION: delivery?.destination ?? "", USER_ID_FOR_SRP: user.username },
  };
}

/** What MFA asks of a user whose password was right: nothing, one factor, a choice, or setting one up. */
export type MfaDecision = { ask: "factor"; factor: MfaFactor } | { ask: "select"; factors: MfaFactor[] } | { ask: "setup"; factors: MfaFactor[] } | undefined;

/**
 * OPTIONAL asks users with a factor on; ON asks everyone: without a factor, SMS to a phone number
 * (or email to an address) when the pool offers it, else MFA_SETUP. A verified software token
 * counts even when the pool stopped offering TOTP (developer guide, "Adding MFA to a user pool").
 */
export function mfaDecision(pool: PoolState, user: User): MfaDecision {
  const mode = mfaMode(pool.pool);
  if (mode === "OFF") return undefined;
  const offered = poolFactors(pool.pool);
  const factors = userFactors(user).filter((f) => offered.includes(f) || f === "SOFTWARE_TOKEN_MFA");
  if (factors.length === 0) {
    if (mode === "OPTIONAL") return undefined;
    if (offered.includes("SMS_MFA") && user.attributes.phone_number !== undefined) return { ask: "factor", factor: "SMS_MFA" };
    if (offered.includes("EMAIL_OTP") && user.attributes.email !== undefined) return { ask: "factor", factor: "EMAIL_OTP" };
    return { ask: "setup", factors: offered };
  }
  const preferred = user.mfa?.preferred;
  const pick = preferred !== undefined && factors.includes(preferred) ? preferred : factors.length === 1 ? factors[0] : undefined;
  return pick !== undefined ? { ask: "factor", factor: pick } : { ask: "select", factors };
}

/** The challenge MFA asks after a right password, or undefined for tokens now. */
export function mfaChallenge(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User, source: TokenGenerationSource, deviceKey?: string): Output | undefined {
  const decision = mfaDecision(pool, user);
  if (decision === undefined) return undefined;
  if (decision.ask === "factor") return challengeFor(ctx, challenges, pool, client, user, decision.factor, source, deviceKey);
  const base = { kind: "mfa" as const, poolId: pool.pool.id, clientId: client.clientId, username: user.username, source, ...(deviceKey !== undefined ? { deviceKey } : {}) };
  if (decision.ask === "setup") {
    const session = keep(ctx, challenges, { ...base, challenge: "MFA_SETUP" });
    return { ChallengeName: "MFA_SETUP", Session: session, ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(decision.factors), USER_ID_FOR_SRP: user.username } };
  }
  const session = keep(ctx, challenges, { ...base, challenge: "SELECT_MFA_TYPE", choices: decision.factors });
  return { ChallengeName: "SELECT_MFA_TYPE", Session: session, ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(decision.factors), USER_ID_FOR_SRP: user.username } };
}

/** Checks a software token code: ±1 step, and each step's code good once. Returns the user with the step recorded. */
export function acceptTotp(user: User, secret: string, code: string, now: number): User {
  const step = matchingStep(secret, code, now);
  if (step === undefined) throw mfaCodeMismatch();
  const last = user.mfa?.lastStep;
  if (last !== undefined && step <= last) throw softwareTokenUsedOnce();
  return { ...user, mfa: { ...mfaOf(user), lastStep: step } };
}

/** RespondToAuthChallenge / AdminRespondToAuthChallenge for SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SELECT_MFA_TYPE and MFA_SETUP. */
export async function answerMfaChallenge(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, name: MfaChallengeName, input: Input): Promise<Output> {
  const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
  const pending = mfaSessionOf(ctx, challenges, input.Session, client.clientId);
  if (pending.challenge !== name) throw invalidSession();
  let user = userOf(pool, pending.username);
  checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
  if (name === "SELECT_MFA_TYPE") {
    const answer = param(responses, "ANSWER");
    const choice = pending.choices?.find((c) => c === answer);
    if (choice === undefined) throw otpCodeMismatch();
    spend(pending);
    return challengeFor(ctx, challenges, pool, client, user, choice, pending.source, pending.deviceKey);
  }
  if (name === "MFA_SETUP") {
    if (pending.verified !== true) throw new SoftwareTokenMFANotFoundException();
  } else if (name === "SOFTWARE_TOKEN_MFA") {
    const secret = user.mfa?.secret;
    if (secret === undefined) throw new SoftwareTokenMFANotFoundException();
    user = acceptTotp(user, secret, param(responses, "SOFTWARE_TOKEN_MFA_CODE"), ctx.clock.now());
    await write(ctx, { t: "user", poolId: pool.pool.id, user });
  } else {
    const code = param(responses, name === "SMS_MFA" ? "SMS_MFA_CODE" : "EMAIL_OTP_CODE");
    if (code !== pending.code) throw otpCodeMismatch();
    // An unverified phone number used for SMS MFA is verified once the code comes back (developer guide, "Adding MFA to a user pool").
    if (name === "SMS_MFA" && user.attributes.phone_number_verified !== "true") {
      user = { ...user, attributes: { ...user.attributes, phone_number_verified: "true" } };
      await write(ctx, { t: "user", poolId: pool.pool.id, user });
    }
  }
  spend(pending);
  // The sign-in named a confirmed device: it is authenticated next, then tokens come.
  const device = pending.deviceKey === undefined ? undefined : user.devices?.[pending.deviceKey];
  if (device) return deviceSrpChallenge(ctx, challenges, pool, client, user, device, pending.source);
  await postAuthentication(ctx, pool, user, client.clientId, input);
  return finishSignIn(ctx, pool, client, user, pending.source, input.ClientMetadata);
}
