import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("AWS::ApiGateway::UsagePlan ApiStages[].Throttle", () => {
  it("gives the plan's keys the per-method throttles of this API's stage", async () => {
    const app = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => ({ statusCode: 200, body: 'ok' })"
      Events:
        Slow:
          Type: Api
          Properties: { Path: /slow, Method: get, Auth: { ApiKeyRequired: true } }
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties: { Enabled: true, Value: my-fixed-key-value-1234567890 }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      Throttle: { RateLimit: 10, BurstLimit: 5 }
      ApiStages:
        - ApiId: !Ref ServerlessRestApi
          Stage: Prod
          Throttle:
            "/slow/GET": { RateLimit: 1, BurstLimit: 2 }
  PlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: { KeyId: !Ref Key, KeyType: API_KEY, UsagePlanId: !Ref Plan }
`);
    const api = app.apis.find((a) => a.logicalId === "ServerlessRestApi");
    expect(api?.apiKeys).toEqual([
      {
        id: expect.any(String),
        value: "my-fixed-key-value-1234567890",
        enabled: true,
        logicalId: "Key",
        throttle: { rateLimit: 10, burstLimit: 5 },
        methodThrottles: { "/slow/GET": { rateLimit: 1, burstLimit: 2 } },
      },
    ]);
  });
});
