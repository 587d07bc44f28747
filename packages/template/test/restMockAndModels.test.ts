import { afterAll, describe, expect, it } from "vitest";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const API = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Test:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: test }
`;

/** The head of an AWS::ApiGateway::Method on the Test resource; its further Properties follow at six spaces. */
function method(logicalId: string, httpMethod: string): string {
  return `  ${logicalId}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Test
      HttpMethod: ${httpMethod}
      AuthorizationType: NONE
`;
}

describe("REST API MOCK methods", () => {
  it("serves a MOCK method as a mock integration with its templates and integration responses", async () => {
    // As localstack's TestProxyRouting creates them (MOCK, {"statusCode": 200}, a 200 response template).
    const model = await apps.load(`${API}${method("Post", "POST")}      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{"statusCode": 200}' }
        IntegrationResponses:
          - { StatusCode: "200", SelectionPattern: "", ResponseTemplates: { application/json: '{"message": "POST request"}' } }
${method("Options", "OPTIONS")}      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{"statusCode": 200}' }
        IntegrationResponses: [{ StatusCode: "200" }]
`);
    expect(model.warnings).toEqual([]);
    expect(model.apis[0]?.routes.map((r) => [r.method, r.path, r.awsIntegration])).toEqual([
      ["POST", "/test", { service: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: [{ statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": '{"message": "POST request"}' } }] }],
      // An OPTIONS MOCK without Access-Control-* headers is a method like any other, not the API's CORS.
      ["OPTIONS", "/test", { service: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: [{ statusCode: "200" }] }],
    ]);
    expect(model.apis[0]?.cors).toBeUndefined();
  });

  it("reads an OpenAPI operation of type mock", async () => {
    const model = await apps.load(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        paths:
          /status:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: { application/json: '{"statusCode": 200}' }
                responses: { default: { statusCode: "200", responseTemplates: { application/json: '{"up": true}' } } }
`);
    expect(model.apis[0]?.routes[0]?.awsIntegration).toEqual({
      service: "mock",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
      responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"up": true}' } }],
    });
  });
});

describe("CDK's CORS preflight method", () => {
  it("is the API's CORS and keeps its MOCK integration to answer preflights with", async () => {
    // aws-cdk-lib addCorsPreflight: OPTIONS, MOCK, '{ statusCode: 200 }', integration response 204.
    const model = await apps.load(`${API}${method("Options", "OPTIONS")}      Integration:
        Type: MOCK
        RequestTemplates: { application/json: "{ statusCode: 200 }" }
        IntegrationResponses:
          - StatusCode: "204"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET'"
`);
    expect(model.apis[0]?.routes).toEqual([]);
    expect(model.apis[0]?.cors).toMatchObject({
      allowOrigins: ["*"],
      allowMethods: ["OPTIONS", "GET"],
      preflight: { service: "mock", requestTemplates: { "application/json": "{ statusCode: 200 }" }, responses: [{ statusCode: "204" }] },
    });
  });
});

describe("REST API models that reference other models", () => {
  it("inlines a $ref to https://apigateway.amazonaws.com/restapis/<api>/models/<name>, without a warning for validators and models", async () => {
    // localstack test_api_gateway_request_validator_with_ref_models / _with_ref_one_ofmodels (aws.validated).
    const model = await apps.load(`${API}  Validator:
    Type: AWS::ApiGateway::RequestValidator
    Properties: { RestApiId: !Ref Api, ValidateRequestBody: true }
  Item:
    Type: AWS::ApiGateway::Model
    Properties:
      RestApiId: !Ref Api
      Name: testSchema
      ContentType: application/json
      Schema: { $schema: "http://json-schema.org/draft-04/schema#", type: object, required: [a] }
  List:
    Type: AWS::ApiGateway::Model
    Properties:
      RestApiId: !Ref Api
      Name: testSchemaList
      ContentType: application/json
      Schema: { type: array, items: { $ref: !Sub "https://apigateway.amazonaws.com/restapis/\${Api}/models/testSchema" } }
${method("Post", "POST")}      RequestValidatorId: !Ref Validator
      RequestModels: { application/json: !Ref List }
      Integration: { Type: MOCK, RequestTemplates: { application/json: '{"statusCode": 200}' }, IntegrationResponses: [{ StatusCode: "200" }] }
`);
    expect(model.warnings).toEqual([]);
    expect(model.apis[0]?.routes[0]?.validation?.models).toEqual({ "application/json": { type: "array", items: { type: "object", required: ["a"] } } });
  });
});

