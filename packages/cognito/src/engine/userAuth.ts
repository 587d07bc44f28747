/**
 * USER_AUTH, choice-based sign-in (InitiateAuth / AdminInitiateAuth): the first factors the pool's
 * SignInPolicy.AllowedFirstAuthFactors allows and the user has — PASSWORD (answered as PASSWORD or
 * PASSWORD_SRP), EMAIL_OTP and SMS_OTP — offered in SELECT_CHALLENGE's AvailableChallenges, or taken
 * at once when PREFERRED_CHALLENGE names one of them (API reference, InitiateAuth AuthParameters and
 * ChallengeResponseType) — and WEB_AUTHN for a user with a passkey (webauthn/signIn.ts). ConfirmSignUp's
 * Session signs the new user in once without another factor.
 */
import type { Challenges } from "./auth.js";
import { incorrectCredentials, invalidSession, otpCodeMismatch, sessionExpired, userDisabled, UserNotConfirmedException, UserNotFoundException } from "../errors.js";
import { clientOf, findUser, isTrue, maskEmail, maskPhone, param, srpPoolName, type CognitoContext, type Input } from "./context.js";
import { finishSignIn } from "./devices/deviceAuth.js";
import { sixDigitCode } from "./ids.js";
import { passwordSignIn } from "./lockout.js";
import { keep } from "./mfa/challenge.js";
import { checkSecretHash } from "./secretHash.js";
import { checkPassword } from "./srp.js";
import type { Client, PoolState, User } from "./state.js";
import { postAuthentication, preAuthentication } from "./triggers/hooks.js";
import { hasPasskeys, webAuthnChallenge } from "./webauthn/signIn.js";

type Output = Record<string, unknown>;

/** A first factor the sandbox can run. */
export type FirstFactorChallenge = "PASSWORD" | "PASSWORD_SRP" | "EMAIL_OTP" | "SMS_OTP" | "WEB_AUTHN";

/** SELECT_CHALLENGE waiting for the user's ANSWER. */
export interface PendingSelectChallenge {
  kind: "select";
  poolId: string;
  clientId: string;
  username: string;
  available: FirstFactorChallenge[];
  expires: number;
}

/** SMS_OTP waiting for its SMS_OTP_CODE. */
export interface PendingSmsOtp {
  kind: "smsOtp";
  poolId: string;
  clientId: string;
  username: string;
  code: string;
  expires: number;
}

/** ConfirmSignUp's Session: the code just confirmed counts as the first factor of one USER_AUTH sign-in. */
export interface PendingSignUpSession {
  kind: "signUp";
  poolId: string;
  clientId: string;
  username: string;
  expires: number;
}

/** What auth.ts does once a factor is chosen (passed in: auth.ts imports this file). */
export interface PasswordSteps {
  /** Right password: MFA, device or tokens. */
  afterPassword(user: User): Promise<Output>;
  /** USER_SRP_AUTH's first step for these parameters (USERNAME, SRP_A): PASSWORD_VERIFIER. */
  startSrp(params: Record<string, string>): Promise<Output>;
}

/** The pool's AllowedFirstAuthFactors (AWS's default: PASSWORD alone). */
function allowedFactors(pool: PoolState): string[] {
  const policies = pool.pool.config.Policies as { SignInPolicy?: { AllowedFirstAuthFactors?: unknown } } | undefined;
  const given = policies?.SignInPolicy?.AllowedFirstAuthFactors;
  return Array.isArray(given) ? given.map(String) : ["PASSWORD"];
}

