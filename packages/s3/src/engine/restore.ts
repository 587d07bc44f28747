/**
 * Archived objects (S3 Glacier Flexible Retrieval, S3 Glacier Deep Archive): their bodies are read only
 * through a restored copy that RestoreObject makes. The copy is ready after the tier's retrieval time
 * and lives `Days` days from then, rounded up to the next midnight UTC ("Restoring an archived object").
 * The state is two times on the object, read against the clock; restoreEvents.ts only sends the events of those times.
 * Intelligent-Tiering archive tiers (intelligentTiering.ts) restore the object itself, with no copy and no Days.
 */
import { archivedAccessTier, archivedObjectState, intelligentTieringRestoreDays, malformedXml, restoreAlreadyInProgress, restoreNotAllowed } from "../errors.js";
import { RESTORE_DURATION_MS } from "../limits.js";
import { change, findBucket, type S3Context } from "./context.js";
import { archiveTierOf } from "./intelligentTiering.js";
import { objectAt, type ObjectRef } from "./objectSettings.js";
import type { Bucket, Restore, S3Object } from "./state.js";
import { httpDateOf } from "./time.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The storage classes whose objects need a restore before a read (S3 Glacier Instant Retrieval is read as any other). */
export function isArchived(storageClass: string): boolean {
  return storageClass === "GLACIER" || storageClass === "DEEP_ARCHIVE";
}

/** GetObject and copies: an archived object reads only while a restored copy is live; an Intelligent-Tiering one only outside the archive tiers. */
export function checkReadable(object: S3Object, now: number, bucket: Bucket | undefined): void {
  if (object.storageClass === "INTELLIGENT_TIERING") {
    const tier = archiveTierOf(bucket, object, now);
    if (tier !== undefined) throw archivedAccessTier(tier);
    return;
  }
  if (!isArchived(object.storageClass)) return;
  const restore = object.restore;
  if (restore === undefined || now < restore.completes || now >= restore.expires) throw archivedObjectState(object.storageClass);
}

/** A restore in progress, or a live restored copy and when it expires; undefined for neither. */
export interface RestoreState {
  ongoing: boolean;
  expires: number;
}

export function restoreStateOf(object: S3Object, now: number): RestoreState | undefined {
  const restore = object.restore;
  if (restore === undefined || now >= restore.expires) return undefined;
  return { ongoing: now < restore.completes, expires: restore.expires };
}

/** x-amz-restore as HeadObject and GetObject answer it. */
export function restoreHeaderValue(state: RestoreState): string {
  return state.ongoing ? 'ongoing-request="true"' : `ongoing-request="false", expiry-date="${httpDateOf(state.expires)}"`;
}

/** The first midnight UTC at least `days` days after `from`. */
function expiryAfter(from: number, days: number): number {
  return Math.ceil((from + days * DAY_MS) / DAY_MS) * DAY_MS;
}

export interface RestoreObjectInput extends ObjectRef {
  /** Required for GLACIER and DEEP_ARCHIVE, refused for INTELLIGENT_TIERING (whose restore has no expiry). */
  Days?: number;
  /** GlacierJobParameters' Tier (Standard when absent, as S3 defaults). */
  Tier?: string;
}

/** "accepted" (202): a restore began; "restored" (200): the live copy's expiry was moved to Days from now. */
export async function restoreObject(ctx: S3Context, input: RestoreObjectInput): Promise<{ status: "accepted" | "restored" }> {
  const object = objectAt(ctx, input, "POST");
  if (object.storageClass === "INTELLIGENT_TIERING") return restoreAccessTier(ctx, input, object);
  if (!isArchived(object.storageClass)) throw restoreNotAllowed();
  // A RestoreRequest without Days is S3's schema error for these classes (aws-sdk-ruby#2380, observed on S3).
  if (input.Days === undefined) throw malformedXml();
  const now = ctx.clock.now();
  const current = object.restore !== undefined && now < object.restore.expires ? object.restore : undefined;
  if (current !== undefined && now < current.completes) throw restoreAlreadyInProgress();
  const tiers = RESTORE_DURATION_MS[object.storageClass] ?? {};
  const completes = current === undefined ? now + (tiers[input.Tier ?? "Standard"] ?? tiers.Standard ?? 0) : current.completes;
  const restore = { completes, expires: expiryAfter(current === undefined ? completes : now, input.Days) };
  await saveRestore(ctx, input.Bucket, object, restore, current === undefined);
  return { status: current === undefined ? "accepted" : "restored" };
}

/**
 * An Intelligent-Tiering object in an archive tier goes back to the Frequent Access tier after the tier's retrieval
 * time (Archive Access as S3 Glacier Flexible Retrieval, Deep Archive Access as S3 Glacier Deep Archive: "Restoring
 * an archived object"); there is no copy, so no Days and nothing expires.
 */
async function restoreAccessTier(ctx: S3Context, input: RestoreObjectInput, object: S3Object): Promise<{ status: "accepted" }> {
  if (input.Days !== undefined) throw intelligentTieringRestoreDays();
  const now = ctx.clock.now();
  if (object.restore?.accessTier !== undefined && now < object.restore.completes) throw restoreAlreadyInProgress();
  const tier = archiveTierOf(findBucket(ctx, input.Bucket), object, now);
  if (tier === undefined) throw restoreNotAllowed();
  const tiers = RESTORE_DURATION_MS[tier === "ARCHIVE_ACCESS" ? "GLACIER" : "DEEP_ARCHIVE"] ?? {};
  const completes = now + (tiers[input.Tier ?? "Standard"] ?? tiers.Standard ?? 0);
  await saveRestore(ctx, input.Bucket, object, { completes, expires: completes, accessTier: tier }, true);
  return { status: "accepted" };
}

/** Makes the restore durable, has its later events sent, and sends s3:ObjectRestore:Post for a restore initiated (not an expiry moved). */
async function saveRestore(ctx: S3Context, bucketName: string, object: S3Object, restore: Restore, initiated: boolean): Promise<void> {
  await change(ctx, { t: "patchObject", bucket: bucketName, key: object.key, ...(object.versionId === undefined ? {} : { versionId: object.versionId }), settings: { restore } });
  ctx.restoreEvents?.watch(bucketName, object, restore);
  const bucket = ctx.durable.state.buckets.get(bucketName);
  if (initiated && bucket) ctx.notifier.objectRestored(bucket, "ObjectRestore:Post", object);
}
