import { AwsError, MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { beforeEach, describe, expect, it } from "vitest";
import { CloudWatchEngine } from "../src/engine/engine.js";
import { cloudWatchCodec } from "../src/engine/state.js";
import { emfPuts } from "../src/emf.js";
import { ACCOUNT, FakeDispatcher, NOW, REGION } from "./helpers.js";

const sec = (ms: number) => ms / 1000;

async function engine(clock = new VirtualClock(NOW), dispatcher = new FakeDispatcher()) {
  const durable = await new MemoryStore().open("cloudwatch", cloudWatchCodec);
  return { e: new CloudWatchEngine({ durable, clock, logger: silentLogger, region: REGION, accountId: ACCOUNT, dispatcher }), clock, dispatcher };
}

async function rejects(p: Promise<unknown> | (() => unknown), code: string, message?: string) {
  let error: unknown;
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AwsError);
  expect((error as AwsError).code).toBe(code);
  if (message !== undefined) expect((error as AwsError).message).toBe(message);
}

describe("PutMetricData and GetMetricStatistics", () => {
  let e: CloudWatchEngine;
  beforeEach(async () => ({ e } = await engine()));

  it("aggregates Value, Values with Counts and StatisticValues in one period", async () => {
    await e.putMetricData({
      Namespace: "App",
      MetricData: [
        { MetricName: "Latency", Value: 10, Timestamp: sec(NOW - 50_000), Unit: "Milliseconds" },
        { MetricName: "Latency", Values: [1, 2], Counts: [3, 1], Timestamp: sec(NOW - 40_000), Unit: "Milliseconds" },
        { MetricName: "Latency", StatisticValues: { SampleCount: 2, Sum: 30, Minimum: 5, Maximum: 25 }, Timestamp: sec(NOW - 30_000), Unit: "Milliseconds" },
      ],
    });
    const out = e.getMetricStatistics({
      Namespace: "App", MetricName: "Latency", StartTime: sec(NOW - 60_000), EndTime: sec(NOW), Period: 60,
      Statistics: ["SampleCount", "Sum", "Minimum", "Maximum", "Average"],
    });
    // 1 + 4 + 2 samples; 10 + (1*3 + 2) + 30.
    expect(out).toEqual({
      Label: "Latency",
      Datapoints: [{ Timestamp: sec(NOW - 60_000), SampleCount: 7, Sum: 45, Minimum: 1, Maximum: 25, Average: 45 / 7, Unit: "Milliseconds" }],
    });
  });

  it("answers one datapoint per period that has data, and one per unit without a Unit", async () => {
    await e.putMetricData({
      Namespace: "App",
      MetricData: [
        { MetricName: "M", Value: 1, Timestamp: sec(NOW - 170_000) },
        { MetricName: "M", Value: 5, Timestamp: sec(NOW - 50_000), Unit: "Count" },
        { MetricName: "M", Value: 7, Timestamp: sec(NOW - 40_000), Unit: "Seconds" },
      ],
    });
    const all = e.getMetricStatistics({ Namespace: "App", MetricName: "M", StartTime: sec(NOW - 180_000), EndTime: sec(NOW), Period: 60, Statistics: ["Sum"] });
    expect(all.Datapoints).toEqual([
      { Timestamp: sec(NOW - 180_000), Sum: 1, Unit: "None" },
      { Timestamp: sec(NOW - 60_000), Sum: 5, Unit: "Count" },
      { Timestamp: sec(NOW - 60_000), Sum: 7, Unit: "Seconds" },
    ]);
    const seconds = e.getMetricStatistics({ Namespace: "App", MetricName: "M", StartTime: sec(NOW - 180_000), EndTime: sec(NOW), Period: 60, Statistics: ["Sum"], Unit: "Seconds" });
    expect(seconds.Datapoints).toEqual([{ Timestamp: sec(NOW - 60_000), Sum: 7, Unit: "Seconds" }]);
  });

  it("computes percentiles from the raw values", async () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    await e.putMetricData({ Namespace: "App", MetricData: [{ MetricName: "P", Values: values, Timestamp: sec(NOW - 10_000) }] });
    const out = e.getMetricStatistics({ Namespace: "App", MetricName: "P", StartTime: sec(NOW - 60_000), EndTime: sec(NOW), Period: 60, ExtendedStatistics: ["p50", "p99", "p100"] });
    expect(out.Datapoints[0]?.ExtendedStatistics).toEqual({ p50: 50, p99: 99, p100: 100 });
  });

  it("keeps series apart by dimensions, whatever their order", async () => {
    await e.putMetricData({
      Namespace: "App",
      MetricData: [
        { MetricName: "M", Value: 1, Dimensions: [{ Name: "a", Value: "1" }, { Name: "b", Value: "2" }], Timestamp: sec(NOW - 10_000) },
        { MetricName: "M", Value: 2, Dimensions: [{ Name: "b", Value: "2" }, { Name: "a", Value: "1" }], Timestamp: sec(NOW - 10_000) },
        { MetricName: "M", Value: 4, Dimensions: [{ Name: "a", Value: "1" }], Timestamp: sec(NOW - 10_000) },
      ],
    });
    const out = e.getMetricStatistics({ Namespace: "App", MetricName: "M", Dimensions: [{ Name: "a", Value: "1" }, { Name: "b", Value: "2" }], StartTime: sec(NOW - 60_000), EndTime: sec(NOW), Period: 60, Statistics: ["Sum"] });
    expect(out.Datapoints.map((d) => d.Sum)).toEqual([3]);
  });

  it("refuses what CloudWatch refuses, with its texts", async () => {
    await rejects(e.putMetricData({ Namespace: "A", MetricData: [{ MetricName: "M", Value: 1, Values: [1] }] }), "InvalidParameterCombination",
      "The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.");
    await rejects(e.putMetricData({ Namespace: "A", MetricData: [{ MetricName: "M", Value: 1 }, { MetricName: "M", Values: [1, 2], Counts: [1] }] }), "InvalidParameterValue",
      "The parameters MetricData.member.2.Values and MetricData.member.2.Counts must be of the same size.");
    await rejects(e.putMetricData({ Namespace: "A", MetricData: [{ MetricName: "M", Value: "NaN" }] }), "InvalidParameterValue",
      "The value NaN for parameter MetricData.member.1.Value is invalid.");
    await rejects(() => e.getMetricStatistics({ Namespace: "A", MetricName: "M", StartTime: sec(NOW), EndTime: sec(NOW), Period: 60, Statistics: ["Sum"] }), "InvalidParameterValue",
      "The parameter StartTime must be less than the parameter EndTime.");
    await rejects(() => e.getMetricStatistics({ Namespace: "A", MetricName: "M", StartTime: 0, EndTime: sec(NOW), Period: 60, Statistics: ["Sum"] }), "InvalidParameterCombination");
    await rejects(e.putMetricData({ Namespace: "AWS/Lambda", MetricData: [{ MetricName: "M", Value: 1 }] }), "InvalidParameterValue", "The value AWS/ for parameter Namespace is invalid.");
    await rejects(e.putMetricData({ Namespace: "A", MetricData: [{ MetricName: "M", Value: 1, Timestamp: sec(NOW - 15 * 86_400_000) }] }), "InvalidParameterValue",
      "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.");
    // Nothing of a refused request is stored.
    expect(e.listMetrics({}).Metrics).toEqual([]);
  });
});

