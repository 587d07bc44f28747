/**
 * The checksums S3 takes with an upload (x-amz-checksum-<algorithm>) and returns with
 * GetObject / HeadObject when asked (x-amz-checksum-mode: ENABLED). Values are base64 of
 * the big-endian digest.
 */
import { createHash } from "node:crypto";
import * as zlib from "node:zlib";
import type { ChecksumAlgorithm } from "./state.js";

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ["CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"];

/** Digest length in bytes (what a well-formed base64 value decodes to). */
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, SHA1: 20, SHA256: 32, CRC64NVME: 8 };

export function isChecksumAlgorithm(value: string): value is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(value);
}

export function isWellFormed(algorithm: ChecksumAlgorithm, value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, "base64").length === DIGEST_BYTES[algorithm];
}

/** The digest of `data` (raw bytes), or undefined for an algorithm the sandbox does not compute. */
export function digest(algorithm: ChecksumAlgorithm, data: Buffer): Buffer | undefined {
  switch (algorithm) {
    case "CRC32":
      return uint32(crc32(data));
    case "CRC32C":
      return uint32(crc32c(data));
    case "SHA1":
      return createHash("sha1").update(data).digest();
    case "SHA256":
      return createHash("sha256").update(data).digest();
    case "CRC64NVME":
      return crc64nvme(data);
  }
}

export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string | undefined {
  return digest(algorithm, data)?.toString("base64");
}

/** A multipart object's composite checksum: the checksum of the parts' checksums, "-N". */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partValues: string[]): string | undefined {
  const joined = Buffer.concat(partValues.map((v) => Buffer.from(v, "base64")));
  const value = checksumOf(algorithm, joined);
  return value === undefined ? undefined : `${value}-${partValues.length}`;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

const CRC32_TABLE = table(0xedb88320);
const CRC32C_TABLE = table(0x82f63b78);

function crc32(data: Buffer): number {
  // zlib.crc32 (Node 20.15+) is native; the table is the fallback for older Node 20 releases.
  const native = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  return native ? native(data) : crc(CRC32_TABLE, data);
}

function crc32c(data: Buffer): number {
  return crc(CRC32C_TABLE, data);
}

function table(polynomial: number): Uint32Array {
  const out = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    out[n] = c >>> 0;
  }
  return out;
}

function crc(lookup: Uint32Array, data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = lookup[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones; check value
 * of "123456789" 0xae8b14860a799888), kept in two 32-bit halves so that no byte needs a BigInt.
 */
const CRC64_TABLES = crc64Tables(0x9a6c9329ac4bc9b5n);

function crc64Tables(polynomial: bigint): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? polynomial ^ (c >> 1n) : c >> 1n;
    hi[n] = Number(c >> 32n);
    lo[n] = Number(c & 0xffffffffn);
  }
  return { hi, lo };
}

function crc64nvme(data: Buffer): Buffer {
  const { hi: tableHi, lo: tableLo } = CRC64_TABLES;
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const index = (lo ^ data[i]) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ tableLo[index]) >>> 0;
    hi = ((hi >>> 8) ^ tableHi[index]) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
  return out;
}
