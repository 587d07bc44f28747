import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("HTTP API integrations with SQS and EventBridge (IntegrationSubtype)", () => {
  it("reads an AWS::ApiGatewayV2::Integration with IntegrationSubtype SQS-SendMessage (CloudFormation form)", async () => {
    const model = await apps.load(`Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties: { QueueName: orders }
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: orders, ProtocolType: HTTP }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Api, StageName: $default, AutoDeploy: true, StageVariables: { channel: web } }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationSubtype: SQS-SendMessage
      PayloadFormatVersion: "1.0"
      CredentialsArn: arn:aws:iam::000000000000:role/apigw
      TimeoutInMillis: 5000
      RequestParameters:
        QueueUrl: !Ref Queue
        MessageBody: $request.body
        MessageGroupId: $request.path.customer
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: POST /customers/{customer}/orders
      Target: !Sub "integrations/\${Integration}"
`);
    expect(model.warnings).toEqual([]);
    expect(model.apis[0].stageVariables).toEqual({ channel: "web" });
    expect(model.apis[0].routes).toEqual([{
      method: "POST",
      path: "/customers/{customer}/orders",
      functionLogicalId: "",
      functionName: "",
      payloadFormatVersion: "1.0",
      eventId: "Route",
      timeoutMs: 5000,
      serviceIntegration: {
        subtype: "SQS-SendMessage",
        requestParameters: {
          QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/orders",
          MessageBody: "$request.body",
          MessageGroupId: "$request.path.customer",
        },
      },
    }]);
  });

  it("reads integrationSubtype EventBridge-PutEvents and SQS-ReceiveMessage from an HttpApi DefinitionBody (OpenAPI form)", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties: { QueueName: inbox }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        info: { title: t, version: "1" }
        paths:
          /events:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                integrationSubtype: EventBridge-PutEvents
                payloadFormatVersion: "1.0"
                connectionType: INTERNET
                credentials: arn:aws:iam::000000000000:role/apigw
                requestParameters:
                  Detail: $request.body
                  DetailType: Order
                  Source: shop
                  EventBusName: orders
          /messages:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                integrationSubtype: SQS-ReceiveMessage
                payloadFormatVersion: "1.0"
                requestParameters:
                  QueueUrl: !Ref Queue
                  MaxNumberOfMessages: 5
`);
    expect(model.warnings).toEqual([]);
    const routes = model.apis.find((a) => a.logicalId === "Http")?.routes ?? [];
    expect(routes.map((r) => [r.method, r.path, r.serviceIntegration])).toEqual([
      ["POST", "/events", { subtype: "EventBridge-PutEvents", requestParameters: { Detail: "$request.body", DetailType: "Order", Source: "shop", EventBusName: "orders" } }],
      ["GET", "/messages", { subtype: "SQS-ReceiveMessage", requestParameters: { QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/inbox", MaxNumberOfMessages: "5" } }],
    ]);
  });

  it("skips a route whose subtype lacks a required parameter, naming it", async () => {
    const model = await apps.load(`Resources:
  Api: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: x, ProtocolType: HTTP } }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationSubtype: EventBridge-PutEvents, RequestParameters: { Detail: $request.body, Source: shop } }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: POST /events, Target: !Sub "integrations/\${Integration}" }
`);
    expect(model.apis[0].routes).toEqual([]);
    expect(model.warnings).toContain("AWS::ApiGatewayV2::Route Route (POST /events): IntegrationSubtype EventBridge-PutEvents needs RequestParameters.DetailType; skipped");
  });

  it("still reports the subtypes it does not emulate", async () => {
    const model = await apps.load(`Resources:
  Api: { Type: AWS::ApiGatewayV2::Api, Properties: { Name: x, ProtocolType: HTTP } }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationSubtype: AppConfig-GetConfiguration, RequestParameters: { Application: a, Environment: e, Configuration: c, ClientId: x } }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: GET /config, Target: !Sub "integrations/\${Integration}" }
`);
    expect(model.warnings).toContain("AWS::ApiGatewayV2::Route Route (GET /config) uses the AppConfig-GetConfiguration integration (an HTTP API integration with an AWS service), which the sandbox does not emulate yet; skipped");
  });
});
