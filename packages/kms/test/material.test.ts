/** The engine's cryptography without a server: the ciphertext format, and ECDSA over a given digest checked by node:crypto. */
import { createHash, createPrivateKey, createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signDigest, verifyDigest } from "../src/engine/ecdsa.js";
import { decryptSymmetric, encryptSymmetric, newMaterial, parseCiphertext } from "../src/engine/material.js";

const KEY_ID = "0b6f7d6c-3e0b-4f55-9a67-1d2f3c4b5a69";

describe("symmetric ciphertext", () => {
  it("names its key and material, and decrypts only with the same context in any order", async () => {
    const materials = [await newMaterial("SYMMETRIC_DEFAULT"), await newMaterial("SYMMETRIC_DEFAULT")];
    const blob = encryptSymmetric(KEY_ID, materials, Buffer.from("data"), { b: "2", a: "1" });
    const parsed = parseCiphertext(blob);
    expect(parsed).toMatchObject({ keyId: KEY_ID, index: 1 });
    if (!parsed) throw new Error("unparsed");
    expect(decryptSymmetric(materials, parsed, { a: "1", b: "2" })?.toString()).toBe("data");
    expect(decryptSymmetric(materials, parsed, { a: "1" })).toBeUndefined();
    expect(decryptSymmetric(materials.slice(0, 1), parsed, { a: "1", b: "2" })).toBeUndefined();
  });

  it("refuses a tampered blob and does not parse a foreign one", async () => {
    const materials = [await newMaterial("SYMMETRIC_DEFAULT")];
    const blob = encryptSymmetric(KEY_ID, materials, Buffer.from("data"), undefined);
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 1;
    const parsed = parseCiphertext(blob);
    if (!parsed) throw new Error("unparsed");
    expect(decryptSymmetric(materials, parsed, undefined)).toBeUndefined();
    expect(parseCiphertext(Buffer.from("AQICAHh-not-ours"))).toBeUndefined();
    expect(parseCiphertext(Buffer.alloc(0))).toBeUndefined();
  });
});

describe("ECDSA over a digest", () => {
  it.each([["ECC_NIST_P256", "prime256v1", "sha256"], ["ECC_SECG_P256K1", "secp256k1", "sha256"], ["ECC_NIST_P384", "secp384r1", "sha384"]])(
    "%s: node:crypto verifies the signature of the message's digest; a changed digest fails",
    async (spec, curve, hash) => {
      const key = createPrivateKey({ key: Buffer.from(await newMaterial(spec), "base64"), format: "der", type: "pkcs8" });
      const message = Buffer.from("message");
      const digest = createHash(hash).update(message).digest();
      const signature = signDigest(curve, key, digest);
      expect(verify(hash, message, createPublicKey(key), signature)).toBe(true);
      expect(verifyDigest(curve, createPublicKey(key), digest, signature)).toBe(true);
      const other = Buffer.from(digest);
      other[0] = (other[0] ?? 0) ^ 1;
      expect(verifyDigest(curve, createPublicKey(key), other, signature)).toBe(false);
      expect(verifyDigest(curve, createPublicKey(key), digest, Buffer.from("garbage"))).toBe(false);
    },
  );
});
