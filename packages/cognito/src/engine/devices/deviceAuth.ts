/**
 * Device authentication at sign-in: after the password (and MFA, unless a remembered device stands
 * in for it) Cognito asks DEVICE_SRP_AUTH; the client answers SRP_A, gets DEVICE_PASSWORD_VERIFIER
 * (SRP_B, SALT, SECRET_BLOCK) and signs with the device's secret. It is SRP as for passwords, with the
 * DeviceGroupKey in place of the pool name and the DeviceKey in place of the user name — what
 * amazon-cognito-identity-js's getDeviceResponse and Amplify's handleDeviceSRPAuth compute.
 * A sign-in that ends without a device gets a NewDeviceMetadata when the pool tracks devices.
 */
import { randomBytes } from "node:crypto";
import { deviceNotFound, incorrectCredentials, InvalidParameterException, invalidSession, sessionExpired } from "../../errors.js";
import { AUTH_SESSION_VALIDITY_MS } from "../../limits.js";
import type { Challenges, PendingChallenge } from "../auth.js";
import { param, sweep, userOf, write, type CognitoContext, type Input } from "../context.js";
import { newDeviceGroupKey, newDeviceKey, opaque } from "../ids.js";
import { checkSecretHash } from "../secretHash.js";
import { makeVerifier, serverEphemeral, sessionKey, validA, verifyClaim, type ServerEphemeral, type Verifier } from "../srp.js";
import type { Client, Device, PoolState, User } from "../state.js";
import { signIn, type AuthenticationResult } from "../tokens.js";
import { postAuthentication } from "../triggers/hooks.js";
import type { TokenGenerationSource } from "../triggers/preTokenGeneration.js";
import { deviceConfiguration } from "./tracking.js";

/** DEVICE_SRP_AUTH waiting for SRP_A, then DEVICE_PASSWORD_VERIFIER waiting for the claim. */
export type PendingDeviceChallenge = {
  kind: "device";
  poolId: string;
  clientId: string;
  username: string;
  deviceKey: string;
  source: TokenGenerationSource;
  expires: number;
} & ({ step: "srp" } | { step: "verifier"; secretBlock: string; A: string; ephemeral: ServerEphemeral; verifier: Verifier });

type Output = Record<string, unknown>;

function keep(ctx: CognitoContext, challenges: Challenges, pending: PendingDeviceChallenge): string {
  sweep(ctx, challenges);
  const session = opaque(96);
  challenges.set(session, pending);
  return session;
}

/** The DEVICE_SRP_AUTH challenge for a confirmed device, once the password (and any MFA) is answered. */
export function deviceSrpChallenge(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, user: User, device: Device, source: TokenGenerationSource): Output {
  const session = keep(ctx, challenges, {
    kind: "device", step: "srp", poolId: pool.pool.id, clientId: client.clientId, username: user.username, deviceKey: device.key, source, expires: ctx.clock.now() + AUTH_SESSION_VALIDITY_MS,
  });
  return { ChallengeName: "DEVICE_SRP_AUTH", Session: session, ChallengeParameters: {} };
}

/**
 * The pending device step a response belongs to: by Session, or — for clients that send none, or
 * still the MFA step's (amazon-cognito-identity-js's sendMFACode does) — the one of this client that
 * `scan` picks. Taken out of the map (each step answers once).
 */
function takeStep(ctx: CognitoContext, challenges: Challenges, session: unknown, clientId: string, step: PendingDeviceChallenge["step"], scan: (pending: PendingDeviceChallenge) => boolean): PendingDeviceChallenge {
  const ours = (pending: PendingChallenge | undefined): pending is PendingDeviceChallenge => pending !== undefined && isDevice(pending) && pending.clientId === clientId && pending.step === step;
  let key: string | undefined = typeof session === "string" && ours(challenges.get(session)) ? session : undefined;
  if (key === undefined) {
    for (const [k, pending] of challenges) if (ours(pending) && scan(pending)) key = k;
  }
  const pending = key === undefined ? undefined : challenges.get(key);
  if (key === undefined || !ours(pending)) throw invalidSession();
  challenges.delete(key);
  if (pending.expires <= ctx.clock.now()) throw sessionExpired();
  return pending;
}

const isDevice = (pending: PendingChallenge): pending is PendingDeviceChallenge => pending.kind === "device";

/** The device a step is for; forgotten since the step began: "Device does not exist.". */
function deviceOf(user: User, key: string): Device {
  const device = user.devices?.[key];
  if (!device) throw deviceNotFound();
  return device;
}

