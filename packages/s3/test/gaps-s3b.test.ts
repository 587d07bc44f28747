import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListBucketIntelligentTieringConfigurationsCommand,
  ListObjectVersionsCommand, PutBucketIntelligentTieringConfigurationCommand, PutBucketNotificationConfigurationCommand, PutBucketVersioningCommand, PutObjectCommand,
  RestoreObjectCommand,
} from "@aws-sdk/client-s3";
import { FileStore, VirtualClock, type LambdaInvokeRequest, type LambdaInvoker } from "@sam-sandbox/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventBridgeEntry } from "../src/index.js";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;

beforeAll(async () => {
  f = await startS3();
});
afterAll(async () => {
  await f?.close();
});

async function versionedBucket(): Promise<string> {
  const bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
  await f.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  return bucket;
}

async function put(Bucket: string, Key: string, Body = "v"): Promise<string> {
  const out = await f.client.send(new PutObjectCommand({ Bucket, Key, Body }));
  return out.VersionId ?? "null";
}

async function remove(Bucket: string, Key: string): Promise<string> {
  const out = await f.client.send(new DeleteObjectCommand({ Bucket, Key }));
  return out.VersionId ?? "null";
}

const list = (Bucket: string, params: { MaxKeys?: number; KeyMarker?: string; VersionIdMarker?: string; Prefix?: string } = {}) =>
  f.client.send(new ListObjectVersionsCommand({ Bucket, ...params }));

/** A page's version ids: its versions, then its delete markers. */
async function page(Bucket: string, params: Parameters<typeof list>[1] = {}) {
  const out = await list(Bucket, params);
  const rows = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])];
  return { out, ids: rows.map((r) => r.VersionId ?? "") };
}

