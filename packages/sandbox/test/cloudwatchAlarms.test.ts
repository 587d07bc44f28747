/**
 * CloudWatch in a template's application: a function's Embedded Metric Format line becomes a
 * metric, the template's AWS::CloudWatch::Alarm on it goes to ALARM at the end of the period,
 * and its SNS action reaches the topic's SQS subscriber with CloudWatch's notification.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchClient, DescribeAlarmsCommand, GetDashboardCommand, GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually } from "./helpers.js";

const fixture = join(import.meta.dirname, "fixtures", "cloudwatch-alarms");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("a template's alarm on a metric its function publishes with EMF", () => {
  let sandbox: RunningSandbox;
  let cloudwatch: CloudWatchClient;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    cloudwatch = new CloudWatchClient(config);
    lambda = new LambdaClient(config);
    sqs = new SQSClient(config);
    logs = new CloudWatchLogsClient(config);
  });

  afterAll(async () => {
    cloudwatch?.destroy();
    lambda?.destroy();
    sqs?.destroy();
    logs?.destroy();
    await sandbox?.stop();
  });

  const alarmName = () => String(sandbox.app.outputs.AlarmName?.value);

  it("creates the alarm at start-up under the name its Ref gives", async () => {
    const { MetricAlarms } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName()] }));
    expect(alarmName()).toMatch(/-FailedOrders-/);
    expect(MetricAlarms?.[0]).toMatchObject({
      AlarmName: alarmName(), AlarmDescription: "Any failed order", StateValue: "INSUFFICIENT_DATA", Namespace: "Shop", MetricName: "FailedOrders",
      Dimensions: [{ Name: "service", Value: "checkout" }], Threshold: 0, AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${alarmName()}`,
    });
  });

  // localstack tests/aws/services/cloudwatch/resources/test_cloudwatch.py::test_alarm_creation and
  // ::test_composite_alarm_creation (recorded on AWS): Ref is the name, GetAtt Arn the ARN; a new
  // composite alarm is OK, its rule evaluated at once.
  it("creates the composite alarms after the alarms their rules name, OK at creation", async () => {
    expect(sandbox.app.outputs.CompositeName?.value).toBe("checkout-down");
    expect(sandbox.app.outputs.CompositeArn?.value).toBe("arn:aws:cloudwatch:us-east-1:000000000000:alarm:checkout-down");
    const { CompositeAlarms } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "checkout-down", AlarmTypes: ["CompositeAlarm"] }));
    expect(CompositeAlarms?.[0]).toMatchObject({
      AlarmName: "checkout-down", AlarmDescription: "Checkout is failing", StateValue: "OK",
      StateReason: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:checkout-down was created and its alarm rule evaluates to OK",
    });
  });

  it("keeps the template's dashboard, its body as the template gives it", async () => {
    expect(sandbox.app.outputs.DashboardName?.value).toBe("shop");
    const dashboard = await cloudwatch.send(new GetDashboardCommand({ DashboardName: "shop" }));
    expect(dashboard.DashboardArn).toBe("arn:aws:cloudwatch::000000000000:dashboard/shop");
    expect(JSON.parse(dashboard.DashboardBody ?? "{}")).toEqual({ widgets: [{ type: "metric", properties: { metrics: [["Shop", "FailedOrders"]], region: "us-east-1" } }] });
  });

  it("turns the EMF line into metrics, goes to ALARM and notifies the queue through the topic", { timeout: 60_000 }, async () => {
    // The sandbox's clock runs an hour ahead of the function's: the line's metric lands on the sandbox's timeline.
    const ahead = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "1h" }) });
    const { epochMs } = (await ahead.json()) as { epochMs: number };
    const fn = sandbox.app.functions.find((f) => f.logicalId === "Checkout")?.functionName;
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: fn, Payload: Buffer.from(JSON.stringify({ failed: 2 })) }));
    expect(invoked.FunctionError).toBeUndefined();
    const listed = await eventually(
      () => cloudwatch.send(new ListMetricsCommand({ Namespace: "Shop" })),
      (out) => (out.Metrics ?? []).length === 2,
    );
    expect(listed.Metrics?.map((m) => m.MetricName).sort()).toEqual(["FailedOrders", "Latency"]);
    const now = epochMs;
    const data = await cloudwatch.send(new GetMetricDataCommand({
      StartTime: new Date(now - 300_000), EndTime: new Date(now + 60_000),
      MetricDataQueries: [{ Id: "latency", MetricStat: { Metric: { Namespace: "Shop", MetricName: "Latency", Dimensions: [{ Name: "service", Value: "checkout" }] }, Period: 60, Stat: "Sum" } }],
    }));
    expect(data.MetricDataResults?.[0]?.Values).toEqual([42]);

    // The period that holds the line ends within a minute: the alarm evaluates it then.
    const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "60s" }) });
    expect(res.status).toBe(200);
    const described = await eventually(
      () => cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName()] })),
      (out) => out.MetricAlarms?.[0]?.StateValue === "ALARM",
    );
    expect(described.MetricAlarms?.[0]?.StateReason).toMatch(/^Threshold Crossed: 1 datapoint \[2\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:00\)\] was greater than the threshold \(0\.0\)\.$/);
    // The composite alarms follow their child.
    const composites = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"] }));
    expect(composites.CompositeAlarms?.map((a) => a.StateValue)).toEqual(["ALARM", "ALARM"]);

    const queueUrl = `${sandbox.endpoint}/000000000000/${String(sandbox.app.resources.AlertQueue?.ref)}`;
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 10 }));
    const envelope = JSON.parse(received.Messages?.[0]?.Body ?? "{}") as { Type: string; Subject: string; Message: string };
    expect(envelope.Type).toBe("Notification");
    expect(envelope.Subject).toBe(`ALARM: "${alarmName()}" in US East (N. Virginia)`);
    expect(JSON.parse(envelope.Message)).toMatchObject({
      AlarmName: alarmName(), AlarmDescription: "Any failed order", NewStateValue: "ALARM", OldStateValue: "INSUFFICIENT_DATA",
      Trigger: { MetricName: "FailedOrders", Namespace: "Shop", Statistic: "SUM", Dimensions: [{ value: "checkout", name: "service" }], Threshold: 0 },
    });

    // The Lambda action is invoked asynchronously with the alarm event.
    const onAlarm = sandbox.app.functions.find((f) => f.logicalId === "OnAlarm")?.functionName;
    const logged = await eventually(
      () => logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${String(onAlarm)}`, filterPattern: '"alarm aws.cloudwatch"' })).catch(() => ({ events: [] })),
      (out) => (out.events ?? []).length > 0,
      20_000,
    );
    expect(logged.events?.[0]?.message).toContain(`alarm aws.cloudwatch ${alarmName()} INSUFFICIENT_DATA -> ALARM`);

    // CloudWatch was up (the template has alarms): the invocations count in AWS/Lambda's metrics.
    const invocations = await cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: "AWS/Lambda", MetricName: "Invocations", Dimensions: [{ Name: "FunctionName", Value: String(fn) }],
      StartTime: new Date(epochMs - 60_000), EndTime: new Date(epochMs + 180_000), Period: 300, Statistics: ["Sum"],
    }));
    expect(invocations.Datapoints?.map((d) => [d.Sum, d.Unit])).toEqual([[1, "Count"]]);
  });
});
