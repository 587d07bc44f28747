/**
 * Object versions. A key's versions form a stack, newest first: `bucket.objects` holds the
 * newest when it is an object (what GET and the listings see), `bucket.older` every other
 * version and delete marker. A version without a versionId, or with "null", is the null
 * version: a bucket never versioned has only that one, and a suspended bucket's writes
 * replace it (S3 User Guide, "Working with objects in a versioning-suspended bucket").
 */
import { createHash, randomBytes } from "node:crypto";
import { invalidVersionId, noSuchVersion } from "../errors.js";
import type { Bucket, S3Object } from "./state.js";

export const NULL_VERSION = "null";

/** Version ids as S3 writes them: 32 URL-safe characters. */
const VERSION_ID = /^[A-Za-z0-9._]{32}$/;
/** The sandbox's ids end in a check of the rest: S3 refuses an id it could not have issued (AWS-recorded). */
const CHECK_LENGTH = 4;

function urlSafe(base64: string): string {
  return base64.replace(/\+/g, ".").replace(/\//g, "_");
}

function checkOf(body: string): string {
  return urlSafe(createHash("sha256").update(body).digest("base64")).slice(0, CHECK_LENGTH);
}

/**
 * Ids name the order they were issued in: their first ORDER_BYTES hold the clock's ms × ORDER_PER_MS plus a count,
 * so a ListObjectVersions marker whose version was deleted still has its place among the others (AWS-recorded:
 * LocalStack test_list_objects_versions_with_prefix_only_and_pagination "page-2-after-delete").
 */
const ORDER_BYTES = 8;
const ORDER_PER_MS = 4096;
let lastOrder = 0;

export function newVersionId(now: number): string {
  lastOrder = Math.max(lastOrder + 1, now * ORDER_PER_MS);
  const bytes = Buffer.alloc(21);
  bytes.writeBigUInt64BE(BigInt(lastOrder), 0);
  randomBytes(21 - ORDER_BYTES).copy(bytes, ORDER_BYTES);
  // 21 bytes: 28 characters, then the 4 of the check.
  const body = urlSafe(bytes.toString("base64"));
  return body + checkOf(body);
}

/** Whether an id has the form S3's ids have (32 URL-safe characters). */
export function isWellFormed(versionId: string): boolean {
  return VERSION_ID.test(versionId);
}

/** Where an id the sandbox issued stands in issue order (undefined for "null" and ids it could not have issued). */
export function orderOf(versionId: string): number | undefined {
  if (!VERSION_ID.test(versionId) || !isIssued(versionId)) return undefined;
  const bytes = Buffer.from(versionId.slice(0, -CHECK_LENGTH).replace(/\./g, "+").replace(/_/g, "/"), "base64");
  return Number(bytes.readBigUInt64BE(0));
}

/** Whether S3 could have issued this id ("HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" is well formed, yet refused). */
export function isIssued(versionId: string): boolean {
  const body = versionId.slice(0, -CHECK_LENGTH);
  return checkOf(body) === versionId.slice(-CHECK_LENGTH);
}

/**
 * The x-amz-version-id a read or setting of `object` answers: a bucket that is or was versioned names its null
 * version "null", a bucket never versioned names none (the SDK's GetObject / HeadObject / GetObjectTagging examples,
 * their VersionId "null" beside a newer version; scality/cloudserver's versioning tests objectHead.js and
 * objectGetTagging.js, written against S3).
 */
export function answeredVersionId(bucket: Bucket, object: S3Object): string | undefined {
  return object.versionId ?? (bucket.config.versioning === undefined ? undefined : NULL_VERSION);
}

export function isNullVersion(object: S3Object): boolean {
  return object.versionId === undefined || object.versionId === NULL_VERSION;
}

/** The version id a bucket gives a new object or marker: a new one, "null" (suspended) or none (never versioned). */
export function versionIdFor(bucket: Bucket, now: number): string | undefined {
  const status = bucket.config.versioning;
  return status === "Enabled" ? newVersionId(now) : status === "Suspended" ? NULL_VERSION : undefined;
}

export function stackOf(bucket: Bucket, key: string): S3Object[] {
  const current = bucket.objects.get(key);
  const older = bucket.older.get(key) ?? [];
  return current ? [current, ...older] : [...older];
}

function setStack(bucket: Bucket, key: string, stack: S3Object[]): void {
  const [top, ...rest] = stack;
  const visible = top !== undefined && !top.deleteMarker;
  if (visible !== bucket.objects.has(key)) bucket.sortedKeys = undefined;
  if (visible) bucket.objects.set(key, top);
  else bucket.objects.delete(key);
  const older = visible ? rest : stack;
  if (older.length > 0) bucket.older.set(key, older);
  else bucket.older.delete(key);
}

/** The null version a new null version replaces (its body goes once the change is durable). */
export function replacedBy(bucket: Bucket, object: S3Object): S3Object | undefined {
  return isNullVersion(object) ? stackOf(bucket, object.key).find(isNullVersion) : undefined;
}

/** Puts a version (or delete marker) on top of its key's stack. */
export function pushVersion(bucket: Bucket, object: S3Object): void {
  const stack = stackOf(bucket, object.key).filter((v) => !(isNullVersion(object) && isNullVersion(v)));
  setStack(bucket, object.key, [object, ...stack]);
}

export function removeVersion(bucket: Bucket, key: string, versionId: string): void {
  setStack(bucket, key, stackOf(bucket, key).filter((v) => !sameVersion(v, versionId)));
}

export function removeKey(bucket: Bucket, key: string): void {
  setStack(bucket, key, []);
}

function sameVersion(object: S3Object, versionId: string): boolean {
  return versionId === NULL_VERSION ? isNullVersion(object) : object.versionId === versionId;
}

/** InvalidArgument for a version id S3 could not have written. */
export function checkVersionId(versionId: string): void {
  if (versionId !== NULL_VERSION && !VERSION_ID.test(versionId)) throw invalidVersionId(versionId);
}

/**
 * A version when there is one (undefined: no such version). InvalidArgument for an id S3
 * could not have issued; one the sandbox holds is always taken (older state kept other ids).
 */
export function versionOf(bucket: Bucket, key: string, versionId: string): S3Object | undefined {
  checkVersionId(versionId);
  const version = stackOf(bucket, key).find((v) => sameVersion(v, versionId));
  if (!version && versionId !== NULL_VERSION && !isIssued(versionId)) throw invalidVersionId(versionId);
  return version;
}

export function findVersion(bucket: Bucket, key: string, versionId: string): S3Object {
  const version = versionOf(bucket, key, versionId);
  if (!version) throw noSuchVersion(key, versionId);
  return version;
}

/** The newest version of a key, object or delete marker. */
export function latestOf(bucket: Bucket, key: string): S3Object | undefined {
  return bucket.objects.get(key) ?? bucket.older.get(key)?.[0];
}

/** Whether a bucket holds any version or marker. */
export function hasVersions(bucket: Bucket): boolean {
  return bucket.objects.size > 0 || bucket.older.size > 0;
}
