import {
  GetBucketCorsCommand, GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketLocationCommand, GetBucketOwnershipControlsCommand, GetBucketVersioningCommand,
  GetBucketWebsiteCommand, GetObjectLockConfigurationCommand, HeadObjectCommand, DeleteObjectCommand, GetPublicAccessBlockCommand, PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };
let sandbox: RunningSandbox;
let s3: S3Client;

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "s3-config"), port: 0, edgePort: 0, inMemory: true });
  s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
});

afterAll(async () => {
  s3?.destroy();
  await sandbox?.stop();
});

describe("AWS::S3::Bucket configuration from the template", () => {
  it("applies CorsConfiguration, and the edge answers preflights from it", async () => {
    const cors = await s3.send(new GetBucketCorsCommand({ Bucket: "browser-uploads" }));
    expect(cors.CORSRules).toEqual([
      { ID: "app", AllowedOrigins: ["http://localhost:5173"], AllowedMethods: ["GET", "PUT", "POST"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 600 },
      // A rule without MaxAge gets 0, as CloudFormation puts it (LocalStack resources/test_s3.snapshot.json test_cors_configuration, AWS-recorded).
      { AllowedOrigins: ["*"], AllowedMethods: ["GET"], MaxAgeSeconds: 0 },
    ]);
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: "browser-uploads", Key: "a.png" }), { expiresIn: 60 });
    const allowed = await fetch(url, { method: "OPTIONS", headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("content-type");
    const refused = await fetch(url, { method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "PUT" } });
    expect(refused.status).toBe(403);
    const put = await fetch(url, { method: "PUT", body: "png", headers: { Origin: "http://localhost:5173" } });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(put.headers.get("access-control-expose-headers")).toBe("ETag");
  });

  it("applies VersioningConfiguration", async () => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "browser-uploads" }))).Status).toBe("Enabled");
    const out = await s3.send(new PutObjectCommand({ Bucket: "browser-uploads", Key: "v.txt", Body: "x" }));
    expect(out.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
  });

  it("applies BucketEncryption, LifecycleConfiguration, PublicAccessBlockConfiguration, OwnershipControls, WebsiteConfiguration and ObjectLockEnabled", async () => {
    const Bucket = "config-site";
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules).toEqual([
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/site" }, BucketKeyEnabled: true },
    ]);
    const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    expect(lifecycle.Rules).toEqual([
      { ID: "expire-tmp", Filter: { Prefix: "tmp/" }, Status: "Enabled", Expiration: { Days: 7 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
      {
        ID: "old-drafts",
        Filter: { And: { Prefix: "drafts/", Tags: [{ Key: "kind", Value: "draft" }], ObjectSizeGreaterThan: 1024 } },
        Status: "Enabled",
        NoncurrentVersionExpiration: { NoncurrentDays: 30, NewerNoncurrentVersions: 2 },
      },
      { ID: "markers", Filter: { Prefix: "" }, Status: "Enabled", Expiration: { ExpiredObjectDeleteMarker: true } },
      { ID: "tagged", Filter: { Tag: { Key: "temporary", Value: "yes" } }, Status: "Disabled", Expiration: { Days: 1 } },
    ]);
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false,
    });
    expect((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).OwnershipControls?.Rules).toEqual([{ ObjectOwnership: "BucketOwnerPreferred" }]);
    const website = await s3.send(new GetBucketWebsiteCommand({ Bucket }));
    expect([website.IndexDocument, website.ErrorDocument]).toEqual([{ Suffix: "index.html" }, { Key: "error.html" }]);
    expect((await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration?.ObjectLockEnabled).toBe("Enabled");
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe("Enabled");
  });

  it("applies ObjectLockConfiguration's DefaultRetention to every new version", async () => {
    const Bucket = "locked-archive";
    expect((await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 1 } },
    });
    const before = Date.now();
    const { VersionId } = await s3.send(new PutObjectCommand({ Bucket, Key: "ledger.csv", Body: "a,b" }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: "ledger.csv" }));
    expect(head.ObjectLockMode).toBe("GOVERNANCE");
    const until = head.ObjectLockRetainUntilDate?.getTime() ?? 0;
    expect(until - before).toBeGreaterThanOrEqual(86_400_000 - 1000);
    expect(until - before).toBeLessThanOrEqual(86_400_000 + 60_000);
    const refused = await s3.send(new DeleteObjectCommand({ Bucket, Key: "ledger.csv", VersionId })).catch((e: Error) => e);
    expect(refused).toMatchObject({ name: "AccessDenied" });
  });
});

describe("template buckets outside us-east-1", () => {
  it("are created in the stack's region, as CloudFormation creates them", async () => {
    // Without a LocationConstraint a regional endpoint refuses CreateBucket (IllegalLocationConstraintException): start-up failed.
    const regional = await createSandbox({ template: join(import.meta.dirname, "fixtures", "s3-config"), port: 0, edgePort: 0, inMemory: true, region: "eu-west-1" });
    const client = new S3Client({ endpoint: regional.endpoint, region: "eu-west-1", credentials, forcePathStyle: true });
    try {
      expect((await client.send(new GetBucketLocationCommand({ Bucket: "browser-uploads" }))).LocationConstraint).toBe("eu-west-1");
      expect((await client.send(new GetBucketVersioningCommand({ Bucket: "browser-uploads" }))).Status).toBe("Enabled");
    } finally {
      client.destroy();
      await regional.stop();
    }
  });
});
