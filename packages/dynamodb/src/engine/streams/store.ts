/**
 * The streams of every table, with their shards and records (DynamoDB Streams). Every
 * change is a StreamChange: live, the engine applies it and journals it in the same record
 * as the item change that caused it (atomic across a crash); recovery applies the journaled
 * changes again. Trimming after 24 hours is a function of time and is not journaled.
 */
import { STREAM_RETENTION_MS } from "../../limits.js";
import type { KeySchemaElement } from "../shapes.js";
import type { Item, Key } from "../types.js";

export type StreamViewType = "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";

/**
 * Who made a change, when it was not a caller of the API (TTL deletions). GetRecords spells
 * the members as the Streams model does; Lambda events spell them "type" and "principalId".
 */
export interface UserIdentity {
  PrincipalId: "dynamodb.amazonaws.com";
  Type: "Service";
}

/** A stream record exactly as GetRecords returns it (Lambda adds eventSourceARN). */
export interface StreamRecord {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  eventVersion: "1.1";
  eventSource: "aws:dynamodb";
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, rounded down (API_streams_StreamRecord). */
    ApproximateCreationDateTime: number;
    Keys: Key;
    NewImage?: Item;
    OldImage?: Item;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  userIdentity?: UserIdentity;
}

export interface Shard {
  ShardId: string;
  ParentShardId?: string;
  StartingSequenceNumber: string;
  /** Set once the shard is closed (rolled over, or the stream was disabled or its table deleted). */
  EndingSequenceNumber?: string;
  /** When the shard was closed (ms). */
  closedAt?: number;
  /** Records still kept, oldest first. */
  records: StreamRecord[];
  /** Sequence number of the newest record trimmed away (reads before it fail). */
  trimmedThrough?: number;
}

export interface StreamMeta {
  StreamArn: string;
  StreamLabel: string;
  TableName: string;
  KeySchema: KeySchemaElement[];
  StreamViewType: StreamViewType;
  /** Epoch seconds. */
  CreationRequestDateTime: number;
}

export interface Stream extends StreamMeta {
  StreamStatus: "ENABLED" | "DISABLED";
  /** When the stream was disabled (ms), for dropping it after the retention period. */
  disabledAt?: number;
  shards: Shard[];
}

/** Where an event source mapping has got to in a stream (persisted so a restart resumes there). */
export interface Checkpoint {
  arn: string;
  shardId: string;
  /** Last sequence number handled. */
  sequenceNumber: number;
}

export type StreamChange =
  | { kind: "open"; stream: StreamMeta; shardId: string; start: string }
  | { kind: "close"; arn: string; end: string; at: number }
  /** Closes the open shard and opens its child. */
  | { kind: "rollover"; arn: string; end: string; at: number; shardId: string; start: string }
  | { kind: "record"; arn: string; record: StreamRecord }
  | { kind: "checkpoint"; id: string; checkpoint: Checkpoint }
  | { kind: "forget"; id: string };

/** AWS's sequence numbers are 21-digit zero-padded decimals ("000000000000000075450"). */
export function formatSequence(n: number): string {
  return String(n).padStart(21, "0");
}

