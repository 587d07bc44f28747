/**
 * Key material and the cryptography done with it, all with node:crypto: AES-256-GCM for
 * symmetric keys (the ciphertext names its key, so Decrypt needs no KeyId, and binds the
 * encryption context as additional authenticated data), RSAES-OAEP, RSASSA-PSS/PKCS#1 v1.5,
 * ECDSA and HMAC.
 */
import {
  constants, createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPair, privateDecrypt, privateEncrypt, publicDecrypt,
  publicEncrypt, randomBytes, sign, timingSafeEqual, verify, type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import { signDigest, verifyDigest } from "./ecdsa.js";
import { hashOf, KEY_SPECS } from "./specs.js";

const generatePair = promisify(generateKeyPair);

/** New key material for a spec: base64 of an AES key, an HMAC key, or a PKCS#8 DER private key. */
export async function newMaterial(keySpec: string): Promise<string> {
  const info = KEY_SPECS[keySpec];
  if (info?.rsaBits !== undefined) return (await rsaPair(info.rsaBits)).toString("base64");
  if (info?.curve !== undefined) return (await ecPair(info.curve)).toString("base64");
  return randomBytes(info?.hmacBytes ?? 32).toString("base64");
}

async function rsaPair(bits: number): Promise<Buffer> {
  const { privateKey } = await generatePair("rsa", { modulusLength: bits, publicExponent: 0x10001 });
  return privateKey.export({ format: "der", type: "pkcs8" });
}

async function ecPair(curve: string): Promise<Buffer> {
  const { privateKey } = await generatePair("ec", { namedCurve: curve });
  return privateKey.export({ format: "der", type: "pkcs8" });
}

/** A data key pair (GenerateDataKeyPair): PKCS#8 DER private key and X.509 SubjectPublicKeyInfo DER public key. */
export async function dataKeyPair(keyPairSpec: string): Promise<{ privateKey: Buffer; publicKey: Buffer }> {
  const der = Buffer.from(await newMaterial(keyPairSpec), "base64");
  return { privateKey: der, publicKey: publicKeyDer(der.toString("base64")) };
}

const privateKeys = new Map<string, KeyObject>();
function privateKeyOf(material: string): KeyObject {
  let key = privateKeys.get(material);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(material, "base64"), format: "der", type: "pkcs8" });
    privateKeys.set(material, key);
  }
  return key;
}

/** GetPublicKey: DER-encoded X.509 SubjectPublicKeyInfo (RFC 5280). */
export function publicKeyDer(material: string): Buffer {
  return createPublicKey(privateKeyOf(material)).export({ format: "der", type: "spki" });
}

// Ciphertext of a symmetric key: a header, the key's id, which of its materials, IV, tag, data.
const MAGIC = Buffer.from([0x01, 0x02, 0x02, 0x00]);
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The encryption context as AAD: its pairs sorted by key, so the order a client sends them in does not matter. */
function contextBytes(context: Record<string, string> | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs), "utf8");
}

export function encryptSymmetric(keyId: string, materials: readonly string[], plaintext: Buffer, context: Record<string, string> | undefined): Buffer {
  const index = materials.length - 1;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(materials[index] ?? "", "base64"), iv);
  cipher.setAAD(contextBytes(context));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const id = Buffer.from(keyId, "latin1");
  const header = Buffer.alloc(3);
  header.writeUInt8(id.length, 0);
  header.writeUInt16BE(index, 1);
  return Buffer.concat([MAGIC, header.subarray(0, 1), id, header.subarray(1), iv, cipher.getAuthTag(), data]);
}

export interface ParsedCiphertext {
  keyId: string;
  index: number;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

/** The parts of a symmetric ciphertext this sandbox made, or undefined for anything else. */
export function parseCiphertext(blob: Buffer): ParsedCiphertext | undefined {
  if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const idLength = blob.readUInt8(MAGIC.length);
  let at = MAGIC.length + 1;
  if (blob.length < at + idLength + 2 + IV_BYTES + TAG_BYTES) return undefined;
  const keyId = blob.subarray(at, at + idLength).toString("latin1");
  at += idLength;
  const index = blob.readUInt16BE(at);
  at += 2;
  const iv = blob.subarray(at, at + IV_BYTES);
  at += IV_BYTES;
  const tag = blob.subarray(at, at + TAG_BYTES);
  at += TAG_BYTES;
  return { keyId, index, iv, tag, data: blob.subarray(at) };
}

/** The plaintext, or undefined when the material or the encryption context does not match. */
export function decryptSymmetric(materials: readonly string[], parsed: ParsedCiphertext, context: Record<string, string> | undefined): Buffer | undefined {
  const material = materials[parsed.index];
  if (material === undefined) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", Buffer.from(material, "base64"), parsed.iv);
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.data), decipher.final()]);
  } catch {
    // GCM's tag check failed: another context or a tampered blob, answered as InvalidCiphertextException.
    return undefined;
  }
}

const oaep = (algorithm: string) => ({ padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: algorithm === "RSAES_OAEP_SHA_1" ? "sha1" : "sha256" });