/** RespondToAuthChallenge DEVICE_SRP_AUTH (USERNAME, DEVICE_KEY, SRP_A) → DEVICE_PASSWORD_VERIFIER. */
export function answerDeviceSrpAuth(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, input: Input): Output {
  const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
  const deviceKey = param(responses, "DEVICE_KEY");
  const A = param(responses, "SRP_A");
  if (!validA(A)) throw new InvalidParameterException("Invalid SRP_A.");
  const pending = takeStep(ctx, challenges, input.Session, client.clientId, "srp", (p) => p.deviceKey === deviceKey);
  const user = userOf(pool, pending.username);
  checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
  if (pending.deviceKey !== deviceKey) throw deviceNotFound();
  const device = deviceOf(user, deviceKey);
  // A device confirmed without a verifier gets a challenge no secret answers.
  const verifier = device.verifier ?? makeVerifier(device.groupKey, device.key, randomBytes(16).toString("hex"));
  const ephemeral = serverEphemeral(verifier);
  const secretBlock = randomBytes(724).toString("base64");
  const session = keep(ctx, challenges, { ...pending, step: "verifier", secretBlock, A, ephemeral, verifier, expires: ctx.clock.now() + AUTH_SESSION_VALIDITY_MS });
  return {
    ChallengeName: "DEVICE_PASSWORD_VERIFIER",
    Session: session,
    ChallengeParameters: { DEVICE_KEY: device.key, SALT: verifier.salt, SECRET_BLOCK: secretBlock, SRP_B: ephemeral.B, USERNAME: user.username },
  };
}

/** RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER: the device's claim checked, then tokens for the device. */
export async function answerDevicePasswordVerifier(ctx: CognitoContext, challenges: Challenges, pool: PoolState, client: Client, input: Input, sourceIp?: string): Promise<Output> {
  const responses = (input.ChallengeResponses ?? {}) as Record<string, string>;
  const secretBlock = param(responses, "PASSWORD_CLAIM_SECRET_BLOCK");
  const signature = param(responses, "PASSWORD_CLAIM_SIGNATURE");
  const timestamp = param(responses, "TIMESTAMP");
  const deviceKey = param(responses, "DEVICE_KEY");
  const pending = takeStep(ctx, challenges, input.Session, client.clientId, "verifier", (p) => p.step === "verifier" && p.secretBlock === secretBlock);
  if (pending.step !== "verifier") throw invalidSession();
  const user = userOf(pool, pending.username);
  checkSecretHash(client, [responses.USERNAME ?? user.username, user.username], responses.SECRET_HASH);
  if (pending.deviceKey !== deviceKey) throw deviceNotFound();
  const device = deviceOf(user, deviceKey);
  const key = sessionKey(pending.verifier, pending.ephemeral, pending.A);
  if (!verifyClaim(key, device.groupKey, device.key, secretBlock, timestamp, signature)) throw incorrectCredentials();
  await postAuthentication(ctx, pool, user, client.clientId, input);
  return finishSignIn(ctx, pool, client, user, pending.source, input.ClientMetadata, sourceIp === undefined ? device : { ...device, lastIp: sourceIp });
}

/**
 * Tokens at the end of an API sign-in. With an authenticated device the refresh token is tied to it
 * (refreshing then needs its DEVICE_KEY) and its DeviceLastAuthenticatedDate moves; without one, a
 * pool that tracks devices hands out a new device key ("Working with user devices": a device key in
 * the response to any sign-in that doesn't already include device information).
 */
export async function finishSignIn(
  ctx: CognitoContext,
  pool: PoolState,
  client: Client,
  user: User,
  source: TokenGenerationSource,
  clientMetadata: unknown,
  device?: Device,
): Promise<{ AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> }> {
  if (device) {
    const now = ctx.clock.now();
    const devices = { ...user.devices, [device.key]: { ...device, lastAuthenticated: now } };
    await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, devices } });
    return signIn(ctx, pool, client, user, source, clientMetadata, { device: { key: device.key } });
  }
  if (deviceConfiguration(pool.pool) === undefined) return signIn(ctx, pool, client, user, source, clientMetadata);
  const key = newDeviceKey(ctx.region);
  const groupKey = newDeviceGroupKey();
  const result = await signIn(ctx, pool, client, user, source, clientMetadata, { device: { key, groupKey } });
  return { ...result, AuthenticationResult: { ...result.AuthenticationResult, NewDeviceMetadata: { DeviceKey: key, DeviceGroupKey: groupKey } } };
}