describe("ListMetrics", () => {
  it("filters by namespace, name, dimension and recent activity", async () => {
    const { e, clock } = await engine();
    await e.putMetricData({ Namespace: "A", MetricData: [{ MetricName: "X", Value: 1, Dimensions: [{ Name: "fn", Value: "f1" }] }, { MetricName: "Y", Value: 1 }] });
    await e.putMetricData({ Namespace: "B", MetricData: [{ MetricName: "X", Value: 1 }] });
    expect(e.listMetrics({ Namespace: "A" }).Metrics.map((m) => m.MetricName).sort()).toEqual(["X", "Y"]);
    expect(e.listMetrics({ MetricName: "X" }).Metrics.map((m) => m.Namespace).sort()).toEqual(["A", "B"]);
    expect(e.listMetrics({ Dimensions: [{ Name: "fn" }] }).Metrics).toEqual([{ Namespace: "A", MetricName: "X", Dimensions: [{ Name: "fn", Value: "f1" }] }]);
    expect(e.listMetrics({ Dimensions: [{ Name: "fn", Value: "f2" }] }).Metrics).toEqual([]);
    await clock.advance(4 * 3600_000);
    await e.putMetricData({ Namespace: "B", MetricData: [{ MetricName: "Z", Value: 1 }] });
    expect(e.listMetrics({ RecentlyActive: "PT3H" }).Metrics.map((m) => m.MetricName)).toEqual(["Z"]);
  });
});

