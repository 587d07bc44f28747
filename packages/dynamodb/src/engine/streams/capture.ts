/**
 * Change capture: the one place where stored item changes become stream records and TTL
 * index updates. Each live table with a stream or TTL gets a WriteObserver (Table.write is
 * the single place items are stored or removed, for every API: Put/Update/Delete, batches,
 * transactions, PartiQL, TTL). The records it makes ride in the journal record of the write
 * that caused them (engine.commit → attach), so a crash keeps both or neither.
 *
 * Stream lifecycle follows table metadata: when a createTable/updateTable/deleteTable record
 * is committed, the table's stream is opened or closed to match (re-enabling mints a new
 * stream ARN and label, as DynamoDB does).
 */
import { hex } from "@sam-sandbox/core";
import type { Clock } from "@sam-sandbox/core";
import { SHARD_ROLLOVER_MS, STREAM_RETENTION_MS } from "../../limits.js";
import { streamLabel } from "../createTable.js";
import { kinesisRecords, liveDestinations, type KinesisPut } from "../kinesisStreaming.js";
import type { JournalRecord } from "../state.js";
import type { Table, WriteObserver } from "../table.js";
import { TtlIndex } from "../ttl/ttlIndex.js";
import type { Item } from "../types.js";
import { sameItem, streamRecord } from "./records.js";
import {
  formatSequence,
  openShard,
  shardOpenedAt,
  type Shard,
  type Stream,
  type StreamChange,
  type StreamStore,
  type UserIdentity,
} from "./store.js";

export interface CaptureHost {
  readonly tables: Map<string, Table>;
  readonly options: { readonly clock: Clock; readonly region: string };
}

/** Stream ARNs that received records in a committed journal record. */
export type AppendListener = (streamArns: ReadonlySet<string>) => void;

export class ChangeCapture {
  /** TTL indexes of the tables with TTL enabled, by table name. */
  readonly ttl = new Map<string, { table: Table; index: TtlIndex }>();
  /** Set while the TTL sweeper deletes, so its REMOVE records name the service (Streams: "TTL"). */
  identity: UserIdentity | undefined;
  private pending: StreamChange[] = [];
  /** Records for tables' Kinesis streaming destinations since the last journal record (takeKinesis). */
  private kinesisPending: KinesisPut[] = [];
  private readonly listeners = new Set<AppendListener>();
  /** Stream labels to use for tables' next streams (the template's `!GetAtt Table.StreamArn`). */
  private readonly labelHints = new Map<string, string>();

  constructor(
    private readonly host: CaptureHost,
    readonly store: StreamStore,
  ) {
    // Recovered tables: observers, TTL indexes, and streams journaled before streams existed.
    for (const name of host.tables.keys()) this.sync(name);
  }

  /** Adds the changes made since the last record to `record`; returns the streams that got records. */
  attach(record: JournalRecord): ReadonlySet<string> | undefined {
    if (record.op === "createTable" || record.op === "updateTable") this.sync(record.meta.TableName);
    else if (record.op === "deleteTable") this.sync(record.table);
    if (this.pending.length === 0) return undefined;
    const changes = this.pending;
    this.pending = [];
    record.stream = record.stream ? [...record.stream, ...changes] : changes;
    let arns: Set<string> | undefined;
    for (const change of changes) {
      if (change.kind !== "record") continue;
      arns ??= new Set();
      arns.add(change.arn);
    }
    return arns;
  }

  /** The Kinesis records the changes since the last call made (engine.commit delivers them once durable). */
  takeKinesis(): KinesisPut[] | undefined {
    if (this.kinesisPending.length === 0) return undefined;
    const puts = this.kinesisPending;
    this.kinesisPending = [];
    return puts;
  }

  /** Tells listeners (event source mappings) once the records are durable. */
  announce(done: Promise<void>, arns: ReadonlySet<string>): void {
    done.then(
      () => {
        for (const listener of this.listeners) listener(arns);
      },
      () => undefined,
    );
  }

  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a stream change now and journals it with the next record. */
  change(change: StreamChange): void {
    this.store.apply(change);
    this.pending.push(change);
  }

  /** Gives a table's next stream this label (once), so a template's stream ARN comes true. */
  hintStreamLabel(tableName: string, label: string): void {
    this.labelHints.set(tableName, label);
  }

  /** A label for a new stream of the table: its creation time, never one the table had already. */
  streamLabel(tableName: string): string {
    const used = new Set<string>();
    for (const stream of this.store.streams.values()) if (stream.TableName === tableName) used.add(stream.StreamLabel);
    const hint = this.labelHints.get(tableName);
    if (hint !== undefined) {
      this.labelHints.delete(tableName);
      if (!used.has(hint)) return hint;
    }
    let ms = this.host.options.clock.now();
    while (used.has(streamLabel(ms))) ms++;
    return streamLabel(ms);
  }

