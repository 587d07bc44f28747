import {
  CreateBucketCommand, DeleteBucketReplicationCommand, GetBucketReplicationCommand, GetBucketVersioningCommand, PutBucketReplicationCommand, PutBucketVersioningCommand,
  type ReplicationConfiguration,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

let s3: S3Fixture;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());

async function newBucket(versioned: boolean): Promise<string> {
  const name = bucketName();
  await s3.client.send(new CreateBucketCommand({ Bucket: name }));
  if (versioned) await s3.client.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }));
  return name;
}

const ROLE = "arn:aws:iam::000000000000:role/replication";
const config = (destination: string, rule: Record<string, unknown> = {}): ReplicationConfiguration => ({
  Role: ROLE,
  Rules: [{ ID: "all", Status: "Enabled", Priority: 1, Filter: { Prefix: "" }, DeleteMarkerReplication: { Status: "Disabled" }, Destination: { Bucket: `arn:aws:s3:::${destination}` }, ...rule }],
});

describe("bucket replication", () => {
  it("stores a configuration, answers it back, and deletes it", async () => {
    const source = await newBucket(true);
    const target = await newBucket(true);
    const put = await s3.client.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config(target) }));
    expect(put.$metadata.httpStatusCode).toBe(200);
    const got = await s3.client.send(new GetBucketReplicationCommand({ Bucket: source }));
    expect(got.ReplicationConfiguration).toEqual({
      Role: ROLE,
      Rules: [{ ID: "all", Status: "Enabled", Priority: 1, Filter: { Prefix: "" }, DeleteMarkerReplication: { Status: "Disabled" }, Destination: { Bucket: `arn:aws:s3:::${target}` } }],
    });
    const deleted = await s3.client.send(new DeleteBucketReplicationCommand({ Bucket: source }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await failure(s3.client.send(new GetBucketReplicationCommand({ Bucket: source })));
    expect(gone.name).toBe("ReplicationConfigurationNotFoundError");
    expect(gone.message).toBe("The replication configuration was not found");
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it("answers ReplicationConfigurationNotFoundError for a bucket that never had one", async () => {
    const bucket = await newBucket(false);
    const error = await failure(s3.client.send(new GetBucketReplicationCommand({ Bucket: bucket })));
    expect(error.name).toBe("ReplicationConfigurationNotFoundError");
    expect((error as unknown as { BucketName?: string }).BucketName).toBe(bucket);
  });

  it("gives a rule without an ID one of its own", async () => {
    const source = await newBucket(true);
    const target = await newBucket(true);
    await s3.client.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config(target, { ID: undefined }) }));
    const rule = (await s3.client.send(new GetBucketReplicationCommand({ Bucket: source }))).ReplicationConfiguration?.Rules?.[0];
    expect(rule?.ID).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
  });

  it("wants versioning on the source, then an existing, versioned destination", async () => {
    const unversioned = await newBucket(false);
    const target = await newBucket(true);
    const put = (bucket: string, c: ReplicationConfiguration) => failure(s3.client.send(new PutBucketReplicationCommand({ Bucket: bucket, ReplicationConfiguration: c })));
    const noVersioning = await put(unversioned, config(target));
    expect(noVersioning.name).toBe("InvalidRequest");
    expect(noVersioning.message).toBe("Versioning must be 'Enabled' on the bucket to apply a replication configuration");
    expect((noVersioning as unknown as { BucketName?: string }).BucketName).toBe(unversioned);
    const source = await newBucket(true);
    expect((await put(source, config(`${target}-missing`))).message).toBe("Destination bucket must exist.");
    expect((await put(source, config(unversioned))).message).toBe("Destination bucket must have versioning enabled.");
    const noMarkers = await put(source, config(target, { DeleteMarkerReplication: undefined }));
    expect(noMarkers.message).toBe("DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.");
  });

  it("keeps the source's versioning on while a configuration is present (InvalidBucketState, 409)", async () => {
    const source = await newBucket(true);
    const target = await newBucket(true);
    await s3.client.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config(target) }));
    const suspend = () => s3.client.send(new PutBucketVersioningCommand({ Bucket: source, VersioningConfiguration: { Status: "Suspended" } }));
    const error = await failure(suspend());
    expect(error.name).toBe("InvalidBucketState");
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.message).toBe("A replication configuration is present on this bucket, so you cannot change the versioning state. To change the versioning state, first delete the replication configuration.");
    expect((await s3.client.send(new GetBucketVersioningCommand({ Bucket: source }))).Status).toBe("Enabled");
    await s3.client.send(new DeleteBucketReplicationCommand({ Bucket: source }));
    await suspend();
    expect((await s3.client.send(new GetBucketVersioningCommand({ Bucket: source }))).Status).toBe("Suspended");
  });

  it("refuses a rule without a status as malformed", async () => {
    const source = await newBucket(true);
    const target = await newBucket(true);
    const error = await failure(s3.client.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: config(target, { Status: "Sometimes" }) })));
    expect(error.name).toBe("MalformedXML");
  });
});
