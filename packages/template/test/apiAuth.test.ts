import { afterAll, describe, expect, it } from "vitest";
import { sandboxError, TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const HEADER = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
    CodeUri: .
Resources:
  AuthFn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: auth-fn
`;

describe("SAM Auth on AWS::Serverless::Api", () => {
  it("resolves TOKEN and REQUEST authorizers, DefaultAuthorizer, NONE, ApiKeyRequired and a generated usage-plan key", async () => {
    const app = await apps.load(`${HEADER}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        DefaultAuthorizer: Token
        UsagePlan:
          CreateUsagePlan: PER_API
        Authorizers:
          Token:
            FunctionArn: !GetAtt AuthFn.Arn
            Identity:
              Header: X-Token
              ValidationExpression: "Bearer .*"
              ReauthorizeEvery: 0
          Req:
            FunctionPayloadType: REQUEST
            FunctionArn: !GetAtt AuthFn.Arn
            Identity:
              Headers: [X-User]
              QueryStrings: [tenant]
          Pool:
            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x
  App:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: app-fn
      Events:
        Default:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /a, Method: get }
        Request:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /b, Method: get, Auth: { Authorizer: Req, ApiKeyRequired: true } }
        Open:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /c, Method: get, Auth: { Authorizer: NONE } }
`);
    const api = app.apis.find((a) => a.logicalId === "Api");
    expect(api?.authorizers).toEqual([
      { name: "Token", type: "TOKEN", functionName: "auth-fn", identitySources: ["method.request.header.X-Token"], ttlSeconds: 0, validationExpression: "Bearer .*" },
      { name: "Req", type: "REQUEST", functionName: "auth-fn", identitySources: ["method.request.header.X-User", "method.request.querystring.tenant"], ttlSeconds: 300 },
      { name: "Pool", type: "COGNITO_USER_POOLS", providerArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"], identitySources: ["method.request.header.Authorization"] },
    ]);
    const byPath = Object.fromEntries((api?.routes ?? []).map((r) => [r.path, r.authorization]));
    expect(byPath).toEqual({ "/a": { authorizer: "Token" }, "/b": { authorizer: "Req", apiKeyRequired: true }, "/c": undefined });
    expect(api?.apiKeys).toHaveLength(1);
    expect(api?.apiKeys?.[0]).toMatchObject({ logicalId: "ApiApiKey", enabled: true, generated: true });
    expect(api?.apiKeys?.[0].value).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it("rejects a DefaultAuthorizer that is not defined, with SAM's message", async () => {
    const error = await sandboxError(apps.load(`${HEADER}  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        DefaultAuthorizer: Missing
        Authorizers:
          Token: { FunctionArn: !GetAtt AuthFn.Arn }
`));
    expect(error.message).toBe("Resource with id [Api] is invalid. Unable to set DefaultAuthorizer because 'Missing' was not defined in 'Authorizers'.");
  });
});

describe("SAM Auth on AWS::Serverless::HttpApi", () => {
  it("resolves Lambda (simple responses) and JWT authorizers with route scopes", async () => {
    const app = await apps.load(`${HEADER}  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            AuthorizationScopes: [read]
            JwtConfiguration:
              issuer: https://issuer.example
              audience: [client-1]
          Lam:
            FunctionArn: !GetAtt AuthFn.Arn
            AuthorizerPayloadFormatVersion: 2.0
            EnableSimpleResponses: true
            Identity:
              Headers: [Authorization]
  App:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: app-fn
      Events:
        A:
          Type: HttpApi
          Properties: { ApiId: !Ref Http, Path: /a, Method: get }
        B:
          Type: HttpApi
          Properties: { ApiId: !Ref Http, Path: /b, Method: get, Auth: { Authorizer: Lam } }
        C:
          Type: HttpApi
          Properties: { ApiId: !Ref Http, Path: /c, Method: get, Auth: { Authorizer: Jwt, AuthorizationScopes: [admin] } }
`);
    const api = app.apis.find((a) => a.logicalId === "Http");
    expect(api?.authorizers).toEqual([
      { name: "Jwt", type: "JWT", issuer: "https://issuer.example", audience: ["client-1"], identitySources: ["$request.header.Authorization"] },
      { name: "Lam", type: "REQUEST", functionName: "auth-fn", identitySources: ["$request.header.Authorization"], ttlSeconds: 0, payloadFormatVersion: "2.0", simpleResponses: true },
    ]);
    const byPath = Object.fromEntries((api?.routes ?? []).map((r) => [r.path, r.authorization]));
    expect(byPath).toEqual({ "/a": { authorizer: "Jwt", scopes: ["read"] }, "/b": { authorizer: "Lam" }, "/c": { authorizer: "Jwt", scopes: ["admin"] } });
  });
});

describe("CloudFormation authorizers and API keys", () => {
  it("reads AWS::ApiGateway::Authorizer, Method AuthorizerId / ApiKeyRequired and usage-plan keys", async () => {
    const app = await apps.load(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: app-fn
      Runtime: nodejs22.x
      Handler: index.handler
      Code: { ZipFile: "exports.handler = async () => ({})" }
      Role: arn:aws:iam::123456789012:role/x
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items }
  Auth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: auth
      Type: TOKEN
      IdentitySource: method.request.header.Authorization
      AuthorizerResultTtlInSeconds: 60
      AuthorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref Auth
      ApiKeyRequired: true
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Api, StageName: prod, DeploymentId: x }
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties: { Enabled: true, Value: my-fixed-key-value-1234567890 }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages: [{ ApiId: !Ref Api, Stage: prod }]
  PlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: { KeyId: !Ref Key, KeyType: API_KEY, UsagePlanId: !Ref Plan }
`);
    const api = app.apis.find((a) => a.logicalId === "Api");
    expect(api?.authorizers).toHaveLength(1);
    const authorizer = api?.authorizers?.[0];
    expect(authorizer).toMatchObject({ type: "TOKEN", functionName: "app-fn", identitySources: ["method.request.header.Authorization"], ttlSeconds: 60 });
    expect(api?.routes[0].authorization).toEqual({ authorizer: authorizer?.name, apiKeyRequired: true });
    expect(api?.apiKeys).toEqual([{ id: expect.any(String), value: "my-fixed-key-value-1234567890", enabled: true, logicalId: "Key" }]);
    expect(app.warnings.join("\n")).not.toMatch(/Authorizer|ApiKey|UsagePlan/);
  });
});
