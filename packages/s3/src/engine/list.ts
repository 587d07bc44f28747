/**
 * ListObjectsV2 and ListObjects (v1): keys in UTF-8 binary order, keys sharing a prefix up to
 * the delimiter rolled up into one CommonPrefix, pages of MaxKeys entries (a CommonPrefix
 * counts as one), continued after the last key or prefix returned.
 */
import { incorrectContinuationToken, invalidArgument } from "../errors.js";
import { MAX_KEYS } from "../limits.js";
import { findBucket, type S3Context } from "./context.js";
import type { Bucket, S3Object } from "./state.js";

export interface ListPage {
  contents: S3Object[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix on the page (where the next page starts after). */
  last?: string;
}

/** Keys in S3's order: by their UTF-8 bytes. */
function sortedKeys(bucket: Bucket): string[] {
  bucket.sortedKeys ??= [...bucket.objects.keys()].sort(compareUtf8);
  return bucket.sortedKeys;
}

export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** First index whose key sorts after `marker` (`after`) or at or after it (binary search). */
function search(keys: string[], marker: string, after: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareUtf8(keys[mid], marker);
    if (after ? c <= 0 : c < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function listPage(bucket: Bucket, options: { prefix: string; delimiter?: string; after?: string; maxKeys: number }): ListPage {
  const keys = sortedKeys(bucket);
  const { prefix, delimiter, maxKeys } = options;
  const page: ListPage = { contents: [], commonPrefixes: [], isTruncated: false };
  let i = Math.max(search(keys, prefix, false), options.after === undefined ? 0 : search(keys, options.after, true));
  let count = 0;
  for (; i < keys.length; i++) {
    const key = keys[i];
    // Keys with the prefix are contiguous: the first one without it ends the listing.
    if (!key.startsWith(prefix)) break;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const entry = cut >= 0 ? key.slice(0, cut + (delimiter ?? "").length) : key;
    // A common prefix already on this page, or one the marker is in (continued from the previous page, or a
    // marker naming a key inside it): S3 lists a common prefix once, before every key in it (AWS-recorded).
    if (cut >= 0 && (entry === page.last || options.after?.startsWith(entry))) continue;
    if (count === maxKeys) {
      page.isTruncated = maxKeys > 0;
      break;
    }
    const object = cut >= 0 ? undefined : bucket.objects.get(key);
    if (object) page.contents.push(object);
    else page.commonPrefixes.push(entry);
    page.last = entry;
    count++;
  }
  return page;
}

export function maxKeysOf(value: number | undefined): number {
  if (value === undefined) return MAX_KEYS;
  if (!Number.isInteger(value) || value < 0) throw invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", String(value));
  return Math.min(value, MAX_KEYS);
}

export interface ListObjectsV2Input {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  ContinuationToken?: string;
  StartAfter?: string;
}

export interface ListObjectsV2Output extends ListPage {
  maxKeys: number;
  nextContinuationToken?: string;
}

export function listObjectsV2(ctx: S3Context, input: ListObjectsV2Input): ListObjectsV2Output {
  const bucket = findBucket(ctx, input.Bucket);
  const maxKeys = maxKeysOf(input.MaxKeys);
  let after = input.StartAfter === "" ? undefined : input.StartAfter;
  if (input.ContinuationToken !== undefined) after = decodeToken(input.ContinuationToken);
  const page = listPage(bucket, { prefix: input.Prefix ?? "", delimiter: input.Delimiter || undefined, after, maxKeys });
  return {
    ...page,
    maxKeys,
    ...(page.isTruncated && page.last !== undefined ? { nextContinuationToken: Buffer.from(page.last).toString("base64") } : {}),
  };
}

/** An empty or foreign token: InvalidArgument naming the argument, without its value (AWS-recorded). */
function decodeToken(token: string): string {
  const key = Buffer.from(token, "base64").toString("utf8");
  if (token === "" || Buffer.from(key).toString("base64") !== token) throw incorrectContinuationToken();
  return key;
}

export interface ListObjectsInput {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  Marker?: string;
}

export interface ListObjectsOutput extends ListPage {
  maxKeys: number;
  /** Given only with a Delimiter (without one, the last key is the next marker). */
  nextMarker?: string;
}

export function listObjects(ctx: S3Context, input: ListObjectsInput): ListObjectsOutput {
  const bucket = findBucket(ctx, input.Bucket);
  const maxKeys = maxKeysOf(input.MaxKeys);
  const delimiter = input.Delimiter || undefined;
  const page = listPage(bucket, { prefix: input.Prefix ?? "", delimiter, after: input.Marker || undefined, maxKeys });
  return { ...page, maxKeys, ...(page.isTruncated && delimiter && page.last !== undefined ? { nextMarker: page.last } : {}) };
}