/** The first-factor challenges this user may answer. */
function availableFor(pool: PoolState, user: User): FirstFactorChallenge[] {
  const allowed = allowedFactors(pool);
  const available: FirstFactorChallenge[] = [];
  if (allowed.includes("PASSWORD") && user.password) available.push("PASSWORD", "PASSWORD_SRP");
  // A verified flag is a Boolean attribute: AWS keeps "True" as given and reads it as true (amplify-js#8205).
  if (allowed.includes("EMAIL_OTP") && user.attributes.email !== undefined && isTrue(user.attributes.email_verified)) available.push("EMAIL_OTP");
  if (allowed.includes("SMS_OTP") && user.attributes.phone_number !== undefined && isTrue(user.attributes.phone_number_verified)) available.push("SMS_OTP");
  if (allowed.includes("WEB_AUTHN") && hasPasskeys(user)) available.push("WEB_AUTHN");
  return available;
}

/** EMAIL_OTP: a code "sent" (printed); the answer is an EMAIL_OTP_CODE, checked as MFA's email code is. */
function emailOtp(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User): Output {
  const email = user.attributes.email ?? "";
  const code = sixDigitCode();
  ctx.logger.info(`Cognito ${pool.pool.id}: email sign-in code for ${user.username}${email !== user.username ? ` (${email})` : ""}: ${code}`);
  const session = keep(ctx, challenges, {
    kind: "mfa", poolId: pool.pool.id, clientId: client.clientId, username: user.username, challenge: "EMAIL_OTP", code, source: "TokenGeneration_Authentication",
  });
  return {
    ChallengeName: "EMAIL_OTP",
    Session: session,
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: maskEmail(email) },
  };
}

/** SMS_OTP: a code "sent" by text message (printed), answered as SMS_OTP_CODE. */
function smsOtp(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User): Output {
  const phone = user.attributes.phone_number ?? "";
  const code = sixDigitCode();
  ctx.logger.info(`Cognito ${pool.pool.id}: SMS sign-in code for ${user.username} (${phone}): ${code}`);
  const session = keep(ctx, challenges, { kind: "smsOtp", poolId: pool.pool.id, clientId: client.clientId, username: user.username, code });
  return {
    ChallengeName: "SMS_OTP",
    Session: session,
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "SMS", CODE_DELIVERY_DESTINATION: maskPhone(phone) },
  };
}

/** RespondToAuthChallenge SMS_OTP: the code sent, then tokens (a wrong code may be tried again in the same session). */
export async function answerSmsOtp(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, input: Input): Promise<Output> {
  const session = typeof input.Session === "string" ? input.Session : "";
  const pending = challenges.get(session);
  if (!pending || pending.kind !== "smsOtp" || pending.clientId !== client.clientId) throw invalidSession();
  if (pending.expires <= ctx.clock.now()) {
    challenges.delete(session);
    throw sessionExpired();
  }
  const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
  const user = pool.users.get(pending.username);
  if (!user) throw new UserNotFoundException();
  checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
  if (param(responses, "SMS_OTP_CODE") !== pending.code) throw otpCodeMismatch();
  challenges.delete(session);
  await postAuthentication(ctx, pool, user, client.clientId, input);
  return finishSignIn(ctx, pool, client, user, "TokenGeneration_Authentication", input.ClientMetadata);
}

/** One chosen factor, with the parameters that came with the choice. */
async function runFactor(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User, factor: FirstFactorChallenge, params: Record<string, string>, input: Input, steps: PasswordSteps): Promise<Output> {
  if (factor === "PASSWORD") {
    await preAuthentication(ctx, pool, user, client.clientId, input);
    const password = param(params, "PASSWORD");
    const verifier = user.password;
    if (!verifier) throw incorrectCredentials();
    return steps.afterPassword(await passwordSignIn(ctx, pool, user, () => checkPassword(verifier, srpPoolName(pool.pool.id), user.username, password)));
  }
  // startSrp runs PreAuthentication itself.
  if (factor === "PASSWORD_SRP") return steps.startSrp({ ...params, USERNAME: user.username });
  await preAuthentication(ctx, pool, user, client.clientId, input);
  if (factor === "WEB_AUTHN") return webAuthnChallenge(ctx, challenges, pool, client, user);
  return factor === "SMS_OTP" ? smsOtp(ctx, challenges, pool, client, user) : emailOtp(ctx, challenges, pool, client, user);
}

