/**
 * Delivers one mapping's stream records to its function, as Lambda's stream pollers do:
 * records in order per shard, one batch in flight at a time, filters applied before
 * batching, a batching window on the Clock, retries with back-off on the Clock (bisecting a
 * failing batch when asked), partial batch responses (ReportBatchItemFailures), and batches
 * given up after MaximumRetryAttempts or MaximumRecordAgeInSeconds logged and, with an
 * OnFailure destination, recorded there. The position is checkpointed (journaled) after each batch.
 */
import { deliverStreamBatch, type LambdaInvokeResult, type LambdaInvoker, type Logger, type StreamBatchHooks, type StreamFailureCondition, StreamPollerLoop } from "@sam-sandbox/core";
import { MAX_INVOKE_PAYLOAD_BYTES } from "../limits.js";
import type { DynamoDbEngine } from "../engine/engine.js";
import { firstAfter } from "../engine/streams/iterators.js";
import type { Shard, Stream, StreamRecord } from "../engine/streams/store.js";
import type { MappingConfig } from "./mapping.js";
import { onFailureRecord } from "./onFailure.js";

/** Records examined per step, so a long run of filtered-out records cannot stall the loop. */
const MAX_SCAN_RECORDS = 10_000;

interface Item {
  record: StreamRecord;
  /** The record's SequenceNumber: its itemIdentifier in a partial batch response. */
  id: string;
  seq: number;
  /** The record as the event carries it (with eventSourceARN). */
  json: string;
}

export interface PollerDeps {
  engine: DynamoDbEngine;
  invoker: LambdaInvoker;
  logger: Logger;
}

export class StreamPoller extends StreamPollerLoop {
  private shardId: string | undefined;
  private after = 0;
  private windowStart: number | undefined;
  /** The answer to the latest invocation, for an OnFailure record. */
  private lastResult: LambdaInvokeResult | undefined;
  /** LastProcessingResult as Lambda describes it; undefined until a batch was delivered. */
  processingResult: string | undefined;

  constructor(
    readonly config: MappingConfig,
    private readonly deps: PollerDeps,
  ) {
    super({ clock: deps.engine.options.clock, logger: deps.logger, label: () => `dynamodb: event source mapping ${this.id}` });
    const { engine } = deps;
    const arn = config.description.EventSourceArn;
    const stream = engine.streams.streams.get(arn);
    const checkpoint = config.durable ? engine.streams.checkpoints.get(config.description.UUID) : undefined;
    const resumed = checkpoint && checkpoint.arn === arn ? stream?.shards.find((s) => s.ShardId === checkpoint.shardId) : undefined;
    if (checkpoint && resumed) {
      this.shardId = resumed.ShardId;
      this.after = checkpoint.sequenceNumber;
      return;
    }
    const shard = config.description.StartingPosition === "TRIM_HORIZON" ? stream?.shards[0] : stream?.shards[stream.shards.length - 1];
    if (!shard) return;
    this.shardId = shard.ShardId;
    const last = shard.records[shard.records.length - 1];
    this.after = config.description.StartingPosition === "LATEST" && last ? Number(last.dynamodb.SequenceNumber) : floor(shard);
    // A durable LATEST mapping remembers where it started, so a restart does not skip records.
    if (config.durable) void this.persist();
  }

  get id(): string {
    return this.config.description.UUID;
  }

  protected enabled(): boolean {
    return this.config.description.State === "Enabled";
  }

