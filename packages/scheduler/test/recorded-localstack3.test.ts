/**
 * The EventBridge Scheduler API against cases recorded on real AWS in localstack
 * tests/aws/services/scheduler/test_scheduler.snapshot.json (the test named in each describe),
 * and moto tests/test_scheduler for the texts AWS's recordings do not hold.
 */
import {
  ConflictException, CreateScheduleCommand, CreateScheduleGroupCommand, DeleteScheduleCommand, DeleteScheduleGroupCommand, GetScheduleCommand,
  GetScheduleGroupCommand, ListScheduleGroupsCommand, ListSchedulesCommand, ListTagsForResourceCommand, ResourceNotFoundException, SchedulerClient,
  TagResourceCommand, UntagResourceCommand, UpdateScheduleCommand, ValidationException, type CreateScheduleCommandInput,
} from "@aws-sdk/client-scheduler";
import { serveHandler, silentLogger, VirtualClock, type LambdaInvokeRequest } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchedulerService, type SchedulerService } from "../src/index.js";

const ACCOUNT = "111111111111";
const NOW = Date.UTC(2026, 0, 8, 9, 0, 0);
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler`;
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:tick`;

const clock = new VirtualClock(NOW);
const invoked: LambdaInvokeRequest[] = [];
const dispatched: Array<{ service: string; action: string; input: Record<string, unknown> }> = [];
let service: SchedulerService;
let client: SchedulerClient;
let close: () => Promise<void>;

