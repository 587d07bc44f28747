/**
 * The EventBridge Scheduler API on the edge port: routed by its SigV4 signing name, its
 * schedules firing into the template's queue and kept across a restart. Error text as recorded
 * on AWS (localstack tests/aws/services/scheduler/test_scheduler.snapshot.json, test_delete_schedule_not_found);
 * the template's schedule group and schedule as GetSchedule shows them after a CloudFormation deploy
 * (localstack tests/aws/services/scheduler/resource_providers/test_scheduler.snapshot.json, recorded).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { afterAll, describe, expect, it } from "vitest";

const fixture = join(import.meta.dirname, "fixtures", "scheduler-api");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
/** A SigV4 header naming the "scheduler" service: the edge routes by it (signatures are not checked). */
const SIGNED = { authorization: "AWS4-HMAC-SHA256 Credential=test/20261126/us-east-1/scheduler/aws4_request, SignedHeaders=host, Signature=0", "content-type": "application/json" };

const dataDir = mkdtempSync(join(tmpdir(), "sandbox-scheduler-api-"));
let sandbox: RunningSandbox | undefined;

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const scheduler = (path: string, init: { method: string; body?: unknown } = { method: "GET" }) =>
  fetch(`${sandbox?.endpoint}${path}`, { method: init.method, headers: SIGNED, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });

describe("EventBridge Scheduler API on the edge", () => {
  it("creates a schedule that sends its Input to a queue, and keeps it across a restart", async () => {
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, dataDir });
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: "scheduler-inbox" }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
    const target = { Arn: Attributes?.QueueArn, RoleArn: "arn:aws:iam::123456789012:role/scheduler", Input: '{"hello":"world"}' };
    const created = await scheduler("/schedules/every-hour", { method: "POST", body: { ScheduleExpression: "rate(1 hour)", FlexibleTimeWindow: { Mode: "OFF" }, Target: target } });
    expect(created.status).toBe(200);
    expect(((await created.json()) as { ScheduleArn: string }).ScheduleArn).toMatch(/^arn:aws:scheduler:us-east-1:\d{12}:schedule\/default\/every-hour$/);
    // A Scheduler rate with no StartDate starts invoking its target at once.
    let body: string | undefined;
    for (let i = 0; i < 20 && body === undefined; i++) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      body = Messages?.[0]?.Body;
    }
    expect(body).toBe('{"hello":"world"}');

    // SNS → SQS carries the Publish's trace header (localstack test_publish_sqs_from_sns_with_xray_propagation, recorded).
    const sns = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${sandbox?.endpoint}/`, {
        method: "POST",
        headers: { ...SIGNED, authorization: SIGNED.authorization.replace("/scheduler/", "/sns/"), "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ Version: "2010-03-31", ...form }).toString(),
      });
    const topicXml = await (await sns({ Action: "CreateTopic", Name: "traced" })).text();
    const topicArn = /<TopicArn>([^<]+)<\/TopicArn>/.exec(topicXml)?.[1] ?? "";
    expect((await sns({ Action: "Subscribe", TopicArn: topicArn, Protocol: "sqs", Endpoint: Attributes?.QueueArn ?? "" })).status).toBe(200);
    const root = "Root=1-3152b799-8954dae64eda91bc9a23a7e8";
    expect((await sns({ Action: "Publish", TopicArn: topicArn, Message: "X-Ray propagation test msg" }, { "x-amzn-trace-id": `${root};Parent=7fa8c0f79203be72;Sampled=1` })).status).toBe(200);
    let traced: string | undefined;
    for (let i = 0; i < 20 && traced === undefined; i++) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MessageSystemAttributeNames: ["AWSTraceHeader"] }));
      const message = Messages?.find((m) => m.Body?.includes("X-Ray propagation test msg"));
      traced = message?.Attributes?.AWSTraceHeader;
    }
    expect(traced?.startsWith(`${root};`)).toBe(true);
    sqs.destroy();

    const missing = await scheduler("/schedules/not-existing-schedule-name", { method: "DELETE" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
    expect(await missing.json()).toEqual({ Message: "Schedule not-existing-schedule-name does not exist." });

    // The template's AWS::Scheduler::ScheduleGroup and the schedule in it, as CloudFormation leaves them.
    const groupName = sandbox.app.outputs.GroupName?.value;
    const scheduleName = sandbox.app.outputs.ScheduleName?.value;
    const group = await scheduler(`/schedule-groups/${String(groupName)}`);
    expect(await group.json()).toMatchObject({ Name: groupName, State: "ACTIVE", Arn: expect.stringMatching(new RegExp(`:schedule-group/${String(groupName)}$`)) });
    const nightly = await scheduler(`/schedules/${String(scheduleName)}?groupName=${String(groupName)}`);
    expect(nightly.status).toBe(200);
    const { CreationDate: _created, LastModificationDate: _modified, ...shown } = (await nightly.json()) as Record<string, unknown>;
    expect(shown).toEqual({
      ActionAfterCompletion: "NONE",
      Arn: expect.stringMatching(new RegExp(`:schedule/${String(groupName)}/${String(scheduleName)}$`)),
      FlexibleTimeWindow: { MaximumWindowInMinutes: 60, Mode: "FLEXIBLE" },
      GroupName: groupName,
      Name: scheduleName,
      ScheduleExpression: "cron(0 0 * * ? *)",
      ScheduleExpressionTimezone: "UTC",
      State: "ENABLED",
      Target: { Arn: Attributes?.QueueArn, RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 }, RoleArn: "arn:aws:iam::123456789012:role/scheduler" },
    });

    await sandbox.stop();
    sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, dataDir });
    const kept = await scheduler("/schedules/every-hour");
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ Name: "every-hour", GroupName: "default", ScheduleExpression: "rate(1 hour)", State: "ENABLED", Target: { Input: '{"hello":"world"}' } });
  });
});
