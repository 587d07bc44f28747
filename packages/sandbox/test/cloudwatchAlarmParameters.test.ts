/** A template alarm's metric math takes its numbers from parameters, which CloudFormation converts from text. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "cloudwatch-alarm-parameters");

describe("a template metric math alarm with Number parameters", () => {
  let sandbox: RunningSandbox;
  let cloudwatch: CloudWatchClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    cloudwatch = new CloudWatchClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  });

  afterAll(async () => {
    cloudwatch?.destroy();
    await sandbox?.stop();
  });

  it("is created with the parameters' numbers in its MetricStat periods", async () => {
    const { MetricAlarms } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ["error-rate"] }));
    expect(MetricAlarms?.[0]?.Threshold).toBe(0.5);
    expect(MetricAlarms?.[0]?.Metrics?.map((m) => m.MetricStat?.Period)).toEqual([undefined, 60, 60]);
  });
});
