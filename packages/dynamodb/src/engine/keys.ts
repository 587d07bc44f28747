/**
 * Order-preserving string encodings of primary keys, so that every table and index is
 * one B-tree of strings compared with `<` (DESIGN.md rule 8: ordered indexes, not sorting).
 *
 * A key is `partition part` + `sort part`:
 * - partition part = one char of DynamoDB's 16-bit hash of the partition key (partitionHash.ts; it spreads
 *   partitions by a hash, which is the order Scan walks and what Segment splits),
 *   one char of length, then the partition value itself; it is prefix-free, so one
 *   partition's keys form one contiguous run of the tree.
 * - sort part orders as DynamoDB orders sort keys: numbers numerically, strings and
 *   binaries by their UTF-8 bytes. It is prefix-free too (escaped, with a terminator),
 *   so an index key can append the table's key after it and still sort by the index.
 *
 * No encoded key contains "\uFFFF", which therefore serves as "just after this prefix".
 */
import { parseDecimal } from "./numbers.js";
import { keyHash16, partitionHash16 } from "./partitionHash.js";
import type { AttributeValue } from "./types.js";

export type KeyType = "S" | "N" | "B";

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

/** Sorts after every key that starts with the same prefix. */
export const AFTER = "\uFFFF";

/** The scalar inside a key attribute value (already checked to have `type`). */
export function scalarOf(value: AttributeValue, type: KeyType): string {
  return (value as Record<KeyType, string>)[type];
}

/** Numbers: "1" for zero; "2"+exponent+digits+"\0" above it; "0"+inverted exponent+9-complemented digits+"~" below. */
export function encodeNumber(text: string): string {
  const { negative, digits, exponent } = parseDecimal(text);
  if (digits === "") return "1";
  if (!negative) return `2${String.fromCharCode(exponent + 200)}${digits}\u0000`;
  let complement = "";
  for (let i = 0; i < digits.length; i++) complement += String.fromCharCode(105 - digits.charCodeAt(i)); // '9' - d + '0'
  return `0${String.fromCharCode(600 - exponent)}${complement}~`;
}

/**
 * Strings sort by UTF-8 bytes, i.e. by code point. UTF-16 code units agree except that
 * surrogates (U+10000 and up) must sort above U+E000..U+FFFF: remap them when present.
 * Then escape \0 and \1 (\0 is the terminator) and \uFFFE/\uFFFF (keeping \uFFFF free).
 */
export function encodeString(value: string, terminate = true): string {
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 2 || c >= 0xd800) {
      plain = false;
      break;
    }
  }
  if (plain) return terminate ? `${value}\u0000` : value;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 0xd800) c = c >= 0xe000 ? c - 0x800 : c + 0x2000;
    out += escapeCode(c);
  }
  return terminate ? `${out}\u0000` : out;
}

/** Binary values sort by their bytes: one char per byte, escaped like strings. */
export function encodeBinary(base64: string, terminate = true): string {
  const bytes = Buffer.from(base64, "base64");
  let out = "";
  for (const b of bytes) out += escapeCode(b);
  return terminate ? `${out}\u0000` : out;
}

function escapeCode(c: number): string {
  if (c < 2) return c === 0 ? "\u0001\u0001" : "\u0001\u0002";
  if (c >= 0xfffe) return c === 0xfffe ? "\ufffe\u0001" : "\ufffe\u0002";
  return String.fromCharCode(c);
}

/** The sortable, prefix-free encoding of a sort key value. */
export function encodeSortValue(type: KeyType, scalar: string): string {
  if (type === "S") return encodeString(scalar);
  if (type === "N") return encodeNumber(scalar);
  return encodeBinary(scalar);
}

/** begins_with(sortKey, prefix): the run of encoded keys that start with this. */
export function encodeSortPrefix(type: KeyType, scalar: string): string {
  return type === "S" ? encodeString(scalar, false) : encodeBinary(scalar, false);
}

/** 16-bit FNV-1a of a multi-attribute partition key (no DynamoDB order to follow), kept in 1..0xFFFE. */
export function partitionHash(canonical: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) {
    h ^= canonical.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h = (h ^ (h >>> 16)) & 0xffff;
  return (h % 0xfffe) + 1;
}

/** DynamoDB's 16-bit partition hash as the first char of a key: 1..0xFFFE, never "\0" or AFTER. */
function hashChar(hash16: number): number {
  return 1 + Math.min(hash16, 0xfffd);
}

