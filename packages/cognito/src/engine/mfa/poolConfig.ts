/**
 * A pool's MFA: MfaConfiguration (OFF | ON | OPTIONAL, in the pool's config as DescribeUserPool
 * shows it) and the factors it offers — SetUserPoolMfaConfig / GetUserPoolMfaConfig, and
 * CreateUserPool / UpdateUserPool, whose only factor is SMS (a template's EnabledMfas names others).
 */
import { allMfasDisabled, mfaOffWithFactor, smsMfaConfigurationRequired } from "../../errors.js";
import { poolOf, write, type CognitoContext, type Input } from "../context.js";
import type { MfaFactor, Pool, PoolMfa } from "../state.js";
import { isRecord } from "../triggers/invoke.js";

export type MfaMode = "OFF" | "ON" | "OPTIONAL";

export function mfaMode(pool: Pool): MfaMode {
  const mode = pool.config.MfaConfiguration;
  return mode === "ON" || mode === "OPTIONAL" ? mode : "OFF";
}

/** The factors the pool offers, in the order Cognito lists them. */
export function poolFactors(pool: Pool): MfaFactor[] {
  const mfa = pool.mfa;
  if (!mfa) return [];
  return [...(mfa.sms ? ["SMS_MFA" as const] : []), ...(mfa.softwareToken ? ["SOFTWARE_TOKEN_MFA" as const] : []), ...(mfa.email ? ["EMAIL_OTP" as const] : [])];
}

function smsFrom(input: Input): Record<string, unknown> {
  return {
    ...(input.SmsAuthenticationMessage !== undefined ? { SmsAuthenticationMessage: input.SmsAuthenticationMessage } : {}),
    ...(input.SmsConfiguration !== undefined ? { SmsConfiguration: input.SmsConfiguration } : {}),
  };
}

/**
 * CreateUserPool / UpdateUserPool: MFA ON or OPTIONAL needs SMS configured (the API offers no other
 * factor here; SetUserPoolMfaConfig adds TOTP and email). A template's EnabledMfas (AWS::Cognito::UserPool)
 * names the factors instead. UpdateUserPool keeps factors set by SetUserPoolMfaConfig.
 */
export function poolMfaOf(input: Input, existing?: PoolMfa): PoolMfa | undefined {
  const mode = input.MfaConfiguration;
  if (mode !== "ON" && mode !== "OPTIONAL") return undefined;
  if (Array.isArray(input.EnabledMfas)) {
    const enabled = input.EnabledMfas.map(String);
    const email = { ...(input.EmailAuthenticationMessage !== undefined ? { Message: input.EmailAuthenticationMessage } : {}), ...(input.EmailAuthenticationSubject !== undefined ? { Subject: input.EmailAuthenticationSubject } : {}) };
    const mfa: PoolMfa = { softwareToken: enabled.includes("SOFTWARE_TOKEN_MFA"), ...(enabled.includes("SMS_MFA") ? { sms: smsFrom(input) } : {}), ...(enabled.includes("EMAIL_OTP") ? { email } : {}) };
    if (!mfa.sms && !mfa.softwareToken && !mfa.email) throw allMfasDisabled();
    return mfa;
  }
  if (input.SmsConfiguration !== undefined) return { softwareToken: existing?.softwareToken ?? false, ...(existing?.email ? { email: existing.email } : {}), sms: smsFrom(input) };
  if (existing && (existing.sms || existing.softwareToken || existing.email)) return existing;
  throw smsMfaConfigurationRequired();
}

/**
 * SmsConfiguration as Cognito answers it: SnsRegion is the pool's own Region when none was given (the
 * SDK's CreateUserPool example answers "SnsRegion": "us-east-1" for a us-east-1 pool that set none; the
 * AWS CLI's get-user-pool-mfa-config.rst "us-west-2" for a us-west-2 pool).
 */
export function smsConfigurationOf(pool: Pool, configuration: unknown): unknown {
  if (!isRecord(configuration) || configuration.SnsRegion !== undefined) return configuration;
  return { ...configuration, SnsRegion: pool.arn.split(":")[3] };
}

function smsMfaOutput(pool: Pool, sms: Record<string, unknown>): Record<string, unknown> {
  return sms.SmsConfiguration === undefined ? sms : { ...sms, SmsConfiguration: smsConfigurationOf(pool, sms.SmsConfiguration) };
}

function mfaConfigOutput(pool: Pool): Record<string, unknown> {
  const mfa = pool.mfa;
  return {
    ...(mfa?.sms ? { SmsMfaConfiguration: smsMfaOutput(pool, mfa.sms) } : {}),
    ...(mfa?.softwareToken ? { SoftwareTokenMfaConfiguration: { Enabled: true } } : {}),
    ...(mfa?.email ? { EmailMfaConfiguration: mfa.email } : {}),
    MfaConfiguration: mfaMode(pool),
    // Passkeys' relying party and user verification (webauthn/config.ts reads them).
    ...(isRecord(pool.config.WebAuthnConfiguration) ? { WebAuthnConfiguration: pool.config.WebAuthnConfiguration } : {}),
  };
}

export function getUserPoolMfaConfig(ctx: CognitoContext, input: Input): Record<string, unknown> {
  return mfaConfigOutput(poolOf(ctx, String(input.UserPoolId)).pool);
}

/** SetUserPoolMfaConfig replaces the factors: one left out is turned off. */
export async function setUserPoolMfaConfig(ctx: CognitoContext, input: Input): Promise<Record<string, unknown>> {
  const { pool } = poolOf(ctx, String(input.UserPoolId));
  const mode = typeof input.MfaConfiguration === "string" ? input.MfaConfiguration : mfaMode(pool);
  const sms = isRecord(input.SmsMfaConfiguration) ? input.SmsMfaConfiguration : undefined;
  const softwareToken = isRecord(input.SoftwareTokenMfaConfiguration) && input.SoftwareTokenMfaConfiguration.Enabled === true;
  const email = isRecord(input.EmailMfaConfiguration) ? input.EmailMfaConfiguration : undefined;
  const anyFactor = sms !== undefined || softwareToken || email !== undefined;
  if (mode === "OFF" && anyFactor) throw mfaOffWithFactor();
  if (mode !== "OFF" && !anyFactor) throw allMfasDisabled();
  const config: Record<string, unknown> = { ...pool.config, MfaConfiguration: mode };
  // DescribeUserPool shows the SMS factor's message and SNS role as the pool's own.
  if (sms?.SmsAuthenticationMessage !== undefined) config.SmsAuthenticationMessage = sms.SmsAuthenticationMessage;
  if (sms?.SmsConfiguration !== undefined) config.SmsConfiguration = sms.SmsConfiguration;
  if (isRecord(input.WebAuthnConfiguration)) config.WebAuthnConfiguration = input.WebAuthnConfiguration;
  const updated: Pool = { ...pool, config, modified: ctx.clock.now(), mfa: { softwareToken, ...(sms ? { sms } : {}), ...(email ? { email } : {}) } };
  await write(ctx, { t: "pool", pool: updated });
  return mfaConfigOutput(updated);
}
