/**
 * Behaviours from localstack's AWS-recorded S3 suites (tests/aws/services/s3/test_s3_list_operations.py,
 * test_s3_api.py, test_s3.py and their .snapshot.json, recorded against real S3), replayed through the SDK and
 * fetch against the sandbox. Each case names its snapshot file, test and key.
 */
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, PutBucketAnalyticsConfigurationCommand, PutBucketInventoryConfigurationCommand,
  PutBucketLifecycleConfigurationCommand, PutBucketLoggingCommand, PutObjectLegalHoldCommand, PutObjectRetentionCommand, GetObjectRetentionCommand, type InventoryConfiguration,
  type LifecycleRule, CreateMultipartUploadCommand, DeleteObjectCommand, DeleteObjectsCommand, GetBucketMetricsConfigurationCommand,
  GetObjectCommand, GetObjectTaggingCommand, GetPublicAccessBlockCommand, ListBucketMetricsConfigurationsCommand, ListBucketsCommand, ListMultipartUploadsCommand,
  ListObjectsCommand, ListObjectsV2Command, ListObjectVersionsCommand, ListPartsCommand, PutBucketAccelerateConfigurationCommand, PutBucketEncryptionCommand,
  PutBucketMetricsConfigurationCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectCommand, PutObjectLockConfigurationCommand,
  PutBucketWebsiteCommand, PutObjectTaggingCommand, PutPublicAccessBlockCommand, UploadPartCommand, UploadPartCopyCommand, type S3ServiceException,
  type WebsiteConfiguration,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

const FOLDER_KEYS = ["folder/aSubfolder/subFile1", "folder/aSubfolder/subFile2", "folder/file1", "folder/file2"];

let f: S3Fixture;
beforeAll(async () => {
  f = await startS3();
});
afterAll(async () => {
  await f?.close();
});

async function newBucket(options: { versioned?: boolean } = {}): Promise<string> {
  const bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
  if (options.versioned) await f.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  return bucket;
}

async function putKeys(bucket: string, keys: string[]): Promise<void> {
  for (const Key of keys) await f.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "content 123" }));
}

async function createUploads(bucket: string, keys: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const Key of keys) ids.push((await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }))).UploadId ?? "");
  return ids;
}

/** An Authorization header (the sandbox does not check signatures). */
const AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";

