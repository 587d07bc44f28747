import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand,
  ListObjectVersionsCommand, ListObjectsV2Command, ListPartsCommand, PutBucketLifecycleConfigurationCommand, PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand, PutObjectCommand, S3Client, UploadPartCommand, type LifecycleRule,
} from "@aws-sdk/client-s3";
import { FileStore, MemoryStore, VirtualClock, serveHandler, silentLogger, type LambdaInvokeRequest, type Store } from "@sam-sandbox/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createS3, type S3 } from "../src/index.js";
import { CREDENTIALS, failure } from "./helpers.js";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** The User Guide's example: created 1/15 10:30 UTC, expiring 3 days later at 1/19 00:00 UTC. */
const START = Date.UTC(2026, 0, 15, 10, 30);
const FN = "arn:aws:lambda:us-east-1:000000000000:function:expired";

interface Fixture {
  s3: S3;
  clock: VirtualClock;
  client: S3Client;
  invoked: LambdaInvokeRequest[];
  close(): Promise<void>;
}

const open: Fixture[] = [];
afterEach(async () => {
  for (const f of open.splice(0)) await f.close();
});

/** One S3 service on a VirtualClock at START, with its lifecycle sweeper running on that clock. */
async function start(store: Store = new MemoryStore(), clock = new VirtualClock(START)): Promise<Fixture> {
  const invoked: LambdaInvokeRequest[] = [];
  const invoker = {
    invoke: async (request: LambdaInvokeRequest) => {
      invoked.push(request);
      return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
    },
  };
  const s3 = await createS3({ store, clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000", invoker });
  const server = await serveHandler(s3.service.handle);
  const client = new S3Client({ endpoint: server.url, region: "us-east-1", credentials: CREDENTIALS, forcePathStyle: true });
  const fixture: Fixture = {
    s3, clock, client, invoked,
    close: async () => {
      client.destroy();
      await server.close();
      await s3.close();
    },
  };
  open.push(fixture);
  return fixture;
}

/** Moves the clock on (the sweeper runs every simulated hour), then waits for a sweep to finish. */
async function advance(f: Fixture, ms: number): Promise<void> {
  await f.clock.advance(ms);
  await f.s3.sweepLifecycle();
}

async function bucketWith(f: Fixture, Rules: LifecycleRule[], versioning?: "Enabled" | "Suspended"): Promise<string> {
  const Bucket = "lifecycle";
  await f.client.send(new CreateBucketCommand({ Bucket }));
  if (versioning) await f.client.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: versioning } }));
  await f.client.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } }));
  return Bucket;
}

const keysOf = async (f: Fixture, Bucket: string) => ((await f.client.send(new ListObjectsV2Command({ Bucket }))).Contents ?? []).map((o) => o.Key);
const put = (f: Fixture, Bucket: string, Key: string, Body = "data", Tagging?: string) => f.client.send(new PutObjectCommand({ Bucket, Key, Body, Tagging }));

type EventRecord = {
  eventVersion: string; eventName: string; userIdentity: { principalId: string }; requestParameters: { sourceIPAddress: string };
  s3: { configurationId: string; object: { key: string; versionId?: string } };
};
const events = (f: Fixture) => f.invoked.flatMap((r) => (JSON.parse(r.payload.toString()) as { Records: EventRecord[] }).Records);

