/** What every Cognito action shares: state, clock, logger, lookups and the password policy. */
import type { Clock, DurableState, LambdaInvoker, Logger } from "@sam-sandbox/core";
import { clientNotFound, CodeMismatchException, ExpiredCodeException, InvalidParameterException, InvalidPasswordException, missingParameter, NotAuthorizedException, poolNotFound, UserNotFoundException } from "../errors.js";
import { CODE_VALIDITY_MS, DEFAULT_PASSWORD_POLICY, PASSWORD_SYMBOLS } from "../limits.js";
import { sixDigitCode } from "./ids.js";
import { applyRecord, type Client, type CognitoRecord, type CognitoState, type Code, type PoolState, type SigningKey, type User } from "./state.js";

export interface CognitoContext {
  durable: DurableState<CognitoState, CognitoRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** The issuer of a pool's tokens (iss), whose /.well-known/jwks.json the edge serves. */
  issuer(poolId: string): string;
  /** Runs the pool's Lambda triggers (LambdaConfig); without it a configured trigger fails as AWS's unreachable function does. */
  invoker?: LambdaInvoker;
  /** Makes a new pool's signing keys (CognitoOptions.signingKeys); fresh RSA keys without it. */
  signingKeys?: () => Promise<SigningKey>;
}

export type Input = Record<string, unknown>;

/** Applies a change in memory and journals it in the same step (nothing acknowledged is lost). */
export function write(ctx: CognitoContext, record: CognitoRecord): Promise<void> {
  applyRecord(ctx.durable.state, record);
  return ctx.durable.commit(record);
}

export function poolOf(ctx: CognitoContext, poolId: string): PoolState {
  const pool = ctx.durable.state.pools.get(poolId);
  if (!pool) throw poolNotFound(poolId);
  return pool;
}

/** The app client and its pool; `poolId` when the request names one (Admin* actions). */
export function clientOf(ctx: CognitoContext, clientId: string, poolId?: string): { pool: PoolState; client: Client } {
  const owner = ctx.durable.state.clientPools.get(clientId);
  if (poolId !== undefined) poolOf(ctx, poolId);
  const pool = owner === undefined ? undefined : ctx.durable.state.pools.get(owner);
  const client = pool?.clients.get(clientId);
  if (!pool || !client || (poolId !== undefined && owner !== poolId)) throw clientNotFound(clientId);
  return { pool, client };
}

/** The part of a pool id after "_", which SRP calls the pool name. */
export function srpPoolName(poolId: string): string {
  return poolId.slice(poolId.indexOf("_") + 1);
}

export function usernameAttributes(pool: PoolState): string[] {
  const value = pool.pool.config.UsernameAttributes;
  return Array.isArray(value) ? value.map(String) : [];
}

/** One page of a list action: the token is the key of the page's first item; Limit/MaxResults is capped at `max`. */
export function page<T>(items: T[], key: (item: T) => string, limitInput: unknown, token: unknown, max: number): { items: T[]; next?: string } {
  const limit = limitInput === undefined ? max : Math.min(Number(limitInput), max);
  const start = token === undefined ? 0 : items.findIndex((item) => key(item) === token);
  if (start < 0) throw new InvalidParameterException("Invalid pagination token.");
  const next = items[start + limit];
  return { items: items.slice(start, start + limit), ...(next ? { next: key(next) } : {}) };
}