/** A raw GET: the answer's status and XML. */
async function get(path: string): Promise<{ status: number; xml: string }> {
  const res = await fetch(`${f.url}${path}`, { headers: { authorization: AUTHORIZATION } });
  return { status: res.status, xml: await res.text() };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** An element's text, its entities read. */
function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>|<${name}/>`).exec(xml);
  return match ? (match[1] ?? "").replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => ENTITIES[entity]) : undefined;
}

describe("a marker inside a common prefix", () => {
  it("skips the whole common prefix in ListObjects", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListObjects::test_list_objects_marker_common_prefixes "list-objects-manual-first-file"
    const bucket = await newBucket();
    await putKeys(bucket, FOLDER_KEYS);
    const out = await f.client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: "folder/", Delimiter: "/", MaxKeys: 1, Marker: "folder/aSubfolder/subFile1" }));
    expect(out.CommonPrefixes).toBeUndefined();
    expect(out.Contents?.map((o) => o.Key)).toEqual(["folder/file1"]);
    expect(out.NextMarker).toBe("folder/file1");
    expect(out.IsTruncated).toBe(true);
  });

  it("skips the whole common prefix in ListObjectVersions", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListObjectVersions::test_list_object_versions_pagination_common_prefixes "list-object-versions-manual-first-file"
    const bucket = await newBucket({ versioned: true });
    await putKeys(bucket, FOLDER_KEYS);
    const out = await f.client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: "folder/", Delimiter: "/", MaxKeys: 1, KeyMarker: "folder/aSubfolder/subFile1" }));
    expect(out.CommonPrefixes).toBeUndefined();
    expect(out.Versions?.map((v) => v.Key)).toEqual(["folder/file1"]);
    expect(out.NextKeyMarker).toBe("folder/file1");
  });
});

describe("timestamps in listings", () => {
  it("are whole seconds: LastModified, Initiated", async () => {
    // test_s3_list_operations.snapshot.json test_s3_list_objects_timestamp_precision, test_s3_list_object_versions_timestamp_precision,
    // test_s3_list_multiparts_timestamp_precision, test_s3_list_parts_timestamp_precision ("2023-11-15T12:02:40.000Z")
    const bucket = await newBucket({ versioned: true });
    await putKeys(bucket, ["test-key"]);
    const [uploadId] = await createUploads(bucket, ["upload-key"]);
    await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "upload-key", UploadId: uploadId, PartNumber: 1, Body: "data" }));
    const whole = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/;
    for (const path of [`/${bucket}`, `/${bucket}?list-type=2`, `/${bucket}?versions`]) expect(element((await get(path)).xml, "LastModified")).toMatch(whole);
    expect(element((await get(`/${bucket}?uploads`)).xml, "Initiated")).toMatch(whole);
    expect(element((await get(`/${bucket}/upload-key?uploadId=${uploadId}`)).xml, "LastModified")).toMatch(whole);
  });
});

describe("ListObjectsV2 continuation", () => {
  it("refuses an empty continuation token, naming the argument without a value", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListObjectsV2::test_list_objects_v2_continuation_start_after "exc-continuation-token"
    const bucket = await newBucket();
    const { status, xml } = await get(`/${bucket}?list-type=2&continuation-token=`);
    expect(status).toBe(400);
    expect(element(xml, "Code")).toBe("InvalidArgument");
    expect(element(xml, "Message")).toBe("The continuation token provided is incorrect");
    expect(element(xml, "ArgumentName")).toBe("continuation-token");
    expect(xml).not.toContain("ArgumentValue");
  });

  it("does not echo StartAfter when a continuation token is given", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListObjectsV2::test_list_objects_v2_continuation_start_after "list-objects-start-after-token"
    const bucket = await newBucket();
    await putKeys(bucket, ["test_0", "test_1", "test_2"]);
    const first = await f.client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
    const out = await f.client.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: "test_1", ContinuationToken: first.NextContinuationToken }));
    expect(out.StartAfter).toBeUndefined();
    expect(out.ContinuationToken).toBe(first.NextContinuationToken);
    expect(out.Contents?.map((o) => o.Key)).toEqual(["test_1", "test_2"]);
  });
});

describe("ListMultipartUploads", () => {
  it("pages by key and upload-id markers, oldest upload first, naming the last upload as the next markers", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListMultipartUploads::test_list_multiparts_next_marker
    const bucket = await newBucket();
    const empty = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    // "list-multiparts-empty"
    expect([empty.KeyMarker, empty.UploadIdMarker, empty.NextKeyMarker, empty.NextUploadIdMarker]).toEqual(["", "", "", ""]);
    const [c, b, a1, a2, a3] = await createUploads(bucket, ["test_c", "test_b", "test_a", "test_a", "test_a"]);
    const all = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    // "list-multiparts-all": not truncated, yet the next markers name the last upload
    expect(all.Uploads?.map((u) => u.UploadId)).toEqual([a1, a2, a3, b, c]);
    expect([all.IsTruncated, all.NextKeyMarker, all.NextUploadIdMarker]).toEqual([false, "test_c", c]);
    const keyOnly = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 1, KeyMarker: "test_a" }));
    // "list-multiparts-next-key-only": after every upload of the marker's key
    expect(keyOnly.Uploads?.map((u) => u.UploadId)).toEqual([b]);
    expect([keyOnly.KeyMarker, keyOnly.IsTruncated, keyOnly.NextKeyMarker, keyOnly.NextUploadIdMarker]).toEqual(["test_a", true, "test_b", b]);
    const idOnly = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 1, UploadIdMarker: a1 }));
    // "list-multiparts-next-upload-only": the upload-id marker is ignored, and answered empty, without a key marker
    expect(idOnly.Uploads?.map((u) => u.UploadId)).toEqual([a1]);
    expect(idOnly.UploadIdMarker).toBe("");
    const both = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 1, KeyMarker: "test_a", UploadIdMarker: a1 }));
    // "list-multiparts-both-markers"
    expect(both.Uploads?.map((u) => u.UploadId)).toEqual([a2]);
    expect([both.UploadIdMarker, both.NextKeyMarker, both.NextUploadIdMarker]).toEqual([a1, "test_a", a2]);
    const last = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 1, KeyMarker: "test_b", UploadIdMarker: b }));
    // "list-multiparts-get-last-upload-no-truncate"
    expect(last.Uploads?.map((u) => u.UploadId)).toEqual([c]);
    expect(last.IsTruncated).toBe(false);
    const beyond = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 1, KeyMarker: "test_c" }));
    // "list-multiparts-next-key-last"
    expect([beyond.Uploads, beyond.IsTruncated, beyond.NextKeyMarker, beyond.NextUploadIdMarker]).toEqual([undefined, false, "", ""]);
  });

  it("refuses an upload-id marker that is not one of the key marker's uploads", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListMultipartUploads::test_list_multiparts_next_marker "list-multiparts-wrong-id-for-key"
    const bucket = await newBucket();
    const [, b] = await createUploads(bucket, ["test_c", "test_b"]);
    const error = await failure(f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker: "test_c", UploadIdMarker: b })));
    expect(error.name).toBe("InvalidArgument");
    expect(error.message).toBe("Invalid uploadId marker");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect((error as unknown as Record<string, unknown>).ArgumentName).toBe("upload-id-marker");
    expect((error as unknown as Record<string, unknown>).ArgumentValue).toBe(b);
  });

  it("rolls keys up into common prefixes by the delimiter, and skips the prefix a key marker is in", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListMultipartUploads::test_list_multiparts_with_prefix_and_delimiter "list-multiparts-1",
    // test_list_multipart_uploads_marker_common_prefixes "list-multiparts-start", "list-multiparts-manual-first-file"
    const bucket = await newBucket();
    const ids = await createUploads(bucket, FOLDER_KEYS);
    const start = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: "folder/", Delimiter: "/", MaxUploads: 1, EncodingType: "url" }));
    expect(start.CommonPrefixes).toEqual([{ Prefix: "folder/aSubfolder/" }]);
    expect(start.Uploads).toBeUndefined();
    expect([start.Delimiter, start.EncodingType, start.IsTruncated, start.NextKeyMarker, start.NextUploadIdMarker]).toEqual(["/", "url", true, "", ""]);
    const next = await f.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: "folder/", Delimiter: "/", MaxUploads: 1, KeyMarker: "folder/aSubfolder/subFile1" }));
    expect(next.CommonPrefixes).toBeUndefined();
    expect(next.Uploads?.map((u) => u.Key)).toEqual(["folder/file1"]);
    expect([next.NextKeyMarker, next.NextUploadIdMarker]).toEqual(["folder/file1", ids[2]]);
  });

  it("refuses an unknown encoding type", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListObjectsV2::test_list_ops_encoding_type_validation[list_multipart_uploads]
    const bucket = await newBucket();
    const { status, xml } = await get(`/${bucket}?uploads&encoding-type=value`);
    expect(status).toBe(400);
    expect(element(xml, "Message")).toBe("Invalid Encoding Method specified in Request");
    expect([element(xml, "ArgumentName"), element(xml, "ArgumentValue")]).toEqual(["encoding-type", "value"]);
  });
});

describe("ListParts", () => {
  it("answers NextPartNumberMarker 0 for a page without parts", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListParts::test_list_parts_pagination "list-parts-empty", "list-parts-wrong-part"
    const bucket = await newBucket();
    const [UploadId] = await createUploads(bucket, ["k"]);
    const out = await f.client.send(new ListPartsCommand({ Bucket: bucket, Key: "k", UploadId }));
    expect(out.Parts).toBeUndefined();
    expect(String(out.NextPartNumberMarker)).toBe("0");
  });
});

describe("ListBuckets", () => {
  it("pages by max-buckets and the continuation token it answers", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListBuckets::test_list_buckets_with_max_buckets, test_list_buckets_with_continuation_token
    const prefix = `${bucketName()}-page`;
    for (const suffix of ["a", "b"]) await f.client.send(new CreateBucketCommand({ Bucket: `${prefix}-${suffix}` }));
    const first = await f.client.send(new ListBucketsCommand({ Prefix: prefix, MaxBuckets: 1 }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual([`${prefix}-a`]);
    expect(first.ContinuationToken).toBeDefined();
    const rest = await f.client.send(new ListBucketsCommand({ Prefix: prefix, MaxBuckets: 1, ContinuationToken: first.ContinuationToken }));
    expect(rest.Buckets?.map((b) => b.Name)).toEqual([`${prefix}-b`]);
    expect(rest.ContinuationToken).toBeUndefined();
  });

  it("filters by bucket-region, and refuses a region that does not exist", async () => {
    // test_s3_list_operations.snapshot.json TestS3ListBuckets::test_list_buckets_by_bucket_region, test_list_buckets_region_validation "bad-region"
    const bucket = await newBucket();
    const elsewhere = await f.client.send(new ListBucketsCommand({ Prefix: bucket, BucketRegion: "us-west-2" }));
    expect(elsewhere.Buckets).toEqual([]);
    const here = await f.client.send(new ListBucketsCommand({ Prefix: bucket, BucketRegion: "us-east-1" }));
    expect(here.Buckets?.map((b) => b.Name)).toEqual([bucket]);
    const error = await failure(f.client.send(new ListBucketsCommand({ BucketRegion: "eu-east-1" })));
    expect(error.name).toBe("InvalidArgument");
    expect(error.message).toBe("Argument value eu-east-1 is not a valid AWS Region");
    expect((error as unknown as Record<string, unknown>).ArgumentName).toBe("bucket-region");
  });
});

/** An error's extra XML fields (ArgumentName, TagKey, Condition, …) as the SDK exposes them. */
function fields(error: S3ServiceException): Record<string, unknown> {
  return error as unknown as Record<string, unknown>;
}

describe("GetObject ranges (test_s3_api.snapshot.json TestS3ObjectCRUD::test_get_object_range)", () => {
  it("answers the full object's checksum for a Range covering the whole object, not for a part of it", async () => {
    // "get--15", "get-0-100" (206 with ChecksumCRC32) and "get-0-8-checksum" (none)
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "0123456789", ChecksumAlgorithm: "CRC32" }));
    const whole = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", Range: "bytes=0-100", ChecksumMode: "ENABLED" }));
    expect([whole.ContentRange, whole.ChecksumCRC32]).toEqual(["bytes 0-9/10", "poTHxg=="]);
    const part = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", Range: "bytes=0-8", ChecksumMode: "ENABLED" }));
    expect(part.ChecksumCRC32).toBeUndefined();
  });
});

describe("UploadPartCopy ranges (test_s3_api.snapshot.json TestS3Multipart::test_upload_part_copy_range)", () => {
  it("refuses first > last as malformed, and a first byte past the source as InvalidRequest", async () => {
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "src", Body: "0123456789" }));
    const [UploadId] = await createUploads(bucket, ["dst"]);
    const copy = (range: string) => failure(f.client.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "dst", UploadId, PartNumber: 1, CopySource: `${bucket}/src`, CopySourceRange: range })));
    // "upload-part-copy-range-exc-1-0"
    const reversed = await copy("bytes=1-0");
    expect([reversed.name, fields(reversed).ArgumentValue]).toEqual(["InvalidArgument", "bytes=1-0"]);
    expect(reversed.message).toMatch(/^The x-amz-copy-source-range value must be of the form bytes=first-last/);
    // "upload-part-copy-range-exc-100-200"
    const beyond = await copy("bytes=100-200");
    expect([beyond.name, beyond.message]).toEqual(["InvalidRequest", "The specified copy range is invalid for the source object size"]);
    // "upload-part-copy-range-exc-0-100"
    expect((await copy("bytes=0-100")).message).toBe("Range specified is not valid for source object of size: 10");
  });
});

describe("bucket configurations (test_s3_api.snapshot.json)", () => {
  it("refuses a versioning configuration without a Status", async () => {
    // TestS3BucketVersioning::test_bucket_versioning_crud "put-versioning-empty"
    const error = await failure(f.client.send(new PutBucketVersioningCommand({ Bucket: await newBucket(), VersioningConfiguration: {} })));
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["IllegalVersioningConfigurationException", "The Versioning element must be specified", 400]);
  });

  it("takes one encryption rule, and a KMS key only with a KMS algorithm", async () => {
    // TestS3BucketEncryption::test_s3_default_bucket_encryption_exc "put-bucket-encryption-two-rules", "put-bucket-encryption-kms-with-aes"
    const bucket = await newBucket();
    const two = await failure(f.client.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }, { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
    ] } })));
    expect(two.name).toBe("MalformedXML");
    const kms = await failure(f.client.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256", KMSMasterKeyID: "randomkeyid" } },
    ] } })));
    expect([kms.name, kms.message, fields(kms).ArgumentName, fields(kms).ArgumentValue]).toEqual([
      "InvalidArgument", "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse", "ApplyServerSideEncryptionByDefault", undefined,
    ]);
  });

  it("checks an Object Lock rule: a DefaultRetention with a Mode and one of Days or Years", async () => {
    // TestS3ObjectLock::test_put_object_lock_configuration_exc "put-lock-config-empty-retention", "-no-days", "-both-days-years"
    const bucket = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    for (const DefaultRetention of [{}, { Mode: "GOVERNANCE" as const }, { Mode: "GOVERNANCE" as const, Days: 1, Years: 1 }]) {
      const error = await failure(f.client.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention } } })));
      expect(error.name).toBe("MalformedXML");
    }
    await f.client.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 1 } } } }));
  });

  it("refuses x-amz-bypass-governance-retention on a bucket without Object Lock", async () => {
    // TestS3ObjectLock::test_delete_object_with_no_locking
    const bucket = await newBucket();
    await putKeys(bucket, ["k"]);
    for (const request of [
      () => f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", BypassGovernanceRetention: false })),
      () => f.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "k" }] }, BypassGovernanceRetention: true })),
    ]) {
      const error = await failure(request());
      expect([error.name, error.message, fields(error).ArgumentName]).toEqual([
        "InvalidArgument", "x-amz-bypass-governance-retention is only applicable to Object Lock enabled buckets.", "x-amz-bypass-governance-retention",
      ]);
    }
  });

  it("answers every public access block flag, false where the request left it out", async () => {
    // TestS3PublicAccessBlock::test_crud_public_access_block "get-public-access-block"
    const bucket = await newBucket();
    await f.client.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false } }));
    const out = await f.client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(out.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
  });

  it("refuses a policy without a Statement, and acceleration for a dotted name before reading the status", async () => {
    // TestS3BucketPolicy::test_bucket_policy_exc "put-bucket-policy-empty-json";
    // TestS3BucketAccelerateConfiguration::test_bucket_acceleration_configuration_exc "put-bucket-accelerate-config-dot-bucket"
    const policy = await failure(f.client.send(new PutBucketPolicyCommand({ Bucket: await newBucket(), Policy: "{}" })));
    expect([policy.name, policy.message]).toEqual(["MalformedPolicy", "Missing required field Statement"]);
    const dotted = `dotted.${bucketName()}`;
    await f.client.send(new CreateBucketCommand({ Bucket: dotted }));
    const accelerate = await failure(f.client.send(new PutBucketAccelerateConfigurationCommand({ Bucket: dotted, AccelerateConfiguration: { Status: "random" as "Enabled" } })));
    expect([accelerate.name, accelerate.message]).toEqual(["InvalidRequest", "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names"]);
  });

  it("answers PutBucketMetricsConfiguration 204, and lists metrics configurations 100 at a time", async () => {
    // TestS3MetricsConfiguration::test_put_bucket_metrics_configuration, test_list_bucket_metrics_configurations_paginated
    const bucket = await newBucket();
    for (let i = 0; i < 102; i++) {
      const Id = `${100 + i}-m`;
      const out = await f.client.send(new PutBucketMetricsConfigurationCommand({ Bucket: bucket, Id, MetricsConfiguration: { Id, Filter: { Prefix: "logs/" } } }));
      if (i === 0) expect(out.$metadata.httpStatusCode).toBe(204);
    }
    expect((await f.client.send(new GetBucketMetricsConfigurationCommand({ Bucket: bucket, Id: "100-m" }))).MetricsConfiguration?.Filter).toEqual({ Prefix: "logs/" });
    const first = await f.client.send(new ListBucketMetricsConfigurationsCommand({ Bucket: bucket }));
    expect([first.MetricsConfigurationList?.length, first.IsTruncated]).toEqual([100, true]);
    const rest = await f.client.send(new ListBucketMetricsConfigurationsCommand({ Bucket: bucket, ContinuationToken: first.NextContinuationToken }));
    expect(rest.MetricsConfigurationList?.map((m) => m.Id)).toEqual(["200-m", "201-m"]);
    expect([rest.IsTruncated, rest.ContinuationToken, rest.NextContinuationToken]).toEqual([false, first.NextContinuationToken, undefined]);
  });
});

describe("tagging (test_s3_api.snapshot.json TestS3BucketObjectTagging)", () => {
  it("names the offending tag in InvalidTag, and refuses characters a tag may not hold", async () => {
    // test_tagging_validation "put-bucket-tags-duplicate-keys", "-invalid-key", "-invalid-value", "put-object-tags-aws-prefixed"
    const bucket = await newBucket();
    await putKeys(bucket, ["k"]);
    const bucketTags = (TagSet: { Key: string; Value: string }[]) => failure(f.client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet } })));
    const duplicate = await bucketTags([{ Key: "Key1", Value: "Val1" }, { Key: "Key1", Value: "Val1" }]);
    expect([duplicate.name, duplicate.message, fields(duplicate).TagKey]).toEqual(["InvalidTag", "Cannot provide multiple Tags with the same key", "Key1"]);
    const key = await bucketTags([{ Key: "Key1,Key2", Value: "Val1" }]);
    expect([key.message, fields(key).TagKey]).toEqual(["The TagKey you have provided is invalid", "Key1,Key2"]);
    const value = await bucketTags([{ Key: "Key1", Value: "Val1,Val2" }]);
    expect([value.message, fields(value).TagKey, fields(value).TagValue]).toEqual(["The TagValue you have provided is invalid", "Key1", "Val1,Val2"]);
    const system = await failure(f.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", Tagging: { TagSet: [{ Key: "aws:prefixed", Value: "Val1" }] } })));
    expect([system.message, fields(system).TagKey]).toEqual(["Your TagKey cannot be prefixed with aws:", "aws:prefixed"]);
  });

  it("refuses an x-amz-tagging header with a repeated key or a stray character as InvalidArgument", async () => {
    // test_object_tagging_exc "put-obj-duplicate-tagging", "put-obj-wrong-format"
    const bucket = await newBucket();
    for (const Tagging of ["key1=val1&key1=val2", "key1=val1,key2=val2"]) {
      const error = await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "", Tagging })));
      expect([error.name, error.message, fields(error).ArgumentName, fields(error).ArgumentValue]).toEqual([
        "InvalidArgument", "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", "x-amz-tagging", Tagging,
      ]);
    }
  });

  it("names a missing key with its bucket in GetObjectTagging's NoSuchKey", async () => {
    // test_object_tagging_exc "get-no-key-tags"
    const bucket = await newBucket();
    const error = await failure(f.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "fake-key" })));
    expect([error.name, fields(error).Key]).toEqual(["NoSuchKey", `${bucket}/fake-key`]);
  });

  it("answers 405 for tagging a key whose newest version is a delete marker, naming the request's method", async () => {
    // test_object_tagging_versioned "put-object-tags-delete-marker-id", "*-delete-marker-latest"
    const bucket = await newBucket({ versioned: true });
    await putKeys(bucket, ["k"]);
    const marker = await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    const named = await failure(f.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "k", VersionId: marker.VersionId, Tagging: { TagSet: [] } })));
    expect([named.name, fields(named).Method, fields(named).ResourceType]).toEqual(["MethodNotAllowed", "PUT", "DeleteMarker"]);
    const latest = await failure(f.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "k" })));
    expect([latest.$metadata.httpStatusCode, fields(latest).Method, fields(latest).ResourceType]).toEqual([405, "GET", "DeleteMarker"]);
  });
});

describe("conditional writes (test_s3_api.snapshot.json TestS3ObjectWritePrecondition)", () => {
  it("answers 501 NotImplemented for an If-None-Match other than *, If-Match: *, or both headers", async () => {
    // test_put_object_if_none_match_validation, test_put_object_if_match_validation, test_put_object_if_match_and_if_none_match_validation
    const bucket = await newBucket();
    const cases: [Record<string, string>, string, string][] = [
      [{ IfNoneMatch: '"d41d8cd98f00b204e9800998ecf8427e"' }, "If-None-Match", "We don't accept the provided value of If-None-Match header for this API"],
      [{ IfMatch: "*" }, "If-Match", "We don't accept the provided value of If-Match header for this API"],
      [{ IfMatch: "abcdef", IfNoneMatch: "*" }, "If-Match,If-None-Match", "Multiple conditional request headers present in the request"],
    ];
    for (const [conditions, header, additionalMessage] of cases) {
      const error = await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", ...conditions })));
      expect([error.name, error.$metadata.httpStatusCode, error.message]).toEqual(["NotImplemented", 501, "A header you provided implies functionality that is not implemented"]);
      expect([fields(error).Header, fields(error).additionalMessage]).toEqual([header, additionalMessage]);
    }
  });

  it("answers 409 ConditionalRequestConflict when the key was written while the upload was in progress", async () => {
    // test_multipart_if_none_match_with_delete "complete-multipart-after-del", test_multipart_if_match_with_put "complete-multipart-if-match-put-during"
    const bucket = await newBucket();
    const complete = async (UploadId: string, conditions: { IfMatch?: string; IfNoneMatch?: string }) => {
      const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: "test" }));
      return f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] }, ...conditions }));
    };
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "before" }));
    const [deletedDuring] = await createUploads(bucket, ["k"]);
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    const conflict = await failure(complete(deletedDuring, { IfNoneMatch: "*" }));
    expect([conflict.name, conflict.$metadata.httpStatusCode, fields(conflict).Condition, fields(conflict).Key]).toEqual(["ConditionalRequestConflict", 409, "If-None-Match", "k"]);
    expect(conflict.message).toBe("The conditional request cannot succeed due to a conflicting operation against this resource.");
    // A new upload started after the write completes.
    await complete((await createUploads(bucket, ["k"]))[0], { IfNoneMatch: "*" });
    const [putDuring] = await createUploads(bucket, ["k"]);
    const overwritten = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "during" }));
    const ifMatch = await failure(complete(putDuring, { IfMatch: overwritten.ETag }));
    expect([ifMatch.name, fields(ifMatch).Condition]).toEqual(["ConditionalRequestConflict", "If-Match"]);
  });
});

describe("requests (test_s3.snapshot.json TestS3)", () => {
  it("words an unreadable Content-MD5 as S3 does", async () => {
    // test_s3_invalid_content_md5 "md5-error-0" … "md5-error-3"
    const bucket = await newBucket();
    for (const md5 of ["__invalid__", "MTIz"]) {
      const res = await fetch(`${f.url}/${bucket}/k`, { method: "PUT", body: new Uint8Array([1]), headers: { authorization: AUTHORIZATION, "content-md5": md5 } });
      const xml = await res.text();
      expect([res.status, element(xml, "Code"), element(xml, "Message"), element(xml, "Content-MD5")]).toEqual([400, "InvalidDigest", "The Content-MD5 you specified was invalid.", md5]);
    }
  });

  it("names a missing bucket before answering that an action is not emulated", async () => {
    // test_bucket_availability "bucket-replication"
    const { status, xml } = await get(`/missing-${bucketName()}?replication`);
    expect([status, element(xml, "Code")]).toEqual([404, "NoSuchBucket"]);
  });

  it("refuses a presigned URL missing one of its authentication parameters", async () => {
    // TestS3PresignedUrl::test_s3_put_presigned_url_missing_sig_param[s3v4] and [s3]
    const bucket = await newBucket();
    const v4 = await fetch(`${f.url}/${bucket}/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=x%2F20261126%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261126T000000Z&X-Amz-Expires=100`);
    const v4xml = await v4.text();
    expect([v4.status, element(v4xml, "Code")]).toEqual([400, "AuthorizationQueryParametersError"]);
    expect(element(v4xml, "Message")).toBe(
      "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
    );
    const v2 = await fetch(`${f.url}/${bucket}/k?AWSAccessKeyId=x&Expires=2000000000`);
    const v2xml = await v2.text();
    expect([v2.status, element(v2xml, "Code"), element(v2xml, "Message")]).toEqual([403, "AccessDenied", "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"]);
  });
});

describe("ACL requests (test_s3.snapshot.json TestS3::test_s3_bucket_acl_exceptions)", () => {
  const owner = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";
  const policy = (grants: string) =>
    `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${owner}</ID></Owner><AccessControlList>${grants}</AccessControlList></AccessControlPolicy>`;
  const grantee = (type: string, inner: string, permission = "WRITE") =>
    `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${type}">${inner}</Grantee><Permission>${permission}</Permission></Grant>`;

  async function aclBucket(): Promise<string> {
    const bucket = await newBucket();
    for (const sub of ["ownershipControls", "publicAccessBlock"]) await fetch(`${f.url}/${bucket}?${sub}`, { method: "DELETE", headers: { authorization: AUTHORIZATION } });
    return bucket;
  }

  async function putAcl(bucket: string, headers: Record<string, string>, body?: string): Promise<{ status: number; xml: string }> {
    const res = await fetch(`${f.url}/${bucket}?acl`, { method: "PUT", headers: { authorization: AUTHORIZATION, ...headers }, body });
    return { status: res.status, xml: await res.text() };
  }

  it("refuses an unknown canned ACL, a canned ACL with grants or a body, and a request naming no ACL", async () => {
    // "put-bucket-canned-acl", "put-bucket-two-type-acl", "put-bucket-two-type-acl-acp", "put-bucket-empty"
    const bucket = await aclBucket();
    const canned = await putAcl(bucket, { "x-amz-acl": "fake-acl" });
    expect([canned.status, element(canned.xml, "Code"), element(canned.xml, "ArgumentName"), element(canned.xml, "ArgumentValue")]).toEqual([400, "InvalidArgument", "x-amz-acl", "fake-acl"]);
    const both = await putAcl(bucket, { "x-amz-acl": "private", "x-amz-grant-write": 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"' });
    expect([element(both.xml, "Code"), element(both.xml, "Message")]).toEqual(["InvalidRequest", "Specifying both Canned ACLs and Header Grants is not allowed"]);
    const content = await putAcl(bucket, { "x-amz-acl": "private" }, policy(""));
    expect([element(content.xml, "Code"), element(content.xml, "Message")]).toEqual(["UnexpectedContent", "This request does not support content"]);
    const none = await putAcl(bucket, {});
    expect([element(none.xml, "Code"), element(none.xml, "Message"), element(none.xml, "MissingHeaderName")]).toEqual([
      "MissingSecurityHeader", "Your request was missing a required header", "x-amz-acl",
    ]);
  });

  it("checks grant headers: their format, ids and group URIs", async () => {
    // "put-bucket-grant-acl-fake-key", "put-bucket-grant-acl-wrong-id", "put-bucket-grant-acl-fake-uri"
    const bucket = await aclBucket();
    const cases: [string, string, string, string][] = [
      ['fakekey="1234"', "Argument format not recognized", "x-amz-grant-write", 'fakekey="1234"'],
      ['id="wrong-id"', "Invalid id", "id", "wrong-id"],
      ['uri="http://acs.amazonaws.com/groups/s3/FakeGroup"', "Invalid group uri", "uri", "http://acs.amazonaws.com/groups/s3/FakeGroup"],
    ];
    for (const [value, message, name, argument] of cases) {
      const { status, xml } = await putAcl(bucket, { "x-amz-grant-write": value });
      expect([status, element(xml, "Code"), element(xml, "Message"), element(xml, "ArgumentName"), element(xml, "ArgumentValue")]).toEqual([400, "InvalidArgument", message, name, argument]);
    }
    expect((await putAcl(bucket, { "x-amz-grant-write": 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"' })).status).toBe(200);
  });

  it("checks an AccessControlPolicy body: its list, grantees and permissions", async () => {
    // "put-bucket-acp-acl-3", "put-bucket-acp-acl-4", "put-bucket-empty-acp"
    const bucket = await aclBucket();
    const id = await putAcl(bucket, {}, policy(grantee("CanonicalUser", "<ID>wrong-id</ID>")));
    expect([element(id.xml, "Message"), element(id.xml, "ArgumentName"), element(id.xml, "ArgumentValue")]).toEqual(["Invalid id", "CanonicalUser/ID", "wrong-id"]);
    const uri = await putAcl(bucket, {}, policy(grantee("Group", "<URI>http://acs.amazonaws.com/groups/s3/FakeGroup</URI>")));
    expect([element(uri.xml, "Message"), element(uri.xml, "ArgumentName")]).toEqual(["Invalid group uri", "Group/URI"]);
    const empty = await putAcl(bucket, {}, '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></AccessControlPolicy>');
    expect([empty.status, element(empty.xml, "Code")]).toEqual([400, "MalformedACLError"]);
    const permission = await putAcl(bucket, {}, policy(grantee("Group", "<URI>http://acs.amazonaws.com/groups/s3/LogDelivery</URI>", "EVERYTHING")));
    expect(element(permission.xml, "Code")).toBe("MalformedACLError");
    expect((await putAcl(bucket, {}, policy(grantee("Group", "<URI>http://acs.amazonaws.com/groups/s3/LogDelivery</URI>")))).status).toBe(200);
  });
});

describe("website configuration and storage classes (test_s3.snapshot.json)", () => {
  it("checks a website configuration as S3 does", async () => {
    // TestS3StaticWebsiteHosting::test_validate_website_configuration "invalid-website-conf-0" … "-7"
    const bucket = await newBucket();
    const put = (WebsiteConfiguration: WebsiteConfiguration) => failure(f.client.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration })));
    const slash = await put({ IndexDocument: { Suffix: "/index.html" } });
    expect([slash.name, slash.message, fields(slash).ArgumentName, fields(slash).ArgumentValue]).toEqual(["InvalidArgument", "The IndexDocument Suffix is not well formed", "IndexDocument", "/index.html"]);
    const both = await put({ IndexDocument: { Suffix: "index.html" }, RedirectAllRequestsTo: { HostName: "test.com" } });
    expect([both.message, fields(both).ArgumentName, fields(both).ArgumentValue]).toEqual(["RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.", "RedirectAllRequestsTo", "not null"]);
    const rules: [WebsiteConfiguration["RoutingRules"], string][] = [
      [[{ Redirect: { Protocol: "ftp" as "http" } }], "Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically."],
      [[{ Redirect: { ReplaceKeyPrefixWith: "prefix", ReplaceKeyWith: "key" } }], "You can only define ReplaceKeyPrefix or ReplaceKey but not both."],
      [[{ Condition: {}, Redirect: { ReplaceKeyPrefixWith: "prefix" } }], "Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present."],
    ];
    for (const [RoutingRules, message] of rules) {
      const error = await put({ IndexDocument: { Suffix: "index.html" }, RoutingRules });
      expect([error.name, error.message]).toEqual(["InvalidRequest", message]);
    }
    expect((await put({ IndexDocument: { Suffix: "index.html" }, RoutingRules: [{ Redirect: {} }] })).name).toBe("MalformedXML");
    await f.client.send(new PutBucketWebsiteCommand({ Bucket: bucket, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" }, RoutingRules: [{ Redirect: { Protocol: "https" } }] } }));
  });

  it("refuses the Outposts storage class on a general-purpose bucket", async () => {
    // TestS3::test_put_object_storage_class_outposts "put-object-outposts", "create-multipart-outposts-exc"
    const bucket = await newBucket();
    // One at a time: a second request started early would reject before anything awaits it.
    for (const request of [
      () => f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", StorageClass: "OUTPOSTS" })),
      () => f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "k", StorageClass: "OUTPOSTS" })),
    ]) {
      const error = await failure(request());
      expect([error.name, error.message, fields(error).StorageClassRequested]).toEqual(["InvalidStorageClass", "The storage class you specified is not valid", "OUTPOSTS"]);
    }
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", StorageClass: "GLACIER_IR" }));
  });
});

describe("copying an object onto itself (test_s3.snapshot.json TestS3)", () => {
  it("is legal with a website redirect location, an encryption header, or a bucket's own encryption configuration", async () => {
    // test_s3_copy_object_in_place_website_redirect_location, test_s3_copy_object_in_place_with_encryption "copy-object-in-place-with-aes",
    // test_copy_in_place_with_bucket_encryption "copy-obj"; test_s3_copy_object_in_place "copy-object-in-place-no-change" stays illegal
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "test", WebsiteRedirectLocation: "/test/direct" }));
    const self = { Bucket: bucket, Key: "k", CopySource: `${bucket}/k` };
    const illegal = await failure(f.client.send(new CopyObjectCommand(self)));
    expect([illegal.name, illegal.message]).toEqual([
      "InvalidRequest",
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    ]);
    await f.client.send(new CopyObjectCommand({ ...self, WebsiteRedirectLocation: "/test/direct" }));
    await f.client.send(new CopyObjectCommand({ ...self, ServerSideEncryption: "AES256" }));
    await f.client.send(new PutBucketEncryptionCommand({ Bucket: bucket, ServerSideEncryptionConfiguration: { Rules: [
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false },
    ] } }));
    await f.client.send(new CopyObjectCommand(self));
  });

  it("answers PutBucketAnalyticsConfiguration 204", async () => {
    // test_s3_analytics_configurations "put_config_with_storage_analysis_1"
    const bucket = await newBucket();
    const out = await f.client.send(new PutBucketAnalyticsConfigurationCommand({ Bucket: bucket, Id: "a1", AnalyticsConfiguration: { Id: "a1", StorageClassAnalysis: {} } }));
    expect(out.$metadata.httpStatusCode).toBe(204);
  });
});

