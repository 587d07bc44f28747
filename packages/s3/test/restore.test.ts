import {
  CopyObjectCommand, CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutBucketVersioningCommand, PutObjectCommand, RestoreObjectCommand, UploadPartCopyCommand,
  CreateMultipartUploadCommand, ListObjectsV2Command, type S3Client,
} from "@aws-sdk/client-s3";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 15, 10, 30);

let f: S3Fixture;
const clock = new VirtualClock(START);
const bucket = bucketName();

beforeAll(async () => {
  f = await startS3({ clock });
  await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await f.close();
});

async function put(key: string, storageClass?: "GLACIER" | "DEEP_ARCHIVE" | "GLACIER_IR" | "STANDARD") {
  return f.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "cold data", ...(storageClass ? { StorageClass: storageClass } : {}) }));
}

async function restore(key: string, days: number, tier?: "Standard" | "Bulk" | "Expedited", versionId?: string) {
  const out = await f.client.send(new RestoreObjectCommand({
    Bucket: bucket, Key: key, ...(versionId === undefined ? {} : { VersionId: versionId }), RestoreRequest: { Days: days, ...(tier ? { GlacierJobParameters: { Tier: tier } } : {}) },
  }));
  return out.$metadata.httpStatusCode;
}

describe("GetObject of an archived object", () => {
  it("answers 403 InvalidObjectState naming the storage class, for GLACIER and DEEP_ARCHIVE", async () => {
    for (const storageClass of ["GLACIER", "DEEP_ARCHIVE"] as const) {
      await put(`archived-${storageClass}`, storageClass);
      const error = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: `archived-${storageClass}` })));
      expect(error.name).toBe("InvalidObjectState");
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).toBe("The operation is not valid for the object's storage class");
      expect((error as unknown as { StorageClass?: string }).StorageClass).toBe(storageClass);
    }
  });

  it("reads GLACIER_IR (Instant Retrieval) as any other object", async () => {
    await put("instant", "GLACIER_IR");
    const out = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "instant" }));
    expect(await out.Body?.transformToString()).toBe("cold data");
    expect(out.StorageClass).toBe("GLACIER_IR");
  });

  it("answers HeadObject with its storage class and no x-amz-restore before a restore", async () => {
    await put("head-only", "GLACIER");
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "head-only" }));
    expect(head.StorageClass).toBe("GLACIER");
    expect(head.Restore).toBeUndefined();
  });

  it("refuses CopyObject and UploadPartCopy from an archived source", async () => {
    await put("copy-source", "GLACIER");
    const copy = await failure(f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy-target", CopySource: `${bucket}/copy-source` })));
    expect(copy.name).toBe("InvalidObjectState");
    expect(copy.$metadata.httpStatusCode).toBe(403);
    // Changing an archived object's storage class is a copy onto itself: also refused until restored.
    const inPlace = await failure(f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy-source", CopySource: `${bucket}/copy-source`, StorageClass: "STANDARD" })));
    expect(inPlace.name).toBe("InvalidObjectState");
    const upload = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "part-target" }));
    const part = await failure(f.client.send(new UploadPartCopyCommand({ Bucket: bucket, Key: "part-target", UploadId: upload.UploadId, PartNumber: 1, CopySource: `${bucket}/copy-source` })));
    expect(part.name).toBe("InvalidObjectState");
  });
});

