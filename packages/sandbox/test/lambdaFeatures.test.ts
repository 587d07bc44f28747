import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Logger } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "lambda-features");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const ACCOUNT = "000000000000";
const REGION = "us-east-1";
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

let sandbox: RunningSandbox;
let lambda: LambdaClient;
let sns: SNSClient;
let dynamodb: DynamoDBClient;
const warnings: string[] = [];
/** What features-collector printed, parsed. */
const collected: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const logger: Logger = { info() {}, debug() {}, error() {}, warn: (m) => warnings.push(m) };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
  sandbox.events.on("functionLog", (e) => {
    const m = /COLLECTED (.*)$/.exec(e.line);
    if (e.functionName === "features-collector" && m) collected.push({ function: e.functionName, ...(JSON.parse(m[1]) as Record<string, unknown>) });
  });
  sandbox.events.on("functionLog", (e) => {
    const m = /COLLECTED (.*)$/.exec(e.line);
    if (e.functionName === "features-stream-reader" && m) streamBatches.push(JSON.parse(m[1]) as { Records: Array<{ eventName: string; dynamodb: { NewImage: Record<string, unknown> } }> });
  });
  lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
  sns = new SNSClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
  dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
});

afterAll(async () => {
  lambda?.destroy();
  sns?.destroy();
  dynamodb?.destroy();
  await sandbox?.stop();
});

const streamBatches: Array<{ Records: Array<{ eventName: string; dynamodb: { NewImage: Record<string, unknown> } }> }> = [];

describe("DeadLetterQueue", () => {
  it("reads the template's DeadLetterQueue into the function's DeadLetterConfig", async () => {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "features-broken" }));
    expect(config.DeadLetterConfig).toEqual({ TargetArn: `arn:aws:sns:${REGION}:${ACCOUNT}:features-failed-events` });
  });

  it("answers the template's KmsKeyArn as the function's KMSKeyArn", async () => {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: "features-broken" }));
    expect(config.KMSKeyArn).toBe("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  });

  it("reads the template's EventInvokeConfig", async () => {
    const config = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "features-broken" }));
    expect(config).toMatchObject({
      FunctionArn: `${fnArn("features-broken")}:$LATEST`,
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: `arn:aws:sns:${REGION}:${ACCOUNT}:features-failure-records` } },
    });
  });

  it("publishes an SNS-triggered event that failed every attempt to the dead-letter topic, with Lambda's message attributes, and its record to OnFailure", async () => {
    await sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:features-incoming`, Message: "order 7" }));
    await expect.poll(() => collected.length, { timeout: 10_000 }).toBe(2);
    type Notification = { Message: string; TopicArn: string; MessageAttributes: Record<string, { Type: string; Value: string }> };
    const notifications = collected.map((c) => (c.Records as Array<{ Sns: Notification }>)[0].Sns);
    const notification = notifications.find((n) => n.TopicArn.endsWith(":features-failed-events"));
    if (!notification) throw new Error("nothing reached the dead-letter topic");
    const record = JSON.parse(notifications.find((n) => n.TopicArn.endsWith(":features-failure-records"))?.Message ?? "{}") as Record<string, unknown>;
    expect(record).toMatchObject({
      requestContext: { functionArn: `${fnArn("features-broken")}:$LATEST`, condition: "RetriesExhausted", approximateInvokeCount: 1 },
      responsePayload: { errorType: "Error", errorMessage: "order rejected" },
    });
    // The dead-lettered message is the event Lambda got: SNS's own notification of "order 7".
    const event = JSON.parse(notification.Message) as { Records: Array<{ Sns: { Message: string } }> };
    expect(event.Records[0].Sns.Message).toBe("order 7");
    expect(notification.MessageAttributes).toMatchObject({
      RequestID: { Type: "String", Value: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      ErrorCode: { Type: "Number", Value: "200" },
      ErrorMessage: { Type: "String", Value: "order rejected" },
    });
  });

  it("sends an event that failed every attempt to an SQS dead-letter queue, with Lambda's message attributes", async () => {
    expect(warnings.filter((w) => w.includes("features-queue-dead-lettered"))).toEqual([]);
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "features-queue-dead-lettered", MaximumRetryAttempts: 0 }));
    await lambda.send(new InvokeCommand({ FunctionName: "features-queue-dead-lettered", InvocationType: "Event", Payload: JSON.stringify({ order: 9 }) }));
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: REGION, credentials });
    try {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${sandbox.endpoint}/${ACCOUNT}/features-jobs`, WaitTimeSeconds: 10, MessageAttributeNames: ["All"] }));
      expect(JSON.parse(got.Messages?.[0]?.Body ?? "null")).toEqual({ order: 9 });
      expect(got.Messages?.[0]?.MessageAttributes).toMatchObject({
        RequestID: { DataType: "String", StringValue: expect.stringMatching(/^[0-9a-f-]{36}$/) },
        ErrorCode: { DataType: "Number", StringValue: "200" },
      });
    } finally {
      sqs.destroy();
    }
  });
});

