/**
 * ListObjectVersions: every version and delete marker, keys in UTF-8 binary order and each
 * key's versions newest first; keys sharing a prefix up to the delimiter rolled up into one
 * CommonPrefix. A page holds MaxKeys entries and continues at KeyMarker / VersionIdMarker.
 */
import { invalidArgument } from "../errors.js";
import { findBucket, type S3Context } from "./context.js";
import { compareUtf8, maxKeysOf } from "./list.js";
import type { Bucket, S3Object } from "./state.js";
import { isIssued, isWellFormed, NULL_VERSION, orderOf, stackOf } from "./versions.js";

/**
 * "Invalid version id specified" for a marker S3 could not have issued (versitygw#1811, observed on S3); one the
 * marker key holds is always taken (older state kept other ids).
 */
function checkMarker(bucket: Bucket, keyMarker: string, versionIdMarker: string): void {
  if (versionIdMarker === NULL_VERSION || (isWellFormed(versionIdMarker) && isIssued(versionIdMarker))) return;
  if (isWellFormed(versionIdMarker) && stackOf(bucket, keyMarker).some((v) => v.versionId === versionIdMarker)) return;
  throw invalidArgument("Invalid version id specified", "version-id-marker", versionIdMarker);
}

/**
 * The marker key's versions after the marker: those older than it, newest first. A marker since deleted keeps its
 * place by issue order (AWS-recorded: "page-2-after-delete" lists the versions older than the deleted marker).
 */
function afterMarker(stack: VersionEntry[], versionIdMarker: string): VersionEntry[] {
  const at = stack.findIndex((e) => versionIdOf(e.version) === versionIdMarker);
  if (at >= 0) return stack.slice(at + 1);
  const order = orderOf(versionIdMarker);
  if (order === undefined) return [];
  const older = stack.findIndex((e) => {
    const own = e.version.versionId === undefined ? undefined : orderOf(e.version.versionId);
    return own !== undefined && own < order;
  });
  return older < 0 ? [] : stack.slice(older);
}

export interface ListObjectVersionsInput {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  KeyMarker?: string;
  VersionIdMarker?: string;
}

export interface VersionEntry {
  version: S3Object;
  isLatest: boolean;
}

export interface ListObjectVersionsOutput {
  entries: VersionEntry[];
  commonPrefixes: string[];
  isTruncated: boolean;
  maxKeys: number;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

export const versionIdOf = (object: S3Object): string => object.versionId ?? NULL_VERSION;

export function listObjectVersions(ctx: S3Context, input: ListObjectVersionsInput): ListObjectVersionsOutput {
  const bucket = findBucket(ctx, input.Bucket);
  const maxKeys = maxKeysOf(input.MaxKeys);
  const prefix = input.Prefix ?? "";
  const delimiter = input.Delimiter || undefined;
  const keyMarker = input.KeyMarker || undefined;
  const versionIdMarker = input.VersionIdMarker || undefined;
  if (versionIdMarker !== undefined) {
    if (keyMarker === undefined) throw invalidArgument("A version-id marker cannot be specified without a key marker.", "version-id-marker", versionIdMarker);
    checkMarker(bucket, keyMarker, versionIdMarker);
  }
  const keys = [...new Set([...bucket.objects.keys(), ...bucket.older.keys()])]
    .filter((k) => k.startsWith(prefix) && (keyMarker === undefined || compareUtf8(k, keyMarker) >= 0))
    .sort(compareUtf8);
  const out: ListObjectVersionsOutput = { entries: [], commonPrefixes: [], isTruncated: false, maxKeys };
  let count = 0;
  let last: { key: string; versionId?: string } | undefined;
  const full = (): boolean => {
    if (count < maxKeys) return false;
    out.isTruncated = maxKeys > 0;
    return true;
  };
  for (const key of keys) {
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const common = key.slice(0, cut + (delimiter ?? "").length);
      // Listed once: not again on this page, nor after a key marker in it (AWS-recorded).
      if (common === last?.key || keyMarker?.startsWith(common)) continue;
      if (full()) break;
      out.commonPrefixes.push(common);
      last = { key: common };
      count++;
      continue;
    }
    let stack = stackOf(bucket, key).map((version, i) => ({ version, isLatest: i === 0 }));
    if (key === keyMarker) stack = versionIdMarker === undefined ? [] : afterMarker(stack, versionIdMarker);
    let stopped = false;
    for (const entry of stack) {
      if (full()) {
        stopped = true;
        break;
      }
      out.entries.push(entry);
      last = { key, versionId: versionIdOf(entry.version) };
      count++;
    }
    if (stopped) break;
  }
  if (out.isTruncated && last) {
    out.nextKeyMarker = last.key;
    if (last.versionId !== undefined) out.nextVersionIdMarker = last.versionId;
  }
  return out;
}
