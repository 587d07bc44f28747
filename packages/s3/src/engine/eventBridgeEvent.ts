/**
 * The events S3 sends to EventBridge for a bucket with an EventBridgeConfiguration (S3 User
 * Guide, "EventBridge event message structure"): source "aws.s3", detail-type "Object Created",
 * "Object Deleted", "Object Restore …", "Object Tags …" or "Object ACL Updated", the bucket's ARN as the resource, and S3's detail object.
 */
import type { Bucket } from "./state.js";

/** A PutEvents entry, as EventBridge's API takes it (sent to the default bus). */
export interface EventBridgeEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  Resources: string[];
  Time: Date;
}

export interface EventBridgeEventInput {
  bucket: Bucket;
  eventName: string;
  key: string;
  details: { size?: number; eTag?: string; versionId?: string };
  sequencer: string;
  requestId: string;
  requester: string;
  /** Absent for lifecycle deletions, which no client made. */
  sourceIp?: string;
  time: number;
  /** Restore events: the archived object's storage class, and (completed) when the restored copy expires. */
  restore?: { storageClass: string; expires?: number };
}

/** The detail-type of each restore event ("Using EventBridge": Object Restore Initiated, Completed, Expired). */
const RESTORE_TYPES: Record<string, string> = {
  "ObjectRestore:Post": "Object Restore Initiated",
  "ObjectRestore:Completed": "Object Restore Completed",
  "ObjectRestore:Delete": "Object Restore Expired",
};

/** "2021-11-13T00:00:00Z": EventBridge's times have no fraction (the S3 User Guide's restore-expiry-time). */
function eventTimeOf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The `reason` of an Object Created event: the API that created the object ("Using EventBridge"). */
const CREATED_REASONS: Record<string, string> = {
  "ObjectCreated:Put": "PutObject",
  "ObjectCreated:Post": "POST Object",
  "ObjectCreated:Copy": "CopyObject",
  "ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload",
};

/**
 * The detail-type of each event of an object's tags and ACL ("Using EventBridge": Object Tags Added, Object Tags
 * Deleted, Object ACL Updated), whose detail names the object's key, etag and version, without size, sequencer or
 * reason (LocalStack test_s3_notifications_eventbridge.snapshot.json test_object_put_acl, AWS-recorded).
 */
const SETTING_TYPES: Record<string, string> = {
  "ObjectTagging:Put": "Object Tags Added",
  "ObjectTagging:Delete": "Object Tags Deleted",
  "ObjectAcl:Put": "Object ACL Updated",
};

/** The entry for one S3 event, or undefined for an event EventBridge is not sent. */
export function eventBridgeEntry(input: EventBridgeEventInput): EventBridgeEntry | undefined {
  const { details } = input;
  const version = details.versionId === undefined ? {} : { "version-id": details.versionId };
  const common = { "request-id": input.requestId, requester: input.requester, ...(input.sourceIp === undefined ? {} : { "source-ip-address": input.sourceIp }) };
  let detailType: string;
  let detail: Record<string, unknown>;
  const created = CREATED_REASONS[input.eventName];
  if (created !== undefined) {
    detailType = "Object Created";
    detail = {
      version: "0",
      bucket: { name: input.bucket.name },
      object: { key: input.key, size: details.size, etag: details.eTag, ...version, sequencer: input.sequencer },
      ...common,
      reason: created,
    };
  } else if (input.eventName.startsWith("ObjectRemoved:") || input.eventName.startsWith("LifecycleExpiration:")) {
    detailType = "Object Deleted";
    detail = {
      version: "0",
      bucket: { name: input.bucket.name },
      object: { key: input.key, ...version, sequencer: input.sequencer },
      ...common,
      reason: input.eventName.startsWith("Lifecycle") ? "Lifecycle Expiration" : "DeleteObject",
      "deletion-type": input.eventName.endsWith("DeleteMarkerCreated") ? "Delete Marker Created" : "Permanently Deleted",
    };
  } else if (RESTORE_TYPES[input.eventName] !== undefined) {
    // S3 User Guide, "EventBridge event message structure", and LocalStack test_s3_notifications_eventbridge
    // test_restore_object (AWS-recorded): no sequencer; the storage class restored from on Initiated and Completed,
    // the copy's expiry on Completed (whose requester is S3, with no source-ip-address).
    detailType = RESTORE_TYPES[input.eventName];
    const restore = input.restore;
    detail = {
      version: "0",
      bucket: { name: input.bucket.name },
      object: { key: input.key, size: details.size, etag: details.eTag, ...version },
      ...common,
      ...(restore?.expires === undefined || input.eventName !== "ObjectRestore:Completed" ? {} : { "restore-expiry-time": eventTimeOf(restore.expires) }),
      ...(restore === undefined || input.eventName === "ObjectRestore:Delete" ? {} : { "source-storage-class": restore.storageClass }),
    };
  } else if (SETTING_TYPES[input.eventName] !== undefined) {
    detailType = SETTING_TYPES[input.eventName];
    detail = { version: "0", bucket: { name: input.bucket.name }, object: { key: input.key, etag: details.eTag, ...version }, ...common };
  } else {
    return undefined;
  }
  return { Source: "aws.s3", DetailType: detailType, Detail: JSON.stringify(detail), Resources: [`arn:aws:s3:::${input.bucket.name}`], Time: new Date(input.time) };
}
