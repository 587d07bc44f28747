/**
 * InitiateAuth / AdminInitiateAuth and RespondToAuthChallenge: USER_SRP_AUTH (PASSWORD_VERIFIER),
 * USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, REFRESH_TOKEN(_AUTH), USER_AUTH (userAuth.ts) and NEW_PASSWORD_REQUIRED, then
 * the MFA step (mfa/challenge.ts) and device authentication, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER
 * (devices/deviceAuth.ts);
 * GlobalSignOut, AdminUserGlobalSignOut and RevokeToken.
 */
import { randomBytes } from "node:crypto";
import { AwsError } from "@sam-sandbox/core";
import {
  incorrectCredentials,
  InvalidParameterException,
  invalidRefreshToken,
  invalidSession,
  NotAuthorizedException,
  refreshTokenExpired,
  refreshTokenRevoked,
  sessionExpired,
  userDisabled,
  UserNotConfirmedException,
  UserNotFoundException,
} from "../errors.js";
import { AUTH_SESSION_VALIDITY_MS } from "../limits.js";
import { checkPasswordPolicy, clientOf, findUser, param, poolOf, srpPoolName, sweep, userOf, write, type CognitoContext, type Input } from "./context.js";
import { passwordSignIn } from "./lockout.js";
import { checkSecretHash } from "./secretHash.js";
import { missingRequired } from "./schema.js";
import { checkPassword, makeVerifier, serverEphemeral, sessionKey, validA, verifyClaim, type ServerEphemeral, type Verifier } from "./srp.js";
import type { Client, PoolState, User } from "./state.js";
import { issueTokens, sessionRevoked, userFromAccessToken } from "./tokens.js";
import { answerCustomChallenge, customAuthStep, type PendingCustomChallenge } from "./triggers/customAuth.js";
import { postAuthentication, preAuthentication } from "./triggers/hooks.js";
import { migrateUser } from "./triggers/userMigration.js";
import { answerMfaChallenge, isMfaChallenge, keep, mfaChallenge, type PendingMfaChallenge } from "./mfa/challenge.js";
import { answerDevicePasswordVerifier, answerDeviceSrpAuth, deviceSrpChallenge, finishSignIn, type PendingDeviceChallenge } from "./devices/deviceAuth.js";
import { deviceConfiguration, deviceSkipsMfa, signInDevice } from "./devices/tracking.js";
import { answerWebAuthn, type PendingWebAuthnChallenge } from "./webauthn/signIn.js";
import { answerSelectChallenge, answerSmsOtp, startUserAuth, type PasswordSteps, type PendingSelectChallenge, type PendingSignUpSession, type PendingSmsOtp } from "./userAuth.js";

/** A challenge waiting for its answer (kept in memory: a restart expires it, as a 3-minute session would). */
export type PendingChallenge =
  | { kind: "srp"; poolId: string; clientId: string; username?: string; A: string; ephemeral: ServerEphemeral; verifier: Verifier; expires: number }
  | { kind: "newPassword"; poolId: string; clientId: string; username: string; expires: number }
  | PendingCustomChallenge
  | PendingMfaChallenge
  | PendingDeviceChallenge
  | PendingSelectChallenge
  | PendingSignUpSession
  | PendingSmsOtp
  | PendingWebAuthnChallenge;

export type Challenges = Map<string, PendingChallenge>;

type Output = Record<string, unknown>;

const DEFAULT_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"];

/** Whether the client's ExplicitAuthFlows (new ALLOW_* names or the legacy ones) allow `flow`. */
function flowEnabled(client: Client, flow: string): boolean {
  const given = client.config.ExplicitAuthFlows;
  const flows = Array.isArray(given) && given.length > 0 ? given.map(String) : DEFAULT_FLOWS;
  const legacy = flows.some((f) => !f.startsWith("ALLOW_"));
  switch (flow) {
    case "USER_SRP_AUTH":
      return legacy || flows.includes("ALLOW_USER_SRP_AUTH");
    case "USER_PASSWORD_AUTH":
      return flows.includes("ALLOW_USER_PASSWORD_AUTH") || flows.includes("USER_PASSWORD_AUTH");
    case "ADMIN_USER_PASSWORD_AUTH":
    case "ADMIN_NO_SRP_AUTH":
      return flows.includes("ALLOW_ADMIN_USER_PASSWORD_AUTH") || flows.includes("ADMIN_NO_SRP_AUTH");
    case "CUSTOM_AUTH":
      return flows.includes("ALLOW_CUSTOM_AUTH") || flows.includes("CUSTOM_AUTH_FLOW_ONLY");
    case "USER_AUTH":
      return flows.includes("ALLOW_USER_AUTH");
    default:
      return true;
  }
}

