/** CloudWatch through @aws-sdk/client-cloudwatch (awsJson 1.0, awsQueryCompatible errors) and the Query form. */
import {
  DeleteAlarmsCommand, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, DescribeAlarmsForMetricCommand, GetMetricDataCommand, GetMetricStatisticsCommand,
  ListMetricsCommand, ListTagsForResourceCommand, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand, TagResourceCommand, UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOW, query, startCloudWatch, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startCloudWatch();
});
afterAll(() => h.close());

const at = (ms: number) => new Date(ms);

describe("Embedded Metric Format lines", () => {
  it("publishes a document printed with console.log (aws-embedded-metrics' Lambda sink), behind the runtime's prefix", async () => {
    const doc = { _aws: { Timestamp: Date.now() - 5000, CloudWatchMetrics: [{ Namespace: "EmfConsole", Dimensions: [["service"]], Metrics: [{ Name: "Orders", Unit: "Count" }] }] }, service: "shop", Orders: 3 };
    h.cw.embeddedMetrics.extract("/aws/lambda/shop", [
      { timestamp: NOW, message: `2026-11-25T11:59:55.000Z\t6f3c1a0e-1111-2222-3333-444455556666\tINFO\t${JSON.stringify(doc)}\n` },
      // Not a console line: a JSON document must start the message.
      { timestamp: NOW, message: `note: ${JSON.stringify(doc)}\n` },
    ]);
    const stats = await h.client.send(new GetMetricStatisticsCommand({
      Namespace: "EmfConsole", MetricName: "Orders", Dimensions: [{ Name: "service", Value: "shop" }], StartTime: at(NOW - 60_000), EndTime: at(NOW + 60_000), Period: 60, Statistics: ["Sum", "SampleCount"],
    }));
    expect(stats.Datapoints?.map((d) => [d.Sum, d.SampleCount, d.Unit])).toEqual([[3, 1, "Count"]]);
  });
});

describe("alarm evaluation range", () => {
  const alarm = { AlarmName: "range", Namespace: "Sdk", MetricName: "M", Statistic: "Sum" as const, Threshold: 1, ComparisonOperator: "GreaterThanThreshold" as const };
  const refusal = (input: Record<string, unknown>) =>
    h.client.send(new PutMetricAlarmCommand({ ...alarm, ...input } as never)).then(() => undefined, (e: unknown) => e as { Code: string; message: string });

  it("refuses Period × EvaluationPeriods past one day (periods under an hour) or seven days, and DatapointsToAlarm past EvaluationPeriods", async () => {
    // Each evaluation walks every period: two billion of them held the process.
    expect(await refusal({ Period: 60, EvaluationPeriods: 2_000_000_000 })).toMatchObject({ Code: "ValidationError" });
    expect(await refusal({ Period: 60, EvaluationPeriods: 1441 })).toMatchObject({ Code: "ValidationError" });
    expect(await refusal({ Period: 3600, EvaluationPeriods: 169 })).toMatchObject({ Code: "ValidationError" });
    expect(await refusal({ Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 3 })).toMatchObject({ Code: "ValidationError", message: "DatapointsToAlarm must be less than or equal to EvaluationPeriods" });
    expect(await refusal({ Period: 60, EvaluationPeriods: 1440 })).toBeUndefined();
    expect(await refusal({ Period: 3600, EvaluationPeriods: 168 })).toBeUndefined();
    await h.client.send(new DeleteAlarmsCommand({ AlarmNames: ["range"] }));
  });
});

