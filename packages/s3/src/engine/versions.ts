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

export function newVersionId(): string {
  // 21 random bytes: 28 characters, then the 4 of the check.
  const body = urlSafe(randomBytes(21).toString("base64"));
  return body + checkOf(body);
}

/** Whether S3 could have issued this id ("HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD" is well formed, yet refused). */
function isIssued(versionId: string): boolean {
  const body = versionId.slice(0, -CHECK_LENGTH);
  return checkOf(body) === versionId.slice(-CHECK_LENGTH);
}

export function isNullVersion(object: S3Object): boolean {
  return object.versionId === undefined || object.versionId === NULL_VERSION;
}

/** The version id a bucket gives a new object or marker: a new one, "null" (suspended) or none (never versioned). */
export function versionIdFor(bucket: Bucket): string | undefined {
  const status = bucket.config.versioning;
  return status === "Enabled" ? newVersionId() : status === "Suspended" ? NULL_VERSION : undefined;
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