function hidesUsers(client: Client): boolean {
  return client.config.PreventUserExistenceErrors === "ENABLED";
}

/**
 * A user without a password: one a user import job created (RESET_REQUIRED) must reset it first —
 * PasswordResetRequiredException, or NotAuthorizedException under PreventUserExistenceErrors
 * (developer guide, "Requiring imported users to reset their passwords").
 */
function noPasswordYet(client: Client, user: User): AwsError {
  if (user.status !== "RESET_REQUIRED" || hidesUsers(client)) return incorrectCredentials();
  return new AwsError("PasswordResetRequiredException", "Password reset required for the user");
}

function unknownUser(client: Client): AwsError {
  return hidesUsers(client) ? incorrectCredentials() : new UserNotFoundException();
}

export async function initiateAuth(ctx: CognitoContext, challenges: Challenges, input: Input, admin: boolean): Promise<Output> {
  const { pool, client } = admin ? clientOf(ctx, String(input.ClientId), String(input.UserPoolId)) : clientOf(ctx, String(input.ClientId));
  const flow = String(input.AuthFlow);
  const params = (input.AuthParameters ?? {}) as Record<string, string>;
  const adminFlow = flow === "ADMIN_USER_PASSWORD_AUTH" || flow === "ADMIN_NO_SRP_AUTH";
  if (adminFlow !== admin && flow !== "USER_SRP_AUTH" && flow !== "CUSTOM_AUTH" && flow !== "REFRESH_TOKEN_AUTH" && flow !== "REFRESH_TOKEN" && flow !== "USER_AUTH") {
    throw new InvalidParameterException("Initiate Auth method not supported.");
  }
  if (flow === "REFRESH_TOKEN_AUTH" || flow === "REFRESH_TOKEN") return refresh(ctx, pool, client, params, false, input.ClientMetadata);
  if (!flowEnabled(client, flow)) {
    throw new InvalidParameterException(flow === "USER_PASSWORD_AUTH" || flow === "USER_AUTH" ? `${flow} flow not enabled for this client` : "Auth flow not enabled for this client");
  }
  if (flow === "USER_SRP_AUTH") return startSrp(ctx, challenges, pool, client, params, input);
  if (flow === "USER_AUTH") return startUserAuth(ctx, challenges, pool, client, params, input, passwordSteps(ctx, challenges, pool, client, input, params.DEVICE_KEY));
  if (flow === "CUSTOM_AUTH") {
    const username = param(params, "USERNAME");
    const user = findUser(pool, username);
    checkSecretHash(client, user ? [username, user.username] : username, params.SECRET_HASH);
    if (!user) throw unknownUser(client);
    if (!user.enabled) throw userDisabled();
    if (user.status === "UNCONFIRMED") throw new UserNotConfirmedException();
    await preAuthentication(ctx, pool, user, client.clientId, input);
    return customAuthStep(ctx, storeIn(ctx, challenges), pool, client, user, [], input, customTokens(ctx, challenges, pool, client, input, params.DEVICE_KEY));
  }
  if (flow === "USER_PASSWORD_AUTH" || adminFlow) {
    const username = param(params, "USERNAME");
    const password = param(params, "PASSWORD");
    const found = findUser(pool, username);
    checkSecretHash(client, found ? [username, found.username] : username, params.SECRET_HASH);
    // An unknown user may be migrated by the pool's UserMigration trigger, with the password given.
    const user = found ?? (await migrateUser(ctx, pool, client.clientId, username, password, input));
    if (!user) throw unknownUser(client);
    if (found) await preAuthentication(ctx, pool, user, client.clientId, input);
    const verifier = user.password;
    if (!verifier) throw noPasswordYet(client, user);
    const signedIn = await passwordSignIn(ctx, pool, user, () => checkPassword(verifier, srpPoolName(pool.pool.id), user.username, password));
    return afterPassword(ctx, challenges, pool, client, signedIn, input, params.DEVICE_KEY);
  }
  throw new InvalidParameterException(`The sandbox does not emulate the ${flow} flow.`);
}

