/** What every identity-pool action shares: state, clock, logger, lookups and the user pools' keys. */
import type { KeyObject } from "node:crypto";
import type { Clock, DurableState, Logger } from "@sam-sandbox/core";
import { identityNotFound, identityPoolNotFound, InvalidParameterException } from "../errors.js";
import { applyIdentityRecord, type Identity, type IdentityPool, type IdentityRecord, type IdentityState } from "./state.js";

/** The local user pools, as GetId needs them to check an ID token. */
export interface UserPoolKeys {
  /** The pool's public key `kid` (built once per key), or undefined when the sandbox has no such pool or key. */
  publicKey(poolId: string, kid: string | undefined): Promise<KeyObject | undefined>;
  /** The issuer the sandbox writes into the pool's tokens (besides AWS's own form). */
  issuer(poolId: string): Promise<string>;
  /** Whether the ID token's sign-in was revoked or its user deleted (ServerSideTokenCheck). */
  tokenRevoked(poolId: string, claims: Record<string, unknown>): Promise<boolean>;
}

export interface IdentityContext {
  durable: DurableState<IdentityState, IdentityRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  userPools: UserPoolKeys;
}

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

/** Applies a change in memory and journals it in the same step (nothing acknowledged is lost). */
export function write(ctx: IdentityContext, record: IdentityRecord): Promise<void> {
  applyIdentityRecord(ctx.durable.state, record);
  return ctx.durable.commit(record);
}

export function poolOf(ctx: IdentityContext, id: unknown): IdentityPool {
  const pool = ctx.durable.state.pools.get(String(id));
  if (!pool) throw identityPoolNotFound(String(id));
  return pool;
}

export function identityOf(ctx: IdentityContext, id: unknown): Identity {
  const identity = ctx.durable.state.identities.get(String(id));
  if (!identity) throw identityNotFound(String(id));
  return identity;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
export const stringMap = (value: unknown): Record<string, string> =>
  isRecord(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string")) : {};

/** One page of a list action by position: NextToken is the next item's index in base64url. */
export function indexPage<T>(items: T[], maxResults: number, token: unknown): { items: T[]; next?: string } {
  const start = typeof token === "string" ? Number(Buffer.from(token, "base64url").toString("utf8")) : 0;
  if (!Number.isInteger(start) || start < 0) throw new InvalidParameterException("Invalid NextToken");
  const next = start + maxResults < items.length ? Buffer.from(String(start + maxResults)).toString("base64url") : undefined;
  return { items: items.slice(start, start + maxResults), ...(next ? { next } : {}) };
}
