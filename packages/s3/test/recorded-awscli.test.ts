/**
 * The AWS CLI's own S3 API examples (aws/aws-cli, awscli/examples/s3api/*.rst: commands and the
 * answers AWS gave them), replayed through the AWS SDK v3 client (and the raw XML where the
 * example shows S3's text); the shapes are compared, the author's values (ids, ETags, times) are
 * not. The examples' bucket names (amzn-s3-demo-*) are reserved by AWS for its documentation and
 * refused, as on AWS, so the buckets here are named otherwise.
 */
import {
  CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetBucketAnalyticsConfigurationCommand, GetBucketIntelligentTieringConfigurationCommand,
  GetBucketInventoryConfigurationCommand, GetBucketLifecycleConfigurationCommand, GetBucketLocationCommand, GetBucketMetricsConfigurationCommand,
  GetBucketNotificationConfigurationCommand, GetBucketOwnershipControlsCommand, GetBucketRequestPaymentCommand, GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand, GetObjectRetentionCommand, GetObjectTaggingCommand, GetPublicAccessBlockCommand, HeadObjectCommand,
  ListBucketAnalyticsConfigurationsCommand, ListBucketIntelligentTieringConfigurationsCommand, ListBucketInventoryConfigurationsCommand,
  ListBucketMetricsConfigurationsCommand, ListObjectVersionsCommand, PutBucketAnalyticsConfigurationCommand, PutBucketIntelligentTieringConfigurationCommand,
  PutBucketInventoryConfigurationCommand, PutBucketLifecycleConfigurationCommand, PutBucketMetricsConfigurationCommand, PutBucketNotificationConfigurationCommand,
  PutObjectCommand, PutObjectLegalHoldCommand, PutObjectLockConfigurationCommand, PutObjectRetentionCommand, PutObjectTaggingCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

const AUTH = "AWS4-HMAC-SHA256 Credential=x/20261127/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";

let f: S3Fixture;
beforeAll(async () => {
  f = await startS3();
});
afterAll(() => f.close());

async function newBucket(extra: { ObjectLockEnabledForBucket?: boolean } = {}): Promise<string> {
  const Bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket, ...extra }));
  return Bucket;
}

