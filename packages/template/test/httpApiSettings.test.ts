import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

// "Throttle requests to your HTTP APIs": a stage's DefaultRouteSettings and RouteSettings (by route key).
describe("HTTP API route throttling", () => {
  it("reads DefaultRouteSettings and RouteSettings of an AWS::Serverless::HttpApi (Globals included)", async () => {
    const app = await apps.load(`Transform: AWS::Serverless-2016-10-31
Globals:
  HttpApi:
    DefaultRouteSettings:
      ThrottlingBurstLimit: 20
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefaultRouteSettings:
        ThrottlingRateLimit: 10
      RouteSettings:
        "GET /pets":
          ThrottlingBurstLimit: 2
          ThrottlingRateLimit: "1"
        "POST /pets":
          DetailedMetricsEnabled: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => 'ok';"
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /pets
            Method: get
`);
    expect(app.apis.find((a) => a.logicalId === "Api")?.throttling).toEqual({
      defaultRoute: { rateLimit: 10, burstLimit: 20 },
      routes: { "GET /pets": { rateLimit: 1, burstLimit: 2 } },
    });
  });

  it("reads them from the AWS::ApiGatewayV2::Stage of a CloudFormation HTTP API, none when unset", async () => {
    const app = await apps.load(`Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: api
      ProtocolType: HTTP
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
      AutoDeploy: true
      DefaultRouteSettings:
        ThrottlingBurstLimit: 5
        ThrottlingRateLimit: 2.5
  Other:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: other
      ProtocolType: HTTP
`);
    expect(app.apis.find((a) => a.logicalId === "Api")?.throttling).toEqual({ defaultRoute: { rateLimit: 2.5, burstLimit: 5 } });
    expect(app.apis.find((a) => a.logicalId === "Other")?.throttling).toBeUndefined();
  });
});

// "Transform API requests and responses for HTTP APIs": an integration's RequestParameters and ResponseParameters.
describe("HTTP API parameter mapping", () => {
  it("reads RequestParameters and ResponseParameters (both CloudFormation shapes) of a Lambda proxy AWS::ApiGatewayV2::Integration", async () => {
    const app = await apps.load(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code:
        ZipFile: "exports.handler = async () => 'ok';"
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: api
      ProtocolType: HTTP
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !GetAtt Fn.Arn
      PayloadFormatVersion: "2.0"
      RequestParameters:
        "append:header.header1": "$context.requestId"
      ResponseParameters:
        "500":
          ResponseParameters:
            - Destination: overwrite:statuscode
              Source: "403"
        "404":
          "append:header.error": "$stageVariables.environmentId"
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: GET /pets
      Target: !Sub integrations/\${Integration}
`);
    expect(app.apis[0]?.routes[0]?.parameterMapping).toEqual({
      request: { "append:header.header1": "$context.requestId" },
      response: { "500": { "overwrite:statuscode": "403" }, "404": { "append:header.error": "$stageVariables.environmentId" } },
    });
  });

  it("reads requestParameters and responseParameters of an HttpApi's OpenAPI x-amazon-apigateway-integration", async () => {
    const app = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async () => 'ok';"
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        info: { title: api, version: "1" }
        paths:
          /pets:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !GetAtt Fn.Arn
                payloadFormatVersion: "2.0"
                requestParameters:
                  "overwrite:querystring.page": "1"
                responseParameters:
                  "200":
                    "remove:header.x-internal": "''"
`);
    expect(app.apis.find((a) => a.logicalId === "Api")?.routes[0]?.parameterMapping).toEqual({
      request: { "overwrite:querystring.page": "1" },
      response: { "200": { "remove:header.x-internal": "''" } },
    });
  });
});