describe("configurations checked as S3 does (test_s3.snapshot.json)", () => {
  it("checks lifecycle rules: a filter with one condition, distinct And tag keys, one kind of expiration", async () => {
    // TestS3BucketLifecycle::test_put_bucket_lifecycle_conf_exc "missing-filter", "wrong-filter-and-plus-prefix", "duplicate-tag-keys",
    // "expired-delete-marker-and-days", "missing-noncurrent-version-expiration-data"
    const bucket = await newBucket();
    const put = (rule: Partial<LifecycleRule>) =>
      failure(f.client.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [{ ID: "r", Status: "Enabled", ...rule }] } })));
    for (const rule of [
      { Expiration: { Days: 7 } },
      { Filter: { Prefix: "a", And: { Prefix: "b", Tags: [{ Key: "k", Value: "v" }] } }, Expiration: { Days: 7 } },
      { Filter: {}, Expiration: { Days: 7, ExpiredObjectDeleteMarker: true } },
      { Filter: {}, NoncurrentVersionExpiration: {} },
    ]) expect((await put(rule)).name).toBe("MalformedXML");
    const duplicate = await put({ Filter: { And: { Tags: [{ Key: "k", Value: "v" }, { Key: "k", Value: "w" }] } }, Expiration: { Days: 7 } });
    expect([duplicate.name, duplicate.message]).toEqual(["InvalidRequest", "Duplicate Tag Keys are not allowed."]);
  });

  it("checks an inventory configuration: its Id, a bucket ARN destination, the model's enums; and answers 204", async () => {
    // TestS3::test_s3_put_inventory_report_exceptions, test_s3_inventory_report_crud "put-inventory-config"
    const bucket = await newBucket();
    const config = (Id: string): InventoryConfiguration => ({
      Id, IsEnabled: true, IncludedObjectVersions: "All", Schedule: { Frequency: "Daily" }, Destination: { S3BucketDestination: { Bucket: `arn:aws:s3:::${bucket}`, Format: "CSV" } },
    });
    const put = (Id: string, InventoryConfiguration: InventoryConfiguration) => f.client.send(new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id, InventoryConfiguration }));
    const mismatch = await failure(put("other", config("inv")));
    expect([mismatch.name, mismatch.message]).toEqual(["IdMismatch", "Document ID does not match the specified configuration ID."]);
    const arn = await failure(put("inv", { ...config("inv"), Destination: { S3BucketDestination: { Bucket: bucket, Format: "CSV" } } }));
    expect([arn.name, arn.message]).toEqual(["InvalidS3DestinationBucket", "Invalid bucket ARN."]);
    expect((await failure(put("inv", { ...config("inv"), Schedule: { Frequency: "Hourly" as "Daily" } }))).name).toBe("MalformedXML");
    expect((await failure(put("inv", { ...config("inv"), OptionalFields: ["TestField" as "Size"] }))).name).toBe("MalformedXML");
    expect((await put("inv", { ...config("inv"), OptionalFields: ["Size", "ETag"] })).$metadata.httpStatusCode).toBe(204);
  });

  it("logs only into an existing bucket of the same region", async () => {
    // TestS3BucketLogging::test_put_bucket_logging_wrong_target
    const bucket = await newBucket();
    const put = (TargetBucket: string) => failure(f.client.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket, TargetPrefix: "log" } } })));
    const missing = await put(`missing-${bucket}`);
    expect([missing.name, missing.message, fields(missing).TargetBucket]).toEqual(["InvalidTargetBucketForLogging", "The target bucket for logging does not exist", `missing-${bucket}`]);
    const west = bucketName();
    await fetch(`${f.url}/${west}`, {
      method: "PUT", headers: { authorization: AUTHORIZATION.replace("us-east-1", "us-west-2") },
      body: '<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>us-west-2</LocationConstraint></CreateBucketConfiguration>',
    });
    const cross = await put(west);
    expect([cross.name, cross.message, cross.$metadata.httpStatusCode, fields(cross).TargetBucketLocation]).toEqual([
      "CrossLocationLoggingProhibitted", "Cross S3 location logging not allowed. ", 403, "us-west-2",
    ]);
  });

  it("words multipart completion errors as S3 does", async () => {
    // TestS3::test_multipart_complete_multipart_too_small "complete-exc-no-parts", test_multipart_complete_multipart_wrong_part
    const bucket = await newBucket();
    const [UploadId] = await createUploads(bucket, ["k"]);
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: "data" }));
    const none = await failure(f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: [] } })));
    expect([none.name, none.message]).toEqual(["InvalidRequest", "You must specify at least one part"]);
    const wrong = await failure(f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: part.ETag }] } })));
    expect(wrong.message).toBe(
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    );
  });
});

