/**
 * SubscribeToShard: an ACTIVE consumer's subscription to one shard, pushed SubscribeToShardEvent
 * events as records arrive (and an empty one when idle, carrying ContinuationSequenceNumber),
 * for five minutes of Clock time. One subscription per consumer and shard: a second one within
 * 5 seconds is refused, a later one takes over (the first ends with ResourceInUseException).
 * A shard read to its end sends a last event with ChildShards and no ContinuationSequenceNumber,
 * then the subscription ends. The wire turns a subscription's sink into the event stream.
 */
import type { AwsError, TimerHandle } from "@sam-sandbox/core";
import { anotherSubscription, consumerArnNotFound, consumerNotActive } from "../errors.js";
import * as L from "../limits.js";
import { seconds, trim, type KinesisContext } from "./context.js";
import { consumerOf, consumerStatus } from "./consumers.js";
import { firstIndex, shardOf, startingPosition, type IteratorType } from "./records.js";
import type { Shard, StoredRecord, Stream } from "./state.js";

export interface SubscribeToShardInput {
  ConsumerARN: string;
  ShardId: string;
  StartingPosition: { Type: IteratorType; SequenceNumber?: string; Timestamp?: number };
}

/** One SubscribeToShardEvent, as the event stream carries it. */
export interface SubscribeToShardEvent {
  Records: Array<Record<string, unknown>>;
  ContinuationSequenceNumber?: string;
  MillisBehindLatest: number;
  ChildShards?: Array<Record<string, unknown>>;
}

/** Where a subscription's output goes (the wire's event stream). */
export interface SubscriptionSink {
  event(event: SubscribeToShardEvent): void;
  /** The subscription ends with an error in the stream (taken over, consumer gone). */
  fail(error: AwsError): void;
  /** Five minutes passed, or the shard was read to its end, or the service closes. */
  end(): void;
}

export interface Subscription {
  /** Sends the first event and starts the subscription's timers (after the wire's initial-response). */
  start(): void;
  /** Ends it early (the client closed the stream). */
  stop(): void;
}

interface Session {
  key: string;
  consumerArn: string;
  consumerName: string;
  stream: string;
  streamCreated: number;
  shardId: string;
  /** The position read up to. */
  seq: string;
  inclusive: boolean;
  /** When SubscribeToShard succeeded (a second call within 5 s is refused). */
  started: number;
  sink: SubscriptionSink;
  heartbeat?: TimerHandle;
  lifetime?: TimerHandle;
  closed: boolean;
}

