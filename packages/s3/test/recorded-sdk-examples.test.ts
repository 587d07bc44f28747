/**
 * The S3 service team's API examples (examples-1.json, carried as `@example` blocks in @aws-sdk/client-s3's command
 * typings and shown in the API reference), replayed through the AWS SDK v3 client; the shapes of the answers are
 * compared, not the author's values (ids, ETags, times). Only the examples that showed a difference, or a behaviour
 * no other test covers, are kept here.
 */
import {
  CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectTaggingCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand,
  DeletePublicAccessBlockCommand, GetBucketAclCommand, GetObjectAclCommand, GetObjectAttributesCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListObjectsCommand,
  ListObjectVersionsCommand, ListPartsCommand, PutBucketAclCommand, PutBucketVersioningCommand, PutObjectAclCommand, PutObjectCommand,
  PutObjectTaggingCommand, UploadPartCopyCommand, UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;
beforeAll(async () => {
  f = await startS3();
});
afterAll(() => f.close());

async function newBucket(extra: { ObjectOwnership?: "ObjectWriter" } = {}): Promise<string> {
  const Bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket, ...extra }));
  return Bucket;
}

async function versioned(Bucket: string, Status: "Enabled" | "Suspended" = "Enabled"): Promise<void> {
  await f.client.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { MFADelete: "Disabled", Status } }));
}

describe("the null version of a bucket that is or was versioned answers VersionId \"null\"", () => {
  // The examples' HappyFace.jpg predates versioning (ListObjectVersions "To list object versions" lists it as "null").
  it("GetObject 'To retrieve an object', HeadObject 'To retrieve metadata of an object without returning the object itself'", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket, Key: "HappyFace.jpg", Body: "HappyFace.jpg", Tagging: "key1=value1&key2=value2" }));
    const before = await f.client.send(new HeadObjectCommand({ Bucket, Key: "HappyFace.jpg" }));
    expect(before.VersionId).toBeUndefined();
    await versioned(Bucket);
    const got = await f.client.send(new GetObjectCommand({ Bucket, Key: "HappyFace.jpg" }));
    await got.Body?.transformToString();
    expect(got).toMatchObject({ AcceptRanges: "bytes", ContentLength: 13, TagCount: 2, Metadata: {}, VersionId: "null" });
    const head = await f.client.send(new HeadObjectCommand({ Bucket, Key: "HappyFace.jpg" }));
    expect(head).toMatchObject({ AcceptRanges: "bytes", ContentLength: 13, Metadata: {}, VersionId: "null" });
    expect((await f.client.send(new HeadObjectCommand({ Bucket, Key: "HappyFace.jpg", VersionId: "null" }))).VersionId).toBe("null");
    const attributes = await f.client.send(new GetObjectAttributesCommand({ Bucket, Key: "HappyFace.jpg", ObjectAttributes: ["ObjectSize"] }));
    expect([attributes.ObjectSize, attributes.VersionId]).toEqual([13, "null"]);
  });

  it("GetObject 'To retrieve a byte range of an object' in a suspended bucket", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket, Key: "SampleFile.txt", Body: "x".repeat(43), ContentType: "text/plain" }));
    await versioned(Bucket, "Suspended");
    const got = await f.client.send(new GetObjectCommand({ Bucket, Key: "SampleFile.txt", Range: "bytes=0-9" }));
    expect(await got.Body?.transformToString()).toBe("x".repeat(10));
    expect(got).toMatchObject({ AcceptRanges: "bytes", ContentLength: 10, ContentRange: "bytes 0-9/43", ContentType: "text/plain", VersionId: "null" });
  });

  it("PutObjectTagging 'To add tags to an existing object', GetObjectTagging / DeleteObjectTagging 'To … tag set of an object'", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket, Key: "HappyFace.jpg", Body: "x" }));
    await versioned(Bucket);
    const TagSet = [{ Key: "Key3", Value: "Value3" }, { Key: "Key4", Value: "Value4" }];
    expect((await f.client.send(new PutObjectTaggingCommand({ Bucket, Key: "HappyFace.jpg", Tagging: { TagSet } }))).VersionId).toBe("null");
    const tags = await f.client.send(new GetObjectTaggingCommand({ Bucket, Key: "HappyFace.jpg" }));
    expect(tags).toMatchObject({ TagSet, VersionId: "null" });
    expect((await f.client.send(new DeleteObjectTaggingCommand({ Bucket, Key: "HappyFace.jpg" }))).VersionId).toBe("null");
  });

  it("a bucket never versioned names no version", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket, Key: "k", Body: "x" }));
    expect((await f.client.send(new GetObjectTaggingCommand({ Bucket, Key: "k" }))).VersionId).toBeUndefined();
    expect((await f.client.send(new HeadObjectCommand({ Bucket, Key: "k", VersionId: "null" }))).VersionId).toBeUndefined();
  });
});

