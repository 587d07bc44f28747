import { createHash, randomInt } from "node:crypto";

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A 10-character lower-case id (API Gateway's resource, deployment, route and integration ids), the same for the same text. */
export function stableId(text: string, length = 10): string {
  const digest = createHash("sha256").update(text).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += ID_ALPHABET[digest[i] % ID_ALPHABET.length];
  return out;
}

/** Opaque paging token ↔ the next entry's index. */
export function pageStart(token: string | undefined): number {
  if (!token) return 0;
  const n = Number.parseInt(Buffer.from(token, "base64url").toString("utf8"), 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

export function pageToken(index: number): string {
  return Buffer.from(String(index)).toString("base64url");
}

/** A random id of API Gateway's alphabet (lower-case letters and digits). */
export function randomId(length: number, alphabet = ID_ALPHABET): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
