/**
 * ECDSA over a digest the caller computed (Sign / Verify with MessageType DIGEST): node:crypto
 * only signs messages it hashes itself. Plain affine arithmetic on BigInt — KMS's keys are few
 * and these calls rare; RAW messages go through node:crypto.
 */
import { createECDH, randomBytes, type KeyObject } from "node:crypto";

interface Curve {
  p: bigint;
  a: bigint;
  n: bigint;
  g: Point;
  bytes: number;
}
type Point = { x: bigint; y: bigint } | null;

/** Field primes, a and group orders (SEC 2); the generator is read from OpenSSL (private key 1). */
const PARAMS: Record<string, { p: string; a: string; n: string }> = {
  prime256v1: {
    p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    a: "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
    n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
  },
  secp384r1: {
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
    a: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffc",
    n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
  },
  secp521r1: {
    p: "1" + "f".repeat(130),
    a: "1" + "f".repeat(129) + "c",
    n: "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
  },
  secp256k1: {
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
    a: "0",
    n: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
  },
};

const curves = new Map<string, Curve>();

function curveOf(name: string): Curve {
  const known = curves.get(name);
  if (known) return known;
  const params = PARAMS[name];
  if (!params) throw new Error(`no ECDSA parameters for ${name}`);
  const p = BigInt(`0x${params.p}`);
  const bytes = Math.ceil(p.toString(16).length / 2);
  const ecdh = createECDH(name);
  ecdh.setPrivateKey(Buffer.concat([Buffer.alloc(bytes - 1), Buffer.from([1])]));
  const g = ecdh.getPublicKey();
  const curve: Curve = {
    p,
    a: BigInt(`0x${params.a}`),
    n: BigInt(`0x${params.n}`),
    g: { x: toInt(g.subarray(1, 1 + bytes)), y: toInt(g.subarray(1 + bytes)) },
    bytes,
  };
  curves.set(name, curve);
  return curve;
}

const toInt = (b: Buffer): bigint => (b.length === 0 ? 0n : BigInt(`0x${b.toString("hex")}`));
const mod = (v: bigint, m: bigint): bigint => ((v % m) + m) % m;

function inverse(v: bigint, m: bigint): bigint {
  let [a, b, x0, x1] = [mod(v, m), m, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b] = [b, a - q * b];
    [x0, x1] = [x1, x0 - q * x1];
  }
  return mod(x0, m);
}

function add(c: Curve, P: Point, Q: Point): Point {
  if (P === null) return Q;
  if (Q === null) return P;
  if (P.x === Q.x && mod(P.y + Q.y, c.p) === 0n) return null;
  const l = P.x === Q.x && P.y === Q.y
    ? mod((3n * P.x * P.x + c.a) * inverse(2n * P.y, c.p), c.p)
    : mod((Q.y - P.y) * inverse(Q.x - P.x, c.p), c.p);
  const x = mod(l * l - P.x - Q.x, c.p);
  return { x, y: mod(l * (P.x - x) - P.y, c.p) };
}

function multiply(c: Curve, k: bigint, P: Point): Point {
  let result: Point = null;
  let addend = P;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(c, result, addend);
    addend = add(c, addend, addend);
  }
  return result;
}

/** The digest as an integer, its leftmost bits cut to the order's length (SEC 1 4.1.3 step 5). */
function digestInt(c: Curve, digest: Buffer): bigint {
  const nBits = c.n.toString(2).length;
  const e = toInt(digest);
  const extra = digest.length * 8 - nBits;
  return extra > 0 ? e >> BigInt(extra) : e;
}

/** A DER SEQUENCE of two INTEGERs, as KMS and node:crypto write ECDSA signatures. */
function derSignature(r: bigint, s: bigint): Buffer {
  const int = (v: bigint) => {
    let hex = v.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    let b = Buffer.from(hex, "hex");
    if ((b[0] ?? 0) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02]), derLength(b.length), b]);
  };
  const body = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

const derLength = (n: number): Buffer => (n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));

function readDer(sig: Buffer): { r: bigint; s: bigint } | undefined {
  let at = 0;
  const len = (): number => {
    const first = sig[at++] ?? 0;
    if (first < 0x80) return first;
    let n = 0;
    for (let i = 0; i < (first & 0x7f); i++) n = (n << 8) | (sig[at++] ?? 0);
    return n;
  };
  if (sig[at++] !== 0x30) return undefined;
  const total = len();
  if (at + total !== sig.length) return undefined;
  const ints: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    if (sig[at++] !== 0x02) return undefined;
    const n = len();
    ints.push(toInt(sig.subarray(at, at + n)));
    at += n;
  }
  if (at !== sig.length) return undefined;
  const [r, s] = ints;
  return r === undefined || s === undefined ? undefined : { r, s };
}

export function signDigest(curveName: string, privateKey: KeyObject, digest: Buffer): Buffer {
  const c = curveOf(curveName);
  const d = toInt(Buffer.from(String(privateKey.export({ format: "jwk" }).d), "base64url"));
  const e = digestInt(c, digest);
  for (;;) {
    const k = mod(toInt(randomBytes(c.bytes + 8)), c.n - 1n) + 1n;
    const R = multiply(c, k, c.g);
    if (R === null) continue;
    const r = mod(R.x, c.n);
    if (r === 0n) continue;
    const s = mod(inverse(k, c.n) * (e + r * d), c.n);
    if (s === 0n) continue;
    return derSignature(r, s);
  }
}

export function verifyDigest(curveName: string, publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const c = curveOf(curveName);
  const parsed = readDer(signature);
  if (!parsed) return false;
  const { r, s } = parsed;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  const jwk = publicKey.export({ format: "jwk" });
  const Q: Point = { x: toInt(Buffer.from(String(jwk.x), "base64url")), y: toInt(Buffer.from(String(jwk.y), "base64url")) };
  const w = inverse(s, c.n);
  const X = add(c, multiply(c, mod(digestInt(c, digest) * w, c.n), c.g), multiply(c, mod(r * w, c.n), Q));
  return X !== null && mod(X.x, c.n) === r;
}
