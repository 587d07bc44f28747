/**
 * Shard iterators and reading a shard. An iterator names its stream, shard, the last
 * sequence number read and when it was issued (iterators expire after 15 minutes), shaped
 * like AWS's: "<stream ARN>|1|<opaque token>".
 */
import { ExpiredIteratorException, MESSAGES, TrimmedDataAccessException, ValidationException } from "../../errors.js";
import { MAX_GET_RECORDS_BYTES, SHARD_ITERATOR_TTL_MS } from "../../limits.js";
import type { Shard, StreamRecord } from "./store.js";

export interface IteratorPosition {
  arn: string;
  shardId: string;
  /** The last sequence number already read (records after it come next). */
  after: number;
}

export function encodeIterator(arn: string, shardId: string, after: number, issuedMs: number): string {
  const token = Buffer.from(JSON.stringify({ s: shardId, a: after, t: issuedMs })).toString("base64");
  return `${arn}|1|${token}`;
}

/** The iterator's position; ValidationException when it is not one, ExpiredIteratorException when too old. */
export function decodeIterator(iterator: string, nowMs: number): IteratorPosition {
  const parts = iterator.split("|");
  let token: unknown;
  try {
    token = parts.length === 3 ? JSON.parse(Buffer.from(parts[2], "base64").toString("utf8")) : undefined;
  } catch {
    token = undefined;
  }
  const { s, a, t } = (token ?? {}) as { s?: unknown; a?: unknown; t?: unknown };
  if (typeof s !== "string" || typeof a !== "number" || typeof t !== "number") {
    throw new ValidationException(MESSAGES.invalidShardIterator);
  }
  if (nowMs - t > SHARD_ITERATOR_TTL_MS) throw new ExpiredIteratorException();
  return { arn: parts[0], shardId: s, after: a };
}

/** Index of the first record after sequence number `after`. */
export function firstAfter(records: StreamRecord[], after: number): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (Number(records[mid].dynamodb.SequenceNumber) <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Up to `limit` records after `after` (and at most 1 MB), the new position, and whether a
 * closed shard has been read to its end. Reading from before the trim point fails.
 */
export function readShard(shard: Shard, after: number, limit: number): { records: StreamRecord[]; after: number; ended: boolean } {
  if (shard.trimmedThrough !== undefined && after < shard.trimmedThrough) throw new TrimmedDataAccessException();
  const records = shard.records;
  const from = firstAfter(records, after);
  let to = from;
  let bytes = 0;
  while (to < records.length && to - from < limit) {
    bytes += records[to].dynamodb.SizeBytes;
    if (bytes > MAX_GET_RECORDS_BYTES && to > from) break;
    to++;
  }
  const page = records.slice(from, to);
  const last = page[page.length - 1];
  const position = last ? Number(last.dynamodb.SequenceNumber) : after;
  const ended = shard.EndingSequenceNumber !== undefined && to >= records.length;
  return { records: page, after: position, ended };
}
