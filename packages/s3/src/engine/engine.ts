import {
  createBucket, deleteBucket, deleteBucketTagging, getBucketLocation, getBucketTagging, headBucket, isKnownRegion, listBuckets, type ListBucketsInput,
  putBucketTagging, tagTemplateBucket, type CreateBucketInput,
} from "./buckets.js";
import { corsRulesOf, deleteBucketCors, getBucketCors, putBucketCors } from "./bucketCors.js";
import { findBucket, type S3Context } from "./context.js";
import type { CorsRule } from "./cors.js";
import { applyBucketSettings, type BucketSettings } from "./bucketSettings.js";
import {
  deleteBucketPolicy, deleteKeyedConfig, deleteXmlConfig, getBucketPolicy, getBucketPolicyStatus, getKeyedConfig, getXmlConfig, listKeyedConfigs,
  putBucketPolicy, putKeyedConfig, putXmlConfig, checkAclAllowed, objectLockEnabled,
} from "./storedConfigs.js";
import {
  getObjectAcl, getObjectLegalHold, getObjectRetention, objectAt, putObjectAcl, putObjectLegalHold, putObjectRetention, type ObjectRef,
} from "./objectSettings.js";
import type { KeyedConfigKind, XmlConfigName } from "./state.js";
import { listObjectVersions, type ListObjectVersionsInput } from "./listVersions.js";
import { getBucketVersioning, putBucketVersioning, type VersioningConfiguration } from "./versioning.js";
import { listObjects, listObjectsV2, type ListObjectsInput, type ListObjectsV2Input } from "./list.js";
import {
  abortMultipartUpload, completeMultipartUpload, completedUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart, uploadPartCopy,
  type ListMultipartUploadsInput,
  type CompleteMultipartUploadInput, type CreateMultipartUploadInput, type UploadPartCopyInput, type UploadPartInput,
} from "./multipart.js";
import {
  copyObject, deleteObject, deleteObjects, getObject, headObject, putObject, type CopyObjectInput, type DeleteObjectInput, type GetObjectInput, type PutObjectInput,
} from "./objects.js";
import type { S3Object, Tag } from "./state.js";
import { restoreStateOf, restoreObject, type RestoreObjectInput } from "./restore.js";
import { archiveTierOf } from "./intelligentTiering.js";
import { getBucketNotificationConfiguration, putBucketNotificationConfiguration, type NotificationConfigurationInput } from "./notificationConfig.js";
import { deleteObjectTagging, getObjectTagging, putObjectTagging, taggedVersion } from "./tags.js";
import { objectExpiration, uploadAbortDate } from "./lifecycle/dates.js";
import { answeredVersionId } from "./versions.js";

/**
 * Amazon S3 behaviour, one method per AWS action (no HTTP). Inputs name buckets and keys
 * as the API does; bodies are Buffers. The integrator calls createBucket and
 * putBucketNotificationConfiguration directly for template buckets.
 */
export class S3Engine {
  constructor(private readonly ctx: S3Context) {}

  /** The account the sandbox's buckets belong to (what a KMS key ARN names). */
  get accountId(): string {
    return this.ctx.accountId;
  }

  createBucket(input: CreateBucketInput) {
    return createBucket(this.ctx, input);
  }

  deleteBucket(input: { Bucket: string }) {
    return deleteBucket(this.ctx, input);
  }

  headBucket(input: { Bucket: string }) {
    return headBucket(this.ctx, input);
  }

  getBucketLocation(input: { Bucket: string }) {
    return getBucketLocation(this.ctx, input);
  }

  listBuckets(input: ListBucketsInput = {}) {
    return listBuckets(this.ctx, input);
  }

  isKnownRegion(region: string): boolean {
    return isKnownRegion(this.ctx, region);
  }

  putBucketNotificationConfiguration(input: NotificationConfigurationInput) {
    return putBucketNotificationConfiguration(this.ctx, input);
  }

  getBucketNotificationConfiguration(input: { Bucket: string }) {
    return getBucketNotificationConfiguration(this.ctx, input);
  }

  putBucketTagging(input: { Bucket: string; TagSet: Tag[] }) {
    return putBucketTagging(this.ctx, input);
  }

  /** A template bucket's tags: its Tags and CloudFormation's aws: tags, which no request may set. */
  tagTemplateBucket(input: { Bucket: string; TagSet: Tag[]; SystemTags: Tag[] }) {
    return tagTemplateBucket(this.ctx, input);
  }

