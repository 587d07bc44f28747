/**
 * Step Functions' `arn:aws:states:::aws-sdk:scheduler:*` integrations reach the sandbox's
 * EventBridge Scheduler API through its REST model: PascalCase parameters in, the output in
 * PascalCase with timestamps as ISO-8601 text, errors named "Scheduler.<Code>".
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { GetScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "scheduler-api");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe("aws-sdk:scheduler integrations", () => {
  let sandbox: RunningSandbox;
  let sfn: SFNClient;
  let scheduler: SchedulerClient;
  let counter = 0;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true });
    sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, disableHostPrefix: true });
    scheduler = new SchedulerClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    sfn?.destroy();
    scheduler?.destroy();
    await sandbox?.stop();
  });

  /** Runs a one-Task EXPRESS machine synchronously; returns the execution's result. */
  async function runTask(action: string, parameters: Record<string, unknown>) {
    const definition = { StartAt: "Call", States: { Call: { Type: "Task", Resource: `arn:aws:states:::aws-sdk:scheduler:${action}`, Parameters: parameters, End: true } } };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: `scheduler-sdk-${++counter}`, definition: JSON.stringify(definition), roleArn: "arn:aws:iam::123456789012:role/sfn", type: "EXPRESS" }),
    );
    return sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: "{}" }));
  }

  it("createSchedule makes a schedule GetSchedule shows; getSchedule reports it in PascalCase, dates as ISO text", async () => {
    const created = await runTask("createSchedule", {
      Name: "from-sfn",
      GroupName: "default",
      ScheduleExpression: "rate(1 day)",
      State: "DISABLED",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:scheduler-inbox", RoleArn: "arn:aws:iam::000000000000:role/scheduler", Input: "{\"n\":1}" },
    });
    expect(created.status).toBe("SUCCEEDED");
    expect(JSON.parse(created.output ?? "null")).toEqual({ ScheduleArn: "arn:aws:scheduler:us-east-1:000000000000:schedule/default/from-sfn" });

    const direct = await scheduler.send(new GetScheduleCommand({ Name: "from-sfn" }));
    expect(direct).toMatchObject({ State: "DISABLED", ScheduleExpression: "rate(1 day)", Target: { Input: "{\"n\":1}" } });

    const got = await runTask("getSchedule", { Name: "from-sfn" });
    const output = JSON.parse(got.output ?? "null") as Record<string, unknown>;
    expect(output).toMatchObject({
      Arn: "arn:aws:scheduler:us-east-1:000000000000:schedule/default/from-sfn",
      Name: "from-sfn",
      GroupName: "default",
      State: "DISABLED",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:scheduler-inbox", Input: "{\"n\":1}", RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 } },
    });
    expect(String(output.CreationDate)).toMatch(ISO);
  });

  it("listSchedules and listScheduleGroups read the API, the template's group among them", async () => {
    const schedules = JSON.parse((await runTask("listSchedules", { GroupName: "default" })).output ?? "null") as { Schedules: Record<string, unknown>[] };
    expect(schedules.Schedules).toContainEqual(expect.objectContaining({ Name: "from-sfn", Target: { Arn: "arn:aws:sqs:us-east-1:000000000000:scheduler-inbox" } }));
    const groups = JSON.parse((await runTask("listScheduleGroups", {})).output ?? "null") as { ScheduleGroups: Record<string, unknown>[] };
    expect(groups.ScheduleGroups.map((g) => g.Name)).toEqual(expect.arrayContaining(["default"]));
    // The default group has no dates (the AWS CLI's list-schedule-groups example).
    expect(groups.ScheduleGroups.every((g) => g.State === "ACTIVE" && (g.Name === "default" ? g.CreationDate === undefined : ISO.test(String(g.CreationDate))))).toBe(true);
  });

  it("deleteSchedule removes it; a missing schedule fails as Scheduler.ResourceNotFoundException", async () => {
    expect((await runTask("deleteSchedule", { Name: "from-sfn" })).status).toBe("SUCCEEDED");
    const missing = await runTask("getSchedule", { Name: "from-sfn" });
    expect(missing.status).toBe("FAILED");
    expect(missing.error).toBe("Scheduler.ResourceNotFoundException");
    expect(missing.cause).toMatch(/^Schedule from-sfn does not exist\. \(Service: Scheduler, Status Code: 404, Request ID: [0-9a-f-]+\)$/);
  });
});
