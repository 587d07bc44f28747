/**
 * Delivers one mapping's stream records to its function, as Lambda's Kinesis pollers do:
 * records in order per shard (a child shard after its parents are read), one batch in
 * flight at a time, filters applied before batching, a batching window on the Clock,
 * retries with back-off on the Clock (bisecting a failing batch when asked), partial batch
 * responses (ReportBatchItemFailures), and batches given up after MaximumRetryAttempts or
 * MaximumRecordAgeInSeconds logged and sent to the OnFailure destination. Each shard's
 * position is journaled after each batch, so a restart resumes where delivery stopped.
 * Each batch is delivered by core's deliverStreamBatch, as DynamoDB's stream pollers deliver theirs.
 */
import {
  deliverStreamBatch, type EventPattern, type EventSourceMappingSettings, type LambdaInvokeResult, type LambdaInvoker, type Logger, type StreamBatchHooks, type StreamFailureCondition, StreamPollerLoop,
} from "@sam-sandbox/core";
import { commit, type KinesisContext } from "../engine/context.js";
import { consumerOfArn } from "../engine/consumers.js";
import { compareSequence } from "../engine/keys.js";
import { indexAfter } from "../engine/records.js";
import type { Shard, StoredRecord, Stream } from "../engine/state.js";
import { MAX_INVOKE_PAYLOAD_BYTES } from "../limits.js";
import { filterView, kinesisEventRecord, onFailureRecord } from "./event.js";

/** Records examined per step. */
const MAX_SCAN_RECORDS = 10_000;

interface Item {
  record: StoredRecord;
  /** The record's sequence number: its itemIdentifier in a partial batch response. */
  id: string;
  json: string;
}

export interface PollerDeps {
  ctx: KinesisContext;
  invoker: LambdaInvoker;
  logger: Logger;
  /** Sends an OnFailure record to the mapping's destination. */
  sendOnFailure?: (destination: string, message: string) => Promise<void>;
}

export class KinesisPoller extends StreamPollerLoop {
  /** Per shard: the last sequence number handled; "" when none yet (the shard is read from its start). */
  private readonly positions: Record<string, string>;
  private windowStart: number | undefined;
  private lastResult: LambdaInvokeResult | undefined;
  processingResult: string | undefined;

  constructor(
    readonly id: string,
    public settings: EventSourceMappingSettings,
    public filter: EventPattern | undefined,
    private readonly deps: PollerDeps,
  ) {
    super({ clock: deps.ctx.clock, logger: deps.logger, label: () => `kinesis: event source mapping ${id}` });
    const saved = deps.ctx.durable.state.checkpoints.get(id);
    if (saved && saved.arn === settings.eventSourceArn) {
      this.positions = { ...saved.positions };
      return;
    }
    this.positions = {};
    const stream = this.stream();
    if (settings.startingPosition === "LATEST" && stream) {
      for (const shard of stream.shards) this.positions[shard.id] = shard.records[shard.records.length - 1]?.seq ?? "";
    }
    if (settings.startingPosition === "AT_TIMESTAMP" && stream) {
      // Each shard from its first record that arrived at or after the time.
      const from = (settings.startingPositionTimestamp ?? 0) * 1000;
      for (const shard of stream.shards) {
        const before = shard.records.filter((r) => r.at < from);
        this.positions[shard.id] = before[before.length - 1]?.seq ?? "";
      }
    }
    // The starting point is journaled, so a restart does not skip what arrived meanwhile.
    void this.persist();
  }

  protected enabled(): boolean {
    return this.settings.enabled;
  }

  /** The stream read: the mapping's, or the stream of its enhanced fan-out consumer while the consumer exists. */
  private stream(): Stream | undefined {
    const { ctx } = this.deps;
    const arn = this.settings.eventSourceArn;
    if (arn.includes("/consumer/")) return consumerOfArn(ctx, arn)?.stream;
    const name = /:stream\/(.+)$/.exec(arn)?.[1];
    const stream = name === undefined ? undefined : ctx.durable.state.streams.get(name);
    return stream && stream.arn === arn ? stream : undefined;
  }

  /** A shard is read once the shards it was split or merged from have been read to their end. */
  private finished(stream: Stream, id: string | undefined): boolean {
    if (id === undefined) return true;
    const shard = stream.shards.find((s) => s.id === id);
    if (!shard) return true;
    const last = shard.records[shard.records.length - 1];
    return shard.endingSequenceNumber !== undefined && (!last || this.readPast(shard, last.seq));
  }

  private readPast(shard: Shard, seq: string): boolean {
    const at = this.positions[shard.id];
    return at !== undefined && at !== "" && compareSequence(at, seq) >= 0;
  }

