/**
 * A user's devices: ConfirmDevice registers the device a sign-in's NewDeviceMetadata named;
 * GetDevice, ListDevices, UpdateDeviceStatus and ForgetDevice (with the user's access token) and
 * their Admin* twins read and change them.
 */
import { DeviceKeyExistsException, deviceNotFound, invalidDeviceKey } from "../../errors.js";
import { MAX_LIST_DEVICES } from "../../limits.js";
import { page, poolOf, userOf, write, type CognitoContext, type Input } from "../context.js";
import type { Device, DeviceRememberedStatus, PoolState, User } from "../state.js";
import { userFromAccessToken } from "../tokens.js";
import { deviceConfiguration } from "./tracking.js";

type Output = Record<string, unknown>;

/**
 * DeviceType as AWS answers it (API reference AdminListDevices example: status, name, ARN, owner, remembered
 * status; the AWS CLI's examples admin-get-device.rst, get-device.rst and admin-list-devices.rst, captured 2024,
 * end with dev:device_sdk "aws-sdk" for a device confirmed through the API).
 */
function deviceType(ctx: CognitoContext, pool: PoolState, user: User, device: Device): Output {
  const owner = `${user.username}.${pool.pool.id}`;
  return {
    DeviceKey: device.key,
    DeviceAttributes: [
      { Name: "device_status", Value: "valid" },
      ...(device.name !== undefined ? [{ Name: "device_name", Value: device.name }] : []),
      { Name: "dev:device_arn", Value: `arn:aws:cognito-idp:${ctx.region}:${ctx.accountId}:owner/${owner}/device/${device.key}` },
      { Name: "dev:device_owner", Value: owner },
      ...(device.lastIp !== undefined ? [{ Name: "last_ip_used", Value: device.lastIp }] : []),
      { Name: "dev:device_remembered_status", Value: device.remembered },
      { Name: "dev:device_sdk", Value: "aws-sdk" },
    ],
    DeviceCreateDate: device.created / 1000,
    DeviceLastModifiedDate: device.modified / 1000,
    DeviceLastAuthenticatedDate: device.lastAuthenticated / 1000,
  };
}

function deviceOf(user: User, key: unknown): Device {
  const device = typeof key === "string" ? user.devices?.[key] : undefined;
  if (!device) throw deviceNotFound();
  return device;
}

/** DeviceSecretVerifierConfig's base64 PasswordVerifier and Salt as the hex the SRP code keeps. */
function verifierOf(config: unknown): Device["verifier"] {
  const given = (config ?? {}) as { PasswordVerifier?: unknown; Salt?: unknown };
  if (typeof given.PasswordVerifier !== "string" || typeof given.Salt !== "string") return undefined;
  const verifier = Buffer.from(given.PasswordVerifier, "base64").toString("hex");
  const salt = Buffer.from(given.Salt, "base64").toString("hex");
  if (verifier === "" || salt === "") return undefined;
  return { salt, verifier };
}

/**
 * ConfirmDevice: the key must be the one this sign-in's NewDeviceMetadata gave ("Invalid device key
 * given." otherwise). A pool that remembers only on the user's prompt answers UserConfirmationNecessary
 * true and keeps the device not_remembered until UpdateDeviceStatus; otherwise it is remembered now.
 */
export async function confirmDevice(ctx: CognitoContext, input: Input, sourceIp?: string): Promise<Output> {
  const { pool, user, session } = await userFromAccessToken(ctx, String(input.AccessToken));
  const key = String(input.DeviceKey);
  if (user.devices?.[key]) throw new DeviceKeyExistsException();
  const config = deviceConfiguration(pool.pool);
  if (!config || session.deviceKey !== key || session.deviceGroupKey === undefined) throw invalidDeviceKey();
  const now = ctx.clock.now();
  const verifier = verifierOf(input.DeviceSecretVerifierConfig);
  const device: Device = {
    key,
    groupKey: session.deviceGroupKey,
    ...(verifier ? { verifier } : {}),
    ...(typeof input.DeviceName === "string" ? { name: input.DeviceName } : {}),
    remembered: config.DeviceOnlyRememberedOnUserPrompt ? "not_remembered" : "remembered",
    ...(sourceIp !== undefined ? { lastIp: sourceIp } : {}),
    created: now,
    modified: now,
    lastAuthenticated: now,
  };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, devices: { ...user.devices, [key]: device } } });
  return { UserConfirmationNecessary: config.DeviceOnlyRememberedOnUserPrompt };
}

