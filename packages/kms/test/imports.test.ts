/** Key material imported into EXTERNAL keys through the real SDK: wrapped as AWS's import guide shows, usable, expiring on the clock. */
import { constants, createCipheriv, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EncryptCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, SignCommand,
} from "@aws-sdk/client-kms";
import { ACCOUNT, bytes, DAY, errorOf, NOW, REGION, startKms, text, type KmsServer } from "./helpers.js";

let s: KmsServer;
beforeAll(async () => {
  s = await startKms();
});
afterAll(() => s.close());

async function external(input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}): Promise<string> {
  return (await s.client.send(new CreateKeyCommand({ Origin: "EXTERNAL", ...input }))).KeyMetadata?.KeyId ?? "";
}

/** RSAES_OAEP_SHA_256 wrapping of raw material, as `openssl pkeyutl -encrypt -pkeyopt rsa_oaep_md:sha256` does. */
async function wrapOaep(keyId: string, material: Buffer): Promise<{ token: Uint8Array | undefined; wrapped: Buffer }> {
  const params = await s.client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" }));
  const publicKey = createPublicKey({ key: Buffer.from(params.PublicKey ?? []), format: "der", type: "spki" });
  return { token: params.ImportToken, wrapped: publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, material) };
}

describe("GetParametersForImport / ImportKeyMaterial", () => {
  it("imports symmetric material: the key is Enabled, encrypts, and takes back only the same material", async () => {
    const id = await external();
    const params = await s.client.send(new GetParametersForImportCommand({ KeyId: id, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" }));
    expect(params.KeyId).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`);
    expect(params.ParametersValidTo).toEqual(new Date(NOW + DAY));
    const material = randomBytes(32);
    const first = await wrapOaep(id, material);
    expect(await errorOf(s.client.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: first.token, EncryptedKeyMaterial: first.wrapped })))).toEqual({
      code: "ValidationException", status: 400, message: "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
    });
    await s.client.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: first.token, EncryptedKeyMaterial: first.wrapped, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }));
    expect((await s.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({ KeyState: "Enabled", Enabled: true, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" });
    const blob = (await s.client.send(new EncryptCommand({ KeyId: id, Plaintext: bytes("imported") }))).CiphertextBlob;

    await s.client.send(new DeleteImportedKeyMaterialCommand({ KeyId: id }));
    expect((await s.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({ KeyState: "PendingImport", Enabled: false });
    expect(await errorOf(s.client.send(new DecryptCommand({ CiphertextBlob: blob })))).toMatchObject({ code: "KMSInvalidStateException" });

    const other = await wrapOaep(id, randomBytes(32));
    expect(await errorOf(s.client.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: other.token, EncryptedKeyMaterial: other.wrapped, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" })))).toMatchObject({
      code: "IncorrectKeyMaterialException", status: 400,
    });
    const same = await wrapOaep(id, material);
    await s.client.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: same.token, EncryptedKeyMaterial: same.wrapped, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }));
    expect(text((await s.client.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext)).toBe("imported");
    expect(await errorOf(s.client.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: same.token, EncryptedKeyMaterial: same.wrapped, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" })))).toMatchObject({
      code: "InvalidImportTokenException",
    });
  });

  it("imports an ECC private key wrapped with RSA_AES_KEY_WRAP_SHA_256; its signatures verify with the original public key", async () => {
    const id = await external({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const params = await s.client.send(new GetParametersForImportCommand({ KeyId: id, WrappingAlgorithm: "RSA_AES_KEY_WRAP_SHA_256", WrappingKeySpec: "RSA_3072" }));
    const wrappingKey = createPublicKey({ key: Buffer.from(params.PublicKey ?? []), format: "der", type: "spki" });
    const aesKey = randomBytes(32);
    const cipher = createCipheriv("id-aes256-wrap-pad", aesKey, Buffer.from("a65959a6", "hex"));
    const wrappedKey = Buffer.concat([cipher.update(pair.privateKey.export({ format: "der", type: "pkcs8" })), cipher.final()]);
    const wrapped = Buffer.concat([publicEncrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, aesKey), wrappedKey]);
    await s.client.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }));
    const signature = (await s.client.send(new SignCommand({ KeyId: id, Message: bytes("signed"), SigningAlgorithm: "ECDSA_SHA_256" }))).Signature ?? new Uint8Array();
    expect(verify("sha256", Buffer.from("signed"), pair.publicKey, signature)).toBe(true);
  });

  it("deletes expiring material at ValidTo, and refuses keys that are not EXTERNAL (test_get_parameters_for_import)", async () => {
    const local = await startKms();
    try {
      const id = (await local.client.send(new CreateKeyCommand({ Origin: "EXTERNAL" }))).KeyMetadata?.KeyId ?? "";
      const params = await local.client.send(new GetParametersForImportCommand({ KeyId: id, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048" }));
      const wrapped = publicEncrypt({ key: createPublicKey({ key: Buffer.from(params.PublicKey ?? []), format: "der", type: "spki" }), oaepHash: "sha1" }, randomBytes(32));
      await local.client.send(new ImportKeyMaterialCommand({ KeyId: id, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ValidTo: new Date(NOW + 10 * DAY) }));
      expect((await local.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({ KeyState: "Enabled", ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: new Date(NOW + 10 * DAY) });
      await local.clock.advance(10 * DAY);
      expect((await local.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({ KeyState: "PendingImport", Enabled: false });
      const aws = (await local.client.send(new CreateKeyCommand({}))).KeyMetadata?.Arn ?? "";
      expect(await errorOf(local.client.send(new GetParametersForImportCommand({ KeyId: aws, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048" })))).toEqual({
        code: "UnsupportedOperationException", status: 400, message: `${aws} origin is AWS_KMS which is not valid for this operation.`,
      });
    } finally {
      await local.close();
    }
  });
});
