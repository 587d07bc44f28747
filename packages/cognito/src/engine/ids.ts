/** Identifiers shaped as AWS's: pool ids "us-east-1_AbCdEf123", 26-character client ids. */
import { createHash, generateKeyPair, randomBytes, randomInt, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { CLIENT_ID_LENGTH, CLIENT_SECRET_LENGTH, DEVICE_GROUP_KEY_LENGTH, POOL_ID_SUFFIX_LENGTH } from "../limits.js";
import type { SigningKey } from "./state.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function randomString(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet.charAt(randomInt(0, alphabet.length));
  return out;
}

/** A one-time code of six digits (confirmation, MFA and sign-in codes), printed in place of an email or SMS. */
export function sixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export function newPoolId(region: string): string {
  return `${region}_${randomString(ALNUM, POOL_ID_SUFFIX_LENGTH)}`;
}

export function newClientId(): string {
  return randomString(LOWER_ALNUM, CLIENT_ID_LENGTH);
}

export function newClientSecret(): string {
  return randomString(LOWER_ALNUM, CLIENT_SECRET_LENGTH);
}

/** A device key "<region>_<uuid>" (NewDeviceMetadata.DeviceKey; the model's pattern [\w-]+_[0-9a-f-]+). */
export function newDeviceKey(region: string): string {
  return `${region}_${randomUUID()}`;
}

export function newDeviceGroupKey(): string {
  return randomString(`${ALNUM}-_`, DEVICE_GROUP_KEY_LENGTH);
}

/** An opaque token or session (url-safe). */
export function opaque(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

const generate = promisify(generateKeyPair);

/** A fresh RS256 key; the kid is a base64 digest of the public key, as AWS's kids look. */
export async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generate("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as Record<string, string>;
  const kid = createHash("sha256").update(publicKey.export({ format: "der", type: "spki" })).digest("base64");
  return { kid, privateJwk: jwk };
}
