/** Importing key material into an EXTERNAL key: GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial. */
import { constants, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPair, privateDecrypt, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import * as errors from "../errors.js";
import { IMPORT_PARAMETERS_VALID_MS } from "../limits.js";
import { change, DAY_MS, findKey, put, remove, state, type KmsContext } from "./context.js";
import { seconds } from "./page.js";
import { KEY_SPECS } from "./specs.js";
import type { StoredKey } from "./types.js";

const generatePair = promisify(generateKeyPair);

function external(key: StoredKey): StoredKey {
  // test_get_parameters_for_import (recorded on AWS).
  if (key.Origin !== "EXTERNAL") throw errors.wrongOrigin(key.Arn, key.Origin);
  if (key.KeyState === "PendingDeletion") throw errors.pendingDeletion(key.Arn);
  return key;
}

export async function getParametersForImport(ctx: KmsContext, input: { KeyId: string; WrappingAlgorithm: string; WrappingKeySpec: string }) {
  const key = external(await findKey(ctx, input.KeyId));
  const bits = KEY_SPECS[input.WrappingKeySpec]?.rsaBits;
  if (bits === undefined || input.WrappingAlgorithm === "SM2PKE") throw errors.notEmulated(`GetParametersForImport with ${input.WrappingKeySpec} / ${input.WrappingAlgorithm}`);
  const { privateKey } = await generatePair("rsa", { modulusLength: bits, publicExponent: 0x10001 });
  const token = randomBytes(64).toString("base64");
  const validTo = ctx.clock.now() + IMPORT_PARAMETERS_VALID_MS;
  await change(ctx, put("imports", token, {
    ImportToken: token, KeyId: key.KeyId, WrappingAlgorithm: input.WrappingAlgorithm, privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"), ParametersValidTo: validTo,
  }));
  return {
    KeyId: key.Arn, ImportToken: token,
    PublicKey: createPublicKey(privateKey).export({ format: "der", type: "spki" }).toString("base64"), ParametersValidTo: seconds(validTo),
  };
}

/** The key material out of its wrapping: RSAES (PKCS#1 v1.5 or OAEP), or RSA-wrapped AES key wrap with padding (RFC 5649). */
function unwrap(algorithm: string, privateKeyDer: string, wrapped: Buffer): Buffer | undefined {
  const key = createPrivateKey({ key: Buffer.from(privateKeyDer, "base64"), format: "der", type: "pkcs8" });
  const oaepHash = algorithm.endsWith("SHA_1") ? "sha1" : "sha256";
  try {
    if (algorithm === "RSAES_PKCS1_V1_5") return privateDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, wrapped);
    if (algorithm.startsWith("RSAES_OAEP")) return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, wrapped);
    const k = (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
    const aesKey = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, wrapped.subarray(0, k));
    const decipher = createDecipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, Buffer.from("a65959a6", "hex"));
    return Buffer.concat([decipher.update(wrapped.subarray(k)), decipher.final()]);
  } catch {
    // Not wrapped with these parameters: AWS's InvalidCiphertextException.
    return undefined;
  }
}

/** The material as the key keeps it, or undefined when it does not fit the key spec. */
function material(key: StoredKey, raw: Buffer): string | undefined {
  const info = KEY_SPECS[key.KeySpec];
  if (key.KeySpec === "SYMMETRIC_DEFAULT") return raw.length === 32 ? raw.toString("base64") : undefined;
  if (info?.hmacBytes !== undefined) return raw.length === info.hmacBytes ? raw.toString("base64") : undefined;
  try {
    const parsed = createPrivateKey({ key: raw, format: "der", type: "pkcs8" });
    const details = parsed.asymmetricKeyDetails;
    const fits = info?.rsaBits !== undefined ? details?.modulusLength === info.rsaBits : details?.namedCurve === info?.curve;
    return fits ? raw.toString("base64") : undefined;
  } catch {
    // Not a PKCS#8 private key.
    return undefined;
  }
}

export async function importKeyMaterial(ctx: KmsContext, input: { KeyId: string; ImportToken: string; EncryptedKeyMaterial: string; ValidTo?: number | string; ExpirationModel?: string }) {
  const key = external(await findKey(ctx, input.KeyId));
  const pending = state(ctx).imports[input.ImportToken];
  if (!pending || pending.KeyId !== key.KeyId) throw errors.invalidImportToken();
  if (pending.ParametersValidTo <= ctx.clock.now()) throw errors.expiredImportToken();
  const model = input.ExpirationModel ?? "KEY_MATERIAL_EXPIRES";
  // test_import_key_symmetric (recorded on AWS).
  if (model === "KEY_MATERIAL_EXPIRES" && input.ValidTo === undefined) throw errors.validToRequired();
  const validTo = input.ValidTo === undefined ? undefined : typeof input.ValidTo === "number" ? input.ValidTo * 1000 : Date.parse(input.ValidTo);
  if (validTo !== undefined && (Number.isNaN(validTo) || validTo <= ctx.clock.now() || validTo > ctx.clock.now() + 365 * DAY_MS)) throw errors.validToRange();
  const raw = unwrap(pending.WrappingAlgorithm, pending.privateKey, Buffer.from(input.EncryptedKeyMaterial, "base64"));
  if (!raw) throw errors.invalidCiphertext();
  const kept = material(key, raw);
  if (kept === undefined) throw errors.incorrectKeyMaterial();
  const digest = createHash("sha256").update(raw).digest("hex");
  // A key takes back only the material it had (API reference ImportKeyMaterial: "you must reimport the same key material").
  if (key.importedDigest !== undefined && key.importedDigest !== digest) throw errors.incorrectKeyMaterial();
  const next = structuredClone(key);
  next.material = [kept];
  next.importedDigest = digest;
  next.ExpirationModel = model;
  if (validTo !== undefined) next.ValidTo = validTo;
  else delete next.ValidTo;
  if (next.KeyState === "PendingImport") next.KeyState = "Enabled";
  await change(ctx, put("keys", key.KeyId, next), remove("imports", pending.ImportToken));
  return { KeyId: key.Arn };
}

export async function deleteImportedKeyMaterial(ctx: KmsContext, input: { KeyId: string }): Promise<Record<string, never>> {
  const key = external(await findKey(ctx, input.KeyId));
  const next = structuredClone(key);
  next.material = [];
  next.KeyState = "PendingImport";
  delete next.ValidTo;
  delete next.ExpirationModel;
  await change(ctx, put("keys", key.KeyId, next));
  return {};
}
