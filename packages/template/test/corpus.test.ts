/**
 * Constructs found in real SAM applications (aws-samples/serverless-patterns) that AWS
 * deploys, each reproduced in a small template of our own.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../src/index.js";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const SAM = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";
const HANDLER = { "src/app.js": "exports.handler = async () => ({ statusCode: 200, body: 'ok' });\n" };

describe("Fn::Transform AWS::Include", () => {
  const functionAndApi = `${SAM}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        'Fn::Transform':
          Name: 'AWS::Include'
          Parameters:
            Location: './api.yaml'
`;
  const openApi = `openapi: "3.0.1"
info:
  title: included
  version: "1.0"
paths:
  /hello:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        payloadFormatVersion: "2.0"
        uri:
          Fn::Sub: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
`;

  it("splices a local OpenAPI file into DefinitionBody, its intrinsics resolved against the template", async () => {
    const model = await apps.load(functionAndApi, { files: { ...HANDLER, "api.yaml": openApi } });
    const api = model.apis.find((a) => a.logicalId === "Api");
    expect(api?.routes).toEqual([expect.objectContaining({ method: "GET", path: "/hello", functionLogicalId: "Fn", payloadFormatVersion: "2.0" })]);
    expect(model.warnings).toEqual([]);
  });

  it("includes a JSON snippet, and one snippet may include another", async () => {
    const outer = JSON.stringify({ "Fn::Transform": { Name: "AWS::Include", Parameters: { Location: "inner.yaml" } } });
    const model = await apps.load(functionAndApi.replace("'./api.yaml'", "api.json"), { files: { ...HANDLER, "api.json": outer, "inner.yaml": openApi } });
    expect(model.apis.find((a) => a.logicalId === "Api")?.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /hello"]);
  });

  it("merges a snippet's keys into the map that holds the transform beside other keys", async () => {
    const template = `${SAM}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
      Environment:
        Variables:
          STAGE: dev
          'Fn::Transform':
            Name: AWS::Include
            Parameters:
              Location: env.yaml
`;
    const model = await apps.load(template, { files: { ...HANDLER, "env.yaml": "TABLE: orders\nSTAGE: ignored\n" } });
    expect(model.functions[0].environment).toMatchObject({ STAGE: "dev", TABLE: "orders" });
  });

  it("leaves an S3 Location out with one warning that says what to do", async () => {
    const model = await apps.load(functionAndApi.replace("'./api.yaml'", "s3://my-bucket/api.yaml"), { files: HANDLER });
    expect(model.apis.find((a) => a.logicalId === "Api")?.routes ?? []).toEqual([]);
    expect(model.warnings).toEqual([expect.stringMatching(
      /^Fn::Transform AWS::Include of s3:\/\/my-bucket\/api\.yaml \(.*template\.yaml line 14\) reads the snippet from S3, which the sandbox cannot do offline; the value is left out\. Keep a copy next to the template and set Location to its relative path$/,
    )]);
  });

  it("names the template, the line and the missing file when the snippet cannot be read", async () => {
    const error = await sandboxError(apps.load(functionAndApi, { files: HANDLER }));
    expect(error.message).toMatch(/^AWS::Include cannot read \.\/api\.yaml \(.*api\.yaml\)$/);
    expect(error.file).toMatch(/template\.yaml$/);
    expect(error.line).toBe(14);
    expect(error.hint).toMatch(/relative to the template/);
  });
});

describe("messages for what the sandbox does not run", () => {
  it("names the integration subtype of an HTTP API route that calls another AWS service", async () => {
    const template = `${SAM}Resources:
  Queue:
    Type: AWS::SQS::Queue
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        info: { title: t, version: "1" }
        paths:
          /submit:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                integrationSubtype: Kinesis-PutRecord
                payloadFormatVersion: "1.0"
                requestParameters:
                  StreamName: orders
                  Data: $request.body
                  PartitionKey: $request.header.x-key
`;
    const model = await apps.load(template);
    expect(model.warnings).toContain("Api: POST /submit uses the Kinesis-PutRecord integration (an HTTP API integration with an AWS service), which the sandbox does not emulate yet; the route is skipped");
  });

  it("names the integration of a REST method that is not a Lambda proxy", async () => {
    const template = `${SAM}Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:firehose:action/PutRecord
`;
    const model = await apps.load(template);
    expect(model.warnings).toContain("AWS::ApiGateway::Method Get (GET /) uses an integration of type AWS to arn:aws:apigateway:us-east-1:firehose:action/PutRecord, " +
      "not a Lambda (proxy or non-proxy) integration of this template, SAM's Step Functions StartExecution mapping " +
      "or an AWS integration to a DynamoDB, SQS, SNS, Kinesis, EventBridge, SSM or Step Functions action or an S3 object path; not emulated, skipped");
  });

  it("names the function and the event of an event source it does not run", async () => {
    const template = `${SAM}Resources:
  Stream:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: orders
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 2
      BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2] }
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
      Events:
        Records:
          Type: MSK
          Properties:
            Stream: !Ref Stream
            StartingPosition: LATEST
            Topics: [orders]
`;
    const model = await apps.load(template, { files: HANDLER });
    expect(model.warnings).toContain("Consumer: its MSK event Records is not emulated yet; nothing triggers the function from it");
    expect(model.warnings).toContain("AWS::MSK::Cluster Stream is not emulated yet; skipped");
  });

  it("warns that an EFS mount (FileSystemConfigs) is not there", async () => {
    const template = `${SAM}Resources:
  Files:
    Type: AWS::EFS::FileSystem
  AccessPoint:
    Type: AWS::EFS::AccessPoint
    Properties:
      FileSystemId: !Ref Files
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
      FileSystemConfigs:
        - Arn: !GetAtt AccessPoint.Arn
          LocalMountPath: /mnt/msg
`;
    const model = await apps.load(template, { files: HANDLER });
    expect(model.functions).toHaveLength(1);
    expect(model.warnings).toContain("Fn: FileSystemConfigs (EFS mounted at /mnt/msg) is not emulated; the function runs without the mount, so reads and writes there fail");
    expect(model.warnings).toContain("AWS::EFS::FileSystem Files is not emulated yet; skipped");
    // One warning per skipped resource: its attributes (AccessPoint.Arn) resolve to placeholder text without another.
    expect(model.warnings.filter((w) => w.startsWith("Fn::GetAtt"))).toEqual([]);
  });
});

describe("YAML CloudFormation accepts", () => {
  it("keeps the last of two equal keys in Outputs and says which line wins", async () => {
    const template = `${SAM}Resources:
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  TopicName:
    Description:
    Description: SNS topic name
    Value: !GetAtt Topic.TopicName
`;
    const model = await apps.load(template);
    expect(model.outputs.TopicName.description).toBe("SNS topic name");
    expect(model.warnings).toEqual([`${model.templateFile}:9: Description is written twice in the same map; CloudFormation keeps this last value and ignores the one on line 8`]);
  });
});

describe("names built from the stack name", () => {
  it("says that a FunctionName made too long by ${AWS::StackName} comes from the directory name", async () => {
    const dir = apps.make({ ...HANDLER, "template.yaml": `${SAM}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "\${AWS::StackName}-scheduler-lambda"
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
` }, "a-directory-name-long-enough-to-overflow-the-function-name");
    const error = await sandboxError(loadTemplate({ file: join(dir, "template.yaml") }));
    expect(error.message).toBe("FunctionName 'a-directory-name-long-enough-to-overflow-the-function-name-scheduler-lambda' of Fn is not a valid Lambda function name");
    expect(error.hint).toBe("Use up to 64 letters, digits, hyphens and underscores. It contains the stack name \"a-directory-name-long-enough-to-overflow-the-function-name\", " +
      "which the sandbox takes from the template's directory: a shorter directory name gives a shorter function name.");
  });
});

describe("nested applications", () => {
  const template = `${SAM}Resources:
  AuthStack:
    Type: AWS::Serverless::Application
    Properties:
      Location: ./auth.yaml
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: OAuth2
        Authorizers:
          OAuth2:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: !GetAtt AuthStack.Outputs.Issuer
              audience:
                - !GetAtt AuthStack.Outputs.ClientId
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /
            Method: get
`;

  it("runs the nested application: its output is the JWT authorizer's issuer", async () => {
    const auth = `${SAM}Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n  Client:\n    Type: AWS::Cognito::UserPoolClient\n    Properties:\n      UserPoolId: !Ref Pool\n` +
      "Outputs:\n  Issuer:\n    Value: !GetAtt Pool.ProviderURL\n  ClientId:\n    Value: !Ref Client\n";
    const model = await apps.load(template, { files: { ...HANDLER, "auth.yaml": auth } });
    expect(model.apis.find((a) => a.logicalId === "Api")?.routes.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /"]);
    expect(model.warnings).toEqual([]);
    const pool = model.resources["AuthStack/Pool"];
    expect(model.apis[0].authorizers).toEqual([expect.objectContaining({ type: "JWT", issuer: pool.attributes.ProviderURL, audience: [model.resources["AuthStack/Client"].ref] })]);
  });
});

describe("SAM request models", () => {
  it("turns a RequestModel with ValidateBody into the route's body validation, without a warning", async () => {
    const template = `${SAM}Resources:
  MainApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Models:
        Vehicle:
          type: object
          required: [make]
          properties:
            make: { type: string }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
      Events:
        Process:
          Type: Api
          Properties:
            RestApiId: !Ref MainApi
            Path: /vehicle
            Method: post
            RequestModel:
              Model: Vehicle
              Required: true
              ValidateBody: true
`;
    const model = await apps.load(template, { files: HANDLER });
    expect(model.apis[0].routes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /vehicle"]);
    expect(model.warnings).toEqual([]);
    expect(model.apis[0].routes[0].validation).toEqual({
      validateBody: true,
      validateParameters: false,
      models: { "application/json": { type: "object", required: ["make"], properties: { make: { type: "string" } } } },
    });
  });
});

describe("AWS::Scheduler::Schedule resources", () => {
  const template = (target: string, extra = "") => `${SAM}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs22.x
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Done
        States:
          Done: { Type: Succeed }
  Every5:
    Type: AWS::Scheduler::Schedule
    Properties:${extra}
      ScheduleExpression: rate(5 minutes)
      FlexibleTimeWindow:
        Mode: 'OFF'
      Target:
        Arn: ${target}
        RoleArn: arn:aws:iam::000000000000:role/scheduler
        Input: '{"from":"schedule"}'
`;

  it("keeps a schedule whose target is a function of the template as a resource, for the Scheduler API, not as a function schedule", async () => {
    const model = await apps.load(template("!GetAtt Fn.Arn", "\n      Name: MySchedule\n      ScheduleExpressionTimezone: Asia/Tokyo"), { files: HANDLER });
    expect(model.functions[0].schedules).toEqual([]);
    expect(model.resources.Every5).toMatchObject({
      type: "AWS::Scheduler::Schedule",
      ref: "MySchedule",
      properties: { Name: "MySchedule", ScheduleExpressionTimezone: "Asia/Tokyo", Target: { Arn: model.functions[0].arn, Input: '{"from":"schedule"}' } },
    });
    expect(model.warnings).toEqual([]);
  });

  it("names a schedule without Name as CloudFormation does, whatever its target", async () => {
    const model = await apps.load(template("!Ref Flow", "\n      State: DISABLED"), { files: HANDLER });
    expect(model.stateMachines[0].schedules).toEqual([]);
    expect(model.resources.Every5.ref).toMatch(/^app-Every5-[A-Z0-9]{12}$/);
    expect(model.resources.Every5.properties.Target).toMatchObject({ Arn: model.stateMachines[0].arn });
  });

  it("keeps, without a warning, a schedule whose target is outside the template (AWS creates it too)", async () => {
    const model = await apps.load(template("arn:aws:lambda:us-east-1:000000000000:function:elsewhere"), { files: HANDLER });
    expect(model.resources.Every5.type).toBe("AWS::Scheduler::Schedule");
    expect(model.warnings).toEqual([]);
  });
});