describe("GetMetricData", () => {
  it("answers values newest first, labels that tell queries apart, and expressions", async () => {
    const { e } = await engine();
    await e.putMetricData({
      Namespace: "App",
      MetricData: [
        { MetricName: "Req", Value: 2, Timestamp: sec(NOW - 150_000) },
        { MetricName: "Req", Value: 4, Timestamp: sec(NOW - 30_000) },
        { MetricName: "Err", Value: 1, Timestamp: sec(NOW - 30_000) },
      ],
    });
    const stat = (name: string, s: string) => ({ Metric: { Namespace: "App", MetricName: name }, Period: 60, Stat: s });
    const out = e.getMetricData({
      StartTime: sec(NOW - 180_000),
      EndTime: sec(NOW),
      MetricDataQueries: [
        { Id: "req", MetricStat: stat("Req", "Sum") },
        { Id: "reqMax", MetricStat: stat("Req", "Maximum"), ReturnData: true },
        { Id: "err", MetricStat: stat("Err", "Sum"), ReturnData: false },
        { Id: "rate", Expression: "100 * err / req", Label: "Error rate" },
      ],
    });
    expect(out.MetricDataResults).toEqual([
      { Id: "req", Label: "Req Sum", Timestamps: [sec(NOW - 60_000), sec(NOW - 180_000)], Values: [4, 2], StatusCode: "Complete" },
      { Id: "reqMax", Label: "Req Maximum", Timestamps: [sec(NOW - 60_000), sec(NOW - 180_000)], Values: [4, 2], StatusCode: "Complete" },
      { Id: "rate", Label: "Error rate", Timestamps: [sec(NOW - 60_000)], Values: [25], StatusCode: "Complete" },
    ]);
    const ascending = e.getMetricData({ StartTime: sec(NOW - 180_000), EndTime: sec(NOW), ScanBy: "TimestampAscending", MetricDataQueries: [{ Id: "r", MetricStat: stat("Req", "Sum") }] });
    expect(ascending.MetricDataResults[0]?.Label).toBe("Req");
    expect(ascending.MetricDataResults[0]?.Values).toEqual([2, 4]);
  });

  it("refuses a query with both MetricStat and Expression", async () => {
    const { e } = await engine();
    await rejects(() => e.getMetricData({
      StartTime: sec(NOW - 60_000), EndTime: sec(NOW),
      MetricDataQueries: [{ Id: "a", Expression: "1", MetricStat: { Metric: { Namespace: "A", MetricName: "M" }, Period: 60, Stat: "Sum" } }],
    }), "ValidationError", "The parameters MetricDataQueries.member.1.Expression and MetricDataQueries.member.1.MetricStat are mutually exclusive and you have specified both.");
  });
});

