/**
 * SAM's integration tests combination/test_api_with_authorizers.py::test_authorizers_min and _max
 * (aws/serverless-application-model, run against AWS): their templates integration/resources/templates/combination/
 * api_with_authorizers_min.yaml and _max.yaml deployed in the sandbox (runtimes written as nodejs20.x, the max template's
 * IAM role and permission left out), the statuses they assert replayed over HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        Authorizers:
          MyCognitoAuthorizer:
            UserPoolArn:
              Fn::GetAtt: MyCognitoUserPool.Arn
          MyLambdaTokenAuth:
            FunctionArn:
              Fn::GetAtt: MyLambdaAuthFunction.Arn
          MyLambdaRequestAuth:
            FunctionPayloadType: REQUEST
            FunctionArn:
              Fn::GetAtt: MyLambdaAuthFunction.Arn
            Identity:
              QueryStrings:
              - authorization
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: |
        exports.handler = async (event, context, callback) => {
          return {
            statusCode: 200,
            body: 'Success'
          }
        }
      Events:
        None:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /none }
        Cognito:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /cognito, Auth: { Authorizer: MyCognitoAuthorizer } }
        LambdaToken:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /lambda-token, Auth: { Authorizer: MyLambdaTokenAuth } }
        LambdaRequest:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /lambda-request, Auth: { Authorizer: MyLambdaRequestAuth } }
        Iam:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /iam, Auth: { Authorizer: AWS_IAM } }
  MyLambdaAuthFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: |
        exports.handler = async (event, context, callback) => {
          const token = event.type === 'TOKEN' ? event.authorizationToken : event.queryStringParameters.authorization
          const policyDocument = {
            Version: '2012-10-17',
            Statement: [{
              Action: 'execute-api:Invoke',
              Effect: token && token.toLowerCase() === 'allow' ? 'Allow' : 'Deny',
              Resource: event.methodArn
            }]
          }
          return {
            principalId: 'user',
            context: {},
            policyDocument
          }
        }
  MyCognitoUserPool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: MyCognitoUserPool
  MyCognitoUserPoolClient:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId:
        Ref: MyCognitoUserPool
      ClientName: MyCognitoUserPoolClient
      GenerateSecret: false
`;

/** A sandbox of `template` for the describe it is called in, and the status of a GET of one of its API's paths. */
function deployed(template: string): (path: string, headers?: Record<string, string>) => Promise<number> {
  let dir: string;
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "apigw-authorizers-"));
    writeFileSync(join(dir, "template.yaml"), template);
    const logger = { info() {}, debug() {}, error() {}, warn() {} };
    sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true, logger });
  });
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return async (path, headers = {}) => {
    const res = await fetch(`${sandbox.apiUrl}/${path}`, { headers });
    await res.arrayBuffer();
    return res.status;
  };
}

describe("SAM api_with_authorizers_min, as AWS answered it", () => {
  const status = deployed(TEMPLATE);

  it("none 200; lambda-token 401 without the header, 200 with Authorization: allow", async () => {
    expect(await status("none")).toBe(200);
    expect(await status("lambda-token")).toBe(401);
    expect(await status("lambda-token", { Authorization: "allow" })).toBe(200);
  });

  it("lambda-request 401 without the authorization query string, 200 with ?authorization=allow", async () => {
    expect(await status("lambda-request")).toBe(401);
    expect(await status("lambda-request?authorization=allow")).toBe(200);
  });

  it("cognito 401 without a token; iam 403 unsigned", async () => {
    expect(await status("cognito")).toBe(401);
    expect(await status("iam")).toBe(403);
  });
});

const MAX_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        DefaultAuthorizer: MyCognitoAuthorizer
        Authorizers:
          MyCognitoAuthorizer:
            UserPoolArn:
              - Fn::GetAtt: MyCognitoUserPool.Arn
              - Fn::GetAtt: MyCognitoUserPoolTwo.Arn
            Identity:
              Header: MyAuthorizationHeader
              ValidationExpression: myauthvalidationexpression
          MyLambdaTokenAuth:
            FunctionPayloadType: TOKEN
            FunctionArn:
              Fn::GetAtt: MyLambdaAuthFunction.Arn
            Identity:
              Header: MyCustomAuthHeader
              ValidationExpression: allow
              ReauthorizeEvery: 20
          MyLambdaRequestAuth:
            FunctionPayloadType: REQUEST
            FunctionArn:
              Fn::GetAtt: MyLambdaAuthFunction.Arn
            Identity:
              Headers:
                - authorizationHeader
              QueryStrings:
                - authorization
                - authorizationQueryString1
              ReauthorizeEvery: 0
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: |
        exports.handler = async (event, context, callback) => {
          return {
            statusCode: 200,
            body: 'Success'
          }
        }
      Events:
        None:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /none, Auth: { Authorizer: NONE } }
        Cognito:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /cognito }
        LambdaToken:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /lambda-token, Auth: { Authorizer: MyLambdaTokenAuth } }
        LambdaRequest:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /lambda-request, Auth: { Authorizer: MyLambdaRequestAuth } }
        Iam:
          Type: Api
          Properties: { RestApiId: { Ref: MyApi }, Method: get, Path: /iam, Auth: { Authorizer: AWS_IAM, InvokeRole: CALLER_CREDENTIALS } }
  MyLambdaAuthFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: |
        exports.handler = async (event, context, callback) => {
          const token = event.type === 'TOKEN' ? event.authorizationToken : event.queryStringParameters.authorization
          const policyDocument = {
            Version: '2012-10-17',
            Statement: [{
              Action: 'execute-api:Invoke',
              Effect: token && token.toLowerCase() === 'allow' ? 'Allow' : 'Deny',
              Resource: event.methodArn
            }]
          }
          return {
            principalId: 'user',
            context: {},
            policyDocument
          }
        }
  MyCognitoUserPool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: MyCognitoUserPool
  MyCognitoUserPoolTwo:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: MyCognitoUserPoolTwo
`;

describe("SAM api_with_authorizers_max, as AWS answered it", () => {
  const status = deployed(MAX_TEMPLATE);

  it("none 200 (Authorizer: NONE beside a DefaultAuthorizer); lambda-token 401 without MyCustomAuthHeader, 200 with allow", async () => {
    expect(await status("none")).toBe(200);
    expect(await status("lambda-token")).toBe(401);
    expect(await status("lambda-token", { MyCustomAuthHeader: "allow" })).toBe(200);
  });

  it("lambda-request 401 without its identity sources, 200 with the header and both query strings", async () => {
    expect(await status("lambda-request")).toBe(401);
    expect(await status("lambda-request?authorization=allow&authorizationQueryString1=x", { authorizationHeader: "y" })).toBe(200);
  });

  it("cognito (the DefaultAuthorizer) 401 without MyAuthorizationHeader; iam 403 unsigned", async () => {
    expect(await status("cognito")).toBe(401);
    expect(await status("iam")).toBe(403);
  });
});
