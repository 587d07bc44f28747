/**
 * S3 state: buckets, their objects' metadata and in-progress multipart uploads, persisted
 * through the Store port as journal records (one per change) and JSON snapshots. Object
 * bodies are blobs kept apart (blobs.ts); a record names its blob by id.
 */
import type { StateCodec } from "@sam-sandbox/core";

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
}

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
  parts: Map<number, Part>;
}

export interface FilterRule {
  Name: "prefix" | "suffix";
  Value: string;
}

/** One LambdaFunctionConfiguration of a bucket's notification configuration. */
export interface LambdaNotification {
  Id: string;
  LambdaFunctionArn: string;
  Events: string[];
  FilterRules: FilterRule[];
}

export interface Bucket {
  name: string;
  region: string;
  created: number;
  objects: Map<string, S3Object>;
  uploads: Map<string, Upload>;
  notifications: LambdaNotification[];
  tags: Tag[];
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
  tags?: Tag[];
}

export type S3Record =
  | { t: "createBucket"; name: string; region: string; created: number }
  | { t: "deleteBucket"; name: string }
  | { t: "putObject"; bucket: string; object: S3Object }
  | { t: "deleteObjects"; bucket: string; keys: string[] }
  | { t: "setTags"; bucket: string; key: string; tags: Tag[] }
  | { t: "createUpload"; bucket: string; upload: StoredUpload }
  | { t: "putPart"; bucket: string; uploadId: string; part: Part }
  /** Aborted, or completed (the object comes in the same record). */
  | { t: "endUpload"; bucket: string; uploadId: string; object?: S3Object }
  | { t: "setNotifications"; bucket: string; notifications: LambdaNotification[] }
  | { t: "setBucketTags"; bucket: string; tags: Tag[] };

export function applyRecord(state: S3State, record: S3Record): void {
  if (record.t === "createBucket") {
    state.buckets.set(record.name, {
      name: record.name, region: record.region, created: record.created, objects: new Map(), uploads: new Map(), notifications: [], tags: [],
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
      setObject(bucket, record.object);
      return;
    case "deleteObjects":
      for (const key of record.keys) if (bucket.objects.delete(key)) bucket.sortedKeys = undefined;
      return;
    case "setTags": {
      const object = bucket.objects.get(record.key);
      if (object) object.tags = record.tags;
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
      if (record.object) setObject(bucket, record.object);
      return;
    case "setNotifications":
      bucket.notifications = record.notifications;
      return;
    case "setBucketTags":
      bucket.tags = record.tags;
      return;
  }
}

function setObject(bucket: Bucket, object: S3Object): void {
  if (!bucket.objects.has(object.key)) bucket.sortedKeys = undefined;
  bucket.objects.set(object.key, object);
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
        uploads: new Map(stored.uploads.map((u) => [u.uploadId, { ...u, parts: new Map(u.parts.map((p) => [p.partNumber, p])) }])),
        notifications: stored.notifications ?? [],
        tags: stored.tags ?? [],
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
      tags: b.tags,
    })),
  }),
  apply: applyRecord,
};

/** Every blob id the state refers to (objects and uploaded parts). */
export function liveBlobs(state: S3State): Set<string> {
  const ids = new Set<string>();
  for (const bucket of state.buckets.values()) {
    for (const object of bucket.objects.values()) ids.add(object.blob);
    for (const upload of bucket.uploads.values()) for (const part of upload.parts.values()) ids.add(part.blob);
  }
  return ids;
}