describe("alarm evaluation on the clock", () => {
  const base = { Namespace: "App", MetricName: "Errors", Statistic: "Sum", Period: 60, Threshold: 5, ComparisonOperator: "GreaterThanThreshold", AlarmActions: ["arn:aws:sns:us-east-1:000000000000:alerts"], OKActions: ["arn:aws:sns:us-east-1:000000000000:alerts"] };

  it("goes to ALARM at the end of a breaching period and publishes AWS's notification", async () => {
    const { e, clock, dispatcher } = await engine();
    await e.putMetricAlarm({ ...base, AlarmName: "errors", EvaluationPeriods: 1 });
    expect(e.describeAlarms({}).MetricAlarms[0]).toMatchObject({ StateValue: "INSUFFICIENT_DATA", StateReason: "Unchecked: Initial alarm creation" });
    await clock.advance(10_000);
    await e.putMetricData({ Namespace: "App", MetricData: [{ MetricName: "Errors", Value: 7 }] });
    await clock.advance(50_000);
    const alarm = e.describeAlarms({ AlarmNames: ["errors"] }).MetricAlarms[0];
    expect(alarm?.StateValue).toBe("ALARM");
    expect(alarm?.StateReason).toBe("Threshold Crossed: 1 datapoint [7.0 (25/11/26 12:00:00)] was greater than the threshold (5.0).");
    expect(dispatcher.calls).toHaveLength(1);
    const publish = dispatcher.calls[0];
    expect(publish?.service).toBe("sns");
    expect(publish?.input.Subject).toBe('ALARM: "errors" in US East (N. Virginia)');
    const message = String(publish?.input.Message);
    expect(message).toContain('"Threshold":5.0');
    expect(JSON.parse(message)).toMatchObject({
      AlarmName: "errors", NewStateValue: "ALARM", OldStateValue: "INSUFFICIENT_DATA", AWSAccountId: ACCOUNT, Region: "US East (N. Virginia)",
      AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:errors", StateChangeTime: "2026-11-25T12:01:00.000+0000",
      Trigger: { MetricName: "Errors", Namespace: "App", StatisticType: "Statistic", Statistic: "SUM", Period: 60, EvaluationPeriods: 1, ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "missing" },
    });
    const history = e.describeAlarmHistory({ AlarmName: "errors" }).AlarmHistoryItems.map((h) => `${h.HistoryItemType}: ${h.HistorySummary}`);
    expect(history).toEqual([
      "Action: Successfully executed action arn:aws:sns:us-east-1:000000000000:alerts",
      "StateUpdate: Alarm updated from INSUFFICIENT_DATA to ALARM",
      'ConfigurationUpdate: Alarm "errors" created',
    ]);
    // The next period has no data: "missing" makes the alarm INSUFFICIENT_DATA.
    await clock.advance(60_000);
    expect(e.describeAlarms({}).MetricAlarms[0]).toMatchObject({ StateValue: "INSUFFICIENT_DATA", StateReason: "Insufficient Data: 1 datapoint was unknown." });
  });

  it("needs DatapointsToAlarm breaching periods of EvaluationPeriods", async () => {
    const { e, clock } = await engine();
    await e.putMetricAlarm({ ...base, AlarmName: "m-of-n", EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: "notBreaching" });
    const putAt = async (value: number) => e.putMetricData({ Namespace: "App", MetricData: [{ MetricName: "Errors", Value: value }] });
    await putAt(9);
    await clock.advance(60_000);
    // 1 of 3 (two missing, not breaching): OK.
    expect(e.describeAlarms({}).MetricAlarms[0]?.StateValue).toBe("OK");
    await putAt(1);
    await clock.advance(60_000);
    expect(e.describeAlarms({}).MetricAlarms[0]?.StateValue).toBe("OK");
    await putAt(8);
    await clock.advance(60_000);
    const alarm = e.describeAlarms({}).MetricAlarms[0];
    expect(alarm?.StateValue).toBe("ALARM");
    expect(alarm?.StateReason).toBe(
      "Threshold Crossed: 2 out of the last 3 datapoints [8.0 (25/11/26 12:02:00), 9.0 (25/11/26 12:00:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition).",
    );
  });

  it("treats missing data as breaching when told", async () => {
    const { e, clock } = await engine();
    await e.putMetricAlarm({ ...base, AlarmName: "silence", EvaluationPeriods: 2, TreatMissingData: "breaching" });
    await clock.advance(60_000);
    expect(e.describeAlarms({}).MetricAlarms[0]).toMatchObject({
      StateValue: "ALARM",
      StateReason: "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].",
    });
  });

  it("runs no actions while they are disabled, and SetAlarmState changes the state at once", async () => {
    const { e, dispatcher } = await engine();
    await e.putMetricAlarm({ ...base, AlarmName: "manual", EvaluationPeriods: 1 });
    await e.disableAlarmActions({ AlarmNames: ["manual"] });
    await e.setAlarmState({ AlarmName: "manual", StateValue: "ALARM", StateReason: "testing" });
    expect(e.describeAlarms({}).MetricAlarms[0]).toMatchObject({ StateValue: "ALARM", StateReason: "testing", ActionsEnabled: false });
    expect(dispatcher.calls).toEqual([]);
    await e.enableAlarmActions({ AlarmNames: ["manual"] });
    await e.setAlarmState({ AlarmName: "manual", StateValue: "OK", StateReason: "back" });
    expect(dispatcher.calls.map((c) => c.input.Subject)).toEqual(['OK: "manual" in US East (N. Virginia)']);
    await rejects(e.setAlarmState({ AlarmName: "nope", StateValue: "OK", StateReason: "x" }), "ResourceNotFound", "");
  });

  it("evaluates metric math, and 10-second periods of high-resolution data", async () => {
    const { e, clock } = await engine();
    const metric = (name: string) => ({ Metric: { Namespace: "App", MetricName: name }, Period: 60, Stat: "Sum" });
    await e.putMetricAlarm({
      AlarmName: "error-rate", EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: "GreaterThanThreshold",
      Metrics: [{ Id: "errors", MetricStat: metric("Errors"), ReturnData: false }, { Id: "requests", MetricStat: metric("Requests"), ReturnData: false }, { Id: "rate", Expression: "100 * errors / requests", ReturnData: true }],
    });
    await e.putMetricAlarm({ AlarmName: "fast", Namespace: "App", MetricName: "Queue", Statistic: "Maximum", Period: 10, EvaluationPeriods: 1, Threshold: 3, ComparisonOperator: "GreaterThanOrEqualToThreshold" });
    await e.putMetricData({ Namespace: "App", MetricData: [{ MetricName: "Errors", Value: 3 }, { MetricName: "Requests", Value: 20 }, { MetricName: "Queue", Value: 4, StorageResolution: 1 }] });
    await clock.advance(10_000);
    expect(e.describeAlarms({ AlarmNames: ["fast"] }).MetricAlarms[0]?.StateValue).toBe("ALARM");
    expect(e.describeAlarms({ AlarmNames: ["error-rate"] }).MetricAlarms[0]?.StateValue).toBe("INSUFFICIENT_DATA");
    await clock.advance(50_000);
    // 15 % of requests failed.
    expect(e.describeAlarms({ AlarmNames: ["error-rate"] }).MetricAlarms[0]).toMatchObject({ StateValue: "ALARM", StateReason: "Threshold Crossed: 1 datapoint [15.0 (25/11/26 12:00:00)] was greater than the threshold (10.0)." });
    expect(e.describeAlarms({ AlarmNames: ["fast"] }).MetricAlarms[0]?.StateValue).toBe("INSUFFICIENT_DATA");
  });

  it("stops evaluating a deleted alarm", async () => {
    const { e, clock } = await engine();
    await e.putMetricAlarm({ ...base, AlarmName: "gone", EvaluationPeriods: 1 });
    await e.deleteAlarms({ AlarmNames: ["gone"] });
    await clock.advance(120_000);
    expect(clock.pendingTimers()).toBe(0);
    expect(e.describeAlarms({}).MetricAlarms).toEqual([]);
  });
});

