/**
 * Lambda and CloudWatch Logs behaviour through the whole sandbox, recorded in localstack
 * tests/aws/services/lambda_/test_lambda_api.py and its snapshot (TestLambdaEventSourceMappings::
 * test_function_name_variations; TestLambdaFunction::test_lambda_code_location_zipfile).
 */
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  PublishVersionCommand,
} from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteSubscriptionFilterCommand,
  DescribeSubscriptionFiltersCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  PutSubscriptionFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("test_function_name_variations", () => {
  let sandbox: RunningSandbox;
  let sqs: SQSClient;
  let lambda: LambdaClient;
  let worker = "";
  let queueArn = "";

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sqs"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
    sqs = new SQSClient(config);
    lambda = new LambdaClient(config);
    const functions = await lambda.send(new ListFunctionsCommand({}));
    worker = functions.Functions?.find((f) => f.FunctionName?.includes("Worker"))?.FunctionName ?? "";
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "recorded-esm-names" }));
    queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes?.QueueArn ?? "";
  });

  afterAll(async () => {
    sqs?.destroy();
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("keeps the qualifier the function was named with, and drops none but an unqualified ARN's", async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: worker }));
    const alias = await lambda.send(new CreateAliasCommand({ FunctionName: worker, FunctionVersion: v1.Version, Name: "myalias" }));
    const fnArn = (await lambda.send(new GetFunctionCommand({ FunctionName: worker }))).Configuration?.FunctionArn ?? "";
    const cases: Array<[string, string]> = [
      [worker, fnArn],
      [`${worker}:$LATEST`, `${fnArn}:$LATEST`],
      [`${worker}:${v1.Version}`, `${fnArn}:${v1.Version}`],
      [`${worker}:myalias`, `${fnArn}:myalias`],
      [fnArn, fnArn],
      [v1.FunctionArn ?? "", `${fnArn}:${v1.Version}`],
      [alias.AliasArn ?? "", `${fnArn}:myalias`],
    ];
    for (const [FunctionName, expected] of cases) {
      const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: queueArn }));
      expect(created.$metadata.httpStatusCode).toBe(202);
      expect(created).toMatchObject({
        BatchSize: 10,
        EventSourceArn: queueArn,
        FunctionArn: expected,
        FunctionResponseTypes: [],
        MaximumBatchingWindowInSeconds: 0,
        State: "Creating",
        StateTransitionReason: "USER_INITIATED",
      });
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    }
  });
});

// test_lambda_api.py::TestLambdaFunction::test_lambda_code_location_zipfile: the test downloads
// Code.Location with a plain, unsigned GET and compares it with the zip it uploaded.
describe("test_lambda_code_location_zipfile through the edge", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sqs"), port: 0, edgePort: 0, inMemory: true });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("serves the uploaded zip at Code.Location to an unsigned GET", async () => {
    const zip = new AdmZip();
    zip.addFile("index.mjs", Buffer.from("export const handler = async (e) => e;\n"));
    const bytes = new Uint8Array(zip.toBuffer());
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: "code-location", Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: bytes } }),
    );
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: "code-location" }));
    const res = await fetch(got.Code?.Location ?? "");
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });
});

