/**
 * A pool's device tracking (DeviceConfiguration of CreateUserPool / UpdateUserPool and the
 * template's AWS::Cognito::UserPool): setting any member turns it on (API reference,
 * DeviceConfigurationType). Then every sign-in without a device gets a NewDeviceMetadata, and a
 * sign-in with a confirmed device's DEVICE_KEY authenticates the device too (devices/deviceAuth.ts).
 */
import { deviceNotFound } from "../../errors.js";
import type { Device, Pool, PoolState, User } from "../state.js";

export interface DeviceConfiguration {
  ChallengeRequiredOnNewDevice: boolean;
  DeviceOnlyRememberedOnUserPrompt: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A template's YAML may say "true"; the API's validation only lets booleans through. */
const flag = (value: unknown): boolean => value === true || value === "true";

/** The pool's DeviceConfiguration with both members (false when left out), or undefined when the pool does not track devices. */
export function deviceConfiguration(pool: Pool): DeviceConfiguration | undefined {
  const given = pool.config.DeviceConfiguration;
  if (!isRecord(given)) return undefined;
  return { ChallengeRequiredOnNewDevice: flag(given.ChallengeRequiredOnNewDevice), DeviceOnlyRememberedOnUserPrompt: flag(given.DeviceOnlyRememberedOnUserPrompt) };
}

/**
 * The confirmed device a sign-in names with DEVICE_KEY. Undefined without a key, or in a pool that
 * does not track devices (the key is then ignored); a key the user has no device for is
 * ResourceNotFoundException "Device does not exist." (the SDKs sign in again without it).
 */
export function signInDevice(pool: PoolState, user: User, key: string | undefined): Device | undefined {
  if (key === undefined || key === "" || deviceConfiguration(pool.pool) === undefined) return undefined;
  const device = user.devices?.[key];
  if (!device) throw deviceNotFound();
  return device;
}

/**
 * Whether a device's authentication stands in for the MFA code: only a remembered device, and only
 * when the pool's ChallengeRequiredOnNewDevice is true (developer guide, "Working with user devices in
 * your user pool": devices not confirmed or not remembered still answer MFA).
 */
export function deviceSkipsMfa(pool: PoolState, device: Device): boolean {
  return device.remembered === "remembered" && deviceConfiguration(pool.pool)?.ChallengeRequiredOnNewDevice === true;
}
