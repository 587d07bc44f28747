import { createHash, randomBytes } from "node:crypto";

/** Upper-case letters and digits, as IAM unique ids and access key ids use them. */
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function idChars(bytes: Buffer, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ID_ALPHABET[bytes[i % bytes.length] % ID_ALPHABET.length];
  return out;
}

/** A temporary access key id: "ASIA" + 16 characters (IAM User Guide, unique id prefixes). */
export function temporaryAccessKeyId(): string {
  return `ASIA${idChars(randomBytes(16), 16)}`;
}

/** A 40-character secret access key. */
export function secretAccessKey(): string {
  return randomBytes(30).toString("base64");
}

/** An opaque session token (AWS's are a few hundred base64 characters). */
export function sessionToken(): string {
  return randomBytes(264).toString("base64");
}

/** A role's unique id, "AROA" + 17 characters, the same for the same role ARN in every run. */
export function roleId(roleArn: string): string {
  return `AROA${idChars(createHash("sha256").update(roleArn).digest(), 17)}`;
}
