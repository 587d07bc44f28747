/**
 * GetUserAuthFactors: the signed-in user's MFA settings (as GetUser shows them) and the first
 * factors USER_AUTH would offer them — PASSWORD with a password, EMAIL_OTP and SMS_OTP with a
 * verified email or phone number, WEB_AUTHN with a registered passkey — among those the pool's
 * SignInPolicy.AllowedFirstAuthFactors allows (AWS's default: PASSWORD alone).
 */
import { isTrue, type CognitoContext, type Input } from "./context.js";
import { userMfaOutput } from "./mfa/preferences.js";
import type { PoolState, User } from "./state.js";
import { userFromAccessToken } from "./tokens.js";

function allowedFactors(pool: PoolState): string[] {
  const policies = pool.pool.config.Policies as { SignInPolicy?: { AllowedFirstAuthFactors?: unknown } } | undefined;
  const given = policies?.SignInPolicy?.AllowedFirstAuthFactors;
  return Array.isArray(given) ? given.map(String) : ["PASSWORD"];
}

/** Whether the user registered a passkey (CompleteWebAuthnRegistration). */
const hasPasskey = (user: User): boolean => Object.keys(user.webAuthnCredentials ?? {}).length > 0;

export function configuredAuthFactors(pool: PoolState, user: User): string[] {
  const allowed = allowedFactors(pool);
  const has: Record<string, boolean> = {
    PASSWORD: user.password !== undefined,
    EMAIL_OTP: user.attributes.email !== undefined && isTrue(user.attributes.email_verified),
    SMS_OTP: user.attributes.phone_number !== undefined && isTrue(user.attributes.phone_number_verified),
    WEB_AUTHN: hasPasskey(user),
  };
  return ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"].filter((factor) => allowed.includes(factor) && has[factor]);
}

export async function getUserAuthFactors(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool, user } = await userFromAccessToken(ctx, String(input.AccessToken));
  const { MFAOptions: _legacy, ...mfa } = userMfaOutput(user);
  return { Username: user.username, ...mfa, ConfiguredUserAuthFactors: configuredAuthFactors(pool, user) };
}
