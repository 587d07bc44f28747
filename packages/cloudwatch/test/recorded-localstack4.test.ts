/**
 * CloudWatch behaviour recorded on AWS: localstack/localstack tests/aws/services/cloudwatch/
 * test_cloudwatch.py (cases marked `markers.aws.validated`) with its snapshot
 * (test_cloudwatch.snapshot.json), replayed through the AWS SDK v3 client on a virtual clock.
 * Where the stored snapshot predates a test, the test's own assertions (and the texts
 * localstack's provider_v2 answers to pass its snapshot) are what is checked.
 */
import {
  DeleteAlarmsCommand, DeleteDashboardsCommand, DescribeAlarmHistoryCommand, GetDashboardCommand, ListDashboardsCommand, PutDashboardCommand, DescribeAlarmsCommand, DescribeAlarmsForMetricCommand, DisableAlarmActionsCommand, EnableAlarmActionsCommand,
  GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand, ListTagsForResourceCommand, PutCompositeAlarmCommand, PutMetricAlarmCommand,
  PutMetricDataCommand, SetAlarmStateCommand, TagResourceCommand, UntagResourceCommand, paginateListMetrics,
  type MetricDatum,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, NOW, startCloudWatch, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startCloudWatch();
});
afterAll(() => h.close());

/** "utc_now" of the recorded tests: a moment inside a minute, as a test's clock reads it. */
const now = () => new Date(h.clock.now() + 12_345);
const sec = (n: number) => n * 1000;
const put = (Namespace: string, MetricData: MetricDatum[]) => h.client.send(new PutMetricDataCommand({ Namespace, MetricData }));

interface Failure { Code?: string; name: string; message: string; $metadata: { httpStatusCode?: number } }
const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as Failure | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { code: error.Code ?? error.name, message: error.message, status: error.$metadata.httpStatusCode };
};

/** The SNS Publish calls of alarm actions, their Message parsed. */
const published = () => h.dispatcher.calls.filter((c) => c.service === "sns" && c.action === "Publish").map((c) => JSON.parse(String(c.input.Message)) as Record<string, unknown>);

