/**
 * What a third-party SDK conformance sweep (vorpalstacks-conformance-tests, @aws-sdk/client-s3)
 * found: a bucket's Object Lock default retention reaches the objects written to it, the
 * versions' lock shows on HEAD and GET, and a retention in force only loosens with the
 * governance bypass (S3 User Guide, "Locking objects with Object Lock").
 */
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand,
  GetObjectRetentionCommand, HeadObjectCommand, ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, PutObjectCommand, PutObjectLegalHoldCommand, PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand, S3Client, UploadPartCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDENTIALS, bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

const DAY = 86_400_000;
/** A date as the SDK writes it in a header (whole seconds). */
const sentDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
const START = Date.UTC(2026, 2, 1, 9, 0);
const clock = new VirtualClock(START);

let f: S3Fixture;
beforeAll(async () => {
  f = await startS3({ clock });
});
afterAll(() => f.close());

/** A bucket created with Object Lock, its default retention `days` in `mode` (none: no rule). */
async function lockedBucket(rule?: { mode: "GOVERNANCE" | "COMPLIANCE"; days?: number; years?: number }): Promise<string> {
  const bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  if (rule) {
    await f.client.send(new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: rule.mode, Days: rule.days, Years: rule.years } } },
    }));
  }
  return bucket;
}

describe("Object Lock default retention", () => {
  it("gives a new object version the bucket's DefaultRetention, counted from its creation", async () => {
    const bucket = await lockedBucket({ mode: "GOVERNANCE", days: 10 });
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const until = new Date(clock.now() + 10 * DAY);
    expect((await f.client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: "k" }))).Retention).toEqual({ Mode: "GOVERNANCE", RetainUntilDate: until });
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect([head.ObjectLockMode, head.ObjectLockRetainUntilDate]).toEqual(["GOVERNANCE", until]);
    const error = await failure(f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId: put.VersionId })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["AccessDenied", 403]);
  });

  it("counts Years in calendar years", async () => {
    const bucket = await lockedBucket({ mode: "COMPLIANCE", years: 1 });
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const until = new Date(clock.now());
    until.setUTCFullYear(until.getUTCFullYear() + 1);
    expect((await f.client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: "k" }))).Retention).toEqual({ Mode: "COMPLIANCE", RetainUntilDate: until });
  });

  it("reaches copies and completed multipart uploads too, but not objects written before the rule", async () => {
    const bucket = await lockedBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "before", Body: "x" }));
    await f.client.send(new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 1 } } },
    }));
    await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy", CopySource: `${bucket}/before` }));
    const upload = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mpu" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "mpu", UploadId: upload.UploadId, PartNumber: 1, Body: "x" }));
    await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "mpu", UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    for (const key of ["copy", "mpu"]) {
      expect((await f.client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: key }))).Retention?.Mode).toBe("GOVERNANCE");
    }
    const before = await failure(f.client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: "before" })));
    expect([before.name, before.message]).toEqual(["NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration"]);
  });

  it("shows a legal hold on GET and HEAD, and leaves objects of a bucket without a rule unlocked", async () => {
    const bucket = await lockedBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const plain = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect([plain.ObjectLockMode, plain.ObjectLockRetainUntilDate, plain.ObjectLockLegalHoldStatus]).toEqual([undefined, undefined, undefined]);
    await f.client.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: "k", LegalHold: { Status: "ON" } }));
    expect((await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "k" }))).ObjectLockLegalHoldStatus).toBe("ON");
    await f.client.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: "k", LegalHold: { Status: "OFF" } }));
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }))).ObjectLockLegalHoldStatus).toBe("OFF");
  });
});

describe("integrity headers on a locked PutObject", () => {
  it("wants Content-MD5 or a checksum when the new version would be locked", async () => {
    // A client that sends checksums only where an operation requires them (as SDKs before 2025 did).
    const plain = new S3Client({ endpoint: f.url, region: "us-east-1", credentials: CREDENTIALS, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED" });
    try {
      const unlocked = await lockedBucket();
      await plain.send(new PutObjectCommand({ Bucket: unlocked, Key: "k", Body: "x" }));
      const bucket = await lockedBucket({ mode: "GOVERNANCE", days: 1 });
      const error = await failure(plain.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" })));
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
        "InvalidRequest", "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters", 400,
      ]);
      const held = await failure(plain.send(new PutObjectCommand({ Bucket: unlocked, Key: "k", Body: "x", ObjectLockLegalHoldStatus: "ON" })));
      expect(held.name).toBe("InvalidRequest");
      await plain.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ContentMD5: createHash("md5").update("x").digest("base64") }));
      expect((await plain.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }))).ObjectLockMode).toBe("GOVERNANCE");
    } finally {
      plain.destroy();
    }
  });
});

