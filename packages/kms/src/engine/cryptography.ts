/** Cryptography with a key: Encrypt, Decrypt, ReEncrypt, data keys, Sign/Verify, MACs, GetPublicKey, GenerateRandom. */
import { randomBytes, timingSafeEqual } from "node:crypto";
import * as errors from "../errors.js";
import { DATA_KEY_BYTES } from "../limits.js";
import { findKey, state, usable, type KmsContext } from "./context.js";
import { dataKeyPair, decryptRsa, decryptSymmetric, encryptRsa, encryptSymmetric, mac, parseCiphertext, publicKeyDer, signWith, verifyWith } from "./material.js";
import { hashOf, KEY_SPECS, RSA_PLAINTEXT_MAX } from "./specs.js";
import type { StoredKey } from "./types.js";

type Context = Record<string, string> | undefined;
const b64 = (b: Buffer): string => b.toString("base64");
const bytes = (s: string): Buffer => Buffer.from(s, "base64");

/** The key must be usable for this action's usage (test_error_messaging_for_invalid_keys). */
function forUsage(key: StoredKey, usage: string, action: string): StoredKey {
  usable(key);
  if (key.KeyUsage !== usage) throw errors.wrongUsage(key.Arn, key.KeyUsage, action);
  return key;
}

function algorithmFor(key: StoredKey, algorithm: string | undefined, fallback: string): string {
  const chosen = algorithm ?? fallback;
  if (!(KEY_SPECS[key.KeySpec]?.usages[key.KeyUsage] ?? []).includes(chosen)) throw errors.incompatibleAlgorithm(chosen, key.KeySpec);
  return chosen;
}

function encryptWith(key: StoredKey, plaintext: Buffer, context: Context, algorithm: string): Buffer {
  if (algorithm === "SYMMETRIC_DEFAULT") return encryptSymmetric(key.KeyId, key.material, plaintext, context);
  const max = RSA_PLAINTEXT_MAX[key.KeySpec]?.[algorithm] ?? 0;
  if (plaintext.length > max) throw errors.rsaPlaintextTooLarge(algorithm, key.KeySpec, max);
  return encryptRsa(key.material[0] ?? "", algorithm, plaintext);
}

export async function encrypt(ctx: KmsContext, input: { KeyId: string; Plaintext: string; EncryptionContext?: Context; EncryptionAlgorithm?: string }) {
  const key = forUsage(await findKey(ctx, input.KeyId), "ENCRYPT_DECRYPT", "Encrypt");
  const algorithm = algorithmFor(key, input.EncryptionAlgorithm, "SYMMETRIC_DEFAULT");
  const blob = encryptWith(key, bytes(input.Plaintext), input.EncryptionContext, algorithm);
  return { CiphertextBlob: b64(blob), KeyId: key.Arn, EncryptionAlgorithm: algorithm };
}

interface Decrypted {
  key: StoredKey;
  plaintext: Buffer;
  algorithm: string;
}

/** A symmetric ciphertext names its key; an RSA one needs KeyId (and its algorithm). */
async function decryptBlob(ctx: KmsContext, blob: Buffer, context: Context, keyId: string | undefined, algorithm: string | undefined, action: string): Promise<Decrypted> {
  const parsed = parseCiphertext(blob);
  if (parsed && (algorithm === undefined || algorithm === "SYMMETRIC_DEFAULT")) {
    const owner = state(ctx).keys[parsed.keyId];
    if (!owner) throw errors.invalidCiphertext();
    if (keyId !== undefined && (await findKey(ctx, keyId)).KeyId !== owner.KeyId) throw errors.incorrectKey();
    const key = forUsage(await findKey(ctx, owner.KeyId), "ENCRYPT_DECRYPT", action);
    const plaintext = decryptSymmetric(key.material, parsed, context);
    if (!plaintext) throw errors.invalidCiphertext();
    return { key, plaintext, algorithm: "SYMMETRIC_DEFAULT" };
  }
  if (keyId === undefined) throw errors.invalidCiphertext();
  const key = forUsage(await findKey(ctx, keyId), "ENCRYPT_DECRYPT", action);
  if (key.KeySpec === "SYMMETRIC_DEFAULT") throw errors.invalidCiphertext();
  const chosen = algorithmFor(key, algorithm, "SYMMETRIC_DEFAULT");
  const plaintext = decryptRsa(key.material[0] ?? "", chosen, blob);
  if (!plaintext) throw errors.invalidCiphertext();
  return { key, plaintext, algorithm: chosen };
}

