import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("S3 buckets", () => {
  it("names buckets by BucketName or as CloudFormation does, and collects SAM S3 events as Lambda notifications", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Named:
    Type: AWS::S3::Bucket
    Properties: { BucketName: my-uploads, Tags: [{ Key: team, Value: blue }] }
  Unnamed:
    Type: AWS::S3::Bucket
  Thumbnailer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => 1;"
      Events:
        Uploaded:
          Type: S3
          Properties:
            Bucket: !Ref Named
            Events: [s3:ObjectCreated:*, s3:ObjectRemoved:Delete]
            Filter: { S3Key: { Rules: [{ Name: suffix, Value: .png }] } }
`);
    expect(model.warnings).toEqual([]);
    const [named, unnamed] = model.buckets;
    expect(named.bucketName).toBe("my-uploads");
    expect(named.arn).toBe("arn:aws:s3:::my-uploads");
    expect(named.tags).toEqual([{ Key: "team", Value: "blue" }]);
    expect(unnamed.bucketName).toMatch(/^app-unnamed-[a-z0-9]{12}$/);
    expect(named.notifications).toEqual([
      {
        id: "ThumbnailerUploaded",
        functionArn: model.functions[0].arn,
        events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"],
        filterRules: [{ name: "suffix", value: ".png" }],
      },
    ]);
    expect(unnamed.notifications).toEqual([]);
  });

  it("reads a bucket's LambdaConfigurations and CDK's Custom::S3BucketNotifications", async () => {
    const model = await apps.load(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs22.x, Handler: index.handler, Code: { ZipFile: "exports.handler = async () => 1;" }, Role: arn:aws:iam::000000000000:role/r }
  Cfn:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations:
          - Event: s3:ObjectCreated:Put
            Function: !GetAtt Fn.Arn
            Filter: { S3Key: { Rules: [{ Name: prefix, Value: in/ }] } }
  Cdk:
    Type: AWS::S3::Bucket
  CdkNotifications:
    Type: Custom::S3BucketNotifications
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:000000000000:function:handler
      BucketName: !Ref Cdk
      NotificationConfiguration:
        LambdaFunctionConfigurations:
          - Events: [s3:ObjectCreated:*]
            LambdaFunctionArn: !GetAtt Fn.Arn
            Filter: { Key: { FilterRules: [{ Name: suffix, Value: .csv }] } }
      Managed: true
`);
    const fnArn = model.functions[0].arn;
    expect(model.buckets[0].notifications).toEqual([{ id: "CfnLambda1", functionArn: fnArn, events: ["s3:ObjectCreated:Put"], filterRules: [{ name: "prefix", value: "in/" }] }]);
    expect(model.buckets[1].notifications).toEqual([{ id: "CdkNotifications1", functionArn: fnArn, events: ["s3:ObjectCreated:*"], filterRules: [{ name: "suffix", value: ".csv" }] }]);
    expect(model.warnings.filter((w) => /S3|Custom/.test(w))).toEqual([]);
  });
});