describe("ListObjectVersions markers", () => {
  // LocalStack test_s3_list_operations.py TestS3ListObjectVersions::test_list_objects_versions_markers (AWS-recorded snapshot).
  it("pages versions and delete markers of each key newest first, as the AWS recording does", async () => {
    const bucket = await versionedBucket();
    const ids: string[] = [];
    for (const key of ["test_0", "test_1", "test_2"]) ids.push(await put(bucket, key, "version 1"));
    ids.push(await put(bucket, "test_2", "version 2"));
    for (const key of ["test_0", "test_1", "test_2"]) ids.push(await remove(bucket, key));
    for (const key of ["test_0", "test_1"]) ids.push(await put(bucket, key, "version 2"));
    // <version-id:N> of the recording is ids[N-1].
    const v = (n: number) => ids[n - 1];

    const all = await list(bucket);
    expect(all.Versions?.map((x) => [x.Key, x.VersionId, x.IsLatest])).toEqual([
      ["test_0", v(8), true], ["test_0", v(1), false], ["test_1", v(9), true], ["test_1", v(2), false], ["test_2", v(4), false], ["test_2", v(3), false],
    ]);
    expect(all.DeleteMarkers?.map((x) => [x.Key, x.VersionId, x.IsLatest])).toEqual([["test_0", v(5), false], ["test_1", v(6), false], ["test_2", v(7), true]]);

    const five = await list(bucket, { MaxKeys: 5 });
    expect(five.Versions?.map((x) => x.VersionId)).toEqual([v(8), v(1), v(9)]);
    expect(five.DeleteMarkers?.map((x) => x.VersionId)).toEqual([v(5), v(6)]);
    expect([five.IsTruncated, five.NextKeyMarker, five.NextVersionIdMarker]).toEqual([true, "test_1", v(6)]);

    // "list-objects-next-key-only": the key marker's versions are all skipped.
    const keyOnly = await list(bucket, { MaxKeys: 1, KeyMarker: "test_1" });
    expect(keyOnly.DeleteMarkers?.map((x) => [x.Key, x.VersionId, x.IsLatest])).toEqual([["test_2", v(7), true]]);
    expect([keyOnly.IsTruncated, keyOnly.NextKeyMarker, keyOnly.NextVersionIdMarker]).toEqual([true, "test_2", v(7)]);

    const keyLast = await list(bucket, { MaxKeys: 1, KeyMarker: "test_2" });
    expect([keyLast.Versions, keyLast.DeleteMarkers, keyLast.IsTruncated, keyLast.NextKeyMarker]).toEqual([undefined, undefined, false, undefined]);

    const versionOnly = await failure(list(bucket, { MaxKeys: 1, VersionIdMarker: v(6) }));
    expect([versionOnly.name, versionOnly.message, versionOnly.$metadata.httpStatusCode]).toEqual(["InvalidArgument", "A version-id marker cannot be specified without a key marker.", 400]);
    expect((versionOnly as unknown as { ArgumentName?: string }).ArgumentName).toBe("version-id-marker");

    const both = await list(bucket, { MaxKeys: 1, KeyMarker: "test_1", VersionIdMarker: v(6) });
    expect(both.Versions?.map((x) => [x.Key, x.VersionId, x.IsLatest])).toEqual([["test_1", v(2), false]]);
    expect([both.IsTruncated, both.NextKeyMarker, both.NextVersionIdMarker, both.VersionIdMarker]).toEqual([true, "test_1", v(2), v(6)]);

    const lastVersion = await list(bucket, { MaxKeys: 1, KeyMarker: "test_2", VersionIdMarker: v(4) });
    expect(lastVersion.Versions?.map((x) => x.VersionId)).toEqual([v(3)]);
    expect([lastVersion.IsTruncated, lastVersion.NextKeyMarker]).toEqual([false, undefined]);

    const emptyKey = await list(bucket, { MaxKeys: 1, KeyMarker: "" });
    expect(emptyKey.Versions?.map((x) => x.VersionId)).toEqual([v(8)]);
    expect([emptyKey.NextKeyMarker, emptyKey.NextVersionIdMarker]).toEqual(["test_0", v(8)]);
  });

  // LocalStack test_list_objects_versions_with_prefix_only_and_pagination (AWS-recorded): "page-2-after-delete".
  it("continues after a version-id marker whose version has since been deleted", async () => {
    const bucket = await versionedBucket();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await put(bucket, "prefixed_key"));
    await put(bucket, "non_prefixed_key");
    const newest = [...ids].reverse();

    const page1 = await list(bucket, { Prefix: "prefix", MaxKeys: 3 });
    expect(page1.Versions?.map((x) => x.VersionId)).toEqual(newest.slice(0, 3));
    expect([page1.IsTruncated, page1.NextKeyMarker, page1.NextVersionIdMarker]).toEqual([true, "prefixed_key", newest[2]]);

    const keyOnly = await list(bucket, { Prefix: "prefix", MaxKeys: 4, KeyMarker: "prefixed_key" });
    expect([keyOnly.Versions, keyOnly.IsTruncated]).toEqual([undefined, false]);

    const page2 = await list(bucket, { Prefix: "prefix", MaxKeys: 5, KeyMarker: "prefixed_key", VersionIdMarker: newest[2] });
    expect(page2.Versions?.map((x) => [x.VersionId, x.IsLatest])).toEqual([[newest[3], false], [newest[4], false]]);

    const deleted = await f.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: newest.slice(0, 3).map((VersionId) => ({ Key: "prefixed_key", VersionId })) } }));
    expect(deleted.Deleted).toHaveLength(3);
    const after = await list(bucket, { Prefix: "prefix", MaxKeys: 5, KeyMarker: "prefixed_key", VersionIdMarker: newest[2] });
    expect(after.Versions?.map((x) => [x.VersionId, x.IsLatest])).toEqual([[newest[3], true], [newest[4], false]]);
    expect([after.IsTruncated, after.VersionIdMarker]).toEqual([false, newest[2]]);
  });

  it("answers the null version as \"null\" in markers, and continues after it", async () => {
    const bucket = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await put(bucket, "k", "before versioning");
    await f.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const v1 = await put(bucket, "k", "one");
    await put(bucket, "m", "other key");

    const first = await page(bucket, { MaxKeys: 2 });
    expect(first.ids).toEqual([v1, "null"]);
    expect([first.out.NextKeyMarker, first.out.NextVersionIdMarker]).toEqual(["k", "null"]);
    const rest = await list(bucket, { KeyMarker: "k", VersionIdMarker: "null" });
    expect(rest.Versions?.map((x) => x.Key)).toEqual(["m"]);
    const fromV1 = await list(bucket, { KeyMarker: "k", VersionIdMarker: v1 });
    expect(fromV1.Versions?.map((x) => [x.Key, x.VersionId])).toEqual([["k", "null"], ["m", expect.any(String)]]);
  });

  // versitygw#1811: S3 answers "Invalid version id specified" for a version-id-marker it could not have issued.
  it("refuses a version-id marker S3 could not have issued", async () => {
    const bucket = await versionedBucket();
    await put(bucket, "k");
    for (const marker of ["invalid", "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"]) {
      const error = await failure(list(bucket, { KeyMarker: "k", VersionIdMarker: marker }));
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["InvalidArgument", "Invalid version id specified", 400]);
      expect((error as unknown as { ArgumentName?: string }).ArgumentName).toBe("version-id-marker");
    }
  });
});

