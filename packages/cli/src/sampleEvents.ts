/**
 * The events `sandbox generate-event <service> <event>` knows: for each, its options (as
 * `sam local generate-event` has them), the source the capture function is wired to in the
 * template, and how to set it off. Loaded with the CLI (it names the subcommands); the
 * sandbox itself loads only when an event is generated (generateEvent.ts).
 */
import { SandboxError, httpSend } from "@sam-sandbox/core";
import type { RunningSandbox } from "@sam-sandbox/sandbox";

export interface SampleOption {
  /** Commander's flag, e.g. "--bucket <name>". */
  flag: string;
  description: string;
  default?: string;
}

/** The options as commander names them (camelCase); repeated headers joined by newlines. */
export type Options = Readonly<Record<string, string | undefined>>;

export interface SampleEvent {
  service: string;
  event: string;
  description: string;
  options: SampleOption[];
  /** The capture function's Events (SAM), and other resources the source needs. */
  resources(o: Options): { events: Record<string, unknown>; resources?: Record<string, unknown> };
  /** Sets the source off once the application is ready. */
  trigger(sandbox: RunningSandbox, o: Options): Promise<void>;
  /** Records (DynamoDB streams) to wait for, when the event is a batch built from several. */
  records?: number;
}

const REGION: SampleOption = { flag: "--region <region>", description: "AWS region of the event", default: "us-east-1" };

function apiEvent(kind: "rest" | "http"): SampleEvent {
  return {
    service: "apigateway",
    event: kind === "rest" ? "aws-proxy" : "http-api-proxy",
    description:
      kind === "rest"
        ? "REST API Lambda proxy integration (payload format 1.0), as `Events: Type: Api` sends"
        : "HTTP API Lambda proxy integration (payload format 2.0), as `Events: Type: HttpApi` sends",
    options: [
      { flag: "--method <method>", description: "HTTP method", default: "GET" },
      { flag: "--path <path>", description: "request path, with a query string if wanted", default: "/examplepath" },
      { flag: "--resource <path>", description: "the route's path template", default: "/{proxy+}" },
      { flag: "--body <text>", description: "request body" },
      { flag: "--header <name:value...>", description: "request header (repeatable)" },
      ...(kind === "rest" ? [{ flag: "--stage <name>", description: "stage name", default: "Prod" }] : []),
      REGION,
    ],
    resources: (o) => ({
      events: {
        Request: {
          Type: kind === "rest" ? "Api" : "HttpApi",
          Properties: { Path: o.resource, Method: "ANY", ...(kind === "rest" && o.stage !== "Prod" ? { RestApiId: { Ref: "SampleApi" } } : {}) },
        },
      },
      // SAM's implicit API has the stage Prod; another stage needs an API of its own.
      resources: kind === "rest" && o.stage !== "Prod" ? { SampleApi: { Type: "AWS::Serverless::Api", Properties: { StageName: o.stage } } } : undefined,
    }),
    trigger: async (sandbox, o) => {
      const headers: Record<string, string> = { accept: "*/*", "user-agent": "Custom User Agent String" };
      for (const header of o.header?.split("\n") ?? []) {
        const colon = header.indexOf(":");
        if (colon <= 0) throw new SandboxError(`--header "${header}" is not "Name: value".`);
        headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
      }
      const body = o.body ?? "";
      if (body !== "" && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
      const path = (o.path ?? "/").startsWith("/") ? (o.path ?? "/") : `/${o.path}`;
      await httpSend(new URL(path, sandbox.apiUrl), { method: (o.method ?? "GET").toUpperCase(), headers, body });
    },
  };
}

function s3Event(event: "put" | "delete"): SampleEvent {
  return {
    service: "s3",
    event,
    description: event === "put" ? "an object created in a bucket (s3:ObjectCreated:Put)" : "an object deleted from a bucket (s3:ObjectRemoved:Delete)",
    options: [
      { flag: "--bucket <name>", description: "bucket name", default: "example-bucket" },
      { flag: "--key <key>", description: "object key", default: "test/key" },
      ...(event === "put" ? [{ flag: "--body <text>", description: "object content (its size and ETag)", default: "Hello from S3" }] : []),
      REGION,
    ],
    resources: (o) => ({
      events: { Object: { Type: "S3", Properties: { Bucket: { Ref: "SampleBucket" }, Events: event === "put" ? "s3:ObjectCreated:*" : "s3:ObjectRemoved:*" } } },
      resources: { SampleBucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: o.bucket } } },
    }),
    trigger: async (sandbox, o) => {
      await sandbox.dispatcher.call("s3", "PutObject", { Bucket: o.bucket, Key: o.key, Body: o.body ?? "Hello from S3" });
      if (event === "delete") await sandbox.dispatcher.call("s3", "DeleteObject", { Bucket: o.bucket, Key: o.key });
    },
  };
}

