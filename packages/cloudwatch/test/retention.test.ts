/** What CloudWatch keeps for a limited time goes when that time is past: alarm history (30 days), datapoints (15 days). */
import { DeleteAlarmsCommand, DescribeAlarmHistoryCommand, GetMetricStatisticsCommand, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import { NOW, startCloudWatch } from "./helpers.js";

const DAY = 24 * 3600 * 1000;
const alarm = (AlarmName: string) => ({
  AlarmName, Namespace: "R", MetricName: "M", Statistic: "Sum" as const, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: "GreaterThanThreshold" as const,
});

describe("alarm history retention", () => {
  it("drops history items older than 30 days, from answers and from memory", async () => {
    const h = await startCloudWatch();
    try {
      await h.client.send(new PutMetricAlarmCommand(alarm("old")));
      for (let i = 0; i < 10; i++) {
        await h.client.send(new SetAlarmStateCommand({ AlarmName: "old", StateValue: i % 2 === 0 ? "ALARM" : "OK", StateReason: `flip ${i}` }));
      }
      // History outlives its alarm; the alarm goes so that no evaluation runs for the next month.
      await h.client.send(new DeleteAlarmsCommand({ AlarmNames: ["old"] }));
      await h.clock.advance(31 * DAY);
      await h.client.send(new PutMetricAlarmCommand(alarm("new")));
      const items = await h.client.send(new DescribeAlarmHistoryCommand({ StartDate: new Date(NOW - DAY), MaxRecords: 100 }));
      expect(items.AlarmHistoryItems?.map((i) => i.AlarmName)).toEqual(["new"]);
      expect(h.cw.engine.ctx.durable.state.history).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe("datapoint retention", () => {
  it("drops a series that received nothing for 15 days once newer data arrives, not only the points of series still written to", async () => {
    const h = await startCloudWatch();
    try {
      // A dimension per request: each series gets one point and is never written to again.
      for (let i = 0; i < 5; i++) {
        await h.client.send(new PutMetricDataCommand({ Namespace: "R", MetricData: [{ MetricName: "Latency", Value: i, Dimensions: [{ Name: "RequestId", Value: `r${i}` }] }] }));
      }
      await h.clock.advance(16 * DAY);
      await h.client.send(new PutMetricDataCommand({ Namespace: "R", MetricData: [{ MetricName: "Latency", Value: 1 }] }));
      const stats = await h.client.send(new GetMetricStatisticsCommand({
        Namespace: "R", MetricName: "Latency", Dimensions: [{ Name: "RequestId", Value: "r0" }], StartTime: new Date(NOW - DAY), EndTime: new Date(NOW + DAY), Period: 86_400, Statistics: ["Sum"],
      }));
      expect(stats.Datapoints).toEqual([]);
      expect([...h.cw.engine.ctx.durable.state.series.values()].map((s) => s.dimensions)).toEqual([[]]);
    } finally {
      await h.close();
    }
  });
});
