// What `sandbox up` prints for routes that are not functions.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const dir = mkdtempSync(join(tmpdir(), "sandbox-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: proxy, ProtocolType: HTTP }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: HTTP_PROXY
      IntegrationMethod: ANY
      IntegrationUri: "http://127.0.0.1:9/upstream/{proxy}"
      PayloadFormatVersion: "1.0"
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: "ANY /up/{proxy+}"
      Target: !Sub "integrations/\${Integration}"
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Api, StageName: $default, AutoDeploy: true }
`;

const MOCK_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: status }
  StatusResource:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: status }
  StatusGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref StatusResource
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{"statusCode": 200}' }
        IntegrationResponses:
          - StatusCode: "200"
            ResponseTemplates: { application/json: '{"up": true}' }
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: StatusGet
    Properties: { RestApiId: !Ref Api, StageName: v1 }
`;

describe("sandbox up's route list", () => {
  it("shows a MOCK route as MOCK", async () => {
    const mockDir = join(dir, "mock");
    mkdirSync(mockDir);
    writeFileSync(join(mockDir, "template.yaml"), MOCK_TEMPLATE);
    const r = runBin(["up", mockDir, "--in-memory", "--port", "0", "--edge-port", "0"]);
    await r.waitFor("Ctrl-C to stop");
    expect(r.stdout()).toMatch(/^ {2}GET http:\/\/127\.0\.0\.1:\d+\/status → MOCK$/m);
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("shows an HTTP_PROXY route's endpoint", async () => {
    writeFileSync(join(dir, "template.yaml"), TEMPLATE);
    const r = runBin(["up", dir, "--in-memory", "--port", "0", "--edge-port", "0"]);
    await r.waitFor("Ctrl-C to stop");
    expect(r.stdout()).toMatch(/^ {2}ANY http:\/\/127\.0\.0\.1:\d+\/up\/\{proxy\+\} → http:\/\/127\.0\.0\.1:9\/upstream\/\{proxy\}$/m);
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("lists the template's Kinesis streams, alarms and SES identities, with where sent mail is read", async () => {
    const resourcesDir = join(dir, "resources");
    mkdirSync(resourcesDir);
    writeFileSync(
      join(resourcesDir, "template.yaml"),
      `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties: { Name: clicks, ShardCount: 1 }
  Failures:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: failures
      Namespace: Shop
      MetricName: FailedOrders
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
  FailuresComposite:
    Type: AWS::CloudWatch::CompositeAlarm
    Properties:
      AlarmName: failures-composite
      AlarmRule: ALARM(failures)
  Sender:
    Type: AWS::SES::EmailIdentity
    Properties: { EmailIdentity: shop@example.com }
`,
    );
    const r = runBin(["up", resourcesDir, "--in-memory", "--port", "0", "--edge-port", "0"]);
    await r.waitFor("Ctrl-C to stop");
    const out = r.stdout();
    expect(out).toMatch(/^Kinesis streams\n {2}clicks arn:aws:kinesis:us-east-1:\d{12}:stream\/clicks$/m);
    expect(out).toMatch(/^Alarms\n {2}failures Shop FailedOrders\n {2}failures-composite composite: ALARM\(failures\)$/m);
    const edge = /^AWS endpoint (http:\/\/127\.0\.0\.1:\d+)/m.exec(out)?.[1];
    expect(out).toContain(`SES identities\n  shop@example.com\n  sent mail: ${edge}/_aws/ses\n`);
    expect((await fetch(`${edge}/_aws/ses`)).status).toBe(200);
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });
});