export class Subscriptions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly ctx: KinesisContext) {
    ctx.onPut.add((streamArn) => {
      for (const session of this.sessions.values()) if (this.ctx.durable.state.streams.get(session.stream)?.arn === streamArn) this.send(session, false);
    });
    ctx.onConsumerGone.add((consumerArn) => {
      for (const session of [...this.sessions.values()]) {
        if (session.consumerArn !== consumerArn) continue;
        this.close(session);
        session.sink.fail(consumerArnNotFound(consumerArn, this.ctx.accountId));
      }
    });
  }

  /** Open subscriptions. */
  get size(): number {
    return this.sessions.size;
  }

  subscribeToShard(input: SubscribeToShardInput, sink: SubscriptionSink): Subscription {
    const { ctx } = this;
    const { stream, consumer } = consumerOf(ctx, { ConsumerARN: input.ConsumerARN });
    const now = ctx.clock.now();
    if (consumerStatus(consumer, now) !== "ACTIVE") throw consumerNotActive(consumer.name, consumer.createdAt / 1000, stream.name, ctx.accountId);
    trim(ctx, stream);
    const shard = shardOf(ctx, stream, input.ShardId);
    const position = startingPosition(ctx, stream, shard, input.StartingPosition.Type, input.StartingPosition.SequenceNumber, input.StartingPosition.Timestamp);
    const key = `${consumer.arn} ${shard.id}`;
    const previous = this.sessions.get(key);
    if (previous && now - previous.started < L.SUBSCRIPTION_TAKEOVER_MS) throw anotherSubscription(ctx.accountId, stream.name, shard.id, consumer.name);
    if (previous) {
      this.close(previous);
      previous.sink.fail(anotherSubscription(ctx.accountId, stream.name, shard.id, consumer.name));
    }
    const session: Session = {
      key, consumerArn: consumer.arn, consumerName: consumer.name, stream: stream.name, streamCreated: stream.createdAt, shardId: shard.id,
      seq: position.seq, inclusive: position.inclusive, started: now, sink, closed: false,
    };
    this.sessions.set(key, session);
    return {
      start: () => {
        if (session.closed) return;
        session.lifetime = ctx.clock.setTimeout(() => {
          this.close(session);
          sink.end();
        }, L.SUBSCRIPTION_LIFETIME_MS);
        this.send(session, true);
      },
      stop: () => this.close(session),
    };
  }

  /** Ends every subscription (the service closes). */
  closeAll(): void {
    for (const session of [...this.sessions.values()]) {
      this.close(session);
      session.sink.end();
    }
  }

  private close(session: Session): void {
    session.closed = true;
    session.heartbeat?.cancel();
    session.lifetime?.cancel();
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
  }

  /** Sends what the shard holds past the session's position; with `force`, an empty event when there is nothing new. */
  private send(session: Session, force: boolean): void {
    if (session.closed) return;
    const { ctx } = this;
    const stream = ctx.durable.state.streams.get(session.stream);
    const shard = stream && stream.createdAt === session.streamCreated ? stream.shards.find((s) => s.id === session.shardId) : undefined;
    if (!stream || !shard) return;
    trim(ctx, stream);
    const now = ctx.clock.now();
    const records = shard.records;
    let start = firstIndex(records, session.seq, session.inclusive);
    const chunks: StoredRecord[][] = [];
    while (start < records.length) {
      const chunk = take(records, start);
      chunks.push(chunk);
      start += chunk.length;
    }
    const shardEnd = shard.endingSequenceNumber !== undefined;
    if (chunks.length === 0 && !force && !shardEnd) return;
    if (chunks.length === 0) chunks.push([]);
    chunks.forEach((chunk, i) => {
      const last = i === chunks.length - 1;
      const lastRecord = chunk[chunk.length - 1];
      if (lastRecord) {
        session.seq = lastRecord.seq;
        session.inclusive = false;
      }
      session.sink.event({
        Records: chunk.map((r) => recordOutput(stream, r)),
        // At the shard's end the service sends none (awslabs/amazon-kinesis-client#1744: "continuationSequenceNumber returned by the service is null").
        ...(last && shardEnd ? {} : { ContinuationSequenceNumber: session.seq }),
        MillisBehindLatest: last || !lastRecord ? 0 : Math.max(0, now - lastRecord.at),
        ...(last && shardEnd ? { ChildShards: childShards(stream, shard) } : {}),
      });
    });
    if (shardEnd) {
      this.close(session);
      session.sink.end();
      return;
    }
    session.heartbeat?.cancel();
    session.heartbeat = ctx.clock.setTimeout(() => this.send(session, true), L.SUBSCRIPTION_HEARTBEAT_MS);
  }
}

/** Records from `start`, up to an event's worth of data (at least one). */
function take(records: readonly StoredRecord[], start: number): StoredRecord[] {
  const out: StoredRecord[] = [];
  let bytes = 0;
  for (let i = start; i < records.length && out.length < L.MAX_GET_RECORDS_LIMIT; i++) {
    const size = Buffer.byteLength(records[i].data, "base64") + records[i].partitionKey.length;
    if (out.length > 0 && bytes + size > L.MAX_SUBSCRIBE_EVENT_BYTES) break;
    out.push(records[i]);
    bytes += size;
  }
  return out;
}

function recordOutput(stream: Stream, r: StoredRecord): Record<string, unknown> {
  return {
    SequenceNumber: r.seq,
    ApproximateArrivalTimestamp: seconds(r.at),
    Data: r.data,
    PartitionKey: r.partitionKey,
    ...(stream.encryptionType === "KMS" ? { EncryptionType: "KMS" } : {}),
  };
}

function childShards(stream: Stream, shard: Shard): Array<Record<string, unknown>> {
  return stream.shards
    .filter((s) => s.parentShardId === shard.id || s.adjacentParentShardId === shard.id)
    .map((c) => ({
      ShardId: c.id,
      ParentShards: [c.parentShardId, c.adjacentParentShardId].filter((id): id is string => id !== undefined),
      HashKeyRange: { StartingHashKey: c.startingHashKey, EndingHashKey: c.endingHashKey },
    }));
}
