import { randomFillSync, randomUUID } from "node:crypto";

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
