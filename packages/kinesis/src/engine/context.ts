import type { Clock, DurableState } from "@sam-sandbox/core";
import { nameOrArn, streamNotFound } from "../errors.js";
import { applyRecord, type KinesisRecord, type KinesisState, type Stream } from "./state.js";

export interface KinesisContext {
  durable: DurableState<KinesisState, KinesisRecord>;
  clock: Clock;
  region: string;
  accountId: string;
  /** Told of each stream that got records, once they are durable (the Lambda mappings wake). */
  onPut: Set<(streamArn: string) => void>;
  /** Told of each consumer deregistered or deleted with its stream (its subscriptions end). */
  onConsumerGone: Set<(consumerArn: string) => void>;
}

/** Applies a change in memory and journals it in the same step; resolves once durable. */
export async function commit(ctx: KinesisContext, record: KinesisRecord): Promise<void> {
  applyRecord(ctx.durable.state, record);
  await ctx.durable.commit(record);
  // Closed shards end their subscriptions (SubscribeToShard's last event names the children) at once.
  const resharded = record.t === "reshard" ? ctx.durable.state.streams.get(record.name)?.arn : undefined;
  if (resharded) for (const listener of ctx.onPut) listener(resharded);
}

export function streamArn(ctx: KinesisContext, name: string): string {
  return `arn:aws:kinesis:${ctx.region}:${ctx.accountId}:stream/${name}`;
}

/** "arn:aws:kinesis:us-east-1:000000000000:stream/orders" → "orders" when the account is this sandbox's. */
export function nameOfArn(ctx: KinesisContext, arn: string): string | undefined {
  const match = /^arn:aws[^:]*:kinesis:[^:]*:(\d{12}):stream\/(.+)$/.exec(arn);
  if (!match || match[1] !== ctx.accountId) return undefined;
  return match[2];
}

/** The stream an action names by StreamName or StreamARN (every stream action takes either). */
export function streamOf(ctx: KinesisContext, input: { StreamName?: string; StreamARN?: string }): Stream {
  const name = input.StreamName ?? (input.StreamARN === undefined ? undefined : (nameOfArn(ctx, input.StreamARN) ?? input.StreamARN));
  if (name === undefined) throw nameOrArn();
  const stream = ctx.durable.state.streams.get(name);
  if (!stream) throw streamNotFound(name.startsWith("arn:") ? (name.split("/").pop() ?? name) : name, ctx.accountId);
  trim(ctx, stream);
  return stream;
}

/** Drops records older than the retention period (Kinesis makes them inaccessible once they age out). */
export function trim(ctx: KinesisContext, stream: Stream): void {
  const cutoff = ctx.clock.now() - stream.retentionHours * 3_600_000;
  for (const shard of stream.shards) {
    const records = shard.records;
    if (records.length === 0 || records[0].at >= cutoff) continue;
    let keep = 0;
    while (keep < records.length && records[keep].at < cutoff) keep++;
    records.splice(0, keep);
  }
}

/** Epoch ms → the epoch seconds awsJson timestamps carry. */
export const seconds = (ms: number): number => ms / 1000;
/** A stream's creation time as AWS answers it: whole seconds (1.684013726E9 in recorded ListStreams answers, 1572297168.0 in the AWS CLI's examples). */
export const wholeSeconds = (ms: number): number => Math.floor(ms / 1000);
