/**
 * The events a restore sends after its RestoreObject: s3:ObjectRestore:Completed when the restored copy is ready and
 * s3:ObjectRestore:Delete when it expires, each at its time on the sandbox clock. A restore's state is two times on
 * the object (restore.ts); one timer waits for each, and finds the restore as it is then: a later RestoreObject
 * (another restore, or a new expiry) has its own timers, and a deleted object sends nothing.
 */
import type { Clock, TimerHandle } from "@sam-sandbox/core";
import type { Notifier } from "./notifications.js";
import type { Restore, S3Object, S3State } from "./state.js";
import { stackOf } from "./versions.js";

/** What restoreObject tells of a restore it began or extended. */
export interface RestoreWatch {
  watch(bucket: string, object: S3Object, restore: Restore): void;
}

export class RestoreEvents implements RestoreWatch {
  private readonly timers = new Map<string, TimerHandle[]>();

  constructor(private readonly options: { clock: Clock; state: () => S3State; notifier: Notifier }) {}

  /** Waits for every restore the state holds that has not completed or expired yet (after a restart). */
  start(): void {
    for (const bucket of this.options.state().buckets.values()) {
      for (const object of bucket.objects.values()) if (object.restore !== undefined) this.watch(bucket.name, object, object.restore);
      for (const versions of bucket.older.values()) for (const object of versions) if (object.restore !== undefined) this.watch(bucket.name, object, object.restore);
    }
  }

  stop(): void {
    for (const handles of this.timers.values()) for (const handle of handles) handle.cancel();
    this.timers.clear();
  }

  watch(bucket: string, object: S3Object, restore: Restore): void {
    const id = `${bucket}\u0000${object.key}\u0000${object.versionId ?? ""}`;
    for (const handle of this.timers.get(id) ?? []) handle.cancel();
    const now = this.options.clock.now();
    const handles: TimerHandle[] = [];
    const at = (time: number, fire: (current: S3Object, live: Restore) => void) => {
      if (time <= now) return;
      handles.push(this.options.clock.setTimeout(() => {
        const found = this.find(bucket, object);
        if (found?.restore !== undefined) fire(found.current, found.restore);
      }, time - now));
    };
    at(restore.completes, (current, live) => {
      // An Intelligent-Tiering restore has no copy to expire (its object is back in the Frequent Access tier).
      if (live.completes === restore.completes) this.notify(bucket, "ObjectRestore:Completed", current, live.accessTier === undefined ? live.expires : undefined);
    });
    if (restore.accessTier === undefined) at(restore.expires, (current, live) => {
      if (live.expires === restore.expires) this.notify(bucket, "ObjectRestore:Delete", current);
      this.timers.delete(id);
    });
    this.timers.set(id, handles);
  }

  /** The object as it is now (the same version), if it is still there. */
  private find(bucketName: string, object: S3Object): { current: S3Object; restore: Restore | undefined } | undefined {
    const bucket = this.options.state().buckets.get(bucketName);
    if (!bucket) return undefined;
    const current = stackOf(bucket, object.key).find((v) => v.versionId === object.versionId && !v.deleteMarker);
    return current === undefined ? undefined : { current, restore: current.restore };
  }

  private notify(bucketName: string, eventName: "ObjectRestore:Completed" | "ObjectRestore:Delete", object: S3Object, expires?: number): void {
    const bucket = this.options.state().buckets.get(bucketName);
    if (bucket) this.options.notifier.objectRestored(bucket, eventName, object, expires);
  }
}
