/**
 * A template's WebSocket API whose $connect route has a Lambda REQUEST authorizer
 * (AWS::ApiGatewayV2::Authorizer, AuthorizationType CUSTOM), as the developer guide's "Control
 * access to WebSocket APIs with AWS Lambda REQUEST authorizers" sets it up: 401 without the
 * identity source or when the function fails with "Unauthorized", 403 on a Deny, and the
 * authorizer's context in the connection's events.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { handshakeStatus, openWebSocket } from "./helpers.js";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { Runtime: nodejs20.x, Handler: index.handler, Timeout: 5 }
Resources:
  AuthFn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ws-authz
      InlineCode: |
        exports.handler = async (event) => {
          const token = event.queryStringParameters.token;
          if (token === "unauth") throw new Error("Unauthorized");
          const effect = token === "good" ? "Allow" : "Deny";
          return { principalId: "me", policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: event.methodArn }] }, context: { room: "lobby" } };
        };
  ConnectFn:
    Type: AWS::Serverless::Function
    Properties: { FunctionName: ws-connect, InlineCode: "exports.handler = async () => ({ statusCode: 200 });" }
  WhoamiFn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ws-whoami
      InlineCode: "exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer) });"
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: guarded, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  Authorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref Api
      Name: token
      AuthorizerType: REQUEST
      AuthorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${AuthFn.Arn}/invocations
      IdentitySource: [route.request.querystring.token]
  ConnectIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ConnectFn.Arn}/invocations
  WhoamiIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${WhoamiFn.Arn}/invocations
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: $connect
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref Authorizer
      Target: !Sub integrations/\${ConnectIntegration}
  WhoamiRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: whoami, Target: !Sub "integrations/\${WhoamiIntegration}" }
  WhoamiResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref Api, RouteId: !Ref WhoamiRoute, RouteResponseKey: $default }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Api, StageName: prod, AutoDeploy: true }
`;

const dir = mkdtempSync(join(tmpdir(), "sandbox-ws-authorizer-"));
let sandbox: RunningSandbox;
let url: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  writeFileSync(join(dir, "template.yaml"), TEMPLATE);
  sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
  url = sandbox.webSocketUrls[0]?.url ?? "";
}, 60_000);

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a template WebSocket API's $connect authorizer", () => {
  it("refuses the handshake with 401 without its identity source or when the function says Unauthorized, 403 on a Deny", async () => {
    expect(url).toMatch(/\/prod$/);
    expect(await handshakeStatus(url)).toBe(401);
    expect(await handshakeStatus(`${url}?token=unauth`)).toBe(401);
    expect(await handshakeStatus(`${url}?token=other`)).toBe(403);
  });

  it("connects when allowed; the authorizer's principalId and context reach the connection's events", async () => {
    const client = await openWebSocket(`${url}?token=good`, sockets);
    client.ws.send('{"action":"whoami"}');
    expect(JSON.parse(await client.next())).toMatchObject({ principalId: "me", room: "lobby" });
  });
});
