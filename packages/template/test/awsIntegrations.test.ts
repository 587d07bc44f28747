import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const SAM = "Transform: AWS::Serverless-2016-10-31\nResources:\n";

describe("REST API Type: AWS integrations (mapping templates)", () => {
  it("reads a CloudFormation method's service action, templates and integration responses", async () => {
    const model = await apps.load(`${SAM}  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items }
  Post:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:sns:action/Publish
        PassthroughBehavior: never
        RequestParameters:
          integration.request.querystring.Message: method.request.body
        RequestTemplates: { application/json: "{}" }
        IntegrationResponses:
          - { StatusCode: 200 }
          - { StatusCode: "400", SelectionPattern: "4\\\\d{2}", ResponseTemplates: { application/json: '{"failed": true}' } }
`);
    expect(model.warnings).toEqual([]);
    expect(model.apis[0]?.routes).toEqual([expect.objectContaining({
      method: "POST",
      path: "/items",
      functionName: "",
      awsIntegration: {
        service: "sns",
        action: "Publish",
        passthroughBehavior: "NEVER",
        requestParameters: { "integration.request.querystring.Message": "method.request.body" },
        requestTemplates: { "application/json": "{}" },
        responses: [{ statusCode: "200" }, { statusCode: "400", selectionPattern: "4\\d{2}", responseTemplates: { "application/json": '{"failed": true}' } }],
      },
    })]);
  });

  it("keeps a DefinitionBody's non-proxy Lambda integration over the function's Api event on the same route, as SAM does", async () => {
    const model = await apps.load(`${SAM}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: "2.0"
        paths:
          /details:
            get:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
                responses:
                  default: { statusCode: "200", responseTemplates: { application/json: "$input.path('$.body')" } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      InlineCode: "exports.handler = async () => ({ body: 'x' });"
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /details, Method: get }
`);
    const routes = model.apis.find((a) => a.logicalId === "Api")?.routes;
    expect(routes).toEqual([expect.objectContaining({
      method: "GET",
      path: "/details",
      functionLogicalId: "Fn",
      awsIntegration: { service: "lambda", responses: [{ statusCode: "200", responseTemplates: { "application/json": "$input.path('$.body')" } }] },
    })]);
  });

  it("still warns about an AWS integration to a service the sandbox does not reach", async () => {
    const model = await apps.load(`${SAM}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: "2.0"
        paths:
          /put:
            post:
              x-amazon-apigateway-integration:
                type: aws
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:firehose:action/PutRecord
`);
    expect(model.warnings).toContain("Api: POST /put uses an AWS service integration (arn:aws:apigateway:us-east-1:firehose:action/PutRecord) to a service other than " +
      "DynamoDB, SQS, SNS, Kinesis, EventBridge, SSM, S3 (by path), Step Functions or a Lambda function of this template, which the sandbox does not emulate yet; the route is skipped");
  });
});

describe("REST API Lambda proxy integrations with an IntegrationHttpMethod other than POST", () => {
  it("carries the method on the route (CloudFormation and OpenAPI), and nothing for POST", async () => {
    // localstack's AWS-recorded test_lambda_aws_proxy_integration_non_post_method: such a route answers 500.
    const model = await apps.load(`${SAM}  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, InlineCode: "exports.handler = async () => ({ statusCode: 200 })" }
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Res:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: get }
  ByGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Res
      HttpMethod: ANY
      AuthorizationType: NONE
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: GET, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations" }
  ByPost:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: post, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations" }
  Spec:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        swagger: "2.0"
        paths:
          /get:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: GET
                uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations"
`);
    const cfn = model.apis.find((api) => api.routes.some((r) => r.path === "/get" && r.method === "ANY"));
    expect(cfn?.routes.find((r) => r.path === "/get")?.integrationHttpMethod).toBe("GET");
    expect(cfn?.routes.find((r) => r.path === "/")?.integrationHttpMethod).toBeUndefined();
    const openApi = model.apis.find((api) => api.routes.some((r) => r.path === "/get" && r.method === "GET"));
    expect(openApi?.routes[0]?.integrationHttpMethod).toBe("GET");
  });
});
