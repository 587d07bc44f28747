/**
 * Ref and Fn::GetAtt of EventBridge Scheduler resources as CloudFormation answers them: the
 * schedule's ARN names its group, the group's ARN is "schedule-group/<name>" (localstack
 * tests/aws/services/scheduler/resource_providers/test_scheduler.snapshot.json, recorded on AWS).
 */
import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("AWS::Scheduler::Schedule and AWS::Scheduler::ScheduleGroup identities", () => {
  it("take Name, or the name CloudFormation generates, and the Scheduler's ARN forms", async () => {
    const model = await apps.load(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Group: { Type: AWS::Scheduler::ScheduleGroup, Properties: { Name: team } }
  Named:
    Type: AWS::Scheduler::Schedule
    Properties:
      Name: MySchedule
      GroupName: !Ref Group
      ScheduleExpression: rate(5 minutes)
      FlexibleTimeWindow: { Mode: "OFF" }
      Target: { Arn: arn:aws:sqs:us-east-1:000000000000:q, RoleArn: arn:aws:iam::000000000000:role/r }
  Unnamed:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: rate(5 minutes)
      FlexibleTimeWindow: { Mode: "OFF" }
      Target: { Arn: arn:aws:sqs:us-east-1:000000000000:q, RoleArn: arn:aws:iam::000000000000:role/r }
Outputs:
  Named: { Value: !Ref Named }
  NamedArn: { Value: !GetAtt Named.Arn }
  Unnamed: { Value: !Ref Unnamed }
  UnnamedArn: { Value: !GetAtt Unnamed.Arn }
  Group: { Value: !Ref Group }
  GroupArn: { Value: !GetAtt Group.Arn }
`);
    const out = Object.fromEntries(Object.entries(model.outputs).map(([key, output]) => [key, output.value]));
    expect(out.Named).toBe("MySchedule");
    expect(out.NamedArn).toBe("arn:aws:scheduler:us-east-1:000000000000:schedule/team/MySchedule");
    expect(out.Unnamed).toMatch(/^[\w-]+-Unnamed-[A-Z0-9]+$/);
    expect(out.UnnamedArn).toBe(`arn:aws:scheduler:us-east-1:000000000000:schedule/default/${String(out.Unnamed)}`);
    expect(out.Group).toBe("team");
    expect(out.GroupArn).toBe("arn:aws:scheduler:us-east-1:000000000000:schedule-group/team");
  });
});