describe("awscli/examples/s3api", () => {
  it("create-bucket.rst: amzn-s3-demo-bucket is a name AWS keeps for its documentation", async () => {
    expect((await failure(f.client.send(new CreateBucketCommand({ Bucket: "amzn-s3-demo-bucket" })))).name).toBe("InvalidBucketName");
    const Bucket = bucketName();
    const created = await f.client.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    expect(created.Location).toBe(`http://${Bucket}.s3.amazonaws.com/`);
    expect((await f.client.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBe("eu-west-1");
  });

  it("get-bucket-lifecycle-configuration.rst: a rule's Date comes back with its milliseconds", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutBucketLifecycleConfigurationCommand({
      Bucket,
      LifecycleConfiguration: {
        Rules: [
          { ID: "Move rotated logs to Glacier", Prefix: "rotated/", Status: "Enabled", Transitions: [{ Date: new Date("2015-11-10T00:00:00.000Z"), StorageClass: "GLACIER" }] },
          { ID: "Move old versions to Glacier", Prefix: "", Status: "Enabled", NoncurrentVersionTransitions: [{ NoncurrentDays: 2, StorageClass: "GLACIER" }] },
          { ID: "Delete 2014 logs in 2016.", Prefix: "logs/2014/", Status: "Enabled", Expiration: { Date: new Date("2016-01-01T00:00:00.000Z") } },
        ],
      },
    }));
    // The SDK sends "2015-11-10T00:00:00Z"; the example shows what S3 answers.
    const raw = await (await fetch(`${f.url}/${Bucket}?lifecycle`, { headers: { authorization: AUTH } })).text();
    expect(raw).toContain("<Transition><Date>2015-11-10T00:00:00.000Z</Date><StorageClass>GLACIER</StorageClass></Transition>");
    expect(raw).toContain("<Expiration><Date>2016-01-01T00:00:00.000Z</Date></Expiration>");
    const { Rules } = await f.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    expect(Rules?.map((r) => [r.ID, r.Prefix, r.Status])).toEqual([
      ["Move rotated logs to Glacier", "rotated/", "Enabled"], ["Move old versions to Glacier", "", "Enabled"], ["Delete 2014 logs in 2016.", "logs/2014/", "Enabled"],
    ]);
    expect(Rules?.[1]?.NoncurrentVersionTransitions).toEqual([{ NoncurrentDays: 2, StorageClass: "GLACIER" }]);
  });

  it("get/list-bucket-analytics, -metrics, -inventory and -intelligent-tiering-configuration(s).rst", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutBucketAnalyticsConfigurationCommand({ Bucket, Id: "1", AnalyticsConfiguration: { Id: "1", StorageClassAnalysis: {} } }));
    expect((await f.client.send(new GetBucketAnalyticsConfigurationCommand({ Bucket, Id: "1" }))).AnalyticsConfiguration).toEqual({ Id: "1", StorageClassAnalysis: {} });
    const analytics = await f.client.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket }));
    expect([analytics.AnalyticsConfigurationList, analytics.IsTruncated]).toEqual([[{ Id: "1", StorageClassAnalysis: {} }], false]);

    for (const [Id, Prefix] of [["123", "logs"], ["234", "tmp"]]) {
      await f.client.send(new PutBucketMetricsConfigurationCommand({ Bucket, Id, MetricsConfiguration: { Id, Filter: { Prefix } } }));
    }
    expect((await f.client.send(new GetBucketMetricsConfigurationCommand({ Bucket, Id: "123" }))).MetricsConfiguration).toEqual({ Id: "123", Filter: { Prefix: "logs" } });
    const metrics = await f.client.send(new ListBucketMetricsConfigurationsCommand({ Bucket }));
    expect([metrics.IsTruncated, metrics.MetricsConfigurationList]).toEqual([false, [{ Id: "123", Filter: { Prefix: "logs" } }, { Id: "234", Filter: { Prefix: "tmp" } }]]);

    const inventory = (Id: string, Format: "ORC" | "CSV", Frequency: "Weekly" | "Daily") => ({
      Destination: { S3BucketDestination: { AccountId: "123456789012", Bucket: "arn:aws:s3:::amzn-s3-demo-bucket", Format } },
      IsEnabled: true, Id, IncludedObjectVersions: "Current" as const, Schedule: { Frequency },
    });
    await f.client.send(new PutBucketInventoryConfigurationCommand({ Bucket, Id: "1", InventoryConfiguration: inventory("1", "ORC", "Weekly") }));
    await f.client.send(new PutBucketInventoryConfigurationCommand({ Bucket, Id: "2", InventoryConfiguration: inventory("2", "CSV", "Daily") }));
    expect((await f.client.send(new GetBucketInventoryConfigurationCommand({ Bucket, Id: "1" }))).InventoryConfiguration).toEqual(inventory("1", "ORC", "Weekly"));
    const inventories = await f.client.send(new ListBucketInventoryConfigurationsCommand({ Bucket }));
    expect([inventories.InventoryConfigurationList, inventories.IsTruncated]).toEqual([[inventory("1", "ORC", "Weekly"), inventory("2", "CSV", "Daily")], false]);

    const tiering = {
      Id: "ExampleConfig", Filter: { Prefix: "images" }, Status: "Enabled" as const,
      Tierings: [{ Days: 90, AccessTier: "ARCHIVE_ACCESS" as const }, { Days: 180, AccessTier: "DEEP_ARCHIVE_ACCESS" as const }],
    };
    await f.client.send(new PutBucketIntelligentTieringConfigurationCommand({ Bucket, Id: "ExampleConfig", IntelligentTieringConfiguration: tiering }));
    expect((await f.client.send(new GetBucketIntelligentTieringConfigurationCommand({ Bucket, Id: "ExampleConfig" }))).IntelligentTieringConfiguration).toEqual(tiering);
    const tierings = await f.client.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket }));
    expect([tierings.IsTruncated, tierings.IntelligentTieringConfigurationList]).toEqual([false, [tiering]]);
  });

  it("get-bucket-notification-configuration.rst, get-bucket-ownership-controls.rst, get-bucket-request-payment.rst, get-public-access-block.rst", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutBucketNotificationConfigurationCommand({
      Bucket, NotificationConfiguration: { TopicConfigurations: [{ TopicArn: "arn:aws:sns:us-east-1:000000000000:s3-notification-topic", Events: ["s3:ObjectCreated:*"] }] },
    }));
    const notification = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket }));
    expect(notification.TopicConfigurations?.map((c) => [typeof c.Id, c.TopicArn, c.Events])).toEqual([
      ["string", "arn:aws:sns:us-east-1:000000000000:s3-notification-topic", ["s3:ObjectCreated:*"]],
    ]);
    expect((await f.client.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
    expect((await f.client.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer).toBe("BucketOwner");
    expect((await f.client.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration).toEqual({
      IgnorePublicAcls: true, BlockPublicPolicy: true, BlockPublicAcls: true, RestrictPublicBuckets: true,
    });
  });

  it("put/get-object-lock-configuration.rst, -retention.rst, -legal-hold.rst, get-object-tagging.rst", async () => {
    const Bucket = await newBucket({ ObjectLockEnabledForBucket: true });
    await f.client.send(new PutObjectLockConfigurationCommand({
      Bucket, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 50 } } },
    }));
    expect((await f.client.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 50 } },
    });
    await f.client.send(new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled" } }));
    await f.client.send(new PutObjectCommand({ Bucket, Key: "doc1.rtf", Body: "rtf" }));
    await f.client.send(new PutObjectRetentionCommand({ Bucket, Key: "doc1.rtf", Retention: { Mode: "GOVERNANCE", RetainUntilDate: new Date("2100-01-01T00:00:00Z") } }));
    const raw = await (await fetch(`${f.url}/${Bucket}/doc1.rtf?retention`, { headers: { authorization: AUTH } })).text();
    expect(raw).toContain("<Mode>GOVERNANCE</Mode><RetainUntilDate>2100-01-01T00:00:00.000Z</RetainUntilDate>");
    expect((await f.client.send(new GetObjectRetentionCommand({ Bucket, Key: "doc1.rtf" }))).Retention?.Mode).toBe("GOVERNANCE");
    await f.client.send(new PutObjectLegalHoldCommand({ Bucket, Key: "doc1.rtf", LegalHold: { Status: "ON" } }));
    expect((await f.client.send(new GetObjectLegalHoldCommand({ Bucket, Key: "doc1.rtf" }))).LegalHold).toEqual({ Status: "ON" });
    await f.client.send(new PutObjectTaggingCommand({ Bucket, Key: "doc1.rtf", Tagging: { TagSet: [{ Key: "designation", Value: "confidential" }] } }));
    expect((await f.client.send(new GetObjectTaggingCommand({ Bucket, Key: "doc1.rtf" }))).TagSet).toEqual([{ Key: "designation", Value: "confidential" }]);
    await f.client.send(new PutObjectLegalHoldCommand({ Bucket, Key: "doc1.rtf", LegalHold: { Status: "OFF" } }));
  });

  it("head-object.rst: an object of an unversioned bucket, with no VersionId; get-object-tagging.rst: an empty TagSet", async () => {
    const Bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket, Key: "index.html", Body: "<html>hi</html>", ContentType: "text/html" }));
    const { $metadata: _metadata, LastModified, ETag, ...head } = await f.client.send(new HeadObjectCommand({ Bucket, Key: "index.html" }));
    expect(head).toMatchObject({ AcceptRanges: "bytes", ContentType: "text/html", ContentLength: 15, Metadata: {} });
    expect([LastModified instanceof Date, ETag]).toEqual([true, expect.stringMatching(/^"[0-9a-f]{32}"$/)]);
    expect(head.VersionId).toBeUndefined();
    expect((await f.client.send(new GetObjectTaggingCommand({ Bucket, Key: "index.html" }))).TagSet).toEqual([]);
  });

  it("delete-objects.rst, list-object-versions.rst: in a versioned bucket, a delete marker, listed apart from the versions", async () => {
    const Bucket = await newBucket({ ObjectLockEnabledForBucket: true });
    await f.client.send(new PutObjectCommand({ Bucket, Key: "index.html", Body: "v1" }));
    const deleted = await f.client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: "test1.txt" }], Quiet: false } }));
    expect(deleted.Deleted?.map((d) => [d.Key, d.DeleteMarker, typeof d.DeleteMarkerVersionId])).toEqual([["test1.txt", true, "string"]]);
    await f.client.send(new DeleteObjectCommand({ Bucket, Key: "index.html" }));
    const listed = await f.client.send(new ListObjectVersionsCommand({ Bucket, Prefix: "index.html" }));
    expect(listed.DeleteMarkers?.map((m) => [m.Key, m.IsLatest, Object.keys(m).sort()])).toEqual([
      ["index.html", true, ["IsLatest", "Key", "LastModified", "Owner", "VersionId"]],
    ]);
    expect(listed.Versions?.map((v) => [v.Key, v.IsLatest, v.StorageClass, v.Size])).toEqual([["index.html", false, "STANDARD", 2]]);
  });
});
