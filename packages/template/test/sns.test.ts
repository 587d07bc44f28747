import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const HEADER = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties: { TopicName: orders }
`;

describe("SNS topics and subscriptions", () => {
  it("uses TopicName, and reads a CDK-style lambda subscription to a function's ARN", async () => {
    const model = await apps.load(`${HEADER}  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs22.x, Handler: index.handler, Code: { ZipFile: "exports.handler = async () => 1;" }, Role: arn:aws:iam::000000000000:role/r }
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: lambda
      Endpoint: !GetAtt Fn.Arn
      FilterPolicy: { kind: [order] }
      RedrivePolicy: { deadLetterTargetArn: "arn:aws:sqs:us-east-1:000000000000:dlq" }
`);
    expect(model.topics).toEqual([expect.objectContaining({ topicName: "orders", arn: "arn:aws:sns:us-east-1:000000000000:orders", attributes: {} })]);
    expect(model.subscriptions).toEqual([expect.objectContaining({
      logicalId: "Sub",
      topicLogicalId: "Topic",
      protocol: "lambda",
      functionLogicalId: "Fn",
      functionName: model.functions[0].functionName,
      attributes: { FilterPolicy: '{"kind":["order"]}', RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"}' },
    })]);
    expect(model.warnings).toEqual([]);
  });

  it("skips a subscription to a topic outside the template, with a warning", async () => {
    const model = await apps.load(`${HEADER}  Sub:
    Type: AWS::SNS::Subscription
    Properties: { TopicArn: "arn:aws:sns:us-east-1:111111111111:elsewhere", Protocol: email, Endpoint: a@example.com }
`);
    expect(model.subscriptions).toEqual([]);
    expect(model.warnings).toEqual(["Subscription Sub is to arn:aws:sns:us-east-1:111111111111:elsewhere, which is not a topic of this template; skipped"]);
  });

  it("refuses a subscription without Protocol, and a FilterPolicy that is not JSON", async () => {
    let error = await sandboxError(apps.load(`${HEADER}  Sub:\n    Type: AWS::SNS::Subscription\n    Properties: { TopicArn: !Ref Topic, Endpoint: a@example.com }\n`));
    expect(error.message).toBe("Properties validation failed for resource Sub with message: #: required key [Protocol] not found");
    error = await sandboxError(apps.load(`${HEADER}  Sub:\n    Type: AWS::SNS::Subscription\n    Properties: { TopicArn: !Ref Topic, Protocol: sqs, Endpoint: q, FilterPolicy: "{kind" }\n`));
    expect(error.message).toMatch(/^FilterPolicy of Sub is not valid JSON: /);
  });

  it("refuses a SAM SNS event without Topic, with SAM's message", async () => {
    const error = await sandboxError(apps.load(`${HEADER}  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Note:\n          Type: SNS\n          Properties: { FilterPolicy: { a: [b] } }\n`));
    expect(error.message).toBe("Resource with id [FnNote] is invalid. Missing required property 'Topic'.");
  });

  it("leaves an SNS event with SqsSubscription (topic → queue → function) to the sandbox's SQS, without a lambda subscription", async () => {
    const model = await apps.load(`${HEADER}  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Note:\n          Type: SNS\n          Properties: { Topic: !Ref Topic, SqsSubscription: true }\n`, { files: { "index.js": "exports.handler = async () => ({});\n" } });
    expect(model.subscriptions).toEqual([]);
    expect(model.warnings).toEqual([]);
  });
});
