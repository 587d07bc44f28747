import {
  createBucket, deleteBucket, deleteBucketTagging, getBucketLocation, getBucketNotificationConfiguration, getBucketTagging, headBucket, listBuckets,
  putBucketNotificationConfiguration, putBucketTagging, type CreateBucketInput,
} from "./buckets.js";
import type { S3Context } from "./context.js";
import { listObjects, listObjectsV2, type ListObjectsInput, type ListObjectsV2Input } from "./list.js";
import {
  abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart, uploadPartCopy,
  type CompletedPart, type CreateMultipartUploadInput, type UploadPartCopyInput, type UploadPartInput,
} from "./multipart.js";
import {
  copyObject, deleteObject, deleteObjects, getObject, headObject, putObject, type CopyObjectInput, type GetObjectInput, type PutObjectInput,
} from "./objects.js";
import type { LambdaNotification, Tag } from "./state.js";
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from "./tags.js";

/**
 * Amazon S3 behaviour, one method per AWS action (no HTTP). Inputs name buckets and keys
 * as the API does; bodies are Buffers. The integrator calls createBucket and
 * putBucketNotificationConfiguration directly for template buckets.
 */
export class S3Engine {
  constructor(private readonly ctx: S3Context) {}

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

  listBuckets(input: { Prefix?: string } = {}) {
    return listBuckets(this.ctx, input);
  }

  putBucketNotificationConfiguration(input: { Bucket: string; LambdaFunctionConfigurations: LambdaNotification[] }) {
    return putBucketNotificationConfiguration(this.ctx, input);
  }

  getBucketNotificationConfiguration(input: { Bucket: string }) {
    return getBucketNotificationConfiguration(this.ctx, input);
  }

  putBucketTagging(input: { Bucket: string; TagSet: Tag[] }) {
    return putBucketTagging(this.ctx, input);
  }

  getBucketTagging(input: { Bucket: string }) {
    return getBucketTagging(this.ctx, input);
  }

  deleteBucketTagging(input: { Bucket: string }) {
    return deleteBucketTagging(this.ctx, input);
  }

  putObject(input: PutObjectInput) {
    return putObject(this.ctx, input);
  }

  getObject(input: GetObjectInput) {
    return getObject(this.ctx, input);
  }

  headObject(input: GetObjectInput) {
    return headObject(this.ctx, input);
  }

  deleteObject(input: { Bucket: string; Key: string }) {
    return deleteObject(this.ctx, input);
  }

  deleteObjects(input: { Bucket: string; Keys: string[]; Quiet?: boolean }) {
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

  completeMultipartUpload(input: { Bucket: string; Key: string; UploadId: string; Parts: CompletedPart[] }) {
    return completeMultipartUpload(this.ctx, input);
  }

  abortMultipartUpload(input: { Bucket: string; Key: string; UploadId: string }) {
    return abortMultipartUpload(this.ctx, input);
  }

  listParts(input: { Bucket: string; Key: string; UploadId: string; MaxParts?: number; PartNumberMarker?: number }) {
    return listParts(this.ctx, input);
  }

  listMultipartUploads(input: { Bucket: string; Prefix?: string; MaxUploads?: number }) {
    return listMultipartUploads(this.ctx, input);
  }

  putObjectTagging(input: { Bucket: string; Key: string; Tags: Tag[] }) {
    return putObjectTagging(this.ctx, input);
  }

  getObjectTagging(input: { Bucket: string; Key: string }) {
    return getObjectTagging(this.ctx, input);
  }

  deleteObjectTagging(input: { Bucket: string; Key: string }) {
    return deleteObjectTagging(this.ctx, input);
  }
}
