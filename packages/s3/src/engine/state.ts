/**
 * S3 state: buckets, their objects' metadata and in-progress multipart uploads, persisted
 * through the Store port as journal records (one per change) and JSON snapshots. Object
 * bodies are blobs kept apart (blobs.ts); a record names its blob by id.
 */
import type { StateCodec } from "@sam-sandbox/core";
import type { CorsRule } from "./cors.js";
import { pushVersion, removeKey, removeVersion, stackOf } from "./versions.js";

export interface Tag {
  Key: string;
  Value: string;
}

export type ChecksumAlgorithm = "CRC32" | "CRC32C" | "SHA1" | "SHA256" | "CRC64NVME";

export interface Checksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, with "-N" for a multipart object's composite checksum. */
  value: string;
  type: "FULL_OBJECT" | "COMPOSITE";
}

/** The headers S3 stores with an object and returns on GetObject / HeadObject. */
export interface ObjectHeaders {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  websiteRedirectLocation?: string;
}

/**
 * How an object is encrypted at rest, as its responses name it: S3-managed (AES256), KMS (the key's ARN,
 * and whether an S3 Bucket Key was used) or a customer key (SSE-C: only its MD5 is kept, as S3 keeps only
 * a salted HMAC of it, S3 User Guide "Using server-side encryption with customer-provided keys").
 * Absent on objects kept from before it was recorded: AES256.
 */
export type Encryption =
  | { algorithm: "AES256" }
  | { algorithm: "aws:kms" | "aws:kms:dsse"; kmsKeyId: string; bucketKeyEnabled?: boolean }
  | { algorithm: "customer"; keyMd5: string };

export interface S3Object extends ObjectHeaders {
  key: string;
  blob: string;
  size: number;
  /** Quoted: "\"<md5 hex>\"" or "\"<md5 of md5s>-N\"". */
  etag: string;
  lastModified: number;
  /** x-amz-meta-* (names lower-case, without the prefix). */
  metadata: Record<string, string>;
  tags: Tag[];
  storageClass: string;
  checksum?: Checksum;
  /** Multipart objects: the number of parts. */
  partsCount?: number;
  /** Multipart objects: each part's size, in order (what GetObject ?partNumber=N reads). */
  partSizes?: number[];
  /** Multipart objects uploaded with a ChecksumAlgorithm: each part's checksum, in order (GetObjectAttributes' Part list). */
  partChecksums?: string[];
  /** Multipart objects: the upload they were completed from (a repeated CompleteMultipartUpload answers with them). */
  uploadId?: string;
  /** Set in buckets that are or were versioned ("null" for a suspended bucket's writes). */
  versionId?: string;
  /** A delete marker: no body (blob ""), size 0. */
  deleteMarker?: boolean;
  /** Settings kept as the inner XML S3 answers them with: a PutObjectAcl, Retention, LegalHold. */
  acl?: string;
  retention?: string;
  legalHold?: string;
  /** An archived object's RestoreObject: when its restored copy is ready and when that copy expires (ms, sandbox clock). */
  restore?: Restore;
  /** INTELLIGENT_TIERING objects: when a read or copy last accessed them (intelligentTiering.ts), if after their write. */
  accessed?: number;
  encryption?: Encryption;
}

export interface Restore {
  completes: number;
  expires: number;
  /** An Intelligent-Tiering archive tier's restore: the object returns to the Frequent Access tier, with no copy to expire. */
  accessTier?: "ARCHIVE_ACCESS" | "DEEP_ARCHIVE_ACCESS";
}

export type ObjectSettings = Partial<Pick<S3Object, "acl" | "retention" | "legalHold" | "restore" | "accessed">>;

export interface Part {
  partNumber: number;
  blob: string;
  size: number;
  etag: string;
  lastModified: number;
  checksum?: Checksum;
}

export interface Upload extends ObjectHeaders {
  uploadId: string;
  key: string;
  initiated: number;
  metadata: Record<string, string>;
  tags: Tag[];
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  /** How the completed object's checksum is made; absent on uploads kept from before it was recorded (the algorithm's default). */
  checksumType?: Checksum["type"];
  parts: Map<number, Part>;
  /** The ACL its x-amz-acl or x-amz-grant-* headers asked for, which the completed object gets (none: private). */
  acl?: string;
  /** The Object Lock its x-amz-object-lock-* headers asked for (inner XML, as on S3Object). */
  retention?: string;
  legalHold?: string;
  /** The encryption its headers (or the bucket's default) chose, which every part and the completed object share. */
  encryption?: Encryption;
  /**
   * The key's current object when the upload began ("" for none; absent on uploads kept from before
   * it was recorded): a conditional completion after another write to the key is a conflict.
   */
  baseline?: string;
}

