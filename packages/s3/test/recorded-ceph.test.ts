/**
 * Behaviours found by running ceph/s3-tests (s3tests_boto3/functional/test_s3.py) against the
 * sandbox, where the suite's expectation is S3's own. Each case names the suite's test and,
 * where the suite is not the only witness, the AWS source that confirms it.
 */
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, GetBucketLifecycleConfigurationCommand, GetObjectAttributesCommand,
  GetObjectCommand, ListObjectsCommand, ListObjectsV2Command, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, PutObjectCommand,
  UploadPartCommand, UploadPartCopyCommand, type CompletedPart,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBucket, failure, startS3, type S3Fixture } from "./helpers.js";

const MIB = 1024 * 1024;
let f: S3Fixture;

beforeAll(async () => {
  f = await startS3();
});
afterAll(async () => {
  await f?.close();
});

const newBucket = (): Promise<string> => createBucket(f.client);

/** The text of the first <name> element of an XML answer. */
const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.replaceAll("&apos;", "'").replaceAll("&quot;", '"');

describe("listing", () => {
  it("keeps ListObjects' Prefix unencoded under encoding-type=url, as ListObjectsV2 does not", async () => {
    // ceph test_bucket_list_prefix_unreadable; botocore decodes Prefix only for V2 (handlers.decode_list_object).
    const bucket = await newBucket();
    const v1 = await f.client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: "a b", EncodingType: "url" }));
    expect(v1.Prefix).toBe("a b");
    const v2 = await f.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "a b", EncodingType: "url" }));
    expect(v2.Prefix).toBe("a%20b");
  });

  it("answers an empty delimiter as no delimiter", async () => {
    // ceph test_bucket_list_delimiter_empty. (ceph test_bucket_listv2_continuationtoken_empty expects an empty
    // continuation token to list a first page; AWS refuses it: see recorded-localstack2.test.ts.)
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "a/b", Body: "x" }));
    const res = await fetch(`${f.url}/${bucket}?list-type=2&delimiter=`);
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml).not.toContain("<Delimiter>");
    expect(element(xml, "Key")).toBe("a/b");
  });
});

describe("objects", () => {
  it("names the object on a 304: ETag and Last-Modified", async () => {
    // ceph test_get_object_ifnonematch_good (RFC 9110 15.4.5: a 304 carries the ETag a 200 would)
    const bucket = await newBucket();
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "bar" }));
    const res = await fetch(`${f.url}/${bucket}/k`, { headers: { "if-none-match": put.ETag ?? "" } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(put.ETag);
    expect(res.headers.get("last-modified")).toMatch(/GMT$/);
  });

  it("stores a Content-Encoding without aws-chunked as sent", async () => {
    // ceph test_object_content_encoding_aws_chunked
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ContentEncoding: "deflate, gzip" }));
    expect((await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).ContentEncoding).toBe("deflate, gzip");
  });

  it("refuses x-amz-server-side-encryption on a read with InvalidArgument", async () => {
    // ceph test_sse_s3_default_method_head; text as captured from S3 in s3tools/s3cmd#276
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const res = await fetch(`${f.url}/${bucket}/k`, { headers: { "x-amz-server-side-encryption": "AES256" } });
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("InvalidArgument");
    expect(element(xml, "Message")).toBe("x-amz-server-side-encryption header is not supported for this operation.");
  });

  it("refuses a PutObject If-None-Match other than \"*\" (ceph compares ETags; AWS does not)", async () => {
    // ceph test_put_object_if_match expects ETag comparison (412 / success); AWS answers 501 NotImplemented
    // (localstack test_s3_api.snapshot.json test_put_object_if_none_match_validation, recorded 2025-03).
    const bucket = await newBucket();
    const { ETag } = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", IfNoneMatch: "*" }));
    const error = await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "y", IfNoneMatch: ETag })));
    expect(error.$metadata.httpStatusCode).toBe(501);
    expect(await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "y", IfNoneMatch: '"badetag"' })))).toMatchObject({ name: "NotImplemented" });
  });

  it("answers PutObject to a suspended bucket without x-amz-version-id", async () => {
    // ceph test_versioning_bucket_atomic_upload_return_version_id; PutObject's "Versioning suspended" sample response
    const bucket = await newBucket();
    await f.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Suspended" } }));
    expect((await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }))).VersionId).toBeUndefined();
    // A copy does name the null version (LocalStack test_s3.snapshot.json test_s3_copy_object_in_place_suspended_only, AWS-recorded).
    const copy = await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "k2", CopySource: `${bucket}/k` }));
    expect([copy.VersionId, copy.CopySourceVersionId]).toEqual(["null", undefined]);
    expect((await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).VersionId).toBe("null");
  });
});

