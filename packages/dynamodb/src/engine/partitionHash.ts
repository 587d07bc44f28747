/**
 * DynamoDB's partition hash: the first bits of MD5("Outliers" + key bytes), where the key
 * bytes are a string's UTF-8, a binary's bytes, or a number's DynamoDB byte encoding. Scan
 * walks partitions in this order and Segment splits its first 12 bits (dynalite's
 * db/index.js hashPrefix; its test/scan.js "should return items in string/number hash
 * order" and "...from correct hash segments" cases, checked against DynamoDB).
 *
 * Keys are short, so the common case runs one MD5 block in place on a reused buffer
 * (no allocation); longer or non-ASCII keys fall back to node:crypto.
 */
import { createHash } from "node:crypto";
import type { KeyType } from "./keys.js";
import { parseDecimal } from "./numbers.js";

const PREFIX = "Outliers";
/** Bytes of a message that still fit one MD5 block with its padding and length. */
const ONE_BLOCK = 55;
const block = new Uint8Array(64);
const words = new Int32Array(16);
const ROUND_SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** Per step: its rotation and the message word it reads. */
const SHIFT = Uint8Array.from({ length: 64 }, (_, i) => ROUND_SHIFTS[(i >> 4) * 4 + (i & 3)]);
const WORD = Uint8Array.from({ length: 64 }, (_, i) => [i, 5 * i + 1, 3 * i + 5, 7 * i][i >> 4] & 15);
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
for (let i = 0; i < PREFIX.length; i++) block[i] = PREFIX.charCodeAt(i);

/** First 16 bits of the partition hash of a key value of this type. */
export function partitionHash16(type: KeyType, scalar: string): number {
  return keyHash16(type, scalar, undefined, undefined);
}

/**
 * First 16 bits of the hash of a partition key value followed by a sort key value: the
 * order of index entries that share an index key (dynalite db/index.js createIndexKey;
 * its test/query.js global index cases, checked against DynamoDB).
 */
export function keyHash16(hashType: KeyType, hashScalar: string, rangeType: KeyType | undefined, rangeScalar: string | undefined): number {
  let length = write(hashType, hashScalar, PREFIX.length);
  if (length >= 0 && rangeType !== undefined && rangeScalar !== undefined) length = write(rangeType, rangeScalar, length);
  if (length >= 0) return md5Block16(length);
  const hash = createHash("md5").update(PREFIX).update(valueBytes(hashType, hashScalar));
  if (rangeType !== undefined && rangeScalar !== undefined) hash.update(valueBytes(rangeType, rangeScalar));
  const digest = hash.digest();
  return (digest[0] << 8) | digest[1];
}

/** Writes a key value's bytes into `block` at `at`; -1 when they do not fit one MD5 block. */
function write(type: KeyType, scalar: string, at: number): number {
  if (type === "S") {
    if (at + scalar.length > ONE_BLOCK) return -1;
    for (let i = 0; i < scalar.length; i++) {
      const c = scalar.charCodeAt(i);
      if (c >= 0x80) return -1;
      block[at++] = c;
    }
    return at;
  }
  if (type === "B") {
    const bytes = Buffer.from(scalar, "base64");
    if (at + bytes.length > ONE_BLOCK) return -1;
    block.set(bytes, at);
    return at + bytes.length;
  }
  if (at + MAX_NUMBER_BYTES > ONE_BLOCK) return -1;
  return numberBytes(block, scalar, at);
}

function valueBytes(type: KeyType, scalar: string): Uint8Array {
  if (type === "S") return Buffer.from(scalar, "utf8");
  if (type === "B") return Buffer.from(scalar, "base64");
  const bytes = new Uint8Array(MAX_NUMBER_BYTES);
  return bytes.subarray(0, numberBytes(bytes, scalar, 0));
}

/** Longest byte form of a number: exponent byte, 20 digit pairs, terminator. */
const MAX_NUMBER_BYTES = 22;

/** Writes DynamoDB's byte form of a number into `out` at `at`; returns the end. */
function numberBytes(out: Uint8Array, text: string, at: number): number {
  const { negative, digits, exponent } = parseDecimal(text);
  if (digits === "") {
    out[at] = 0x80;
    return at + 1;
  }
  const e = exponent + 1;
  const pad = e % 2 !== 0 ? 1 : 0;
  const count = digits.length + pad;
  const pairs = (count + 1) >> 1;
  out[at++] = ((Math.floor((e + pad) / 2) - 64) ^ (negative ? -1 : 0)) & 0xff;
  for (let p = 0; p < pairs; p++) {
    const i = 2 * p - pad;
    const hi = i >= 0 ? digits.charCodeAt(i) - 48 : 0;
    const lo = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 48 : 0;
    const v = hi * 10 + lo;
    out[at++] = negative ? 101 - v : v + 1;
  }
  // Short negative numbers end with a terminator byte.
  if (negative && pairs < 20) out[at++] = 102;
  return at;
}

/** MD5 of block[0, length) (length <= 55), first two digest bytes. */
function md5Block16(length: number): number {
  block[length] = 0x80;
  block.fill(0, length + 1, 56);
  const bits = length * 8;
  block[56] = bits & 0xff;
  block[57] = bits >>> 8;
  block.fill(0, 58, 64);
  for (let i = 0; i < 16; i++) {
    words[i] = block[4 * i] | (block[4 * i + 1] << 8) | (block[4 * i + 2] << 16) | (block[4 * i + 3] << 24);
  }
  let a = 0x67452301;
  let b = 0xefcdab89 | 0;
  let c = 0x98badcfe | 0;
  let d = 0x10325476;
  // The four rounds of 16 steps: f mixes b, c and d; WORD picks the message word.
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    const f = round === 0 ? (b & c) | (~b & d) : round === 1 ? (d & b) | (~d & c) : round === 2 ? b ^ c ^ d : c ^ (b | ~d);
    const sum = (a + f + K[i] + words[WORD[i]]) | 0;
    const s = SHIFT[i];
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
  }
  a = (a + 0x67452301) | 0;
  return ((a & 0xff) << 8) | ((a >>> 8) & 0xff);
}