describe("S3 Lifecycle and Object Lock", () => {
  it("leaves a noncurrent version its retention protects until the retention is over", async () => {
    const bucket = await lockedBucket({ mode: "GOVERNANCE", days: 10 });
    await f.client.send(new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket, LifecycleConfiguration: { Rules: [{ ID: "old", Status: "Enabled", Filter: {}, NoncurrentVersionExpiration: { NoncurrentDays: 1 } }] },
    }));
    const first = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "1" }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "2" }));
    const versions = async () => (await f.client.send(new ListObjectVersionsCommand({ Bucket: bucket }))).Versions?.map((v) => v.VersionId);
    await clock.advance(3 * DAY);
    await f.s3.sweepLifecycle();
    expect(await versions()).toContain(first.VersionId);
    await clock.advance(8 * DAY);
    await f.s3.sweepLifecycle();
    expect(await versions()).not.toContain(first.VersionId);
  });
});

describe("PutObjectRetention on a version a retention protects", () => {
  async function retained(mode: "GOVERNANCE" | "COMPLIANCE"): Promise<{ bucket: string; until: Date }> {
    const bucket = await lockedBucket({ mode, days: 10 });
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    return { bucket, until: new Date(clock.now() + 10 * DAY) };
  }
  const retention = (bucket: string) => f.client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: "k" })).then((r) => r.Retention);

  it("extends it in the same mode", async () => {
    const { bucket } = await retained("GOVERNANCE");
    const later = new Date(clock.now() + 20 * DAY);
    await f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", Retention: { Mode: "GOVERNANCE", RetainUntilDate: later } }));
    expect(await retention(bucket)).toEqual({ Mode: "GOVERNANCE", RetainUntilDate: later });
  });

  it("refuses to shorten or change a GOVERNANCE retention without x-amz-bypass-governance-retention", async () => {
    const { bucket, until } = await retained("GOVERNANCE");
    const sooner = new Date(clock.now() + DAY);
    for (const Retention of [{ Mode: "GOVERNANCE" as const, RetainUntilDate: sooner }, { Mode: "COMPLIANCE" as const, RetainUntilDate: until }]) {
      const error = await failure(f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", Retention })));
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["AccessDenied", "Access Denied", 403]);
    }
    expect(await retention(bucket)).toEqual({ Mode: "GOVERNANCE", RetainUntilDate: until });
    await f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", BypassGovernanceRetention: true, Retention: { Mode: "GOVERNANCE", RetainUntilDate: sooner } }));
    expect(await retention(bucket)).toEqual({ Mode: "GOVERNANCE", RetainUntilDate: sooner });
  });

  it("never shortens a COMPLIANCE retention, bypass or not", async () => {
    const { bucket, until } = await retained("COMPLIANCE");
    const sooner = new Date(clock.now() + DAY);
    const error = await failure(f.client.send(new PutObjectRetentionCommand({
      Bucket: bucket, Key: "k", BypassGovernanceRetention: true, Retention: { Mode: "COMPLIANCE", RetainUntilDate: sooner },
    })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["AccessDenied", 403]);
    expect(await retention(bucket)).toEqual({ Mode: "COMPLIANCE", RetainUntilDate: until });
  });

  it("sets anything once the retention is over", async () => {
    const { bucket } = await retained("COMPLIANCE");
    await clock.advance(11 * DAY);
    const next = new Date(clock.now() + DAY);
    await f.client.send(new PutObjectRetentionCommand({ Bucket: bucket, Key: "k", Retention: { Mode: "GOVERNANCE", RetainUntilDate: next } }));
    expect(await retention(bucket)).toEqual({ Mode: "GOVERNANCE", RetainUntilDate: next });
  });
});

