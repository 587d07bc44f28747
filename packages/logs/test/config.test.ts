import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AssociateKmsKeyCommand,
  CancelExportTaskCommand,
  CloudWatchLogsClient,
  CreateExportTaskCommand,
  CreateLogStreamCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  CreateDeliveryCommand,
  CreateLogAnomalyDetectorCommand,
  CreateLogGroupCommand,
  DeleteDataProtectionPolicyCommand,
  DeleteDestinationCommand,
  DeleteLogAnomalyDetectorCommand,
  DeleteResourcePolicyCommand,
  DeleteTransformerCommand,
  DescribeAccountPoliciesCommand,
  DescribeDestinationsCommand,
  DescribeExportTasksCommand,
  DescribeFieldIndexesCommand,
  DescribeLogGroupsCommand,
  DescribeResourcePoliciesCommand,
  GetDataProtectionPolicyCommand,
  GetDeliveryDestinationCommand,
  GetLogAnomalyDetectorCommand,
  GetTransformerCommand,
  LimitExceededException,
  ListAnomaliesCommand,
  ListTagsLogGroupCommand,
  PutAccountPolicyCommand,
  PutDataProtectionPolicyCommand,
  PutDeliveryDestinationCommand,
  PutDeliverySourceCommand,
  PutDestinationCommand,
  PutDestinationPolicyCommand,
  PutIndexPolicyCommand,
  PutResourcePolicyCommand,
  PutTransformerCommand,
  ResourceNotFoundException,
  TagLogGroupCommand,
  UntagLogGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ConflictException,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { startLogs, type LogsHarness } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const ACCOUNT = "000000000000";
const GROUP = "/app/config";

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );
}

