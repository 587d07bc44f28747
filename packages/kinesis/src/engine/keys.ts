/**
 * Kinesis's numbers: partition keys hash with MD5 to a 128-bit hash key (as Kinesis maps
 * them to shards), shards split the hash key space evenly, and sequence numbers encode the
 * shard's creation time, the record's index in the shard, its arrival second and the shard's
 * number (the layout AWS's own sequence numbers show, as kinesalite decoded it): 56 decimal
 * digits, increasing within a shard.
 */
import { createHash } from "node:crypto";
import { HASH_KEY_SPACE } from "../limits.js";

/** The hash key of a partition key: its MD5 digest as an unsigned 128-bit integer. */
export function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
}

/** `count` contiguous ranges over [0, 2^128 - 1], the last one taking the remainder (as CreateStream makes them). */
export function evenRanges(count: number): Array<{ start: bigint; end: bigint }> {
  const width = HASH_KEY_SPACE / BigInt(count);
  return Array.from({ length: count }, (_, i) => ({
    start: width * BigInt(i),
    end: i === count - 1 ? HASH_KEY_SPACE - 1n : width * BigInt(i + 1) - 1n,
  }));
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

/** "shardId-000000000003", "shardId-3" and "3" all name shard 3 (Kinesis reads the number); undefined for no number. */
export function shardIndexOf(id: string): number | undefined {
  const digits = id.includes("-") ? id.slice(id.lastIndexOf("-") + 1) : id;
  if (!/^\d+$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= 2_147_483_647 ? n : undefined;
}

/** The sequence index of a closed shard's EndingSequenceNumber. */
export const ENDING_SEQUENCE_INDEX = 0x7fff_ffff_ffff_ffffn;

export interface SequenceParts {
  /** Epoch seconds. */
  shardCreated: number;
  index: bigint;
  /** Epoch seconds. */
  time: number;
  shardIndex: number;
}

const hex = (value: number | bigint, width: number) => value.toString(16).padStart(width, "0").slice(-width);

export function sequenceNumber(parts: SequenceParts): string {
  const text =
    "2" + hex(parts.shardCreated, 9) + hex(parts.shardIndex, 8).slice(-1) + hex(parts.index, 16) + "00" + hex(parts.time, 9) + hex(parts.shardIndex, 8) + "2";
  return BigInt(`0x${text}`).toString();
}

/** The parts of a sequence number this sandbox handed out; undefined for any other number. */
export function parseSequenceNumber(seq: string): SequenceParts | undefined {
  if (!/^\d{1,130}$/.test(seq)) return undefined;
  const text = BigInt(seq).toString(16);
  if (text.length !== 47 || !text.startsWith("2") || !text.endsWith("2")) return undefined;
  return {
    shardCreated: parseInt(text.slice(1, 10), 16),
    index: BigInt(`0x${text.slice(11, 27)}`),
    time: parseInt(text.slice(29, 38), 16),
    shardIndex: parseInt(text.slice(38, 46), 16),
  };
}

export function compareSequence(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
