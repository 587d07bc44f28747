import type { Clock, DurableState } from "@sam-sandbox/core";
import { applyRecord, type Collection, type IamChange, type IamRecord, type IamState } from "./state.js";

/** What every action works with: the state and the ports. */
export interface IamContext {
  readonly durable: DurableState<IamState, IamRecord>;
  readonly clock: Clock;
  readonly accountId: string;
  readonly partition: string;
}

/** A change to one entity: written whole or removed. */
export function put(collection: Collection, key: string, value: unknown): IamChange {
  return { collection, key, value };
}

export function remove(collection: Collection, key: string): IamChange {
  return { collection, key };
}

/** Applies the changes in memory and makes them durable before the action answers. */
export async function change(ctx: IamContext, ...changes: IamChange[]): Promise<void> {
  const record: IamRecord = { changes };
  // The state holds its own copy: an action editing an entity in place later must not alter a queued record.
  applyRecord(ctx.durable.state, structuredClone(record));
  await ctx.durable.commit(record);
}

export function state(ctx: IamContext): IamState {
  return ctx.durable.state;
}

export function now(ctx: IamContext): number {
  return ctx.clock.now();
}

/** arn:aws:iam::<account>:<kind><path><name> (IAM ARNs have no region). */
export function iamArn(ctx: IamContext, kind: string, path: string, name: string): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:${kind}${path}${name}`;
}
