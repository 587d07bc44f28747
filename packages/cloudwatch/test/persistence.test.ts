import { DescribeAlarmsCommand, GetMetricStatisticsCommand, PutCompositeAlarmCommand, PutMetricAlarmCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NOW, startCloudWatch } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "cloudwatch-persist-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("persistence", () => {
  it("keeps datapoints and alarms across a restart, and evaluates the alarms again", async () => {
    const clock = new VirtualClock(NOW);
    let store = new FileStore({ dir, clock });
    let h = await startCloudWatch({ store, clock });
    await h.client.send(new PutMetricAlarmCommand({
      AlarmName: "kept", Namespace: "P", MetricName: "M", Statistic: "Maximum", Period: 60, EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: "GreaterThanOrEqualToThreshold",
    }));
    await h.client.send(new PutCompositeAlarmCommand({ AlarmName: "kept-composite", AlarmRule: "ALARM(kept)" }));
    await h.client.send(new PutMetricDataCommand({ Namespace: "P", MetricData: [{ MetricName: "M", Value: 12, Timestamp: new Date(NOW + 1000) }] }));
    await h.close();
    await store.close();

    store = new FileStore({ dir, clock });
    h = await startCloudWatch({ store, clock });
    const stats = await h.client.send(new GetMetricStatisticsCommand({ Namespace: "P", MetricName: "M", StartTime: new Date(NOW), EndTime: new Date(NOW + 60_000), Period: 60, Statistics: ["Maximum"] }));
    expect(stats.Datapoints?.map((d) => d.Maximum)).toEqual([12]);
    await clock.advance(60_000);
    const alarms = await h.client.send(new DescribeAlarmsCommand({}));
    expect(alarms.MetricAlarms?.map((a) => [a.AlarmName, a.StateValue])).toEqual([["kept", "ALARM"]]);
    expect(alarms.MetricAlarms?.[0]?.StateReason).toBe("Threshold Crossed: 1 datapoint [12.0 (25/11/26 12:00:00)] was greater than or equal to the threshold (10.0).");
    // The composite alarm was kept too, and follows its child's evaluation after the restart.
    const composites = await h.client.send(new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"] }));
    expect(composites.CompositeAlarms?.map((a) => [a.AlarmName, a.StateValue])).toEqual([["kept-composite", "ALARM"]]);
    await h.close();
    await store.close();
  });
});