describe("restore event notifications", () => {
  const MINUTE = 60 * 1000;
  const DAY = 24 * 60 * MINUTE;
  const START = Date.UTC(2026, 0, 15, 10, 30);
  const QUEUE = "arn:aws:sqs:us-east-1:000000000000:restores";
  const TOPIC = "arn:aws:sns:us-east-1:000000000000:restored";
  const FN = "arn:aws:lambda:us-east-1:000000000000:function:on-restore";
  const clock = new VirtualClock(START);
  let r: S3Fixture;
  let sent: string[] = [];
  let published: { subject: string; message: string }[] = [];
  let invoked: LambdaInvokeRequest[] = [];
  let events: EventBridgeEntry[] = [];
  const invoker: LambdaInvoker = {
    invoke: async (request) => {
      invoked.push(request);
      return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
    },
  };

  type Restored = {
    eventVersion: string; eventName: string; userIdentity: { principalId: string }; requestParameters: { sourceIPAddress: string };
    s3: { configurationId: string; object: { key: string; size: number; eTag: string; versionId?: string; sequencer: string } };
    glacierEventData?: { restoreEventData: { lifecycleRestorationExpiryTime: string; lifecycleRestoreStorageClass: string } };
  };
  const recordsOf = (bodies: string[]) => bodies.flatMap((b) => (JSON.parse(b) as { Records?: Restored[] }).Records ?? []);
  const queued = () => recordsOf(sent);
  const details = () => events.map((e) => ({ type: e.DetailType, detail: JSON.parse(e.Detail) as Record<string, unknown> }));
  const reset = () => {
    sent = [];
    published = [];
    invoked = [];
    events = [];
  };

  beforeAll(async () => {
    r = await startS3({
      clock,
      invoker,
      functions: { exists: (arn) => arn === FN },
      queues: { exists: (arn) => arn === QUEUE, send: async (_arn, body) => void sent.push(body) },
      topics: { exists: (arn) => arn === TOPIC, publish: async (_arn, subject, message) => void published.push({ subject, message }) },
      eventBridge: { putEvents: async (entries) => void events.push(...entries) },
    });
  });
  afterAll(async () => {
    await r?.close();
  });

  const prefix = (Value: string) => ({ Key: { FilterRules: [{ Name: "prefix" as const, Value }] } });

  async function coldBucket(versioned = false): Promise<string> {
    const bucket = bucketName();
    await r.client.send(new CreateBucketCommand({ Bucket: bucket }));
    if (versioned) await r.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    await r.client.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [{ Id: "all-restores", QueueArn: QUEUE, Events: ["s3:ObjectRestore:*"], Filter: prefix("cold/") }],
        TopicConfigurations: [{ Id: "completed", TopicArn: TOPIC, Events: ["s3:ObjectRestore:Completed"], Filter: prefix("sns/") }],
        LambdaFunctionConfigurations: [{ Id: "fn", LambdaFunctionArn: FN, Events: ["s3:ObjectRestore:Completed"], Filter: prefix("fn/") }],
        EventBridgeConfiguration: {},
      },
    }));
    reset();
    return bucket;
  }

  const restore = async (Bucket: string, Key: string, Days: number, Tier: "Expedited" | "Standard" = "Expedited") =>
    (await r.client.send(new RestoreObjectCommand({ Bucket, Key, RestoreRequest: { Days, GlacierJobParameters: { Tier } } }))).$metadata.httpStatusCode;

  // Shapes: S3 User Guide "Event message structure" and "EventBridge event message structure"; LocalStack
  // test_s3_notifications_eventbridge.snapshot.json test_restore_object (AWS-recorded Initiated / Completed details).
  it("sends ObjectRestore:Post, then :Completed with glacierEventData, then :Delete when the restored copy expires", async () => {
    const bucket = await coldBucket(true);
    const put = await r.client.send(new PutObjectCommand({ Bucket: bucket, Key: "cold/a b.csv", Body: "archived", StorageClass: "GLACIER" }));
    reset();
    const restoredAt = clock.now();
    expect(await restore(bucket, "cold/a b.csv", 2)).toBe(202);
    await clock.advance(0);
    const [post] = queued();
    expect(post).toMatchObject({
      eventVersion: "2.1", eventName: "ObjectRestore:Post", userIdentity: { principalId: "AWS:000000000000" }, requestParameters: { sourceIPAddress: "127.0.0.1" },
      s3: { configurationId: "all-restores", object: { key: "cold/a+b.csv", size: 8, versionId: put.VersionId, sequencer: expect.any(String) } },
    });
    // A Post record has the object's eTag and no glacierEventData (LocalStack test_s3_notifications_sqs.snapshot.json test_restore_object, AWS-recorded).
    const etag = (put.ETag ?? "").replace(/"/g, "");
    expect([post.s3.object.eTag, post.glacierEventData]).toEqual([etag, undefined]);
    expect([published, invoked]).toEqual([[], []]);
    expect(details()).toEqual([{
      type: "Object Restore Initiated",
      detail: {
        version: "0", bucket: { name: bucket }, object: { key: "cold/a b.csv", size: 8, etag, "version-id": put.VersionId },
        "request-id": expect.any(String), requester: "000000000000", "source-ip-address": "127.0.0.1", "source-storage-class": "GLACIER",
      },
    }]);

    reset();
    await clock.advance(MINUTE - 1);
    expect(sent).toEqual([]);
    await clock.advance(1);
    // Expedited: ready after 1 minute; the copy lives 2 days from then, rounded up to midnight UTC.
    const expiry = Date.UTC(2026, 0, 18);
    const [completed] = queued();
    expect(completed).toMatchObject({
      eventVersion: "2.1", eventName: "ObjectRestore:Completed", userIdentity: { principalId: expect.stringMatching(/^AmazonCustomer:/) },
      requestParameters: { sourceIPAddress: "s3.amazonaws.com" }, s3: { object: { key: "cold/a+b.csv", size: 8, eTag: etag, versionId: put.VersionId } },
      glacierEventData: { restoreEventData: { lifecycleRestorationExpiryTime: "2026-01-18T00:00:00.000Z", lifecycleRestoreStorageClass: "GLACIER" } },
    });
    expect([published, invoked]).toEqual([[], []]);
    expect(details()).toEqual([{
      type: "Object Restore Completed",
      detail: {
        version: "0", bucket: { name: bucket }, object: { key: "cold/a b.csv", size: 8, etag, "version-id": put.VersionId },
        "request-id": expect.any(String), requester: "s3.amazonaws.com", "restore-expiry-time": "2026-01-18T00:00:00Z", "source-storage-class": "GLACIER",
      },
    }]);
    expect(events[0].Time.getTime()).toBe(restoredAt + MINUTE);

    reset();
    await clock.advance(expiry - clock.now());
    const [expired] = queued();
    expect(expired).toMatchObject({
      eventVersion: "2.3", eventName: "ObjectRestore:Delete", userIdentity: { principalId: "s3.amazonaws.com" }, requestParameters: { sourceIPAddress: "s3.amazonaws.com" },
      s3: { object: { key: "cold/a+b.csv", versionId: put.VersionId } },
    });
    expect(expired.glacierEventData).toBeUndefined();
    expect([published, invoked]).toEqual([[], []]);
    expect(details().map((d) => [d.type, d.detail.requester, d.detail["source-storage-class"]])).toEqual([["Object Restore Expired", "s3.amazonaws.com", undefined]]);
  });

  it("sends :Completed to SNS topics and Lambda functions the configurations name", async () => {
    const bucket = await coldBucket();
    for (const Key of ["sns/report.csv", "fn/report.csv"]) {
      await r.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "x", StorageClass: "GLACIER" }));
      expect(await restore(bucket, Key, 1)).toBe(202);
    }
    await clock.advance(0);
    expect([sent, published, invoked]).toEqual([[], [], []]);
    await clock.advance(MINUTE);
    expect(recordsOf(published.map((p) => p.message)).map((x) => [x.eventName, x.s3.configurationId, x.s3.object.key])).toEqual([["ObjectRestore:Completed", "completed", "sns/report.csv"]]);
    expect(published[0].subject).toBe("Amazon S3 Notification");
    expect(recordsOf(invoked.map((i) => i.payload.toString())).map((x) => [x.eventName, x.s3.configurationId, x.s3.object.key])).toEqual([["ObjectRestore:Completed", "fn", "fn/report.csv"]]);
    expect([invoked[0].invocationType, invoked[0].functionName]).toEqual(["Event", FN]);
    expect(sent).toEqual([]);
  });

  it("sends no Post for a RestoreObject that moves a live copy's expiry, and :Delete only at the new expiry", async () => {
    const bucket = await coldBucket();
    await r.client.send(new PutObjectCommand({ Bucket: bucket, Key: "cold/again.csv", Body: "x", StorageClass: "GLACIER" }));
    expect(await restore(bucket, "cold/again.csv", 1)).toBe(202);
    await clock.advance(MINUTE);
    reset();
    expect(await restore(bucket, "cold/again.csv", 5)).toBe(200);
    await clock.advance(2 * DAY);
    expect(queued()).toEqual([]);
    await clock.advance(5 * DAY);
    expect(queued().map((x) => x.eventName)).toEqual(["ObjectRestore:Delete"]);
    // Other tests' restored copies expire in the same days: this bucket's events only.
    expect(events.filter((e) => e.Resources[0] === `arn:aws:s3:::${bucket}`).map((e) => e.DetailType)).toEqual(["Object Restore Expired"]);
  });

  it("sends a restore's :Completed after a restart, when its time comes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "s3-restore-events-"));
    const diskClock = new VirtualClock(START);
    const bodies: string[] = [];
    const run = async (use: (fixture: S3Fixture) => Promise<void>) => {
      const store = new FileStore({ dir: join(dir, "state") });
      const fixture = await startS3({ store, blobDir: join(dir, "objects"), clock: diskClock, queues: { exists: () => true, send: async (_arn, body) => void bodies.push(body) } });
      try {
        await use(fixture);
      } finally {
        await fixture.close();
        await store.close();
      }
    };
    try {
      await run(async ({ client }) => {
        await client.send(new CreateBucketCommand({ Bucket: "kept" }));
        await client.send(new PutBucketNotificationConfigurationCommand({ Bucket: "kept", NotificationConfiguration: { QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectRestore:*"] }] } }));
        await client.send(new PutObjectCommand({ Bucket: "kept", Key: "cold.csv", Body: "x", StorageClass: "GLACIER" }));
        await client.send(new RestoreObjectCommand({ Bucket: "kept", Key: "cold.csv", RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: "Expedited" } } }));
      });
      expect(diskClock.pendingTimers()).toBe(0);
      await run(async () => {
        await diskClock.advance(MINUTE);
      });
      expect(recordsOf(bodies).map((x) => x.eventName)).toEqual(["ObjectRestore:Post", "ObjectRestore:Completed"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sends nothing more for an object deleted while its restore ran", async () => {
    const bucket = await coldBucket();
    await r.client.send(new PutObjectCommand({ Bucket: bucket, Key: "cold/gone.csv", Body: "x", StorageClass: "DEEP_ARCHIVE" }));
    expect(await restore(bucket, "cold/gone.csv", 1, "Standard")).toBe(202);
    await r.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "cold/gone.csv" }));
    reset();
    await clock.advance(3 * DAY);
    const mine = (texts: string[]) => texts.filter((t) => t.includes(bucket));
    expect([mine(sent), mine(published.map((p) => p.message)), mine(invoked.map((i) => i.payload.toString())), mine(events.map((e) => e.Detail))]).toEqual([[], [], [], []]);
  });
});

