/**
 * Applies lifecycle rules on the sandbox clock. S3 runs its lifecycle once a day and acts
 * asynchronously; the sandbox looks every LIFECYCLE_SWEEP_INTERVAL_MS of clock time, so a
 * VirtualClock or `sandbox time advance 30d` expires objects at once. Each change is journaled
 * as the matching user action would be, and sends the LifecycleExpiration event S3 sends.
 */
import { PeriodicTask } from "@sam-sandbox/core";
import { LIFECYCLE_SWEEP_INTERVAL_MS } from "../../limits.js";
import { change, dropBlobs, type S3Context } from "../context.js";
import type { Bucket, S3Object } from "../state.js";
import { removeCurrent } from "../objects.js";
import { isProtected } from "../objectLock.js";
import { stackOf } from "../versions.js";
import { abortDue, currentExpiry, noncurrentExpiry, removesExpiredMarker, rulesOf, startOfDay } from "./expiry.js";
import type { LifecycleRule } from "./rules.js";

/** What one sweep did. */
export interface LifecycleSweepResult {
  /** Objects removed from never-versioned buckets, and versions (or markers) removed for good. */
  deleted: number;
  /** Delete markers put on expired current versions of versioned buckets. */
  deleteMarkers: number;
  /** Multipart uploads aborted. */
  abortedUploads: number;
}

export class LifecycleSweeper {
  private readonly periodic: PeriodicTask<LifecycleSweepResult>;

  constructor(private readonly ctx: S3Context) {
    this.periodic = new PeriodicTask({
      clock: ctx.clock,
      intervalMs: LIFECYCLE_SWEEP_INTERVAL_MS,
      task: () => this.run(),
      onError: (error) => ctx.logger.error(`s3: lifecycle sweep failed: ${String(error)}`),
    });
  }

  /** Sweeps every LIFECYCLE_SWEEP_INTERVAL_MS of clock time until stop(). */
  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }

  /** Applies every rule due by now; resolves once the changes are durable (after a sweep under way, a new one). */
  sweep(): Promise<LifecycleSweepResult> {
    return this.periodic.run();
  }

  private async run(): Promise<LifecycleSweepResult> {
    const result: LifecycleSweepResult = { deleted: 0, deleteMarkers: 0, abortedUploads: 0 };
    for (const bucket of [...this.ctx.durable.state.buckets.values()]) {
      const rules = rulesOf(bucket);
      if (rules.length === 0) continue;
      const keys = new Set([...bucket.objects.keys(), ...bucket.older.keys()]);
      for (const key of keys) await this.sweepKey(bucket, key, rules, result);
      await this.abortUploads(bucket, rules, result);
    }
    return result;
  }

  /** Whether the bucket is still the one being swept (deleted and re-made buckets start over). */
  private live(bucket: Bucket): boolean {
    return this.ctx.durable.state.buckets.get(bucket.name) === bucket;
  }

  private async sweepKey(bucket: Bucket, key: string, rules: LifecycleRule[], result: LifecycleSweepResult): Promise<void> {
    if (!this.live(bucket)) return;
    const now = this.ctx.clock.now();
    const current = bucket.objects.get(key);
    const expiry = current ? currentExpiry(rules, current) : undefined;
    const expired = current !== undefined && expiry !== undefined && expiry.at <= now;
    if (current && expired) {
      await this.expireCurrent(bucket, current, now, result);
      if (bucket.config.versioning === undefined) return;
    }
    await this.expireNoncurrent(bucket, key, rules, now, result);
    // A marker made by this run is left for a later one, as S3's daily run would.
    if (!expired) await this.removeExpiredMarker(bucket, key, rules, now, result);
  }

  /** S3 User Guide, "Expiring objects": removed for good, or hidden by a delete marker in a versioned bucket. */
  private async expireCurrent(bucket: Bucket, object: S3Object, now: number, result: LifecycleSweepResult): Promise<void> {
    // "S3 Lifecycle sets the delete marker's creation time to 00:00 UTC (midnight) of the current day."
    const removed = await removeCurrent(this.ctx, bucket, object.key, startOfDay(now));
    if (removed === undefined) return;
    if (removed.DeleteMarker) {
      this.ctx.notifier.lifecycleExpired(bucket, object.key, "LifecycleExpiration:DeleteMarkerCreated", removed.VersionId);
      result.deleteMarkers++;
    } else {
      this.ctx.notifier.lifecycleExpired(bucket, object.key, "LifecycleExpiration:Delete");
      result.deleted++;
    }
  }

  /** NoncurrentVersionExpiration: a version noncurrent for NoncurrentDays, past the NewerNoncurrentVersions kept. */
  private async expireNoncurrent(bucket: Bucket, key: string, rules: LifecycleRule[], now: number, result: LifecycleSweepResult): Promise<void> {
    if (!rules.some((r) => r.noncurrentExpiration)) return;
    const stack = stackOf(bucket, key);
    const due = stack.slice(1).filter((version, i) => {
      // A version becomes noncurrent when the one above it is made ("How Amazon S3 calculates when an object became noncurrent").
      const expiry = noncurrentExpiry(rules, version, stack[i].lastModified, i);
      return expiry !== undefined && expiry.at <= now;
    });
    for (const version of due) {
      // A request may have removed it while an earlier removal was being made durable.
      if (stackOf(bucket, key).includes(version)) await this.removeVersion(bucket, version, result);
    }
  }

  /** An expired object delete marker (a marker that is a key's only version) goes by ExpiredObjectDeleteMarker, or by Days/Date counted from the marker. */
  private async removeExpiredMarker(bucket: Bucket, key: string, rules: LifecycleRule[], now: number, result: LifecycleSweepResult): Promise<void> {
    const stack = stackOf(bucket, key);
    const [marker] = stack;
    if (stack.length !== 1 || !marker.deleteMarker) return;
    const expiry = currentExpiry(rules, marker);
    if (removesExpiredMarker(rules, marker) || (expiry !== undefined && expiry.at <= now)) await this.removeVersion(bucket, marker, result);
  }

  private async removeVersion(bucket: Bucket, version: S3Object, result: LifecycleSweepResult): Promise<void> {
    // "A locked version of an object cannot be deleted by a S3 Lifecycle expiration policy" (S3 User Guide, "Object Lock considerations").
    if (isProtected(version, this.ctx.clock.now(), false)) return;
    const versionId = version.versionId ?? "null";
    await change(this.ctx, { t: "deleteVersion", bucket: bucket.name, key: version.key, versionId });
    dropBlobs(this.ctx, [version.blob]);
    this.ctx.notifier.lifecycleExpired(bucket, version.key, "LifecycleExpiration:Delete", versionId);
    result.deleted++;
  }

  /** AbortIncompleteMultipartUpload: the upload and its parts go (S3 sends no event for it). */
  private async abortUploads(bucket: Bucket, rules: LifecycleRule[], result: LifecycleSweepResult): Promise<void> {
    if (!rules.some((r) => r.abortAfterDays !== undefined)) return;
    for (const upload of [...bucket.uploads.values()]) {
      if (!this.live(bucket)) return;
      const due = abortDue(rules, upload);
      if (!due || due.at > this.ctx.clock.now() || !bucket.uploads.has(upload.uploadId)) continue;
      await change(this.ctx, { t: "endUpload", bucket: bucket.name, uploadId: upload.uploadId });
      dropBlobs(this.ctx, [...upload.parts.values()].map((p) => p.blob));
      result.abortedUploads++;
    }
  }
}
