/**
 * SAM REST `Cors` as samtranslator writes it (SwaggerEditor.add_cors / _options_method_response_for_cors /
 * _make_cors_allowed_methods_for_path_item, ApiGenerator._add_cors): every path without its own
 * OPTIONS method gets an OPTIONS MOCK method whose integration response maps the header values
 * as the template wrote them. CDK's per-resource preflight methods are kept per path too.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { ApiSpec } from "../src/index.js";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const HEADER = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    CodeUri: .
`;

const header = (name: string) => `method.response.header.Access-Control-${name}`;

/** Each path's mapped Access-Control-* values, as the template wrote them. */
function parameters(api: ApiSpec | undefined): Record<string, Record<string, string> | undefined> {
  return Object.fromEntries(Object.entries(api?.cors?.preflights ?? {}).map(([path, mock]) => [path, mock.responses?.[0]?.responseParameters]));
}

describe("SAM REST Cors", () => {
  it("is SAM's OPTIONS MOCK method: request template {statusCode: 200}, a default 200 response with body {}, values verbatim", async () => {
    const model = await apps.load(`${HEADER}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /items, Method: get } }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Cors:
        AllowOrigin: "'https://shop.example'"
        AllowMethods: "'OPTIONS, POST, GET'"
        AllowHeaders: "'Content-Type, X-Api-Key'"
        MaxAge: "'600'"
        AllowCredentials: true
`);
    expect(model.apis[0]?.cors?.preflights).toEqual({
      "/items": {
        service: "mock",
        requestTemplates: { "application/json": '{\n  "statusCode" : 200\n}\n' },
        responses: [{
          statusCode: "200",
          responseParameters: {
            [header("Allow-Origin")]: "'https://shop.example'",
            [header("Allow-Headers")]: "'Content-Type, X-Api-Key'",
            [header("Allow-Methods")]: "'OPTIONS, POST, GET'",
            [header("Max-Age")]: "'600'",
            [header("Allow-Credentials")]: "'true'",
          },
          responseTemplates: { "application/json": "{}\n" },
        }],
      },
    });
  });

  it("computes Allow-Methods per path from the path item's keys: upper-cased, OPTIONS added, sorted; ANY is every method", async () => {
    const model = await apps.load(`${HEADER}  Api:
    Cors: "'*'"
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Post: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /items, Method: post } }
        Delete: { Type: Api, Properties: { RestApiId: !Ref Api, Path: "/items/{id}", Method: DELETE } }
        Any: { Type: Api, Properties: { RestApiId: !Ref Api, Path: "/proxy/{proxy+}", Method: any } }
        Options: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /own, Method: options } }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        swagger: "2.0"
        paths:
          /items:
            parameters: [{ name: q, in: query, type: string }]
            get:
              x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } }
          /documented:
            patch: { responses: {} }
`);
    // Every key of the path item counts, "parameters" included, and a method without an integration (SAM reads the keys).
    expect(parameters(model.apis[0])).toEqual({
      "/items": { [header("Allow-Origin")]: "'*'", [header("Allow-Methods")]: "'GET,OPTIONS,PARAMETERS,POST'" },
      "/documented": { [header("Allow-Origin")]: "'*'", [header("Allow-Methods")]: "'OPTIONS,PATCH'" },
      "/items/{id}": { [header("Allow-Origin")]: "'*'", [header("Allow-Methods")]: "'DELETE,OPTIONS'" },
      "/proxy/{proxy+}": { [header("Allow-Origin")]: "'*'", [header("Allow-Methods")]: "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'" },
    });
  });

  it("applies Globals.Api Cors to the implicit API; MaxAge 0 is kept, Allow-Credentials only when true", async () => {
    const model = await apps.load(`${HEADER}  Api:
    Cors:
      AllowOrigin: "'https://a.example'"
      MaxAge: "'0'"
      AllowCredentials: false
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: { Type: Api, Properties: { Path: /ping, Method: get } }
`);
    const api = model.apis.find((a) => a.logicalId === "ServerlessRestApi");
    expect(parameters(api)).toEqual({
      "/ping": { [header("Allow-Origin")]: "'https://a.example'", [header("Allow-Methods")]: "'GET,OPTIONS'", [header("Max-Age")]: "'0'" },
    });
  });

  it("defaults AllowOrigin of a Cors map to '*', as SAM's CorsProperties", async () => {
    const model = await apps.load(`${HEADER}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /ping, Method: get } }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Cors: { AllowHeaders: "'x-trace'" }
`);
    expect(parameters(model.apis[0])).toEqual({
      "/ping": { [header("Allow-Origin")]: "'*'", [header("Allow-Headers")]: "'x-trace'", [header("Allow-Methods")]: "'GET,OPTIONS'" },
    });
  });

  it("refuses a Cors that is neither a string nor a map of CorsProperties, with SAM's message", async () => {
    for (const cors of ["true", "{ AllowOrigins: \"'*'\" }"]) {
      const error = await sandboxError(apps.load(`${HEADER}Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Cors: ${cors}
`));
      expect(error.message).toBe("Resource with id [Api] is invalid. Invalid value for 'Cors' property");
    }
  });

  it("refuses AllowCredentials with AllowOrigin '*' (or none), with SAM's message", async () => {
    const error = await sandboxError(apps.load(`${HEADER}Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Cors: { AllowCredentials: true }
`));
    expect(error.message).toBe("Resource with id [Api] is invalid. Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set");
  });
});

