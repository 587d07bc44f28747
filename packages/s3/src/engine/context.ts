import type { Clock, DurableState, Logger } from "@sam-sandbox/core";
import { noSuchBucket } from "../errors.js";
import type { BlobStore } from "./blobs.js";
import type { NotificationPorts, Notifier } from "./notifications.js";
import type { RestoreWatch } from "./restoreEvents.js";
import { applyRecord, type Bucket, type S3Record, type S3State } from "./state.js";

/** What every action works with: the state, the bodies and the ports. */
export interface S3Context {
  readonly durable: DurableState<S3State, S3Record>;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The sandbox's region: where a bucket created without a LocationConstraint lives. */
  readonly region: string;
  readonly accountId: string;
  readonly notifier: Notifier;
  /** Where notification configurations point: PutBucketNotificationConfiguration checks queues and topics exist. */
  readonly destinations?: NotificationPorts;
  /** Sends a restore's Completed and Delete events when their times come (restoreEvents.ts). */
  readonly restoreEvents?: RestoreWatch;
}

/**
 * The canonical user every bucket and object belongs to (S3 owners are canonical ids, not accounts). No DisplayName:
 * "Beginning November 21, 2025, Amazon S3 will stop returning DisplayName" (API reference, Owner and Grantee).
 */
export const OWNER = { ID: "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a" } as const;

/** Applies a change in memory and makes it durable before the action answers. */
export async function change(ctx: S3Context, record: S3Record): Promise<void> {
  applyRecord(ctx.durable.state, record);
  await ctx.durable.commit(record);
}

export function findBucket(ctx: S3Context, name: string): Bucket {
  const bucket = ctx.durable.state.buckets.get(name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

/** Removes blobs no longer named by any record (after the change that dropped them is durable). */
export function dropBlobs(ctx: S3Context, ids: readonly string[]): void {
  // Delete markers name no blob ("").
  for (const id of ids.filter((i) => i !== "")) {
    ctx.blobs.delete(id).catch((error: unknown) => ctx.logger.debug(`S3: could not remove blob ${id}: ${String(error)}`));
  }
}
