import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("SAM CloudWatchLogs function events", () => {
  it("become an AWS::Logs::SubscriptionFilter <Function><EventId> and the permission it depends on", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  AppLogs:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: /app/orders }
  Alarm:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => 1;"
      Events:
        Errors:
          Type: CloudWatchLogs
          Properties:
            LogGroupName: !Ref AppLogs
            FilterPattern: ERROR
`);
    const functionArn = `arn:aws:lambda:us-east-1:000000000000:function:${model.functions[0].functionName}`;
    expect(model.warnings.filter((w) => w.includes("CloudWatchLogs"))).toEqual([]);
    expect(model.resources.AlarmErrors).toMatchObject({
      type: "AWS::Logs::SubscriptionFilter",
      properties: { LogGroupName: "/app/orders", FilterPattern: "ERROR", DestinationArn: functionArn },
    });
    expect(model.resources.AlarmErrorsPermission).toMatchObject({
      type: "AWS::Lambda::Permission",
      properties: {
        Action: "lambda:InvokeFunction",
        FunctionName: model.functions[0].functionName,
        Principal: "logs.amazonaws.com",
        SourceArn: "arn:aws:logs:us-east-1:000000000000:log-group:/app/orders:*",
      },
    });
  });
});