async function refresh(ctx: CognitoContext, pool: PoolState, client: Client, params: Record<string, string>, secretChecked = false, clientMetadata?: unknown): Promise<Output> {
  const token = param(params, "REFRESH_TOKEN");
  const session = ctx.durable.state.refreshTokens.get(token);
  if (!session || session.clientId !== client.clientId || session.poolId !== pool.pool.id) throw invalidRefreshToken();
  const user = pool.users.get(session.username);
  if (!user) throw invalidRefreshToken();
  if (!secretChecked) checkSecretHash(client, [params.USERNAME ?? user.username, user.username, user.attributes.sub], params.SECRET_HASH);
  if (sessionRevoked(session, user)) throw refreshTokenRevoked();
  if (session.expires <= ctx.clock.now()) throw refreshTokenExpired();
  // A refresh token tied to a device works only with that device's key, once ConfirmDevice registered it.
  if (session.deviceKey !== undefined && deviceConfiguration(pool.pool) !== undefined) {
    if (params.DEVICE_KEY !== session.deviceKey || !user.devices?.[session.deviceKey]) throw invalidRefreshToken();
  }
  if (!user.enabled) throw userDisabled();
  return { AuthenticationResult: await issueTokens(ctx, pool, client, user, session, "TokenGeneration_RefreshTokens", clientMetadata), ChallengeParameters: {} };
}

async function startSrp(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, params: Record<string, string>, input: Input): Promise<Output> {
  const username = param(params, "USERNAME");
  const A = param(params, "SRP_A");
  if (!validA(A)) throw new InvalidParameterException("Invalid SRP_A.");
  const user = findUser(pool, username);
  checkSecretHash(client, user ? [username, user.username] : username, params.SECRET_HASH);
  if (!user && !hidesUsers(client)) throw new UserNotFoundException();
  if (user) await preAuthentication(ctx, pool, user, client.clientId, input);
  if (user && !user.password) throw noPasswordYet(client, user);
  // An unknown user under PreventUserExistenceErrors gets a challenge no password answers.
  const verifier = user?.password ?? makeVerifier(srpPoolName(pool.pool.id), username, randomBytes(16).toString("hex"));
  const ephemeral = serverEphemeral(verifier);
  const secretBlock = randomBytes(724).toString("base64");
  sweep(ctx, challenges);
  challenges.set(secretBlock, {
    kind: "srp",
    poolId: pool.pool.id,
    clientId: client.clientId,
    ...(user ? { username: user.username } : {}),
    A,
    ephemeral,
    verifier,
    expires: ctx.clock.now() + AUTH_SESSION_VALIDITY_MS,
  });
  const userId = user?.username ?? username;
  return {
    ChallengeName: "PASSWORD_VERIFIER",
    ChallengeParameters: { SALT: verifier.salt, SECRET_BLOCK: secretBlock, SRP_B: ephemeral.B, USERNAME: userId, USER_ID_FOR_SRP: userId },
  };
}

/** USER_AUTH's password factors: PASSWORD continues as USER_PASSWORD_AUTH does, PASSWORD_SRP as USER_SRP_AUTH. */
function passwordSteps(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, input: Input, deviceKey: unknown): PasswordSteps {
  return {
    afterPassword: (user) => afterPassword(ctx, challenges, pool, client, user, input, deviceKey),
    startSrp: (params) => startSrp(ctx, challenges, pool, client, params, input),
  };
}

/** Where customAuth keeps its next challenge (expired ones swept first). */
function storeIn(ctx: CognitoContext, challenges: Challenges): (key: string, pending: PendingCustomChallenge) => void {
  return (key, pending) => {
    sweep(ctx, challenges);
    challenges.set(key, pending);
  };
}

/** CUSTOM_AUTH's tokens: a confirmed device named by DEVICE_KEY is authenticated first (DEVICE_SRP_AUTH). */
function customTokens(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, input: Input, deviceKey: unknown): (user: User) => Promise<Output> {
  return async (user) => {
    const device = signInDevice(pool, user, typeof deviceKey === "string" ? deviceKey : undefined);
    if (device) return deviceSrpChallenge(ctx, challenges, pool, client, user, device, "TokenGeneration_Authentication");
    await postAuthentication(ctx, pool, user, client.clientId, input);
    return finishSignIn(ctx, pool, client, user, "TokenGeneration_Authentication", input.ClientMetadata);
  };
}

/**
 * The password was right: the user's status decides between tokens and a further challenge. A
 * confirmed device named by DEVICE_KEY is authenticated last (DEVICE_SRP_AUTH), in place of MFA when
 * it is remembered and the pool lets remembered devices skip it.
 */