describe("AWS/Lambda metrics", () => {
  it("sums invocations per minute, per function and across functions, and shows them to the next read", async () => {
    const { e } = await engine();
    e.serviceMetrics.lambdaInvocation("a", 100, false);
    e.serviceMetrics.lambdaInvocation("a", 300, true);
    e.serviceMetrics.lambdaInvocation("b", 50, false);
    const stats = (name: string, dims: Array<{ Name: string; Value: string }>, s: string[]) =>
      e.getMetricStatistics({ Namespace: "AWS/Lambda", MetricName: name, Dimensions: dims, StartTime: sec(NOW), EndTime: sec(NOW + 60_000), Period: 60, Statistics: s }).Datapoints;
    const a = [{ Name: "FunctionName", Value: "a" }];
    expect(stats("Invocations", a, ["Sum"])).toEqual([{ Timestamp: sec(NOW), Sum: 2, Unit: "Count" }]);
    expect(stats("Errors", a, ["Sum"])).toEqual([{ Timestamp: sec(NOW), Sum: 1, Unit: "Count" }]);
    expect(stats("Duration", a, ["Average", "Maximum"])).toEqual([{ Timestamp: sec(NOW), Average: 200, Maximum: 300, Unit: "Milliseconds" }]);
    expect(stats("Invocations", [], ["Sum"])).toEqual([{ Timestamp: sec(NOW), Sum: 3, Unit: "Count" }]);
    expect(e.listMetrics({ Namespace: "AWS/Lambda", MetricName: "Errors" }).Metrics).toHaveLength(3);
  });
});