describe("multipart", () => {
  async function twoParts(bucket: string, key: string, algorithm?: "SHA256") {
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: algorithm }));
    const parts: CompletedPart[] = [];
    for (const [n, body] of [[1, Buffer.alloc(5 * MIB, "a")], [2, Buffer.from("tail")]] as const) {
      const out = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: body, ChecksumAlgorithm: algorithm }));
      parts.push({ PartNumber: n, ETag: out.ETag, ...(algorithm ? { ChecksumSHA256: out.ChecksumSHA256 } : {}) });
    }
    return { UploadId, parts };
  }

  it("completes again with the same answer", async () => {
    // ceph test_multipart_upload; S3 completes idempotently (minio#13318, S3Mock#2586, both tried on S3)
    const bucket = await newBucket();
    const { UploadId, parts } = await twoParts(bucket, "k");
    const first = await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: parts } }));
    const again = await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: parts } }));
    expect(again.ETag).toBe(first.ETag);
  });

  it("reads one part with ?partNumber, 416 InvalidPartNumber past the last", async () => {
    // ceph test_multipart_get_part (its part ETag and 400 are RGW's; S3's texts as S3-compatible servers record them)
    const bucket = await newBucket();
    const { UploadId, parts } = await twoParts(bucket, "k");
    const done = await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: parts } }));
    const second = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", PartNumber: 2 }));
    expect(await second.Body?.transformToString()).toBe("tail");
    expect(second.ContentRange).toBe(`bytes ${5 * MIB}-${5 * MIB + 3}/${5 * MIB + 4}`);
    expect(second.PartsCount).toBe(2);
    expect(second.ETag).toBe(done.ETag);
    const error = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", PartNumber: 3 })));
    expect(error.$metadata.httpStatusCode).toBe(416);
    expect(error.name).toBe("InvalidPartNumber");
    expect(error.message).toBe("The requested partnumber is not satisfiable");
  });

  it("refuses an UploadPartCopy range outside the source with InvalidArgument", async () => {
    // ceph test_multipart_copy_invalid_range / test_multipart_copy_improper_range (S3's texts, as s3rver records them)
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "src", Body: "12345" }));
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "dst" }));
    const copy = (range: string) => f.client.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "dst", UploadId, PartNumber: 1, CopySource: `${bucket}/src`, CopySourceRange: range }));
    const outside = await failure(copy("bytes=0-21"));
    expect(outside.name).toBe("InvalidArgument");
    expect(outside.message).toBe("Range specified is not valid for source object of size: 5");
    const malformed = await failure(copy("bytes=0-2,3-5"));
    expect(malformed.name).toBe("InvalidArgument");
    expect(malformed.message).toMatch(/^The x-amz-copy-source-range value must be of the form bytes=first-last/);
  });

  it("wants each part's checksum in the completion of a composite-checksum upload", async () => {
    // ceph test_multipart_checksum_sha256; the text AWS SDK users meet (versitygw and others record it)
    const bucket = await newBucket();
    const { UploadId, parts } = await twoParts(bucket, "k", "SHA256");
    const bare = parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag }));
    const error = await failure(f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: bare } })));
    expect(error.name).toBe("InvalidRequest");
    expect(error.message).toBe("The upload was created using a sha256 checksum. The complete request must include the checksum for each part. It was missing for part 1 in the request.");
  });

  it("lists the parts of an upload made with checksums in GetObjectAttributes, a page at a time", async () => {
    // ceph test_get_multipart_checksum_object_attributes / test_get_paginated_multipart_object_attributes
    const bucket = await newBucket();
    const { UploadId, parts } = await twoParts(bucket, "k", "SHA256");
    await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "k", UploadId, MultipartUpload: { Parts: parts } }));
    const page = await f.client.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "k", ObjectAttributes: ["ObjectParts"], MaxParts: 1 }));
    expect(page.ObjectParts).toMatchObject({ TotalPartsCount: 2, PartNumberMarker: "0", NextPartNumberMarker: "1", MaxParts: 1, IsTruncated: true });
    expect(page.ObjectParts?.Parts).toEqual([{ PartNumber: 1, Size: 5 * MIB, ChecksumSHA256: parts[0].ChecksumSHA256 }]);
    const rest = await f.client.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: "k", ObjectAttributes: ["ObjectParts"], PartNumberMarker: "1" }));
    expect(rest.ObjectParts?.Parts?.map((p) => p.PartNumber)).toEqual([2]);
    expect(rest.ObjectParts?.IsTruncated).toBe(false);
  });
});