describe("RestoreObject", () => {
  it("refuses an object not in an archive storage class", async () => {
    for (const storageClass of ["STANDARD", "GLACIER_IR"] as const) {
      await put(`warm-${storageClass}`, storageClass);
      const error = await failure(restore(`warm-${storageClass}`, 1));
      expect(error.name).toBe("InvalidObjectState");
      expect(error.$metadata.httpStatusCode).toBe(403);
      expect(error.message).toBe("Restore is not allowed for the object's current storage class");
    }
  });

  it("answers NoSuchKey for a key that does not exist", async () => {
    const error = await failure(restore("missing", 1));
    expect(error.name).toBe("NoSuchKey");
  });

  it("accepts (202), is in progress for the tier's retrieval time (409 again), then serves the restored copy until it expires", async () => {
    await put("flexible", "GLACIER");
    expect(await restore("flexible", 2, "Standard")).toBe(202);

    const ongoing = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "flexible" }));
    expect(ongoing.Restore).toBe('ongoing-request="true"');
    const again = await failure(restore("flexible", 2));
    expect(again.name).toBe("RestoreAlreadyInProgress");
    expect(again.$metadata.httpStatusCode).toBe(409);
    expect(again.message).toBe("Object restore is already in progress");
    expect((await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "flexible" })))).name).toBe("InvalidObjectState");

    // Standard retrieval from S3 Glacier Flexible Retrieval: 3–5 hours; the sandbox completes at 3.
    await clock.advance(3 * HOUR);
    const restoredAt = START + 3 * HOUR;
    // Two days after completion (Jan 17 13:30), rounded up to the next midnight UTC.
    const expiry = new Date(Date.UTC(2026, 0, 18)).toUTCString();
    expect(Date.UTC(2026, 0, 18)).toBeGreaterThan(restoredAt + 2 * DAY);
    const get = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "flexible" }));
    expect(await get.Body?.transformToString()).toBe("cold data");
    expect(get.Restore).toBe(`ongoing-request="false", expiry-date="${expiry}"`);
    expect(get.StorageClass).toBe("GLACIER");
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "flexible" }));
    expect(head.Restore).toBe(`ongoing-request="false", expiry-date="${expiry}"`);

    // The restored copy can be copied out.
    await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "thawed", CopySource: `${bucket}/flexible`, StorageClass: "STANDARD" }));
    expect(await (await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "thawed" }))).Body?.transformToString()).toBe("cold data");

    // A second request once restored: 200, and the expiry moves to Days from now.
    expect(await restore("flexible", 5)).toBe(200);
    const extended = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "flexible" }));
    expect(extended.Restore).toBe(`ongoing-request="false", expiry-date="${new Date(Date.UTC(2026, 0, 21)).toUTCString()}"`);

    // At the expiry the copy is gone: archived again, no x-amz-restore, and a restore starts anew.
    await clock.advance(Date.UTC(2026, 0, 21) - clock.now());
    expect((await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "flexible" })))).name).toBe("InvalidObjectState");
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "flexible" }))).Restore).toBeUndefined();
    expect(await restore("flexible", 1, "Expedited")).toBe(202);
    await clock.advance(MINUTE);
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "flexible" }))).Restore).toMatch(/^ongoing-request="false", expiry-date=/);
  });

  it("takes Deep Archive's retrieval times (Standard 12 hours, Bulk 48 hours)", async () => {
    await put("deep-standard", "DEEP_ARCHIVE");
    await put("deep-bulk", "DEEP_ARCHIVE");
    expect(await restore("deep-standard", 1)).toBe(202);
    expect(await restore("deep-bulk", 1, "Bulk")).toBe(202);
    await clock.advance(12 * HOUR - 1);
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "deep-standard" }))).Restore).toBe('ongoing-request="true"');
    await clock.advance(1);
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "deep-standard" }))).Restore).toMatch(/^ongoing-request="false"/);
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "deep-bulk" }))).Restore).toBe('ongoing-request="true"');
    await clock.advance(36 * HOUR);
    expect(await (await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "deep-bulk" }))).Body?.transformToString()).toBe("cold data");
  });

  it("restores the version named, leaving a newer version archived", async () => {
    const versioned = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: versioned }));
    await f.client.send(new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: "Enabled" } }));
    const first = await f.client.send(new PutObjectCommand({ Bucket: versioned, Key: "k", Body: "v1", StorageClass: "GLACIER" }));
    await f.client.send(new PutObjectCommand({ Bucket: versioned, Key: "k", Body: "v2", StorageClass: "GLACIER" }));
    const out = await f.client.send(new RestoreObjectCommand({ Bucket: versioned, Key: "k", VersionId: first.VersionId, RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: "Expedited" } } }));
    expect(out.$metadata.httpStatusCode).toBe(202);
    await clock.advance(MINUTE);
    const old = await f.client.send(new GetObjectCommand({ Bucket: versioned, Key: "k", VersionId: first.VersionId }));
    expect(await old.Body?.transformToString()).toBe("v1");
    expect((await failure(f.client.send(new GetObjectCommand({ Bucket: versioned, Key: "k" })))).name).toBe("InvalidObjectState");
  });

  it("refuses a request without Days as MalformedXML", async () => {
    await put("bad-request", "GLACIER");
    const noDays = await failure(f.client.send(new RestoreObjectCommand({ Bucket: bucket, Key: "bad-request", RestoreRequest: { GlacierJobParameters: { Tier: "Standard" } } })));
    expect(noDays.name).toBe("MalformedXML");
  });
});