describe("Expiration Days", () => {
  it("expires an object at the midnight UTC after its Days, and says when in x-amz-expiration", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "picture-deletion-rule", Status: "Enabled", Filter: { Prefix: "pics/" }, Expiration: { Days: 3 } }]);
    const written = await put(f, Bucket, "pics/cat.jpg");
    await put(f, Bucket, "docs/keep.txt");
    const expected = 'expiry-date="Mon, 19 Jan 2026 00:00:00 GMT", rule-id="picture-deletion-rule"';
    expect(written.Expiration).toBe(expected);
    expect((await f.client.send(new HeadObjectCommand({ Bucket, Key: "pics/cat.jpg" }))).Expiration).toBe(expected);
    expect((await f.client.send(new GetObjectCommand({ Bucket, Key: "pics/cat.jpg" }))).Expiration).toBe(expected);
    expect((await f.client.send(new HeadObjectCommand({ Bucket, Key: "docs/keep.txt" }))).Expiration).toBeUndefined();

    await advance(f, Date.UTC(2026, 0, 18, 23) - START);
    expect(await keysOf(f, Bucket)).toEqual(["docs/keep.txt", "pics/cat.jpg"]);
    await advance(f, HOUR);
    expect(await keysOf(f, Bucket)).toEqual(["docs/keep.txt"]);
    expect((await failure(f.client.send(new GetObjectCommand({ Bucket, Key: "pics/cat.jpg" })))).name).toBe("NoSuchKey");
  });

  it("expires objects on the sweeper's own schedule as the clock moves", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "one-day", Status: "Enabled", Filter: {}, Expiration: { Days: 1 } }]);
    await put(f, Bucket, "a.txt");
    // 1/15 10:30 + 1 day rounds to 1/17 00:00: the hourly run after it removes the object.
    await f.clock.advance(Date.UTC(2026, 0, 17, 1) - START);
    await f.s3.sweepLifecycle();
    expect(await keysOf(f, Bucket)).toEqual([]);
  });

  it("sends LifecycleExpiration:Delete to the bucket's Lambda notifications, from s3.amazonaws.com", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "r", Status: "Enabled", Filter: {}, Expiration: { Days: 1 } }]);
    await f.client.send(new PutBucketNotificationConfigurationCommand({
      Bucket,
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ Id: "expired", LambdaFunctionArn: FN, Events: ["s3:LifecycleExpiration:*"] }] },
    }));
    await put(f, Bucket, "gone.txt");
    await advance(f, 3 * DAY);
    expect(events(f)).toHaveLength(1);
    expect(events(f)[0]).toMatchObject({
      eventVersion: "2.3",
      eventName: "LifecycleExpiration:Delete",
      userIdentity: { principalId: "s3.amazonaws.com" },
      requestParameters: { sourceIPAddress: "s3.amazonaws.com" },
      s3: { configurationId: "expired", object: { key: "gone.txt" } },
    });
  });

  it("does nothing for a Disabled rule", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "off", Status: "Disabled", Filter: {}, Expiration: { Days: 1 } }]);
    const written = await put(f, Bucket, "stays.txt");
    expect(written.Expiration).toBeUndefined();
    await advance(f, 10 * DAY);
    expect(await keysOf(f, Bucket)).toEqual(["stays.txt"]);
  });

  it("answers x-amz-expiration on CopyObject and CompleteMultipartUpload too", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "rule/with space", Status: "Enabled", Filter: { Prefix: "out/" }, Expiration: { Days: 3 } }]);
    await put(f, Bucket, "in/source");
    const copied = await f.client.send(new CopyObjectCommand({ Bucket, Key: "out/copy", CopySource: `${Bucket}/in/source` }));
    // The rule id is URL-encoded (GetObject "Expiration").
    expect(copied.Expiration).toBe('expiry-date="Mon, 19 Jan 2026 00:00:00 GMT", rule-id="rule%2Fwith%20space"');
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket, Key: "out/mpu" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket, Key: "out/mpu", UploadId, PartNumber: 1, Body: "only" }));
    const done = await f.client.send(new CompleteMultipartUploadCommand({ Bucket, Key: "out/mpu", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect(done.Expiration).toBe('expiry-date="Mon, 19 Jan 2026 00:00:00 GMT", rule-id="rule%2Fwith%20space"');
  });

  it("reports the earliest of several rules that apply", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [
      { ID: "late", Status: "Enabled", Filter: {}, Expiration: { Days: 30 } },
      { ID: "early", Status: "Enabled", Filter: { Prefix: "tmp/" }, Expiration: { Days: 2 } },
    ]);
    expect((await put(f, Bucket, "tmp/x")).Expiration).toBe('expiry-date="Sun, 18 Jan 2026 00:00:00 GMT", rule-id="early"');
    expect((await put(f, Bucket, "other")).Expiration).toBe('expiry-date="Sun, 15 Feb 2026 00:00:00 GMT", rule-id="late"');
  });
});

