/**
 * Archived objects (S3 Glacier Flexible Retrieval, S3 Glacier Deep Archive): their bodies are read only
 * through a restored copy that RestoreObject makes. The copy is ready after the tier's retrieval time
 * and lives `Days` days from then, rounded up to the next midnight UTC ("Restoring an archived object").
 * The state is two times on the object, read against the clock: nothing runs when a restore completes.
 */
import { archivedObjectState, restoreAlreadyInProgress, restoreNotAllowed } from "../errors.js";
import { RESTORE_DURATION_MS } from "../limits.js";
import { change, type S3Context } from "./context.js";
import { objectAt, type ObjectRef } from "./objectSettings.js";
import type { S3Object } from "./state.js";
import { httpDateOf } from "./time.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The storage classes whose objects need a restore before a read (S3 Glacier Instant Retrieval is read as any other). */
export function isArchived(storageClass: string): boolean {
  return storageClass === "GLACIER" || storageClass === "DEEP_ARCHIVE";
}

/** GetObject and copies: an archived object reads only while a restored copy is live. */
export function checkReadable(object: S3Object, now: number): void {
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
  Days: number;
  /** GlacierJobParameters' Tier (Standard when absent, as S3 defaults). */
  Tier?: string;
}

/** "accepted" (202): a restore began; "restored" (200): the live copy's expiry was moved to Days from now. */
export async function restoreObject(ctx: S3Context, input: RestoreObjectInput): Promise<{ status: "accepted" | "restored" }> {
  const object = objectAt(ctx, input, "POST");
  if (!isArchived(object.storageClass)) throw restoreNotAllowed();
  const now = ctx.clock.now();
  const current = object.restore !== undefined && now < object.restore.expires ? object.restore : undefined;
  if (current !== undefined && now < current.completes) throw restoreAlreadyInProgress();
  const tiers = RESTORE_DURATION_MS[object.storageClass] ?? {};
  const completes = current === undefined ? now + (tiers[input.Tier ?? "Standard"] ?? tiers.Standard ?? 0) : current.completes;
  const restore = { completes, expires: expiryAfter(current === undefined ? completes : now, input.Days) };
  await change(ctx, { t: "patchObject", bucket: input.Bucket, key: input.Key, ...(object.versionId === undefined ? {} : { versionId: object.versionId }), settings: { restore } });
  return { status: current === undefined ? "accepted" : "restored" };
}
