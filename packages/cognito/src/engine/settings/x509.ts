/**
 * A self-signed X.509 v3 certificate, DER-encoded. node:crypto makes and signs with the RSA key and
 * parses certificates (X509Certificate) but cannot issue one; this writes the few ASN.1 structures
 * RFC 5280 §4.1 needs around node's SPKI and signature, and the tests read the result back with
 * X509Certificate.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from "node:crypto";

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * (a ?? 0) + (b ?? 0)];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A positive INTEGER from big-endian bytes (a leading zero keeps the sign bit clear). */
function integer(bytes: Buffer): Buffer {
  return tlv(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, "ascii")) : tlv(0x18, Buffer.from(`${digits}Z`, "ascii"));
}

const ATTRIBUTE_TYPES: Record<string, string> = { C: "2.5.4.6", ST: "2.5.4.8", L: "2.5.4.7", O: "2.5.4.10", OU: "2.5.4.11", CN: "2.5.4.3" };

/** A distinguished name from [type, value] pairs, in order. */
function name(parts: Array<[string, string]>): Buffer {
  return sequence(...parts.map(([type, value]) => set(sequence(oid(ATTRIBUTE_TYPES[type] ?? "2.5.4.3"), tlv(type === "C" ? 0x13 : 0x0c, Buffer.from(value, "utf8"))))));
}

const SHA256_WITH_RSA = sequence(oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]));

/** A self-signed RSA certificate (sha256WithRSAEncryption) for `subject`, valid from `notBefore` for `days`. */
export function selfSignedCertificate(privateKey: KeyObject | string, subject: Array<[string, string]>, notBefore: number, days: number): Buffer {
  const key = typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
  const spki = createPublicKey(key).export({ type: "spki", format: "der" });
  const serial = randomBytes(16);
  // 0x40–0x7f first: positive, and never a leading zero byte, which DER forbids and OpenSSL refuses.
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  const dn = name(subject);
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_WITH_RSA,
    dn,
    sequence(time(notBefore), time(notBefore + days * 24 * 60 * 60 * 1000)),
    dn,
    spki,
  );
  const signature = sign("sha256", tbs, key);
  return sequence(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}