export async function decrypt(ctx: KmsContext, input: { CiphertextBlob: string; EncryptionContext?: Context; KeyId?: string; EncryptionAlgorithm?: string }) {
  const { key, plaintext, algorithm } = await decryptBlob(ctx, bytes(input.CiphertextBlob), input.EncryptionContext, input.KeyId, input.EncryptionAlgorithm, "Decrypt");
  return { KeyId: key.Arn, Plaintext: b64(plaintext), EncryptionAlgorithm: algorithm };
}

export async function reEncrypt(ctx: KmsContext, input: {
  CiphertextBlob: string; SourceEncryptionContext?: Context; SourceKeyId?: string; DestinationKeyId: string; DestinationEncryptionContext?: Context;
  SourceEncryptionAlgorithm?: string; DestinationEncryptionAlgorithm?: string;
}) {
  const source = await decryptBlob(ctx, bytes(input.CiphertextBlob), input.SourceEncryptionContext, input.SourceKeyId, input.SourceEncryptionAlgorithm, "ReEncryptFrom");
  const destination = forUsage(await findKey(ctx, input.DestinationKeyId), "ENCRYPT_DECRYPT", "ReEncryptTo");
  const algorithm = algorithmFor(destination, input.DestinationEncryptionAlgorithm, "SYMMETRIC_DEFAULT");
  const blob = encryptWith(destination, source.plaintext, input.DestinationEncryptionContext, algorithm);
  return {
    CiphertextBlob: b64(blob), SourceKeyId: source.key.Arn, KeyId: destination.Arn,
    SourceEncryptionAlgorithm: source.algorithm, DestinationEncryptionAlgorithm: algorithm,
  };
}

interface DataKeyInput {
  KeyId: string;
  EncryptionContext?: Context;
  NumberOfBytes?: number;
  KeySpec?: string;
}

/** Data keys are encrypted under a symmetric encryption key. */
async function dataKey(ctx: KmsContext, input: DataKeyInput, action: string) {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) throw errors.keySpecOrBytes();
  const key = forUsage(await findKey(ctx, input.KeyId), "ENCRYPT_DECRYPT", action);
  if (key.KeySpec !== "SYMMETRIC_DEFAULT") throw errors.wrongUsage(key.Arn, key.KeySpec, action);
  const plaintext = randomBytes(input.NumberOfBytes ?? DATA_KEY_BYTES[input.KeySpec ?? ""] ?? 32);
  return { key, plaintext, blob: encryptSymmetric(key.KeyId, key.material, plaintext, input.EncryptionContext) };
}

export async function generateDataKey(ctx: KmsContext, input: DataKeyInput) {
  const { key, plaintext, blob } = await dataKey(ctx, input, "GenerateDataKey");
  return { CiphertextBlob: b64(blob), Plaintext: b64(plaintext), KeyId: key.Arn };
}

export async function generateDataKeyWithoutPlaintext(ctx: KmsContext, input: DataKeyInput) {
  const { key, blob } = await dataKey(ctx, input, "GenerateDataKeyWithoutPlaintext");
  return { CiphertextBlob: b64(blob), KeyId: key.Arn };
}

async function dataKeyPairFor(ctx: KmsContext, input: { KeyId: string; KeyPairSpec: string; EncryptionContext?: Context }, action: string) {
  const key = forUsage(await findKey(ctx, input.KeyId), "ENCRYPT_DECRYPT", action);
  if (key.KeySpec !== "SYMMETRIC_DEFAULT") throw errors.wrongUsage(key.Arn, key.KeySpec, action);
  const pair = await dataKeyPair(input.KeyPairSpec);
  return { key, pair, blob: encryptSymmetric(key.KeyId, key.material, pair.privateKey, input.EncryptionContext) };
}

export async function generateDataKeyPair(ctx: KmsContext, input: { KeyId: string; KeyPairSpec: string; EncryptionContext?: Context }) {
  const { key, pair, blob } = await dataKeyPairFor(ctx, input, "GenerateDataKeyPair");
  return { PrivateKeyCiphertextBlob: b64(blob), PrivateKeyPlaintext: b64(pair.privateKey), PublicKey: b64(pair.publicKey), KeyId: key.Arn, KeyPairSpec: input.KeyPairSpec };
}