  /** Does one unit of work; false when there is nothing to do until a wake or a timer. */
  protected async step(): Promise<boolean> {
    const { engine } = this.deps;
    const now = engine.options.clock.now();
    engine.streams.trim(now);
    const stream = engine.streams.streams.get(this.config.description.EventSourceArn);
    if (!stream) return false;
    const shard = this.currentShard(stream);
    if (!shard) return false;
    if (shard.trimmedThrough !== undefined && this.after < shard.trimmedThrough) {
      this.deps.logger.warn(`dynamodb: event source mapping ${this.id}: records older than 24 hours were trimmed before delivery`);
      this.after = shard.trimmedThrough;
    }
    const { items, scanned, full, atEnd } = this.collect(shard, now);
    if (items.length === 0) {
      if (scanned > this.after) {
        await this.checkpoint(shard, scanned);
        return true;
      }
      if (atEnd && shard.EndingSequenceNumber !== undefined) return this.nextShard(stream, shard);
      return false;
    }
    const window = this.config.description.MaximumBatchingWindowInSeconds * 1000;
    if (window > 0 && !full) {
      this.windowStart ??= now;
      const remaining = this.windowStart + window - now;
      if (remaining > 0) {
        this.timer ??= engine.options.clock.setTimeout(() => {
          this.timer = undefined;
          this.wake();
        }, remaining);
        return false;
      }
    }
    this.windowStart = undefined;
    this.timer?.cancel();
    this.timer = undefined;
    await this.deliver(shard, items);
    // Stopped mid-batch: what was not handled is delivered again after a restart.
    if (this.stopped) return false;
    if (scanned > this.after) await this.checkpoint(shard, scanned);
    return true;
  }

  private currentShard(stream: Stream): Shard | undefined {
    const shard = stream.shards.find((s) => s.ShardId === this.shardId);
    if (shard) return shard;
    // The shard we were reading was trimmed away: continue with the oldest one left.
    const oldest = stream.shards[0];
    if (oldest) {
      this.shardId = oldest.ShardId;
      this.after = floor(oldest);
    }
    return oldest;
  }

  private nextShard(stream: Stream, shard: Shard): boolean {
    const at = stream.shards.indexOf(shard);
    const child = stream.shards.find((s) => s.ParentShardId === shard.ShardId) ?? stream.shards[at + 1];
    if (!child) return false;
    this.shardId = child.ShardId;
    this.after = floor(child);
    return true;
  }

  /** The next batch: matching records in order, up to BatchSize and the invoke payload limit. */
  private collect(shard: Shard, now: number): { items: Item[]; scanned: number; full: boolean; atEnd: boolean } {
    const { description, filter } = this.config;
    const records = shard.records;
    const items: Item[] = [];
    let scanned = this.after;
    let bytes = 0;
    let full = false;
    let i = firstAfter(records, this.after);
    const stop = Math.min(records.length, i + MAX_SCAN_RECORDS);
    for (; i < stop; i++) {
      const record = records[i];
      const seq = Number(record.dynamodb.SequenceNumber);
      if (this.tooOld(record, now)) {
        if (items.length === 0) {
          this.discarded(shard, [record], "RecordAgeExceeded", 0);
          scanned = seq;
          continue;
        }
        break;
      }
      if (filter && !filter.matches(record)) {
        scanned = seq;
        continue;
      }
      const json = eventRecord(record, description.EventSourceArn);
      if (items.length > 0 && bytes + json.length + 1 > MAX_INVOKE_PAYLOAD_BYTES - 20) {
        full = true;
        break;
      }
      items.push({ record, id: record.dynamodb.SequenceNumber, seq, json });
      bytes += json.length + 1;
      scanned = seq;
      if (items.length >= description.BatchSize) {
        full = true;
        break;
      }
    }
    return { items, scanned, full, atEnd: i >= records.length };
  }

  private tooOld(record: StreamRecord, now: number): boolean {
    const age = this.config.description.MaximumRecordAgeInSeconds;
    return age >= 0 && now / 1000 - record.dynamodb.ApproximateCreationDateTime > age;
  }

  /** Invokes with `items` until they are handled: delivered, or given up after retries (core's stream batch delivery). */
  private deliver(shard: Shard, items: Item[]): Promise<void> {
    const hooks: StreamBatchHooks<Item> = {
      source: "dynamodb",
      invoker: this.deps.invoker,
      logger: this.deps.logger,
      settings: () => {
        const d = this.config.description;
        return { functionName: d.FunctionName, maximumRetryAttempts: d.MaximumRetryAttempts, bisectBatchOnFunctionError: d.BisectBatchOnFunctionError, functionResponseTypes: d.FunctionResponseTypes };
      },
      stopped: () => this.stopped,
      unexpired: (chunk, attempts) => this.unexpired(chunk, shard, attempts),
      handled: (last) => this.checkpoint(shard, last.seq),
      exhausted: (chunk, attempts, result) => {
        this.lastResult = result;
        this.discarded(shard, chunk.map((c) => c.record), "RetryAttemptsExhausted", attempts);
      },
      sleep: (ms) => this.backoff(ms),
      processed: (result) => (this.processingResult = result),
    };
    return deliverStreamBatch(items, hooks);
  }

