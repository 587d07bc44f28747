/**
 * RFC 6238 TOTP as authenticator apps compute it for Cognito's software tokens: HMAC-SHA1 over
 * the 30-second step counter, 6 digits (RFC 4226 dynamic truncation), the secret in base32.
 */
import { createHmac, randomBytes } from "node:crypto";
import { SOFTWARE_TOKEN_SECRET_BYTES, TOTP_DIGITS, TOTP_STEP_SECONDS, TOTP_WINDOW_STEPS } from "../../limits.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding (what AssociateSoftwareToken's SecretCode holds). */
export function base32Encode(bytes: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32.charAt((value << (5 - bits)) & 31);
  return out;
}

export function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.toUpperCase().replace(/=+$/, "")) {
    const index = BASE32.indexOf(char);
    if (index < 0) continue;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new software-token secret (32 random bytes: 52 base32 characters, as AWS's SecretCode). */
export function newSoftwareTokenSecret(): string {
  return base32Encode(randomBytes(SOFTWARE_TOKEN_SECRET_BYTES));
}

/** The step counter of a time in milliseconds. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

/** The code of one step. */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, "0");
}

/** The step `code` belongs to, within ±1 step of now (clock drift), or undefined. */
export function matchingStep(secret: string, code: string, nowMs: number): number | undefined {
  const now = totpStep(nowMs);
  for (let step = now - TOTP_WINDOW_STEPS; step <= now + TOTP_WINDOW_STEPS; step++) {
    if (totpCode(secret, step) === code) return step;
  }
  return undefined;
}