const SAMPLES: SampleEvent[] = [
  apiEvent("rest"),
  apiEvent("http"),
  s3Event("put"),
  s3Event("delete"),
  {
    service: "sqs",
    event: "receive-message",
    description: "a batch of one SQS message, as `Events: Type: SQS` delivers",
    options: [
      { flag: "--queue-name <name>", description: "queue name", default: "MyQueue" },
      { flag: "--body <text>", description: "message body", default: "Hello from SQS!" },
      REGION,
    ],
    resources: (o) => ({
      events: { Messages: { Type: "SQS", Properties: { Queue: { "Fn::GetAtt": ["SampleQueue", "Arn"] }, BatchSize: 1 } } },
      resources: { SampleQueue: { Type: "AWS::SQS::Queue", Properties: { QueueName: o.queueName } } },
    }),
    trigger: async (sandbox, o) => {
      const { QueueUrl } = (await sandbox.dispatcher.call("sqs", "GetQueueUrl", { QueueName: o.queueName })) as { QueueUrl: string };
      await sandbox.dispatcher.call("sqs", "SendMessage", { QueueUrl, MessageBody: o.body });
    },
  },
  {
    service: "kinesis",
    event: "get-records",
    description: "a batch of one Kinesis record, as `Events: Type: Kinesis` delivers",
    options: [
      { flag: "--stream-name <name>", description: "stream name", default: "MyStream" },
      { flag: "--partition <key>", description: "partition key", default: "partitionKey-03" },
      { flag: "--data <text>", description: "the record's data (the event carries it base64-encoded)", default: "Hello, this is a test 123." },
      REGION,
    ],
    resources: (o) => ({
      events: { Records: { Type: "Kinesis", Properties: { Stream: { "Fn::GetAtt": ["SampleStream", "Arn"] }, StartingPosition: "TRIM_HORIZON", BatchSize: 1 } } },
      resources: { SampleStream: { Type: "AWS::Kinesis::Stream", Properties: { Name: o.streamName, ShardCount: 1 } } },
    }),
    trigger: async (sandbox, o) => {
      await sandbox.dispatcher.call("kinesis", "PutRecord", { StreamName: o.streamName, PartitionKey: o.partition, Data: Buffer.from(o.data ?? "").toString("base64") });
    },
  },
  {
    service: "sns",
    event: "notification",
    description: "a message published to a topic, as `Events: Type: SNS` delivers",
    options: [
      { flag: "--topic-name <name>", description: "topic name", default: "MyTopic" },
      { flag: "--message <text>", description: "message", default: "example message" },
      { flag: "--subject <text>", description: "subject", default: "example subject" },
      REGION,
    ],
    resources: (o) => ({
      events: { Notification: { Type: "SNS", Properties: { Topic: { Ref: "SampleTopic" } } } },
      resources: { SampleTopic: { Type: "AWS::SNS::Topic", Properties: { TopicName: o.topicName } } },
    }),
    trigger: async (sandbox, o) => {
      const { Topics } = (await sandbox.dispatcher.call("sns", "ListTopics", {})) as { Topics: Array<{ TopicArn: string }> };
      const topic = Topics.find((t) => t.TopicArn.endsWith(`:${o.topicName}`));
      await sandbox.dispatcher.call("sns", "Publish", { TopicArn: topic?.TopicArn, Message: o.message, Subject: o.subject });
    },
  },
  {
    service: "dynamodb",
    event: "update",
    description: "stream records of an item inserted, modified and removed, as `Events: Type: DynamoDB` delivers",
    options: [{ flag: "--table-name <name>", description: "table name", default: "ExampleTable" }, REGION],
    resources: (o) => ({
      events: { Stream: { Type: "DynamoDB", Properties: { Stream: { "Fn::GetAtt": ["SampleTable", "StreamArn"] }, StartingPosition: "TRIM_HORIZON", BatchSize: 3 } } },
      resources: {
        SampleTable: {
          Type: "AWS::DynamoDB::Table",
          Properties: {
            TableName: o.tableName,
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "Id", AttributeType: "N" }],
            KeySchema: [{ AttributeName: "Id", KeyType: "HASH" }],
            StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
          },
        },
      },
    }),
    trigger: async (sandbox, o) => {
      const key = { Id: { N: "101" } };
      await sandbox.dispatcher.call("dynamodb", "PutItem", { TableName: o.tableName, Item: { ...key, Message: { S: "New item!" } } });
      await sandbox.dispatcher.call("dynamodb", "UpdateItem", {
        TableName: o.tableName,
        Key: key,
        UpdateExpression: "SET Message = :m",
        ExpressionAttributeValues: { ":m": { S: "This item has changed" } },
      });
      await sandbox.dispatcher.call("dynamodb", "DeleteItem", { TableName: o.tableName, Key: key });
    },
    records: 3,
  },
  {
    service: "eventbridge",
    event: "event",
    description: "an event put on the default bus, as `Events: Type: EventBridgeRule` delivers",
    options: [
      { flag: "--source <source>", description: "the event's source", default: "com.example.orders" },
      { flag: "--detail-type <type>", description: "the event's detail-type", default: "Order Placed" },
      { flag: "--detail <json>", description: "the event's detail (JSON)", default: '{"orderId":"1234"}' },
      REGION,
    ],
    resources: (o) => ({ events: { Rule: { Type: "EventBridgeRule", Properties: { Pattern: { source: [o.source] } } } } }),
    trigger: async (sandbox, o) => {
      const answer = (await sandbox.dispatcher.call("events", "PutEvents", { Entries: [{ Source: o.source, DetailType: o.detailType, Detail: o.detail }] })) as {
        Entries?: Array<{ ErrorMessage?: string }>;
      };
      const failed = answer.Entries?.find((e) => e.ErrorMessage);
      if (failed) throw new SandboxError(`EventBridge refused the event: ${failed.ErrorMessage}`);
    },
  },
  {
    service: "cloudwatch",
    event: "logs",
    description: "log events of a subscription filter (awslogs.data: gzip, base64), as `Events: Type: CloudWatchLogs` delivers",
    options: [
      { flag: "--log-group-name <name>", description: "log group name", default: "/aws/lambda/example" },
      { flag: "--message <text>", description: "the log event's message", default: "example log message" },
      REGION,
    ],
    resources: (o) => ({
      events: { Logs: { Type: "CloudWatchLogs", Properties: { LogGroupName: { Ref: "SampleLogGroup" }, FilterPattern: "" } } },
      resources: { SampleLogGroup: { Type: "AWS::Logs::LogGroup", Properties: { LogGroupName: o.logGroupName } } },
    }),
    trigger: async (sandbox, o) => {
      const logStreamName = "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef";
      await sandbox.dispatcher.call("logs", "CreateLogStream", { logGroupName: o.logGroupName, logStreamName });
      await sandbox.dispatcher.call("logs", "PutLogEvents", { logGroupName: o.logGroupName, logStreamName, logEvents: [{ timestamp: Date.now(), message: o.message }] });
    },
  },
  {
    service: "cloudwatch",
    event: "scheduled-event",
    description: "a scheduled rule firing, as `Events: Type: Schedule` delivers",
    options: [REGION],
    resources: () => ({ events: { Every: { Type: "Schedule", Properties: { Schedule: "rate(1 minute)" } } } }),
    trigger: async (sandbox) => {
      // The sandbox's clock moves on a minute: the rule fires once, at once.
      const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "1m" }) });
      if (!res.ok) throw new SandboxError(`The sandbox's clock did not move: ${res.status}.`);
    },
  },
];

export function sampleEvents(): readonly SampleEvent[] {
  return SAMPLES;
}

