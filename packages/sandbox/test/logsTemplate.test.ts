import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  CreateExportTaskCommand,
  DescribeQueryDefinitionsCommand,
  DescribeSubscriptionFiltersCommand,
  DeleteSubscriptionFilterCommand,
  GetQueryResultsCommand,
  PutSubscriptionFilterCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { gunzipSync } from "node:zlib";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "logs");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const GROUP = "/aws/lambda/logs-producer";

describe("CloudWatch Logs resources and subscriptions in a sandbox", () => {
  let sandbox: RunningSandbox;
  let logs: CloudWatchLogsClient;
  let lambda: LambdaClient;
  const delivered: Array<{ logGroup: string; subscriptionFilters: string[]; logEvents: Array<{ message: string }> }> = [];

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    sandbox.events.on("functionLog", (e) => {
      const m = /DELIVERED (.*)$/.exec(e.line);
      if (e.functionName === "logs-consumer" && m) delivered.push(JSON.parse(m[1]) as (typeof delivered)[number]);
    });
    logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    logs?.destroy();
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("creates the template's log group, filters and query definition", async () => {
    const group = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: GROUP }))).logGroups?.[0];
    expect(group).toMatchObject({ logGroupName: GROUP, retentionInDays: 7, metricFilterCount: 1 });
    const filters = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: GROUP }));
    expect(filters.subscriptionFilters?.map((f) => [f.filterName, f.destinationArn])).toEqual([
      ["errors-to-consumer", "arn:aws:lambda:us-east-1:000000000000:function:logs-consumer"],
    ]);
    expect(sandbox.app.outputs.FilterName?.value).toBe("errors-to-consumer");
    const metrics = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: GROUP }));
    expect(metrics.metricFilters?.[0].metricTransformations).toEqual([{ metricName: "Errors", metricNamespace: "Producer", metricValue: "1" }]);
    const definitions = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: "slow" }));
    expect(definitions.queryDefinitions?.map((d) => [d.name, d.logGroupNames])).toEqual([["slow-invocations", [GROUP]]]);
  });

  it("delivers the function's ERROR lines to the subscribed function", async () => {
    await lambda.send(new InvokeCommand({ FunctionName: "logs-producer", Payload: Buffer.from(JSON.stringify({ order: 7 })) }));
    await expect.poll(() => delivered.length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
    expect(delivered[0].logGroup).toBe(GROUP);
    expect(delivered[0].subscriptionFilters).toEqual(["errors-to-consumer"]);
    // As a subscription delivers a Node.js function's console line on AWS: "<time>\t<request id>\tINFO\t…\n".
    expect(delivered[0].logEvents.map((e) => e.message)).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\tERROR order 7 failed\n$/)]);
  });

  it("answers an Insights query over the function's REPORT lines and JSON output", async () => {
    const now = Math.floor(Date.now() / 1000);
    const run = async (queryString: string) => {
      const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: GROUP, startTime: now - 600, endTime: now + 60, queryString }));
      let out = await logs.send(new GetQueryResultsCommand({ queryId }));
      while (out.status === "Running" || out.status === "Scheduled") out = await logs.send(new GetQueryResultsCommand({ queryId }));
      return out;
    };
    const reports = await run('filter @type = "REPORT" | stats count(*) as invocations, max(@memorySize) as memory');
    expect(reports.status).toBe("Complete");
    expect(reports.results).toEqual([[{ field: "invocations", value: "1" }, { field: "memory", value: "128000000" }]]);
    const orders = await run("filter level = \"INFO\" | fields order");
    expect(orders.results?.map((row) => row.find((f) => f.field === "order")?.value)).toEqual(["7"]);
  });

  it("keeps a function subscribed to its own log group at one delivery per batch window", async () => {
    const own = "/aws/lambda/logs-consumer";
    const before = delivered.length;
    await logs.send(
      new PutSubscriptionFilterCommand({ logGroupName: own, filterName: "loop", filterPattern: "", destinationArn: "arn:aws:lambda:us-east-1:000000000000:function:logs-consumer" }),
    );
    const started = Date.now();
    await lambda.send(new InvokeCommand({ FunctionName: "logs-consumer", InvocationType: "Event", Payload: Buffer.from(JSON.stringify({ awslogs: { data: "H4sIAAAAAAAAA6uuBQBDv6ajAgAAAA==" } })) }));
    // Each delivery writes lines that are delivered again, as on AWS, but one batch a second.
    await expect.poll(() => delivered.length - before, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    const seconds = (Date.now() - started) / 1000;
    expect(delivered.length - before).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    await logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: own, filterName: "loop" }));
  });

  it("exports the function's log group into the sandbox's S3", async () => {
    const s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: "exported-logs" }));
      const { taskId } = await logs.send(new CreateExportTaskCommand({ logGroupName: GROUP, from: 0, to: Date.now() + 60_000, destination: "exported-logs", destinationPrefix: "lambda" }));
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: "exported-logs", Prefix: `lambda/${taskId}/` }));
      const key = listed.Contents?.[0]?.Key ?? "";
      expect(key).toMatch(new RegExp(`^lambda/${taskId}/.+/000000\\.gz$`));
      const object = await s3.send(new GetObjectCommand({ Bucket: "exported-logs", Key: key }));
      const text = gunzipSync(Buffer.from(await object.Body?.transformToByteArray() ?? [])).toString();
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z START RequestId: /m);
      expect(text).toContain("ERROR order 7 failed");
    } finally {
      s3.destroy();
    }
  });
});
