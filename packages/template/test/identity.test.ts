import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadTemplate } from "../src/index.js";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("Ref and Fn::GetAtt of resources the sandbox keeps for later", () => {
  it("resolve to the ids and ARNs AWS would give them", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads: { Type: AWS::S3::Bucket }
  Named: { Type: AWS::S3::Bucket, Properties: { BucketName: my-named-bucket } }
  Orders: { Type: AWS::Serverless::StateMachine, Properties: { Definition: { StartAt: A, States: { A: { Type: Pass, End: true } } } } }
  Flow: { Type: AWS::StepFunctions::StateMachine, Properties: { StateMachineName: flow, DefinitionString: "{}", RoleArn: arn:aws:iam::000000000000:role/r } }
  Pool: { Type: AWS::Cognito::UserPool }
  Client: { Type: AWS::Cognito::UserPoolClient, Properties: { UserPoolId: !Ref Pool } }
  Identities: { Type: AWS::Cognito::IdentityPool, Properties: { AllowUnauthenticatedIdentities: false } }
  Fifo: { Type: AWS::SQS::Queue, Properties: { FifoQueue: true } }
  Logs: { Type: AWS::Logs::LogGroup, Properties: { LogGroupName: /app/logs } }
  Secret: { Type: AWS::SecretsManager::Secret, Properties: { Name: db } }
  Param: { Type: AWS::SSM::Parameter, Properties: { Name: /app/flag, Type: String, Value: "on" } }
  Rule: { Type: AWS::Events::Rule, Properties: { ScheduleExpression: rate(1 hour) } }
  Custom: { Type: AWS::Glue::Database, Properties: { CatalogId: !Ref AWS::AccountId } }
Outputs:
  Bucket: { Value: !Ref Uploads }
  BucketArn: { Value: !GetAtt Uploads.Arn }
  BucketDomain: { Value: !GetAtt Named.RegionalDomainName }
  Machine: { Value: !Ref Orders }
  MachineName: { Value: !GetAtt Flow.Name }
  Pool: { Value: !Ref Pool }
  PoolProvider: { Value: !GetAtt Pool.ProviderURL }
  Client: { Value: !Ref Client }
  Identities: { Value: !Ref Identities }
  Fifo: { Value: !GetAtt Fifo.QueueName }
  LogsArn: { Value: !GetAtt Logs.Arn }
  Secret: { Value: !Ref Secret }
  Param: { Value: !GetAtt Param.Value }
  RuleArn: { Value: !GetAtt Rule.Arn }
  CustomArn: { Value: !GetAtt Custom.Arn }
`);
    const out = Object.fromEntries(Object.entries(model.outputs).map(([k, v]) => [k, v.value]));
    expect(out.Bucket).toMatch(/^app-uploads-[a-z0-9]{12}$/);
    expect(out.BucketArn).toBe(`arn:aws:s3:::${out.Bucket}`);
    expect(out.BucketDomain).toBe("my-named-bucket.s3.us-east-1.amazonaws.com");
    expect(out.Machine).toMatch(/^arn:aws:states:us-east-1:000000000000:stateMachine:Orders-[A-Za-z0-9]{12}$/);
    expect(out.MachineName).toBe("flow");
    expect(out.Pool).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(out.PoolProvider).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${out.Pool}`);
    expect(out.Client).toMatch(/^[a-z0-9]{26}$/);
    expect(out.Identities).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(out.Fifo).toMatch(/^app-Fifo-[A-Z0-9]{12}\.fifo$/);
    expect(out.LogsArn).toBe("arn:aws:logs:us-east-1:000000000000:log-group:/app/logs:*");
    expect(out.Secret).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:db-[A-Za-z0-9]{6}$/);
    expect(out.Param).toBe("on");
    expect(out.RuleArn).toMatch(/^arn:aws:events:us-east-1:000000000000:rule\/app-Rule-[A-Z0-9]{12}$/);
    expect(out.CustomArn).toMatch(/^arn:aws:glue:us-east-1:000000000000:database\/app-Custom-[A-Z0-9]{12}$/);
    expect(model.resources.Client.properties.UserPoolId).toBe(out.Pool);
    expect(model.warnings).toContain("AWS::Glue::Database Custom is not emulated yet; skipped");
  });

  it("of an AWS::Kinesis::StreamConsumer: Ref is the consumer ARN (the stream's ARN, the name and a creation second), with CloudFormation's attributes", async () => {
    const model = await apps.load(`Resources:
  Orders: { Type: AWS::Kinesis::Stream, Properties: { Name: orders, ShardCount: 1 } }
  Fanout: { Type: AWS::Kinesis::StreamConsumer, Properties: { ConsumerName: fanout, StreamARN: !GetAtt Orders.Arn } }
Outputs:
  Ref: { Value: !Ref Fanout }
  Arn: { Value: !GetAtt Fanout.ConsumerARN }
  Name: { Value: !GetAtt Fanout.ConsumerName }
  Status: { Value: !GetAtt Fanout.ConsumerStatus }
  Created: { Value: !GetAtt Fanout.ConsumerCreationTimestamp }
  Stream: { Value: !GetAtt Fanout.StreamARN }
`);
    const out = Object.fromEntries(Object.entries(model.outputs).map(([k, v]) => [k, v.value]));
    const seconds = Number(/^arn:aws:kinesis:us-east-1:000000000000:stream\/orders\/consumer\/fanout:(\d{10})$/.exec(String(out.Ref))?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(out).toMatchObject({ Arn: out.Ref, Name: "fanout", Status: "ACTIVE", Created: new Date(seconds * 1000).toISOString().replace(".000Z", "Z"), Stream: "arn:aws:kinesis:us-east-1:000000000000:stream/orders" });
    expect(model.warnings.filter((w) => /StreamConsumer/.test(w))).toEqual([]);
  });

  it("are stable for the same stack and differ between stacks", async () => {
    const template = "Resources:\n  Pool: { Type: AWS::Cognito::UserPool }\nOutputs:\n  Pool: { Value: !Ref Pool }\n";
    const dir = apps.make({ "template.yaml": template });
    const file = join(dir, "template.yaml");
    const first = await loadTemplate({ file });
    const second = await loadTemplate({ file });
    const otherStack = await loadTemplate({ file, stackName: "other" });
    expect(second.outputs.Pool.value).toBe(first.outputs.Pool.value);
    expect(otherStack.outputs.Pool.value).not.toBe(first.outputs.Pool.value);
  });

  it("warns once about an attribute it does not model and uses a placeholder", async () => {
    const model = await apps.load("Resources:\n  Pool: { Type: AWS::Cognito::UserPool }\nOutputs:\n  A: { Value: !GetAtt Pool.SomethingNew }\n  B: { Value: !GetAtt Pool.SomethingNew }\n");
    expect(model.outputs.A.value).toBe("Pool.SomethingNew");
    expect(model.warnings.filter((w) => w.includes("SomethingNew"))).toHaveLength(1);
  });
});