export function encryptRsa(material: string, algorithm: string, plaintext: Buffer): Buffer {
  return publicEncrypt({ key: createPublicKey(privateKeyOf(material)), ...oaep(algorithm) }, plaintext);
}

export function decryptRsa(material: string, algorithm: string, ciphertext: Buffer): Buffer | undefined {
  try {
    return privateDecrypt({ key: privateKeyOf(material), ...oaep(algorithm) }, ciphertext);
  } catch {
    // Not OAEP under this key: InvalidCiphertextException.
    return undefined;
  }
}

/** DigestInfo prefixes (RFC 8017 9.2 note 1) for PKCS#1 v1.5 signatures over a given digest. */
const DIGEST_INFO: Record<string, string> = {
  sha256: "3031300d060960864801650304020105000420",
  sha384: "3041300d060960864801650304020205000430",
  sha512: "3051300d060960864801650304020305000440",
};

/** node:crypto's options for an RSA signing algorithm: PSS with a salt as long as the digest, as KMS signs. */
function rsaPadding(algorithm: string): { padding?: number; saltLength?: number } {
  return algorithm.startsWith("RSASSA_PSS") ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashOf(algorithm).bytes } : {};
}

/**
 * Signs a RAW message with node:crypto; a DIGEST (the caller's hash) by hand, as node:crypto
 * only signs what it hashes itself: PKCS#1 v1.5 over a DigestInfo, EMSA-PSS, or ECDSA.
 */
export function signWith(material: string, keySpec: string, algorithm: string, message: Buffer, messageType: string): Buffer {
  const key = privateKeyOf(material);
  const hash = hashOf(algorithm).name;
  const curve = KEY_SPECS[keySpec]?.curve;
  if (messageType !== "DIGEST") return sign(hash, message, { key, ...rsaPadding(algorithm) });
  if (curve !== undefined) return signDigest(curve, key, message);
  if (algorithm.startsWith("RSASSA_PKCS1")) {
    return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(DIGEST_INFO[hash] ?? "", "hex"), message]));
  }
  return pssSign(key, hash, message);
}

export function verifyWith(material: string, keySpec: string, algorithm: string, message: Buffer, messageType: string, signature: Buffer): boolean {
  const publicKey = createPublicKey(privateKeyOf(material));
  const hash = hashOf(algorithm).name;
  const curve = KEY_SPECS[keySpec]?.curve;
  try {
    if (messageType !== "DIGEST") return verify(hash, message, { key: publicKey, ...rsaPadding(algorithm) }, signature);
    if (curve !== undefined) return verifyDigest(curve, publicKey, message, signature);
    if (algorithm.startsWith("RSASSA_PKCS1")) {
      const expected = Buffer.concat([Buffer.from(DIGEST_INFO[hash] ?? "", "hex"), message]);
      const got = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
      return got.length === expected.length && timingSafeEqual(got, expected);
    }
    return pssVerify(publicKey, hash, message, signature);
  } catch {
    // A signature of the wrong length or not a PKCS#1 block: not valid.
    return false;
  }
}

/** RSASSA-PSS (RFC 8017 9.1) with MGF1 of the same hash and a salt as long as the digest, as KMS signs. */
function pssSign(key: KeyObject, hash: string, mHash: Buffer): Buffer {
  const modBits = key.asymmetricKeyDetails?.modulusLength ?? 2048;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = mHash.length;
  const salt = randomBytes(hLen);
  const H = createHash(hash).update(Buffer.concat([Buffer.alloc(8), mHash, salt])).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt]);
  const masked = xor(db, mgf1(hash, H, db.length));
  masked[0] = (masked[0] ?? 0) & (0xff >> (8 * emLen - emBits));
  const em = Buffer.concat([masked, H, Buffer.from([0xbc])]);
  const k = Math.ceil(modBits / 8);
  return privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - emLen), em]));
}

function pssVerify(publicKey: KeyObject, hash: string, mHash: Buffer, signature: Buffer): boolean {
  const modBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 2048;
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k) return false;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = mHash.length;
  const full = publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  const em = full.subarray(full.length - emLen);
  if (em[em.length - 1] !== 0xbc || emLen < 2 * hLen + 2) return false;
  const masked = em.subarray(0, emLen - hLen - 1);
  const H = em.subarray(emLen - hLen - 1, emLen - 1);
  const db = xor(masked, mgf1(hash, H, masked.length));
  db[0] = (db[0] ?? 0) & (0xff >> (8 * emLen - emBits));
  const one = emLen - 2 * hLen - 2;
  if (!db.subarray(0, one).every((b) => b === 0) || db[one] !== 1) return false;
  const salt = db.subarray(one + 1);
  const expected = createHash(hash).update(Buffer.concat([Buffer.alloc(8), mHash, salt])).digest();
  return timingSafeEqual(expected, H);
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  for (let counter = 0; total < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(Buffer.concat([seed, c])).digest();
    parts.push(block);
    total += block.length;
  }
  return Buffer.concat(parts).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

export function mac(material: string, algorithm: string, message: Buffer): Buffer {
  return createHmac(hashOf(algorithm).name, Buffer.from(material, "base64")).update(message).digest();
}
