/** Cryptography through the real SDK, checked against node:crypto where a third party can verify it. */
import { createHash, createPrivateKey, createPublicKey, constants, privateDecrypt, publicEncrypt, verify as nodeVerify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand, GenerateMacCommand, GenerateRandomCommand, GetPublicKeyCommand, ReEncryptCommand, SignCommand, VerifyCommand, VerifyMacCommand,
  type KeySpec, type SigningAlgorithmSpec,
} from "@aws-sdk/client-kms";
import { ACCOUNT, bytes, errorOf, REGION, startKms, text, type KmsServer } from "./helpers.js";

let s: KmsServer;
let symmetric: string;
beforeAll(async () => {
  s = await startKms();
  symmetric = await newKey();
});
afterAll(() => s.close());

const arnOf = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
async function newKey(input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}): Promise<string> {
  const id = (await s.client.send(new CreateKeyCommand(input))).KeyMetadata?.KeyId;
  if (id === undefined) throw new Error("no KeyId");
  return id;
}

describe("Encrypt / Decrypt", () => {
  it("decrypts without KeyId (the ciphertext names its key) and answers the key's ARN", async () => {
    const enc = await s.client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: bytes("secret") }));
    expect(enc).toMatchObject({ KeyId: arnOf(symmetric), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });
    const dec = await s.client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    expect(text(dec.Plaintext)).toBe("secret");
    expect(dec).toMatchObject({ KeyId: arnOf(symmetric), EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });
  });

  it("binds the encryption context: another or none is InvalidCiphertextException (test_encrypt_decrypt_encryption_context)", async () => {
    const EncryptionContext = { tenant: "a", purpose: "test" };
    const blob = (await s.client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: bytes("x"), EncryptionContext }))).CiphertextBlob;
    expect(text((await s.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: "test", tenant: "a" } }))).Plaintext)).toBe("x");
    expect(await errorOf(s.client.send(new DecryptCommand({ CiphertextBlob: blob })))).toMatchObject({ code: "InvalidCiphertextException", status: 400 });
    expect(await errorOf(s.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenant: "b", purpose: "test" } })))).toMatchObject({
      code: "InvalidCiphertextException",
    });
  });

  it("refuses another key's id, a foreign blob, and plaintext over 4096 bytes", async () => {
    const other = await newKey();
    const blob = (await s.client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: bytes("x") }))).CiphertextBlob;
    expect(await errorOf(s.client.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: other })))).toEqual({
      code: "IncorrectKeyException", status: 400, message: "The key ID in the request does not identify a CMK that can perform this operation.",
    });
    expect(await errorOf(s.client.send(new DecryptCommand({ CiphertextBlob: bytes("not a kms blob at all") })))).toMatchObject({ code: "InvalidCiphertextException" });
    expect(await errorOf(s.client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: new Uint8Array(4097) })))).toEqual({
      code: "ValidationException", status: 400, message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    });
  });

  it("refuses a key of another usage (test_error_messaging_for_invalid_keys)", async () => {
    const signing = await newKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    expect(await errorOf(s.client.send(new EncryptCommand({ KeyId: signing, Plaintext: bytes("x") })))).toEqual({
      code: "InvalidKeyUsageException", status: 400, message: `${arnOf(signing)} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    });
  });

  it("encrypts with RSA keys (RSAES_OAEP_SHA_1/256) decryptable by KMS with KeyId, and limits the plaintext", async () => {
    const rsa = await newKey({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    for (const EncryptionAlgorithm of ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] as const) {
      const blob = (await s.client.send(new EncryptCommand({ KeyId: rsa, Plaintext: bytes("rsa data"), EncryptionAlgorithm }))).CiphertextBlob;
      expect(blob?.length).toBe(256);
      const dec = await s.client.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: rsa, EncryptionAlgorithm }));
      expect(text(dec.Plaintext)).toBe("rsa data");
    }
    // The public key encrypts offline; KMS decrypts.
    const publicKey = createPublicKey({ key: Buffer.from((await s.client.send(new GetPublicKeyCommand({ KeyId: rsa }))).PublicKey ?? []), format: "der", type: "spki" });
    const offline = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from("offline"));
    expect(text((await s.client.send(new DecryptCommand({ CiphertextBlob: offline, KeyId: rsa, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }))).Plaintext)).toBe("offline");
    expect(await errorOf(s.client.send(new EncryptCommand({ KeyId: rsa, Plaintext: new Uint8Array(191), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })))).toEqual({
      code: "ValidationException", status: 400, message: "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.",
    });
  });
});

describe("DryRun", () => {
  it("checks the call and answers DryRunOperationException instead of its result; a failing check answers its own error", async () => {
    expect(await errorOf(s.client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: bytes("x"), DryRun: true })))).toEqual({
      code: "DryRunOperationException", status: 400, message: "The request was rejected because the DryRun parameter was specified.",
    });
    expect(await errorOf(s.client.send(new EncryptCommand({ KeyId: "alias/none", Plaintext: bytes("x"), DryRun: true })))).toMatchObject({ code: "NotFoundException" });
  });
});

describe("ReEncrypt", () => {
  it("moves a ciphertext to another key and context", async () => {
    const destination = await newKey();
    const blob = (await s.client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: bytes("moved"), EncryptionContext: { a: "1" } }))).CiphertextBlob;
    const moved = await s.client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { a: "1" }, DestinationKeyId: destination, DestinationEncryptionContext: { b: "2" } }));
    expect(moved).toMatchObject({ SourceKeyId: arnOf(symmetric), KeyId: arnOf(destination), SourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT", DestinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT" });
    const dec = await s.client.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: { b: "2" } }));
    expect([text(dec.Plaintext), dec.KeyId]).toEqual(["moved", arnOf(destination)]);
  });
});

describe("data keys", () => {
  it("GenerateDataKey gives a plaintext key and its ciphertext; WithoutPlaintext only the ciphertext", async () => {
    const dk = await s.client.send(new GenerateDataKeyCommand({ KeyId: symmetric, KeySpec: "AES_256", EncryptionContext: { k: "v" } }));
    expect(dk.Plaintext?.length).toBe(32);
    expect(dk.KeyId).toBe(arnOf(symmetric));
    const dec = await s.client.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { k: "v" } }));
    expect(Buffer.from(dec.Plaintext ?? []).equals(Buffer.from(dk.Plaintext ?? []))).toBe(true);
    expect((await s.client.send(new GenerateDataKeyCommand({ KeyId: symmetric, NumberOfBytes: 64 }))).Plaintext?.length).toBe(64);
    expect((await s.client.send(new GenerateDataKeyCommand({ KeyId: symmetric, KeySpec: "AES_128" }))).Plaintext?.length).toBe(16);
    const without = await s.client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: symmetric, KeySpec: "AES_256" }));
    expect("Plaintext" in without).toBe(false);
    expect((await s.client.send(new DecryptCommand({ CiphertextBlob: without.CiphertextBlob }))).Plaintext?.length).toBe(32);
    expect(await errorOf(s.client.send(new GenerateDataKeyCommand({ KeyId: symmetric })))).toMatchObject({ code: "ValidationException" });
  });

  it("GenerateDataKeyPair gives a usable PKCS#8 private key, its SPKI public key and the private key encrypted", async () => {
    const pair = await s.client.send(new GenerateDataKeyPairCommand({ KeyId: symmetric, KeyPairSpec: "ECC_NIST_P256" }));
    const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext ?? []), format: "der", type: "pkcs8" });
    const publicKey = createPublicKey({ key: Buffer.from(pair.PublicKey ?? []), format: "der", type: "spki" });
    expect(createPublicKey(privateKey).export({ format: "der", type: "spki" }).equals(publicKey.export({ format: "der", type: "spki" }))).toBe(true);
    const dec = await s.client.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob }));
    expect(Buffer.from(dec.Plaintext ?? []).equals(Buffer.from(pair.PrivateKeyPlaintext ?? []))).toBe(true);
    const without = await s.client.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: symmetric, KeyPairSpec: "RSA_2048" }));
    expect("PrivateKeyPlaintext" in without).toBe(false);
    expect(without).toMatchObject({ KeyPairSpec: "RSA_2048", KeyId: arnOf(symmetric) });
    const rsaPrivate = createPrivateKey({ key: Buffer.from((await s.client.send(new DecryptCommand({ CiphertextBlob: without.PrivateKeyCiphertextBlob }))).Plaintext ?? []), format: "der", type: "pkcs8" });
    const sealed = publicEncrypt({ key: createPublicKey({ key: Buffer.from(without.PublicKey ?? []), format: "der", type: "spki" }) }, Buffer.from("pair"));
    expect(privateDecrypt({ key: rsaPrivate }, sealed).toString()).toBe("pair");
  });
});

describe("GenerateRandom", () => {
  it("gives NumberOfBytes random bytes and requires it", async () => {
    expect((await s.client.send(new GenerateRandomCommand({ NumberOfBytes: 44 }))).Plaintext?.length).toBe(44);
    expect(await errorOf(s.client.send(new GenerateRandomCommand({})))).toEqual({ code: "ValidationException", status: 400, message: "NumberOfBytes is required." });
    expect((await errorOf(s.client.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })))).message).toBe(
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });
});

const SIGNING: Array<[KeySpec, SigningAlgorithmSpec]> = [
  ["RSA_2048", "RSASSA_PSS_SHA_256"], ["RSA_2048", "RSASSA_PKCS1_V1_5_SHA_384"], ["RSA_3072", "RSASSA_PSS_SHA_512"], ["RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512"],
  ["ECC_NIST_P256", "ECDSA_SHA_256"], ["ECC_NIST_P384", "ECDSA_SHA_384"], ["ECC_NIST_P521", "ECDSA_SHA_512"], ["ECC_SECG_P256K1", "ECDSA_SHA_256"],
];

describe("Sign / Verify", () => {
  it.each(SIGNING)("%s %s: RAW and DIGEST signatures verify with node:crypto and with KMS", async (KeySpec, SigningAlgorithm) => {
    const id = await newKey({ KeySpec, KeyUsage: "SIGN_VERIFY" });
    const publicKey = createPublicKey({ key: Buffer.from((await s.client.send(new GetPublicKeyCommand({ KeyId: id }))).PublicKey ?? []), format: "der", type: "spki" });
    const message = Buffer.from("the message to sign");
    const hash = `sha${SigningAlgorithm.slice(-3)}`;
    const pss = SigningAlgorithm.startsWith("RSASSA_PSS");
    const options = { key: publicKey, ...(pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(SigningAlgorithm.slice(-3)) / 8 } : {}) };
    for (const MessageType of ["RAW", "DIGEST"] as const) {
      const Message = MessageType === "RAW" ? message : createHash(hash).update(message).digest();
      const signed = await s.client.send(new SignCommand({ KeyId: id, Message, MessageType, SigningAlgorithm }));
      expect(signed).toMatchObject({ KeyId: arnOf(id), SigningAlgorithm });
      const signature = Buffer.from(signed.Signature ?? []);
      expect(nodeVerify(hash, message, options, signature)).toBe(true);
      const verified = await s.client.send(new VerifyCommand({ KeyId: id, Message, MessageType, SigningAlgorithm, Signature: signature }));
      expect(verified.SignatureValid).toBe(true);
    }
    const bad = await errorOf(s.client.send(new VerifyCommand({ KeyId: id, Message: Buffer.from("another message"), SigningAlgorithm, Signature: Buffer.from((await s.client.send(new SignCommand({ KeyId: id, Message: message, SigningAlgorithm }))).Signature ?? []) })));
    expect(bad).toEqual({ code: "KMSInvalidSignatureException", status: 400, message: "UnknownError" });
    expect(await errorOf(s.client.send(new SignCommand({ KeyId: id, Message: Buffer.alloc(5), MessageType: "DIGEST", SigningAlgorithm })))).toEqual({
      code: "ValidationException", status: 400, message: `Digest is invalid length for algorithm ${SigningAlgorithm}.`,
    });
  });

  it("refuses an algorithm the key spec does not offer", async () => {
    const id = await newKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    expect(await errorOf(s.client.send(new SignCommand({ KeyId: id, Message: bytes("m"), SigningAlgorithm: "RSASSA_PSS_SHA_256" })))).toEqual({
      code: "InvalidKeyUsageException", status: 400, message: "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.",
    });
  });
});

describe("GenerateMac / VerifyMac", () => {
  it("computes the HMAC node:crypto computes with the same key, verifies, and refuses a wrong one", async () => {
    const id = await newKey({ KeySpec: "HMAC_384", KeyUsage: "GENERATE_VERIFY_MAC" });
    const made = await s.client.send(new GenerateMacCommand({ KeyId: id, Message: bytes("mac me"), MacAlgorithm: "HMAC_SHA_384" }));
    expect(made).toMatchObject({ KeyId: arnOf(id), MacAlgorithm: "HMAC_SHA_384" });
    expect(made.Mac?.length).toBe(48);
    expect((await s.client.send(new VerifyMacCommand({ KeyId: id, Message: bytes("mac me"), MacAlgorithm: "HMAC_SHA_384", Mac: made.Mac }))).MacValid).toBe(true);
    expect(await errorOf(s.client.send(new VerifyMacCommand({ KeyId: id, Message: bytes("other"), MacAlgorithm: "HMAC_SHA_384", Mac: made.Mac })))).toMatchObject({ code: "KMSInvalidMacException" });
    expect(await errorOf(s.client.send(new GenerateMacCommand({ KeyId: id, Message: bytes("m"), MacAlgorithm: "HMAC_SHA_256" })))).toEqual({
      code: "InvalidKeyUsageException", status: 400, message: "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_384.",
    });
  });
});