describe("lifecycle configuration", () => {
  it("gives a rule without an ID one", async () => {
    // ceph test_lifecycle_get_no_id
    const bucket = await newBucket();
    await f.client.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket, LifecycleConfiguration: { Rules: [{ Status: "Enabled", Filter: { Prefix: "a/" }, Expiration: { Days: 1 } }] },
    }));
    const { Rules } = await f.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(Rules?.[0].ID).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
  });

  it("holds a transition's Date to midnight GMT", async () => {
    // ceph test_lifecycle_transition_set_invalid_date
    const bucket = await newBucket();
    const body = `<LifecycleConfiguration><Rule><ID>r</ID><Filter><Prefix>a/</Prefix></Filter><Status>Enabled</Status><Transition><Date>20220927</Date><StorageClass>GLACIER</StorageClass></Transition></Rule></LifecycleConfiguration>`;
    const res = await fetch(`${f.url}/${bucket}?lifecycle`, { method: "PUT", body });
    expect(res.status).toBe(400);
    expect(element(await res.text(), "Message")).toBe("'Date' must be at midnight GMT");
  });
});

describe("POST Object policy", () => {
  // A SigV2 form as ceph's tests send it: AWSAccessKeyId, signature and policy (the sandbox checks no signature).
  const post = (bucket: string, conditions: unknown[] | undefined, fields: [string, string][], expiration = "2099-01-01T00:00:00Z", file = "bar") => {
    const form = new FormData();
    const policy = Buffer.from(JSON.stringify({ expiration, ...(conditions ? { conditions } : {}) })).toString("base64");
    for (const [name, value] of [["AWSAccessKeyId", "x"], ["signature", "c2ln"], ["policy", policy], ...fields]) form.append(name, value);
    form.append("file", new Blob([file]), "file.txt");
    return fetch(`${f.url}/${bucket}`, { method: "POST", body: form, redirect: "manual" });
  };
  const base = (bucket: string) => [{ bucket }, ["starts-with", "$key", "foo"], ["content-length-range", 0, 1024]];

  it("takes a form its policy allows, condition names and operators in any case", async () => {
    // ceph test_post_object_authenticated_request / test_post_object_case_insensitive_condition_fields
    const bucket = await newBucket();
    const res = await post(bucket, [{ bUcKeT: bucket }, ["StArTs-WiTh", "$KeY", "foo"], ["content-length-range", 0, 1024]], [["kEy", "foo.txt"]]);
    expect(res.status).toBe(204);
    expect(await (await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "foo.txt" }))).Body?.transformToString()).toBe("bar");
  });

  it("refuses a failed condition with 403 AccessDenied naming it", async () => {
    // ceph test_post_object_invalid_request_field_value; text: localstack TestS3PresignedPost (AWS-validated)
    const bucket = await newBucket();
    const res = await post(bucket, [...base(bucket), ["eq", "$x-amz-meta-foo", ""]], [["key", "foo.txt"], ["x-amz-meta-foo", "barclamp"]]);
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("AccessDenied");
    expect(element(xml, "Message")).toBe('Invalid according to Policy: Policy Condition failed: ["eq", "$x-amz-meta-foo", ""]');
  });

  it("refuses a field no condition names", async () => {
    // ceph test_post_object_request_missing_policy_specified_field's converse; S3's text from its captures (s3-beam#42, moxie#165)
    const bucket = await newBucket();
    const res = await post(bucket, base(bucket), [["key", "foo.txt"], ["x-amz-meta-extra", "1"]]);
    expect(res.status).toBe(403);
    expect(element(await res.text(), "Message")).toBe("Invalid according to Policy: Extra input fields: x-amz-meta-extra");
  });

  it("holds the file to content-length-range: EntityTooLarge and EntityTooSmall", async () => {
    // ceph test_post_object_upload_size_limit_exceeded / _below_minimum; texts: localstack TestS3PresignedPost (AWS-validated)
    const bucket = await newBucket();
    const large = await post(bucket, [{ bucket }, ["starts-with", "$key", "foo"], ["content-length-range", 0, 2]], [["key", "foo.txt"]]);
    expect(large.status).toBe(400);
    const xml = await large.text();
    expect(element(xml, "Code")).toBe("EntityTooLarge");
    expect(element(xml, "ProposedSize")).toBe("3");
    expect(element(xml, "MaxSizeAllowed")).toBe("2");
    const small = await post(bucket, [{ bucket }, ["starts-with", "$key", "foo"], ["content-length-range", 512, 1000]], [["key", "foo.txt"]]);
    expect(small.status).toBe(400);
    expect(element(await small.text(), "Message")).toBe("Your proposed upload is smaller than the minimum allowed size");
  });

  it("refuses a policy without expiration or conditions, or with a malformed expiration, as InvalidPolicyDocument", async () => {
    // ceph test_post_object_missing_expires_condition / _missing_conditions_list / _invalid_date_format
    const bucket = await newBucket();
    const noConditions = await post(bucket, undefined, [["key", "foo.txt"]]);
    expect(noConditions.status).toBe(400);
    expect(element(await noConditions.text(), "Code")).toBe("InvalidPolicyDocument");
    const badDate = await post(bucket, base(bucket), [["key", "foo.txt"]], "2099-01-01 00:00:00+00:00");
    expect(badDate.status).toBe(400);
    expect(element(await badDate.text(), "Message")).toBe("Invalid Policy: Invalid 'expiration' value: '2099-01-01 00:00:00+00:00'");
  });

  it("wants a signature with a policy", async () => {
    // ceph test_post_object_missing_signature; text: localstack TestS3PresignedPost (AWS-validated)
    const bucket = await newBucket();
    const form = new FormData();
    form.append("key", "foo.txt");
    form.append("AWSAccessKeyId", "x");
    form.append("policy", Buffer.from(JSON.stringify({ expiration: "2099-01-01T00:00:00Z", conditions: base(bucket) })).toString("base64"));
    form.append("file", new Blob(["bar"]));
    const res = await fetch(`${f.url}/${bucket}`, { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(element(await res.text(), "Message")).toBe("Bucket POST must contain a field named 'Signature'.  If it is specified, please check the order of the fields.");
  });

  it("redirects to success_action_redirect with bucket, key and a quoted etag", async () => {
    // ceph test_post_object_success_redirect_action
    const bucket = await newBucket();
    const target = "http://localhost.test/done";
    const res = await post(bucket, [...base(bucket), ["eq", "$success_action_redirect", target]], [["key", "foo.txt"], ["success_action_redirect", target]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${target}?bucket=${bucket}&key=foo.txt&etag=%2237b51d194a7513e45b56f6524f2d51f2%22`);
  });

  it("answers success_action_status 201 with a PostResponse without a namespace", async () => {
    // ceph test_post_object_set_success_code; every capture of S3's PostResponse (s3rver#504, ceph#20330) has none
    const bucket = await newBucket();
    const res = await post(bucket, [...base(bucket), { success_action_status: "201" }], [["key", "foo.txt"], ["success_action_status", "201"]]);
    expect(res.status).toBe(201);
    const xml = await res.text();
    expect(xml).toContain("<PostResponse><Location>");
    expect(element(xml, "Key")).toBe("foo.txt");
  });
});
