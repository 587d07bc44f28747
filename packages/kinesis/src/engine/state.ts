/**
 * Kinesis state: streams, their shards and records, and the stream mappings' positions,
 * persisted through the Store port as journal records (one per change; a PutRecords is one)
 * and JSON snapshots. Records past the retention period are dropped on read (trim), not journaled.
 */
import type { StateCodec } from "@sam-sandbox/core";

export interface StoredRecord {
  /** Sequence number (decimal text). */
  seq: string;
  partitionKey: string;
  /** The data blob, base64. */
  data: string;
  /** Arrival, epoch ms. */
  at: number;
}

export interface Shard {
  id: string;
  /** The shard's number ("shardId-000000000003" → 3), encoded in its sequence numbers. */
  index: number;
  /** Hash key range, decimal text. */
  startingHashKey: string;
  endingHashKey: string;
  parentShardId?: string;
  adjacentParentShardId?: string;
  startingSequenceNumber: string;
  /** Set when the shard was closed (split, merged, resharded). */
  endingSequenceNumber?: string;
  /** Epoch ms. */
  createdAt: number;
  closedAt?: number;
  /** Records put so far (the next record's sequence index). */
  counter: number;
  records: StoredRecord[];
}

/** An enhanced fan-out consumer (RegisterStreamConsumer); its status follows from its times and the Clock (consumers.ts). */
export interface StoredConsumer {
  name: string;
  arn: string;
  /** Epoch ms, whole seconds (the ARN ends with them). */
  createdAt: number;
  /** DeregisterStreamConsumer's time (epoch ms): DELETING for a while, then gone. */
  deletedAt?: number;
  /** RegisterStreamConsumer's Tags and TagResource / UntagResource on the consumer's ARN. */
  tags?: Record<string, string>;
  /** PutResourcePolicy's document. */
  policy?: string;
}

export type StreamStatus = "CREATING" | "DELETING" | "ACTIVE" | "UPDATING";
export type StreamMode = "PROVISIONED" | "ON_DEMAND";

export interface Stream {
  name: string;
  arn: string;
  status: StreamStatus;
  mode: StreamMode;
  /** Epoch ms. */
  createdAt: number;
  retentionHours: number;
  encryptionType: "NONE" | "KMS";
  keyId?: string;
  tags: Record<string, string>;
  shards: Shard[];
  /** EnableEnhancedMonitoring's metrics (stored: the sandbox publishes no CloudWatch metrics for them). */
  shardLevelMetrics?: string[];
  /** Registered consumers, in registration order (a stream's deletion takes them along). */
  consumers?: StoredConsumer[];
  /** PutResourcePolicy's document. */
  policy?: string;
}

/** A Lambda mapping's position per shard: the last sequence number delivered (or "" for none yet). */
export interface Checkpoint {
  arn: string;
  positions: Record<string, string>;
}

export interface KinesisState {
  streams: Map<string, Stream>;
  checkpoints: Map<string, Checkpoint>;
}

/** The scalar settings a "set" record changes. */
export type StreamSettings = Partial<Pick<Stream, "status" | "mode" | "retentionHours" | "encryptionType" | "keyId" | "tags" | "shardLevelMetrics">>;

export type KinesisRecord =
  | { t: "create"; stream: Stream }
  | { t: "delete"; name: string }
  | { t: "set"; name: string; settings: StreamSettings; clearKeyId?: boolean }
  /** Records appended to shards, in order (one PutRecord or PutRecords). */
  | { t: "put"; name: string; entries: Array<{ shardId: string; record: StoredRecord }> }
  /** Shards closed and shards opened by a split, a merge or UpdateShardCount. */
  | { t: "reshard"; name: string; closed: Array<{ id: string; endingSequenceNumber: string; at: number }>; opened: Shard[] }
  /** A consumer registered (it replaces a gone one of the same name). */
  | { t: "register"; name: string; consumer: StoredConsumer }
  | { t: "deregister"; name: string; consumer: string; at: number }
  | { t: "consumerTags"; name: string; consumer: string; tags: Record<string, string> }
  /** A stream's or a consumer's resource policy set (or removed, with none). */
  | { t: "policy"; name: string; consumer?: string; policy?: string }
  | { t: "checkpoint"; id: string; checkpoint: Checkpoint }
  | { t: "forget"; id: string };

export function applyRecord(state: KinesisState, record: KinesisRecord): void {
  switch (record.t) {
    case "create":
      state.streams.set(record.stream.name, record.stream);
      return;
    case "delete":
      state.streams.delete(record.name);
      return;
    case "set": {
      const stream = state.streams.get(record.name);
      if (!stream) return;
      Object.assign(stream, record.settings);
      if (record.clearKeyId) delete stream.keyId;
      return;
    }
    case "put": {
      const stream = state.streams.get(record.name);
      if (!stream) return;
      for (const { shardId, record: r } of record.entries) {
        const shard = stream.shards.find((s) => s.id === shardId);
        if (!shard) continue;
        shard.records.push(r);
        shard.counter++;
      }
      return;
    }
    case "reshard": {
      const stream = state.streams.get(record.name);
      if (!stream) return;
      for (const c of record.closed) {
        const shard = stream.shards.find((s) => s.id === c.id);
        if (!shard) continue;
        shard.endingSequenceNumber = c.endingSequenceNumber;
        shard.closedAt = c.at;
      }
      stream.shards.push(...record.opened);
      return;
    }
    case "register": {
      const stream = state.streams.get(record.name);
      if (!stream) return;
      stream.consumers = [...(stream.consumers ?? []).filter((c) => c.name !== record.consumer.name), record.consumer];
      return;
    }
    case "deregister": {
      const consumer = state.streams.get(record.name)?.consumers?.find((c) => c.name === record.consumer);
      if (consumer) consumer.deletedAt = record.at;
      return;
    }
    case "consumerTags": {
      const consumer = state.streams.get(record.name)?.consumers?.find((c) => c.name === record.consumer && c.deletedAt === undefined);
      if (consumer) consumer.tags = record.tags;
      return;
    }
    case "policy": {
      const stream = state.streams.get(record.name);
      const holder = record.consumer === undefined ? stream : stream?.consumers?.find((c) => c.name === record.consumer && c.deletedAt === undefined);
      if (!holder) return;
      if (record.policy === undefined) delete holder.policy;
      else holder.policy = record.policy;
      return;
    }
    case "checkpoint":
      state.checkpoints.set(record.id, record.checkpoint);
      return;
    case "forget":
      state.checkpoints.delete(record.id);
      return;
  }
}

interface Snapshot {
  streams: Stream[];
  checkpoints: Array<[string, Checkpoint]>;
}

export const kinesisCodec: StateCodec<KinesisState, KinesisRecord> = {
  empty: () => ({ streams: new Map(), checkpoints: new Map() }),
  fromSnapshot(json) {
    const snapshot = json as Partial<Snapshot>;
    return {
      streams: new Map((snapshot.streams ?? []).map((s) => [s.name, s])),
      checkpoints: new Map(snapshot.checkpoints ?? []),
    };
  },
  toSnapshot: (state): Snapshot => ({ streams: [...state.streams.values()], checkpoints: [...state.checkpoints.entries()] }),
  apply: applyRecord,
};