/** Scan segments split the first 12 bits of the partition hash (dynalite actions/scan.js, checked against DynamoDB). */
const SEGMENT_BUCKETS = 4096;

/** First hash char (inclusive) of a Scan segment. */
export function segmentStart(segment: number, total: number): string {
  return String.fromCharCode(hashChar(Math.ceil((SEGMENT_BUCKETS * segment) / total) * 16));
}

/** Encodes the keys of one table or index. */
export class KeyCodec {
  /**
   * Every HASH and every RANGE attribute in key schema order: one each for a table or a
   * local index, up to four each for a global index with a multi-attribute key.
   */
  readonly hashes: readonly KeyAttribute[];
  readonly ranges: readonly KeyAttribute[];
  /** True for a multi-attribute key (more than one HASH or more than one RANGE attribute). */
  readonly multi: boolean;

  constructor(
    readonly hash: KeyAttribute,
    readonly range: KeyAttribute | undefined,
    hashes?: readonly KeyAttribute[],
    ranges?: readonly KeyAttribute[],
  ) {
    this.hashes = hashes ?? [hash];
    this.ranges = ranges ?? (range ? [range] : []);
    this.multi = this.hashes.length > 1 || this.ranges.length > 1;
  }

  /** The run of keys holding one partition key value. */
  partition(value: AttributeValue): string {
    const scalar = scalarOf(value, this.hash.type);
    // Numbers "1" and "1.0" are one partition: use the canonical sortable form.
    const canonical =
      this.hash.type === "S" ? scalar : this.hash.type === "N" ? encodeNumber(scalar) : encodeBinary(scalar, false);
    return String.fromCharCode(hashChar(partitionHash16(this.hash.type, scalar)), canonical.length) + canonical;
  }

  /** The run of keys holding one partition of a multi-attribute key (values in HASH order). */
  partitionOf(values: readonly AttributeValue[]): string {
    if (!this.multi) return this.partition(values[0]);
    // Each part is prefix-free, so the concatenation names one combination of values.
    let canonical = "";
    this.hashes.forEach((h, i) => (canonical += encodeSortValue(h.type, scalarOf(values[i], h.type))));
    return String.fromCharCode(partitionHash(canonical), canonical.length) + canonical;
  }

  /** DynamoDB's hash of a whole primary key (one char): orders index entries that share an index key. */
  itemHash(item: Record<string, AttributeValue>): string {
    const { hash, range } = this;
    const rangeScalar = range ? scalarOf(item[range.name], range.type) : undefined;
    return String.fromCharCode(hashChar(keyHash16(hash.type, scalarOf(item[hash.name], hash.type), range?.type, rangeScalar)));
  }

  sortPart(value: AttributeValue): string {
    const range = this.range;
    if (!range) return "";
    return encodeSortValue(range.type, scalarOf(value, range.type));
  }

  /** The key of an item (or of a key) whose key attributes are present and valid. */
  encode(item: Record<string, AttributeValue>): string {
    if (this.multi) {
      // RANGE attributes sort one after another, in key schema order.
      let key = this.partitionOf(this.hashes.map((h) => item[h.name]));
      for (const r of this.ranges) key += encodeSortValue(r.type, scalarOf(item[r.name], r.type));
      return key;
    }
    const partition = this.partition(item[this.hash.name]);
    return this.range ? partition + this.sortPart(item[this.range.name]) : partition;
  }

  /** True when the item carries every key attribute with its declared type (sparse indexes). */
  covers(item: Record<string, AttributeValue>): boolean {
    if (this.multi) {
      for (const a of this.hashes) if (!hasType(item, a)) return false;
      for (const a of this.ranges) if (!hasType(item, a)) return false;
      return true;
    }
    const h = item[this.hash.name];
    if (h === undefined || (h as Record<string, unknown>)[this.hash.type] === undefined) return false;
    const range = this.range;
    if (!range) return true;
    const r = item[range.name];
    return r !== undefined && (r as Record<string, unknown>)[range.type] !== undefined;
  }

  /** Hash char of a key made by this codec. */
  static hashOf(key: string): number {
    return key.charCodeAt(0);
  }
}

function hasType(item: Record<string, AttributeValue>, attribute: KeyAttribute): boolean {
  const value = item[attribute.name];
  return value !== undefined && (value as Record<string, unknown>)[attribute.type] !== undefined;
}
