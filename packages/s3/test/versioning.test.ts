import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketCommand, DeleteObjectCommand,
  DeleteObjectsCommand, GetBucketVersioningCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectVersionsCommand,
  ListObjectsV2Command, PutBucketNotificationConfigurationCommand, PutBucketVersioningCommand, PutObjectCommand, PutObjectTaggingCommand,
  S3Client, UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { LambdaInvokeRequest } from "@sam-sandbox/core";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, runOnDisk, startS3, type S3Fixture } from "./helpers.js";

let s3: S3Fixture;
const invoked: LambdaInvokeRequest[] = [];
beforeAll(async () => {
  s3 = await startS3({
    invoker: {
      invoke: async (request) => {
        invoked.push(request);
        return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
      },
    },
  });
});
afterAll(() => s3.close());

async function versionedBucket(status: "Enabled" | "Suspended" = "Enabled"): Promise<string> {
  const name = bucketName();
  await s3.client.send(new CreateBucketCommand({ Bucket: name }));
  await s3.client.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: status } }));
  return name;
}

const put = (Bucket: string, Key: string, Body: string) => s3.client.send(new PutObjectCommand({ Bucket, Key, Body }));
const read = async (Bucket: string, Key: string, VersionId?: string) =>
  (await s3.client.send(new GetObjectCommand({ Bucket, Key, VersionId }))).Body?.transformToString();