/** A sequence number as a number; undefined when it is not one of ours (too long, not digits). */
export function parseSequence(text: string): number | undefined {
  if (!/^\d{1,40}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

interface StoredStreams {
  lastSequence: number;
  streams: Stream[];
  checkpoints?: [string, Checkpoint][];
}

export class StreamStore {
  readonly streams = new Map<string, Stream>();
  /** Event source mapping positions, by mapping id. */
  readonly checkpoints = new Map<string, Checkpoint>();
  /** The last sequence number handed out (across all streams, so numbers only grow). */
  lastSequence = 0;
  private readonly enabled = new Map<string, Stream>();

  static fromJSON(json: unknown): StreamStore {
    const store = new StreamStore();
    const stored = json as Partial<StoredStreams> | null | undefined;
    if (!stored) return store;
    store.lastSequence = stored.lastSequence ?? 0;
    for (const stream of stored.streams ?? []) {
      store.streams.set(stream.StreamArn, stream);
      if (stream.StreamStatus === "ENABLED") store.enabled.set(stream.TableName, stream);
    }
    for (const [id, checkpoint] of stored.checkpoints ?? []) store.checkpoints.set(id, checkpoint);
    return store;
  }

  toJSON(): StoredStreams {
    return { lastSequence: this.lastSequence, streams: [...this.streams.values()], checkpoints: [...this.checkpoints] };
  }

  /** The table's enabled stream, if it has one. */
  enabledFor(tableName: string): Stream | undefined {
    return this.enabled.get(tableName);
  }

  /** The sequence number the next record gets. */
  nextSequence(): string {
    return formatSequence(this.lastSequence + 1);
  }

  /**
   * A shard's StartingSequenceNumber is used up, so its first record's number is greater
   * (localstack test_dynamodb_stream_records_with_update_item, validated on AWS).
   */
  private takeSequence(start: string): void {
    this.lastSequence = Math.max(this.lastSequence, Number(start));
  }

  apply(change: StreamChange): void {
    switch (change.kind) {
      case "open": {
        const stream: Stream = {
          ...change.stream,
          StreamStatus: "ENABLED",
          shards: [{ ShardId: change.shardId, StartingSequenceNumber: change.start, records: [] }],
        };
        this.streams.set(stream.StreamArn, stream);
        this.enabled.set(stream.TableName, stream);
        this.takeSequence(change.start);
        return;
      }
      case "close": {
        const stream = this.streams.get(change.arn);
        if (!stream) return;
        const shard = openShard(stream);
        if (shard) {
          shard.EndingSequenceNumber = change.end;
          shard.closedAt = change.at;
        }
        stream.StreamStatus = "DISABLED";
        stream.disabledAt = change.at;
        if (this.enabled.get(stream.TableName) === stream) this.enabled.delete(stream.TableName);
        return;
      }
      case "rollover": {
        const stream = this.streams.get(change.arn);
        const parent = openShard(stream);
        if (!stream || !parent) return;
        parent.EndingSequenceNumber = change.end;
        parent.closedAt = change.at;
        stream.shards.push({ ShardId: change.shardId, ParentShardId: parent.ShardId, StartingSequenceNumber: change.start, records: [] });
        this.takeSequence(change.start);
        return;
      }
      case "record": {
        const shard = openShard(this.streams.get(change.arn));
        if (shard) shard.records.push(change.record);
        this.lastSequence = Math.max(this.lastSequence, Number(change.record.dynamodb.SequenceNumber));
        return;
      }
      case "checkpoint":
        this.checkpoints.set(change.id, change.checkpoint);
        return;
      default:
        this.checkpoints.delete(change.id);
    }
  }

  /** Drops records older than the retention period, and streams disabled for longer than it. */
  trim(nowMs: number): void {
    const horizon = nowMs - STREAM_RETENTION_MS;
    for (const stream of this.streams.values()) {
      if (stream.disabledAt !== undefined && stream.disabledAt < horizon) {
        this.streams.delete(stream.StreamArn);
        continue;
      }
      for (const shard of stream.shards) {
        const records = shard.records;
        let drop = 0;
        while (drop < records.length && records[drop].dynamodb.ApproximateCreationDateTime * 1000 < horizon) drop++;
        if (drop === 0) continue;
        shard.trimmedThrough = Number(records[drop - 1].dynamodb.SequenceNumber);
        records.splice(0, drop);
      }
      // Closed shards go once they are past the retention period and empty.
      stream.shards = stream.shards.filter((s) => s.closedAt === undefined || s.closedAt >= horizon || s.records.length > 0);
    }
  }
}

/** When a shard was opened: shard ids carry it ("shardId-00000001550719748929-e0a2afc5"). */
export function shardOpenedAt(shard: Shard): number {
  return Number(shard.ShardId.slice("shardId-".length, "shardId-".length + 20));
}

/** The shard new records go to (the stream's last, while it is open). */
export function openShard(stream: Stream | undefined): Shard | undefined {
  const shard = stream?.shards[stream.shards.length - 1];
  return shard && shard.EndingSequenceNumber === undefined ? shard : undefined;
}
