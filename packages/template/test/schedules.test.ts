import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

/** A template whose function Tick has the event `Properties` (YAML flow map) of type `type`. */
const tick = (type: string, props: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Tick:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => {};"
      Events:
        Every:
          Type: ${type}
          Properties: ${props}
`;

describe("function Schedule events (EventBridge rules)", () => {
  it("reads Schedule, Input, Name and Description, and warns about nothing", async () => {
    const model = await apps.load(tick("Schedule", `{ Schedule: rate(5 minutes), Input: '{"n": 1}', Name: ticker, Description: Every five minutes }`));
    expect(model.functions[0].schedules).toEqual([{
      eventId: "Every",
      kind: "Schedule",
      expression: "rate(5 minutes)",
      input: '{"n": 1}',
      enabled: true,
      name: "ticker",
      description: "Every five minutes",
      line: 10,
    }]);
    expect(model.warnings).toEqual([]);
  });

  it("takes Enabled or State, not both, as SAM does", async () => {
    let model = await apps.load(tick("Schedule", "{ Schedule: rate(1 hour), Enabled: false }"));
    expect(model.functions[0].schedules[0].enabled).toBe(false);
    model = await apps.load(tick("Schedule", "{ Schedule: rate(1 hour), State: DISABLED }"));
    expect(model.functions[0].schedules[0].enabled).toBe(false);
    model = await apps.load(tick("Schedule", "{ Schedule: rate(1 hour), State: ENABLED }"));
    expect(model.functions[0].schedules[0].enabled).toBe(true);
    const error = await sandboxError(apps.load(tick("Schedule", "{ Schedule: rate(1 hour), Enabled: true, State: ENABLED }")));
    expect(error.message).toBe("Event with id [Every] is invalid. State and Enabled Properties cannot both be specified.");
    expect(error.line).toBe(10);
  });

  it("refuses a missing Schedule, an expression of the wrong shape, and an Input that is not a string", async () => {
    let error = await sandboxError(apps.load(tick("Schedule", "{ Input: '{}' }")));
    expect(error.message).toBe("Resource with id [TickEvery] is invalid. Missing required property 'Schedule'.");
    error = await sandboxError(apps.load(tick("Schedule", "{ Schedule: at(2030-01-01T00:00:00) }")));
    expect(error.message).toBe("Every: Parameter ScheduleExpression is not valid.");
    error = await sandboxError(apps.load(tick("Schedule", "{ Schedule: rate(1 hour), Input: { n: 1 } }")));
    expect(error.message).toBe("Resource with id [TickEvery] is invalid. Type of property 'Input' is invalid.");
  });
});

describe("function ScheduleV2 events (EventBridge Scheduler)", () => {
  it("reads ScheduleExpression, its time zone, Input and State, ignoring FlexibleTimeWindow", async () => {
    const model = await apps.load(tick("ScheduleV2", `{ ScheduleExpression: "cron(0 9 ? * MON-FRI *)", ScheduleExpressionTimezone: Europe/London,
            Input: '{"daily": true}', State: DISABLED, FlexibleTimeWindow: { Mode: FLEXIBLE, MaximumWindowInMinutes: 5 } }`));
    expect(model.functions[0].schedules).toEqual([{
      eventId: "Every",
      kind: "ScheduleV2",
      expression: "cron(0 9 ? * MON-FRI *)",
      timezone: "Europe/London",
      input: '{"daily": true}',
      enabled: false,
      // SAM names the schedule "<Function><EventId>" unless told otherwise.
      name: "TickEvery",
      line: 10,
    }]);
    expect(model.warnings).toEqual([]);
  });

  it("takes at() expressions, and lets OmitName leave the name to CloudFormation", async () => {
    const model = await apps.load(tick("ScheduleV2", "{ ScheduleExpression: at(2030-01-01T00:00:00), OmitName: true }"));
    expect(model.functions[0].schedules[0]).toMatchObject({ expression: "at(2030-01-01T00:00:00)", enabled: true });
    expect(model.functions[0].schedules[0].name).toMatch(/^app-TickEvery-[A-Z0-9]{12}$/);
    const error = await sandboxError(apps.load(tick("ScheduleV2", "{ ScheduleExpression: rate(1 hour), OmitName: true, Name: mine }")));
    expect(error.message).toBe("Event with id [TickEvery] is invalid. Name cannot be set when OmitName is True");
  });

  it("refuses a missing ScheduleExpression", async () => {
    const error = await sandboxError(apps.load(tick("ScheduleV2", "{ Schedule: rate(1 hour) }")));
    expect(error.message).toBe("Resource with id [TickEvery] is invalid. Missing required property 'ScheduleExpression'.");
  });
});

describe("the AWS::Scheduler::Schedule SAM generates for a ScheduleV2 event", () => {
  it("is \"<Function><EventId>\", named so, FlexibleTimeWindow OFF, its role \"<Function><EventId>Role\" generated", async () => {
    const model = await apps.load(tick("ScheduleV2", `{ ScheduleExpression: rate(1 hour), Input: '{"n": 1}', Description: Hourly, ScheduleExpressionTimezone: Asia/Tokyo }`));
    const fn = model.functions[0];
    const role = model.generatedRoles.find((r) => r.logicalId === "TickEveryRole");
    expect(role?.roleName).toMatch(/^app-TickEveryRole-[A-Z0-9]+$/);
    expect(model.resources.TickEvery).toMatchObject({
      type: "AWS::Scheduler::Schedule",
      ref: "TickEvery",
      line: 10,
      properties: {
        Name: "TickEvery",
        ScheduleExpression: "rate(1 hour)",
        Description: "Hourly",
        ScheduleExpressionTimezone: "Asia/Tokyo",
        FlexibleTimeWindow: { Mode: "OFF" },
        Target: { Arn: fn.arn, RoleArn: `arn:aws:iam::000000000000:role/${String(role?.roleName)}`, Input: '{"n": 1}' },
      },
    });
    expect(model.resources.TickEvery.attributes.Arn).toBe("arn:aws:scheduler:us-east-1:000000000000:schedule/default/TickEvery");
    expect(model.warnings).toEqual([]);
  });

  it("passes Name, GroupName, State, FlexibleTimeWindow, RetryPolicy and RoleArn through (no role generated then)", async () => {
    const model = await apps.load(tick("ScheduleV2", `{ ScheduleExpression: rate(1 hour), Name: mine, GroupName: team, State: DISABLED,
            FlexibleTimeWindow: { Mode: FLEXIBLE, MaximumWindowInMinutes: 5 }, RetryPolicy: { MaximumRetryAttempts: 2 },
            RoleArn: "arn:aws:iam::000000000000:role/mine" }`));
    expect(model.resources.TickEvery.properties).toEqual({
      Name: "mine",
      GroupName: "team",
      State: "DISABLED",
      ScheduleExpression: "rate(1 hour)",
      FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 5 },
      Target: { Arn: model.functions[0].arn, RoleArn: "arn:aws:iam::000000000000:role/mine", RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
    expect(model.resources.TickEvery.attributes.Arn).toBe("arn:aws:scheduler:us-east-1:000000000000:schedule/team/mine");
    expect(model.generatedRoles.map((r) => r.logicalId)).not.toContain("TickEveryRole");
  });

  it("leaves the name to CloudFormation with OmitName", async () => {
    const model = await apps.load(tick("ScheduleV2", "{ ScheduleExpression: rate(1 hour), OmitName: true }"));
    expect(model.resources.TickEvery.properties.Name).toBeUndefined();
    expect(model.resources.TickEvery.ref).toBe(model.functions[0].schedules[0].name);
  });

  // samtranslator model/eventsources/scheduler.py _get_dlq_queue_arn_and_resources: an SQSQueue
  // "<schedule id>Queue" (or QueueLogicalId), its Arn (Fn::GetAtt) as the target's DeadLetterConfig.Arn.
  it("generates the dead-letter queue \"<Function><EventId>Queue\" for DeadLetterConfig {Type: SQS}", async () => {
    const model = await apps.load(tick("ScheduleV2", "{ ScheduleExpression: rate(1 hour), DeadLetterConfig: { Type: SQS } }"));
    const queue = model.resources.TickEveryQueue;
    expect(queue).toMatchObject({ type: "AWS::SQS::Queue", line: 10 });
    expect(queue.attributes.Arn).toMatch(/^arn:aws:sqs:us-east-1:000000000000:app-TickEveryQueue-[A-Za-z0-9]+$/);
    expect(model.resources.TickEvery.properties.Target).toMatchObject({ DeadLetterConfig: { Arn: queue.attributes.Arn } });
    expect(model.warnings).toEqual([]);
  });

  it("names the queue QueueLogicalId, and keeps a DeadLetterConfig Arn as written", async () => {
    const named = await apps.load(tick("ScheduleV2", "{ ScheduleExpression: rate(1 hour), DeadLetterConfig: { Type: SQS, QueueLogicalId: Missed } }"));
    expect(named.resources.Missed?.type).toBe("AWS::SQS::Queue");
    expect(named.resources.TickEveryQueue).toBeUndefined();
    expect(named.resources.TickEvery.properties.Target).toMatchObject({ DeadLetterConfig: { Arn: named.resources.Missed?.attributes.Arn } });
    const arn = "arn:aws:sqs:us-east-1:000000000000:mine";
    const given = await apps.load(tick("ScheduleV2", `{ ScheduleExpression: rate(1 hour), DeadLetterConfig: { Arn: "${arn}" } }`));
    expect(given.resources.TickEvery.properties.Target).toMatchObject({ DeadLetterConfig: { Arn: arn } });
    expect(given.resources.TickEveryQueue).toBeUndefined();
  });

  it("refuses a DeadLetterConfig SAM refuses, with its messages", async () => {
    const load = (config: string) => sandboxError(apps.load(tick("ScheduleV2", `{ ScheduleExpression: rate(1 hour), DeadLetterConfig: ${config} }`)));
    expect((await load('{ Type: SQS, Arn: "arn:aws:sqs:us-east-1:000000000000:q" }')).message).toBe(
      "Event with id [TickEvery] is invalid. You can either define 'Arn' or 'Type' property of DeadLetterConfig.",
    );
    expect((await load("{ Type: SNS }")).message).toBe("Event with id [TickEvery] is invalid. The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
    expect((await load("{}")).message).toBe("Event with id [TickEvery] is invalid. No 'Arn' or 'Type' property provided for DeadLetterConfig.");
  });
});