describe("metrics through the SDK", () => {
  it("refuses a PutMetricData request past 1 MB (the SDK sends it gzip'd) with AWS's 413", async () => {
    const MetricData = Array.from({ length: 1000 }, (_, i) => ({ MetricName: `Big${i}`, Values: Array.from({ length: 100 }, (_, j) => i * 1000 + j + 0.123456) }));
    const error = await h.client.send(new PutMetricDataCommand({ Namespace: "Big", MetricData })).catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });
    expect(error).toMatchObject({ name: "RequestEntityTooLarge", $metadata: { httpStatusCode: 413 } });
    expect((error as { message: string }).message).toMatch(/^Request size \d+ exceeded 1048576 bytes$/);
    const listed = await h.client.send(new ListMetricsCommand({ Namespace: "Big" }));
    expect(listed.Metrics).toEqual([]);
  });

  it("stores PutMetricData and reads it back with GetMetricStatistics, GetMetricData and ListMetrics", async () => {
    await h.client.send(new PutMetricDataCommand({
      Namespace: "Sdk",
      MetricData: [
        { MetricName: "Latency", Value: 100, Unit: "Milliseconds", Timestamp: at(NOW - 30_000), Dimensions: [{ Name: "Service", Value: "api" }] },
        { MetricName: "Latency", Values: [50, 150], Counts: [1, 2], Unit: "Milliseconds", Timestamp: at(NOW - 20_000), Dimensions: [{ Name: "Service", Value: "api" }] },
      ],
    }));
    const stats = await h.client.send(new GetMetricStatisticsCommand({
      Namespace: "Sdk", MetricName: "Latency", Dimensions: [{ Name: "Service", Value: "api" }],
      StartTime: at(NOW - 60_000), EndTime: at(NOW), Period: 60, Statistics: ["SampleCount", "Average", "Maximum"], ExtendedStatistics: undefined,
    }));
    expect(stats.Label).toBe("Latency");
    expect(stats.Datapoints).toEqual([{ Timestamp: at(NOW - 60_000), SampleCount: 4, Average: 112.5, Maximum: 150, Unit: "Milliseconds" }]);

    const data = await h.client.send(new GetMetricDataCommand({
      StartTime: at(NOW - 60_000), EndTime: at(NOW),
      MetricDataQueries: [{ Id: "p", MetricStat: { Metric: { Namespace: "Sdk", MetricName: "Latency", Dimensions: [{ Name: "Service", Value: "api" }] }, Period: 60, Stat: "p50" } }],
    }));
    expect(data.MetricDataResults).toEqual([{ Id: "p", Label: "Latency", Timestamps: [at(NOW - 60_000)], Values: [100], StatusCode: "Complete" }]);
    expect(data.Messages).toEqual([]);

    const listed = await h.client.send(new ListMetricsCommand({ Namespace: "Sdk" }));
    expect(listed.Metrics).toEqual([{ Namespace: "Sdk", MetricName: "Latency", Dimensions: [{ Name: "Service", Value: "api" }] }]);
  });

  it("answers AWS's error codes and texts to the SDK", async () => {
    const error = await h.client
      .send(new PutMetricDataCommand({ Namespace: "Sdk", MetricData: [{ MetricName: "M", Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }] }))
      .catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });
    expect(error).toMatchObject({
      name: "InvalidParameterCombinationException",
      message: "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
      $metadata: { httpStatusCode: 400 },
    });
    const invalid = await h.client
      .send(new SetAlarmStateCommand({ AlarmName: "x", StateValue: "INVALID" as "OK", StateReason: "r" }))
      .catch((e: unknown) => e as { Code: string; message: string });
    // The SDK takes the Query code from x-amzn-query-error (awsQueryCompatible).
    expect(invalid).toMatchObject({
      Code: "ValidationError",
      message: "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
    });
    const missing = await h.client.send(new SetAlarmStateCommand({ AlarmName: "x", StateValue: "OK", StateReason: "r" })).catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
    expect(missing).toMatchObject({ name: "ResourceNotFound", $metadata: { httpStatusCode: 404 } });
  });

  it("takes a gzip-compressed PutMetricData (the SDK compresses bodies of 10 KB and more)", async () => {
    const data = Array.from({ length: 200 }, (_, i) => ({ MetricName: "Big", Value: i, Timestamp: at(NOW - 10_000), Dimensions: [{ Name: "Shard", Value: `shard-${String(i % 3)}-${"x".repeat(40)}` }] }));
    await h.client.send(new PutMetricDataCommand({ Namespace: "Gzip", MetricData: data }));
    const listed = await h.client.send(new ListMetricsCommand({ Namespace: "Gzip", MetricName: "Big" }));
    expect(listed.Metrics).toHaveLength(3);
  });
});

describe("alarms through the SDK", () => {
  it("creates, describes, tags, evaluates and deletes an alarm", async () => {
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "sdk-alarm", AlarmDescription: "errors", Namespace: "Sdk", MetricName: "Errors", Statistic: "Sum", Period: 60, EvaluationPeriods: 1,
      Threshold: 0, ComparisonOperator: "GreaterThanThreshold", AlarmActions: ["arn:aws:sns:us-east-1:000000000000:ops"], Tags: [{ Key: "team", Value: "a" }],
    }));
    const described = await h.client.send(new DescribeAlarmsCommand({ AlarmNames: ["sdk-alarm"] }));
    expect(described.CompositeAlarms).toEqual([]);
    expect(described.MetricAlarms?.[0]).toMatchObject({
      AlarmName: "sdk-alarm", AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:sdk-alarm", StateValue: "INSUFFICIENT_DATA",
      StateReason: "Unchecked: Initial alarm creation", Threshold: 0, Dimensions: [], OKActions: [], ActionsEnabled: true, StateUpdatedTimestamp: at(NOW),
    });
    const arn = described.MetricAlarms?.[0]?.AlarmArn ?? "";
    await h.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "env", Value: "dev" }] }));
    await h.client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["team"] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: "env", Value: "dev" }]);

    await h.client.send(new PutMetricDataCommand({ Namespace: "Sdk", MetricData: [{ MetricName: "Errors", Value: 1, Timestamp: at(NOW + 5000) }] }));
    await h.clock.advance(60_000);
    const after = await h.client.send(new DescribeAlarmsForMetricCommand({ Namespace: "Sdk", MetricName: "Errors" }));
    expect(after.MetricAlarms?.[0]?.StateValue).toBe("ALARM");
    expect(h.dispatcher.calls.map((c) => [c.service, c.action, c.input.TopicArn])).toEqual([["sns", "Publish", "arn:aws:sns:us-east-1:000000000000:ops"]]);
    const history = await h.client.send(new DescribeAlarmHistoryCommand({ AlarmName: "sdk-alarm", HistoryItemType: "StateUpdate" }));
    expect(history.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual(["Alarm updated from INSUFFICIENT_DATA to ALARM"]);

    await h.client.send(new DeleteAlarmsCommand({ AlarmNames: ["sdk-alarm"] }));
    expect((await h.client.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });
});