beforeAll(async () => {
  service = await createSchedulerService({
    clock, logger: silentLogger, region: "us-east-1", accountId: ACCOUNT,
    invoker: { invoke: async (request) => (invoked.push(request), { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" }) },
    dispatcher: { call: async (svc, action, input) => (dispatched.push({ service: svc, action, input }), {}) },
  });
  const server = await serveHandler(service.service.handle);
  client = new SchedulerClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  close = async () => {
    client.destroy();
    await service.close();
    await server.close();
  };
});

afterAll(() => close());

const schedule = (Name: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name,
  ScheduleExpression: "rate(1 minute)",
  FlexibleTimeWindow: { Mode: "OFF" },
  Target: { Arn: QUEUE, RoleArn: ROLE, Input: JSON.stringify({ key: "value" }) },
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail");
}

describe("tests_create_schedule_with_invalid_schedule_expression", () => {
  it.each([
    "cron(0 1 * * * *)", "cron(7 20 * * NOT *)", "cron(INVALID)", "cron(0 dummy ? * MON-FRI *)", "cron(71 8 1 * ? *)", "cron()",
    "rate(10 seconds)", "rate(10 years)", "rate()", "rate(10)", "rate(10 minutess)", "rate(foo minutes)", "rate(-10 minutes)",
    "rate( 10 minutes )", " rate(10 minutes)", "at(2021-12-31T23:59:59Z)", "at(2021-12-31)",
  ])("refuses %s with \"Invalid Schedule Expression <expression>.\"", async (ScheduleExpression) => {
    const error = await failure(client.send(new CreateScheduleCommand(schedule("invalid", { ScheduleExpression }))));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe(`Invalid Schedule Expression ${ScheduleExpression}.`);
  });
});

describe("test_get_schedule / test_update_schedule", () => {
  it("shows AWS's defaults: NONE after completion, UTC, ENABLED, the retry policy", async () => {
    const created = await client.send(new CreateScheduleCommand(schedule("defaults", { FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 60 }, Description: "Test description" })));
    expect(created.ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/defaults`);
    const { $metadata: _metadata, CreationDate, LastModificationDate, ...shown } = await client.send(new GetScheduleCommand({ Name: "defaults" }));
    expect(shown).toEqual({
      ActionAfterCompletion: "NONE",
      Arn: created.ScheduleArn,
      Description: "Test description",
      FlexibleTimeWindow: { MaximumWindowInMinutes: 60, Mode: "FLEXIBLE" },
      GroupName: "default",
      Name: "defaults",
      ScheduleExpression: "rate(1 minute)",
      ScheduleExpressionTimezone: "UTC",
      State: "ENABLED",
      Target: { Arn: QUEUE, Input: '{"key":"value"}', RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 }, RoleArn: ROLE },
    });
    expect(CreationDate?.getTime()).toBe(NOW);
    expect(LastModificationDate?.getTime()).toBe(NOW);
  });

  it("replaces the whole schedule on update, and takes a plural-less rate(2 minute)", async () => {
    await client.send(new CreateScheduleCommand(schedule("replaced", { Description: "Test description" })));
    const updated = await client.send(
      new UpdateScheduleCommand(schedule("replaced", { ScheduleExpression: "rate(2 minute)", State: "DISABLED", ActionAfterCompletion: "DELETE", Target: { Arn: QUEUE, RoleArn: ROLE, Input: '{"otherkey":"othervalue"}' } })),
    );
    expect(updated.ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/replaced`);
    const got = await client.send(new GetScheduleCommand({ Name: "replaced" }));
    expect(got).toMatchObject({ ScheduleExpression: "rate(2 minute)", State: "DISABLED", ActionAfterCompletion: "DELETE", FlexibleTimeWindow: { Mode: "OFF" } });
    expect(got.Description).toBeUndefined();
    expect(got.Target?.Input).toBe('{"otherkey":"othervalue"}');
  });
});

describe("test_delete_schedule / test_delete_schedule_not_found", () => {
  it("deletes, then answers 404 \"Schedule <name> does not exist.\"", async () => {
    await client.send(new CreateScheduleCommand(schedule("doomed")));
    await client.send(new DeleteScheduleCommand({ Name: "doomed" }));
    expect((await client.send(new ListSchedulesCommand({ NamePrefix: "doomed" }))).Schedules).toEqual([]);
    const error = await failure(client.send(new DeleteScheduleCommand({ Name: "not-existing-schedule-name" })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toBe("Schedule not-existing-schedule-name does not exist.");
  });

  it("refuses a second schedule of the same name (moto test_create_duplicate_schedule)", async () => {
    await client.send(new CreateScheduleCommand(schedule("twice")));
    const error = await failure(client.send(new CreateScheduleCommand(schedule("twice"))));
    expect(error).toBeInstanceOf(ConflictException);
    expect(error.message).toBe("Schedule twice already exists.");
  });
});

describe("test_tag_resource / test_untag_resource and schedule groups", () => {
  it("tags a schedule group, lists and removes its tags", async () => {
    const { ScheduleGroupArn } = await client.send(new CreateScheduleGroupCommand({ Name: "tagged" }));
    expect(ScheduleGroupArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/tagged`);
    await client.send(new TagResourceCommand({ ResourceArn: ScheduleGroupArn, Tags: [{ Key: "TagKey", Value: "TagValue" }] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags).toEqual([{ Key: "TagKey", Value: "TagValue" }]);
    await client.send(new UntagResourceCommand({ ResourceArn: ScheduleGroupArn, TagKeys: ["TagKey"] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags).toEqual([]);
  });

  it("lists the default group first, keeps schedules per group and deletes them with their group", async () => {
    await client.send(new CreateScheduleGroupCommand({ Name: "team" }));
    expect((await client.send(new ListScheduleGroupsCommand({}))).ScheduleGroups?.map((g) => [g.Name, g.State]).slice(0, 1)).toEqual([["default", "ACTIVE"]]);
    await client.send(new CreateScheduleCommand(schedule("nightly", { GroupName: "team" })));
    expect((await client.send(new GetScheduleCommand({ Name: "nightly", GroupName: "team" }))).Arn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/team/nightly`);
    const listed = await client.send(new ListSchedulesCommand({ GroupName: "team" }));
    expect(listed.Schedules?.map((s) => ({ Name: s.Name, GroupName: s.GroupName, State: s.State, Target: s.Target }))).toEqual([
      { Name: "nightly", GroupName: "team", State: "ENABLED", Target: { Arn: QUEUE } },
    ]);
    await client.send(new DeleteScheduleGroupCommand({ Name: "team" }));
    const gone = await failure(client.send(new GetScheduleGroupCommand({ Name: "team" })));
    expect(gone.message).toBe("Schedule group team does not exist.");
    expect((await client.send(new ListSchedulesCommand({}))).Schedules?.some((s) => s.GroupName === "team")).toBe(false);
  });
});

describe("firing", () => {
  it("invokes a function target with the schedule's Input, on the sandbox clock", async () => {
    await client.send(new CreateScheduleCommand({ Name: "tick", ScheduleExpression: "rate(5 minutes)", FlexibleTimeWindow: { Mode: "OFF" }, Target: { Arn: FUNCTION, RoleArn: ROLE, Input: '{"n":1}' } }));
    await clock.advance(5 * 60_000);
    await new Promise((resolve) => setImmediate(resolve));
    const ticks = invoked.filter((r) => r.functionName === FUNCTION);
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    expect(ticks[0]).toMatchObject({ invocationType: "Event", source: "scheduler" });
    expect(ticks[0].payload.toString()).toBe('{"n":1}');
  });

  it("sends an SQS target the Input and deletes a one-time schedule after it fires when told to", async () => {
    dispatched.length = 0;
    const at = new Date(NOW + 3_600_000).toISOString().slice(0, 19);
    const Target = { Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:once`, RoleArn: ROLE, Input: '{"key":"value"}' };
    await client.send(new CreateScheduleCommand(schedule("once", { ScheduleExpression: `at(${at})`, ActionAfterCompletion: "DELETE", Target })));
    await clock.advance(3_600_000);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(dispatched.filter((d) => String(d.input.QueueUrl).endsWith("/once"))).toEqual([
      { service: "sqs", action: "SendMessage", input: { QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/once`, MessageBody: '{"key":"value"}' } },
    ]);
    const error = await failure(client.send(new GetScheduleCommand({ Name: "once" })));
    expect(error.message).toBe("Schedule once does not exist.");
  });
});