async function afterPassword(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User, input: Input, deviceKey: unknown): Promise<Output> {
  if (!user.enabled) throw userDisabled();
  if (user.status === "UNCONFIRMED") throw new UserNotConfirmedException();
  if (user.status === "RESET_REQUIRED") throw new AwsError("PasswordResetRequiredException", "Password reset required for the user");
  const device = signInDevice(pool, user, typeof deviceKey === "string" ? deviceKey : undefined);
  if (user.status === "FORCE_CHANGE_PASSWORD") {
    if (user.temporaryPasswordExpires !== undefined && user.temporaryPasswordExpires <= ctx.clock.now()) {
      throw new NotAuthorizedException("Temporary password has expired and must be reset by an administrator.");
    }
    const session = keep(ctx, challenges, { kind: "newPassword", poolId: pool.pool.id, clientId: client.clientId, username: user.username });
    const attributes = Object.fromEntries(Object.entries(user.attributes).filter(([name]) => name !== "sub"));
    // The pool's required attributes an administrator created the user without, named as the answer must give them.
    const required = missingRequired(pool.pool.config.Schema, user.attributes).map((name) => `userAttributes.${name}`);
    return {
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: JSON.stringify(required), userAttributes: JSON.stringify(attributes) },
    };
  }
  if (device && deviceSkipsMfa(pool, device)) return deviceSrpChallenge(ctx, challenges, pool, client, user, device, "TokenGeneration_Authentication");
  // A right password may still owe a second factor (the pool's MfaConfiguration).
  const mfa = mfaChallenge(ctx, challenges, pool, client, user, "TokenGeneration_Authentication", device?.key);
  if (mfa) return mfa;
  if (device) return deviceSrpChallenge(ctx, challenges, pool, client, user, device, "TokenGeneration_Authentication");
  await postAuthentication(ctx, pool, user, client.clientId, input);
  return finishSignIn(ctx, pool, client, user, "TokenGeneration_Authentication", input.ClientMetadata);
}

function takeChallenge(ctx: CognitoContext, challenges: Challenges, key: unknown, clientId: string): PendingChallenge {
  const pending = typeof key === "string" ? challenges.get(key) : undefined;
  if (!pending || pending.clientId !== clientId) throw invalidSession();
  challenges.delete(String(key));
  if (pending.expires <= ctx.clock.now()) throw sessionExpired();
  return pending;
}