export interface FilterRule {
  Name: "prefix" | "suffix";
  Value: string;
}

/** What every configuration of a bucket's notification configuration names: its events and key filter. */
export interface NotificationBase {
  Id: string;
  Events: string[];
  FilterRules: FilterRule[];
}

/** One LambdaFunctionConfiguration of a bucket's notification configuration. */
export interface LambdaNotification extends NotificationBase {
  LambdaFunctionArn: string;
}

/** One QueueConfiguration (an SQS queue). */
export interface QueueNotification extends NotificationBase {
  QueueArn: string;
}

/** One TopicConfiguration (an SNS topic). */
export interface TopicNotification extends NotificationBase {
  TopicArn: string;
}

/** A bucket's stored configurations (each Put/Delete<Name> action sets or clears one). */
export interface BucketConfig {
  cors?: CorsRule[];
  /** Absent until versioning is first configured; it never returns to absent. */
  versioning?: "Enabled" | "Suspended";
  mfaDelete?: "Enabled" | "Disabled";
  /**
   * Configurations kept as the inner XML S3 answers them with (stored-configs.ts): absent =
   * S3's default, null = deleted (for those whose Get then answers a not-found error).
   */
  xml?: Partial<Record<XmlConfigName, string | null>>;
  /** Analytics, inventory, metrics and intelligent-tiering configurations by Id (inner XML). */
  keyed?: Partial<Record<KeyedConfigKind, Record<string, string>>>;
  /** The bucket policy, as PutBucketPolicy received it (JSON text). */
  policy?: string;
}

export type XmlConfigName =
  | "lifecycle" | "website" | "logging" | "ownership" | "publicAccessBlock" | "encryption" | "requestPayment" | "accelerate" | "acl" | "objectLock" | "replication";
export type KeyedConfigKind = "analytics" | "inventory" | "metrics" | "intelligentTiering";

export interface Bucket {
  name: string;
  region: string;
  created: number;
  /** Each key's newest version when it is an object (versions.ts). */
  objects: Map<string, S3Object>;
  /** Each key's other versions and delete markers, newest first. */
  older: Map<string, S3Object[]>;
  uploads: Map<string, Upload>;
  notifications: LambdaNotification[];
  queueNotifications: QueueNotification[];
  topicNotifications: TopicNotification[];
  /** EventBridgeConfiguration: every event goes to the default event bus. */
  eventBridge: boolean;
  tags: Tag[];
  config: BucketConfig;
  /** Object keys in order, rebuilt on the first listing after a change (derived). */
  sortedKeys?: string[];
}

export interface S3State {
  buckets: Map<string, Bucket>;
}

interface StoredUpload extends Omit<Upload, "parts"> {
  parts: Part[];
}

interface StoredBucket {
  name: string;
  region: string;
  created: number;
  objects: S3Object[];
  uploads: StoredUpload[];
  notifications: LambdaNotification[];
  queueNotifications?: QueueNotification[];
  topicNotifications?: TopicNotification[];
  eventBridge?: boolean;
  tags?: Tag[];
  config?: BucketConfig;
  /** Versions other than the newest objects, each key's newest first. */
  older?: S3Object[];
}

export type S3Record =
  | { t: "createBucket"; name: string; region: string; created: number }
  | { t: "deleteBucket"; name: string }
  | { t: "putObject"; bucket: string; object: S3Object }
  /** Keys gone with all their versions (a bucket never versioned). */
  | { t: "deleteObjects"; bucket: string; keys: string[] }
  | { t: "deleteVersion"; bucket: string; key: string; versionId: string }
  | { t: "setTags"; bucket: string; key: string; tags: Tag[]; versionId?: string }
  | { t: "patchObject"; bucket: string; key: string; versionId?: string; settings: ObjectSettings }
  | { t: "createUpload"; bucket: string; upload: StoredUpload }
  | { t: "putPart"; bucket: string; uploadId: string; part: Part }
  /** Aborted, or completed (the object comes in the same record). */
  | { t: "endUpload"; bucket: string; uploadId: string; object?: S3Object }
  | { t: "setNotifications"; bucket: string; notifications: LambdaNotification[]; queues?: QueueNotification[]; topics?: TopicNotification[]; eventBridge?: boolean }
  | { t: "setBucketTags"; bucket: string; tags: Tag[] }
  /** A configuration set, or cleared (no value). */
  | { t: "setConfig"; bucket: string; name: keyof BucketConfig; value?: BucketConfig[keyof BucketConfig] };

