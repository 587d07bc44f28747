/**
 * The AWS CLI's own EventBridge Scheduler examples (aws/aws-cli, awscli/examples/scheduler/*.rst:
 * commands and the answers AWS gave them), replayed through the AWS SDK v3 client; the shapes are
 * compared, the author's values (ARNs, times) are not.
 */
import {
  CreateScheduleCommand, CreateScheduleGroupCommand, DeleteScheduleCommand, DeleteScheduleGroupCommand, GetScheduleCommand, GetScheduleGroupCommand,
  ListScheduleGroupsCommand, ListSchedulesCommand, ListTagsForResourceCommand, SchedulerClient, TagResourceCommand, UntagResourceCommand,
  UpdateScheduleCommand,
} from "@aws-sdk/client-scheduler";
import { serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchedulerService, type SchedulerService } from "../src/index.js";

const ACCOUNT = "123456789012";
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:TestingSNS`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:EVENTBRIDGE`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/Amazon_EventBridge_Scheduler_SNS_32b911da8f`;

let service: SchedulerService;
let client: SchedulerClient;
let close: () => Promise<void>;

beforeAll(async () => {
  service = await createSchedulerService({
    clock: new VirtualClock(Date.UTC(2026, 10, 27, 9, 0, 0)), logger: silentLogger, region: "us-east-1", accountId: ACCOUNT,
    invoker: { invoke: async () => ({ statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" }) },
    dispatcher: { call: async () => ({}) },
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

describe("awscli/examples/scheduler", () => {
  it("create-schedule.rst, get-schedule.rst: AWS's defaults filled in", async () => {
    const created = await client.send(new CreateScheduleCommand({
      Name: "DailySNSFunction", ScheduleExpression: "cron(15 10 ? * 6L *)", FlexibleTimeWindow: { Mode: "OFF" }, Target: { Arn: TOPIC, RoleArn: ROLE },
    }));
    expect(created.ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/DailySNSFunction`);
    const { $metadata: _metadata, CreationDate, LastModificationDate, ...shown } = await client.send(new GetScheduleCommand({ Name: "DailySNSFunction" }));
    expect([CreationDate instanceof Date, LastModificationDate?.getTime() === CreationDate?.getTime()]).toEqual([true, true]);
    expect(shown).toEqual({
      ActionAfterCompletion: "NONE",
      Arn: created.ScheduleArn,
      FlexibleTimeWindow: { Mode: "OFF" },
      GroupName: "default",
      Name: "DailySNSFunction",
      ScheduleExpression: "cron(15 10 ? * 6L *)",
      ScheduleExpressionTimezone: "UTC",
      State: "ENABLED",
      Target: { Arn: TOPIC, RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 }, RoleArn: ROLE },
    });
  });

  it("update-schedule.rst, list-schedules.rst: a summary per schedule, its target's Arn alone", async () => {
    await client.send(new CreateScheduleCommand({ Name: "DailyLambda", ScheduleExpression: "rate(1 day)", FlexibleTimeWindow: { Mode: "OFF" }, Target: { Arn: QUEUE, RoleArn: ROLE } }));
    const updated = await client.send(new UpdateScheduleCommand({
      Name: "DailyLambda", FlexibleTimeWindow: { MaximumWindowInMinutes: 1, Mode: "FLEXIBLE" }, ScheduleExpression: "cron(15 10 ? * 6L *)", Target: { Arn: TOPIC, RoleArn: ROLE },
    }));
    expect(updated.ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/default/DailyLambda`);
    const { Schedules } = await client.send(new ListSchedulesCommand({}));
    expect(Schedules?.map((s) => Object.keys(s).sort())).toEqual([
      ["Arn", "CreationDate", "GroupName", "LastModificationDate", "Name", "State", "Target"],
      ["Arn", "CreationDate", "GroupName", "LastModificationDate", "Name", "State", "Target"],
    ]);
    expect(Schedules?.map((s) => [s.Name, s.GroupName, s.State, s.Target])).toEqual(expect.arrayContaining([
      ["DailySNSFunction", "default", "ENABLED", { Arn: TOPIC }],
      ["DailyLambda", "default", "ENABLED", { Arn: TOPIC }],
    ]));
  });

  it("create-schedule-group.rst, get-schedule-group.rst, list-schedule-groups.rst: the default group shows no dates", async () => {
    const created = await client.send(new CreateScheduleGroupCommand({ Name: "DailySNSFunction" }));
    expect(created.ScheduleGroupArn).toBe(`arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/DailySNSFunction`);
    const { $metadata: _metadata, ...group } = await client.send(new GetScheduleGroupCommand({ Name: "DailySNSFunction" }));
    expect(Object.keys(group).sort()).toEqual(["Arn", "CreationDate", "LastModificationDate", "Name", "State"]);
    expect([group.Name, group.State]).toEqual(["DailySNSFunction", "ACTIVE"]);
    const { ScheduleGroups } = await client.send(new ListScheduleGroupsCommand({}));
    expect(ScheduleGroups?.map((g) => ({ ...g, CreationDate: g.CreationDate && "date", LastModificationDate: g.LastModificationDate && "date" }))).toEqual([
      { Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/default`, Name: "default", State: "ACTIVE", CreationDate: undefined, LastModificationDate: undefined },
      { Arn: created.ScheduleGroupArn, Name: "DailySNSFunction", State: "ACTIVE", CreationDate: "date", LastModificationDate: "date" },
    ]);
    const { $metadata: _m, ...defaultGroup } = await client.send(new GetScheduleGroupCommand({ Name: "default" }));
    expect(defaultGroup).toEqual({ Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/default`, Name: "default", State: "ACTIVE" });
  });

  it("tag-resource.rst, list-tags-for-resource.rst, untag-resource.rst, delete-schedule.rst, delete-schedule-group.rst", async () => {
    const arn = `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule-group/DailySNSFunction`;
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "Team", Value: "Alpha" }, { Key: "Project", Value: "Beta" }] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "Team", Value: "Alpha" }, { Key: "Project", Value: "Beta" }]);
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["Team"] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "Project", Value: "Beta" }]);
    await client.send(new DeleteScheduleCommand({ Name: "DailySNSFunction" }));
    await client.send(new DeleteScheduleGroupCommand({ Name: "DailySNSFunction" }));
    expect((await client.send(new ListScheduleGroupsCommand({}))).ScheduleGroups?.map((g) => g.Name)).toEqual(["default"]);
  });
});