/** A required AuthParameters / ChallengeResponses entry. */
export function param(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

/** Drops expired entries (pending challenges) so abandoned sign-ins do not pile up. */
export function sweep(ctx: CognitoContext, entries: Map<string, { expires: number }>): void {
  const now = ctx.clock.now();
  for (const [key, entry] of entries) if (entry.expires <= now) entries.delete(key);
}

/**
 * A user by username, or by email / phone_number when the pool signs in with them. An alias
 * (AliasAttributes) email or phone number signs in only once verified; UsernameConfiguration
 * CaseSensitive false matches the username in any case (UsernameConfigurationType).
 */
export function findUser(pool: PoolState, name: string): User | undefined {
  const direct = pool.users.get(name);
  if (direct) return direct;
  const usernames = usernameAttributes(pool);
  const aliases = aliasAttributes(pool);
  const anyCase = caseInsensitive(pool);
  if (usernames.length === 0 && aliases.length === 0 && !anyCase) return undefined;
  const wanted = name.toLowerCase();
  const matches = (value: string | undefined) => value !== undefined && value.toLowerCase() === wanted;
  for (const user of pool.users.values()) {
    if (anyCase && matches(user.username)) return user;
    if (usernames.some((attribute) => matches(user.attributes[attribute]))) return user;
    if (aliases.some((attribute) => matches(user.attributes[attribute]) && aliasActive(user, attribute))) return user;
  }
  return undefined;
}

/** An email or phone_number alias is active once verified; preferred_username at once. */
export function aliasActive(user: User, attribute: string): boolean {
  return attribute === "preferred_username" || isTrue(user.attributes[`${attribute}_verified`]);
}

/** UsernameConfiguration CaseSensitive false: usernames match in any case. */
export function caseInsensitive(pool: PoolState): boolean {
  return (pool.pool.config.UsernameConfiguration as { CaseSensitive?: unknown } | undefined)?.CaseSensitive === false;
}

export function aliasAttributes(pool: PoolState): string[] {
  const value = pool.pool.config.AliasAttributes;
  return Array.isArray(value) ? value.map(String) : [];
}

export function userOf(pool: PoolState, name: string): User {
  const user = findUser(pool, name);
  if (!user) throw new UserNotFoundException();
  return user;
}

/** A code as given back: missing or spent, wrong, or out of date. */
export function checkCode(code: Code | undefined, given: string, now: number): void {
  if (!code) throw new ExpiredCodeException();
  if (code.code !== given) throw new CodeMismatchException();
  if (code.expires <= now) throw new ExpiredCodeException();
}

/** A 6-digit code valid for 24 hours, printed to the terminal in place of an email or SMS. */
export function newCode(ctx: CognitoContext, poolId: string, user: User, purpose: string, print = true): Code {
  const code = sixDigitCode();
  if (!print) return { code, expires: ctx.clock.now() + CODE_VALIDITY_MS };
  // The email or phone number the code would have gone to helps find the line (the user name may be a UUID).
  const to = user.attributes.email ?? user.attributes.phone_number;
  ctx.logger.info(`Cognito ${poolId}: ${purpose} code for ${user.username}${to !== undefined && to !== user.username ? ` (${to})` : ""}: ${code}`);
  return { code, expires: ctx.clock.now() + CODE_VALIDITY_MS };
}

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export function passwordPolicy(pool: PoolState): PasswordPolicy {
  const policies = pool.pool.config.Policies as { PasswordPolicy?: Partial<PasswordPolicy> } | undefined;
  return effectivePasswordPolicy(policies?.PasswordPolicy);
}

/**
 * The policy a pool holds: the default when CreateUserPool / UpdateUserPool gives none; a given
 * PasswordPolicy's left-out Require* members are false (the model's @default(false); Go SDK v2
 * clients such as Terraform's provider leave false out), its MinimumLength 8 and a validity of 0
 * or none 7 days ("If you submit a value of 0, Amazon Cognito treats it as a null value").
 */
export function effectivePasswordPolicy(given: Partial<PasswordPolicy> | undefined): PasswordPolicy & Record<string, unknown> {
  if (given === undefined) return { ...DEFAULT_PASSWORD_POLICY };
  return {
    ...given,
    MinimumLength: given.MinimumLength ?? DEFAULT_PASSWORD_POLICY.MinimumLength,
    RequireUppercase: given.RequireUppercase ?? false,
    RequireLowercase: given.RequireLowercase ?? false,
    RequireNumbers: given.RequireNumbers ?? false,
    RequireSymbols: given.RequireSymbols ?? false,
    TemporaryPasswordValidityDays: given.TemporaryPasswordValidityDays || DEFAULT_PASSWORD_POLICY.TemporaryPasswordValidityDays,
  };
}

/** Cognito checks length first, then each required character class, and names the first failure. */
export function checkPasswordPolicy(pool: PoolState, password: string): void {
  const policy = passwordPolicy(pool);
  if (password.length < policy.MinimumLength) throw new InvalidPasswordException("Password not long enough");
  if (policy.RequireLowercase && !/[a-z]/.test(password)) throw new InvalidPasswordException("Password must have lowercase characters");
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) throw new InvalidPasswordException("Password must have uppercase characters");
  if (policy.RequireNumbers && !/[0-9]/.test(password)) throw new InvalidPasswordException("Password must have numeric characters");
  if (policy.RequireSymbols && ![...password].some((c) => PASSWORD_SYMBOLS.includes(c))) throw new InvalidPasswordException("Password must have symbol characters");
}

/** "t***@e***" as Cognito masks a code's destination. */
export function maskEmail(email: string): string {
  const at = email.indexOf("@");
  if (at < 0) return `${email.charAt(0)}***`;
  return `${email.charAt(0)}***@${email.charAt(at + 1)}***`;
}

