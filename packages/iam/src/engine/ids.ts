import { randomBytes } from "node:crypto";
import { UNIQUE_ID_SUFFIX_LENGTH } from "../limits.js";

/** IAM's unique-id prefixes (IAM User Guide, "IAM identifiers": unique identifiers). */
export const ID_PREFIX = {
  role: "AROA",
  user: "AIDA",
  group: "AGPA",
  policy: "ANPA",
  instanceProfile: "AIPA",
  accessKey: "AKIA",
} as const;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += BASE32[byte % 32];
  return out;
}

/** A unique id as IAM forms them: the kind's prefix and 17 upper-case base32 characters (AROAJ52OTH4H7LEXAMPLE). */
export function uniqueId(kind: keyof typeof ID_PREFIX): string {
  return ID_PREFIX[kind] + base32(UNIQUE_ID_SUFFIX_LENGTH);
}

/** An access key id: AKIA and 16 characters (20 in all). */
export function accessKeyId(): string {
  return ID_PREFIX.accessKey + base32(16);
}

/** A secret access key: 40 characters of base64's alphabet. */
export function secretAccessKey(): string {
  return randomBytes(30).toString("base64");
}

export function randomUuid(): string {
  return crypto.randomUUID();
}
