import type { AwsDispatcher, Clock, DurableState, Logger } from "@sam-sandbox/core";
import { applyRecord, type SesRecord, type SesState } from "./state.js";

export interface SesContext {
  durable: DurableState<SesState, SesRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Event publishing: SNS Publish to event destinations' topics through the services' APIs. */
  dispatcher?: AwsDispatcher;
}

/** Applies a change in memory and journals it in the same step; resolves once durable. */
export function commit(ctx: SesContext, record: SesRecord): Promise<void> {
  applyRecord(ctx.durable.state, record);
  return ctx.durable.commit(record);
}

/** Epoch ms → the epoch seconds both wires' timestamps are written from. */
export const seconds = (ms: number): number => ms / 1000;

export function identityArn(ctx: SesContext, name: string): string {
  return `arn:aws:ses:${ctx.region}:${ctx.accountId}:identity/${name}`;
}