describe("REST API gateway responses", () => {
  it("reads SAM GatewayResponses, AWS::ApiGateway::GatewayResponse and x-amazon-apigateway-gateway-responses", async () => {
    // SAM's integration template combination/api_with_gateway_responses.yaml (Headers become gatewayresponse.header.<Name>).
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      GatewayResponses:
        DEFAULT_4XX:
          ResponseParameters:
            Headers:
              Access-Control-Allow-Origin: "'*'"
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        paths: {}
        x-amazon-apigateway-gateway-responses:
          INVALID_API_KEY:
            statusCode: "456"
            responseParameters: { gatewayresponse.header.api-key: method.request.header.api-key }
            responseTemplates: { application/json: '{"message": "Bad api-key" }' }
  Missing:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      RestApiId: !Ref Api
      ResponseType: MISSING_AUTHENTICATION_TOKEN
      StatusCode: 404
      ResponseTemplates: { application/json: '{"message":$context.error.messageString}' }
`);
    expect(model.warnings).toEqual([]);
    const byId = Object.fromEntries(model.apis.map((api) => [api.logicalId, api.gatewayResponses]));
    expect(byId.MyApi).toEqual({ DEFAULT_4XX: { responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" } } });
    expect(byId.Api).toEqual({
      INVALID_API_KEY: { statusCode: "456", responseParameters: { "gatewayresponse.header.api-key": "method.request.header.api-key" }, responseTemplates: { "application/json": '{"message": "Bad api-key" }' } },
      MISSING_AUTHENTICATION_TOKEN: { statusCode: "404", responseTemplates: { "application/json": '{"message":$context.error.messageString}' } },
    });
  });
});

describe("REST API usage plan limits", () => {
  it("gives each key its plan's Throttle and Quota (CloudFormation and SAM Auth.UsagePlan)", async () => {
    const model = await apps.load(`Transform: AWS::Serverless-2016-10-31
Resources:
  SamApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        ApiKeyRequired: true
        UsagePlan:
          CreateUsagePlan: PER_API
          Throttle: { RateLimit: 5, BurstLimit: 10 }
          Quota: { Limit: 100, Period: WEEK, Offset: 1 }
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages: [{ ApiId: !Ref Api, Stage: dev }]
      Throttle: { RateLimit: 2, BurstLimit: 1 }
      Quota: { Limit: 10, Period: DAY }
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties: { Enabled: true, Value: abcdefghijklmnopqrstuvwxyz0123456789 }
  PlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: { KeyId: !Ref Key, KeyType: API_KEY, UsagePlanId: !Ref Plan }
`);
    const keys = Object.fromEntries(model.apis.map((api) => [api.logicalId, api.apiKeys?.map(({ throttle, quota }) => ({ throttle, quota }))]));
    expect(keys.Api).toEqual([{ throttle: { rateLimit: 2, burstLimit: 1 }, quota: { limit: 10, period: "DAY" } }]);
    expect(keys.SamApi).toEqual([{ throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 100, period: "WEEK", offset: 1 } }]);
  });
});

describe("REST API HTTP integrations", () => {
  it("serves HTTP_PROXY and HTTP methods with their URI, IntegrationHttpMethod and RequestParameters", async () => {
    const model = await apps.load(`${API}${method("Proxy", "ANY")}      Integration: { Type: HTTP_PROXY, IntegrationHttpMethod: ANY, Uri: "https://example.com/{proxy}", RequestParameters: { integration.request.path.proxy: method.request.path.proxy } }
${method("Plain", "POST")}      Integration: { Type: HTTP, IntegrationHttpMethod: post, Uri: "https://example.com/orders", IntegrationResponses: [{ StatusCode: "200" }] }
`);
    expect(model.warnings).toEqual([]);
    expect(model.apis[0]?.routes.map((r) => r.awsIntegration)).toEqual([
      { service: "http_proxy", uri: "https://example.com/{proxy}", httpMethod: "ANY", requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" }, responses: [] },
      { service: "http", uri: "https://example.com/orders", httpMethod: "POST", responses: [{ statusCode: "200" }] },
    ]);
  });
});