describe("ListObjectsV2 with OptionalObjectAttributes RestoreStatus", () => {
  it("names each object's restore in progress or its restored copy's expiry, and nothing for one never restored", async () => {
    const listed = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: listed }));
    for (const key of ["a-never", "b-ongoing", "c-restored"]) await f.client.send(new PutObjectCommand({ Bucket: listed, Key: key, Body: "x", StorageClass: "GLACIER" }));
    await f.client.send(new RestoreObjectCommand({ Bucket: listed, Key: "c-restored", RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: "Expedited" } } }));
    await clock.advance(MINUTE);
    await f.client.send(new RestoreObjectCommand({ Bucket: listed, Key: "b-ongoing", RestoreRequest: { Days: 1 } }));
    const expiry = Math.ceil((clock.now() + DAY) / DAY) * DAY;
    const out = await f.client.send(new ListObjectsV2Command({ Bucket: listed, OptionalObjectAttributes: ["RestoreStatus"] }));
    expect(out.Contents?.map((o) => [o.Key, o.RestoreStatus])).toEqual([
      ["a-never", undefined],
      ["b-ongoing", { IsRestoreInProgress: true }],
      ["c-restored", { IsRestoreInProgress: false, RestoreExpiryDate: new Date(expiry) }],
    ]);
    const plain = await f.client.send(new ListObjectsV2Command({ Bucket: listed }));
    expect(plain.Contents?.every((o) => o.RestoreStatus === undefined)).toBe(true);
  });
});

describe("RestoreObject across a restart", () => {
  it("keeps an ongoing restore, which completes on the clock after the restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "s3-restore-"));
    const diskClock = new VirtualClock(START);
    const run = async <T>(use: (client: S3Client) => Promise<T>): Promise<T> => {
      const store = new FileStore({ dir: join(dir, "state") });
      const fixture = await startS3({ store, blobDir: join(dir, "objects"), clock: diskClock });
      try {
        return await use(fixture.client);
      } finally {
        await fixture.close();
        await store.close();
      }
    };
    try {
      await run(async (client) => {
        await client.send(new CreateBucketCommand({ Bucket: "kept" }));
        await client.send(new PutObjectCommand({ Bucket: "kept", Key: "cold", Body: "kept data", StorageClass: "GLACIER" }));
        await client.send(new RestoreObjectCommand({ Bucket: "kept", Key: "cold", RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: "Bulk" } } }));
      });
      const ongoing = await run(async (client) => (await client.send(new HeadObjectCommand({ Bucket: "kept", Key: "cold" }))).Restore);
      expect(ongoing).toBe('ongoing-request="true"');
      // Bulk retrieval from S3 Glacier Flexible Retrieval: 5–12 hours; the sandbox completes at 5.
      await diskClock.advance(5 * HOUR);
      const body = await run(async (client) => (await client.send(new GetObjectCommand({ Bucket: "kept", Key: "cold" }))).Body?.transformToString());
      expect(body).toBe("kept data");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