describe("Event source mappings API (DynamoDB streams)", () => {
  let streamArn: string;
  let uuid: string;

  it("lists the template's mapping", async () => {
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "features-template-stream-reader" }));
    expect(listed.EventSourceMappings).toHaveLength(1);
    expect(listed.EventSourceMappings?.[0]).toMatchObject({ FunctionArn: fnArn("features-template-stream-reader"), BatchSize: 10, State: "Enabled", StartingPosition: "LATEST" });
    streamArn = String(listed.EventSourceMappings?.[0].EventSourceArn);
    expect(streamArn).toMatch(/:table\/features-orders\/stream\//);
  });

  it("creates a mapping that invokes the function with the table's changes", async () => {
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "features-stream-reader", EventSourceArn: streamArn, StartingPosition: "LATEST" }));
    expect(created.$metadata.httpStatusCode).toBe(202);
    uuid = String(created.UUID);
    expect(created).toMatchObject({
      UUID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      StartingPosition: "LATEST",
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
      EventSourceArn: streamArn,
      FunctionArn: fnArn("features-stream-reader"),
      LastProcessingResult: "No records processed",
      State: "Creating",
      StateTransitionReason: "User action",
      DestinationConfig: { OnFailure: {} },
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: -1,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [],
      EventSourceMappingArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:${uuid}`,
    });
    expect(created.LastModified).toBeInstanceOf(Date);
    expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State).toBe("Enabled");

    await dynamodb.send(new PutItemCommand({ TableName: "features-orders", Item: { id: { S: "o1" }, total: { N: "12" } } }));
    await expect.poll(() => streamBatches.length, { timeout: 10_000 }).toBe(1);
    expect(streamBatches[0].Records).toHaveLength(1);
    expect(streamBatches[0].Records[0]).toMatchObject({ eventName: "INSERT", dynamodb: { NewImage: { id: { S: "o1" }, total: { N: "12" } } } });
  });

  it("updates a mapping: disabled, it delivers nothing until enabled again", async () => {
    const updated = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false, BatchSize: 5 }));
    // Turning a mapping off answers Disabling (localstack test_disabled_dynamodb_event_source_mapping, recorded on AWS).
    expect(updated).toMatchObject({ State: "Disabling", BatchSize: 5 });
    expect(await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).toMatchObject({ State: "Disabled", BatchSize: 5 });
    await dynamodb.send(new PutItemCommand({ TableName: "features-orders", Item: { id: { S: "o2" } } }));
    await new Promise((r) => setTimeout(r, 200));
    expect(streamBatches).toHaveLength(1);
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    await expect.poll(() => streamBatches.length, { timeout: 10_000 }).toBe(2);
    expect(streamBatches[1].Records[0].dynamodb.NewImage).toEqual({ id: { S: "o2" } });
  });

  it("lists mappings by function and by event source", async () => {
    const byFunction = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "features-stream-reader" }));
    expect(byFunction.EventSourceMappings?.map((m) => m.UUID)).toEqual([uuid]);
    const bySource = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: streamArn }));
    expect(bySource.EventSourceMappings).toHaveLength(2);
  });

  it("keeps a mapping's tags: given at creation, then TagResource / UntagResource on its EventSourceMappingArn", async () => {
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: "features-collector", EventSourceArn: streamArn, StartingPosition: "LATEST", Tags: { team: "orders" } }),
    );
    const arn = String(created.EventSourceMappingArn);
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: "orders" });
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { env: "dev" } }));
    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ["team"] }));
    expect((await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ env: "dev" });
    // One created without tags lists none.
    expect((await lambda.send(new ListTagsCommand({ Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:${uuid}` }))).Tags).toEqual({});
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    await expect(lambda.send(new ListTagsCommand({ Resource: arn }))).rejects.toMatchObject({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } });
  });

  it("answers AWS's errors", async () => {
    await expect(lambda.send(new GetEventSourceMappingCommand({ UUID: "00000000-0000-0000-0000-000000000000" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
    });
    await expect(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "features-stream-reader", EventSourceArn: streamArn, StartingPosition: "LATEST" })),
    ).rejects.toMatchObject({
      name: "ResourceConflictException",
      message: `The event source arn (" ${streamArn} ") and function (" features-stream-reader ") provided mapping already exists. Please update or delete the existing mapping with UUID ${uuid}`,
    });
    await expect(lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "features-collector", EventSourceArn: streamArn }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    });
    const missing = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/nope/stream/2026-01-01T00:00:00.000`;
    await expect(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "features-collector", EventSourceArn: missing, StartingPosition: "LATEST" })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", message: `Stream not found: ${missing}` });
    await expect(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "features-collector", EventSourceArn: streamArn, StartingPosition: "AT_TIMESTAMP" })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", message: `Unsupported starting position for arn type: ${streamArn}` });
    await expect(
      lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: "features-collector",
          EventSourceArn: streamArn,
          StartingPosition: "LATEST",
          FilterCriteria: { Filters: [{ Pattern: "not json" }] },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", message: "Invalid filter pattern definition." });
    await expect(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: "features-nope", EventSourceArn: streamArn, StartingPosition: "LATEST" })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", message: "Function does not exist" });
    await expect(lambda.send(new UpdateEventSourceMappingCommand({ UUID: "00000000-0000-0000-0000-000000000000", BatchSize: 5 }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
    });
  });

  it("deletes a mapping", async () => {
    const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    expect(deleted).toMatchObject({ UUID: uuid, State: "Deleting" });
    await expect(lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await dynamodb.send(new PutItemCommand({ TableName: "features-orders", Item: { id: { S: "o3" } } }));
    await new Promise((r) => setTimeout(r, 200));
    expect(streamBatches).toHaveLength(2);
  });
});