describe("Expiration Date", () => {
  it("expires matching objects at the date's midnight UTC", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "cutoff", Status: "Enabled", Filter: { Prefix: "logs/" }, Expiration: { Date: new Date("2026-02-01T00:00:00Z") } }]);
    expect((await put(f, Bucket, "logs/1")).Expiration).toBe('expiry-date="Sun, 01 Feb 2026 00:00:00 GMT", rule-id="cutoff"');
    await advance(f, Date.UTC(2026, 0, 31, 23) - START);
    expect(await keysOf(f, Bucket)).toEqual(["logs/1"]);
    await advance(f, HOUR);
    expect(await keysOf(f, Bucket)).toEqual([]);
  });
});

describe("rule filters", () => {
  it("match by tag, by prefix and tags together (And), and by object size", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [
      { ID: "tagged", Status: "Enabled", Filter: { Tag: { Key: "temp", Value: "yes" } }, Expiration: { Days: 1 } },
      { ID: "and", Status: "Enabled", Filter: { And: { Prefix: "a/", Tags: [{ Key: "k", Value: "1" }, { Key: "j", Value: "2" }] } }, Expiration: { Days: 1 } },
      { ID: "big", Status: "Enabled", Filter: { ObjectSizeGreaterThan: 10 }, Expiration: { Days: 1 } },
      { ID: "tiny", Status: "Enabled", Filter: { And: { Prefix: "t/", ObjectSizeLessThan: 2 } }, Expiration: { Days: 1 } },
    ]);
    await put(f, Bucket, "x/tagged", "data", "temp=yes");
    await put(f, Bucket, "x/other-tag", "data", "temp=no");
    await put(f, Bucket, "a/both-tags", "data", "k=1&j=2&extra=3");
    await put(f, Bucket, "a/one-tag", "data", "k=1");
    await put(f, Bucket, "x/big", "more than ten bytes");
    await put(f, Bucket, "t/1", "1");
    await put(f, Bucket, "t/4", "four");
    expect((await f.client.send(new HeadObjectCommand({ Bucket, Key: "a/both-tags" }))).Expiration).toContain('rule-id="and"');
    expect((await f.client.send(new HeadObjectCommand({ Bucket, Key: "a/one-tag" }))).Expiration).toBeUndefined();
    await advance(f, 3 * DAY);
    expect(await keysOf(f, Bucket)).toEqual(["a/one-tag", "t/4", "x/other-tag"]);
  });

  it("reads a rule's top-level Prefix (the form before Filter)", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "legacy", Status: "Enabled", Prefix: "old/", Expiration: { Days: 1 } }]);
    await put(f, Bucket, "old/a");
    await put(f, Bucket, "new/a");
    await advance(f, 3 * DAY);
    expect(await keysOf(f, Bucket)).toEqual(["new/a"]);
  });
});

