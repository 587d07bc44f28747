/**
 * CloudWatch behaviour as moto's tests assert it of AWS (getmoto/moto tests/test_cloudwatch/:
 * test_cloudwatch_alarms.py, test_cloudwatch_expressions.py), replayed through the AWS SDK v3
 * client. moto's own choices that AWS does not make (a new alarm in OK) are left out.
 */
import {
  DeleteAlarmsCommand, DescribeAlarmsCommand, DescribeAlarmsForMetricCommand, GetMetricDataCommand, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startCloudWatch, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startCloudWatch();
});
afterAll(() => h.close());

const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as { Code?: string; name: string; message: string } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { code: error.Code ?? error.name, message: error.message };
};

describe("moto test_cloudwatch_alarms.py", () => {
  // ::test_create_alarm — every member described as put; ActionsEnabled true by default
  it("PutMetricAlarm then DescribeAlarms", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmActions: ["arn:alarm"], AlarmDescription: "A test", AlarmName: "tester", ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Dimensions: [{ Name: "InstanceId", Value: "i-0123457" }], EvaluationPeriods: 5, InsufficientDataActions: ["arn:insufficient"], Namespace: "tester_namespace",
      MetricName: "tester_metric", OKActions: ["arn:ok"], Period: 60, Statistic: "Average", Threshold: 2, Unit: "Seconds",
    }));
    const alarm = (await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["tester"] }))).MetricAlarms?.[0];
    expect(alarm).toMatchObject({
      AlarmName: "tester", Namespace: "tester_namespace", MetricName: "tester_metric", ComparisonOperator: "GreaterThanOrEqualToThreshold", Threshold: 2, Period: 60,
      EvaluationPeriods: 5, Statistic: "Average", AlarmDescription: "A test", Dimensions: [{ Name: "InstanceId", Value: "i-0123457" }], AlarmActions: ["arn:alarm"],
      OKActions: ["arn:ok"], InsufficientDataActions: ["arn:insufficient"], Unit: "Seconds", AlarmArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:tester`, ActionsEnabled: true,
    });
  });

  // ::test_delete_alarms_without_error — an unknown name is no error
  it("DeleteAlarms of an unknown alarm", async () => {
    const out = await h.client.send(new DeleteAlarmsCommand({ AlarmNames: ["not-exists"] }));
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  // ::test_describe_alarms, ::test_describe_alarms_for_metric, ::test_alarm_state
  it("a metric math alarm is described with its Metrics and no MetricName; StateValue filters", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "testalarm1", MetricName: "cpu", Namespace: "blah", Period: 10, EvaluationPeriods: 5, Statistic: "Average", Threshold: 2, ComparisonOperator: "GreaterThanThreshold", ActionsEnabled: false,
    }));
    const queries: MetricDataQuery[] = [
      { Id: "metricA", Expression: "metricB + metricC", Label: "metricA", ReturnData: true },
      { Id: "metricB", MetricStat: { Metric: { Namespace: "ns", MetricName: "metricB", Dimensions: [{ Name: "Name", Value: "B" }] }, Period: 60, Stat: "Sum" }, ReturnData: false },
      { Id: "metricC", MetricStat: { Metric: { Namespace: "AWS/Lambda", MetricName: "metricC", Dimensions: [{ Name: "Name", Value: "C" }] }, Period: 60, Stat: "Sum", Unit: "Seconds" }, ReturnData: false },
    ];
    await h.client.send(new PutMetricAlarmCommand({ AlarmName: "testalarm2", EvaluationPeriods: 1, DatapointsToAlarm: 1, Metrics: queries, ComparisonOperator: "GreaterThanThreshold", Threshold: 1 }));
    const alarms = (await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["testalarm1", "testalarm2"] }))).MetricAlarms ?? [];
    const single = alarms.find((a) => a.AlarmName === "testalarm1");
    const multiple = alarms.find((a) => a.AlarmName === "testalarm2");
    expect(single).toMatchObject({ MetricName: "cpu", Namespace: "blah", Period: 10, EvaluationPeriods: 5, Statistic: "Average", ComparisonOperator: "GreaterThanThreshold", Threshold: 2, ActionsEnabled: false });
    expect(single).not.toHaveProperty("Metrics");
    expect(multiple).not.toHaveProperty("MetricName");
    expect(multiple).toMatchObject({ EvaluationPeriods: 1, DatapointsToAlarm: 1, Metrics: queries, ComparisonOperator: "GreaterThanThreshold", Threshold: 1, ActionsEnabled: true });
    const forMetric = await h.client.send(new DescribeAlarmsForMetricCommand({ MetricName: "cpu", Namespace: "blah" }));
    expect(forMetric.MetricAlarms?.map((a) => [a.AlarmName, a.ActionsEnabled])).toEqual([["testalarm1", false]]);
    await h.client.send(new SetAlarmStateCommand({ AlarmName: "testalarm1", StateValue: "ALARM", StateReason: "testreason", StateReasonData: '{"some": "json_data"}' }));
    const inAlarm = await h.client.send(new DescribeAlarmsCommand({ StateValue: "ALARM" }));
    expect(inAlarm.MetricAlarms?.map((a) => [a.AlarmName, a.StateValue, a.StateReasonData])).toEqual([["testalarm1", "ALARM", '{"some": "json_data"}']]);
  });
});

describe("moto test_cloudwatch_expressions.py", () => {
  // ::test_get_metric_data__no_metric_data_or_expression — AWS's text ends with a line break
  it("a query with neither MetricStat nor Expression", async () => {
    const t = h.clock.now();
    expect(await failure(h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [{ Id: "result1", Label: "e1" }], StartTime: new Date(t - 300_000), EndTime: new Date(t), ScanBy: "TimestampDescending",
    })))).toEqual({ code: "ValidationError", message: "The parameter MetricDataQueries.member.1.MetricStat is required.\n" });
  });

  // ::test_get_metric_data_with_simple_expression — an expression naming a query whose data is not returned
  it("an expression over a query that does not return its data", async () => {
    await h.client.send(new PutMetricDataCommand({ Namespace: "my_namespace/", MetricData: [{ MetricName: "metric", Value: 25, Unit: "Bytes" }] }));
    const t = h.clock.now();
    const results = (await h.client.send(new GetMetricDataCommand({
      MetricDataQueries: [
        { Id: "result1", Expression: "totalBytes", Label: "e1" },
        { Id: "totalBytes", MetricStat: { Metric: { Namespace: "my_namespace/", MetricName: "metric" }, Period: 60, Stat: "Sum", Unit: "Bytes" }, ReturnData: false },
      ],
      StartTime: new Date(t - 300_000), EndTime: new Date(t + 300_000), ScanBy: "TimestampDescending",
    }))).MetricDataResults ?? [];
    expect(results.map((r) => [r.Id, r.Label, r.Values])).toEqual([["result1", "e1", [25]]]);
  });
});