  getBucketTagging(input: { Bucket: string }) {
    return getBucketTagging(this.ctx, input);
  }

  deleteBucketTagging(input: { Bucket: string }) {
    return deleteBucketTagging(this.ctx, input);
  }

  putBucketCors(input: { Bucket: string; CORSRules: CorsRule[] }) {
    return putBucketCors(this.ctx, input);
  }

  getBucketCors(input: { Bucket: string }) {
    return getBucketCors(this.ctx, input);
  }

  deleteBucketCors(input: { Bucket: string }) {
    return deleteBucketCors(this.ctx, input);
  }

  /** The CORS rules the wire applies to a request (undefined: no such bucket, or no configuration). */
  corsRulesOf(bucket: string): CorsRule[] | undefined {
    return corsRulesOf(this.ctx, bucket);
  }

  /** Whether the bucket exists (for answers that do not throw NoSuchBucket). */
  hasBucket(bucket: string): boolean {
    return this.ctx.durable.state.buckets.has(bucket);
  }

  /** A template bucket's configuration properties, applied as their Put actions. */
  applyBucketSettings(input: { Bucket: string; settings: BucketSettings }) {
    return applyBucketSettings(this.ctx, input);
  }

  /** A stored configuration's inner XML (lifecycle, website, ownership controls, …), or S3's default, or its not-found error. */
  objectLockEnabled(input: { Bucket: string }): boolean {
    return objectLockEnabled(this.ctx, input);
  }

  getXmlConfig(input: { Bucket: string; name: XmlConfigName }) {
    return getXmlConfig(this.ctx, input);
  }

  putXmlConfig(input: { Bucket: string; name: XmlConfigName; xml: string }) {
    return putXmlConfig(this.ctx, input);
  }

  deleteXmlConfig(input: { Bucket: string; name: XmlConfigName }) {
    return deleteXmlConfig(this.ctx, input);
  }

  getKeyedConfig(input: { Bucket: string; kind: KeyedConfigKind; Id: string }) {
    return getKeyedConfig(this.ctx, input);
  }

  listKeyedConfigs(input: { Bucket: string; kind: KeyedConfigKind; ContinuationToken?: string }) {
    return listKeyedConfigs(this.ctx, input);
  }

  putKeyedConfig(input: { Bucket: string; kind: KeyedConfigKind; Id: string; xml: string }) {
    return putKeyedConfig(this.ctx, input);
  }

  deleteKeyedConfig(input: { Bucket: string; kind: KeyedConfigKind; Id: string }) {
    return deleteKeyedConfig(this.ctx, input);
  }

  putBucketPolicy(input: { Bucket: string; Policy: string }) {
    return putBucketPolicy(this.ctx, input);
  }

  getBucketPolicy(input: { Bucket: string }) {
    return getBucketPolicy(this.ctx, input);
  }

  getBucketPolicyStatus(input: { Bucket: string }) {
    return getBucketPolicyStatus(this.ctx, input);
  }

  deleteBucketPolicy(input: { Bucket: string }) {
    return deleteBucketPolicy(this.ctx, input);
  }

  /** AccessControlListNotSupported when the bucket enforces owner-only ACLs and this one grants others. */
  checkAclAllowed(input: { Bucket: string; ownerOnly: boolean; xml?: string }) {
    checkAclAllowed(this.ctx, input.Bucket, input.ownerOnly, input.xml);
  }

  /** The object a per-object setting applies to (the version named, or the newest). */
  objectAt(input: ObjectRef, method: string) {
    return objectAt(this.ctx, input, method);
  }

  /** The x-amz-version-id a read of `object` answers ("null" for the null version of a bucket that is or was versioned). */
  answeredVersionId(bucket: string, object: S3Object) {
    return answeredVersionId(findBucket(this.ctx, bucket), object);
  }

  getObjectAcl(input: ObjectRef) {
    return getObjectAcl(this.ctx, input);
  }

  putObjectAcl(input: ObjectRef & { xml?: string; ownerOnly: boolean }) {
    return putObjectAcl(this.ctx, input);
  }

  putObjectRetention(input: ObjectRef & { xml: string; BypassGovernanceRetention?: boolean }) {
    return putObjectRetention(this.ctx, input);
  }

  getObjectRetention(input: ObjectRef) {
    return getObjectRetention(this.ctx, input);
  }