describe("the Query form", () => {
  it("serves PutMetricData and GetMetricStatistics with XML answers", async () => {
    const put = await query(h.url, {
      Action: "PutMetricData", Namespace: "Query",
      "MetricData.member.1.MetricName": "Hits", "MetricData.member.1.Value": "3", "MetricData.member.1.Unit": "Count",
      "MetricData.member.1.Timestamp": new Date(NOW + 30_000).toISOString(),
      "MetricData.member.1.Dimensions.member.1.Name": "Page", "MetricData.member.1.Dimensions.member.1.Value": "home",
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatch(/^<PutMetricDataResponse xmlns="http:\/\/monitoring.amazonaws.com\/doc\/2010-08-01\/"><ResponseMetadata><RequestId>/);
    const got = await query(h.url, {
      Action: "GetMetricStatistics", Namespace: "Query", MetricName: "Hits", Period: "60",
      StartTime: new Date(NOW).toISOString(), EndTime: new Date(NOW + 60_000).toISOString(),
      "Statistics.member.1": "Sum", "Dimensions.member.1.Name": "Page", "Dimensions.member.1.Value": "home",
    });
    expect(got.body).toContain("<GetMetricStatisticsResult><Label>Hits</Label><Datapoints><member><Timestamp>2026-11-25T12:00:00Z</Timestamp><Sum>3</Sum><Unit>Count</Unit></member></Datapoints></GetMetricStatisticsResult>");
  });

  it("serves GetMetricData and DescribeAlarms with XML answers", async () => {
    await query(h.url, {
      Action: "PutMetricAlarm", AlarmName: "query-alarm", Namespace: "Query", MetricName: "Hits", Statistic: "Sum", Period: "60", EvaluationPeriods: "1",
      Threshold: "1.5", ComparisonOperator: "GreaterThanThreshold", "AlarmActions.member.1": "arn:aws:sns:us-east-1:000000000000:q",
    });
    const alarms = await query(h.url, { Action: "DescribeAlarms", "AlarmNames.member.1": "query-alarm" });
    expect(alarms.status).toBe(200);
    expect(alarms.body).toContain("<AlarmName>query-alarm</AlarmName>");
    expect(alarms.body).toContain("<AlarmActions><member>arn:aws:sns:us-east-1:000000000000:q</member></AlarmActions>");
    expect(alarms.body).toContain("<Threshold>1.5</Threshold>");
    expect(alarms.body).toContain("<StateValue>INSUFFICIENT_DATA</StateValue>");
    expect(alarms.body).toContain("<CompositeAlarms/>");
    const data = await query(h.url, {
      Action: "GetMetricData", StartTime: new Date(NOW).toISOString(), EndTime: new Date(NOW + 60_000).toISOString(),
      "MetricDataQueries.member.1.Id": "h", "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "Query", "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "Hits",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name": "Page", "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": "home",
      "MetricDataQueries.member.1.MetricStat.Period": "60", "MetricDataQueries.member.1.MetricStat.Stat": "Sum",
    });
    expect(data.body).toContain("<MetricDataResults><member><Id>h</Id><Label>Hits</Label><Timestamps><member>2026-11-25T12:00:00Z</member></Timestamps><Values><member>3</member></Values><StatusCode>Complete</StatusCode></member></MetricDataResults>");
  });

  it("answers errors in the Query envelope", async () => {
    const nan = await query(h.url, { Action: "PutMetricData", Namespace: "Query", "MetricData.member.1.MetricName": "Hits", "MetricData.member.1.Value": "NaN" });
    expect(nan.status).toBe(400);
    expect(nan.body).toContain("<Code>InvalidParameterValue</Code><Message>The value NaN for parameter MetricData.member.1.Value is invalid.</Message>");
    const res = await query(h.url, { Action: "PutMetricData", Namespace: "Query", "MetricData.member.1.MetricName": "Hits" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Type>Sender</Type><Code>MissingParameter</Code><Message>At least one of the parameters MetricData.member.1.Value or MetricData.member.1.StatisticValues must be specified.</Message>");
    const unknown = await query(h.url, { Action: "PutMetricStream", Name: "s", FirehoseArn: "arn:aws:firehose:us-east-1:000000000000:deliverystream/x", RoleArn: "arn:aws:iam::000000000000:role/r", OutputFormat: "json" });
    expect(unknown.body).toContain("<Code>UnsupportedOperation</Code>");
  });
});
