/** What every Cognito action shares: state, clock, logger, lookups and the password policy. */
import { randomInt } from "node:crypto";
import type { Clock, DurableState, LambdaInvoker, Logger } from "@sam-sandbox/core";
import { clientNotFound, InvalidParameterException, InvalidPasswordException, missingParameter, poolNotFound, UserNotFoundException } from "../errors.js";
import { CODE_VALIDITY_MS, DEFAULT_PASSWORD_POLICY, PASSWORD_SYMBOLS } from "../limits.js";
import { applyRecord, type Client, type CognitoRecord, type CognitoState, type Code, type PoolState, type User } from "./state.js";

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

/** A user by username, or by email / phone_number when the pool signs in with them. */
export function findUser(pool: PoolState, name: string): User | undefined {
  const direct = pool.users.get(name);
  if (direct) return direct;
  const aliases = [...usernameAttributes(pool), ...aliasAttributes(pool)];
  if (aliases.length === 0) return undefined;
  const wanted = name.toLowerCase();
  for (const user of pool.users.values()) {
    for (const attribute of aliases) {
      const value = user.attributes[attribute];
      if (value !== undefined && value.toLowerCase() === wanted) return user;
    }
  }
  return undefined;
}

function aliasAttributes(pool: PoolState): string[] {
  const value = pool.pool.config.AliasAttributes;
  return Array.isArray(value) ? value.map(String) : [];
}

export function userOf(pool: PoolState, name: string): User {
  const user = findUser(pool, name);
  if (!user) throw new UserNotFoundException();
  return user;
}

/** A 6-digit code valid for 24 hours, printed to the terminal in place of an email or SMS. */
export function newCode(ctx: CognitoContext, poolId: string, user: User, purpose: string, print = true): Code {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
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
  return { ...DEFAULT_PASSWORD_POLICY, ...(policies?.PasswordPolicy ?? {}) };
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

/** Where a password-reset code "goes": a verified email, else a verified phone number. */
export function recoveryDelivery(user: User): Record<string, string> | undefined {
  return deliveryTo(user, (name) => isTrue(user.attributes[`${name}_verified`]));
}

function deliveryTo(user: User, usable: (attribute: "email" | "phone_number") => boolean): Record<string, string> | undefined {
  const email = user.attributes.email;
  if (email !== undefined && usable("email")) return { Destination: maskEmail(email), DeliveryMedium: "EMAIL", AttributeName: "email" };
  const phone = user.attributes.phone_number;
  if (phone !== undefined && usable("phone_number")) return { Destination: maskPhone(phone), DeliveryMedium: "SMS", AttributeName: "phone_number" };
  return undefined;
}

/** AWS's attribute list shape: [{ Name, Value }]. */
export function attributeList(user: User, only?: string[]): Array<{ Name: string; Value: string }> {
  return Object.entries(user.attributes)
    .filter(([name]) => only === undefined || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}
