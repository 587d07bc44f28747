/**
 * aws-chunked request bodies (SigV4 streaming uploads): what the AWS SDKs send for PutObject
 * and UploadPart with a trailing checksum (x-amz-content-sha256:
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER) or signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD…):
 *
 *   <hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0[;chunk-signature=…]\r\n
 *   [x-amz-checksum-crc32:<base64>\r\n …][x-amz-trailer-signature:…\r\n]\r\n
 */
import { decodedLengthMismatch, incompleteBody } from "../errors.js";

export interface DecodedBody {
  body: Buffer;
  /** Trailing headers, names lower-case. */
  trailers: Record<string, string>;
}

export function isAwsChunked(headers: Record<string, string>): boolean {
  const sha = headers["x-amz-content-sha256"] ?? "";
  if (sha.startsWith("STREAMING-")) return true;
  return (headers["content-encoding"] ?? "").split(",").some((e) => e.trim() === "aws-chunked");
}

const CR = 0x0d;
const SEMICOLON = 0x3b;
const LF = 0x0a;

/** A hex digit's value, or -1. */
function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

/**
 * One pass over the bytes, copying each chunk's data once: a body of millions of tiny chunks
 * costs no more than its size (IncompleteBody as soon as the framing breaks).
 */
export function decodeAwsChunked(raw: Buffer): DecodedBody {
  const out = Buffer.allocUnsafe(raw.length);
  let length = 0;
  let at = 0;
  for (;;) {
    // "<hex size>[;chunk-signature=…]\r\n", blanks around the size allowed.
    let i = at;
    while (i < raw.length && isBlank(raw[i])) i++;
    let size = 0;
    let digits = 0;
    for (let d = i < raw.length ? hexDigit(raw[i]) : -1; d >= 0; d = i < raw.length ? hexDigit(raw[i]) : -1) {
      size = size * 16 + d;
      if (size > raw.length) throw incompleteBody();
      digits++;
      i++;
    }
    while (i < raw.length && isBlank(raw[i])) i++;
    // A chunk extension (";chunk-signature=…") runs to the line's end.
    if (raw[i] === SEMICOLON) while (i < raw.length && raw[i] !== CR) i++;
    if (digits === 0 || raw[i] !== CR || raw[i + 1] !== LF) throw incompleteBody();
    at = i + 2;
    if (size === 0) break;
    if (at + size > raw.length) throw incompleteBody();
    // Buffer.copy's call costs more than a tiny chunk's bytes.
    if (size <= 64) for (let k = 0; k < size; k++) out[length + k] = raw[at + k];
    else raw.copy(out, length, at, at + size);
    length += size;
    at += size;
    if (raw[at] === CR && raw[at + 1] === LF) at += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.toString("latin1", at).split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: out.subarray(0, length), trailers };
}

/** The decoded body must be as long as x-amz-decoded-content-length says, when it says a number. */
export function checkDecodedLength(headers: Record<string, string>, body: Buffer): void {
  const declared = headers["x-amz-decoded-content-length"];
  if (declared === undefined || !/^\d{1,15}$/.test(declared)) return;
  if (Number(declared) !== body.length) throw decodedLengthMismatch(Number(declared), body.length);
}

/** Content-Encoding without "aws-chunked" (what S3 stores), or undefined when nothing is left. */
export function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const tokens = value.split(",").map((e) => e.trim());
  // A value without aws-chunked is stored as sent ("deflate, gzip" keeps its space: ceph s3-tests).
  if (!tokens.includes("aws-chunked")) return value;
  const rest = tokens.filter((e) => e !== "" && e !== "aws-chunked");
  return rest.length > 0 ? rest.join(", ") : undefined;
}