describe("x-amz-object-lock-* headers on a write", () => {
  it("lock the new version instead of the bucket's default retention", async () => {
    const bucket = await lockedBucket({ mode: "GOVERNANCE", days: 10 });
    const until = new Date(clock.now() + 2 * DAY);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: until, ObjectLockLegalHoldStatus: "ON" }));
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect([head.ObjectLockMode, head.ObjectLockRetainUntilDate, head.ObjectLockLegalHoldStatus]).toEqual(["COMPLIANCE", until, "ON"]);
  });

  it("carry over to a CopyObject and a multipart upload's object", async () => {
    const bucket = await lockedBucket();
    const until = new Date(clock.now() + DAY);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "source", Body: "x" }));
    await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy", CopySource: `${bucket}/source`, ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: until }));
    const upload = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "mpu", ObjectLockLegalHoldStatus: "ON" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "mpu", UploadId: upload.UploadId, PartNumber: 1, Body: "x" }));
    await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "mpu", UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect((await f.client.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: "copy" }))).Retention).toEqual({ Mode: "GOVERNANCE", RetainUntilDate: until });
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "mpu" }))).ObjectLockLegalHoldStatus).toBe("ON");
  });

  it("are refused in a bucket without Object Lock", async () => {
    const bucket = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
    const error = await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ObjectLockLegalHoldStatus: "ON" })));
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["InvalidRequest", "Bucket is missing Object Lock Configuration", 400]);
  });

  it("need both a mode and a retain-until date in the future, and an ON or OFF hold", async () => {
    const bucket = await lockedBucket();
    const until = new Date(clock.now() + DAY);
    const past = new Date(clock.now() - DAY);
    type Lock = { ObjectLockMode?: "GOVERNANCE"; ObjectLockRetainUntilDate?: Date; ObjectLockLegalHoldStatus?: "ON" };
    const cases: [Lock, string, string, string | undefined][] = [
      [{ ObjectLockMode: "GOVERNANCE" }, "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied", "x-amz-object-lock-retain-until-date", undefined],
      [{ ObjectLockRetainUntilDate: until }, "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied", "x-amz-object-lock-mode", undefined],
      [{ ObjectLockMode: "Governance" as "GOVERNANCE", ObjectLockRetainUntilDate: until }, "Unknown wormMode directive.", "x-amz-object-lock-mode", "Governance"],
      [{ ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: past }, "The retain until date must be in the future!", "x-amz-object-lock-retain-until-date", sentDate(past)],
      [{ ObjectLockLegalHoldStatus: "on" as "ON" }, "Legal Hold must be either of 'ON' or 'OFF'", "x-amz-object-lock-legal-hold", "on"],
    ];
    for (const [lock, message, argumentName, argumentValue] of cases) {
      const error = await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ...lock })));
      const fields = error as unknown as { ArgumentName?: string; ArgumentValue?: string };
      expect([error.name, error.message, error.$metadata.httpStatusCode, fields.ArgumentName, fields.ArgumentValue]).toEqual(["InvalidArgument", message, 400, argumentName, argumentValue]);
    }
    await expect(f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }))).rejects.toMatchObject({ name: "NotFound" });
  });
});

describe("PutObjectRetention, PutObjectLegalHold and PutObjectLockConfiguration checks", () => {
  it("refuses a legal hold Status other than ON or OFF as MalformedXML", async () => {
    const bucket = await lockedBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const error = await failure(f.client.send(new PutObjectLegalHoldCommand({ Bucket: bucket, Key: "k", LegalHold: { Status: "abc" as "ON" } })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(["MalformedXML", 400]);
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }))).ObjectLockLegalHoldStatus).toBeUndefined();
  });

  it("refuses a retain-until date in the past, naming it as S3 does in Pacific time", async () => {
    const bucket = await lockedBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const error = await failure(f.client.send(new PutObjectRetentionCommand({
      Bucket: bucket, Key: "k", Retention: { Mode: "GOVERNANCE", RetainUntilDate: new Date("2020-01-01T00:00:00Z") },
    })));
    const fields = error as unknown as { ArgumentName?: string; ArgumentValue?: string };
    expect([error.name, error.message, fields.ArgumentName, fields.ArgumentValue]).toEqual([
      "InvalidArgument", "The retain until date must be in the future!", "RetainUntilDate", "Tue Dec 31 16:00:00 PST 2019",
    ]);
  });

  it("refuses a DefaultRetention of no days, or more than a date can hold", async () => {
    const bucket = await lockedBucket();
    const put = (DefaultRetention: { Mode: "GOVERNANCE"; Days?: number; Years?: number }) =>
      f.client.send(new PutObjectLockConfigurationCommand({ Bucket: bucket, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention } } }));
    const cases: [{ Mode: "GOVERNANCE"; Days?: number; Years?: number }, string, string][] = [
      [{ Mode: "GOVERNANCE", Days: 0 }, "Default retention period must be a positive integer value.", "Days"],
      [{ Mode: "GOVERNANCE", Years: -1 }, "Default retention period must be a positive integer value.", "Years"],
      [{ Mode: "GOVERNANCE", Days: 999_999_999 }, "Default retention period too large.", "Days"],
    ];
    for (const [rule, message, argumentName] of cases) {
      const error = await failure(put(rule));
      expect([error.name, error.message, (error as unknown as { ArgumentName?: string }).ArgumentName]).toEqual(["InvalidArgument", message, argumentName]);
    }
    await put({ Mode: "GOVERNANCE", Days: 36_500 });
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }))).ObjectLockRetainUntilDate).toEqual(new Date(clock.now() + 36_500 * DAY));
  });
});