// localstack tests/aws/services/logs/test_logs_subscription_filters.py and its snapshot (recorded 2026):
// TestSubscriptionFilters::test_put_subscription_filter_lambda and TestSubscriptionFilterUpdates.
describe("subscription filters to a Lambda function (test_logs_subscription_filters)", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  let functionArn = "";

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sqs"), port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
    lambda = new LambdaClient(config);
    logs = new CloudWatchLogsClient(config);
    const zip = new AdmZip();
    zip.addFile("index.mjs", Buffer.from("export const handler = async (e) => { console.log(JSON.stringify(e)); return e; };\n"));
    functionArn =
      (
        await lambda.send(
          new CreateFunctionCommand({ FunctionName: "logs-subscriber", Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: new Uint8Array(zip.toBuffer()) } }),
        )
      ).FunctionArn ?? "";
  });

  afterAll(async () => {
    lambda?.destroy();
    logs?.destroy();
    await sandbox?.stop();
  });

  it("test_put_subscription_filter_lambda: answers the filter's shape and sends the function both events, gzipped", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "rec4-subscribed" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "rec4-subscribed", logStreamName: "s" }));
    expect((await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "rec4-subscribed" }))).subscriptionFilters).toEqual([]);
    const put = await logs.send(new PutSubscriptionFilterCommand({ logGroupName: "rec4-subscribed", filterName: "test", filterPattern: "", destinationArn: functionArn }));
    expect(put.$metadata.httpStatusCode).toBe(200);
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({ logGroupName: "rec4-subscribed", logStreamName: "s", logEvents: [{ timestamp: now, message: "test" }, { timestamp: now, message: "test 2" }] }));
    const { subscriptionFilters } = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "rec4-subscribed" }));
    expect(subscriptionFilters).toEqual([
      { applyOnTransformedLogs: false, creationTime: expect.any(Number), destinationArn: functionArn, distribution: "ByLogStream", filterName: "test", filterPattern: "", logGroupName: "rec4-subscribed" },
    ]);
    const delivered = async () => {
      const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: "/aws/lambda/logs-subscriber", filterPattern: "awslogs" }));
      const out: Array<{ id?: string; timestamp?: number; message?: string }> = [];
      for (const e of events ?? []) {
        const body = (e.message ?? "").slice((e.message ?? "").indexOf("{"));
        const data = (JSON.parse(body) as { awslogs: { data: string } }).awslogs.data;
        out.push(...(JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8")) as { logEvents: typeof out }).logEvents);
      }
      return out;
    };
    await expect.poll(async () => (await delivered()).length, { timeout: 10_000 }).toBe(2);
    const events = (await delivered()).sort((a, b) => String(a.message).localeCompare(String(b.message)));
    expect(events).toEqual([
      { id: expect.stringMatching(/^\d+$/), timestamp: now, message: "test" },
      { id: expect.stringMatching(/^\d+$/), timestamp: now, message: "test 2" },
    ]);
  });

  it("TestSubscriptionFilterUpdates: two filters a group, the third refused; deletes of what is not there", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "rec4-sublimit" }));
    await logs.send(new PutSubscriptionFilterCommand({ logGroupName: "rec4-sublimit", filterName: "test-1", filterPattern: "", destinationArn: functionArn }));
    await logs.send(new PutSubscriptionFilterCommand({ logGroupName: "rec4-sublimit", filterName: "test-2", filterPattern: "[]", destinationArn: functionArn }));
    const third = await logs.send(new PutSubscriptionFilterCommand({ logGroupName: "rec4-sublimit", filterName: "test-3", filterPattern: "", destinationArn: functionArn })).catch((e: Error & { $metadata: { httpStatusCode?: number } }) => e);
    expect(third).toMatchObject({ name: "LimitExceededException", message: "Resource limit exceeded.", $metadata: { httpStatusCode: 400 } });
    const missingGroup = await logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: "not-existing-log-group", filterName: "test" })).catch((e: Error) => e);
    expect(missingGroup).toMatchObject({ name: "ResourceNotFoundException", message: "The specified log group does not exist." });
    const missingFilter = await logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: "rec4-sublimit", filterName: "wrong-filter-name" })).catch((e: Error) => e);
    expect(missingFilter).toMatchObject({ name: "ResourceNotFoundException", message: "The specified subscription filter does not exist." });
    const kinesis = await logs
      .send(new PutSubscriptionFilterCommand({ logGroupName: "rec4-sublimit", filterName: "test", filterPattern: "", destinationArn: "arn:aws:kinesis:us-east-1:000000000000:stream/unknown-stream" }))
      .catch((e: Error) => e);
    expect(kinesis).toMatchObject({ name: "InvalidParameterException", message: "destinationArn for vendor kinesis cannot be used without roleArn" });
    await logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: "rec4-sublimit", filterName: "test-1" }));
    expect((await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: "rec4-sublimit" }))).subscriptionFilters?.map((f) => f.filterName)).toEqual(["test-2"]);
  });
});