describe("SAM Auth on the Cors OPTIONS methods", () => {
  const template = (auth: string) => `${HEADER}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /items, Method: get } }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Cors: "'*'"
      Auth:
${auth}`;
  const POOL = `        Authorizers:
          Pool: { UserPoolArn: arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abcdefghi, AuthorizationScopes: [items/read] }
`;

  it("puts the DefaultAuthorizer (with its scopes) and ApiKeyRequired on them, as SAM does by default", async () => {
    const model = await apps.load(template(`        DefaultAuthorizer: Pool\n        ApiKeyRequired: true\n${POOL}`));
    expect(model.apis[0]?.cors?.preflightAuthorization).toEqual({ authorizer: "Pool", scopes: ["items/read"], apiKeyRequired: true });
  });

  it("leaves them out with AddDefaultAuthorizerToCorsPreflight / AddApiKeyRequiredToCorsPreflight false; AWS_IAM is an authorizer too", async () => {
    const open = await apps.load(template(`        DefaultAuthorizer: Pool\n        ApiKeyRequired: true\n        AddDefaultAuthorizerToCorsPreflight: false\n        AddApiKeyRequiredToCorsPreflight: false\n${POOL}`));
    expect(open.apis[0]?.cors?.preflightAuthorization).toBeUndefined();
    const iam = await apps.load(template("        DefaultAuthorizer: AWS_IAM\n"));
    expect(iam.apis[0]?.cors?.preflightAuthorization).toEqual({ iam: true });
  });
});

describe("CDK's preflight methods", () => {
  it("answer each resource with its own OPTIONS method's values", async () => {
    const resource = (id: string, part: string) => `  ${id}:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: ${part} }
`;
    const options = (id: string, resourceId: string, methods: string) => `  ${id}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref ${resourceId}
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        RequestTemplates: { application/json: "{ statusCode: 200 }" }
        IntegrationResponses:
          - StatusCode: "204"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Methods: "${methods}"
`;
    const model = await apps.load(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
${resource("A", "a")}${resource("B", "b")}${options("AOptions", "A", "'GET, PUT'")}${options("BOptions", "B", "'POST'")}`);
    expect(parameters(model.apis[0])).toEqual({
      "/a": { [header("Allow-Origin")]: "'*'", [header("Allow-Methods")]: "'GET, PUT'" },
      "/b": { [header("Allow-Origin")]: "'*'", [header("Allow-Methods")]: "'POST'" },
    });
  });
});
