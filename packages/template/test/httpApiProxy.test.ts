import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

describe("HTTP API HTTP_PROXY integrations", () => {
  it("reads an AWS::ApiGatewayV2::Integration of IntegrationType HTTP_PROXY (CloudFormation form)", async () => {
    const model = await apps.load(`Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: pets, ProtocolType: HTTP }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Api, StageName: $default, AutoDeploy: true }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: HTTP_PROXY
      IntegrationMethod: any
      IntegrationUri: https://petstore.example.com/petstore/{proxy}
      PayloadFormatVersion: "1.0"
      TimeoutInMillis: 12000
      RequestParameters:
        append:header.x-source: apigw
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: ANY /pets/{proxy+}
      Target: !Sub "integrations/\${Integration}"
  Private:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: HTTP_PROXY
      IntegrationMethod: GET
      ConnectionType: VPC_LINK
      ConnectionId: abc123
      IntegrationUri: arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/lb/1/2
      PayloadFormatVersion: "1.0"
  PrivateRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: GET /private
      Target: !Sub "integrations/\${Private}"
`);
    expect(model.apis[0].routes).toEqual([{
      method: "ANY",
      path: "/pets/{proxy+}",
      functionLogicalId: "",
      functionName: "",
      payloadFormatVersion: "1.0",
      eventId: "Route",
      timeoutMs: 12000,
      httpProxy: { uri: "https://petstore.example.com/petstore/{proxy}", method: "ANY" },
      parameterMapping: { request: { "append:header.x-source": "apigw" } },
    }]);
    expect(model.warnings).toEqual([
      expect.stringMatching(/^AWS::ApiGatewayV2::Route PrivateRoute \(GET \/private\) uses an HTTP_PROXY integration to arn:aws:elasticloadbalancing:.*not a public http\(s\) URL/),
    ]);
  });

  it("reads x-amazon-apigateway-integration type http_proxy from an HttpApi DefinitionBody (OpenAPI form)", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        info: { title: t, version: "1" }
        paths:
          /items/{id}:
            get:
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: https://items.example.com/items/{id}
                payloadFormatVersion: "1.0"
                timeoutInMillis: 3000
`);
    expect(model.warnings).toEqual([]);
    const http = model.apis.find((a) => a.kind === "http");
    expect(http?.routes).toEqual([{
      method: "GET",
      path: "/items/{id}",
      functionLogicalId: "",
      functionName: "",
      payloadFormatVersion: "1.0",
      eventId: "GET /items/{id}",
      timeoutMs: 3000,
      httpProxy: { uri: "https://items.example.com/items/{id}", method: "GET" },
    }]);
  });
});
