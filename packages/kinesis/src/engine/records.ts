/** PutRecord, PutRecords, GetShardIterator, GetRecords. */
import { createHmac, randomBytes } from "node:crypto";
import { ValidationException } from "@sam-sandbox/core";
import {
  InvalidArgumentException, expiredIterator, invalidExplicitHashKey, invalidOrderingSequence, invalidSequenceNumber, invalidShardIterator, iteratorTypeNeedsSequence, sequenceOfOtherShard,
  sequenceOfOtherStream, shardNotFound, timestampInFuture, timestampRequired,
} from "../errors.js";
import * as L from "../limits.js";
import { commit, seconds, streamOf, trim, type KinesisContext } from "./context.js";
import { compareSequence, hashKeyOf, parseSequenceNumber, sequenceNumber, shardIdOf, shardIndexOf } from "./keys.js";
import type { Shard, StoredRecord, Stream } from "./state.js";

type StreamRef = { StreamName?: string; StreamARN?: string };

interface Entry {
  Data: string;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

/**
 * A data blob over 1 MiB, as AWS's validation words it (the Java ByteBuffer it read the blob into;
 * the text LocalStack and Kinesis users report from AWS).
 */
function checkDataSize(data: string, path: string): void {
  const bytes = Buffer.byteLength(data, "base64");
  if (bytes > L.MAX_RECORD_DATA_BYTES) {
    throw new ValidationException(
      `1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=${bytes} cap=${bytes}]' at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${L.MAX_RECORD_DATA_BYTES}`,
    );
  }
}

/** The open shard whose hash key range holds the record's hash key. */
function shardFor(stream: Stream, entry: Entry): Shard {
  let key: bigint;
  if (entry.ExplicitHashKey !== undefined) {
    key = BigInt(entry.ExplicitHashKey);
    if (key < 0n || key >= L.HASH_KEY_SPACE) throw invalidExplicitHashKey(entry.ExplicitHashKey);
  } else key = hashKeyOf(entry.PartitionKey);
  const shard = stream.shards.find((s) => s.endingSequenceNumber === undefined && BigInt(s.startingHashKey) <= key && key <= BigInt(s.endingHashKey));
  // Open shards always cover the whole key space.
  if (!shard) throw new Error(`no open shard of ${stream.name} covers hash key ${key}`);
  return shard;
}

function record(shard: Shard, entry: Entry, index: number, now: number): StoredRecord {
  const seq = sequenceNumber({ shardCreated: Math.floor(shard.createdAt / 1000), index: BigInt(index), time: Math.floor(now / 1000), shardIndex: shard.index });
  return { seq, partitionKey: entry.PartitionKey, data: entry.Data, at: now };
}

function encryption(stream: Stream): { EncryptionType?: "KMS" } {
  return stream.encryptionType === "KMS" ? { EncryptionType: "KMS" } : {};
}

export async function putRecord(ctx: KinesisContext, input: StreamRef & Entry & { SequenceNumberForOrdering?: string }) {
  checkDataSize(input.Data, "data");
  const stream = streamOf(ctx, input);
  if (input.SequenceNumberForOrdering !== undefined) {
    const parts = parseSequenceNumber(input.SequenceNumberForOrdering);
    if (parts === undefined || parts.time * 1000 > ctx.clock.now()) throw invalidOrderingSequence(input.SequenceNumberForOrdering, stream.name, ctx.accountId);
  }
  const shard = shardFor(stream, input);
  const now = ctx.clock.now();
  const r = record(shard, input, shard.counter, now);
  await commit(ctx, { t: "put", name: stream.name, entries: [{ shardId: shard.id, record: r }] });
  notify(ctx, stream);
  return { ShardId: shard.id, SequenceNumber: r.seq, ...encryption(stream) };
}

/** Each record lands in its shard in request order; none fails here (the sandbox does not throttle), so FailedRecordCount is 0. */
export async function putRecords(ctx: KinesisContext, input: StreamRef & { Records: Entry[] }) {
  input.Records.forEach((entry, i) => checkDataSize(entry.Data, `records.${i + 1}.member.data`));
  const total = input.Records.reduce((sum, entry) => sum + Buffer.byteLength(entry.Data, "base64") + Buffer.byteLength(entry.PartitionKey, "utf8"), 0);
  // AWS's text as users report it (snowplow/enrich#685, aws/amazon-kinesis-streams-for-fluent-bit#21).
  if (total > L.MAX_PUT_RECORDS_BYTES) throw new InvalidArgumentException("Records size exceeds 5 MB limit");
  const stream = streamOf(ctx, input);
  const now = ctx.clock.now();
  const counters = new Map<string, number>();
  const entries = input.Records.map((entry) => {
    const shard = shardFor(stream, entry);
    const index = counters.get(shard.id) ?? shard.counter;
    counters.set(shard.id, index + 1);
    return { shardId: shard.id, record: record(shard, entry, index, now) };
  });
  await commit(ctx, { t: "put", name: stream.name, entries });
  notify(ctx, stream);
  return {
    FailedRecordCount: 0,
    Records: entries.map((e) => ({ SequenceNumber: e.record.seq, ShardId: e.shardId })),
    ...encryption(stream),
  };
}

function notify(ctx: KinesisContext, stream: Stream): void {
  for (const listener of ctx.onPut) listener(stream.arn);
}

// Shard iterators ----------------------------------------------------------------------------

/** Where an iterator reads from: records with a sequence number at (or after) `seq`. */
interface Position {
  stream: string;
  shardId: string;
  seq: string;
  inclusive: boolean;
  /** When the iterator was handed out (epoch ms): it expires 5 minutes later. */
  issued: number;
  /** The stream's creation (epoch ms): an iterator of a deleted and re-created stream is refused. */
  streamCreated: number;
}

const ITERATOR_KEY = "sandbox-kinesis-shard-iterator";

/**
 * An opaque token ("AAAAAAAAAAE…" as Kinesis's start): the position, a nonce (each GetShardIterator
 * and GetRecords hands out a new iterator on AWS, even for the same position at the same instant:
 * localstack's test_get_records_next_shard_iterator, validated on AWS), and a MAC so a made-up
 * token is refused.
 */
function encodeIterator(p: Position): string {
  const body = [p.issued, p.streamCreated, p.inclusive ? 1 : 0, p.seq, p.shardId, p.stream, randomBytes(6).toString("hex")].join("/");
  const mac = createHmac("sha256", ITERATOR_KEY).update(body).digest().subarray(0, 12);
  return Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), mac, Buffer.from(body, "utf8")]).toString("base64");
}

