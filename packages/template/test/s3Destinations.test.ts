import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("S3 bucket notifications to queues, topics and EventBridge", () => {
  it("reads QueueConfigurations, TopicConfigurations and EventBridgeConfiguration, from the bucket and from CDK's custom resource", async () => {
    const model = await apps.load(`Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties: { QueueName: uploads }
  Topic:
    Type: AWS::SNS::Topic
    Properties: { TopicName: removed }
  Cfn:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        QueueConfigurations:
          - Event: s3:ObjectCreated:*
            Queue: !GetAtt Queue.Arn
            Filter: { S3Key: { Rules: [{ Name: prefix, Value: in/ }] } }
        TopicConfigurations:
          - Event: s3:ObjectRemoved:*
            Topic: !Ref Topic
        EventBridgeConfiguration: { EventBridgeEnabled: true }
  Cdk:
    Type: AWS::S3::Bucket
  CdkNotifications:
    Type: Custom::S3BucketNotifications
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:000000000000:function:handler
      BucketName: !Ref Cdk
      NotificationConfiguration:
        QueueConfigurations:
          - Events: [s3:ObjectCreated:Put]
            QueueArn: !GetAtt Queue.Arn
            Filter: { Key: { FilterRules: [{ Name: Suffix, Value: .csv }] } }
        TopicConfigurations:
          - Id: mine
            Events: [s3:ObjectRemoved:Delete]
            TopicArn: !Ref Topic
        EventBridgeConfiguration: {}
      Managed: true
`);
    const queue = "arn:aws:sqs:us-east-1:000000000000:uploads";
    const topic = "arn:aws:sns:us-east-1:000000000000:removed";
    const [cfn, cdk] = model.buckets;
    expect(cfn.destinations).toEqual([
      { id: "CfnQueue1", kind: "queue", arn: queue, events: ["s3:ObjectCreated:*"], filterRules: [{ name: "prefix", value: "in/" }] },
      { id: "CfnTopic1", kind: "topic", arn: topic, events: ["s3:ObjectRemoved:*"], filterRules: [] },
    ]);
    expect(cfn.eventBridge).toBe(true);
    expect(cdk.destinations).toEqual([
      { id: "CdkNotificationsQueue1", kind: "queue", arn: queue, events: ["s3:ObjectCreated:Put"], filterRules: [{ name: "suffix", value: ".csv" }] },
      { id: "mine", kind: "topic", arn: topic, events: ["s3:ObjectRemoved:Delete"], filterRules: [] },
    ]);
    expect(cdk.eventBridge).toBe(true);
    expect(model.warnings.filter((w) => /notification|S3/i.test(w))).toEqual([]);
  });
});