describe("PutBucketVersioning / GetBucketVersioning", () => {
  it("answers no Status before versioning, then Enabled and Suspended", async () => {
    const bucket = bucketName();
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const before = await s3.client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(before.Status).toBeUndefined();
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    expect((await s3.client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Enabled");
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Suspended", MFADelete: "Disabled" } }));
    const after = await s3.client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(after.Status).toBe("Suspended");
    expect(after.MFADelete).toBe("Disabled");
  });

  it("refuses a Status other than Enabled or Suspended with MalformedXML", async () => {
    const bucket = bucketName();
    await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const res = await fetch(`${s3.url}/${bucket}?versioning`, {
      method: "PUT",
      body: '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>On</Status></VersioningConfiguration>',
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>MalformedXML</Code>");
  });
});

describe("versions", () => {
  it("keeps each PutObject as a version and reads any of them by versionId", async () => {
    const bucket = await versionedBucket();
    const v1 = await put(bucket, "doc.txt", "one");
    const v2 = await put(bucket, "doc.txt", "two");
    expect(v1.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(v2.VersionId).not.toBe(v1.VersionId);
    expect(await read(bucket, "doc.txt")).toBe("two");
    expect(await read(bucket, "doc.txt", v1.VersionId)).toBe("one");
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "doc.txt", VersionId: v1.VersionId }));
    expect(head.VersionId).toBe(v1.VersionId);
    expect(head.ContentLength).toBe(3);
  });

  it("answers NoSuchVersion for a deleted version and InvalidArgument for a malformed one", async () => {
    const bucket = await versionedBucket();
    await put(bucket, "k", "x");
    const gone = await put(bucket, "k", "y");
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId: gone.VersionId }));
    const unknown = await failure(s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: gone.VersionId })));
    expect(unknown.name).toBe("NoSuchVersion");
    expect(unknown.message).toBe("The specified version does not exist.");
    const malformed = await failure(s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId: "nope" })));
    expect(malformed.name).toBe("InvalidArgument");
    expect(malformed.message).toBe("Invalid version id specified");
  });

  it("makes a delete marker: GET answers NoSuchKey with x-amz-delete-marker, GET of the marker 405", async () => {
    const bucket = await versionedBucket();
    const v1 = await put(bucket, "gone.txt", "data");
    const deleted = await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "gone.txt" }));
    expect(deleted.DeleteMarker).toBe(true);
    expect(deleted.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);

    const res = await fetch(`${s3.url}/${bucket}/gone.txt`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amz-delete-marker")).toBe("true");
    expect(res.headers.get("x-amz-version-id")).toBe(deleted.VersionId);
    expect(await res.text()).toContain("<Code>NoSuchKey</Code>");

    const marker = await fetch(`${s3.url}/${bucket}/gone.txt?versionId=${deleted.VersionId}`);
    expect(marker.status).toBe(405);
    expect(marker.headers.get("x-amz-delete-marker")).toBe("true");
    expect(await marker.text()).toContain("<Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message><Method>GET</Method><ResourceType>DeleteMarker</ResourceType>");

    // The old version is still there; the listing no longer shows the key.
    expect(await read(bucket, "gone.txt", v1.VersionId)).toBe("data");
    expect((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);

    // Deleting the marker brings the object back.
    const undone = await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "gone.txt", VersionId: deleted.VersionId }));
    expect(undone.DeleteMarker).toBe(true);
    expect(undone.VersionId).toBe(deleted.VersionId);
    expect(await read(bucket, "gone.txt")).toBe("data");
  });

  it("deletes one version by id, the next newest becoming current", async () => {
    const bucket = await versionedBucket();
    const v1 = await put(bucket, "k", "one");
    const v2 = await put(bucket, "k", "two");
    const out = await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId: v2.VersionId }));
    expect(out.VersionId).toBe(v2.VersionId);
    expect(out.DeleteMarker).toBeUndefined();
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect(head.VersionId).toBe(v1.VersionId);
  });

  it("lists versions and delete markers, newest first, with KeyMarker / VersionIdMarker pages", async () => {
    const bucket = await versionedBucket();
    const a1 = await put(bucket, "a", "1");
    const a2 = await put(bucket, "a", "22");
    const b1 = await put(bucket, "b", "333");
    const marker = await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "b" }));
    await put(bucket, "dir/c", "c");
    const all = await s3.client.send(new ListObjectVersionsCommand({ Bucket: bucket, Delimiter: "/" }));
    expect(all.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
      ["a", a2.VersionId, true, 2],
      ["a", a1.VersionId, false, 1],
      ["b", b1.VersionId, false, 3],
    ]);
    expect(all.DeleteMarkers?.map((m) => [m.Key, m.VersionId, m.IsLatest])).toEqual([["b", marker.VersionId, true]]);
    expect(all.CommonPrefixes).toEqual([{ Prefix: "dir/" }]);
    expect(all.IsTruncated).toBe(false);

    const page1 = await s3.client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1 }));
    expect(page1.IsTruncated).toBe(true);
    expect([page1.NextKeyMarker, page1.NextVersionIdMarker]).toEqual(["a", a2.VersionId]);
    const page2 = await s3.client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 2, KeyMarker: page1.NextKeyMarker, VersionIdMarker: page1.NextVersionIdMarker }));
    expect(page2.Versions?.map((v) => v.VersionId)).toEqual([a1.VersionId]);
    expect(page2.DeleteMarkers?.map((m) => m.VersionId)).toEqual([marker.VersionId]);
    expect([page2.NextKeyMarker, page2.NextVersionIdMarker]).toEqual(["b", marker.VersionId]);
    const page3 = await s3.client.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: "b" }));
    expect(page3.Versions?.map((v) => v.Key)).toEqual(["dir/c"]);
  });

  it("answers x-amz-version-id for CopyObject, CompleteMultipartUpload and tagging, and copies an old version", async () => {
    const bucket = await versionedBucket();
    const v1 = await put(bucket, "src", "old");
    await put(bucket, "src", "new");
    const copy = await s3.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "dst", CopySource: `${bucket}/src?versionId=${v1.VersionId}` }));
    expect(copy.CopySourceVersionId).toBe(v1.VersionId);
    expect(copy.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(await read(bucket, "dst")).toBe("old");

    const tagged = await s3.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "src", VersionId: v1.VersionId, Tagging: { TagSet: [{ Key: "v", Value: "1" }] } }));
    expect(tagged.VersionId).toBe(v1.VersionId);
    expect((await s3.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "src", VersionId: v1.VersionId }))).TagSet).toEqual([{ Key: "v", Value: "1" }]);
    expect((await s3.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "src" }))).TagSet).toEqual([]);

    const upload = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "big" }));
    const part = await s3.client.send(new UploadPartCommand({ Bucket: bucket, Key: "big", UploadId: upload.UploadId, PartNumber: 1, Body: "only part" }));
    const done = await s3.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "big", UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    }));
    expect(done.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);

    const marker = await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "src" }));
    const byMarker = await failure(s3.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "x", CopySource: `${bucket}/src?versionId=${marker.VersionId}` })));
    expect(byMarker.name).toBe("InvalidRequest");
    expect(byMarker.message).toBe("The source of a copy request may not specifically refer to a delete marker by version id.");
    expect((await failure(s3.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "x", CopySource: `${bucket}/src` })))).name).toBe("NoSuchKey");
  });

  it("DeleteObjects makes markers and deletes named versions", async () => {
    const bucket = await versionedBucket();
    const v1 = await put(bucket, "a", "1");
    await put(bucket, "b", "2");
    const out = await s3.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "a", VersionId: v1.VersionId }, { Key: "b" }] } }));
    expect(out.Deleted?.find((d) => d.Key === "a")).toEqual({ Key: "a", VersionId: v1.VersionId });
    const b = out.Deleted?.find((d) => d.Key === "b");
    expect(b?.DeleteMarker).toBe(true);
    expect(b?.DeleteMarkerVersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    const versions = await s3.client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(versions.Versions?.map((v) => v.Key)).toEqual(["b"]);
    expect(versions.DeleteMarkers?.map((v) => v.Key)).toEqual(["b"]);
  });

  it("a suspended bucket writes the null version, replacing the earlier null one", async () => {
    const bucket = await versionedBucket();
    const kept = await put(bucket, "k", "versioned");
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Suspended" } }));
    // A write to a suspended bucket answers without x-amz-version-id (PutObject's "Versioning suspended" sample response).
    expect((await put(bucket, "k", "null one")).VersionId).toBeUndefined();
    expect((await put(bucket, "k", "null two")).VersionId).toBeUndefined();
    const versions = await s3.client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual(["null", kept.VersionId]);
    expect(await read(bucket, "k", "null")).toBe("null two");
    const marker = await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    expect(marker.VersionId).toBe("null");
    const after = await s3.client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(after.Versions?.map((v) => v.VersionId)).toEqual([kept.VersionId]);
    expect(after.DeleteMarkers?.map((v) => v.VersionId)).toEqual(["null"]);
  });

  it("DeleteBucket refuses a bucket holding versions", async () => {
    const bucket = await versionedBucket();
    await put(bucket, "k", "x");
    await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    const error = await failure(s3.client.send(new DeleteBucketCommand({ Bucket: bucket })));
    expect(error.name).toBe("BucketNotEmpty");
    expect(error.message).toBe("The bucket you tried to delete is not empty. You must delete all versions in the bucket.");
  });

  it("notifies ObjectRemoved:DeleteMarkerCreated", async () => {
    const bucket = await versionedBucket();
    const fn = "arn:aws:lambda:us-east-1:000000000000:function:audit";
    await s3.client.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ Id: "removed", LambdaFunctionArn: fn, Events: ["s3:ObjectRemoved:*"] }] },
    }));
    await put(bucket, "k", "x");
    const marker = await s3.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k" }));
    const records = invoked
      .filter((r) => r.functionName === fn)
      .flatMap((r) => (JSON.parse(r.payload.toString()) as { Records: { eventName: string; s3: { object: { key: string; versionId?: string } } }[] }).Records);
    expect(records.map((r) => [r.eventName, r.s3.object.key, r.s3.object.versionId])).toEqual([["ObjectRemoved:DeleteMarkerCreated", "k", marker.VersionId]]);
  });
});