  /** Does one unit of work; false when there is nothing to do until a wake or a timer. */
  protected async step(): Promise<boolean> {
    const { ctx } = this.deps;
    const stream = this.stream();
    if (!stream) return false;
    const now = ctx.clock.now();
    for (const shard of stream.shards) {
      if (!this.finished(stream, shard.parentShardId) || !this.finished(stream, shard.adjacentParentShardId)) continue;
      const position = this.positions[shard.id];
      const start = indexAfter(shard, position === undefined || position === "" ? undefined : position);
      if (start >= shard.records.length) continue;
      const { items, scanned, full } = this.collect(stream, shard, start, now);
      if (items.length === 0) {
        await this.checkpoint(shard, scanned);
        return true;
      }
      const window = this.settings.maximumBatchingWindowInSeconds * 1000;
      if (window > 0 && !full) {
        this.windowStart ??= now;
        const remaining = this.windowStart + window - now;
        if (remaining > 0) {
          this.timer ??= ctx.clock.setTimeout(() => {
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
      await this.checkpoint(shard, scanned);
      return true;
    }
    return false;
  }

  /** The next batch from record `start` on: matching records in order, up to BatchSize and the invoke payload limit. */
  private collect(stream: Stream, shard: Shard, start: number, now: number): { items: Item[]; scanned: string; full: boolean } {
    const { ctx } = this.deps;
    const items: Item[] = [];
    let scanned = "";
    let bytes = 0;
    let full = false;
    // At most a scan's worth per step, so a long run of filtered-out records cannot stall the loop.
    const end = Math.min(shard.records.length, start + MAX_SCAN_RECORDS);
    for (let i = start; i < end; i++) {
      const record = shard.records[i];
      if (this.tooOld(record, now, stream)) {
        if (items.length > 0) break;
        this.discarded(shard, [record], "RecordAgeExceeded", 0);
        scanned = record.seq;
        continue;
      }
      if (this.filter && !this.filter.matches(filterView(record))) {
        scanned = record.seq;
        continue;
      }
      // Through a consumer too, the event names the stream (Lambda: "Using Lambda with Kinesis Data Streams").
      const json = kinesisEventRecord(record, { shardId: shard.id, streamArn: stream.arn, region: ctx.region, accountId: ctx.accountId });
      if (items.length > 0 && bytes + json.length + 1 > MAX_INVOKE_PAYLOAD_BYTES - 20) {
        full = true;
        break;
      }
      items.push({ record, id: record.seq, json });
      bytes += json.length + 1;
      scanned = record.seq;
      if (items.length >= this.settings.batchSize) {
        full = true;
        break;
      }
    }
    return { items, scanned, full };
  }

  /** Past MaximumRecordAgeInSeconds, or past the stream's retention: Lambda retries a failing batch "until the records expire". */
  private tooOld(record: StoredRecord, now: number, stream = this.stream()): boolean {
    const age = this.settings.maximumRecordAgeInSeconds;
    if (age >= 0 && (now - record.at) / 1000 > age) return true;
    return stream !== undefined && record.at < now - stream.retentionHours * 3_600_000;
  }

  /** Invokes with `items` until they are handled: delivered, or given up after retries (core's stream batch delivery). */
  private deliver(shard: Shard, items: Item[]): Promise<void> {
    const hooks: StreamBatchHooks<Item> = {
      source: "kinesis",
      invoker: this.deps.invoker,
      logger: this.deps.logger,
      settings: () => this.settings,
      stopped: () => this.stopped,
      unexpired: (chunk, attempts) => {
        const now = this.deps.ctx.clock.now();
        const stream = this.stream();
        const kept = chunk.filter((c) => !this.tooOld(c.record, now, stream));
        if (kept.length < chunk.length) this.discarded(shard, chunk.filter((c) => !kept.includes(c)).map((c) => c.record), "RecordAgeExceeded", attempts);
        return kept;
      },
      handled: (last) => this.checkpoint(shard, last.record.seq),
      exhausted: (chunk, attempts, result) => {
        this.lastResult = result;
        this.discarded(shard, chunk.map((c) => c.record), "RetryAttemptsExhausted", attempts);
      },
      sleep: (ms) => this.backoff(ms),
      processed: (result) => (this.processingResult = result),
    };
    return deliverStreamBatch(items, hooks);
  }

  private discarded(shard: Shard, records: StoredRecord[], condition: StreamFailureCondition, invokeCount: number): void {
    const { ctx, logger, sendOnFailure } = this.deps;
    const destination = this.settings.onFailure;
    const why = condition === "RetryAttemptsExhausted" ? `${this.settings.maximumRetryAttempts} retries` : "record expiry";
    logger.error(
      `kinesis: event source mapping ${this.id} (${this.settings.functionName}) discarded ${records.length} record(s) of ${shard.id} after ${why}` +
        (destination ? `; recorded in ${destination}` : " (no OnFailure destination)"),
    );
    if (!destination || !sendOnFailure) return;
    const fn = this.settings.functionName;
    const message = onFailureRecord({
      functionArn: fn.startsWith("arn:") ? fn : `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${fn}`,
      condition,
      invokeCount,
      result: condition === "RetryAttemptsExhausted" ? this.lastResult : undefined,
      now: ctx.clock.now(),
      shardId: shard.id,
      streamArn: this.stream()?.arn ?? this.settings.eventSourceArn,
      records,
    });
    sendOnFailure(destination, message).catch((error: unknown) => {
      logger.error(`kinesis: event source mapping ${this.id}: OnFailure destination ${destination} not reached: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async checkpoint(shard: Shard, seq: string): Promise<void> {
    if (seq === "") return;
    const at = this.positions[shard.id];
    if (at !== undefined && at !== "" && compareSequence(at, seq) >= 0) return;
    this.positions[shard.id] = seq;
    await this.persist();
  }

  private async persist(): Promise<void> {
    try {
      await commit(this.deps.ctx, { t: "checkpoint", id: this.id, checkpoint: { arn: this.settings.eventSourceArn, positions: { ...this.positions } } });
    } catch (error) {
      this.deps.logger.error(`kinesis: event source mapping ${this.id}: position not saved: ${String(error)}`);
    }
  }
}
