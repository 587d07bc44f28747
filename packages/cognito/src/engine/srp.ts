/**
 * The server half of Cognito's SRP-6a (USER_SRP_AUTH), as amazon-cognito-identity-js's
 * AuthenticationHelper computes the client half: RFC 5054's 3072-bit group, g = 2,
 * k = H(N | g), x = H(salt | H(poolName | userId | ":" | password)), u = H(A | B), and the
 * session key HKDF(S, u, "Caldera Derived Key") cut to 16 bytes. Numbers are hashed in
 * Java's BigInteger.toByteArray() form (padHex).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const N = BigInt(
  "0x" +
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);
const G = 2n;
const INFO = Buffer.from("Caldera Derived Key\u0001", "utf8");

/** Hex of a non-negative integer as Java's BigInteger.toByteArray() encodes it. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, "hex"));
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

const K = BigInt(`0x${hexHash(padHex(N) + padHex(G))}`);

/** The password verifier v = g^x kept instead of the password, with its salt (hex). */
export interface Verifier {
  salt: string;
  verifier: string;
}

function privateKeyX(saltHex: string, poolName: string, userId: string, password: string): bigint {
  const userHash = sha256Hex(Buffer.from(`${poolName}${userId}:${password}`, "utf8"));
  return BigInt(`0x${hexHash(padHex(BigInt(`0x${saltHex}`)) + userHash)}`);
}

export function makeVerifier(poolName: string, userId: string, password: string, saltHex = randomBytes(16).toString("hex")): Verifier {
  const x = privateKeyX(saltHex, poolName, userId, password);
  return { salt: saltHex, verifier: modPow(G, x, N).toString(16) };
}

/** Whether `password` produces the stored verifier (USER_PASSWORD_AUTH and friends). */
export function checkPassword(stored: Verifier, poolName: string, userId: string, password: string): boolean {
  return makeVerifier(poolName, userId, password, stored.salt).verifier === stored.verifier;
}

/** The server's ephemeral values for one PASSWORD_VERIFIER challenge. */
export interface ServerEphemeral {
  b: string;
  B: string;
}

export function serverEphemeral(stored: Verifier): ServerEphemeral {
  const v = BigInt(`0x${stored.verifier}`);
  let b = 0n;
  let B = 0n;
  while (B % N === 0n) {
    b = BigInt(`0x${randomBytes(128).toString("hex")}`) % N;
    B = (K * v + modPow(G, b, N)) % N;
  }
  return { b: b.toString(16), B: B.toString(16) };
}

/** A from the client is unusable when A mod N is zero (SRP-6a's safeguard). */
export function validA(aHex: string): boolean {
  if (!/^[0-9a-fA-F]+$/.test(aHex)) return false;
  return BigInt(`0x${aHex}`) % N !== 0n;
}

/** The 16-byte key both sides derive: HKDF-SHA256(ikm = S, salt = u). */
export function sessionKey(stored: Verifier, ephemeral: ServerEphemeral, aHex: string): Buffer {
  const A = BigInt(`0x${aHex}`);
  const B = BigInt(`0x${ephemeral.B}`);
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
  const v = BigInt(`0x${stored.verifier}`);
  const S = modPow((A * modPow(v, u, N)) % N, BigInt(`0x${ephemeral.b}`), N);
  const prk = createHmac("sha256", Buffer.from(padHex(u), "hex")).update(Buffer.from(padHex(S), "hex")).digest();
  return createHmac("sha256", prk).update(INFO).digest().subarray(0, 16);
}

/** Checks PASSWORD_CLAIM_SIGNATURE = HMAC(key, poolName | userId | SECRET_BLOCK | TIMESTAMP). */
export function verifyClaim(key: Buffer, poolName: string, userId: string, secretBlock: string, timestamp: string, signature: string): boolean {
  const expected = createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(poolName, "utf8"), Buffer.from(userId, "utf8"), Buffer.from(secretBlock, "base64"), Buffer.from(timestamp, "utf8")]))
    .digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
