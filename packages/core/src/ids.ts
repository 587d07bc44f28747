import { createHash, randomFillSync, randomUUID } from "node:crypto";

/** Account id used for every ARN the sandbox makes (as LocalStack and SAM CLI do). */
export const DEFAULT_ACCOUNT_ID = "000000000000";
export const DEFAULT_REGION = "us-east-1";

export function requestId(): string {
  return randomUUID();
}

export function uuid(): string {
  return randomUUID();
}

// Ids are made on every request (trace ids, segment ids, log streams): their random bytes
// come from a pool refilled 4 KB at a time rather than from one crypto call per id.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** `bytes` fresh random bytes, as a view of the pool (read it before the next call). */
function randomView(bytes: number): Buffer {
  if (bytes > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(bytes));
  if (poolOffset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const view = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return view;
}

export function hex(bytes: number): string {
  return randomView(bytes).toString("hex");
}

/** Random bytes in base64url (no padding). */
export function randomBase64Url(bytes: number): string {
  return randomView(bytes).toString("base64url");
}

export interface ArnParts {
  partition?: string;
  service: string;
  region?: string;
  account?: string;
  resource: string;
}

export function arn(parts: ArnParts): string {
  return `arn:${parts.partition ?? "aws"}:${parts.service}:${parts.region ?? ""}:${parts.account ?? ""}:${parts.resource}`;
}

export function parseArn(value: string): ArnParts | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] };
}

/** X-Ray trace id: 1-<8 hex epoch seconds>-<24 hex>. */
export function traceId(nowMs: number): string {
  return `1-${Math.floor(nowMs / 1000).toString(16).padStart(8, "0")}-${hex(12)}`;
}

/**
 * The id in an X-Ray group's ARN (arn:aws:xray:<region>:<account>:group/<name>/<id>): 52
 * upper-case base32 characters. X-Ray documents the ARN as "generated based on the
 * GroupName"; here it is a digest of account, region and name, so the X-Ray service and a
 * template's !Ref of an AWS::XRay::Group agree on it before the group exists.
 */
export function xrayGroupId(accountId: string, region: string, groupName: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const digest = createHash("sha256").update(`${accountId}:${region}:${groupName}`).digest();
  let bits = 0;
  let value = 0;
  let id = "";
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      id += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) id += alphabet[(value << (5 - bits)) & 31];
  return id;
}