/** `sourceIp`: the client's address, kept as a device's last_ip_used when the device signs in. */
export async function respondToAuthChallenge(ctx: CognitoContext, challenges: Challenges, input: Input, admin: boolean, sourceIp?: string): Promise<Output> {
  const { pool, client } = admin ? clientOf(ctx, String(input.ClientId), String(input.UserPoolId)) : clientOf(ctx, String(input.ClientId));
  const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
  const name = String(input.ChallengeName);
  if (name === "PASSWORD_VERIFIER") {
    const secretBlock = param(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
    const signature = param(responses, "PASSWORD_CLAIM_SIGNATURE");
    const timestamp = param(responses, "TIMESTAMP");
    const username = param(responses, "USERNAME");
    // An unknown DEVICE_KEY fails before the challenge is used up: the SDKs send the same answer again without it.
    const deviceKey = typeof responses.DEVICE_KEY === "string" ? responses.DEVICE_KEY : undefined;
    const waiting = challenges.get(secretBlock);
    const signingIn = waiting?.kind === "srp" && waiting.clientId === client.clientId && waiting.username !== undefined ? pool.users.get(waiting.username) : undefined;
    if (signingIn) signInDevice(pool, signingIn, deviceKey);
    const pending = takeChallenge(ctx, challenges, secretBlock, client.clientId);
    if (pending.kind !== "srp") throw invalidSession();
    const user = pending.username === undefined ? undefined : pool.users.get(pending.username);
    checkSecretHash(client, user ? [username, user.username] : username, responses.SECRET_HASH);
    if (!user || !user.password) throw incorrectCredentials();
    const key = sessionKey(pending.verifier, pending.ephemeral, pending.A);
    const signedIn = await passwordSignIn(ctx, pool, user, () => verifyClaim(key, srpPoolName(pool.pool.id), user.username, secretBlock, timestamp, signature));
    return afterPassword(ctx, challenges, pool, client, signedIn, input, deviceKey);
  }
  if (name === "CUSTOM_CHALLENGE") {
    const pending = takeChallenge(ctx, challenges, input.Session, client.clientId);
    if (pending.kind !== "custom") throw invalidSession();
    const user = userOf(pool, pending.username);
    checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
    return answerCustomChallenge(ctx, storeIn(ctx, challenges), pool, client, user, pending, responses, input, customTokens(ctx, challenges, pool, client, input, responses.DEVICE_KEY));
  }
  if (name === "NEW_PASSWORD_REQUIRED") {
    const pending = takeChallenge(ctx, challenges, input.Session, client.clientId);
    if (pending.kind !== "newPassword") throw invalidSession();
    const user = userOf(pool, pending.username);
    checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
    const password = param(responses, "NEW_PASSWORD");
    checkPasswordPolicy(pool, password);
    const attributes = { ...user.attributes };
    for (const [key, value] of Object.entries(responses)) {
      if (key.startsWith("userAttributes.")) attributes[key.slice("userAttributes.".length)] = value;
    }
    // AWS's answer when the new password comes without a required attribute (amplify-ui#1155, amplify-swift#1786).
    const missing = missingRequired(pool.pool.config.Schema, attributes);
    if (missing.length > 0) throw new InvalidParameterException(`Invalid attributes given, ${missing[0]} is missing`);
    const updated: User = {
      ...user,
      attributes,
      status: "CONFIRMED",
      password: makeVerifier(srpPoolName(pool.pool.id), user.username, password),
      temporaryPasswordExpires: undefined,
      modified: ctx.clock.now(),
    };
    await write(ctx, { t: "user", poolId: pool.pool.id, user: updated });
    const mfa = mfaChallenge(ctx, challenges, pool, client, updated, "TokenGeneration_NewPasswordChallenge");
    if (mfa) return mfa;
    await postAuthentication(ctx, pool, updated, client.clientId, input);
    return finishSignIn(ctx, pool, client, updated, "TokenGeneration_NewPasswordChallenge", input.ClientMetadata);
  }
  if (name === "SELECT_CHALLENGE") {
    const pending = takeChallenge(ctx, challenges, input.Session, client.clientId);
    if (pending.kind !== "select") throw invalidSession();
    return answerSelectChallenge(ctx, challenges, pool, client, pending, input, passwordSteps(ctx, challenges, pool, client, input, responses.DEVICE_KEY));
  }
  if (name === "SMS_OTP") return answerSmsOtp(ctx, challenges, pool, client, input);
  if (name === "WEB_AUTHN") return answerWebAuthn(ctx, challenges, pool, client, input);
  if (isMfaChallenge(name)) return answerMfaChallenge(ctx, challenges, pool, client, name, input);
  if (name === "DEVICE_SRP_AUTH") return answerDeviceSrpAuth(ctx, challenges, pool, client, input);
  if (name === "DEVICE_PASSWORD_VERIFIER") return answerDevicePasswordVerifier(ctx, challenges, pool, client, input, sourceIp);
  throw new InvalidParameterException(`The sandbox does not emulate the ${name} challenge.`);
}

/** GetTokensFromRefreshToken (what Amplify v6 refreshes with): the client secret itself instead of SECRET_HASH. */
export async function getTokensFromRefreshToken(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, client } = clientOf(ctx, String(input.ClientId));
  if (client.secret !== undefined) {
    if (typeof input.ClientSecret !== "string" || input.ClientSecret === "") throw new NotAuthorizedException(`Client ${client.clientId} is configured for secret but secret was not received`);
    if (input.ClientSecret !== client.secret) throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.clientId}`);
  }
  const params = { REFRESH_TOKEN: String(input.RefreshToken), ...(typeof input.DeviceKey === "string" ? { DEVICE_KEY: input.DeviceKey } : {}) };
  const { AuthenticationResult } = await refresh(ctx, pool, client, params, true);
  return { AuthenticationResult };
}

export async function globalSignOut(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, user } = await userFromAccessToken(ctx, String(input.AccessToken));
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, tokenGeneration: user.tokenGeneration + 1 } });
  return {};
}

export async function adminUserGlobalSignOut(ctx: CognitoContext, input: Input): Promise<Output> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  const user = userOf(pool, String(input.Username));
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, tokenGeneration: user.tokenGeneration + 1 } });
  return {};
}

/** Revokes a refresh token and the access tokens issued from it; an unknown token is answered with success (RFC 7009). */
export async function revokeToken(ctx: CognitoContext, input: Input): Promise<Output> {
  const { client } = clientOf(ctx, String(input.ClientId));
  if (client.secret !== undefined && input.ClientSecret !== client.secret) throw new NotAuthorizedException("Client secret is incorrect.");
  const session = ctx.durable.state.refreshTokens.get(String(input.Token));
  if (session && session.clientId === client.clientId && !session.revoked) {
    await write(ctx, { t: "refresh", token: { ...session, revoked: true } });
  }
  return {};
}