describe("metrics (test_cloudwatch.py::TestCloudwatch)", () => {
  // ::test_put_metric_data_values_list — Values [1, 10] with Counts [2, 4]: SampleCount 6, Sum 42, Maximum 10
  it("PutMetricData Values with Counts, read by GetMetricStatistics", async () => {
    const t = now();
    await put("ns-values", [{ MetricName: "test-metric", Timestamp: t, Values: [1, 10], Counts: [2, 4], Unit: "Count" }]);
    const stats = await h.client.send(new GetMetricStatisticsCommand({
      Namespace: "ns-values", MetricName: "test-metric", StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)), Period: 60, Statistics: ["SampleCount", "Sum", "Maximum"],
    }));
    expect(stats.Label).toBe("test-metric");
    expect(stats.Datapoints).toHaveLength(1);
    const { Timestamp, ...dp } = stats.Datapoints?.[0] ?? {};
    expect(Timestamp).toBeInstanceOf(Date);
    expect(dp).toEqual({ Maximum: 10, SampleCount: 6, Sum: 42, Unit: "Count" });
  });

  // ::test_put_metric_data_validation — the three refusals' codes and texts; Values with StatisticValues is taken
  it("PutMetricData refuses Value with Values, Values and Counts of different sizes, Value with StatisticValues", async () => {
    const t = now();
    expect(await failure(put("ns-validation", [{ MetricName: "mymetric", Timestamp: t, Value: 1.5, Values: [1, 10], Unit: "Count" }]))).toEqual({
      code: "InvalidParameterCombination", status: 400,
      message: "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.",
    });
    expect(await failure(put("ns-validation", [{ MetricName: "mymetric", Timestamp: t, Values: [1, 10], Counts: [2, 4, 5], Unit: "Count" }]))).toEqual({
      code: "InvalidParameterValue", status: 400,
      message: "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.",
    });
    const statisticValues = { SampleCount: 10, Sum: 55, Minimum: 1, Maximum: 10 };
    expect(await failure(put("ns-validation", [{ MetricName: "mymetric", Timestamp: t, Value: 1.5, StatisticValues: statisticValues, Unit: "Count" }]))).toEqual({
      code: "InvalidParameterCombination", status: 400,
      message: "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
    });
    // "For some strange reason the AWS implementation allows this"
    await put("ns-validation", [{ MetricName: "mymetric", Timestamp: t, Values: [1, 10], StatisticValues: statisticValues, Unit: "Count" }]);
  });

  // ::test_get_metric_data — sums per namespace; a range an hour ahead holds nothing
  it("GetMetricData sums two namespaces' metrics, and answers no values for a later range", async () => {
    await put("test/gmd1", [{ MetricName: "someMetric", Value: 23 }]);
    await put("test/gmd1", [{ MetricName: "someMetric", Value: 18 }]);
    await put("test/gmd2", [{ MetricName: "ug", Value: 23 }]);
    const queries = [
      { Id: "some", MetricStat: { Metric: { Namespace: "test/gmd1", MetricName: "someMetric" }, Period: 60, Stat: "Sum" } },
      { Id: "part", MetricStat: { Metric: { Namespace: "test/gmd2", MetricName: "ug" }, Period: 60, Stat: "Sum" } },
    ];
    const t = h.clock.now();
    const out = await h.client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(t - sec(600)), EndTime: new Date(t + sec(300)) }));
    expect(out.MetricDataResults?.map((r) => [r.Id, (r.Values ?? []).reduce((a, b) => a + b, 0)])).toEqual([["some", 41], ["part", 23]]);
    const later = await h.client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(t + sec(3600)), EndTime: new Date(t + sec(7200)) }));
    expect(later.MetricDataResults?.map((r) => r.Values)).toEqual([[], []]);
  });

  // ::test_get_metric_data_for_multiple_metrics — one result per query, labelled by metric name, StatusCode Complete
  it("GetMetricData of three metrics, one put as a statistic set", async () => {
    const t = now();
    await put("test/multi", [{ MetricName: "metric1", Value: 50, Unit: "Seconds", Timestamp: t }]);
    await put("test/multi", [{ MetricName: "metric2", Value: 25, Unit: "Seconds", Timestamp: t }]);
    await put("test/multi", [{ MetricName: "metric3", StatisticValues: { SampleCount: 10, Sum: 55, Minimum: 1, Maximum: 10 }, Unit: "Seconds", Timestamp: t }]);
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [1, 2, 3].map((i) => ({ Id: `result${i}`, MetricStat: { Metric: { Namespace: "test/multi", MetricName: `metric${i}` }, Period: 60, Stat: "Sum" } })),
      StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)),
    }));
    expect(out.Messages).toEqual([]);
    expect(out.MetricDataResults?.map(({ Id, Label, StatusCode, Values }) => ({ Id, Label, StatusCode, Values }))).toEqual([
      { Id: "result1", Label: "metric1", StatusCode: "Complete", Values: [50] },
      { Id: "result2", Label: "metric2", StatusCode: "Complete", Values: [25] },
      { Id: "result3", Label: "metric3", StatusCode: "Complete", Values: [55] },
    ]);
  });

  // ::test_get_metric_data_stats[Sum|SampleCount|Minimum|Maximum|Average] — a value of 11 and a statistic set (10 samples, sum 55, 1…10)
  it.each([["Sum", 66], ["SampleCount", 11], ["Minimum", 1], ["Maximum", 11], ["Average", 6]] as const)("GetMetricData %s of a value and a statistic set", async (stat, expected) => {
    const t = now();
    const ns = `test/stats-${stat}`;
    await put(ns, [{ MetricName: "metric1", Value: 11, Unit: "Seconds", Timestamp: t }]);
    await put(ns, [{ MetricName: "metric1", StatisticValues: { SampleCount: 10, Sum: 55, Minimum: 1, Maximum: 10 }, Unit: "Seconds", Timestamp: t }]);
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: "result1", MetricStat: { Metric: { Namespace: ns, MetricName: "metric1" }, Period: 60, Stat: stat } }],
      StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)),
    }));
    expect(out.MetricDataResults?.[0]?.Values).toEqual([expected]);
  });

  // ::test_get_metric_data_with_dimensions — only the series of the dimensions asked for
  it("GetMetricData with Dimensions reads that series only", async () => {
    const t = now();
    await put("test/dims", [{ MetricName: "metric1", Value: 11, Unit: "Seconds", Dimensions: [{ Name: "InstanceId", Value: "one" }], Timestamp: t }]);
    await put("test/dims", [{ MetricName: "metric1", Value: 11, Unit: "Seconds", Dimensions: [{ Name: "InstanceId", Value: "two" }], Timestamp: t }]);
    await put("test/dims", [{ MetricName: "metric1", StatisticValues: { SampleCount: 10, Sum: 55, Minimum: 1, Maximum: 10 }, Unit: "Seconds", Timestamp: t }]);
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: "result1", MetricStat: { Metric: { Namespace: "test/dims", MetricName: "metric1", Dimensions: [{ Name: "InstanceId", Value: "one" }] }, Period: 60, Stat: "Sum" } }],
      StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)),
    }));
    expect(out.MetricDataResults?.[0]?.Values).toEqual([11]);
  });

  // ::test_multiple_dimensions — three namespaces × two dimension values: six metrics listed
  it("ListMetrics lists one metric per namespace and dimension set", async () => {
    const namespaces = ["ns1-md", "ns2-md", "ns3-md"];
    for (const ns of namespaces) for (let i = 0; i < 3; i++) await put(ns, [{ MetricName: "someMetric", Value: 123, Dimensions: [{ Name: "foo", Value: `bar-${i % 2}` }] }]);
    const metrics = [];
    for await (const page of paginateListMetrics({ client: h.client }, {})) metrics.push(...(page.Metrics ?? []).filter((m) => namespaces.includes(m.Namespace ?? "")));
    expect(metrics).toHaveLength(6);
  });

  // ::test_list_metrics_uniqueness — a metric put twice is listed once; a statistic set counts as a metric
  it("ListMetrics lists each metric once", async () => {
    const dims = [{ Name: "InstanceId", Value: "i-46cdcd06a11207ab3" }];
    await put("test/unique", [{ MetricName: "CPUUtilization", Dimensions: dims, Value: 15 }]);
    await put("test/unique", [{ MetricName: "MemoryUtilization", Dimensions: dims, Value: 30 }]);
    await put("test/unique", [{ MetricName: "MemoryUtilization", Dimensions: dims, Value: 15 }]);
    expect((await h.client.send(new ListMetricsCommand({ Namespace: "test/unique" }))).Metrics).toHaveLength(2);
    await put("test/unique", [{ MetricName: "DiskReadOps", StatisticValues: { Maximum: 1, Minimum: 1, SampleCount: 1, Sum: 1 }, Dimensions: dims }]);
    expect((await h.client.send(new ListMetricsCommand({ Namespace: "test/unique" }))).Metrics).toHaveLength(3);
  });

  // ::test_list_metrics_with_filters — by name, by dimension name, by dimension name and value
  it("ListMetrics filters by MetricName and Dimensions", async () => {
    await put("test/filters", [{ MetricName: "CPUUtilization", Value: 15 }]);
    await put("test/filters", [{ MetricName: "MemoryUtilization", Dimensions: [{ Name: "InstanceId", Value: "one" }], Value: 30 }]);
    await put("test/filters", [{ MetricName: "DiskReadOps", Dimensions: [{ Name: "InstanceId", Value: "two" }], Value: 15 }]);
    await put("test/filters", [{ MetricName: "DiskWriteOps", Dimensions: [{ Name: "InstanceId", Value: "two" }], StatisticValues: { Maximum: 1, Minimum: 1, SampleCount: 1, Sum: 1 } }]);
    const count = async (input: Record<string, unknown>) => (await h.client.send(new ListMetricsCommand({ Namespace: "test/filters", ...input }))).Metrics?.length;
    expect(await count({})).toBe(4);
    expect(await count({ MetricName: "CPUUtilization" })).toBe(1);
    expect(await count({ Dimensions: [{ Name: "InstanceId" }] })).toBe(3);
    expect(await count({ Dimensions: [{ Name: "InstanceId", Value: "two" }] })).toBe(2);
  });

  // ::test_get_metric_data_with_zero_and_labels — a zero counts: the Average of [0, 2, 4, 3.5, 7, 100] is 19.41…
  it("GetMetricData statistics count a value of zero", async () => {
    const t = now();
    await put("test/zero", [0, 2, 4, 3.5, 7, 100].map((Value) => ({ MetricName: "metric1", Value, Unit: "Seconds", Timestamp: t })));
    const stats = ["Average", "Sum", "Minimum", "Maximum"];
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: stats.map((stat) => ({ Id: `result_${stat}`, MetricStat: { Metric: { Namespace: "test/zero", MetricName: "metric1" }, Period: 60, Stat: stat } })),
      StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)),
    }));
    expect(out.MetricDataResults?.map((r) => [r.Id, r.Label, r.Values?.map(Math.trunc)])).toEqual([
      ["result_Average", "metric1 Average", [19]], ["result_Sum", "metric1 Sum", [116]], ["result_Minimum", "metric1 Minimum", [0]], ["result_Maximum", "metric1 Maximum", [100]],
    ]);
  });

  // ::test_get_metric_statistics — ten values 0…9 in one period
  it("GetMetricStatistics of ten values answers one datapoint with every statistic", async () => {
    const t = now();
    for (let i = 0; i < 10; i++) await put("test/gms", [{ MetricName: "metric", Value: i, Timestamp: new Date(+t + sec(1)) }]);
    const out = await h.client.send(new GetMetricStatisticsCommand({
      Namespace: "test/gms", MetricName: "metric", StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)), Period: 60, Statistics: ["Average", "Sum", "Minimum", "Maximum", "SampleCount"],
    }));
    expect(out.Datapoints).toHaveLength(1);
    expect(out.Datapoints?.[0]).toMatchObject({ Average: 4.5, Sum: 45, Minimum: 0, Maximum: 9, SampleCount: 10, Unit: "None" });
  });

  // ::test_list_metrics_pagination — 501 metrics: a page of 500 and a NextToken
  it("ListMetrics pages hold 500 metrics", async () => {
    await put("n-sp-pages", Array.from({ length: 501 }, (_, i) => ({ MetricName: `m-${i}`, Value: 21, Unit: "Seconds" })));
    const out = await h.client.send(new ListMetricsCommand({ Namespace: "n-sp-pages" }));
    expect(out.Metrics).toHaveLength(500);
    expect(out.NextToken).toBeDefined();
  });

  // ::test_get_metric_data_pagination and ::test_default_ordering — MaxDatapoints pages; newest first unless TimestampAscending
  it("GetMetricData pages by MaxDatapoints, newest first by default", async () => {
    const t = new Date(h.clock.now() - sec(3600));
    await put("n-sp-order", Array.from({ length: 20 }, (_, i) => ({ MetricName: "m", Timestamp: new Date(+t + sec(i * 60)), Value: i, Unit: "Seconds" })));
    const query = (extra: Record<string, unknown>) => h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: "m1", MetricStat: { Metric: { Namespace: "n-sp-order", MetricName: "m" }, Period: 60, Stat: "Sum" } }],
      StartTime: t, EndTime: new Date(+t + sec(20 * 60)), MaxDatapoints: 10, ...extra,
    }));
    const paged = await query({});
    expect(paged.MetricDataResults?.[0]?.Values).toHaveLength(10);
    expect(paged.NextToken).toBeDefined();
    expect(paged.MetricDataResults?.[0]?.StatusCode).toBe("PartialData");
    const rest = await query({ NextToken: paged.NextToken });
    expect(rest.MetricDataResults?.[0]?.Values).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(rest.MetricDataResults?.[0]?.StatusCode).toBe("Complete");
    expect(rest.NextToken).toBeUndefined();
    const byDefault = (await query({ EndTime: new Date(+t + sec(10 * 60)) })).MetricDataResults?.[0]?.Timestamps ?? [];
    const descending = (await query({ EndTime: new Date(+t + sec(10 * 60)), ScanBy: "TimestampDescending" })).MetricDataResults?.[0]?.Timestamps;
    const ascending = (await query({ EndTime: new Date(+t + sec(10 * 60)), ScanBy: "TimestampAscending" })).MetricDataResults?.[0]?.Timestamps ?? [];
    expect(byDefault).toHaveLength(10);
    expect(byDefault).toEqual(descending);
    expect(byDefault).toEqual([...ascending].reverse());
  });

  // ::test_handle_different_units — without a Unit, one datapoint per unit (Seconds, Count, None)
  it("GetMetricStatistics answers a datapoint per unit", async () => {
    const t = now();
    await put("n-sp-units", [
      { MetricName: "m-test", Timestamp: t, Value: 1, Unit: "Seconds" }, { MetricName: "m-test", Timestamp: t, Value: 5, Unit: "Count" }, { MetricName: "m-test", Timestamp: t, Value: 10 },
    ]);
    const out = await h.client.send(new GetMetricStatisticsCommand({
      Namespace: "n-sp-units", MetricName: "m-test", StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)), Period: 60, Statistics: ["Average"],
    }));
    expect(out.Datapoints?.map((d) => [d.Average, d.Unit]).sort((a, b) => Number(b[0]) - Number(a[0]))).toEqual([[10, "None"], [5, "Count"], [1, "Seconds"]]);
  });

  // ::test_get_metric_data_with_different_units — a query's Unit reads only the data put with that unit
  it("GetMetricData with a Unit reads that unit only", async () => {
    const t = now();
    await put("n-sp-unit2", [{ MetricName: "m-test", Timestamp: t, Value: 1, Unit: "Seconds" }, { MetricName: "m-test", Timestamp: t, Value: 1, Unit: "Count" }]);
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: "m1", MetricStat: { Metric: { Namespace: "n-sp-unit2", MetricName: "m-test" }, Period: 60, Stat: "Sum", Unit: "Seconds" } }],
      StartTime: t, EndTime: new Date(+t + sec(60)), MaxDatapoints: 10,
    }));
    expect(out.MetricDataResults?.[0]).toMatchObject({ Id: "m1", Label: "m-test", StatusCode: "Complete", Values: [1] });
  });

  // ::test_label_generation — the statistic and the period join the label where the queries differ in them
  it.each([
    [[["Sum", 60, "Seconds"], ["Minimum", 30, "Seconds"]], ["metric1 Sum 60", "metric1 Minimum 30"]],
    [[["Sum", 60, "Seconds"], ["Minimum", 60, "Seconds"]], ["metric1 Sum", "metric1 Minimum"]],
    [[["Sum", 60, "Seconds"], ["Sum", 30, "Seconds"]], ["metric1 60", "metric1 30"]],
  ] as const)("GetMetricData labels %j", async (pairs, labels) => {
    const t = now();
    const ns = `test/labels-${labels.join("-").replace(/ /g, "")}`;
    await put(ns, [0, 2, 7, 100].map((Value) => ({ MetricName: "metric1", Value, Unit: "Seconds" })));
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: pairs.map(([stat, period, unit]) => ({ Id: `result_${stat}_${period}_${unit}`, MetricStat: { Metric: { Namespace: ns, MetricName: "metric1" }, Period: period, Stat: stat, Unit: unit } })),
      StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)),
    }));
    expect(out.MetricDataResults?.map((r) => r.Label)).toEqual(labels);
    expect(out.MetricDataResults?.find((r) => r.Id?.startsWith("result_Sum"))?.Values?.map(Math.trunc)).toEqual([109]);
  });

  // ::test_get_metric_with_null_dimensions and ::test_get_metric_with_no_results — other dimensions than the data's: no values
  it("GetMetricData of a metric under other dimensions than its data answers no values", async () => {
    await put("n-null-dims", [{ MetricName: "m-test", Value: 1, Unit: "Seconds", Dimensions: [{ Name: "foo", Value: "bar" }] }]);
    await put("n-no-results", [{ MetricName: "m", Value: 1 }]);
    const t = h.clock.now();
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [
        { Id: "m1", MetricStat: { Metric: { Namespace: "n-null-dims", MetricName: "m-test", Dimensions: [] }, Period: 60, Stat: "Sum" } },
        { Id: "result", MetricStat: { Metric: { Namespace: "n-no-results", MetricName: "m", Dimensions: [{ Name: "foo", Value: "bar" }] }, Period: 60, Stat: "Sum" } },
      ],
      StartTime: new Date(t - sec(3600)), EndTime: new Date(t + sec(60)),
    }));
    expect(out.MetricDataResults?.map((r) => [r.StatusCode, r.Values, r.Timestamps])).toEqual([["Complete", [], []], ["Complete", [], []]]);
  });

  // ::test_multiple_dimensions_statistics — six dimensions, 10-second periods of high-resolution data; ListMetrics by all six
  it("reads and lists a metric of six dimensions", async () => {
    const t = now();
    const dimensions = [["error", "none"], ["exception", "none"], ["method", "GET"], ["outcome", "SUCCESS"], ["uri", "/greetings"], ["status", "200"]].map(([Name, Value]) => ({ Name, Value }));
    await put("test/six", [{ MetricName: "http.server.requests.count", Value: 0, Unit: "Count", StorageResolution: 1, Dimensions: dimensions, Timestamp: t }]);
    await put("test/six", [{ MetricName: "http.server.requests.count", Value: 5, Unit: "Count", StorageResolution: 1, Dimensions: dimensions, Timestamp: t }]);
    const out = await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: "result1", MetricStat: { Metric: { Namespace: "test/six", MetricName: "http.server.requests.count", Dimensions: dimensions }, Period: 10, Stat: "Maximum", Unit: "Count" } }],
      StartTime: new Date(+t - sec(60)), EndTime: new Date(+t + sec(60)),
    }));
    expect(out.MetricDataResults?.[0]?.Values).toEqual([5]);
    const listed = await h.client.send(new ListMetricsCommand({ Namespace: "test/six", MetricName: "http.server.requests.count", Dimensions: dimensions }));
    expect(listed.Metrics).toHaveLength(1);
    expect([...(listed.Metrics?.[0]?.Dimensions ?? [])].sort((a, b) => String(a.Name).localeCompare(String(b.Name)))).toEqual([...dimensions].sort((a, b) => a.Name.localeCompare(b.Name)));
  });

  // ::test_invalid_amount_of_datapoints — 86,400 one-second periods refused; an empty range refused; 1,440 one-minute periods of a day taken
  it("GetMetricStatistics refuses over 1,440 datapoints and an empty range, and takes a day of minutes", async () => {
    const t = now();
    const stats = (StartTime: Date, EndTime: Date, Period: number, Namespace = "namespace") =>
      h.client.send(new GetMetricStatisticsCommand({ Namespace, MetricName: "metric_name", StartTime, EndTime, Period, Statistics: ["SampleCount"] }));
    expect(await failure(stats(t, new Date(+t + 86_400_000), 1))).toEqual({
      code: "InvalidParameterCombination", status: 400,
      message: "You have requested up to 86400 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
    });
    expect(await failure(stats(t, t, 1))).toEqual({ code: "InvalidParameterValue", status: 400, message: "The parameter StartTime must be less than the parameter EndTime." });
    const day = await stats(t, new Date(+t + 86_400_000), 60, "namespace_day");
    expect(day).toMatchObject({ Datapoints: [], Label: "metric_name" });
  });
});