/**
 * ConfirmSignUp's Session (API reference, ConfirmSignUpResponse and InitiateAuth's Session): valid for
 * the user's first USER_AUTH sign-in within the authentication session's 3 minutes. Only a client that
 * allows USER_AUTH gets one (AWS answered aws-sdk-js-v3#6724, "Sign Up not returning Session": enable USER_AUTH).
 */
export function signUpSession(ctx: CognitoContext, challenges: Challenges, input: Input): Record<string, string> {
  const { pool, client } = clientOf(ctx, String(input.ClientId));
  const flows = client.config.ExplicitAuthFlows;
  if (!Array.isArray(flows) || !flows.includes("ALLOW_USER_AUTH")) return {};
  const user = findUser(pool, String(input.Username));
  if (!user) return {};
  return { Session: keep(ctx, challenges, { kind: "signUp", poolId: pool.pool.id, clientId: client.clientId, username: user.username }) };
}

/** A USER_AUTH sign-in with ConfirmSignUp's Session: tokens without another factor. */
async function signInAfterSignUp(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User, session: string, input: Input): Promise<Output> {
  const pending = challenges.get(session);
  if (!pending || pending.kind !== "signUp" || pending.clientId !== client.clientId || pending.username !== user.username) throw invalidSession();
  challenges.delete(session);
  if (pending.expires <= ctx.clock.now()) throw sessionExpired();
  await preAuthentication(ctx, pool, user, client.clientId, input);
  await postAuthentication(ctx, pool, user, client.clientId, input);
  return finishSignIn(ctx, pool, client, user, "TokenGeneration_Authentication", input.ClientMetadata);
}

/** InitiateAuth USER_AUTH: PREFERRED_CHALLENGE when the user has it, else SELECT_CHALLENGE. */
export async function startUserAuth(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, params: Record<string, string>, input: Input, steps: PasswordSteps): Promise<Output> {
  const username = param(params, "USERNAME");
  const user = findUser(pool, username);
  checkSecretHash(client, user ? [username, user.username] : username, params.SECRET_HASH);
  if (!user) throw client.config.PreventUserExistenceErrors === "ENABLED" ? incorrectCredentials() : new UserNotFoundException();
  if (!user.enabled) throw userDisabled();
  if (user.status === "UNCONFIRMED") throw new UserNotConfirmedException();
  if (typeof input.Session === "string" && input.Session !== "") return signInAfterSignUp(ctx, challenges, pool, client, user, input.Session, input);
  const available = availableFor(pool, user);
  const preferred = available.find((c) => c === params.PREFERRED_CHALLENGE);
  if (preferred !== undefined) return runFactor(ctx, challenges, pool, client, user, preferred, params, input, steps);
  const session = keep(ctx, challenges, { kind: "select", poolId: pool.pool.id, clientId: client.clientId, username: user.username, available });
  // AWS answers with no ChallengeParameters here (aws cognito-idp initiate-auth --auth-flow USER_AUTH output).
  return { ChallengeName: "SELECT_CHALLENGE", Session: session, AvailableChallenges: available };
}

/** RespondToAuthChallenge SELECT_CHALLENGE: ANSWER names an offered factor, with its parameters (PASSWORD, SRP_A). */
export async function answerSelectChallenge(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, pending: PendingSelectChallenge, input: Input, steps: PasswordSteps): Promise<Output> {
  const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
  const user = pool.users.get(pending.username);
  if (!user) throw new UserNotFoundException();
  checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
  const answer = param(responses, "ANSWER");
  // Like SELECT_MFA_TYPE's answer, a factor that was not offered fails the session.
  const factor = pending.available.find((c) => c === answer);
  if (factor === undefined) throw otpCodeMismatch();
  return runFactor(ctx, challenges, pool, client, user, factor, responses, input, steps);
}