describe("Object Lock protecting versions (test_s3.snapshot.json TestS3ObjectLockLegalHold, TestS3ObjectLockRetention)", () => {
  it("refuses to delete a version under a legal hold or an unexpired GOVERNANCE retention, unless bypassed", async () => {
    // test_delete_locked_object "delete-object-locked", "delete-objects-locked"; test_s3_object_retention "delete-obj-locked", "delete-obj-locked-bypass"
    const bucket = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    const held = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "held", Body: "test" }));
    await f.client.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: "held", LegalHold: { Status: "ON" } }));
    const denied = await failure(f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "held", VersionId: held.VersionId })));
    expect([denied.name, denied.message, denied.$metadata.httpStatusCode]).toEqual(["AccessDenied", "Access Denied", 403]);
    const batch = await f.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "held", VersionId: held.VersionId }] } }));
    expect(batch.Errors).toEqual([{ Key: "held", VersionId: held.VersionId, Code: "AccessDenied", Message: "Access Denied" }]);
    await f.client.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: "held", LegalHold: { Status: "OFF" } }));
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "held", VersionId: held.VersionId }));
    const retained = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "retained", Body: "test" }));
    await f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "retained", Retention: { Mode: "GOVERNANCE", RetainUntilDate: new Date(Date.now() + 86_400_000) } }));
    expect((await failure(f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "retained", VersionId: retained.VersionId })))).name).toBe("AccessDenied");
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "retained", VersionId: retained.VersionId, BypassGovernanceRetention: true }));
  });

  it("refuses a Retention with a Mode but no RetainUntilDate as MalformedXML", async () => {
    // test_s3.snapshot.json TestS3ObjectLockRetention::test_s3_object_retention_exc "put-object-missing-retention-fields"
    const bucket = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "test" }));
    const error = await failure(f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", Retention: { Mode: "GOVERNANCE" }, BypassGovernanceRetention: true })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["MalformedXML", 400]);
    await expect(f.client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: "k" }))).rejects.toMatchObject({ name: "NoSuchObjectLockConfiguration" });
  });

  it("removes a GOVERNANCE retention with an empty Retention and the bypass, after which it may be set shorter", async () => {
    // test_s3.snapshot.json TestS3ObjectLockRetention::test_s3_object_retention "update-retention-locked-object", "put-object-empty-retention", "update-retention-object"
    const bucket = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "test", ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: new Date("2030-01-01T00:00:00Z") }));
    const soon = { Mode: "GOVERNANCE" as const, RetainUntilDate: new Date(Date.now() + 5_000) };
    const denied = await failure(f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", Retention: soon })));
    expect([denied.name, denied.message, denied.$metadata.httpStatusCode]).toEqual(["AccessDenied", "Access Denied", 403]);
    await f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", Retention: {}, BypassGovernanceRetention: true }));
    await f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", Retention: soon }));
  });
});