  /** The records still worth delivering: not trimmed away, not older than MaximumRecordAgeInSeconds. */
  private unexpired(chunk: Item[], shard: Shard, attempts: number): Item[] {
    const now = this.deps.engine.options.clock.now();
    this.deps.engine.streams.trim(now);
    const trimmed = shard.trimmedThrough ?? 0;
    const kept = chunk.filter((c) => c.seq > trimmed && !this.tooOld(c.record, now));
    if (kept.length < chunk.length) {
      this.discarded(shard, chunk.filter((c) => !kept.includes(c)).map((c) => c.record), "RecordAgeExceeded", attempts);
    }
    return kept;
  }

  private discarded(shard: Shard, records: StreamRecord[], condition: StreamFailureCondition, invokeCount: number): void {
    const { description, onFailure } = this.config;
    const first = records[0]?.dynamodb.SequenceNumber;
    const last = records[records.length - 1]?.dynamodb.SequenceNumber;
    const why = condition === "RetryAttemptsExhausted" ? `${description.MaximumRetryAttempts} retries` : "record expiry";
    this.deps.logger.error(
      `dynamodb: event source mapping ${this.id} (${description.FunctionName}) discarded ${records.length} stream record(s) ${first}..${last} after ${why}` +
        (onFailure ? `; recorded in ${onFailure.destination}` : " (no OnFailure destination)"),
    );
    if (!onFailure) return;
    const { options } = this.deps.engine;
    const message = onFailureRecord({
      functionArn: description.FunctionName.startsWith("arn:") ? description.FunctionName : `arn:aws:lambda:${options.region}:${options.accountId}:function:${description.FunctionName}`,
      condition,
      invokeCount,
      result: condition === "RetryAttemptsExhausted" ? this.lastResult : undefined,
      now: options.clock.now(),
      shardId: shard.ShardId,
      streamArn: description.EventSourceArn,
      records,
    });
    onFailure.send(message).catch((error: unknown) => {
      this.deps.logger.error(`dynamodb: event source mapping ${this.id}: OnFailure destination ${onFailure.destination} not reached: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async checkpoint(shard: Shard, seq: number): Promise<void> {
    if (seq <= this.after && shard.ShardId === this.shardId) return;
    this.shardId = shard.ShardId;
    this.after = seq;
    if (this.config.durable) await this.persist();
  }

  /** Journals the position under the mapping's id. */
  private async persist(): Promise<void> {
    const { engine } = this.deps;
    if (this.shardId === undefined) return;
    engine.capture.change({
      kind: "checkpoint",
      id: this.id,
      checkpoint: { arn: this.config.description.EventSourceArn, shardId: this.shardId, sequenceNumber: this.after },
    });
    try {
      await engine.commit({ op: "streams" });
    } catch (error) {
      this.deps.logger.error(`dynamodb: event source mapping ${this.id}: position not saved: ${String(error)}`);
    }
  }
}

/** A stream record as Lambda's DynamoDB event carries it (AWS's sample events show this shape). */
function eventRecord(record: StreamRecord, eventSourceArn: string): string {
  const { userIdentity, ...rest } = record;
  return JSON.stringify({
    ...rest,
    eventSourceARN: eventSourceArn,
    ...(userIdentity ? { userIdentity: { type: userIdentity.Type, principalId: userIdentity.PrincipalId } } : {}),
  });
}

/** Position before a shard's first readable record. */
function floor(shard: Shard): number {
  return Math.max(Number(shard.StartingSequenceNumber) - 1, shard.trimmedThrough ?? 0);
}
