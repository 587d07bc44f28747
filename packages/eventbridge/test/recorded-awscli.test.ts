/**
 * The AWS CLI's own EventBridge (CloudWatch Events) examples (aws/aws-cli,
 * awscli/examples/events/*.rst), replayed through the AWS SDK v3 client. The examples print no
 * answers except test-event-pattern's ("the output would be true"): each command is run with the
 * example's inputs and what it leaves behind is read back.
 */
import {
  DeleteRuleCommand, DescribeRuleCommand, DisableRuleCommand, EnableRuleCommand, ListRuleNamesByTargetCommand, ListRulesCommand,
  ListTargetsByRuleCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand, TestEventPatternCommand,
} from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startEventBridge, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startEventBridge();
});
afterAll(() => h.close());

const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:MyFunctionName";
const ROLE = "arn:aws:iam::123456789012:role/MyRoleForThisRule";
const EC2_PATTERN = '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}';

describe("awscli/examples/events", () => {
  it("put-rule.rst: a schedule and two patterns, each answered with its RuleArn", async () => {
    const daily = await h.client.send(new PutRuleCommand({ Name: "DailyLambdaFunction", ScheduleExpression: "cron(0 9 * * ? *)" }));
    expect(daily.RuleArn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/DailyLambdaFunction`);
    await h.client.send(new PutRuleCommand({ Name: "EC2InstanceStateChanges", EventPattern: EC2_PATTERN, RoleArn: ROLE }));
    await h.client.send(new PutRuleCommand({
      Name: "EC2InstanceStateChangeStopOrTerminate", RoleArn: ROLE,
      EventPattern: '{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["stopped","terminated"]}}',
    }));
    const { $metadata: _metadata, ...described } = await h.client.send(new DescribeRuleCommand({ Name: "DailyLambdaFunction" }));
    expect(described).toEqual({
      Name: "DailyLambdaFunction", Arn: daily.RuleArn, ScheduleExpression: "cron(0 9 * * ? *)", State: "ENABLED", EventBusName: "default", CreatedBy: ACCOUNT,
    });
  });

  it("put-targets.rst, list-targets-by-rule.rst, list-rule-names-by-target.rst", async () => {
    const put = await h.client.send(new PutTargetsCommand({ Rule: "DailyLambdaFunction", Targets: [{ Id: "1", Arn: FUNCTION }] }));
    expect([put.FailedEntryCount, put.FailedEntries]).toEqual([0, []]);
    await h.client.send(new PutTargetsCommand({
      Rule: "EC2InstanceStateChanges", Targets: [{ Id: "1", Arn: "arn:aws:kinesis:us-east-1:123456789012:stream/MyStream", RoleArn: ROLE }],
    }));
    expect((await h.client.send(new ListTargetsByRuleCommand({ Rule: "DailyLambdaFunction" }))).Targets).toEqual([{ Id: "1", Arn: FUNCTION }]);
    expect((await h.client.send(new ListRuleNamesByTargetCommand({ TargetArn: FUNCTION }))).RuleNames).toEqual(["DailyLambdaFunction"]);
  });

  it("list-rules.rst: every rule, then those named Daily…", async () => {
    const all = await h.client.send(new ListRulesCommand({}));
    expect(all.Rules?.map((r) => r.Name).sort()).toEqual(["DailyLambdaFunction", "EC2InstanceStateChangeStopOrTerminate", "EC2InstanceStateChanges"]);
    expect(all.Rules?.find((r) => r.Name === "EC2InstanceStateChanges")).toMatchObject({ EventPattern: EC2_PATTERN, State: "ENABLED", RoleArn: ROLE, EventBusName: "default" });
    const daily = await h.client.send(new ListRulesCommand({ NamePrefix: "Daily" }));
    expect(daily.Rules?.map((r) => r.Name)).toEqual(["DailyLambdaFunction"]);
  });

  it("disable-rule.rst, enable-rule.rst", async () => {
    await h.client.send(new DisableRuleCommand({ Name: "DailyLambdaFunction" }));
    expect((await h.client.send(new DescribeRuleCommand({ Name: "DailyLambdaFunction" }))).State).toBe("DISABLED");
    await h.client.send(new EnableRuleCommand({ Name: "DailyLambdaFunction" }));
    expect((await h.client.send(new DescribeRuleCommand({ Name: "DailyLambdaFunction" }))).State).toBe("ENABLED");
  });

  it("put-events.rst: two custom events, each given an EventId", async () => {
    const entry = (key1: string, key2: string) => ({
      Source: "com.mycompany.myapp", Detail: JSON.stringify({ key1, key2 }), Resources: ["resource1", "resource2"], DetailType: "myDetailType",
    });
    const sent = await h.client.send(new PutEventsCommand({ Entries: [entry("value1", "value2"), entry("value3", "value4")] }));
    expect(sent.FailedEntryCount).toBe(0);
    expect(sent.Entries?.map((e) => Object.keys(e))).toEqual([["EventId"], ["EventId"]]);
  });

  it("test-event-pattern.rst: the source pattern matches the example's event", async () => {
    const tested = await h.client.send(new TestEventPatternCommand({
      EventPattern: '{"source":["com.mycompany.myapp"]}',
      Event: '{"id":"1","source":"com.mycompany.myapp","detail-type":"myDetailType","account":"123456789012","region":"us-east-1","time":"2017-04-11T20:11:04Z"}',
    }));
    expect(tested.Result).toBe(true);
  });

  it("remove-targets.rst, delete-rule.rst: a rule goes once its targets are removed", async () => {
    const removed = await h.client.send(new RemoveTargetsCommand({ Rule: "EC2InstanceStateChanges", Ids: ["1"] }));
    expect([removed.FailedEntryCount, removed.FailedEntries]).toEqual([0, []]);
    await h.client.send(new DeleteRuleCommand({ Name: "EC2InstanceStateChanges" }));
    expect((await h.client.send(new ListRulesCommand({ NamePrefix: "EC2InstanceStateChanges" }))).Rules).toEqual([]);
  });
});
