/** awscli against the service (skipped where awscli is not installed): it sends JSON (botocore 1.43) or Query (older). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { NOW, startCloudWatch, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startCloudWatch();
});
afterAll(() => h.close());

const aws = (...args: string[]): Promise<unknown> => awsCli(h.url, "cloudwatch", ...args);

describe.skipIf(!hasAws)("awscli", () => {
  it("put-metric-data, get-metric-statistics, list-metrics, put-metric-alarm, describe-alarms", { timeout: 120_000 }, async () => {
    await aws("put-metric-data", "--namespace", "Cli", "--metric-name", "Orders", "--value", "4", "--unit", "Count", "--dimensions", "Shop=east");
    await aws("put-metric-data", "--namespace", "Cli", "--metric-name", "Orders", "--value", "6", "--unit", "Count", "--dimensions", "Shop=east");
    const stats = (await aws("get-metric-statistics", "--namespace", "Cli", "--metric-name", "Orders", "--dimensions", "Name=Shop,Value=east",
      "--start-time", new Date(NOW - 60_000).toISOString(), "--end-time", new Date(NOW + 60_000).toISOString(), "--period", "60", "--statistics", "Sum", "Average")) as {
      Label: string; Datapoints: Array<Record<string, unknown>>;
    };
    expect(stats.Label).toBe("Orders");
    // awscli v1 prints a JSON answer's timestamps as epoch seconds, a Query answer's as ISO 8601.
    const time = (t: unknown) => (typeof t === "number" ? t * 1000 : Date.parse(String(t)));
    expect(stats.Datapoints.map((d) => ({ ...d, Timestamp: time(d.Timestamp) }))).toEqual([{ Timestamp: NOW, Sum: 10, Average: 5, Unit: "Count" }]);
    const listed = (await aws("list-metrics", "--namespace", "Cli")) as { Metrics: unknown[] };
    expect(listed.Metrics).toEqual([{ Namespace: "Cli", MetricName: "Orders", Dimensions: [{ Name: "Shop", Value: "east" }] }]);
    await aws("put-metric-alarm", "--alarm-name", "cli-alarm", "--namespace", "Cli", "--metric-name", "Orders", "--statistic", "Sum", "--period", "60",
      "--evaluation-periods", "1", "--threshold", "5", "--comparison-operator", "GreaterThanThreshold", "--dimensions", "Name=Shop,Value=east");
    const alarms = (await aws("describe-alarms", "--alarm-names", "cli-alarm")) as { MetricAlarms: Array<Record<string, unknown>> };
    expect(alarms.MetricAlarms[0]).toMatchObject({ AlarmName: "cli-alarm", StateValue: "INSUFFICIENT_DATA", Threshold: 5, Dimensions: [{ Name: "Shop", Value: "east" }] });
    await expect(aws("set-alarm-state", "--alarm-name", "nope", "--state-value", "OK", "--state-reason", "x")).rejects.toThrow(/ResourceNotFound/);
  });
});
