// CloudWatch Logs cases recorded on real AWS in localstack tests/aws/services/logs/ test_logs_streams,
// test_logs_resource_policies, test_logs_metric_filters, test_logs.py (TestCloudWatchLogs), test_logs_queries and test_logs_export_tasks (.py and .snapshot.json;
// the test named in each describe), replayed through the real SDK v3 client.
import {
  CancelExportTaskCommand,
  CreateExportTaskCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteMetricFilterCommand,
  DeleteLogStreamCommand,
  DeleteResourcePolicyCommand,
  DescribeExportTasksCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeMetricFiltersCommand,
  DescribeQueriesCommand,
  DescribeResourcePoliciesCommand,
  GetQueryResultsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutMetricFilterCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
  PutResourcePolicyCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLogs, type LogsHarness } from "./helpers.js";

const ACCOUNT = "000000000000";
const NOW = Date.UTC(2026, 1, 6, 12);
const buckets = new Set(["export-bucket"]);
let h: LogsHarness;

beforeAll(async () => {
  h = await startLogs({
    clock: new VirtualClock(NOW),
    exportTarget: { bucketExists: async (bucket) => buckets.has(bucket), putObject: async () => undefined },
    // The SDK retries LimitExceededException as throttling: one attempt keeps the limit case fast.
    client: { maxAttempts: 1 },
  });
});

afterAll(async () => {
  await h.close();
});

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

describe("TestLogsStreams (test_logs_streams)", () => {
  const group = "rec4-streams";
  const streamShape = (name: string) => ({ arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}:log-stream:${name}`, creationTime: NOW, logStreamName: name, storedBytes: 0 });
  beforeAll(async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: group }));
  });

  it("test_create_and_delete_log_stream and test_log_stream_arn_format: a new stream has arn, creationTime, name and storedBytes only", async () => {
    await h.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "test-arn-1" }));
    const { logStreams } = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(logStreams).toEqual([streamShape("test-arn-1")]);
    await h.client.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "test-arn-1" }));
    expect((await h.client.send(new DescribeLogStreamsCommand({ logGroupName: group }))).logStreams).toEqual([]);
  });

  it("test_create_log_stream_duplicate_error", async () => {
    await h.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "dup" }));
    expect(await failure(h.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "dup" })))).toEqual({
      name: "ResourceAlreadyExistsException",
      status: 400,
      message: "The specified log stream already exists",
    });
    await h.client.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "dup" }));
  });

  it("test_describe_log_streams_with_log_group_identifier: by name or ARN, never both", async () => {
    await h.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "by-id" }));
    for (const logGroupIdentifier of [group, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`]) {
      expect((await h.client.send(new DescribeLogStreamsCommand({ logGroupIdentifier }))).logStreams).toEqual([streamShape("by-id")]);
    }
    expect(await failure(h.client.send(new DescribeLogStreamsCommand({ logGroupName: group, logGroupIdentifier: group })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
    });
    await h.client.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "by-id" }));
  });

  it("test_describe_log_streams_with_prefix", async () => {
    for (const name of ["p-stream-0", "p-stream-1", "p-stream-2", "other"]) await h.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
    const { logStreams } = await h.client.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: "p-" }));
    expect(logStreams).toEqual(["p-stream-0", "p-stream-1", "p-stream-2"].map(streamShape));
  });
});