describe("versioned buckets", () => {
  const versions = async (f: Fixture, Bucket: string) => {
    const out = await f.client.send(new ListObjectVersionsCommand({ Bucket }));
    return [
      ...(out.Versions ?? []).map((v) => ({ kind: "version", key: v.Key, id: v.VersionId, latest: v.IsLatest, at: v.LastModified?.toISOString() })),
      ...(out.DeleteMarkers ?? []).map((m) => ({ kind: "marker", key: m.Key, id: m.VersionId, latest: m.IsLatest, at: m.LastModified?.toISOString() })),
    ];
  };

  it("puts a delete marker dated midnight of the day on an expired current version, and sends DeleteMarkerCreated", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "r", Status: "Enabled", Filter: {}, Expiration: { Days: 1 } }], "Enabled");
    await f.client.send(new PutBucketNotificationConfigurationCommand({
      Bucket,
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ Id: "n", LambdaFunctionArn: FN, Events: ["s3:LifecycleExpiration:DeleteMarkerCreated"] }] },
    }));
    const { VersionId } = await put(f, Bucket, "doc.txt");
    await advance(f, Date.UTC(2026, 0, 17, 5) - START);
    const listed = await versions(f, Bucket);
    expect(listed).toHaveLength(2);
    expect(listed).toContainEqual({ kind: "version", key: "doc.txt", id: VersionId, latest: false, at: new Date(START).toISOString() });
    const marker = listed.find((v) => v.kind === "marker");
    expect(marker).toMatchObject({ key: "doc.txt", latest: true, at: "2026-01-17T00:00:00.000Z" });
    expect(events(f).map((e) => [e.eventName, e.s3.object.key, e.s3.object.versionId])).toEqual([["LifecycleExpiration:DeleteMarkerCreated", "doc.txt", marker?.id]]);
    // The noncurrent version stays: Expiration acts on current versions only.
    await advance(f, 30 * DAY);
    expect(await versions(f, Bucket)).toHaveLength(2);
  });

  it("removes noncurrent versions NoncurrentDays after they became noncurrent, keeping NewerNoncurrentVersions", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "nc", Status: "Enabled", Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 2, NewerNoncurrentVersions: 1 } }], "Enabled");
    const v1 = await put(f, Bucket, "k", "v1");
    await f.clock.advance(DAY);
    const v2 = await put(f, Bucket, "k", "v2");
    await f.clock.advance(DAY);
    const v3 = await put(f, Bucket, "k", "v3");
    // v1 noncurrent since 1/16 10:30 (+2 days: 1/19 00:00); v2 since 1/17 10:30, but it is the newest noncurrent version, kept.
    await advance(f, Date.UTC(2026, 0, 18, 23) - f.clock.now());
    expect((await versions(f, Bucket)).map((v) => v.id)).toEqual([v3.VersionId, v2.VersionId, v1.VersionId]);
    await advance(f, 2 * HOUR);
    expect((await versions(f, Bucket)).map((v) => v.id)).toEqual([v3.VersionId, v2.VersionId]);
    await advance(f, 60 * DAY);
    expect((await versions(f, Bucket)).map((v) => v.id)).toEqual([v3.VersionId, v2.VersionId]);
  });

  it("removes an expired object delete marker with ExpiredObjectDeleteMarker", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "markers", Status: "Enabled", Filter: {}, Expiration: { ExpiredObjectDeleteMarker: true } }], "Enabled");
    const { VersionId } = await put(f, Bucket, "k");
    await f.client.send(new DeleteObjectCommand({ Bucket, Key: "k" }));
    await f.client.send(new PutObjectCommand({ Bucket, Key: "other", Body: "x" }));
    await f.client.send(new DeleteObjectCommand({ Bucket, Key: "other" }));
    // A marker above a version is not expired: it stays until the version is gone.
    await advance(f, HOUR);
    expect(await versions(f, Bucket)).toHaveLength(4);
    await f.client.send(new DeleteObjectCommand({ Bucket, Key: "k", VersionId }));
    await advance(f, HOUR);
    expect((await versions(f, Bucket)).map((v) => [v.kind, v.key])).toEqual([["version", "other"], ["marker", "other"]]);
  });

  it("in a suspended bucket, expiry puts a null-version delete marker in place of the null version", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "r", Status: "Enabled", Filter: {}, Expiration: { Days: 1 } }], "Suspended");
    await put(f, Bucket, "k");
    await advance(f, 3 * DAY);
    expect((await versions(f, Bucket)).map((v) => [v.kind, v.id, v.latest])).toEqual([["marker", "null", true]]);
  });
});

