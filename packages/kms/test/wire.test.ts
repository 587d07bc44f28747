/** KMS's wire with requests no SDK would build, and how it writes what the SDKs parse: never an HTTP 500. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import { startKms, type KmsServer } from "./helpers.js";

let s: KmsServer;
beforeAll(async () => {
  s = await startKms();
});
afterAll(() => s.close());

/** An awsJson 1.1 request, answered as status and raw text. */
async function call(action: string, body: unknown): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const res = await fetch(s.url, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${action}` }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

async function newKey(input: Record<string, unknown> = {}): Promise<string> {
  return (await s.client.send(new CreateKeyCommand(input))).KeyMetadata?.KeyId ?? "";
}

describe("wire", () => {
  it("writes dates as epoch seconds with the Java service's .0", async () => {
    const res = await call("CreateKey", {});
    expect(res.status).toBe(200);
    expect(res.text).toContain(`"CreationDate":${Date.UTC(2026, 10, 26, 12, 0, 0) / 1000}.0`);
  });

  it("answers an unknown action UnknownOperationException and an unemulated one UnsupportedOperationException", async () => {
    expect(await call("NoSuchAction", {})).toMatchObject({ status: 400, json: { __type: "UnknownOperationException" } });
    expect(await call("ReplicateKey", { KeyId: "x", ReplicaRegion: "eu-west-1" })).toMatchObject({
      status: 400, json: { __type: "UnsupportedOperationException", message: "The sandbox does not emulate the KMS action ReplicateKey." },
    });
  });

  it("answers a required member missing as ValidationException", async () => {
    expect(await call("Encrypt", { Plaintext: "aGk=" })).toMatchObject({
      status: 400, json: { __type: "ValidationException", message: "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null" },
    });
  });

  it("answers ciphertext it did not make, or naming a key that is not one, InvalidCiphertextException", async () => {
    for (const blob of [Buffer.from("x"), Buffer.alloc(100, 1), Buffer.concat([Buffer.from([1, 2, 2, 0, 3]), Buffer.from("abc"), Buffer.alloc(40)])]) {
      const res = await call("Decrypt", { CiphertextBlob: blob.toString("base64") });
      expect(res).toEqual({ status: 400, text: '{"__type":"InvalidCiphertextException"}', json: { __type: "InvalidCiphertextException" } });
    }
  });

  it("refuses an algorithm of another key spec and a public key of a symmetric key without a 500", async () => {
    const symmetric = await newKey();
    expect(await call("Encrypt", { KeyId: symmetric, Plaintext: "aGk=", EncryptionAlgorithm: "RSAES_OAEP_SHA_1" })).toMatchObject({
      status: 400, json: { __type: "InvalidKeyUsageException", message: "Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT." },
    });
    expect((await call("GetPublicKey", { KeyId: symmetric })).status).toBe(400);
    const rsa = await newKey({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    for (const MessageType of ["RAW", "DIGEST"]) {
      const res = await call("Verify", { KeyId: rsa, Message: Buffer.alloc(32).toString("base64"), MessageType, SigningAlgorithm: "RSASSA_PSS_SHA_256", Signature: "AAAA" });
      expect(res).toMatchObject({ status: 400, json: { __type: "KMSInvalidSignatureException" } });
    }
    const ecc = await newKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const res = await call("Verify", { KeyId: ecc, Message: Buffer.alloc(32).toString("base64"), MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256", Signature: "MAYCAQECAQE=" });
    expect(res).toMatchObject({ status: 400, json: { __type: "KMSInvalidSignatureException" } });
    const rsaDecrypt = await call("Decrypt", { KeyId: await newKey({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" }), CiphertextBlob: "AAAA", EncryptionAlgorithm: "RSAES_OAEP_SHA_256" });
    expect(rsaDecrypt).toMatchObject({ status: 400, json: { __type: "InvalidCiphertextException" } });
  });

  it("answers a bad Marker InvalidMarkerException", async () => {
    expect(await call("ListKeys", { Marker: "not-a-marker" })).toMatchObject({ status: 400, json: { __type: "InvalidMarkerException" } });
  });
});