describe("UploadPartCopy", () => {
  it("'To upload a part by copying byte range from an existing object as data source' names the source version copied", async () => {
    const Bucket = await newBucket();
    await versioned(Bucket);
    const { VersionId } = await f.client.send(new PutObjectCommand({ Bucket, Key: "sourceobjectkey", Body: Buffer.alloc(200_000, 98) }));
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket, Key: "examplelargeobject" }));
    const part = await f.client.send(new UploadPartCopyCommand({
      Bucket, CopySource: `/${Bucket}/sourceobjectkey`, CopySourceRange: "bytes=1-100000", Key: "examplelargeobject", PartNumber: 2, UploadId,
    }));
    expect(part.CopyPartResult).toEqual({ ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/), LastModified: expect.any(Date) });
    expect(part.CopySourceVersionId).toBe(VersionId);
    // From an unversioned source, none.
    const Plain = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: Plain, Key: "src", Body: "abc" }));
    const plain = await f.client.send(new UploadPartCopyCommand({ Bucket, CopySource: `/${Plain}/src`, Key: "examplelargeobject", PartNumber: 1, UploadId }));
    expect(plain.CopySourceVersionId).toBeUndefined();
  });
});

describe("PutObjectAcl 'To grant permissions using object ACL'", () => {
  // The example grants FULL_CONTROL to emailaddress=user1@example.com,emailaddress=user2@example.com: "As of October 1,
  // 2025, Amazon S3 has discontinued support for Email Grantee Access Control Lists (ACLs) … HTTP 405 (Method Not Allowed)".
  it("refuses the example's email grantees with a 405, in headers (either spelling) and in an AccessControlPolicy", async () => {
    const Bucket = await newBucket({ ObjectOwnership: "ObjectWriter" });
    await f.client.send(new DeletePublicAccessBlockCommand({ Bucket }));
    await f.client.send(new PutObjectCommand({ Bucket, Key: "HappyFace.jpg", Body: "x" }));
    const example = f.client.send(new PutObjectAclCommand({
      AccessControlPolicy: {}, Bucket, Key: "HappyFace.jpg",
      GrantFullControl: "emailaddress=user1@example.com,emailaddress=user2@example.com", GrantRead: "uri=http://acs.amazonaws.com/groups/global/AllUsers",
    }));
    const refused = await failure(example);
    expect([refused.name, refused.message, refused.$metadata.httpStatusCode]).toEqual(["MethodNotAllowed", "The specified method is not allowed against this resource.", 405]);
    expect((await failure(f.client.send(new PutBucketAclCommand({ Bucket, GrantRead: 'emailAddress="user1@example.com"' })))).name).toBe("MethodNotAllowed");
    const { Owner } = await f.client.send(new GetObjectAclCommand({ Bucket, Key: "HappyFace.jpg" }));
    const body = f.client.send(new PutObjectAclCommand({
      Bucket, Key: "HappyFace.jpg",
      AccessControlPolicy: { Owner, Grants: [{ Grantee: { Type: "AmazonCustomerByEmail", EmailAddress: "user1@example.com" }, Permission: "READ" }] },
    }));
    expect((await failure(body)).name).toBe("MethodNotAllowed");
    // Nothing changed; the same grants by canonical id and group are taken.
    expect((await f.client.send(new GetObjectAclCommand({ Bucket, Key: "HappyFace.jpg" }))).Grants).toHaveLength(1);
    await f.client.send(new PutObjectAclCommand({ Bucket, Key: "HappyFace.jpg", GrantFullControl: `id=${Owner?.ID}`, GrantRead: "uri=http://acs.amazonaws.com/groups/global/AllUsers" }));
    const { Grants } = await f.client.send(new GetObjectAclCommand({ Bucket, Key: "HappyFace.jpg" }));
    expect(Grants?.map((g) => [g.Grantee?.Type, g.Permission])).toEqual([["CanonicalUser", "FULL_CONTROL"], ["Group", "READ"]]);
  });
});