describe("UploadPart checksum algorithms (test_s3.snapshot.json TestS3::test_multipart_parts_checksum_exceptions)", () => {
  /** A raw UploadPart carrying no checksum at all (the SDKs always add one). */
  async function rawPart(bucket: string, uploadId: string): Promise<{ status: number; xml: string }> {
    const res = await fetch(`${f.url}/${bucket}/k?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, {
      method: "PUT",
      headers: { authorization: AUTHORIZATION, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      body: new Uint8Array([1]),
    });
    return { status: res.status, xml: await res.text() };
  }

  it("refuses a part without a checksum, or of another algorithm, in a COMPOSITE upload", async () => {
    // "upload-part-no-checksum-exc"; the other-algorithm text as OpenStack Swift's s3api tests (run against S3) expect it
    const bucket = await newBucket();
    const { UploadId = "" } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "k", ChecksumAlgorithm: "SHA256" }));
    const none = await rawPart(bucket, UploadId);
    expect([none.status, element(none.xml, "Code"), element(none.xml, "Message")]).toEqual([
      400,
      "InvalidRequest",
      "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: null",
    ]);
    const other = await failure(f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: "x", ChecksumAlgorithm: "CRC32" })));
    expect([other.name, other.message]).toEqual(["InvalidRequest", "Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32"]);
    const same = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: "x", ChecksumAlgorithm: "SHA256" }));
    expect(same.ChecksumSHA256).toBeDefined();
  });

  it("computes the checksum of a part sent without one in a FULL_OBJECT upload", async () => {
    const bucket = await newBucket();
    const { UploadId = "" } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "k", ChecksumAlgorithm: "CRC32", ChecksumType: "FULL_OBJECT" }));
    expect((await rawPart(bucket, UploadId)).status).toBe(200);
  });
});
