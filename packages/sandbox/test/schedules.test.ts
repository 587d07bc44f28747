import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixtures = join(import.meta.dirname, "fixtures");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

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

describe("Schedule and ScheduleV2 events", () => {
  let sandbox: RunningSandbox;
  let dynamodb: DynamoDBClient;
  let sfn: SFNClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(fixtures, "schedules"), port: 0, edgePort: 0, inMemory: true });
    dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    dynamodb?.destroy();
    sfn?.destroy();
    await sandbox?.stop();
  });

  const functionName = (logicalId: string) => sandbox.app.functions.find((f) => f.logicalId === logicalId)?.functionName;

  /** The events a function was invoked with, as it recorded them. */
  async function runs(logicalId: string): Promise<Record<string, unknown>[]> {
    const table = sandbox.app.tables[0].createTableInput.TableName as string;
    const scan = await dynamodb.send(new ScanCommand({ TableName: table }));
    return (scan.Items ?? [])
      .filter((item) => item.fn?.S === functionName(logicalId))
      .map((item) => JSON.parse(item.event?.S ?? "null") as Record<string, unknown>);
  }

  async function advance(duration: string): Promise<void> {
    const res = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: duration }) });
    expect(res.status).toBe(200);
  }

  it("runs an EventBridge Scheduler rate at start-up with its Input", async () => {
    const greetings = await until(() => runs("Greeter"), (r) => r.length >= 1);
    expect(greetings).toEqual([{ greeting: "hello" }]);
  });

  it("runs a function on rate(5 minutes) as time advances, once per jump however far it goes", async () => {
    expect(await runs("Ticker")).toEqual([]);

    await advance("5m");
    const first = await until(() => runs("Ticker"), (r) => r.length >= 1);
    expect(first).toEqual([{
      version: "0",
      id: expect.any(String),
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: "000000000000",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: "us-east-1",
      resources: ["arn:aws:events:us-east-1:000000000000:rule/ticker"],
      detail: {},
    }]);

    // Ten minutes pass two fire times; EventBridge does not deliver missed fires later: one run.
    await advance("10m");
    const both = await until(() => runs("Ticker"), (r) => r.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runs("Ticker")).toHaveLength(2);
    const times = both.map((event) => Date.parse(String(event.time))).sort((a, b) => a - b);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(10 * 60_000);
  });

  it("starts the state machine on its cron schedule, with the scheduled event as input", async () => {
    const stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:quarter-hour-report";
    // The tests above moved the clock 15 minutes: a cron(0/15 …) time fell inside.
    const listed = await until(
      () => sfn.send(new ListExecutionsCommand({ stateMachineArn })),
      (out) => (out.executions ?? []).length >= 1,
    );
    const executions = listed.executions ?? [];
    expect(executions.length).toBeGreaterThanOrEqual(1);
    expect(executions.length).toBeLessThanOrEqual(2);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: executions[0].executionArn }));
    const input = JSON.parse(execution.input ?? "null") as Record<string, unknown>;
    expect(input).toMatchObject({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} });
    expect(input.resources).toEqual([expect.stringMatching(/^arn:aws:events:us-east-1:000000000000:rule\/.+-ReportQuarterHourly-[A-Z0-9]{12}$/)]);
    expect(new Date(String(input.time)).getUTCMinutes() % 15).toBe(0);
  });
});