describe("service metrics memory", () => {
  it("keeps each distinct value once with its count, so Invocations and Errors do not hold a value per invocation", async () => {
    const { e } = await engine();
    for (let i = 0; i < 500; i++) e.serviceMetrics.lambdaInvocation("busy", i % 2 === 0 ? 100 : 200, i % 5 === 0);
    await e.serviceMetrics.flush();
    const point = (name: string) => e.ctx.durable.state.series.get(`AWS/Lambda\u0000${name}\u0000FunctionName\u0001busy`)?.points[0];
    expect(point("Invocations")).toMatchObject({ count: 500, sum: 500, values: [1], counts: [500] });
    expect(point("Errors")).toMatchObject({ count: 500, sum: 100, values: [1, 0], counts: [100, 400] });
    expect(point("Duration")).toMatchObject({ count: 500, sum: 75_000, values: [100, 200], counts: [250, 250] });
    const p90 = e.getMetricStatistics({ Namespace: "AWS/Lambda", MetricName: "Duration", Dimensions: [{ Name: "FunctionName", Value: "busy" }], StartTime: sec(NOW), EndTime: sec(NOW + 60_000), Period: 60, ExtendedStatistics: ["p90"] });
    expect(p90.Datapoints).toEqual([{ Timestamp: sec(NOW), ExtendedStatistics: { p90: 200 }, Unit: "Milliseconds" }]);
  });
});

describe("reading a long series", () => {
  it("reads a period's points without walking the series from its start", async () => {
    const { pointsBetween } = await import("../src/engine/series.js");
    const points = Array.from({ length: 100_000 }, (_, i) => ({ t: NOW + i * 10_000, unit: "Count", res: 60, count: 1, sum: i, min: i, max: i }));
    let reads = 0;
    const counted = new Proxy(points, { get: (target, key, receiver) => ((typeof key === "string" && /^\d+$/.test(key) && reads++), Reflect.get(target, key, receiver)) });
    const series = { key: "k", namespace: "N", name: "M", dimensions: [], points: counted, lastPut: 0 };
    const got = pointsBetween(series, NOW + 99_990 * 10_000, NOW + 99_996 * 10_000);
    expect(got.map((p) => p.sum)).toEqual([99_990, 99_991, 99_992, 99_993, 99_994, 99_995]);
    expect(reads).toBeLessThan(100);
  });
});

describe("Embedded Metric Format", () => {
  const line = (doc: unknown) => JSON.stringify(doc);
  const meta = (directive: unknown) => ({ Timestamp: NOW - 5000, CloudWatchMetrics: [directive] });

  it("publishes each metric under each dimension set, arrays as values", () => {
    const puts = emfPuts(line({
      _aws: meta({ Namespace: "Shop", Dimensions: [["service"], ["service", "op"]], Metrics: [{ Name: "latency", Unit: "Milliseconds" }, { Name: "orders", StorageResolution: 1 }] }),
      service: "api", op: "buy", latency: [10, 20], orders: 1,
    }), NOW);
    expect(puts.map((p) => [p.name, p.dimensions.map((d) => `${d.Name}=${d.Value}`).join(","), p.point.count, p.point.sum, p.point.unit, p.point.res, p.point.t])).toEqual([
      ["latency", "service=api", 2, 30, "Milliseconds", 60, NOW - 5000],
      ["latency", "service=api,op=buy", 2, 30, "Milliseconds", 60, NOW - 5000],
      ["orders", "service=api", 1, 1, "None", 1, NOW - 5000],
      ["orders", "service=api,op=buy", 1, 1, "None", 1, NOW - 5000],
    ]);
  });

  it("ignores a line that breaks the specification", () => {
    expect(emfPuts(line({ _aws: meta({ Namespace: "S", Dimensions: [["missing"]], Metrics: [{ Name: "m" }] }), m: 1 }), NOW)).toEqual([]);
    expect(emfPuts(line({ _aws: meta({ Namespace: "S", Dimensions: [], Metrics: [{ Name: "m" }] }), m: "1" }), NOW)).toEqual([]);
    expect(emfPuts(line({ _aws: { CloudWatchMetrics: [] }, m: 1 }), NOW)).toEqual([]);
    expect(emfPuts("{not json \"_aws\"", NOW)).toEqual([]);
  });
});
