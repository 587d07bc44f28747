/**
 * What a pool keeps beside CreateUserPool's settings: hosted UI (classic) customizations, managed
 * login styles, threat protection's risk configurations, log delivery, the SAML signing
 * certificate — one object per pool, journaled whole ({ t: "poolExtras" }) — and the shapes of
 * threat protection's auth events, kept on each user.
 */
import { FeatureUnavailableInTierException, UserPoolAddOnNotEnabledException } from "../errors.js";
import { write, type CognitoContext } from "./context.js";
import type { PoolState } from "./state.js";

/** SetUICustomization for "ALL" or one app client. */
export interface UiCustomization {
  css?: string;
  /** The logo as base64 (ImageFile). */
  image?: string;
  created: number;
  modified: number;
}

/** SetRiskConfiguration for the pool ("ALL") or one app client: the three members kept as given. */
export interface RiskConfiguration {
  compromisedCredentials?: Record<string, unknown>;
  accountTakeover?: Record<string, unknown>;
  riskExceptions?: Record<string, unknown>;
  modified: number;
}

/** A managed login style (CreateManagedLoginBranding), assigned to one app client. */
export interface ManagedLoginBranding {
  id: string;
  clientId: string;
  useCognitoProvidedValues: boolean;
  settings?: Record<string, unknown>;
  assets: Array<Record<string, unknown>>;
  created: number;
  modified: number;
}

export interface PoolExtras {
  /** By client id, "ALL" for the pool's default. */
  uiCustomizations?: Record<string, UiCustomization>;
  /** By client id, "ALL" for the pool's own. */
  riskConfigurations?: Record<string, RiskConfiguration>;
  /** SetLogDeliveryConfiguration's LogConfigurations, as given. */
  logConfigurations?: Array<Record<string, unknown>>;
  /** By ManagedLoginBrandingId. */
  brandings?: Record<string, ManagedLoginBranding>;
  /** The SAML signing certificate, base64 DER (GetSigningCertificate), made on first request. */
  signingCertificate?: string;
  /** The certificate SAML providers with EncryptedResponses encrypt to (ActiveEncryptionCertificate), base64 DER. */
  encryptionCertificate?: string;
}

/** One sign-in, sign-up, password reset or change threat protection recorded (AuthEventType). */
export interface AuthEvent {
  id: string;
  type: "SignIn" | "SignUp" | "ForgotPassword" | "PasswordChange" | "ResendCode";
  created: number;
  response: "Pass" | "Fail" | "InProgress";
  /** ChallengeResponses: Password / Mfa with Success / Failure. */
  challenges: Array<{ ChallengeName: string; ChallengeResponse: string }>;
  ipAddress?: string;
  /** UpdateAuthEventFeedback's FeedbackToken for this event. */
  feedbackToken: string;
  feedback?: { value: "Valid" | "Invalid"; provider: string; date: number };
  /** Blocked by the always-block IP list (EventRisk RiskDecision Block). */
  blocked?: boolean;
}

/** Replaces some of the pool's extras, journaled. */
export function writeExtras(ctx: CognitoContext, pool: PoolState, change: Partial<PoolExtras>): Promise<void> {
  return write(ctx, { t: "poolExtras", poolId: pool.pool.id, extras: { ...pool.extras, ...change } });
}

/** UserPoolAddOns.AdvancedSecurityMode: threat protection is on in AUDIT and ENFORCED. */
export function threatProtection(pool: PoolState): "AUDIT" | "ENFORCED" | undefined {
  const mode = (pool.pool.config.UserPoolAddOns as { AdvancedSecurityMode?: unknown } | undefined)?.AdvancedSecurityMode;
  return mode === "AUDIT" || mode === "ENFORCED" ? mode : undefined;
}

/** The threat-protection actions answer UserPoolAddOnNotEnabledException while it is off. */
export function requireThreatProtection(pool: PoolState): void {
  if (!threatProtection(pool)) throw new UserPoolAddOnNotEnabledException();
}

/** The pool's feature plan (UserPoolTier; ESSENTIALS when left out, as DescribeUserPool shows). */
export function featurePlan(pool: PoolState): string {
  return typeof pool.pool.config.UserPoolTier === "string" ? pool.pool.config.UserPoolTier : "ESSENTIALS";
}

/**
 * Threat protection is a Plus plan feature: CreateUserPool / UpdateUserPool turning it on in an
 * Essentials pool is refused with AWS's text (terraform-provider-aws#40734's acceptance run and
 * aws-cdk#33565 quote it). Lite pools keep the legacy add-on, so only Essentials is refused.
 */
export function checkThreatProtectionPlan(config: { UserPoolAddOns?: unknown; UserPoolTier?: unknown }): void {
  const mode = (config.UserPoolAddOns as { AdvancedSecurityMode?: unknown } | undefined)?.AdvancedSecurityMode;
  const tier = typeof config.UserPoolTier === "string" ? config.UserPoolTier : "ESSENTIALS";
  if ((mode === "AUDIT" || mode === "ENFORCED") && tier === "ESSENTIALS") {
    throw new FeatureUnavailableInTierException("The following features need to be disabled for the ESSENTIALS pricing tier configured: Threat Protection");
  }
}