function decodeIterator(quoted: string): Position {
  // AWS reads an iterator wrapped in double quotes as the iterator (localstack's
  // test_get_records_shard_iterator_with_surrounding_quotes, validated on AWS).
  const token = quoted.length > 1 && quoted.startsWith('"') && quoted.endsWith('"') ? quoted.slice(1, -1) : quoted;
  const bytes = Buffer.from(token, "base64");
  if (bytes.length < 21 || bytes.toString("base64") !== token || bytes.readUInt32BE(4) !== 1) throw invalidShardIterator();
  const body = bytes.subarray(20).toString("utf8");
  const mac = createHmac("sha256", ITERATOR_KEY).update(body).digest().subarray(0, 12);
  if (!mac.equals(bytes.subarray(8, 20))) throw invalidShardIterator();
  // Stream names hold no "/" (the model's pattern); the nonce follows the name.
  const [issued, streamCreated, inclusive, seq, shardId, stream] = body.split("/");
  return { issued: Number(issued), streamCreated: Number(streamCreated), inclusive: inclusive === "1", seq, shardId, stream };
}

export function shardOf(ctx: KinesisContext, stream: Stream, shardId: string): Shard {
  const index = shardIndexOf(shardId);
  const shard = index === undefined ? undefined : stream.shards.find((s) => s.index === index);
  if (!shard) throw shardNotFound(index === undefined ? shardId : shardIdOf(index), stream.name, ctx.accountId);
  return shard;
}

export type IteratorType = "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";

export function getShardIterator(
  ctx: KinesisContext,
  input: StreamRef & { ShardId: string; ShardIteratorType: IteratorType; StartingSequenceNumber?: string; Timestamp?: number },
) {
  const stream = streamOf(ctx, input);
  const shard = shardOf(ctx, stream, input.ShardId);
  const { seq, inclusive } = startingPosition(ctx, stream, shard, input.ShardIteratorType, input.StartingSequenceNumber, input.Timestamp);
  return { ShardIterator: encodeIterator({ stream: stream.name, shardId: shard.id, seq, inclusive, issued: ctx.clock.now(), streamCreated: stream.createdAt }) };
}