describe("owners and grantees are named by canonical id alone", () => {
  // Every example shows an Owner / Initiator / Grantee DisplayName; "Beginning November 21, 2025, Amazon S3 will stop
  // returning DisplayName" (API reference, Owner and Grantee; the SDK's models now leave it undocumented).
  it("ListBuckets 'To list all buckets', ListObjects 'To list objects in a bucket', ListObjectVersions 'To list object versions'", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket, Key: "HappyFace.jpg", Body: "x" }));
    const owner = { ID: expect.stringMatching(/^[0-9a-f]{64}$/) };
    expect((await f.client.send(new ListBucketsCommand({}))).Owner).toStrictEqual(owner);
    expect((await f.client.send(new ListObjectsCommand({ Bucket, MaxKeys: 2 }))).Contents?.[0].Owner).toStrictEqual(owner);
    expect((await f.client.send(new ListObjectVersionsCommand({ Bucket, Prefix: "HappyFace.jpg" }))).Versions?.[0].Owner).toStrictEqual(owner);
  });

  it("ListMultipartUploads 'To list in-progress multipart uploads on a bucket', ListParts 'To list parts of a multipart upload.'", async () => {
    const Bucket = await newBucket();
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket, Key: "bigobject" }));
    await f.client.send(new UploadPartCommand({ Bucket, Key: "bigobject", UploadId, PartNumber: 1, Body: "part" }));
    const owner = { ID: expect.stringMatching(/^[0-9a-f]{64}$/) };
    const [upload] = (await f.client.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads ?? [];
    expect([upload.Owner, upload.Initiator]).toStrictEqual([owner, owner]);
    const parts = await f.client.send(new ListPartsCommand({ Bucket, Key: "bigobject", UploadId }));
    expect([parts.Owner, parts.Initiator]).toStrictEqual([owner, owner]);
  });

  it("GetObjectAcl 'To retrieve object ACL', GetBucketAcl, even after an ACL that named one", async () => {
    const Bucket = await newBucket({ ObjectOwnership: "ObjectWriter" });
    await f.client.send(new PutObjectCommand({ Bucket, Key: "HappyFace.jpg", Body: "x" }));
    const acl = await f.client.send(new GetObjectAclCommand({ Bucket, Key: "HappyFace.jpg" }));
    const ID = acl.Owner?.ID ?? "";
    expect(acl.Owner).toStrictEqual({ ID });
    expect(acl.Grants).toStrictEqual([{ Grantee: { Type: "CanonicalUser", ID }, Permission: "FULL_CONTROL" }]);
    await f.client.send(new PutObjectAclCommand({
      Bucket, Key: "HappyFace.jpg",
      AccessControlPolicy: { Owner: { ID, DisplayName: "owner-display-name" }, Grants: [{ Grantee: { Type: "CanonicalUser", ID, DisplayName: "owner-display-name" }, Permission: "WRITE" }] },
    }));
    const after = await f.client.send(new GetObjectAclCommand({ Bucket, Key: "HappyFace.jpg" }));
    expect([after.Owner, after.Grants]).toStrictEqual([{ ID }, [{ Grantee: { Type: "CanonicalUser", ID }, Permission: "WRITE" }]]);
    const bucketAcl = await f.client.send(new GetBucketAclCommand({ Bucket }));
    expect([bucketAcl.Owner, bucketAcl.Grants?.[0].Grantee]).toStrictEqual([{ ID }, { Type: "CanonicalUser", ID }]);
  });
});
