/**
 * How DynamoDB compares AttributeValues in expressions: values of different types are never
 * equal nor ordered; numbers compare numerically, strings by UTF-8 bytes (code points),
 * binaries by unsigned bytes; sets are equal regardless of order.
 */
import { Buffer } from "node:buffer";
import { compareNumbers, numbersEqual } from "../numbers.js";
import type { AttributeValue } from "../types.js";

/** Code point order, which is UTF-8 byte order (JS compares UTF-16 code units). */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function decodeBinary(base64: string): Buffer {
  return Buffer.from(base64, "base64");
}

/** Unsigned byte order of two base64 binaries. */
export function compareBinaries(a: string, b: string): -1 | 0 | 1 {
  const order = Buffer.compare(decodeBinary(a), decodeBinary(b));
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

function binariesEqual(a: string, b: string): boolean {
  return a === b || decodeBinary(a).equals(decodeBinary(b));
}

/**
 * Order of two scalars of one orderable type (S, N, B); undefined when they are of
 * different types or of a type without order.
 */
export function compareValues(a: AttributeValue, b: AttributeValue): -1 | 0 | 1 | undefined {
  if ("N" in a) return "N" in b ? compareNumbers(a.N, b.N) : undefined;
  if ("S" in a) return "S" in b ? compareStrings(a.S, b.S) : undefined;
  if ("B" in a) {
    if (!("B" in b)) return undefined;
    return compareBinaries(a.B, b.B);
  }
  return undefined;
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ("S" in a) return "S" in b && a.S === b.S;
  if ("N" in a) return "N" in b && numbersEqual(a.N, b.N);
  if ("B" in a) return "B" in b && binariesEqual(a.B, b.B);
  if ("BOOL" in a) return "BOOL" in b && a.BOOL === b.BOOL;
  if ("NULL" in a) return "NULL" in b;
  if ("SS" in a) return "SS" in b && setsEqual(a.SS, b.SS, (x, y) => x === y);
  if ("NS" in a) return "NS" in b && setsEqual(a.NS, b.NS, numbersEqual);
  if ("BS" in a) return "BS" in b && setsEqual(a.BS, b.BS, binariesEqual);
  if ("L" in a) {
    if (!("L" in b) || a.L.length !== b.L.length) return false;
    for (let i = 0; i < a.L.length; i++) if (!valuesEqual(a.L[i], b.L[i])) return false;
    return true;
  }
  if (!("M" in b)) return false;
  const keys = Object.keys(a.M);
  if (keys.length !== Object.keys(b.M).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b.M, key) || !valuesEqual(a.M[key], b.M[key])) return false;
  }
  return true;
}

function setsEqual(a: string[], b: string[], same: (x: string, y: string) => boolean): boolean {
  if (a.length !== b.length) return false;
  return a.every((x) => setHas(b, x, same));
}

function setHas(set: string[], value: string, same: (x: string, y: string) => boolean): boolean {
  for (const member of set) if (same(member, value)) return true;
  return false;
}

/** begins_with(a, b): a string or binary that starts with b (of the same type). */
export function beginsWith(a: AttributeValue, b: AttributeValue): boolean {
  if ("S" in a) return "S" in b && a.S.startsWith(b.S);
  if ("B" in a && "B" in b) {
    const whole = decodeBinary(a.B);
    const prefix = decodeBinary(b.B);
    return prefix.length <= whole.length && whole.subarray(0, prefix.length).equals(prefix);
  }
  return false;
}

/** contains(a, b): substring of a string or binary, member of a set, element of a list. */
export function contains(a: AttributeValue, b: AttributeValue): boolean {
  if ("S" in a) return "S" in b && a.S.includes(b.S);
  if ("B" in a) return "B" in b && decodeBinary(a.B).includes(decodeBinary(b.B));
  if ("SS" in a) return "S" in b && a.SS.includes(b.S);
  if ("NS" in a) return "N" in b && setHas(a.NS, b.N, numbersEqual);
  if ("BS" in a) return "B" in b && setHas(a.BS, b.B, binariesEqual);
  if ("L" in a) return a.L.some((element) => valuesEqual(element, b));
  return false;
}

/**
 * size(a): UTF-16 code units of a string (as DynamoDB counts them), bytes of a binary,
 * members of a set, list or map; undefined for other types.
 */
export function sizeOf(a: AttributeValue): number | undefined {
  if ("S" in a) return a.S.length;
  if ("B" in a) return decodeBinary(a.B).length;
  if ("SS" in a) return a.SS.length;
  if ("NS" in a) return a.NS.length;
  if ("BS" in a) return a.BS.length;
  if ("L" in a) return a.L.length;
  if ("M" in a) return Object.keys(a.M).length;
  return undefined;
}
