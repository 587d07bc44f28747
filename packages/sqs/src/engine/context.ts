import type { Clock, DurableState, Logger } from "@sam-sandbox/core";
import { QueueDoesNotExist } from "../errors.js";
import { applyRecord, type QueueState, type SqsRecord, type SqsState } from "./state.js";
import type { Waiters } from "./waiters.js";

export interface SqsContext {
  durable: DurableState<SqsState, SqsRecord>;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Base of the queue URLs this sandbox hands out ("http://127.0.0.1:4566"). */
  edgeUrl: string;
  waiters: Waiters;
  /** When each queue deleted in this run was deleted (ms, sandbox clock): CreateQueue refuses its name for a while. */
  deletedAt: Map<string, number>;
}

/** Applies a change in memory and journals it in the same step; resolves once durable. */
export function commit(ctx: SqsContext, record: SqsRecord): Promise<void> {
  applyRecord(ctx.durable.state, record);
  return ctx.durable.commit(record);
}

/**
 * The queue a QueueUrl names: its last path segment is the name, the one before it the
 * account ("http://127.0.0.1:4566/000000000000/orders", "https://sqs.us-east-1.amazonaws.com/000000000000/orders").
 */
export function queueOfUrl(ctx: SqsContext, url: string): QueueState {
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, "").replace(/[?#].*$/, "");
  const parts = path.split("/").filter((p) => p !== "");
  const name = parts.at(-1);
  const account = parts.length >= 2 ? parts.at(-2) : undefined;
  if (name === undefined || (account !== undefined && account !== ctx.accountId && account !== "queue")) throw new QueueDoesNotExist();
  const q = ctx.durable.state.queues.get(name);
  if (!q) throw new QueueDoesNotExist();
  return q;
}

/** The queue an ARN names (arn:aws:sqs:<region>:<account>:<name>), if it exists. */
export function queueOfArn(ctx: SqsContext, arn: string): QueueState | undefined {
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[2] !== "sqs") return undefined;
  return ctx.durable.state.queues.get(parts[5]);
}

export function queueUrl(base: string, accountId: string, name: string): string {
  return `${base.replace(/\/+$/, "")}/${accountId}/${name}`;
}
