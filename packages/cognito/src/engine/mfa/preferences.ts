/**
 * A user's MFA factors: SetUserMFAPreference / AdminSetUserMFAPreference, the legacy
 * SetUserSettings / AdminSetUserSettings (MFAOptions), and what GetUser / AdminGetUser show of them.
 */
import { noMfaDeliveryConfig } from "../../errors.js";
import { poolOf, userOf, write, type CognitoContext, type Input } from "../context.js";
import type { MfaFactor, PoolState, User, UserMfa } from "../state.js";
import { userFromAccessToken } from "../tokens.js";

const FACTORS: Array<{ member: string; factor: MfaFactor }> = [
  { member: "SMSMfaSettings", factor: "SMS_MFA" },
  { member: "SoftwareTokenMfaSettings", factor: "SOFTWARE_TOKEN_MFA" },
  { member: "EmailMfaSettings", factor: "EMAIL_OTP" },
];

/** A copy of the user's MFA settings to change (none yet: no factor on). */
export function mfaOf(user: User): UserMfa {
  return { ...(user.mfa ?? { enabled: [] }) };
}

/** The factors the user turned on, the legacy MFAOptions' SMS included. */
export function userFactors(user: User): MfaFactor[] {
  const mfa = user.mfa;
  if (!mfa) return [];
  const enabled = new Set(mfa.enabled);
  if (mfa.options?.some((o) => o.DeliveryMedium === "SMS")) enabled.add("SMS_MFA");
  return FACTORS.map((f) => f.factor).filter((f) => enabled.has(f));
}

/** GetUser / AdminGetUser's MFA members, each left out when empty (as AWS answers for a user without MFA). */
export function userMfaOutput(user: User): Record<string, unknown> {
  const factors = userFactors(user);
  const options = user.mfa?.options ?? [];
  return {
    ...(options.length > 0 ? { MFAOptions: options } : {}),
    ...(user.mfa?.preferred !== undefined ? { PreferredMfaSetting: user.mfa.preferred } : {}),
    ...(factors.length > 0 ? { UserMFASettingList: factors } : {}),
  };
}

/** Whether the user has what the factor sends its code to (a phone number, a verified software token, an email address). */
function canUse(user: User, factor: MfaFactor): boolean {
  if (factor === "SMS_MFA") return user.attributes.phone_number !== undefined;
  if (factor === "EMAIL_OTP") return user.attributes.email !== undefined;
  return user.mfa?.secret !== undefined;
}

function applyPreference(user: User, input: Input): UserMfa {
  const mfa = mfaOf(user);
  const enabled = new Set(userFactors(user));
  for (const { member, factor } of FACTORS) {
    const settings = input[member] as { Enabled?: boolean; PreferredMfa?: boolean } | undefined;
    if (settings === undefined || settings === null) continue;
    if (settings.Enabled === true) {
      if (!canUse(user, factor)) throw noMfaDeliveryConfig(factor);
      enabled.add(factor);
    } else if (settings.Enabled === false) {
      enabled.delete(factor);
      if (factor === "SMS_MFA") delete mfa.options;
    }
    if (settings.PreferredMfa === true && enabled.has(factor)) mfa.preferred = factor;
    else if (mfa.preferred === factor && (settings.PreferredMfa === false || !enabled.has(factor))) delete mfa.preferred;
  }
  mfa.enabled = FACTORS.map((f) => f.factor).filter((f) => enabled.has(f));
  return mfa;
}

async function savePreference(ctx: CognitoContext, pool: PoolState, user: User, input: Input): Promise<Record<string, unknown>> {
  const mfa = applyPreference(user, input);
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, mfa, modified: ctx.clock.now() } });
  return {};
}

export async function setUserMFAPreference(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user } = await userFromAccessToken(ctx, String(input.AccessToken));
  return savePreference(ctx, pool, user, input);
}

export async function adminSetUserMFAPreference(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  return savePreference(ctx, pool, userOf(pool, String(input.Username)), input);
}

/** The legacy MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }] turns SMS MFA on, [] off. */
async function saveSettings(ctx: CognitoContext, pool: PoolState, user: User, input: Input): Promise<Record<string, unknown>> {
  const given = Array.isArray(input.MFAOptions) ? (input.MFAOptions as Array<{ DeliveryMedium?: string; AttributeName?: string }>) : [];
  const options = given.map((o) => ({ DeliveryMedium: String(o.DeliveryMedium ?? "SMS"), AttributeName: String(o.AttributeName ?? "phone_number") }));
  const mfa = mfaOf(user);
  if (options.length > 0) mfa.options = options;
  else delete mfa.options;
  await write(ctx, { t: "user", poolId: pool.pool.id, user: { ...user, mfa, modified: ctx.clock.now() } });
  return {};
}

export async function setUserSettings(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user } = await userFromAccessToken(ctx, String(input.AccessToken));
  return saveSettings(ctx, pool, user, input);
}

export async function adminSetUserSettings(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const pool = poolOf(ctx, String(input.UserPoolId));
  return saveSettings(ctx, pool, userOf(pool, String(input.Username)), input);
}