describe("AbortIncompleteMultipartUpload", () => {
  it("answers x-amz-abort-date and x-amz-abort-rule-id, then aborts the upload after DaysAfterInitiation", async () => {
    const f = await start();
    const Bucket = await bucketWith(f, [{ ID: "abort-7", Status: "Enabled", Filter: { Prefix: "up/" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }]);
    const created = await f.client.send(new CreateMultipartUploadCommand({ Bucket, Key: "up/big.bin" }));
    expect(created.AbortDate?.toISOString()).toBe("2026-01-23T00:00:00.000Z");
    expect(created.AbortRuleId).toBe("abort-7");
    const other = await f.client.send(new CreateMultipartUploadCommand({ Bucket, Key: "elsewhere.bin" }));
    expect(other.AbortDate).toBeUndefined();
    const UploadId = created.UploadId;
    await f.client.send(new UploadPartCommand({ Bucket, Key: "up/big.bin", UploadId, PartNumber: 1, Body: "part" }));
    const parts = await f.client.send(new ListPartsCommand({ Bucket, Key: "up/big.bin", UploadId }));
    expect([parts.AbortDate?.toISOString(), parts.AbortRuleId]).toEqual(["2026-01-23T00:00:00.000Z", "abort-7"]);

    await advance(f, Date.UTC(2026, 0, 22, 23) - START);
    expect((await f.client.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads).toHaveLength(2);
    await advance(f, HOUR);
    expect((await f.client.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads?.map((u) => u.Key)).toEqual(["elsewhere.bin"]);
    const error = await failure(f.client.send(new UploadPartCommand({ Bucket, Key: "up/big.bin", UploadId, PartNumber: 2, Body: "late" })));
    expect(error.name).toBe("NoSuchUpload");
  });
});

describe("PutBucketLifecycleConfiguration checks", () => {
  const refusal = async (f: Fixture, Rules: LifecycleRule[]) => {
    const error = await failure(f.client.send(new PutBucketLifecycleConfigurationCommand({ Bucket: "checked", LifecycleConfiguration: { Rules } })));
    return [error.name, error.message, error.$metadata.httpStatusCode];
  };

  it("refuses Days, NoncurrentDays and DaysAfterInitiation below 1, a Date not at midnight, and a repeated rule ID", async () => {
    const f = await start();
    await f.client.send(new CreateBucketCommand({ Bucket: "checked" }));
    expect(await refusal(f, [{ ID: "a", Status: "Enabled", Filter: {}, Expiration: { Days: 0 } }]))
      .toEqual(["InvalidArgument", "'Days' for Expiration action must be a positive integer", 400]);
    expect(await refusal(f, [{ ID: "a", Status: "Enabled", Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 0 } }]))
      .toEqual(["InvalidArgument", "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer", 400]);
    expect(await refusal(f, [{ ID: "a", Status: "Enabled", Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 0 } }]))
      .toEqual(["InvalidArgument", "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer", 400]);
    expect(await refusal(f, [{ ID: "a", Status: "Enabled", Filter: {}, Expiration: { Date: new Date("2026-02-01T12:00:00Z") } }]))
      .toEqual(["InvalidArgument", "'Date' must be at midnight GMT", 400]);
    expect(await refusal(f, [
      { ID: "same", Status: "Enabled", Filter: {}, Expiration: { Days: 1 } },
      { ID: "same", Status: "Enabled", Filter: { Prefix: "x/" }, Expiration: { Days: 2 } },
    ])).toEqual(["InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule", 400]);
  });
});

describe("persistence", () => {
  it("keeps lifecycle deletions across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "s3-lifecycle-"));
    try {
      const clock = new VirtualClock(START);
      const store = new FileStore({ dir });
      const first = await start(store, clock);
      const Bucket = await bucketWith(first, [{ ID: "r", Status: "Enabled", Filter: { Prefix: "tmp/" }, Expiration: { Days: 1 } }]);
      await put(first, Bucket, "tmp/a");
      await put(first, Bucket, "keep/b");
      await advance(first, 3 * DAY);
      await first.close();
      open.splice(open.indexOf(first), 1);
      await store.close();

      const reopened = new FileStore({ dir });
      const second = await start(reopened, clock);
      expect(await keysOf(second, Bucket)).toEqual(["keep/b"]);
      expect((await second.client.send(new HeadObjectCommand({ Bucket, Key: "keep/b" }))).Expiration).toBeUndefined();
      await second.close();
      open.splice(open.indexOf(second), 1);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("applies what expired while the service was stopped before it answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "s3-lifecycle-"));
    try {
      const clock = new VirtualClock(START);
      const store = new FileStore({ dir });
      const first = await start(store, clock);
      const Bucket = await bucketWith(first, [{ ID: "r", Status: "Enabled", Filter: {}, Expiration: { Days: 1 } }]);
      await put(first, Bucket, "a");
      await first.close();
      open.splice(open.indexOf(first), 1);
      await store.close();
      await clock.advance(5 * DAY);

      const reopened = new FileStore({ dir });
      const second = await start(reopened, clock);
      expect(await keysOf(second, Bucket)).toEqual([]);
      await second.close();
      open.splice(open.indexOf(second), 1);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