/** "+*******1234" as Cognito masks a code's phone number. */
export function maskPhone(phone: string): string {
  return `+*******${phone.slice(-4)}`;
}

/** Where a sign-up code "goes": the attribute the pool auto-verifies (none: no CodeDeliveryDetails). */
export function codeDelivery(pool: PoolState, user: User): Record<string, string> | undefined {
  const verified = pool.pool.config.AutoVerifiedAttributes;
  const auto = Array.isArray(verified) ? verified.map(String) : [];
  return deliveryTo(user, (name) => auto.includes(name));
}

/** A Boolean attribute's value: AWS takes "True" as well as "true" (moto's AWS-verified test_forgot_password_with_email_delivery_details). */
export const isTrue = (value: string | undefined): boolean => value?.toLowerCase() === "true";

type RecoveryAttribute = "email" | "phone_number";
const RECOVERY_ATTRIBUTE: Record<string, RecoveryAttribute> = { verified_email: "email", verified_phone_number: "phone_number" };

/**
 * The attributes a password-reset code may go to, first choice first (RecoveryOptionType): the
 * pool's RecoveryMechanisms by Priority, or without them the legacy order, SMS before email; an
 * empty list for admin_only. With the setting, SMS does not qualify for a user with SMS MFA on
 * (AccountRecoverySettingType).
 */
export function recoveryOrder(pool: PoolState, user: User): RecoveryAttribute[] {
  const setting = pool.pool.config.AccountRecoverySetting as { RecoveryMechanisms?: Array<{ Name?: string; Priority?: number }> } | undefined;
  const mechanisms = setting?.RecoveryMechanisms;
  if (!Array.isArray(mechanisms) || mechanisms.length === 0) return ["phone_number", "email"];
  const smsMfa = user.mfa?.enabled.includes("SMS_MFA") === true;
  return [...mechanisms]
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0))
    .flatMap((m) => (m.Name !== undefined && RECOVERY_ATTRIBUTE[m.Name] ? [RECOVERY_ATTRIBUTE[m.Name]] : []))
    .filter((name) => name !== "phone_number" || !smsMfa);
}

/** Whether the pool leaves password resets to administrators (RecoveryOptionType admin_only). */
export function adminOnlyRecovery(pool: PoolState): boolean {
  const setting = pool.pool.config.AccountRecoverySetting as { RecoveryMechanisms?: Array<{ Name?: string }> } | undefined;
  return setting?.RecoveryMechanisms?.some((m) => m.Name === "admin_only") === true;
}

/** Where a password-reset code "goes": the first verified attribute in the pool's recovery order. */
export function recoveryDelivery(pool: PoolState, user: User): Record<string, string> | undefined {
  for (const name of recoveryOrder(pool, user)) {
    const value = user.attributes[name];
    if (value === undefined || !isTrue(user.attributes[`${name}_verified`])) continue;
    return name === "email" ? { Destination: maskEmail(value), DeliveryMedium: "EMAIL", AttributeName: "email" } : { Destination: maskPhone(value), DeliveryMedium: "SMS", AttributeName: "phone_number" };
  }
  return undefined;
}

function deliveryTo(user: User, usable: (attribute: "email" | "phone_number") => boolean): Record<string, string> | undefined {
  const email = user.attributes.email;
  if (email !== undefined && usable("email")) return { Destination: maskEmail(email), DeliveryMedium: "EMAIL", AttributeName: "email" };
  const phone = user.attributes.phone_number;
  if (phone !== undefined && usable("phone_number")) return { Destination: maskPhone(phone), DeliveryMedium: "SMS", AttributeName: "phone_number" };
  return undefined;
}

/**
 * Where a reset code can go, or AWS's refusal: a user still holding a temporary password cannot
 * reset it (NotAuthorizedException, quoted in amplify-flutter#3048 and amplify-js#6543), and a user
 * without a verified email or phone number has nowhere to receive the code (aws-sdk-js-v3#7101).
 */
export function resettableDelivery(pool: PoolState, user: User): Record<string, string> {
  if (user.status === "FORCE_CHANGE_PASSWORD") throw new NotAuthorizedException("User password cannot be reset in the current state.");
  const delivery = recoveryDelivery(pool, user);
  if (!delivery) throw new InvalidParameterException("Cannot reset password for the user as there is no registered/verified email or phone_number");
  return delivery;
}

/** AWS's attribute list shape: [{ Name, Value }]. */
export function attributeList(user: User, only?: string[]): Array<{ Name: string; Value: string }> {
  return Object.entries(user.attributes)
    .filter(([name]) => only === undefined || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}