describe("TestResourcePolicies (test_logs_resource_policies)", () => {
  const doc = (resource: string) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "Route53LogsToCloudWatchLogs", Effect: "Allow", Principal: { Service: ["route53.amazonaws.com"] }, Action: "logs:PutLogEvents", Resource: resource }],
    });

  it("test_put_resource_policy: answers the policy with its name, document as given, time and ACCOUNT scope", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "rec4-policy-group" }));
    const groupArn = (await h.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "rec4-policy-group" }))).logGroups?.[0]?.arn ?? "";
    const out = await h.client.send(new PutResourcePolicyCommand({ policyName: "p-put", policyDocument: doc(groupArn) }));
    expect(out.resourcePolicy).toEqual({ policyName: "p-put", policyDocument: doc(groupArn), lastUpdatedTime: NOW, policyScope: "ACCOUNT" });
  });

  it("test_put_resource_policy_update and test_describe_resource_policies", async () => {
    await h.client.send(new PutResourcePolicyCommand({ policyName: "p-upd", policyDocument: doc("log_arn") }));
    const updated = '{"Statement":[{"Action":"logs:*","Effect":"Allow","Principal":{"Service": ["route53.amazonaws.com"]},"Resource":"*"}]}';
    await h.client.send(new PutResourcePolicyCommand({ policyName: "p-upd", policyDocument: updated }));
    const { resourcePolicies } = await h.client.send(new DescribeResourcePoliciesCommand({}));
    expect(resourcePolicies?.map((p) => p.policyName)).toEqual(["p-put", "p-upd"]);
    expect(resourcePolicies?.[1]).toMatchObject({ policyName: "p-upd", policyDocument: updated, policyScope: "ACCOUNT" });
  });

  it("test_delete_resource_policy_not_found", async () => {
    expect(await failure(h.client.send(new DeleteResourcePolicyCommand({ policyName: "non-existent" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 400,
      message: "Policy with name [non-existent] does not exist.",
    });
  });

  it("test_put_resource_policy_limit_exceeded and test_put_resource_policy_update_existing_when_at_limit: ten a region", async () => {
    for (let i = 0; i < 8; i++) await h.client.send(new PutResourcePolicyCommand({ policyName: `limit-${i}`, policyDocument: doc("log_arn") }));
    expect(await failure(h.client.send(new PutResourcePolicyCommand({ policyName: "too-many", policyDocument: doc("log_arn") })))).toEqual({
      name: "LimitExceededException",
      status: 400,
      message: "Resource limit exceeded.",
    });
    const again = await h.client.send(new PutResourcePolicyCommand({ policyName: "limit-1", policyDocument: doc("*") }));
    expect(again.resourcePolicy?.policyDocument).toBe(doc("*"));
    for (const policyName of ["p-put", "p-upd", ...Array.from({ length: 8 }, (_, i) => `limit-${i}`)]) await h.client.send(new DeleteResourcePolicyCommand({ policyName }));
  });
});

describe("TestCloudWatchLogsInsightsQueries (test_logs_queries)", () => {
  const group = "rec4-queries";
  const start = Math.floor(NOW / 1000) - 3600;
  const end = Math.floor(NOW / 1000) + 300;
  let queryId = "";

  it("test_start_query_basic and test_start_query_log_group_not_found", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: group }));
    const out = await h.client.send(new StartQueryCommand({ logGroupName: group, startTime: start, endTime: end, queryString: "fields @message" }));
    queryId = out.queryId ?? "";
    expect(out.queryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const missing = await failure(h.client.send(new StartQueryCommand({ logGroupName: "non-existent-q", startTime: start, endTime: end, queryString: "fields @message" })));
    expect(missing).toMatchObject({ name: "ResourceNotFoundException", status: 400 });
    expect(missing.message).toMatch(
      new RegExp(`^Log group 'non-existent-q' does not exist for account ID '${ACCOUNT}' \\(Service: AWSLogs; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`),
    );
  });

  it("test_describe_queries, test_describe_queries_with_status_filter and test_describe_queries_empty", async () => {
    // The recording polled until the query was Complete.
    while ((await h.client.send(new GetQueryResultsCommand({ queryId }))).status !== "Complete");
    const { queries } = await h.client.send(new DescribeQueriesCommand({ logGroupName: group }));
    expect(queries).toEqual([
      { createTime: NOW, logGroupName: group, queryId, queryLanguage: "CWLI", queryString: `SOURCE "${group}" START=${start}000 END=${end}999 | fields @message`, status: "Complete" },
    ]);
    expect((await h.client.send(new DescribeQueriesCommand({ logGroupName: group, status: "Complete" }))).queries).toHaveLength(1);
    expect((await h.client.send(new DescribeQueriesCommand({ logGroupName: group, status: "Scheduled" }))).queries).toEqual([]);
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "rec4-queries-none" }));
    expect((await h.client.send(new DescribeQueriesCommand({ logGroupName: "rec4-queries-none" }))).queries).toEqual([]);
  });
});

