/**
 * SAM ScheduleV2 events and AWS::Scheduler::Schedule resources are EventBridge Scheduler
 * schedules: created through the Scheduler API at start-up, named as SAM names them
 * ("<Resource><EventId>" unless Name), listed by ListSchedules / GetSchedule, fired once per
 * due time by the API's timers (not a second time by the template scheduler).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { GetScheduleCommand, ListSchedulesCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "scheduler-template");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const ACCOUNT = "000000000000";

/** Polls `read` until `done` holds of its value, for at most 20 seconds (schedules run functions: worker threads, slow to start under load). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

describe("template schedules through the EventBridge Scheduler API", () => {
  let sandbox: RunningSandbox;
  let scheduler: SchedulerClient;
  let dynamodb: DynamoDBClient;
  let sfn: SFNClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    scheduler = new SchedulerClient(config);
    dynamodb = new DynamoDBClient(config);
    sfn = new SFNClient(config);
  });

  afterAll(async () => {
    scheduler?.destroy();
    dynamodb?.destroy();
    sfn?.destroy();
    await sandbox?.stop();
  });

  const greeter = () => sandbox.app.functions.find((f) => f.logicalId === "Greeter");

  /** The events Greeter was invoked with, as it recorded them. */
  async function runs(): Promise<Record<string, unknown>[]> {
    const table = sandbox.app.tables[0].createTableInput.TableName as string;
    const scan = await dynamodb.send(new ScanCommand({ TableName: table }));
    return (scan.Items ?? [])
      .filter((item) => item.fn?.S === greeter()?.functionName)
      .map((item) => JSON.parse(item.event?.S ?? "null") as Record<string, unknown>);
  }

  async function advance(duration: string): Promise<void> {
    const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: duration }) });
    expect(res.status).toBe(200);
  }

  it("lists every template schedule, in its group, under the name SAM or the template gives it", async () => {
    const all = await scheduler.send(new ListSchedulesCommand({}));
    const names = (all.Schedules ?? []).map((s) => `${s.GroupName}/${s.Name}`).sort();
    expect(names).toEqual(["default/GreeterHourly", "default/ReportHalfHourly", "default/cleanup", "team/nightly-report"]);
    const team = await scheduler.send(new ListSchedulesCommand({ GroupName: "team" }));
    expect(team.Schedules).toEqual([expect.objectContaining({
      Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/team/nightly-report`,
      Name: "nightly-report",
      GroupName: "team",
      State: "DISABLED",
      Target: { Arn: greeter()?.arn },
    })]);
  });

  it("gets a ScheduleV2 event's schedule as SAM writes it: FlexibleTimeWindow OFF and the generated role", async () => {
    const got = await scheduler.send(new GetScheduleCommand({ Name: "GreeterHourly" }));
    expect(got).toMatchObject({
      Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/GreeterHourly`,
      Name: "GreeterHourly",
      GroupName: "default",
      ScheduleExpression: "rate(1 hour)",
      ScheduleExpressionTimezone: "Asia/Tokyo",
      State: "ENABLED",
      ActionAfterCompletion: "NONE",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: {
        Arn: greeter()?.arn,
        Input: '{"greeting": "hello"}',
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    });
    expect(got.Target?.RoleArn).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/.+-GreeterHourlyRole-[A-Z0-9]+$`));
    const nightly = await scheduler.send(new GetScheduleCommand({ Name: "nightly-report", GroupName: "team" }));
    expect(nightly).toMatchObject({
      Description: "Every night at midnight",
      FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 15 },
      Target: { RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 3 } },
    });
  });

  it("gives a DeadLetterConfig {Type: SQS} the queue SAM generates, \"<Function><EventId>Queue\"", async () => {
    const nightly = await scheduler.send(new GetScheduleCommand({ Name: "nightly-report", GroupName: "team" }));
    const queueArn = nightly.Target?.DeadLetterConfig?.Arn ?? "";
    expect(queueArn).toMatch(new RegExp(`^arn:aws:sqs:us-east-1:${ACCOUNT}:.+-GreeterNightlyQueue-[A-Za-z0-9]+$`));
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueArn.split(":").at(-1) }));
      const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
      expect(attributes.Attributes?.QueueArn).toBe(queueArn);
    } finally {
      sqs.destroy();
    }
  });

  it("fires each schedule once per due time: at creation for a rate, then as time advances", async () => {
    const first = await until(runs, (r) => r.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runs()).toHaveLength(2);
    expect(first).toEqual(expect.arrayContaining([{ greeting: "hello" }, { cleanup: true }]));

    await advance("1h");
    const later = await until(runs, (r) => r.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runs()).toHaveLength(3);
    expect(later.filter((event) => event.greeting === "hello")).toHaveLength(2);
  });

  it("starts the state machine of a ScheduleV2 event with its Input", async () => {
    const stateMachineArn = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:half-hour-report`;
    const listed = await until(() => sfn.send(new ListExecutionsCommand({ stateMachineArn })), (out) => (out.executions ?? []).length >= 1);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: listed.executions?.[0].executionArn }));
    expect(JSON.parse(execution.input ?? "null")).toEqual({ report: "half-hourly" });
  });
});
