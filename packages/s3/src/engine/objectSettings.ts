/**
 * Per-object settings: the ACL (PutObjectAcl / GetObjectAcl), Object Lock retention and legal
 * hold (only in buckets created with Object Lock), and GetObjectAttributes.
 */
import { deleteMarkerMethod, missingObjectLockConfiguration } from "../errors.js";
import { change, findBucket, type S3Context } from "./context.js";
import { findObject } from "./lookup.js";
import { NO_RETENTION, checkRetentionChange, checkRetentionRequest, legalHoldXml, parseRetention, retentionXml } from "./objectLock.js";
import type { ObjectSettings, S3Object } from "./state.js";
import { PRIVATE_ACL, checkAclAllowed, storedXml } from "./storedConfigs.js";
import { httpDateOf } from "./time.js";
import { findVersion, latestOf } from "./versions.js";
import { deletedKey } from "../errors.js";

export interface ObjectRef {
  Bucket: string;
  Key: string;
  VersionId?: string;
}

/** The version named (a delete marker: 405), else the newest object (NoSuchKey when a marker). */
export function objectAt(ctx: S3Context, input: ObjectRef, method: string): S3Object {
  const bucket = findBucket(ctx, input.Bucket);
  if (input.VersionId !== undefined) {
    const version = findVersion(bucket, input.Key, input.VersionId);
    if (version.deleteMarker) throw deleteMarkerMethod(method, input.VersionId, httpDateOf(version.lastModified));
    return version;
  }
  const latest = latestOf(bucket, input.Key);
  if (latest?.deleteMarker) throw deletedKey(input.Key, latest.versionId);
  return findObject(bucket, input.Key);
}

async function patch(ctx: S3Context, input: ObjectRef, method: string, settings: ObjectSettings): Promise<{ VersionId?: string }> {
  const object = objectAt(ctx, input, method);
  await change(ctx, { t: "patchObject", bucket: input.Bucket, key: input.Key, ...(object.versionId === undefined ? {} : { versionId: object.versionId }), settings });
  return object.versionId === undefined ? {} : { VersionId: object.versionId };
}

export function getObjectAcl(ctx: S3Context, input: ObjectRef): { xml: string; VersionId?: string } {
  const object = objectAt(ctx, input, "GET");
  return { xml: object.acl ?? PRIVATE_ACL, ...(object.versionId === undefined ? {} : { VersionId: object.versionId }) };
}

/** `xml` undefined: the owner alone (private); `ownerOnly`: whether the ACL grants nobody else. */
/**
 * s3:ObjectAcl:Put only when the ACL changes: putting the private ACL an object already has sends none (LocalStack
 * test_s3_notifications_sqs.snapshot.json test_object_put_acl, AWS-recorded: four puts, three events).
 */
export async function putObjectAcl(ctx: S3Context, input: ObjectRef & { xml?: string; ownerOnly: boolean }): Promise<{ VersionId?: string }> {
  const object = objectAt(ctx, input, "PUT");
  checkAclAllowed(ctx, input.Bucket, input.ownerOnly, input.xml);
  const acl = input.xml ?? PRIVATE_ACL;
  const changed = (object.acl ?? PRIVATE_ACL) !== acl;
  const out = await patch(ctx, input, "PUT", { acl });
  if (changed) ctx.notifier.objectSettingChanged(findBucket(ctx, input.Bucket), "ObjectAcl:Put", object);
  return out;
}

function checkObjectLock(ctx: S3Context, bucket: string): void {
  if (storedXml(findBucket(ctx, bucket), "objectLock") === undefined) throw missingObjectLockConfiguration();
}

/**
 * `BypassGovernanceRetention`: x-amz-bypass-governance-retention, which lets a GOVERNANCE retention
 * in force be shortened or removed (an empty Retention removes it).
 */
export function putObjectRetention(ctx: S3Context, input: ObjectRef & { xml: string; BypassGovernanceRetention?: boolean }): Promise<{ VersionId?: string }> {
  checkObjectLock(ctx, input.Bucket);
  const now = ctx.clock.now();
  checkRetentionRequest(input.xml, now);
  const { mode, until } = parseRetention(input.xml);
  const retention = mode === undefined ? NO_RETENTION : retentionXml(mode, until);
  checkRetentionChange(objectAt(ctx, input, "PUT").retention, retention, now, input.BypassGovernanceRetention === true);
  return patch(ctx, input, "PUT", { retention });
}

/** An object never given a retention, or whose retention was removed, answers NoSuchObjectLockConfiguration. */
export function getObjectRetention(ctx: S3Context, input: ObjectRef): string | undefined {
  checkObjectLock(ctx, input.Bucket);
  const { retention } = objectAt(ctx, input, "GET");
  return retention === NO_RETENTION ? undefined : retention;
}

export function putObjectLegalHold(ctx: S3Context, input: ObjectRef & { xml: string }): Promise<{ VersionId?: string }> {
  checkObjectLock(ctx, input.Bucket);
  return patch(ctx, input, "PUT", { legalHold: legalHoldXml(input.xml) });
}

export function getObjectLegalHold(ctx: S3Context, input: ObjectRef): string | undefined {
  checkObjectLock(ctx, input.Bucket);
  return objectAt(ctx, input, "GET").legalHold;
}
