import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateStreamCommand, DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListStreamConsumersCommand, ListTagsForStreamCommand, PutRecordCommand, PutRecordsCommand, RegisterStreamConsumerCommand,
} from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, PutSubscriptionFilterCommand } from "@aws-sdk/client-cloudwatch-logs";
import { gunzipSync } from "node:zlib";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

interface Seen {
  data: Record<string, unknown>;
  partitionKey: string;
  eventID: string;
  eventSource: string;
  source: string;
}

describe("Kinesis streams and `Events: Type: Kinesis` from a template", () => {
  let sandbox: RunningSandbox;
  let kinesis: KinesisClient;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  const output = (name: string) => sandbox.app.outputs[name].value;

  /** Messages the consumer forwarded, until `count` arrived. */
  async function seen(count: number): Promise<Seen[]> {
    const out: Seen[] = [];
    const deadline = Date.now() + 20_000;
    while (out.length < count && Date.now() < deadline) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("OutQueueUrl"), MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
      for (const m of got.Messages ?? []) {
        out.push(JSON.parse(m.Body ?? "{}") as Seen);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: output("OutQueueUrl"), ReceiptHandle: m.ReceiptHandle }));
      }
    }
    return out;
  }

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "kinesis"), port: 0, edgePort: 0, inMemory: true });
    // The client's default handler: HTTP/2 with prior knowledge, which the edge answers.
    kinesis = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    kinesis?.destroy();
    lambda?.destroy();
    sqs?.destroy();
    await sandbox?.stop();
  });

  it("creates the stream with the template's shards, retention and tags", async () => {
    expect(output("StreamArn")).toBe(`arn:aws:kinesis:us-east-1:000000000000:stream/${output("StreamName")}`);
    const summary = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: output("StreamName") }))).StreamDescriptionSummary;
    expect(summary).toMatchObject({ StreamStatus: "ACTIVE", OpenShardCount: 2, RetentionPeriodHours: 48, StreamModeDetails: { StreamMode: "PROVISIONED" } });
    expect((await kinesis.send(new ListTagsForStreamCommand({ StreamName: output("StreamName") }))).Tags).toEqual([{ Key: "team", Value: "web" }]);
  });

  it("invokes the function with the records that pass its filter, in Kinesis's event shape", async () => {
    const put = await kinesis.send(new PutRecordsCommand({
      StreamName: output("StreamName"),
      Records: [
        { PartitionKey: "u1", Data: Buffer.from(JSON.stringify({ kind: "click", n: 1 })) },
        { PartitionKey: "u2", Data: Buffer.from(JSON.stringify({ kind: "view", n: 2 })) },
        { PartitionKey: "u3", Data: Buffer.from(JSON.stringify({ kind: "click", n: 3 })) },
      ],
    }));
    const messages = await seen(2);
    expect(messages.map((m) => m.data.n).sort()).toEqual([1, 3]);
    const first = messages.find((m) => m.data.n === 1);
    expect(first).toMatchObject({ partitionKey: "u1", eventSource: "aws:kinesis", source: output("StreamArn") });
    expect(first?.eventID).toBe(`${put.Records?.[0]?.ShardId}:${put.Records?.[0]?.SequenceNumber}`);
  });

  it("lists the template's mapping in Lambda's API", async () => {
    const mappings = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: output("StreamArn") }));
    expect(mappings.EventSourceMappings).toHaveLength(1);
    expect(mappings.EventSourceMappings?.[0]).toMatchObject({ BatchSize: 10, StartingPosition: "TRIM_HORIZON", State: "Enabled" });
  });

  it("an API Gateway AWS integration to kinesis:action/PutRecord puts the mapped body into the stream", async () => {
    const res = await fetch(`${sandbox.apiUrl}/clicks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "u-7", page: "/home" }),
    });
    const answer = (await res.json()) as { ShardId?: string; SequenceNumber?: string };
    expect(res.status).toBe(200);
    expect(answer.ShardId).toBe("shardId-000000000000");
    const iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: "audit", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: answer.SequenceNumber }))).ShardIterator;
    const [record] = (await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records ?? [];
    expect(record?.PartitionKey).toBe("u-7");
    expect(JSON.parse(Buffer.from(record?.Data ?? new Uint8Array()).toString())).toEqual({ user: "u-7", page: "/home" });
  });

  it("an EventBridge rule puts matching events into a stream, keyed by KinesisParameters.PartitionKeyPath", async () => {
    const events = new EventBridgeClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      await events.send(new PutEventsCommand({ Entries: [{ Source: "shop", DetailType: "Order", Detail: JSON.stringify({ user: "u-42", total: 3 }) }] }));
    } finally {
      events.destroy();
    }
    const iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: "audit", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    let records: Array<{ PartitionKey?: string; Data?: Uint8Array }> = [];
    for (let i = 0; i < 100 && !records.some((r) => r.PartitionKey === "u-42"); i++) {
      records = (await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records ?? [];
      if (!records.some((r) => r.PartitionKey === "u-42")) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The stream also holds what the API test put: the event is the record keyed by the event's user.
    const mine = records.filter((r) => r.PartitionKey === "u-42");
    expect(mine).toHaveLength(1);
    expect(JSON.parse(Buffer.from(mine[0].Data ?? new Uint8Array()).toString())).toMatchObject({ source: "shop", "detail-type": "Order", detail: { user: "u-42" } });
  });

  it("an API Gateway AWS integration to events:action/PutEvents puts the template's entries on the bus (test_apigateway_to_eventbridge)", async () => {
    // localstack tests/aws/services/apigateway/test_apigateway_eventbridge.py (aws.validated): the answer is PutEvents' result.
    const res = await fetch(`${sandbox.apiUrl}/event`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ items: [{ Detail: JSON.stringify({ user: "u-55", data: "Order is created" }), DetailType: "Test", Source: "shop" }] }),
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { Entries: Array<{ EventId?: string }>; FailedEntryCount: number };
    expect(answer).toEqual({ Entries: [{ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) }], FailedEntryCount: 0 });
    // The rule ToAudit (source shop) puts the event into the audit stream, keyed by its detail's user.
    const iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: "audit", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    let records: Array<{ PartitionKey?: string; Data?: Uint8Array }> = [];
    for (let i = 0; i < 100 && !records.some((r) => r.PartitionKey === "u-55"); i++) {
      records = (await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records ?? [];
      if (!records.some((r) => r.PartitionKey === "u-55")) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const mine = records.filter((r) => r.PartitionKey === "u-55");
    expect(mine).toHaveLength(1);
    expect(JSON.parse(Buffer.from(mine[0].Data ?? new Uint8Array()).toString())).toMatchObject({
      id: answer.Entries[0].EventId,
      source: "shop",
      "detail-type": "Test",
      detail: { user: "u-55", data: "Order is created" },
    });
  });

  it("a CloudWatch Logs subscription filter puts the matching events into a stream as gzip'd DATA_MESSAGE records", async () => {
    const logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: "log-sink", ShardCount: 1 }));
      await logs.send(new CreateLogGroupCommand({ logGroupName: "/app/kinesis" }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: "/app/kinesis", logStreamName: "s1" }));
      await logs.send(new PutSubscriptionFilterCommand({
        logGroupName: "/app/kinesis", filterName: "errors", filterPattern: "ERROR",
        destinationArn: "arn:aws:kinesis:us-east-1:000000000000:stream/log-sink", roleArn: "arn:aws:iam::000000000000:role/cwl-to-kinesis",
      }));
      const now = Date.now();
      await logs.send(new PutLogEventsCommand({ logGroupName: "/app/kinesis", logStreamName: "s1", logEvents: [{ timestamp: now, message: "ERROR boom" }, { timestamp: now, message: "INFO fine" }] }));
    } finally {
      logs.destroy();
    }
    const iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: "log-sink", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    let records: Array<{ PartitionKey?: string; Data?: Uint8Array }> = [];
    for (let i = 0; i < 100 && records.length === 0; i++) {
      records = (await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records ?? [];
      if (records.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(records).toHaveLength(1);
    const message = JSON.parse(gunzipSync(Buffer.from(records[0].Data ?? new Uint8Array())).toString()) as Record<string, unknown>;
    expect(message).toMatchObject({ messageType: "DATA_MESSAGE", owner: "000000000000", logGroup: "/app/kinesis", logStream: "s1", subscriptionFilters: ["errors"] });
    expect((message.logEvents as Array<{ message: string }>).map((e) => e.message)).toEqual(["ERROR boom"]);
  });

  it("maps a stream made through the API to a function through Lambda's API", async () => {
    const functionName = sandbox.app.functions.find((f) => f.logicalId === "Consumer")?.functionName ?? "";
    await kinesis.send(new CreateStreamCommand({ StreamName: "api-made", ShardCount: 1 }));
    const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/api-made";
    const missing = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: `${arn}-none`, StartingPosition: "LATEST" })).then(
      () => "accepted",
      (error: Error) => `${error.name}: ${error.message}`,
    );
    expect(missing).toBe(`InvalidParameterValueException: Stream not found: ${arn}-none`);
    // AT_TIMESTAMP is a Kinesis position (a DynamoDB stream refuses it).
    const atTime = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: arn, StartingPosition: "AT_TIMESTAMP", StartingPositionTimestamp: new Date(0), Enabled: false }));
    expect(atTime).toMatchObject({ StartingPosition: "AT_TIMESTAMP", State: "Disabled" });
    expect(atTime.StartingPositionTimestamp).toEqual(new Date(0));
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: atTime.UUID }));
    const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: arn, StartingPosition: "LATEST" }));
    try {
      expect(mapping).toMatchObject({ EventSourceArn: arn, StartingPosition: "LATEST", BatchSize: 100 });
      await kinesis.send(new PutRecordCommand({ StreamName: "api-made", PartitionKey: "p", Data: Buffer.from(JSON.stringify({ via: "api" })) }));
      const [message] = await seen(1);
      expect(message).toMatchObject({ data: { via: "api" }, source: arn });
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
    }
  });
});

describe("Kinesis across a restart of the sandbox", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-kinesis-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const silent = { info() {}, debug() {}, error() {}, warn() {} };

  it("keeps a stream made through the API and its records", async () => {
    const dataDir = join(dir, "data");
    const first = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir, logger: silent });
    let client = new KinesisClient({ endpoint: first.endpoint, region: "us-east-1", credentials });
    try {
      await client.send(new CreateStreamCommand({ StreamName: "kept", ShardCount: 1 }));
      await client.send(new PutRecordsCommand({ StreamName: "kept", Records: ["a", "b"].map((v) => ({ PartitionKey: v, Data: Buffer.from(v) })) }));
    } finally {
      client.destroy();
      await first.stop();
    }
    const second = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir, logger: silent });
    client = new KinesisClient({ endpoint: second.endpoint, region: "us-east-1", credentials });
    try {
      const it = await client.send(new GetShardIteratorCommand({ StreamName: "kept", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
      const got = await client.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
      expect(got.Records?.map((r) => Buffer.from(r.Data ?? new Uint8Array()).toString())).toEqual(["a", "b"]);
    } finally {
      client.destroy();
      await second.stop();
    }
  });
});

describe("a Kinesis mapping made through Lambda's API, across a restart", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-kinesis-esm-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const silent = { info() {}, debug() {}, error() {}, warn() {} };

  it("is listed again and polls: a record put after the restart reaches the function", async () => {
    const dataDir = join(dir, "data");
    const template = join(import.meta.dirname, "fixtures", "kinesis");
    const arn = "arn:aws:kinesis:us-east-1:000000000000:stream/api-kept";
    let sandbox = await createSandbox({ template, port: 0, edgePort: 0, dataDir, logger: silent });
    let kinesis = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    let lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const functionName = sandbox.app.functions.find((f) => f.logicalId === "Consumer")?.functionName ?? "";
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: "api-kept", ShardCount: 1 }));
      await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: arn, StartingPosition: "TRIM_HORIZON" }));
    } finally {
      kinesis.destroy();
      lambda.destroy();
      await sandbox.stop();
    }
    sandbox = await createSandbox({ template, port: 0, edgePort: 0, dataDir, logger: silent });
    kinesis = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const listed = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: arn }));
      expect(listed.EventSourceMappings).toHaveLength(1);
      await kinesis.send(new PutRecordCommand({ StreamName: "api-kept", PartitionKey: "p", Data: Buffer.from(JSON.stringify({ after: "restart" })) }));
      const queueUrl = sandbox.app.outputs.OutQueueUrl.value;
      let body: string | undefined;
      for (let i = 0; i < 10 && body === undefined; i++) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }));
        body = got.Messages?.[0]?.Body;
      }
      expect(JSON.parse(body ?? "{}")).toMatchObject({ data: { after: "restart" }, source: arn });
    } finally {
      kinesis.destroy();
      lambda.destroy();
      sqs.destroy();
      await sandbox.stop();
    }
  });
});

describe("a template stream whose ShardCount changes between runs", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-kinesis-reshard-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is resharded as a stack update would, and kept with a warning past what UpdateShardCount allows", async () => {
    const template = (shards: number) => `Resources:\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      Name: events\n      ShardCount: ${shards}\n`;
    const dataDir = join(dir, "data");
    const warnings: string[] = [];
    const logger = { info() {}, debug() {}, error() {}, warn: (line: string) => void warnings.push(line) };
    const openShards = async (shards: number) => {
      writeFileSync(join(dir, "template.yaml"), template(shards));
      const sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, dataDir, logger });
      const client = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
      try {
        return (await client.send(new DescribeStreamSummaryCommand({ StreamName: "events" }))).StreamDescriptionSummary?.OpenShardCount;
      } finally {
        client.destroy();
        await sandbox.stop();
      }
    };
    expect(await openShards(1)).toBe(1);
    expect(await openShards(2)).toBe(2);
    expect(await openShards(5)).toBe(2);
    expect(warnings).toContain(
      "Stream Events (events) keeps its 2 shards: UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 2, Target shard count: 5",
    );
  });
});

describe("a template stream whose StreamEncryption is removed between runs", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-kinesis-sse-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stops being encrypted, as a stack update would stop its encryption", async () => {
    const dataDir = join(dir, "data");
    const encryption = async (sse: boolean) => {
      const props = sse ? "      StreamEncryption:\n        EncryptionType: KMS\n        KeyId: alias/aws/kinesis\n" : "";
      writeFileSync(join(dir, "template.yaml"), `Resources:\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      Name: sealed\n      ShardCount: 1\n${props}`);
      const sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, dataDir });
      const client = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
      try {
        const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: "sealed" }))).StreamDescriptionSummary;
        return [summary?.EncryptionType, summary?.KeyId];
      } finally {
        client.destroy();
        await sandbox.stop();
      }
    };
    expect(await encryption(true)).toEqual(["KMS", "alias/aws/kinesis"]);
    expect(await encryption(false)).toEqual(["NONE", undefined]);
  });
});

describe("an on-demand template stream with a ShardCount", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-kinesis-ondemand-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is refused at start-up with CloudFormation's text, as a deployment fails", async () => {
    writeFileSync(join(dir, "template.yaml"), "Resources:\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      StreamModeDetails:\n        StreamMode: ON_DEMAND\n");
    await expect(createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true })).rejects.toThrow("ShardCount is not expected when StreamMode=ON_DEMAND");
  });
});

describe("a template mapping from a stream or a queue to a function the template does not have", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-esm-target-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["a stream", "Source:\n    Type: AWS::Kinesis::Stream\n    Properties: { ShardCount: 1 }", ", StartingPosition: LATEST", 5],
    ["a queue", "Source:\n    Type: AWS::SQS::Queue", "", 4],
  ])("from %s stops start-up naming the mapping and its line", async (what, source, extra, line) => {
    const template = join(dir, `${what.replace(" ", "-")}.yaml`);
    writeFileSync(template, `Resources:\n  ${source}\n  Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties: { FunctionName: nope, EventSourceArn: !GetAtt Source.Arn${extra} }\n`);
    await expect(createSandbox({ template, port: 0, edgePort: 0, inMemory: true })).rejects.toMatchObject({
      message: "AWS::Lambda::EventSourceMapping Mapping targets nope, which is not a function of this template",
      file: template,
      line,
    });
  });
});

describe("a Kinesis event from a stream the template does not define", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-kinesis-ext-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is skipped with a warning naming the stream; the sandbox starts", async () => {
    mkdirSync(join(dir, "src"));
    copyFileSync(join(import.meta.dirname, "fixtures", "kinesis", "src", "consumer.ts"), join(dir, "src", "consumer.ts"));
    writeFileSync(join(dir, "template.yaml"), [
      "Transform: AWS::Serverless-2016-10-31",
      "Resources:",
      "  Consumer:",
      "    Type: AWS::Serverless::Function",
      "    Properties:",
      "      Runtime: nodejs20.x",
      "      CodeUri: src/",
      "      Handler: consumer.handler",
      "      Events:",
      "        Elsewhere:",
      "          Type: Kinesis",
      "          Properties:",
      "            Stream: arn:aws:kinesis:us-east-1:000000000000:stream/other-stack-stream",
      "            StartingPosition: LATEST",
      "",
    ].join("\n"));
    const warnings: string[] = [];
    const logger = { info() {}, debug() {}, error() {}, warn: (line: string) => void warnings.push(line) };
    const sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true, logger });
    try {
      expect(warnings).toContain(
        "Event source mapping ConsumerElsewhere reads the Kinesis stream arn:aws:kinesis:us-east-1:000000000000:stream/other-stack-stream, which is not a stream of this template; skipped",
      );
    } finally {
      await sandbox.stop();
    }
  });
});

describe("an enhanced fan-out consumer (AWS::Kinesis::StreamConsumer) feeding a SAM Kinesis event", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-kinesis-efo-"));
  const silent = { info() {}, debug() {}, error() {}, warn() {} };
  let sandbox: RunningSandbox | undefined;
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("registers the consumer with the ARN the template reads, and the function gets the stream's records through it", async () => {
    const dataDir = join(dir, "data");
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "kinesis-efo"), port: 0, edgePort: 0, dataDir, logger: silent });
    const output = (name: string) => sandbox?.app.outputs[name].value ?? "";
    const streamArn = output("StreamArn");
    const consumerArn = output("ConsumerArn");
    expect(consumerArn).toMatch(new RegExp(`^${streamArn}/consumer/orders-fanout:\\d{10}$`));
    expect([output("ConsumerRef"), output("ConsumerName"), output("ConsumerStatus"), output("ConsumerStream")]).toEqual([consumerArn, "orders-fanout", "ACTIVE", streamArn]);

    const kinesis = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const described = (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }))).ConsumerDescription;
      expect(described).toMatchObject({ ConsumerName: "orders-fanout", ConsumerStatus: "ACTIVE", StreamARN: streamArn });
      const mappings = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
      expect(mappings.map((m) => m.EventSourceArn)).toEqual([consumerArn]);

      await kinesis.send(new PutRecordCommand({ StreamName: output("StreamName"), PartitionKey: "o1", Data: Buffer.from(JSON.stringify({ order: 1 })) }));
      let message: Seen | undefined;
      const deadline = Date.now() + 20_000;
      while (!message && Date.now() < deadline) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("OutQueueUrl"), MaxNumberOfMessages: 1, WaitTimeSeconds: 2 }));
        if (got.Messages?.[0]) message = JSON.parse(got.Messages[0].Body ?? "{}") as Seen;
      }
      // The event names the stream, not the consumer.
      expect(message).toMatchObject({ data: { order: 1 }, partitionKey: "o1", eventSource: "aws:kinesis", source: streamArn });
    } finally {
      kinesis.destroy();
      lambda.destroy();
      sqs.destroy();
      await sandbox.stop();
      sandbox = undefined;
    }

    // A restart keeps the consumer under the same ARN.
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "kinesis-efo"), port: 0, edgePort: 0, dataDir, logger: silent });
    expect(sandbox.app.outputs.ConsumerArn.value).toBe(consumerArn);
    const again = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const list = await again.send(new ListStreamConsumersCommand({ StreamARN: streamArn }));
      expect(list.Consumers?.map((c) => c.ConsumerARN)).toEqual([consumerArn]);
    } finally {
      again.destroy();
    }
  });
  it("CreateEventSourceMapping through Lambda's API takes a consumer ARN registered through Kinesis's", async () => {
    if (!sandbox) throw new Error("no sandbox");
    const output = (name: string) => sandbox?.app.outputs[name].value ?? "";
    const kinesis = new KinesisClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: "api-orders", ShardCount: 1 }));
      const streamArn = "arn:aws:kinesis:us-east-1:000000000000:stream/api-orders";
      const consumerArn = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "api-fanout" }))).Consumer?.ConsumerARN ?? "";
      const functionName = (sandbox.app.functions.find((f) => f.logicalId === "Reader")?.functionName) ?? "";
      const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: consumerArn, StartingPosition: "TRIM_HORIZON" }));
      expect(created.EventSourceArn).toBe(consumerArn);
      await kinesis.send(new PutRecordCommand({ StreamName: "api-orders", PartitionKey: "a1", Data: Buffer.from(JSON.stringify({ order: 2 })) }));
      let message: Seen | undefined;
      const deadline = Date.now() + 20_000;
      while (!message && Date.now() < deadline) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("OutQueueUrl"), MaxNumberOfMessages: 1, WaitTimeSeconds: 2 }));
        if (got.Messages?.[0]) message = JSON.parse(got.Messages[0].Body ?? "{}") as Seen;
      }
      expect(message).toMatchObject({ data: { order: 2 }, source: streamArn });
    } finally {
      kinesis.destroy();
      lambda.destroy();
      sqs.destroy();
    }
  });
});