describe("versions across restarts", () => {
  const dir = mkdtempSync(join(tmpdir(), "s3-versions-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = <T>(use: (client: S3Client) => Promise<T>): Promise<T> => runOnDisk(dir, use);


  it("keeps every version, marker and body", async () => {
    const ids = await run(async (client) => {
      await client.send(new CreateBucketCommand({ Bucket: "kept" }));
      await client.send(new PutBucketVersioningCommand({ Bucket: "kept", VersioningConfiguration: { Status: "Enabled" } }));
      const v1 = await client.send(new PutObjectCommand({ Bucket: "kept", Key: "a", Body: "first" }));
      await client.send(new PutObjectCommand({ Bucket: "kept", Key: "a", Body: "second" }));
      await client.send(new DeleteObjectCommand({ Bucket: "kept", Key: "a" }));
      return v1;
    });
    await run(async (client) => {
      const versions = await client.send(new ListObjectVersionsCommand({ Bucket: "kept" }));
      expect(versions.Versions).toHaveLength(2);
      expect(versions.DeleteMarkers).toHaveLength(1);
      const first = await client.send(new GetObjectCommand({ Bucket: "kept", Key: "a", VersionId: ids.VersionId }));
      expect(await first.Body?.transformToString()).toBe("first");
      expect((await client.send(new GetBucketVersioningCommand({ Bucket: "kept" }))).Status).toBe("Enabled");
    });
    expect(readdirSync(join(dir, "objects"))).toHaveLength(2);
  });
});