export async function generateDataKeyPairWithoutPlaintext(ctx: KmsContext, input: { KeyId: string; KeyPairSpec: string; EncryptionContext?: Context }) {
  const { key, pair, blob } = await dataKeyPairFor(ctx, input, "GenerateDataKeyPairWithoutPlaintext");
  return { PrivateKeyCiphertextBlob: b64(blob), PublicKey: b64(pair.publicKey), KeyId: key.Arn, KeyPairSpec: input.KeyPairSpec };
}

export function generateRandom(input: { NumberOfBytes?: number }) {
  if (input.NumberOfBytes === undefined) throw errors.numberOfBytesRequired();
  return { Plaintext: b64(randomBytes(input.NumberOfBytes)) };
}

interface SignInput {
  KeyId: string;
  Message: string;
  MessageType?: string;
  SigningAlgorithm: string;
}

function messageOf(key: StoredKey, input: SignInput): { message: Buffer; messageType: string } {
  const algorithm = algorithmFor(key, input.SigningAlgorithm, input.SigningAlgorithm);
  const messageType = input.MessageType ?? "RAW";
  const message = bytes(input.Message);
  // test_sign_verify (bad-digest): a DIGEST must be as long as the algorithm's hash.
  if (messageType === "DIGEST" && message.length !== hashOf(algorithm).bytes) throw errors.digestLength(algorithm);
  return { message, messageType };
}

export async function sign(ctx: KmsContext, input: SignInput) {
  const key = forUsage(await findKey(ctx, input.KeyId), "SIGN_VERIFY", "Sign");
  const { message, messageType } = messageOf(key, input);
  return { KeyId: key.Arn, Signature: b64(signWith(key.material[0] ?? "", key.KeySpec, input.SigningAlgorithm, message, messageType)), SigningAlgorithm: input.SigningAlgorithm };
}

export async function verify(ctx: KmsContext, input: SignInput & { Signature: string }) {
  const key = forUsage(await findKey(ctx, input.KeyId), "SIGN_VERIFY", "Verify");
  const { message, messageType } = messageOf(key, input);
  if (!verifyWith(key.material[0] ?? "", key.KeySpec, input.SigningAlgorithm, message, messageType, bytes(input.Signature))) throw errors.invalidSignature();
  return { KeyId: key.Arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
}

export async function getPublicKey(ctx: KmsContext, input: { KeyId: string }) {
  const key = await findKey(ctx, input.KeyId);
  // LocalStack notes that a disabled key still answers on AWS.
  usable(key, { disabled: true });
  if (key.KeySpec === "SYMMETRIC_DEFAULT" || key.KeySpec.startsWith("HMAC")) throw errors.wrongUsage(key.Arn, key.KeyUsage, "GetPublicKey");
  const out: Record<string, unknown> = { KeyId: key.Arn, PublicKey: b64(publicKeyDer(key.material[0] ?? "")), CustomerMasterKeySpec: key.KeySpec, KeySpec: key.KeySpec, KeyUsage: key.KeyUsage };
  const list = KEY_SPECS[key.KeySpec]?.usages[key.KeyUsage] ?? [];
  if (key.KeyUsage === "ENCRYPT_DECRYPT") out.EncryptionAlgorithms = list;
  else out.SigningAlgorithms = list;
  return out;
}

export async function generateMac(ctx: KmsContext, input: { KeyId: string; Message: string; MacAlgorithm: string }) {
  const key = forUsage(await findKey(ctx, input.KeyId), "GENERATE_VERIFY_MAC", "GenerateMac");
  const algorithm = algorithmFor(key, input.MacAlgorithm, input.MacAlgorithm);
  return { Mac: b64(mac(key.material[0] ?? "", algorithm, bytes(input.Message))), MacAlgorithm: algorithm, KeyId: key.Arn };
}

export async function verifyMac(ctx: KmsContext, input: { KeyId: string; Message: string; MacAlgorithm: string; Mac: string }) {
  const key = forUsage(await findKey(ctx, input.KeyId), "GENERATE_VERIFY_MAC", "VerifyMac");
  const algorithm = algorithmFor(key, input.MacAlgorithm, input.MacAlgorithm);
  const expected = mac(key.material[0] ?? "", algorithm, bytes(input.Message));
  const given = bytes(input.Mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw errors.invalidMac();
  return { KeyId: key.Arn, MacValid: true, MacAlgorithm: algorithm };
}