describe("TestExportTasks (test_logs_export_tasks)", () => {
  it("test_create_export_task, _bucket_not_found and _log_group_not_found", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "rec4-export" }));
    const out = await h.client.send(new CreateExportTaskCommand({ logGroupName: "rec4-export", from: 1611316574, to: 1642852574, destination: "export-bucket" }));
    expect(out.taskId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await failure(h.client.send(new CreateExportTaskCommand({ logGroupName: "rec4-export", from: 1611316574, to: 1642852574, destination: "non-existent-bucket" })))).toEqual({
      name: "InvalidParameterException",
      status: 400,
      message: "The given bucket does not exist. Please make sure the bucket is valid.",
    });
    expect(await failure(h.client.send(new CreateExportTaskCommand({ logGroupName: "non-existent-log-group", from: 1611316574, to: 1642852574, destination: "export-bucket" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 400,
      message: "The specified log group does not exist.",
    });
  });

  it("test_describe_export_tasks_not_found and test_cancel_export_task_not_found", async () => {
    const out = await h.client.send(new DescribeExportTasksCommand({ taskId: "non-existent-task-id" }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.exportTasks).toEqual([]);
    expect(await failure(h.client.send(new CancelExportTaskCommand({ taskId: "abc-def" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 400,
      message: "The specified export task does not exist.",
    });
  });
});

describe("test_list_tags_log_group (test_logs.py)", () => {
  it("reads the same tags through ListTagsLogGroup and ListTagsForResource, whichever call set them", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "rec4-tags", tags: { env: "testing1" } }));
    const resourceArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:rec4-tags`;
    const both = async () => {
      const legacy = (await h.client.send(new ListTagsLogGroupCommand({ logGroupName: "rec4-tags" }))).tags;
      expect((await h.client.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual(legacy);
      return legacy;
    };
    expect(await both()).toEqual({ env: "testing1" });
    await h.client.send(new TagResourceCommand({ resourceArn, tags: { test1: "val1", test2: "val2" } }));
    expect(await both()).toEqual({ env: "testing1", test1: "val1", test2: "val2" });
    await h.client.send(new TagLogGroupCommand({ logGroupName: "rec4-tags", tags: { test3: "val3" } }));
    expect(await both()).toEqual({ env: "testing1", test1: "val1", test2: "val2", test3: "val3" });
    await h.client.send(new UntagLogGroupCommand({ logGroupName: "rec4-tags", tags: ["env"] }));
    await h.client.send(new UntagResourceCommand({ resourceArn, tagKeys: ["test1", "test3"] }));
    expect(await both()).toEqual({ test2: "val2" });
  });
});

describe("TestMetricFilters and TestMetricFiltersValidation (test_logs_metric_filters)", () => {
  const transformation = (i: string, extra: Record<string, unknown> = {}) => ({ metricNamespace: `ns-${i}`, metricName: `metric-${i}`, metricValue: "1", ...extra });
  const put = (logGroupName: string, filterName: string, filterPattern: string, metricTransformations = [transformation("x")]) =>
    h.client.send(new PutMetricFilterCommand({ logGroupName, filterName, filterPattern, metricTransformations }));

  it("test_put_metric_filter_basic and _json_pattern: the pattern as given, defaultValue only when set", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "rec4-mf" }));
    await put("rec4-mf", "mf-basic", " ", [transformation("basic", { defaultValue: 0 })]);
    await put("rec4-mf", "mf-json", '{$.message = "test"}', [transformation("json", { defaultValue: 0 })]);
    const described = async (filterNamePrefix: string) => (await h.client.send(new DescribeMetricFiltersCommand({ logGroupName: "rec4-mf", filterNamePrefix }))).metricFilters;
    expect(await described("mf-basic")).toEqual([
      {
        applyOnTransformedLogs: false,
        creationTime: NOW,
        filterName: "mf-basic",
        filterPattern: " ",
        logGroupName: "rec4-mf",
        metricTransformations: [{ defaultValue: 0, metricName: "metric-basic", metricNamespace: "ns-basic", metricValue: "1" }],
      },
    ]);
    expect((await described("mf-json"))?.[0]?.filterPattern).toBe('{$.message = "test"}');
  });

  it("test_describe_metric_filters_by_prefix, _by_log_group and _by_metric_name", async () => {
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "rec4-mf-a" }));
    await h.client.send(new CreateLogGroupCommand({ logGroupName: "rec4-mf-b" }));
    await put("rec4-mf-a", "prefix-0", "filterPattern0", [{ metricNamespace: "namespace0", metricName: "metric0", metricValue: "0" }]);
    await put("rec4-mf-b", "prefix-1", "filterPattern1", [{ metricNamespace: "namespace1", metricName: "metric1", metricValue: "1" }]);
    const byPrefix = (await h.client.send(new DescribeMetricFiltersCommand({ filterNamePrefix: "prefix-" }))).metricFilters;
    expect(byPrefix?.map((f) => [f.filterName, f.logGroupName, f.filterPattern])).toEqual([
      ["prefix-0", "rec4-mf-a", "filterPattern0"],
      ["prefix-1", "rec4-mf-b", "filterPattern1"],
    ]);
    expect(byPrefix?.[0]?.metricTransformations).toEqual([{ metricName: "metric0", metricNamespace: "namespace0", metricValue: "0" }]);
    expect((await h.client.send(new DescribeMetricFiltersCommand({ logGroupName: "rec4-mf-b" }))).metricFilters?.map((f) => f.filterName)).toEqual(["prefix-1"]);
    const byMetric = (await h.client.send(new DescribeMetricFiltersCommand({ metricName: "metric0", metricNamespace: "namespace0" }))).metricFilters;
    expect(byMetric?.map((f) => f.filterName)).toEqual(["prefix-0"]);
    await h.client.send(new DeleteMetricFilterCommand({ logGroupName: "rec4-mf-a", filterName: "prefix-0" }));
    expect((await h.client.send(new DescribeMetricFiltersCommand({ logGroupName: "rec4-mf-a", filterNamePrefix: "prefix-0" }))).metricFilters).toEqual([]);
  });

  it("refuses over-long names and patterns with InvalidParameterException and the model's texts", async () => {
    const tooLong = (value: string, member: string, max: number) => ({
      name: "InvalidParameterException",
      status: 400,
      message: `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    });
    const name513 = "X".repeat(513);
    expect(await failure(put("rec4-mf", name513, "pattern"))).toEqual(tooLong(name513, "filterName", 512));
    const pattern1025 = "X".repeat(1025);
    expect(await failure(put("rec4-mf", "valid-filter", pattern1025))).toEqual(tooLong(pattern1025, "filterPattern", 1024));
    expect(await failure(h.client.send(new DeleteMetricFilterCommand({ logGroupName: "rec4-mf", filterName: name513 })))).toEqual(tooLong(name513, "filterName", 512));
    expect(await failure(h.client.send(new DescribeMetricFiltersCommand({ filterNamePrefix: name513 })))).toEqual(tooLong(name513, "filterNamePrefix", 512));
    const metric256 = "X".repeat(256);
    expect(await failure(h.client.send(new DescribeMetricFiltersCommand({ metricName: metric256, metricNamespace: "valid" })))).toEqual(tooLong(metric256, "metricName", 255));
  });
});