  /** Makes the stream, TTL index and observer of a table match its metadata. */
  private sync(name: string): void {
    const table = this.host.tables.get(name);
    const meta = table?.meta;
    const now = this.host.options.clock.now();
    const current = this.store.enabledFor(name);
    const spec = meta?.StreamSpecification;
    const wanted = meta && spec?.StreamEnabled && meta.LatestStreamLabel ? `${meta.TableArn}/stream/${meta.LatestStreamLabel}` : undefined;
    if (current && current.StreamArn !== wanted) {
      const shard = openShard(current);
      this.change({ kind: "close", arn: current.StreamArn, end: shard ? this.endOf(shard) : this.store.nextSequence(), at: now });
    }
    if (meta && wanted !== undefined && current?.StreamArn !== wanted) {
      this.change({
        kind: "open",
        stream: {
          StreamArn: wanted,
          StreamLabel: meta.LatestStreamLabel ?? "",
          TableName: name,
          KeySchema: meta.KeySchema,
          StreamViewType: spec?.StreamViewType ?? "KEYS_ONLY",
          CreationRequestDateTime: now / 1000,
        },
        shardId: newShardId(now),
        start: this.store.nextSequence(),
      });
    }

    const ttlSpec = meta?.TimeToLive;
    const attribute = ttlSpec?.Enabled ? ttlSpec.AttributeName : undefined;
    const ttl = this.ttl.get(name);
    if (!table || attribute === undefined) {
      this.ttl.delete(name);
    } else if (!ttl || ttl.table !== table || ttl.index.attribute !== attribute) {
      this.ttl.set(name, { table, index: TtlIndex.build(table, attribute) });
    }
    if (table) table.observer = this.observerFor(table);
  }

  /** A closing shard's EndingSequenceNumber: the last number handed out (at least its start). */
  private endOf(shard: Shard): string {
    return formatSequence(Math.max(Number(shard.StartingSequenceNumber), this.store.lastSequence));
  }

  private observerFor(table: Table): WriteObserver | undefined {
    const stream = this.store.enabledFor(table.name);
    const ttl = this.ttl.get(table.name)?.index;
    const destinations = liveDestinations(table);
    if (!stream && !ttl && destinations.length === 0) return undefined;
    return (key, oldItem, newItem) => {
      ttl?.update(key, newItem);
      if (oldItem && newItem && sameItem(oldItem, newItem)) return;
      if (stream) this.record(table, stream, oldItem, newItem);
      if (destinations.length > 0) this.kinesis(table, destinations, oldItem, newItem);
    };
  }

  private kinesis(table: Table, destinations: ReturnType<typeof liveDestinations>, oldItem: Item | undefined, newItem: Item | undefined): void {
    const item = newItem ?? oldItem;
    if (!item) return;
    const input = { table, keys: table.keyAttributesOf(item), oldItem, newItem, nowMs: this.host.options.clock.now(), region: this.host.options.region };
    this.kinesisPending.push(...kinesisRecords(this.identity ? { ...input, identity: this.identity } : input, destinations));
  }

  private record(table: Table, stream: Stream, oldItem: Item | undefined, newItem: Item | undefined): void {
    const item = newItem ?? oldItem;
    if (!item) return;
    const now = this.host.options.clock.now();
    const shard = openShard(stream);
    if (shard && now - shardOpenedAt(shard) >= SHARD_ROLLOVER_MS) {
      this.change({ kind: "rollover", arn: stream.StreamArn, end: this.endOf(shard), at: now, shardId: newShardId(now), start: this.store.nextSequence() });
    }
    const record = streamRecord({
      keys: table.keyAttributesOf(item),
      oldItem,
      newItem,
      viewType: stream.StreamViewType,
      sequenceNumber: this.store.nextSequence(),
      nowMs: now,
      region: this.host.options.region,
      identity: this.identity,
    });
    this.change({ kind: "record", arn: stream.StreamArn, record });
    // Records nobody reads must still go after 24 hours: trim once the oldest has expired.
    const oldest = stream.shards[0]?.records[0];
    if (oldest && oldest.dynamodb.ApproximateCreationDateTime * 1000 < now - STREAM_RETENTION_MS) this.store.trim(now);
  }
}

/** Shard ids carry their creation time: "shardId-00000001550719748929-e0a2afc5". */
function newShardId(nowMs: number): string {
  return `shardId-${String(nowMs).padStart(20, "0")}-${hex(4)}`;
}