/** Where a reader starts in a shard (GetShardIterator's iterator, SubscribeToShard's StartingPosition). */
export function startingPosition(
  ctx: KinesisContext,
  stream: Stream,
  shard: Shard,
  type: IteratorType,
  startingSequenceNumber: string | undefined,
  timestamp: number | undefined,
): { seq: string; inclusive: boolean } {
  const now = ctx.clock.now();
  const at = (seq: string, inclusive: boolean) => ({ seq, inclusive });
  if (type === "AT_SEQUENCE_NUMBER" || type === "AFTER_SEQUENCE_NUMBER") {
    const seq = startingSequenceNumber;
    if (seq === undefined) throw iteratorTypeNeedsSequence(type);
    const parts = parseSequenceNumber(seq);
    if (parts === undefined) throw invalidSequenceNumber(seq, shard.id, stream.name, ctx.accountId);
    if (parts.shardIndex !== shard.index) throw sequenceOfOtherShard(shardIdOf(parts.shardIndex), shard.id);
    if (parts.shardCreated !== Math.floor(shard.createdAt / 1000)) throw sequenceOfOtherStream(seq, shard.id, stream.name, ctx.accountId);
    return at(seq, type === "AT_SEQUENCE_NUMBER");
  }
  if (startingSequenceNumber !== undefined && (type === "TRIM_HORIZON" || type === "LATEST")) throw iteratorTypeNeedsSequence(type);
  if (type === "TRIM_HORIZON") return at(shard.records[0]?.seq ?? shard.startingSequenceNumber, true);
  if (type === "LATEST") {
    const last = shard.records[shard.records.length - 1];
    return last ? at(last.seq, false) : at(shard.startingSequenceNumber, true);
  }
  // AT_TIMESTAMP: the first record that arrived at or after the time.
  if (timestamp === undefined) throw timestampRequired();
  const ms = Math.round(timestamp * 1000);
  if (ms > now) throw timestampInFuture(ms, now);
  const first = shard.records.find((r) => r.at >= ms);
  if (first) return at(first.seq, true);
  const last = shard.records[shard.records.length - 1];
  return last ? at(last.seq, false) : at(shard.startingSequenceNumber, true);
}

/** Index of the first record the position reads. */
export function firstIndex(records: readonly StoredRecord[], seq: string, inclusive: boolean): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareSequence(records[mid].seq, seq);
    if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function getRecords(ctx: KinesisContext, input: { ShardIterator: string; Limit?: number; StreamARN?: string }) {
  const p = decodeIterator(input.ShardIterator);
  const now = ctx.clock.now();
  if (now - p.issued > L.SHARD_ITERATOR_TTL_MS) throw expiredIterator(p.issued, now);
  const stream = ctx.durable.state.streams.get(p.stream);
  if (!stream || stream.createdAt !== p.streamCreated) throw shardNotFound(p.shardId, p.stream, ctx.accountId);
  trim(ctx, stream);
  const shard = shardOf(ctx, stream, p.shardId);
  const records = shard.records;
  const limit = input.Limit ?? L.MAX_GET_RECORDS_LIMIT;
  const start = firstIndex(records, p.seq, p.inclusive);
  const out: StoredRecord[] = [];
  let bytes = 0;
  for (let i = start; i < records.length && out.length < limit; i++) {
    const size = Buffer.byteLength(records[i].data, "base64") + records[i].partitionKey.length;
    if (out.length > 0 && bytes + size > L.MAX_GET_RECORDS_BYTES) break;
    out.push(records[i]);
    bytes += size;
  }
  const lastRead = out[out.length - 1];
  const atEnd = start + out.length >= records.length;
  const next = lastRead ? { seq: lastRead.seq, inclusive: false } : { seq: p.seq, inclusive: p.inclusive };
  // A closed shard read to its end has no next iterator: its children carry on (ChildShards).
  const closedAndDone = shard.endingSequenceNumber !== undefined && atEnd;
  const children = closedAndDone ? stream.shards.filter((s) => s.parentShardId === shard.id || s.adjacentParentShardId === shard.id) : [];
  return {
    Records: out.map((r) => ({
      SequenceNumber: r.seq,
      ApproximateArrivalTimestamp: seconds(r.at),
      Data: r.data,
      PartitionKey: r.partitionKey,
      ...encryption(stream),
    })),
    ...(closedAndDone ? {} : { NextShardIterator: encodeIterator({ ...p, ...next, issued: now }) }),
    MillisBehindLatest: atEnd || !lastRead ? 0 : Math.max(0, now - lastRead.at),
    ...(closedAndDone
      ? {
          ChildShards: children.map((c) => ({
            ShardId: c.id,
            ParentShards: [c.parentShardId, c.adjacentParentShardId].filter((id): id is string => id !== undefined),
            HashKeyRange: { StartingHashKey: c.startingHashKey, EndingHashKey: c.endingHashKey },
          })),
        }
      : {}),
  };
}

/** Index of the first record after a position (for the Lambda pollers); 0 for none yet. */
export function indexAfter(shard: Shard, after: string | undefined): number {
  return after === undefined ? 0 : firstIndex(shard.records, after, false);
}
