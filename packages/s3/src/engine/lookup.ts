import { keyTooLong, noSuchKey } from "../errors.js";
import { MAX_KEY_BYTES } from "../limits.js";
import type { Bucket, S3Object } from "./state.js";

export function findObject(bucket: Bucket, key: string): S3Object {
  const object = bucket.objects.get(key);
  if (!object) throw noSuchKey(key);
  return object;
}

export function checkKey(key: string): void {
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_KEY_BYTES) throw keyTooLong(bytes);
}