describe("Intelligent-Tiering archive access tiers", () => {
  const HOUR = 60 * 60 * 1000;
  const DAY = 24 * HOUR;
  const clock = new VirtualClock(Date.UTC(2026, 2, 1, 9));
  let t: S3Fixture;
  let bucket: string;

  beforeAll(async () => {
    t = await startS3({ clock });
    bucket = bucketName();
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await t.client.send(new PutBucketIntelligentTieringConfigurationCommand({
      Bucket: bucket, Id: "archive-cold",
      IntelligentTieringConfiguration: {
        Id: "archive-cold", Status: "Enabled", Filter: { Prefix: "cold/" },
        Tierings: [{ AccessTier: "ARCHIVE_ACCESS", Days: 90 }, { AccessTier: "DEEP_ARCHIVE_ACCESS", Days: 180 }],
      },
    }));
    await t.client.send(new PutBucketIntelligentTieringConfigurationCommand({
      Bucket: bucket, Id: "disabled",
      IntelligentTieringConfiguration: { Id: "disabled", Status: "Disabled", Filter: { Prefix: "off/" }, Tierings: [{ AccessTier: "ARCHIVE_ACCESS", Days: 90 }] },
    }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const putTiered = (Key: string) => t.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "tiered", StorageClass: "INTELLIGENT_TIERING" }));
  const read = async (Key: string) => (await t.client.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString();
  const head = (Key: string) => t.client.send(new HeadObjectCommand({ Bucket: bucket, Key }));
  const restoreTier = (Key: string, Tier?: "Standard" | "Bulk" | "Expedited") =>
    t.client.send(new RestoreObjectCommand({ Bucket: bucket, Key, RestoreRequest: Tier === undefined ? {} : { GlacierJobParameters: { Tier } } }));

  it("refuses a Tiering with fewer Days than its tier takes, as S3 words it", async () => {
    for (const [AccessTier, Days, min] of [["ARCHIVE_ACCESS", 30, 90], ["DEEP_ARCHIVE_ACCESS", 90, 180]] as const) {
      const error = await failure(t.client.send(new PutBucketIntelligentTieringConfigurationCommand({
        Bucket: bucket, Id: "too-soon", IntelligentTieringConfiguration: { Id: "too-soon", Status: "Enabled", Tierings: [{ AccessTier, Days }] },
      })));
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["InvalidArgument", `Days specified in ${AccessTier} tier should not be less than ${min}.`, 400]);
    }
    const listed = await t.client.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket: bucket }));
    expect(listed.IntelligentTieringConfigurationList?.map((c) => c.Id).sort()).toEqual(["archive-cold", "disabled"]);
  });

  it("archives an object its configuration takes after the Days without access, then refuses GetObject and copies", async () => {
    await putTiered("cold/data.bin");
    await putTiered("hot/data.bin");
    await putTiered("off/data.bin");
    await clock.advance(90 * DAY - 1);
    // HeadObject is no access: it neither archives nor keeps the object from archiving.
    expect((await head("cold/data.bin")).ArchiveStatus).toBeUndefined();
    await clock.advance(1);
    const archived = await head("cold/data.bin");
    expect([archived.StorageClass, archived.ArchiveStatus]).toEqual(["INTELLIGENT_TIERING", "ARCHIVE_ACCESS"]);
    const error = await failure(t.client.send(new GetObjectCommand({ Bucket: bucket, Key: "cold/data.bin" })));
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["InvalidObjectState", "The operation is not valid for the object's access tier", 403]);
    expect((error as unknown as { StorageClass?: string; AccessTier?: string })).toMatchObject({ StorageClass: "INTELLIGENT_TIERING", AccessTier: "ARCHIVE_ACCESS" });
    const copy = await failure(t.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy.bin", CopySource: `${bucket}/cold/data.bin` })));
    expect(copy.name).toBe("InvalidObjectState");
    // Outside the configuration's prefix, or under a Disabled one, objects stay in the instant tiers.
    expect(await read("hot/data.bin")).toBe("tiered");
    expect(await read("off/data.bin")).toBe("tiered");
    await clock.advance(90 * DAY);
    expect((await head("cold/data.bin")).ArchiveStatus).toBe("DEEP_ARCHIVE_ACCESS");
  });

  it("restores an archived object to the Frequent Access tier with RestoreObject without Days", async () => {
    const withDays = await failure(t.client.send(new RestoreObjectCommand({ Bucket: bucket, Key: "cold/data.bin", RestoreRequest: { Days: 1 } })));
    expect([withDays.name, withDays.message, withDays.$metadata.httpStatusCode]).toEqual([
      "InvalidArgument", "INTELLIGENT_TIERING objects are not subject to restore expiry. Do not specify Days when restoring this object", 400,
    ]);
    expect((await restoreTier("cold/data.bin", "Standard")).$metadata.httpStatusCode).toBe(202);
    expect((await head("cold/data.bin")).Restore).toBe('ongoing-request="true"');
    expect((await failure(t.client.send(new GetObjectCommand({ Bucket: bucket, Key: "cold/data.bin" })))).name).toBe("InvalidObjectState");
    const again = await failure(restoreTier("cold/data.bin"));
    expect([again.name, again.$metadata.httpStatusCode]).toEqual(["RestoreAlreadyInProgress", 409]);
    // Deep Archive Access restores as S3 Glacier Deep Archive does: Standard within 12 hours.
    await clock.advance(12 * HOUR);
    const restored = await head("cold/data.bin");
    expect([restored.ArchiveStatus, restored.Restore, restored.StorageClass]).toEqual([undefined, undefined, "INTELLIGENT_TIERING"]);
    expect(await read("cold/data.bin")).toBe("tiered");
    // Back in the Frequent Access tier, it archives again only after another 90 days without access.
    await clock.advance(89 * DAY);
    expect((await head("cold/data.bin")).ArchiveStatus).toBeUndefined();
    await clock.advance(DAY);
    expect((await head("cold/data.bin")).ArchiveStatus).toBe("ARCHIVE_ACCESS");
  });

  it("counts the days from the last GetObject", async () => {
    await putTiered("cold/read.bin");
    await clock.advance(60 * DAY);
    expect(await read("cold/read.bin")).toBe("tiered");
    await clock.advance(60 * DAY);
    expect(await read("cold/read.bin")).toBe("tiered");
    await clock.advance(90 * DAY);
    expect((await head("cold/read.bin")).ArchiveStatus).toBe("ARCHIVE_ACCESS");
  });

  it("refuses RestoreObject of an object in an instant tier, and one without Days for S3 Glacier classes", async () => {
    await putTiered("cold/fresh.bin");
    const fresh = await failure(restoreTier("cold/fresh.bin"));
    expect([fresh.name, fresh.message, fresh.$metadata.httpStatusCode]).toEqual(["InvalidObjectState", "Restore is not allowed for the object's current storage class", 403]);
    await t.client.send(new PutObjectCommand({ Bucket: bucket, Key: "glacier.bin", Body: "x", StorageClass: "GLACIER" }));
    const noDays = await failure(restoreTier("glacier.bin"));
    expect([noDays.name, noDays.$metadata.httpStatusCode]).toEqual(["MalformedXML", 400]);
  });
});