describe("alarms (test_cloudwatch.py::TestCloudwatch)", () => {
  const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:alarm-topic`;
  const alarmArn = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;

  // ::test_store_tags — the describe shape of a minimal alarm; tags listed, added, removed
  it("a minimal alarm's description, and its tags", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "a-store-tags", Namespace: "test-ns-tags", MetricName: "store_tags", EvaluationPeriods: 1, ComparisonOperator: "GreaterThanThreshold", Period: 60, Statistic: "Sum", Threshold: 30,
    }));
    const described = await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["a-store-tags"] }));
    expect(described.CompositeAlarms).toEqual([]);
    const alarm = described.MetricAlarms?.[0] ?? {};
    expect(Object.keys(alarm).sort()).toEqual([
      "ActionsEnabled", "AlarmActions", "AlarmArn", "AlarmConfigurationUpdatedTimestamp", "AlarmName", "ComparisonOperator", "Dimensions", "EvaluationPeriods",
      "InsufficientDataActions", "MetricName", "Namespace", "OKActions", "Period", "StateReason", "StateTransitionedTimestamp", "StateUpdatedTimestamp", "StateValue",
      "Statistic", "Threshold",
    ]);
    expect(alarm).toMatchObject({
      ActionsEnabled: true, AlarmActions: [], AlarmArn: alarmArn("a-store-tags"), AlarmName: "a-store-tags", ComparisonOperator: "GreaterThanThreshold", Dimensions: [],
      EvaluationPeriods: 1, InsufficientDataActions: [], MetricName: "store_tags", Namespace: "test-ns-tags", OKActions: [], Period: 60,
      StateReason: "Unchecked: Initial alarm creation", StateValue: "INSUFFICIENT_DATA", Statistic: "Sum", Threshold: 30,
    });
    // ::test_describe_alarms_converts_date_format_correctly — the timestamps are timestamps
    expect(alarm.AlarmConfigurationUpdatedTimestamp).toBeInstanceOf(Date);
    expect(alarm.StateUpdatedTimestamp).toBeInstanceOf(Date);
    const arn = alarmArn("a-store-tags");
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([]);
    await h.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "tag1", Value: "foo" }, { Key: "tag2", Value: "bar" }] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: "tag1", Value: "foo" }, { Key: "tag2", Value: "bar" }]);
    await h.client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["tag1"] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: "tag2", Value: "bar" }]);
  });

  // ::test_describe_alarms_converts_date_format_correctly — a name with ':' ; ::test_put_metric_alarm_escape_character — a description of '<'
  it("takes an alarm name with ':' and a description of '<'", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "a-colon:test", Namespace: "test-ns-colon", MetricName: "m", EvaluationPeriods: 1, ComparisonOperator: "GreaterThanThreshold", Period: 60, Statistic: "Sum", Threshold: 30,
    }));
    expect((await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["a-colon:test"] }))).MetricAlarms?.[0]?.AlarmName).toBe("a-colon:test");
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "cpu-mon", AlarmDescription: "<", MetricName: "CPUUtilization-2", Namespace: "AWS/EC2", Statistic: "Sum", Period: 600, Threshold: 1,
      ComparisonOperator: "GreaterThanThreshold", EvaluationPeriods: 1, AlarmActions: ["arn:aws:sns:us-east-1:111122223333:MyTopic"],
    }));
    expect((await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["cpu-mon"] }))).MetricAlarms?.[0]?.AlarmDescription).toBe("<");
  });

  // ::test_set_alarm_invalid_input — an unknown state value; an unknown alarm: 404 ResourceNotFound
  it("SetAlarmState refuses an unknown state and an unknown alarm", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "a-invalid", MetricName: "m-invalid", Namespace: "n-sp-invalid", EvaluationPeriods: 1, Period: 10, Statistic: "Sum", ComparisonOperator: "GreaterThanThreshold", Threshold: 30,
    }));
    expect(await failure(h.client.send(new SetAlarmStateCommand({ AlarmName: "a-invalid", StateValue: "INVALID" as "OK", StateReason: "test" })))).toEqual({
      code: "ValidationError", status: 400,
      message: "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
    });
    expect(await failure(h.client.send(new SetAlarmStateCommand({ AlarmName: "a-invalid-nonexistent", StateValue: "OK", StateReason: "test" })))).toMatchObject({ code: "ResourceNotFound", status: 404 });
  });

  // ::test_describe_minimal_metric_alarm — Period 10 taken for a minimal alarm
  it("a minimal alarm of a 10-second period", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "a-minimal", MetricName: "m-minimal", Namespace: "n-sp-minimal", EvaluationPeriods: 1, Period: 10, Statistic: "Sum", ComparisonOperator: "GreaterThanThreshold", Threshold: 30,
    }));
    const alarm = (await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["a-minimal"] }))).MetricAlarms?.[0];
    expect(alarm).toMatchObject({ Period: 10, StateValue: "INSUFFICIENT_DATA", Dimensions: [], Threshold: 30 });
    expect(alarm).not.toHaveProperty("TreatMissingData");
    expect(alarm).not.toHaveProperty("Unit");
  });

  // ::test_delete_alarm — after DeleteAlarms, DescribeAlarms of its name answers nothing
  it("DeleteAlarms", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "test-alarm-delete", Namespace: "my-namespace-del", MetricName: "metric1", EvaluationPeriods: 1, ComparisonOperator: "GreaterThanThreshold", Period: 60, Statistic: "Sum", Threshold: 30,
    }));
    const deleted = await h.client.send(new DeleteAlarmsCommand({ AlarmNames: ["test-alarm-delete"] }));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    expect(await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["test-alarm-delete"] }))).toMatchObject({ CompositeAlarms: [], MetricAlarms: [] });
  });

  // ::test_set_alarm — SetAlarmState runs the state's SNS action with AWS's message and Trigger
  it("SetAlarmState publishes the new state and the alarm's trigger to its SNS actions", async () => {
    h.dispatcher.calls.length = 0;
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "test-alarm", AlarmDescription: "Test Alarm when CPU exceeds 50 percent", MetricName: "CPUUtilization-3", Namespace: "AWS/EC2", ActionsEnabled: true,
      Period: 300, Threshold: 50, Dimensions: [{ Name: "InstanceId", Value: "i-0317828c84edbe100" }], Unit: "Percent", Statistic: "Average",
      OKActions: [`${topic}-ok`], AlarmActions: [topic], EvaluationPeriods: 2, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "ignore",
    }));
    const trigger = {
      MetricName: "CPUUtilization-3", Namespace: "AWS/EC2", Unit: "Percent", Period: 300, EvaluationPeriods: 2, ComparisonOperator: "GreaterThanThreshold", Threshold: 50.0,
      TreatMissingData: "ignore", EvaluateLowSampleCountPercentile: "", Dimensions: [{ value: "i-0317828c84edbe100", name: "InstanceId" }], StatisticType: "Statistic", Statistic: "AVERAGE",
    };
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "test-alarm", StateReason: "testing alarm", StateValue: "ALARM" }));
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "test-alarm", StateReason: "resetting alarm", StateValue: "OK" }));
    expect(h.dispatcher.calls.map((c) => c.input.TopicArn)).toEqual([topic, `${topic}-ok`]);
    expect(published()).toMatchObject([
      { NewStateValue: "ALARM", NewStateReason: "testing alarm", AlarmName: "test-alarm", AlarmDescription: "Test Alarm when CPU exceeds 50 percent", OldStateValue: "INSUFFICIENT_DATA", Trigger: trigger },
      { NewStateValue: "OK", NewStateReason: "resetting alarm", OldStateValue: "ALARM", Trigger: trigger },
    ]);
    for (const m of published()) expect(m.Trigger).toEqual(trigger);
  });

  // ::test_put_metric_alarm — data above the threshold: ALARM with AWS's reason, reason data, history and DescribeAlarmsForMetric
  it("an alarm crossing its threshold: reason, reason data, notification, history, DescribeAlarmsForMetric", async () => {
    h.dispatcher.calls.length = 0;
    const dimension = [{ Name: "InstanceId", Value: "abc" }];
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "test-alarm-put", AlarmDescription: "testing cloudwatch alarms", MetricName: "my-metric1", Namespace: "test-nsp-put", ActionsEnabled: true, Period: 30, Threshold: 2,
      Dimensions: dimension, Unit: "Seconds", Statistic: "Average", OKActions: [topic], AlarmActions: [topic], EvaluationPeriods: 1, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "ignore",
    }));
    const t = new Date(h.clock.now() + 1000);
    await put("test-nsp-put", [
      { MetricName: "my-metric1", Dimensions: dimension, Value: 21, Timestamp: t, Unit: "Seconds" },
      { MetricName: "my-metric1", Dimensions: dimension, Value: 22, Timestamp: t, Unit: "Seconds" },
    ]);
    await h.clock.advance(60_000);
    const alarm = (await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["test-alarm-put"] }))).MetricAlarms?.[0];
    expect(alarm?.StateValue).toBe("ALARM");
    expect(alarm?.StateReason).toMatch(/^Threshold Crossed: 1 datapoint \[21\.5 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(2\.0\)\.$/);
    const reasonData = JSON.parse(alarm?.StateReasonData ?? "{}") as Record<string, unknown>;
    expect(Object.keys(reasonData)).toEqual(["version", "queryDate", "startDate", "unit", "statistic", "period", "recentDatapoints", "threshold", "evaluatedDatapoints"]);
    expect(reasonData).toMatchObject({ version: "1.0", unit: "Seconds", statistic: "Average", period: 30, recentDatapoints: [21.5], threshold: 2.0 });
    expect(reasonData.evaluatedDatapoints).toEqual([{ timestamp: expect.any(String), sampleCount: 2.0, value: 21.5 }]);
    expect(published()).toMatchObject([{ NewStateValue: "ALARM", OldStateValue: "INSUFFICIENT_DATA", NewStateReason: alarm?.StateReason, Region: "US East (N. Virginia)", AWSAccountId: ACCOUNT }]);
    const history = await h.client.send(new DescribeAlarmHistoryCommand({ AlarmName: "test-alarm-put", HistoryItemType: "StateUpdate" }));
    expect(history.AlarmHistoryItems).toHaveLength(1);
    const item = history.AlarmHistoryItems?.[0];
    expect(item).toMatchObject({ AlarmName: "test-alarm-put", AlarmType: "MetricAlarm", HistoryItemType: "StateUpdate", HistorySummary: "Alarm updated from INSUFFICIENT_DATA to ALARM" });
    expect(JSON.parse(item?.HistoryData ?? "{}")).toMatchObject({
      version: "1.0",
      oldState: { stateValue: "INSUFFICIENT_DATA", stateReason: "Unchecked: Initial alarm creation" },
      newState: { stateValue: "ALARM", stateReason: alarm?.StateReason, stateReasonData: { version: "1.0", recentDatapoints: [21.5], threshold: 2.0 } },
    });
    const forMetric = await h.client.send(new DescribeAlarmsForMetricCommand({ MetricName: "my-metric1", Namespace: "test-nsp-put", Dimensions: dimension, Statistic: "Average" }));
    expect(forMetric.MetricAlarms?.map((a) => [a.AlarmName, a.StateValue])).toEqual([["test-alarm-put", "ALARM"]]);
  });

  // ::test_breaching_alarm_actions — no data, TreatMissingData breaching: ALARM with AWS's reason and reason data
  it("missing data treated as breaching", async () => {
    h.dispatcher.calls.length = 0;
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "test-alarm-breaching", AlarmDescription: "testing cloudwatch alarms", MetricName: "my-metric101", Namespace: "test/breaching-alarm", Period: 10, Threshold: 2,
      Dimensions: [{ Name: "InstanceId", Value: "abc" }], Unit: "Seconds", Statistic: "Average", OKActions: [topic], AlarmActions: [topic], EvaluationPeriods: 2,
      ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "breaching",
    }));
    await h.clock.advance(60_000);
    const alarm = (await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["test-alarm-breaching"] }))).MetricAlarms?.[0];
    expect(alarm?.StateValue).toBe("ALARM");
    expect(alarm?.StateReason).toBe("Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].");
    const reasonData = JSON.parse(alarm?.StateReasonData ?? "{}") as Record<string, unknown>;
    expect(reasonData).toMatchObject({ version: "1.0", unit: "Seconds", statistic: "Average", period: 10, recentDatapoints: [], threshold: 2.0 });
    expect(reasonData.evaluatedDatapoints).toEqual([{ timestamp: expect.any(String) }, { timestamp: expect.any(String) }]);
    expect(published()[0]).toMatchObject({ NewStateValue: "ALARM", NewStateReason: alarm?.StateReason, OldStateValue: "INSUFFICIENT_DATA", Trigger: { TreatMissingData: "breaching", Period: 10, Statistic: "AVERAGE" } });
  });

  // ::test_enable_disable_alarm_actions — while disabled the state changes and no action runs
  it("DisableAlarmActions and EnableAlarmActions", async () => {
    h.dispatcher.calls.length = 0;
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "test-alarm-enable", AlarmDescription: "testing cloudwatch alarms", MetricName: "my-metric101", Namespace: "test/enable", Period: 10, Threshold: 2,
      Dimensions: [{ Name: "InstanceId", Value: "abc" }], Unit: "Seconds", Statistic: "Average", OKActions: [topic], AlarmActions: [topic], EvaluationPeriods: 2,
      ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "ignore",
    }));
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "test-alarm-enable", StateValue: "ALARM", StateReason: "testing alarm" }));
    expect(published().map((m) => [m.NewStateValue, m.NewStateReason])).toEqual([["ALARM", "testing alarm"]]);
    await h.client.send(new DisableAlarmActionsCommand({ AlarmNames: ["test-alarm-enable"] }));
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "test-alarm-enable", StateValue: "OK", StateReason: "testing OK state" }));
    const disabled = (await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["test-alarm-enable"] }))).MetricAlarms?.[0];
    expect(disabled).toMatchObject({ ActionsEnabled: false, StateValue: "OK", StateReason: "testing OK state" });
    expect(published()).toHaveLength(1);
    await h.client.send(new EnableAlarmActionsCommand({ AlarmNames: ["test-alarm-enable"] }));
    expect((await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["test-alarm-enable"] }))).MetricAlarms?.[0]?.ActionsEnabled).toBe(true);
  });
});

describe("composite alarms", () => {
  const metricAlarm = (AlarmName: string, extra: Record<string, unknown> = {}) =>
    h.client.send(new PutMetricAlarmCommand({
      AlarmName, Namespace: "CustomNamespace", MetricName: AlarmName, Statistic: "Average", Period: 60, EvaluationPeriods: 1, Threshold: 65, ComparisonOperator: "GreaterThanThreshold", ...extra,
    }));
  const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${name}`;
  const composite = async (name: string) => (await h.client.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ["CompositeAlarm"] }))).CompositeAlarms?.[0];

  // test_cloudwatch.py::TestCloudwatch::test_put_composite_alarm_describe_alarms — described under CompositeAlarms with its rule
  it("PutCompositeAlarm, described by AlarmTypes CompositeAlarm", async () => {
    await metricAlarm("a-child");
    await h.client.send(new PutCompositeAlarmCommand({ AlarmName: "composite-a", AlarmRule: 'ALARM("a-child")' }));
    expect(await composite("composite-a")).toMatchObject({ AlarmName: "composite-a", AlarmRule: 'ALARM("a-child")' });
    // Without AlarmTypes only metric alarms are described (DescribeAlarms API reference).
    expect(await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["composite-a"] }))).toMatchObject({ MetricAlarms: [], CompositeAlarms: [] });
  });

  // resources/test_cloudwatch.py::test_composite_alarm_creation — the describe shape, OK at creation with the children listed
  it("a new composite alarm evaluates its rule at once: OK, its children listed", async () => {
    await metricAlarm("HighCPUUsage", { TreatMissingData: "breaching" });
    await h.clock.advance(1000);
    await metricAlarm("HighMemoryUsage", { AlarmDescription: "Memory usage is high", TreatMissingData: "breaching" });
    await h.client.send(new PutCompositeAlarmCommand({
      AlarmName: "HighResourceUsage", AlarmRule: "(ALARM(HighCPUUsage) OR ALARM(HighMemoryUsage))", AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:alarm-topic`],
      AlarmDescription: "Indicates that the system resource usage is high while no known deployment is in progress",
    }));
    const alarm = await composite("HighResourceUsage");
    expect(Object.keys(alarm ?? {}).sort()).toEqual([
      "ActionsEnabled", "AlarmActions", "AlarmArn", "AlarmConfigurationUpdatedTimestamp", "AlarmDescription", "AlarmName", "AlarmRule", "InsufficientDataActions", "OKActions",
      "StateReason", "StateReasonData", "StateTransitionedTimestamp", "StateUpdatedTimestamp", "StateValue",
    ]);
    expect(alarm).toMatchObject({
      ActionsEnabled: true, AlarmArn: arn("HighResourceUsage"), AlarmRule: "(ALARM(HighCPUUsage) OR ALARM(HighMemoryUsage))", InsufficientDataActions: [], OKActions: [],
      StateValue: "OK", StateReason: `${arn("HighResourceUsage")} was created and its alarm rule evaluates to OK`,
    });
    expect(JSON.parse(alarm?.StateReasonData ?? "{}")).toEqual({
      triggeringAlarms: [
        { arn: arn("HighMemoryUsage"), state: { value: "INSUFFICIENT_DATA", timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/) } },
        { arn: arn("HighCPUUsage"), state: { value: "INSUFFICIENT_DATA", timestamp: expect.any(String) } },
      ],
    });
  });

  it("follows its children: ALARM when the rule holds, with the child's transition as the reason, and runs its actions", async () => {
    h.dispatcher.calls.length = 0;
    await metricAlarm("db-errors");
    await metricAlarm("api-errors");
    await h.client.send(new PutCompositeAlarmCommand({
      AlarmName: "service-down", AlarmRule: 'ALARM("db-errors") AND ALARM(api-errors) AND NOT OK(db-errors)', AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:pager`],
    }));
    await h.client.send(new PutCompositeAlarmCommand({ AlarmName: "anything-down", AlarmRule: `ALARM(${arn("service-down")}) OR FALSE` }));
    expect((await composite("service-down"))?.StateValue).toBe("OK");
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "db-errors", StateValue: "ALARM", StateReason: "db" }));
    expect((await composite("service-down"))?.StateValue).toBe("OK");
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "api-errors", StateValue: "ALARM", StateReason: "api" }));
    const down = await composite("service-down");
    expect(down?.StateValue).toBe("ALARM");
    expect(down?.StateReason).toMatch(new RegExp(`^${arn("api-errors")} transitioned to ALARM at [A-Z][a-z]+day \\d\\d [A-Z][a-z]+, \\d{4} \\d\\d:\\d\\d:\\d\\d UTC$`));
    expect(JSON.parse(down?.StateReasonData ?? "{}")).toEqual({ triggeringAlarms: [{ arn: arn("api-errors"), state: { value: "ALARM", timestamp: expect.any(String) } }] });
    // A composite alarm naming the composite alarm follows it.
    expect((await composite("anything-down"))?.StateValue).toBe("ALARM");
    const pages = h.dispatcher.calls.filter((c) => c.input.TopicArn === `arn:aws:sns:us-east-1:${ACCOUNT}:pager`);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.input.Subject).toBe('ALARM: "service-down" in US East (N. Virginia)');
    expect(JSON.parse(String(pages[0]?.input.Message))).toMatchObject({
      AlarmName: "service-down", NewStateValue: "ALARM", OldStateValue: "OK", AlarmRule: 'ALARM("db-errors") AND ALARM(api-errors) AND NOT OK(db-errors)',
      TriggeringChildren: [{ Arn: arn("api-errors"), State: { Value: "ALARM" } }],
    });
    const history = await h.client.send(new DescribeAlarmHistoryCommand({ AlarmName: "service-down", AlarmTypes: ["CompositeAlarm"], HistoryItemType: "StateUpdate" }));
    expect(history.AlarmHistoryItems?.map((i) => [i.AlarmType, i.HistorySummary])).toEqual([
      ["CompositeAlarm", "Alarm updated from OK to ALARM"], ["CompositeAlarm", "Alarm updated from INSUFFICIENT_DATA to OK"],
    ]);
    // Children and parents.
    const children = await h.client.send(new DescribeAlarmsCommand({ ChildrenOfAlarmName: "service-down", AlarmTypes: ["MetricAlarm", "CompositeAlarm"] }));
    expect(children.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["api-errors", "db-errors"]);
    const parents = await h.client.send(new DescribeAlarmsCommand({ ParentsOfAlarmName: "service-down", AlarmTypes: ["CompositeAlarm"] }));
    expect(parents.CompositeAlarms?.map((a) => a.AlarmName)).toEqual(["anything-down"]);
    // An update leaves the state as it is (PutCompositeAlarm API reference).
    await h.client.send(new PutCompositeAlarmCommand({ AlarmName: "service-down", AlarmRule: "FALSE" }));
    expect((await composite("service-down"))?.StateValue).toBe("ALARM");
    await h.client.send(new DeleteAlarmsCommand({ AlarmNames: ["anything-down", "service-down"] }));
    expect((await h.client.send(new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"], AlarmNamePrefix: "service" }))).CompositeAlarms).toEqual([]);
  });

  it("refuses a rule AWS cannot read, and one naming alarms that do not exist, with AWS's texts", async () => {
    await metricAlarm("known");
    const put = (AlarmRule: string) => failure(h.client.send(new PutCompositeAlarmCommand({ AlarmName: "bad-rule", AlarmRule })));
    // aws/aws-cdk#34662: "()" — aws/aws-cdk#13953: a bare name with a space, the char index 0-based.
    expect(await put("()")).toEqual({ code: "ValidationError", status: 400, message: "Error in AlarmRule [Unsupported token ')' at char 1]" });
    expect(await put("(ALARM(SampleQueue Oldest Age Alarm) OR ALARM(known))")).toEqual({
      code: "ValidationError", status: 400, message: "Error in AlarmRule [Unsupported token 'Oldest' at char 19, must be: ')']",
    });
    expect(await put("ALARM(known) OR ALARM(nope) OR OK(gone)")).toEqual({
      code: "ValidationError", status: 400, message: "Could not save the composite alarm as alarms [nope, gone] in the alarm rule do not exist",
    });
    expect(await composite("bad-rule")).toBeUndefined();
  });

  it("tags, SetAlarmState and disabled actions of a composite alarm", async () => {
    h.dispatcher.calls.length = 0;
    await metricAlarm("c-child");
    await h.client.send(new PutCompositeAlarmCommand({
      AlarmName: "tagged-composite", AlarmRule: "ALARM(c-child)", OKActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:ok`], Tags: [{ Key: "team", Value: "ops" }], ActionsEnabled: false,
    }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn("tagged-composite") }))).Tags).toEqual([{ Key: "team", Value: "ops" }]);
    expect(h.dispatcher.calls).toEqual([]);
    await h.client.send(new EnableAlarmActionsCommand({ AlarmNames: ["tagged-composite"] }));
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "tagged-composite", StateValue: "ALARM", StateReason: "testing" }));
    expect(await composite("tagged-composite")).toMatchObject({ StateValue: "ALARM", StateReason: "testing", ActionsEnabled: true });
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "tagged-composite", StateValue: "OK", StateReason: "back" }));
    expect(h.dispatcher.calls.map((c) => c.input.TopicArn)).toEqual([`arn:aws:sns:us-east-1:${ACCOUNT}:ok`]);
  });
});

describe("dashboards (test_cloudwatch.py::TestCloudwatch)", () => {
  const body = {
    widgets: [{ type: "metric", x: 0, y: 0, width: 6, height: 6, properties: { metrics: [["AWS/EC2", "CPUUtilization", "InstanceId", "i-12345678"]], region: "us-east-1", view: "timeSeries", stacked: false } }],
  };

  // ::test_dashboard_lifecycle — the ARN without a region; the body as put; prefix filtering; deletion
  it("PutDashboard, GetDashboard, ListDashboards, DeleteDashboards", async () => {
    const put = await h.client.send(new PutDashboardCommand({ DashboardName: "test-dash", DashboardBody: JSON.stringify(body) }));
    expect(put.DashboardValidationMessages).toEqual([]);
    const got = await h.client.send(new GetDashboardCommand({ DashboardName: "test-dash" }));
    expect({ DashboardArn: got.DashboardArn, DashboardName: got.DashboardName, DashboardBody: JSON.parse(got.DashboardBody ?? "{}") as unknown }).toEqual({
      DashboardArn: `arn:aws:cloudwatch::${ACCOUNT}:dashboard/test-dash`, DashboardName: "test-dash", DashboardBody: body,
    });
    const listed = await h.client.send(new ListDashboardsCommand({}));
    expect(listed.DashboardEntries?.map(({ DashboardName, DashboardArn, Size }) => ({ DashboardName, DashboardArn, Size }))).toEqual([
      { DashboardName: "test-dash", DashboardArn: `arn:aws:cloudwatch::${ACCOUNT}:dashboard/test-dash`, Size: JSON.stringify(body).length },
    ]);
    expect(listed.DashboardEntries?.[0]?.LastModified).toBeInstanceOf(Date);
    expect((await h.client.send(new ListDashboardsCommand({ DashboardNamePrefix: "no-valid" }))).DashboardEntries).toEqual([]);
    expect((await h.client.send(new ListDashboardsCommand({ DashboardNamePrefix: "test" }))).DashboardEntries).toHaveLength(1);
    await h.client.send(new DeleteDashboardsCommand({ DashboardNames: ["test-dash"] }));
    expect((await h.client.send(new ListDashboardsCommand({}))).DashboardEntries).toEqual([]);
  });

  // ::test_invalid_dashboard_name — InvalidParameterValue, AWS's text ending with a line break (localstack's provider, matched to its recording)
  it("refuses a dashboard name with a colon, a body that is no JSON object, and unknown dashboards", async () => {
    expect(await failure(h.client.send(new PutDashboardCommand({ DashboardName: "test-x:invalid", DashboardBody: JSON.stringify(body) })))).toEqual({
      code: "InvalidParameterValue", status: 400,
      message: "The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).\n",
    });
    expect(await failure(h.client.send(new PutDashboardCommand({ DashboardName: "bad-body", DashboardBody: "[1]" })))).toEqual({
      code: "InvalidParameterInput", status: 400, message: "The field DashboardBody must be a valid JSON object",
    });
    expect(await failure(h.client.send(new GetDashboardCommand({ DashboardName: "missing" })))).toMatchObject({ code: "ResourceNotFound", status: 404 });
    await h.client.send(new PutDashboardCommand({ DashboardName: "kept", DashboardBody: "{}" }));
    expect(await failure(h.client.send(new DeleteDashboardsCommand({ DashboardNames: ["kept", "missing"] })))).toEqual({
      code: "ResourceNotFound", status: 404, message: "The specified dashboard does not exist. [missing]",
    });
    expect((await h.client.send(new ListDashboardsCommand({}))).DashboardEntries?.map((d) => d.DashboardName)).toEqual(["kept"]);
  });
});