function getDeviceOf(ctx: CognitoContext, pool: PoolState, user: User, input: Input): Output {
  return { Device: deviceType(ctx, pool, user, deviceOf(user, input.DeviceKey)) };
}

function listDevicesOf(ctx: CognitoContext, pool: PoolState, user: User, input: Input): Output {
  const devices = Object.values(user.devices ?? {}).sort((a, b) => a.created - b.created || a.key.localeCompare(b.key));
  const { items, next } = page(devices, (d) => d.key, input.Limit, input.PaginationToken, MAX_LIST_DEVICES);
  return { Devices: items.map((d) => deviceType(ctx, pool, user, d)), ...(next ? { PaginationToken: next } : {}) };
}

/** UpdateDeviceStatus: remembered or not_remembered (a device not remembered answers MFA again). */
async function updateStatusOf(ctx: CognitoContext, pool: PoolState, user: User, input: Input): Promise<Output> {
  const device = deviceOf(user, input.DeviceKey);
  const status = input.DeviceRememberedStatus;
  const remembered: DeviceRememberedStatus = status === "remembered" || status === "not_remembered" ? status : device.remembered;
  const updated: Device = { ...device, remembered, modified: ctx.clock.now() };
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, devices: { ...user.devices, [device.key]: updated } } });
  return {};
}

/**
 * ForgetDevice: the device is gone (signing in with its key is "Device does not exist.") and the
 * refresh tokens tied to it stop working — how a lost device is signed out.
 */
async function forgetOf(ctx: CognitoContext, pool: PoolState, user: User, input: Input): Promise<Output> {
  const device = deviceOf(user, input.DeviceKey);
  const devices = { ...user.devices };
  delete devices[device.key];
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, devices } });
  for (const session of ctx.durable.state.refreshTokens.values()) {
    if (session.poolId !== pool.pool.id || session.username !== user.username || session.deviceKey !== device.key || session.revoked === true) continue;
    await write(ctx, { t: "refresh", token: { ...session, revoked: true } });
  }
  return {};
}

async function signedIn(ctx: CognitoContext, input: Input): Promise<{ pool: PoolState; user: User }> {
  return userFromAccessToken(ctx, String(input.AccessToken));
}

function adminUser(ctx: CognitoContext, input: Input): { pool: PoolState; user: User } {
  const pool = poolOf(ctx, String(input.UserPoolId));
  return { pool, user: userOf(pool, String(input.Username)) };
}

export async function getDevice(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, user } = await signedIn(ctx, input);
  return getDeviceOf(ctx, pool, user, input);
}

export async function listDevices(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, user } = await signedIn(ctx, input);
  return listDevicesOf(ctx, pool, user, input);
}

export async function updateDeviceStatus(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, user } = await signedIn(ctx, input);
  return updateStatusOf(ctx, pool, user, input);
}

export async function forgetDevice(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, user } = await signedIn(ctx, input);
  return forgetOf(ctx, pool, user, input);
}

export function adminGetDevice(ctx: CognitoContext, input: Input): Output {
  const { pool, user } = adminUser(ctx, input);
  return getDeviceOf(ctx, pool, user, input);
}

export function adminListDevices(ctx: CognitoContext, input: Input): Output {
  const { pool, user } = adminUser(ctx, input);
  return listDevicesOf(ctx, pool, user, input);
}

export function adminUpdateDeviceStatus(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, user } = adminUser(ctx, input);
  return updateStatusOf(ctx, pool, user, input);
}

export function adminForgetDevice(ctx: CognitoContext, input: Input): Promise<Output> {
  const { pool, user } = adminUser(ctx, input);
  return forgetOf(ctx, pool, user, input);
}
