/**
 * Event source mappings as AWS answers them, from localstack's suites recorded on AWS:
 * tests/aws/services/lambda_/event_source_mapping/test_lambda_integration_sqs.snapshot.json and
 * test_lambda_integration_dynamodbstreams.snapshot.json.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("event source mappings (recorded on AWS)", () => {
  let sandbox: RunningSandbox;
  let sqs: SQSClient;
  let lambda: LambdaClient;
  let dynamodb: DynamoDBClient;
  let worker = "";

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sqs"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    sqs = new SQSClient(config);
    lambda = new LambdaClient(config);
    dynamodb = new DynamoDBClient(config);
    const functions = await lambda.send(new ListFunctionsCommand({}));
    worker = functions.Functions?.find((f) => f.FunctionName?.includes("Worker"))?.FunctionName ?? "";
  });

  afterAll(async () => {
    sqs?.destroy();
    lambda?.destroy();
    dynamodb?.destroy();
    await sandbox?.stop();
  });

  const queueArn = async (name: string, attributes?: Record<string, string>): Promise<string> => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    return attrs.Attributes?.QueueArn ?? "";
  };

  // test_fifo_message_group_parallelism: create_esm_disabled, update_esm_enabling, get_esm_enabled.
  it("answers Disabled for a mapping created disabled, Enabling when it is turned on, then Enabled", async () => {
    const arn = await queueArn("recorded-esm-states.fifo", { FifoQueue: "true", ContentBasedDeduplication: "true" });
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: arn, Enabled: false, BatchSize: 1 }));
    try {
      expect(created.$metadata.httpStatusCode).toBe(202);
      expect(created).toMatchObject({ State: "Disabled", StateTransitionReason: "USER_INITIATED", BatchSize: 1, FunctionResponseTypes: [] });
      const enabling = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true }));
      expect(enabling.$metadata.httpStatusCode).toBe(202);
      expect(enabling.State).toBe("Enabling");
      const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
      expect(got.$metadata.httpStatusCode).toBe(200);
      expect(got.State).toBe("Enabled");
      // test_sqs_event_source_mapping_update: a change that leaves it on answers Updating.
      expect((await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 2 }))).State).toBe("Updating");
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    }
  });

  // test_duplicate_event_source_mappings (SQS): the queue's own wording, 409.
  it("refuses a second mapping of the same queue and function with the SQS text", async () => {
    const arn = await queueArn("recorded-esm-duplicate");
    const first = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: arn }));
    try {
      const error = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: arn })).then(
        () => undefined,
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
      );
      expect(error?.name).toBe("ResourceConflictException");
      expect(error?.$metadata?.httpStatusCode).toBe(409);
      expect(error?.message).toBe(
        `An event source mapping with SQS arn (" ${arn} ") and function (" ${worker} ") already exists. Please update or delete the existing mapping with UUID ${first.UUID}`,
      );
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: first.UUID }));
    }
  });

  // event_source_mapping/test_api.snapshot.json: test_create_starting_position_validation_exceptions[dynamodb].
  it("validates StartingPosition and StartingPositionTimestamp with Lambda's texts", async () => {
    const table = await dynamodb.send(new CreateTableCommand({
      TableName: "recorded-esm-positions",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    }));
    const streamArn = table.TableDescription?.LatestStreamArn ?? "";
    const refused = (input: Record<string, unknown>) =>
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: streamArn, ...input })).then(
        () => "accepted",
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await refused({ StartingPosition: "0" })).toBe(
      "ValidationException: 1 validation error detected: Value '0' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]",
    );
    expect(await refused({ StartingPosition: "LATEST", StartingPositionTimestamp: new Date() })).toBe(
      "InvalidParameterValueException: Timestamp only valid with StartingPosition AT_TIMESTAMP",
    );
    expect(await refused({ StartingPosition: "AT_TIMESTAMP", StartingPositionTimestamp: new Date(-1_700_000_000_000) })).toBe(
      `InvalidParameterValueException: Unsupported starting position for arn type: ${streamArn}`,
    );
  });

  // test_disabled_dynamodb_event_source_mapping: update_event_source_mapping_result; test_duplicate_event_source_mappings (streams).
  it("answers Disabling when a stream mapping is turned off, and keeps the stream wording for a duplicate", async () => {
    const table = await dynamodb.send(new CreateTableCommand({
      TableName: "recorded-esm-stream",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    }));
    const streamArn = table.TableDescription?.LatestStreamArn ?? "";
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: streamArn, StartingPosition: "TRIM_HORIZON", MaximumBatchingWindowInSeconds: 1 }));
    try {
      expect(created).toMatchObject({ State: "Creating", StateTransitionReason: "User action", BatchSize: 100, MaximumRetryAttempts: -1 });
      const duplicate = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: streamArn, StartingPosition: "TRIM_HORIZON" })).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(duplicate).toBe(
        `The event source arn (" ${streamArn} ") and function (" ${worker} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${created.UUID}`,
      );
      const disabling = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }));
      expect(disabling.$metadata.httpStatusCode).toBe(202);
      expect(disabling.State).toBe("Disabling");
      expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State).toBe("Disabled");
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    }
  });

  // test_dynamodb_event_source_mapping_with_on_failure_destination_config: destination_queue_messages.
  it("sends a stream batch it gives up on to the OnFailure queue, as AWS's invocation record", async () => {
    const table = await dynamodb.send(new CreateTableCommand({
      TableName: "recorded-esm-on-failure",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "my_partition_key", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "my_partition_key", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    }));
    const streamArn = table.TableDescription?.LatestStreamArn ?? "";
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "recorded-esm-on-failure-destination" }));
    const destination = await queueArn("recorded-esm-on-failure-destination");
    // The worker reads record.body, which a stream record lacks: every invocation fails.
    const created = await lambda.send(new CreateEventSourceMappingCommand({
      FunctionName: worker,
      EventSourceArn: streamArn,
      StartingPosition: "TRIM_HORIZON",
      BatchSize: 1,
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: destination } },
    }));
    try {
      expect(created.DestinationConfig).toEqual({ OnFailure: { Destination: destination } });
      await dynamodb.send(new PutItemCommand({ TableName: "recorded-esm-on-failure", Item: { my_partition_key: { S: "hello world" } } }));
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
      const body = JSON.parse(got.Messages?.[0]?.Body ?? "{}") as Record<string, Record<string, unknown>>;
      expect(Object.keys(body)).toEqual(["requestContext", "responseContext", "version", "timestamp", "DDBStreamBatchInfo"]);
      expect(body.requestContext).toEqual({
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${worker}`,
        condition: "RetryAttemptsExhausted",
        approximateInvokeCount: 1,
      });
      expect(body.responseContext).toEqual({ statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" });
      expect(body.version).toBe("1.0");
      expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const info = body.DDBStreamBatchInfo;
      expect(Object.keys(info)).toEqual(["shardId", "startSequenceNumber", "endSequenceNumber", "approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord", "batchSize", "streamArn"]);
      expect(info).toMatchObject({ batchSize: 1, streamArn, startSequenceNumber: info.endSequenceNumber });
      expect(info.startSequenceNumber).toMatch(/^\d+$/);
      expect(info.approximateArrivalOfFirstRecord).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // AWS's GetEventSourceMapping examples show this text after a failed invocation.
      expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).LastProcessingResult).toBe("PROBLEM: Function call failed");
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    }
  });
});

describe("a template's stream mapping with an OnFailure destination", () => {
  let sandbox: RunningSandbox;
  let sqs: SQSClient;
  let lambda: LambdaClient;
  let dynamodb: DynamoDBClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "esm-on-failure"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    sqs = new SQSClient(config);
    lambda = new LambdaClient(config);
    dynamodb = new DynamoDBClient(config);
  });

  afterAll(async () => {
    sqs?.destroy();
    lambda?.destroy();
    dynamodb?.destroy();
    await sandbox?.stop();
  });

  it("lists the destination and sends the discarded batch's record to the queue", async () => {
    const destination = "arn:aws:sqs:us-east-1:000000000000:on-failure-records";
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "on-failure-refuser" }));
    expect(listed.EventSourceMappings?.[0]?.DestinationConfig).toEqual({ OnFailure: { Destination: destination } });
    await dynamodb.send(new PutItemCommand({ TableName: "on-failure-orders", Item: { id: { S: "o-1" } } }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "on-failure-records" }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
    const body = JSON.parse(got.Messages?.[0]?.Body ?? "{}") as Record<string, Record<string, unknown>>;
    expect(body.requestContext).toMatchObject({
      functionArn: "arn:aws:lambda:us-east-1:000000000000:function:on-failure-refuser",
      condition: "RetryAttemptsExhausted",
      approximateInvokeCount: 1,
    });
    expect(body.responseContext).toEqual({ statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" });
    expect(body.DDBStreamBatchInfo).toMatchObject({ batchSize: 1, streamArn: listed.EventSourceMappings?.[0]?.EventSourceArn });
  });
});