  putObjectLegalHold(input: ObjectRef & { xml: string }) {
    return putObjectLegalHold(this.ctx, input);
  }

  getObjectLegalHold(input: ObjectRef) {
    return getObjectLegalHold(this.ctx, input);
  }

  putObject(input: PutObjectInput) {
    return putObject(this.ctx, input);
  }

  getObject(input: GetObjectInput) {
    return getObject(this.ctx, input);
  }

  headObject(input: GetObjectInput) {
    return headObject(this.ctx, input, "HEAD");
  }

  restoreObject(input: RestoreObjectInput) {
    return restoreObject(this.ctx, input);
  }

  /** The Intelligent-Tiering archive tier an object is in now (undefined: not archived, or not INTELLIGENT_TIERING). */
  archiveTierOf(bucket: string, object: S3Object) {
    return archiveTierOf(this.ctx.durable.state.buckets.get(bucket), object, this.ctx.clock.now());
  }

  /** An archived object's restore, in progress or live now (undefined when neither). */
  restoreStateOf(object: S3Object) {
    return object.restore === undefined ? undefined : restoreStateOf(object, this.ctx.clock.now());
  }

  putBucketVersioning(input: { Bucket: string } & VersioningConfiguration) {
    return putBucketVersioning(this.ctx, input);
  }

  getBucketVersioning(input: { Bucket: string }) {
    return getBucketVersioning(this.ctx, input);
  }

  listObjectVersions(input: ListObjectVersionsInput) {
    return listObjectVersions(this.ctx, input);
  }

  deleteObject(input: DeleteObjectInput) {
    return deleteObject(this.ctx, input);
  }

  deleteObjects(input: { Bucket: string; Keys?: string[]; Objects?: { Key: string; VersionId?: string }[]; Quiet?: boolean; BypassGovernanceRetention?: boolean }) {
    return deleteObjects(this.ctx, input);
  }

  copyObject(input: CopyObjectInput) {
    return copyObject(this.ctx, input);
  }

  listObjectsV2(input: ListObjectsV2Input) {
    return listObjectsV2(this.ctx, input);
  }

  listObjects(input: ListObjectsInput) {
    return listObjects(this.ctx, input);
  }

  createMultipartUpload(input: CreateMultipartUploadInput) {
    return createMultipartUpload(this.ctx, input);
  }

  uploadPart(input: UploadPartInput) {
    return uploadPart(this.ctx, input);
  }

  uploadPartCopy(input: UploadPartCopyInput) {
    return uploadPartCopy(this.ctx, input);
  }

  completedUpload(input: { Bucket: string; Key: string; UploadId: string }) {
    return completedUpload(this.ctx, input);
  }

  completeMultipartUpload(input: CompleteMultipartUploadInput) {
    return completeMultipartUpload(this.ctx, input);
  }

  abortMultipartUpload(input: { Bucket: string; Key: string; UploadId: string }) {
    return abortMultipartUpload(this.ctx, input);
  }

  listParts(input: { Bucket: string; Key: string; UploadId: string; MaxParts?: number; PartNumberMarker?: number }) {
    return listParts(this.ctx, input);
  }

  listMultipartUploads(input: ListMultipartUploadsInput) {
    return listMultipartUploads(this.ctx, input);
  }

  putObjectTagging(input: { Bucket: string; Key: string; VersionId?: string; Tags: Tag[] }) {
    return putObjectTagging(this.ctx, input);
  }

  getObjectTagging(input: { Bucket: string; Key: string; VersionId?: string }) {
    return getObjectTagging(this.ctx, input);
  }

  /** The object version a tagging request with this method acts on (NoSuchKey, 405 on a delete marker). */
  taggedVersion(input: { Bucket: string; Key: string; VersionId?: string }, method: "PUT" | "GET" | "DELETE") {
    return taggedVersion(this.ctx, input, method);
  }

  deleteObjectTagging(input: { Bucket: string; Key: string; VersionId?: string }) {
    return deleteObjectTagging(this.ctx, input);
  }

  /** When lifecycle rules expire a key's current version (x-amz-expiration), if they do. */
  objectExpiration(input: { Bucket: string; Key: string; VersionId?: string }) {
    return objectExpiration(this.ctx, input);
  }

  /** When lifecycle rules abort an upload (x-amz-abort-date), if they do. */
  uploadAbortDate(input: { Bucket: string; UploadId: string }) {
    return uploadAbortDate(this.ctx, input);
  }
}
