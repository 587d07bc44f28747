// `sandbox generate-event`: the bin run as a user runs it; each event is what the sandbox's own
// source delivered to a function, so its fields are checked against what was asked for.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

async function generate(args: string[]): Promise<Record<string, any>> {
  const { code, stdout, stderr } = await runBin(["generate-event", ...args]).result();
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as Record<string, any>;
}

describe("sandbox generate-event", () => {
  it("prints a REST API proxy event of the request asked for", async () => {
    const event = await generate([
      "apigateway", "aws-proxy", "--method", "POST", "--path", "/todos/7?tag=a&tag=b", "--resource", "/todos/{id}",
      "--body", '{"title":"milk"}', "--header", "X-Custom: yes", "--stage", "dev",
    ]);
    expect(event).toMatchObject({
      resource: "/todos/{id}",
      path: "/todos/7",
      httpMethod: "POST",
      pathParameters: { id: "7" },
      queryStringParameters: { tag: "b" },
      multiValueQueryStringParameters: { tag: ["a", "b"] },
      body: '{"title":"milk"}',
      isBase64Encoded: false,
      requestContext: { stage: "dev", path: "/dev/todos/7", resourcePath: "/todos/{id}", httpMethod: "POST" },
    });
    expect(event.headers["X-Custom"]).toBe("yes");
    expect(event.headers["content-type"]).toBe("application/json");
  });

  it("prints an HTTP API event (payload format 2.0)", async () => {
    const event = await generate(["apigateway", "http-api-proxy", "--path", "/hello?x=1"]);
    expect(event).toMatchObject({ version: "2.0", routeKey: "ANY /{proxy+}", rawPath: "/hello", rawQueryString: "x=1", queryStringParameters: { x: "1" } });
    expect(event.requestContext.http.method).toBe("GET");
  });

  it("prints the S3 notification of a put and of a delete", async () => {
    const put = await generate(["s3", "put", "--bucket", "photos", "--key", "cats/tom.jpg", "--body", "12345", "--region", "eu-west-1"]);
    expect(put.Records).toHaveLength(1);
    expect(put.Records[0]).toMatchObject({
      eventSource: "aws:s3",
      awsRegion: "eu-west-1",
      eventName: "ObjectCreated:Put",
      s3: { bucket: { name: "photos", arn: "arn:aws:s3:::photos" }, object: { key: "cats/tom.jpg", size: 5, eTag: "827ccb0eea8a706c4c34a16891f84e7b" } },
    });
    const removed = await generate(["s3", "delete", "--bucket", "photos", "--key", "a b.txt"]);
    expect(removed.Records[0]).toMatchObject({ eventName: "ObjectRemoved:Delete", s3: { object: { key: "a+b.txt" } } });
  });

  it("prints an SQS batch, an SNS notification and DynamoDB stream records", async () => {
    const sqs = await generate(["sqs", "receive-message", "--queue-name", "jobs", "--body", "do it"]);
    expect(sqs.Records[0]).toMatchObject({ body: "do it", eventSource: "aws:sqs", eventSourceARN: expect.stringMatching(/^arn:aws:sqs:us-east-1:\d{12}:jobs$/) });
    const sns = await generate(["sns", "notification", "--topic-name", "alerts", "--message", "disk full", "--subject", "Alarm"]);
    expect(sns.Records[0]).toMatchObject({ EventSource: "aws:sns", Sns: { Type: "Notification", Message: "disk full", Subject: "Alarm" } });
    expect(sns.Records[0].Sns.TopicArn).toMatch(/:alerts$/);
    const stream = await generate(["dynamodb", "update", "--table-name", "orders"]);
    expect(stream.Records.map((r: { eventName: string }) => r.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE"]);
    expect(stream.Records[1].dynamodb).toMatchObject({ Keys: { Id: { N: "101" } }, OldImage: { Message: { S: "New item!" } }, NewImage: { Message: { S: "This item has changed" } } });
    expect(stream.Records[0].eventSourceARN).toMatch(/:table\/orders\/stream\//);
  });

  it("prints a Kinesis record as a stream mapping delivers it", async () => {
    const event = await generate(["kinesis", "get-records", "--stream-name", "clicks", "--partition", "user-1", "--data", "hello"]);
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]).toMatchObject({
      kinesis: { kinesisSchemaVersion: "1.0", partitionKey: "user-1", data: Buffer.from("hello").toString("base64") },
      eventSource: "aws:kinesis",
      eventName: "aws:kinesis:record",
      eventSourceARN: expect.stringMatching(/^arn:aws:kinesis:us-east-1:\d{12}:stream\/clicks$/),
    });
    expect(event.Records[0].eventID).toBe(`shardId-000000000000:${event.Records[0].kinesis.sequenceNumber}`);
  });

  it("prints EventBridge events: one put on the bus, one of a schedule", async () => {
    const put = await generate(["eventbridge", "event", "--source", "shop", "--detail-type", "Paid", "--detail", '{"id":7}']);
    expect(put).toMatchObject({ version: "0", source: "shop", "detail-type": "Paid", detail: { id: 7 } });
    const scheduled = await generate(["cloudwatch", "scheduled-event"]);
    expect(scheduled).toMatchObject({ source: "aws.events", "detail-type": "Scheduled Event", detail: {} });
    expect(scheduled.resources[0]).toMatch(/^arn:aws:events:us-east-1:\d{12}:rule\/sample-/);
  });

  it("prints a subscription filter's log events, gzipped and base64-encoded as Lambda gets them", async () => {
    const event = await generate(["cloudwatch", "logs", "--log-group-name", "/app/orders", "--message", "order 7 paid"]);
    const data = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, "base64")).toString("utf8"));
    expect(data).toMatchObject({ messageType: "DATA_MESSAGE", logGroup: "/app/orders", logEvents: [{ message: "order 7 paid" }] });
  });

  it("lists the services and their events in --help", async () => {
    const top = await runBin(["generate-event", "--help"]).result();
    for (const service of ["apigateway", "s3", "sqs", "sns", "dynamodb", "eventbridge", "cloudwatch"]) expect(top.stdout).toContain(service);
    const s3 = await runBin(["generate-event", "s3", "put", "--help"]).result();
    expect(s3.stdout).toMatch(/--bucket <name>\s+bucket name \(default: "example-bucket"\)/);
  });

  it("says what is wrong with a bad option instead of a stack trace", async () => {
    const bad = await runBin(["generate-event", "eventbridge", "event", "--detail", "{not json"]).result();
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/EventBridge refused the event: .+/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("sandbox generate-event | sandbox invoke -e -", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "sandbox-generate-"));
    mkdirSync(join(dir, "src"));
    writeFileSync(
      join(dir, "template.yaml"),
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Echo:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs22.x\n      CodeUri: src/\n      Handler: echo.handler\n",
    );
    writeFileSync(join(dir, "src", "echo.mjs"), "export const handler = async (event) => ({ statusCode: 200, body: `${event.httpMethod} ${event.path} ${event.body}` });\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("invokes a function with the generated event", async () => {
    const event = (await runBin(["generate-event", "apigateway", "aws-proxy", "--method", "PUT", "--path", "/items/3", "--body", "hi"]).result()).stdout;
    const answer = await runBin(["invoke", "Echo", dir, "--event", "-"], { stdin: event, env: { AWS_ENDPOINT_URL: "" } }).result();
    expect(answer.code, answer.stderr).toBe(0);
    expect(JSON.parse(answer.stdout)).toEqual({ statusCode: 200, body: "PUT /items/3 hi" });
  });
});