export function applyRecord(state: S3State, record: S3Record): void {
  if (record.t === "createBucket") {
    state.buckets.set(record.name, {
      name: record.name, region: record.region, created: record.created, objects: new Map(), older: new Map(), uploads: new Map(), notifications: [], queueNotifications: [], topicNotifications: [], eventBridge: false, tags: [], config: {},
    });
    return;
  }
  if (record.t === "deleteBucket") {
    state.buckets.delete(record.name);
    return;
  }
  const bucket = state.buckets.get(record.bucket);
  if (!bucket) return;
  switch (record.t) {
    case "putObject":
      pushVersion(bucket, record.object);
      return;
    case "deleteObjects":
      for (const key of record.keys) removeKey(bucket, key);
      return;
    case "deleteVersion":
      removeVersion(bucket, record.key, record.versionId);
      return;
    case "setTags": {
      const object = versionAt(bucket, record.key, record.versionId);
      if (object) object.tags = record.tags;
      return;
    }
    case "patchObject": {
      const object = versionAt(bucket, record.key, record.versionId);
      if (object) Object.assign(object, record.settings);
      return;
    }
    case "createUpload":
      bucket.uploads.set(record.upload.uploadId, { ...record.upload, parts: new Map(record.upload.parts.map((p) => [p.partNumber, p])) });
      return;
    case "putPart":
      bucket.uploads.get(record.uploadId)?.parts.set(record.part.partNumber, record.part);
      return;
    case "endUpload":
      bucket.uploads.delete(record.uploadId);
      if (record.object) pushVersion(bucket, record.object);
      return;
    case "setNotifications":
      bucket.notifications = record.notifications;
      bucket.queueNotifications = record.queues ?? [];
      bucket.topicNotifications = record.topics ?? [];
      bucket.eventBridge = record.eventBridge ?? false;
      return;
    case "setBucketTags":
      bucket.tags = record.tags;
      return;
    case "setConfig":
      if (record.value === undefined) delete bucket.config[record.name];
      else Object.assign(bucket.config, { [record.name]: record.value });
      return;
  }
}

export const s3Codec: StateCodec<S3State, S3Record> = {
  empty: () => ({ buckets: new Map() }),
  fromSnapshot(json) {
    const state: S3State = { buckets: new Map() };
    for (const stored of (json as { buckets?: StoredBucket[] }).buckets ?? []) {
      state.buckets.set(stored.name, {
        name: stored.name,
        region: stored.region,
        created: stored.created,
        objects: new Map(stored.objects.map((o) => [o.key, o])),
        older: groupByKey(stored.older ?? []),
        uploads: new Map(stored.uploads.map((u) => [u.uploadId, { ...u, parts: new Map(u.parts.map((p) => [p.partNumber, p])) }])),
        notifications: stored.notifications ?? [],
        queueNotifications: stored.queueNotifications ?? [],
        topicNotifications: stored.topicNotifications ?? [],
        eventBridge: stored.eventBridge ?? false,
        tags: stored.tags ?? [],
        config: stored.config ?? {},
      });
    }
    return state;
  },
  toSnapshot: (state) => ({
    buckets: [...state.buckets.values()].map((b): StoredBucket => ({
      name: b.name,
      region: b.region,
      created: b.created,
      objects: [...b.objects.values()],
      uploads: [...b.uploads.values()].map((u) => ({ ...u, parts: [...u.parts.values()] })),
      notifications: b.notifications,
      ...(b.queueNotifications.length > 0 ? { queueNotifications: b.queueNotifications } : {}),
      ...(b.topicNotifications.length > 0 ? { topicNotifications: b.topicNotifications } : {}),
      ...(b.eventBridge ? { eventBridge: true } : {}),
      tags: b.tags,
      config: b.config,
      older: [...b.older.values()].flat(),
    })),
  }),
  apply: applyRecord,
};

/** Every blob id the state refers to (objects and uploaded parts). */
export function liveBlobs(state: S3State): Set<string> {
  const ids = new Set<string>();
  for (const bucket of state.buckets.values()) {
    for (const object of bucket.objects.values()) ids.add(object.blob);
    for (const versions of bucket.older.values()) for (const version of versions) if (!version.deleteMarker) ids.add(version.blob);
    for (const upload of bucket.uploads.values()) for (const part of upload.parts.values()) ids.add(part.blob);
  }
  return ids;
}

function groupByKey(versions: S3Object[]): Map<string, S3Object[]> {
  const byKey = new Map<string, S3Object[]>();
  for (const version of versions) {
    const list = byKey.get(version.key);
    if (list) list.push(version);
    else byKey.set(version.key, [version]);
  }
  return byKey;
}

/** The version a record names (the newest object without a version id). */
function versionAt(bucket: Bucket, key: string, versionId: string | undefined): S3Object | undefined {
  if (versionId === undefined) return bucket.objects.get(key);
  return stackOf(bucket, key).find((v) => (v.versionId ?? "null") === versionId);
}