describe("stored configuration", () => {
  let h: LogsHarness;
  let client: CloudWatchLogsClient;

  /** The S3 side of export tasks: "bucket" exists. */
  const objects = new Map<string, Buffer>();
  const exportTarget = {
    bucketExists: async (bucket: string) => bucket === "bucket",
    putObject: async (bucket: string, key: string, body: Buffer) => {
      objects.set(`${bucket}/${key}`, body);
    },
  };

  beforeAll(async () => {
    h = await startLogs({ clock: new VirtualClock(NOW), exportTarget, client: { maxAttempts: 1 } });
    client = h.client;
    await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  });

  afterAll(async () => {
    await h.close();
  });

  it("keeps resource policies up to AWS's limit of 10", async () => {
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    const out = await client.send(new PutResourcePolicyCommand({ policyName: "p0", policyDocument: document }));
    expect(out.resourcePolicy).toEqual({ policyName: "p0", policyDocument: document, lastUpdatedTime: NOW, policyScope: "ACCOUNT" });
    for (let i = 1; i < 10; i++) await client.send(new PutResourcePolicyCommand({ policyName: `p${i}`, policyDocument: document }));
    const over = await failure(client.send(new PutResourcePolicyCommand({ policyName: "p10", policyDocument: document })));
    expect(over).toBeInstanceOf(LimitExceededException);
    expect(over.message).toBe("Resource limit exceeded.");
    expect((await client.send(new DescribeResourcePoliciesCommand({}))).resourcePolicies).toHaveLength(10);
    await client.send(new DeleteResourcePolicyCommand({ policyName: "p0" }));
    const missing = await failure(client.send(new DeleteResourcePolicyCommand({ policyName: "p0" })));
    expect(missing.message).toBe("Policy with name [p0] does not exist.");
  });

  it("keeps destinations with their ARN and access policy", async () => {
    const out = await client.send(new PutDestinationCommand({ destinationName: "d1", targetArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s", roleArn: "arn:aws:iam::000000000000:role/r" }));
    expect(out.destination).toEqual({
      destinationName: "d1",
      targetArn: "arn:aws:kinesis:us-east-1:000000000000:stream/s",
      roleArn: "arn:aws:iam::000000000000:role/r",
      arn: "arn:aws:logs:us-east-1:000000000000:destination:d1",
      creationTime: NOW,
    });
    await client.send(new PutDestinationPolicyCommand({ destinationName: "d1", accessPolicy: "{}" }));
    const described = await client.send(new DescribeDestinationsCommand({ DestinationNamePrefix: "d" }));
    expect(described.destinations?.[0].accessPolicy).toBe("{}");
    await client.send(new DeleteDestinationCommand({ destinationName: "d1" }));
    const missing = await failure(client.send(new DeleteDestinationCommand({ destinationName: "d1" })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe("The specified destination does not exist.");
  });

  it("shows a KMS key and data protection on the log group", async () => {
    await client.send(new AssociateKmsKeyCommand({ logGroupName: GROUP, kmsKeyId: "arn:aws:kms:us-east-1:000000000000:key/k" }));
    await client.send(new PutDataProtectionPolicyCommand({ logGroupIdentifier: GROUP, policyDocument: "{\"Name\":\"p\"}" }));
    const group = (await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }))).logGroups?.[0];
    expect(group?.kmsKeyId).toBe("arn:aws:kms:us-east-1:000000000000:key/k");
    expect(group?.dataProtectionStatus).toBe("ACTIVATED");
    const policy = await client.send(new GetDataProtectionPolicyCommand({ logGroupIdentifier: GROUP }));
    expect(policy).toMatchObject({ logGroupIdentifier: GROUP, policyDocument: "{\"Name\":\"p\"}", lastUpdatedTime: NOW });
    await client.send(new DeleteDataProtectionPolicyCommand({ logGroupIdentifier: GROUP }));
    expect((await client.send(new GetDataProtectionPolicyCommand({ logGroupIdentifier: GROUP }))).policyDocument).toBeUndefined();
  });

  it("untags a log group", async () => {
    await client.send(new TagLogGroupCommand({ logGroupName: GROUP, tags: { a: "1", b: "2" } }));
    await client.send(new UntagLogGroupCommand({ logGroupName: GROUP, tags: ["a"] }));
    expect((await client.send(new ListTagsLogGroupCommand({ logGroupName: GROUP }))).tags).toEqual({ b: "2" });
  });

  it("lists the fields an index policy names", async () => {
    await client.send(new PutIndexPolicyCommand({ logGroupIdentifier: GROUP, policyDocument: JSON.stringify({ Fields: ["requestId"] }) }));
    const out = await client.send(new DescribeFieldIndexesCommand({ logGroupIdentifiers: [GROUP] }));
    expect(out.fieldIndexes).toEqual([{ logGroupIdentifier: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}`, fieldIndexName: "requestId", lastScanTime: NOW }]);
  });

  it("keeps transformers and account policies", async () => {
    const config = [{ parseJSON: {} }];
    await client.send(new PutTransformerCommand({ logGroupIdentifier: GROUP, transformerConfig: config }));
    expect(await client.send(new GetTransformerCommand({ logGroupIdentifier: GROUP }))).toMatchObject({ logGroupIdentifier: GROUP, transformerConfig: config, creationTime: NOW });
    await client.send(new DeleteTransformerCommand({ logGroupIdentifier: GROUP }));
    const gone = await failure(client.send(new GetTransformerCommand({ logGroupIdentifier: GROUP })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    await client.send(new PutAccountPolicyCommand({ policyName: "ap", policyType: "DATA_PROTECTION_POLICY", policyDocument: "{}" }));
    const policies = await client.send(new DescribeAccountPoliciesCommand({ policyType: "DATA_PROTECTION_POLICY" }));
    expect(policies.accountPolicies).toEqual([
      { policyName: "ap", policyDocument: "{}", lastUpdatedTime: NOW, policyType: "DATA_PROTECTION_POLICY", scope: "ALL", accountId: ACCOUNT },
    ]);
  });

  it("keeps anomaly detectors, which report no anomalies", async () => {
    const { anomalyDetectorArn } = await client.send(new CreateLogAnomalyDetectorCommand({ logGroupArnList: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}`], detectorName: "d" }));
    expect(anomalyDetectorArn).toMatch(/^arn:aws:logs:us-east-1:000000000000:anomaly-detector:/);
    expect(await client.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn }))).toMatchObject({ detectorName: "d", anomalyDetectorStatus: "TRAINING" });
    expect((await client.send(new ListAnomaliesCommand({ anomalyDetectorArn }))).anomalies).toEqual([]);
    await client.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn }));
    const gone = await failure(client.send(new GetLogAnomalyDetectorCommand({ anomalyDetectorArn })));
    expect(gone.message).toBe("The specified anomaly detector does not exist.");
  });

  it("links delivery sources to destinations", async () => {
    const source = await client.send(new PutDeliverySourceCommand({ name: "cf", resourceArn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`, logType: "ACCESS_LOGS" }));
    expect(source.deliverySource).toEqual({ name: "cf", arn: `arn:aws:logs:us-east-1:${ACCOUNT}:delivery-source:cf`, resourceArns: [`arn:aws:cloudfront::${ACCOUNT}:distribution/E1`], service: "cloudfront", logType: "ACCESS_LOGS" });
    const destination = await client.send(new PutDeliveryDestinationCommand({ name: "bucket", deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::logs-bucket" } }));
    expect(destination.deliveryDestination?.deliveryDestinationType).toBe("S3");
    const delivery = await client.send(new CreateDeliveryCommand({ deliverySourceName: "cf", deliveryDestinationArn: destination.deliveryDestination?.arn }));
    expect(delivery.delivery?.arn).toBe(`arn:aws:logs:us-east-1:${ACCOUNT}:delivery:${delivery.delivery?.id}`);
    const again = await failure(client.send(new CreateDeliveryCommand({ deliverySourceName: "cf", deliveryDestinationArn: destination.deliveryDestination?.arn })));
    expect(again).toBeInstanceOf(ConflictException);
    const missing = await failure(client.send(new GetDeliveryDestinationCommand({ name: "nope" })));
    expect(missing.message).toBe("Requested Delivery Destination does not exist in this account.");
  });

  it("keeps the tags of anomaly detectors and delivery destinations, read and changed by ARN", async () => {
    const { anomalyDetectorArn } = await client.send(
      new CreateLogAnomalyDetectorCommand({ logGroupArnList: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}`], tags: { team: "ops" } }),
    );
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: anomalyDetectorArn }))).tags).toEqual({ team: "ops" });
    await client.send(new TagResourceCommand({ resourceArn: anomalyDetectorArn, tags: { env: "dev" } }));
    await client.send(new UntagResourceCommand({ resourceArn: anomalyDetectorArn, tagKeys: ["team"] }));
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: anomalyDetectorArn }))).tags).toEqual({ env: "dev" });
    await client.send(new DeleteLogAnomalyDetectorCommand({ anomalyDetectorArn }));
    expect((await failure(client.send(new ListTagsForResourceCommand({ resourceArn: anomalyDetectorArn })))).message).toBe("The specified anomaly detector does not exist.");

    const destination = await client.send(new PutDeliveryDestinationCommand({ name: "tagged", deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::logs-bucket" } }));
    const arn = destination.deliveryDestination?.arn;
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({});
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: "dev" } }));
    expect((await client.send(new GetDeliveryDestinationCommand({ name: "tagged" }))).deliveryDestination?.tags).toEqual({ env: "dev" });
    expect((await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ env: "dev" });
    const missing = await failure(client.send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:logs:us-east-1:${ACCOUNT}:delivery-destination:nope` })));
    expect(missing.message).toBe("Requested Delivery Destination does not exist in this account.");
  });

  it("exports a group's events to S3 as AWS lays them out", async () => {
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "s/1" }));
    await client.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: "s/1", logEvents: [{ timestamp: NOW - 1000, message: "hello" }, { timestamp: NOW, message: "world" }] }));
    const missing = await failure(client.send(new CreateExportTaskCommand({ logGroupName: GROUP, from: 0, to: NOW, destination: "nope" })));
    expect(missing).toBeInstanceOf(InvalidParameterException);
    expect(missing.message).toBe("The given bucket does not exist. Please make sure the bucket is valid.");
    const { taskId } = await client.send(new CreateExportTaskCommand({ logGroupName: GROUP, from: NOW - 1000, to: NOW, destination: "bucket", taskName: "t" }));
    expect([...objects.keys()]).toEqual(["bucket/aws-logs-write-test", `bucket/exportedlogs/${taskId}/s/1/000000.gz`]);
    expect(gunzipSync(objects.get(`bucket/exportedlogs/${taskId}/s/1/000000.gz`) ?? Buffer.alloc(0)).toString()).toBe(
      "2026-11-25T11:59:59.000Z hello\n2026-11-25T12:00:00.000Z world\n",
    );
    const tasks = await client.send(new DescribeExportTasksCommand({ taskId }));
    expect(tasks.exportTasks?.[0]).toMatchObject({ taskId, taskName: "t", logGroupName: GROUP, destination: "bucket", destinationPrefix: "exportedlogs", status: { code: "COMPLETED" } });
    expect((await client.send(new DescribeExportTasksCommand({ taskId: "unknown" }))).exportTasks).toEqual([]);
    const cancel = await failure(client.send(new CancelExportTaskCommand({ taskId: "unknown" })));
    expect(cancel.message).toBe("The specified export task does not exist.");
  });
});
