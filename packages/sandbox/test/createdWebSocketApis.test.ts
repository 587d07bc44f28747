/**
 * WebSocket APIs created through API Gateway v2's control plane (the AWS tutorial "Create a
 * WebSocket chat app" done with the SDK: CreateApi WEBSOCKET, Lambda integrations, $connect /
 * $disconnect / custom routes, a stage and its deployment), served through the template's
 * WebSocket gateway: a real WebSocket client connects to the API's ApiEndpoint and stage, a
 * function created with CreateFunction answers through @connections (PostToConnection with the SDK's
 * ApiGatewayManagementApiClient), $connect refuses with its status, a route response makes a route
 * two-way, and the API is served again after a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import {
  ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand,
} from "@aws-sdk/client-apigatewayv2";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { createZipFunctions, handshakeStatus, openWebSocket } from "./helpers.js";

const REGION = "us-east-1";
const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const silent = { info() {}, debug() {}, error() {}, warn() {} };
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const arnOf = (name: string) => `arn:aws:lambda:${REGION}:000000000000:function:${name}`;
const lambdaUri = (name: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arnOf(name)}/invocations`;

/** The SDK's @connections client, as the function's code requires it (the sandbox's own install; a Lambda runtime provides it). */
const MANAGEMENT_SDK = createRequire(import.meta.url).resolve("@aws-sdk/client-apigatewaymanagementapi");
/** The chat tutorial's sendmessage function: posts back to the sender through @connections, at the endpoint the event names. */
const SEND = `const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require(${JSON.stringify(MANAGEMENT_SDK)});
exports.handler = async (event) => {
  const { domainName, stage, connectionId, routeKey, apiId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: process.env.AWS_ENDPOINT_URL ?? \`https://\${domainName}/\${stage}\` });
  const body = JSON.parse(event.body);
  const authorizer = event.requestContext.authorizer;
  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify({ routeKey, stage, apiId, echo: body.message, ...(authorizer ? { authorizer } : {}) }) }));
  return { statusCode: 200 };
};`;
/** $connect: refuses a handshake whose token is "bad" with 403. */
const CONNECT = `exports.handler = async (event) => ({ statusCode: event.queryStringParameters?.token === "bad" ? 403 : 200 });`;
/** The developer guide's REQUEST authorizer: token "good" is allowed (with a context), "deny" denied, "unauth" answered 401. */
const AUTHZ = `exports.handler = async (event) => {
  const token = event.queryStringParameters.token;
  if (token === "unauth") throw new Error("Unauthorized");
  if (!event.methodArn.endsWith("/dev/$connect") || event.type !== "REQUEST") throw new Error("unexpected event " + JSON.stringify(event));
  return { principalId: "me", policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: token === "good" ? "Allow" : "Deny", Resource: event.methodArn }] }, context: { tier: "gold" } };
};`;
/** A two-way route's function: its body goes back to the client. */
const REPLY = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ replied: event.requestContext.routeKey }) });`;

const dataDir = mkdtempSync(join(tmpdir(), "sandbox-created-ws-apis-"));
let sandbox: RunningSandbox;
let v2: ApiGatewayV2Client;
const sockets: WebSocket[] = [];

async function start(): Promise<void> {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir, logger: silent });
  v2 = new ApiGatewayV2Client({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
}

async function stop(): Promise<void> {
  for (const ws of sockets.splice(0)) ws.terminate();
  v2.destroy();
  await sandbox.stop();
}

beforeAll(async () => {
  await start();
  await createZipFunctions(sandbox.endpoint, ROLE, { wssend: SEND, wsconnect: CONNECT, wsreply: REPLY, wsauthz: AUTHZ });
}, 60_000);

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A client whose frames are read as JSON. */
async function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; next(): Promise<Record<string, unknown>> }> {
  const client = await openWebSocket(url, sockets, headers);
  return { ws: client.ws, next: async () => JSON.parse(await client.next()) as Record<string, unknown> };
}

const refusal = handshakeStatus;

/** The tutorial's API: $connect, sendmessage and $default to the functions, echo two-way; stage production deployed. */
async function chatApi(): Promise<{ apiId: string; url: string }> {
  const api = await v2.send(new CreateApiCommand({ Name: "chat", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
  const apiId = api.ApiId ?? "";
  const integration = async (uri: string) => `integrations/${(await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: uri }))).IntegrationId}`;
  const send = await integration(lambdaUri("wssend"));
  await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$connect", Target: await integration(lambdaUri("wsconnect")) }));
  await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "sendmessage", Target: send }));
  // The bare function ARN is taken as the integration's URI too.
  await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$default", Target: await integration(arnOf("wssend")) }));
  await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "__proto__", Target: send }));
  const echo = await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "echo", Target: await integration(lambdaUri("wsreply")), RouteResponseSelectionExpression: "$default" }));
  await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: echo.RouteId, RouteResponseKey: "$default" }));
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "production" }));
  await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: "production" }));
  expect(api.ApiEndpoint).toBe(`${sandbox.endpoint.replace(/^http/, "ws")}/_aws/execute-api/${apiId}`);
  return { apiId, url: `${api.ApiEndpoint}/production` };
}

let chat: { apiId: string; url: string };

describe("a WebSocket API created with the v2 control plane", () => {
  it("connects at its ApiEndpoint's stage; sendmessage's function posts back through @connections", async () => {
    chat = await chatApi();
    const client = await connect(chat.url);
    client.ws.send(JSON.stringify({ action: "sendmessage", message: "hello" }));
    expect(await client.next()).toEqual({ routeKey: "sendmessage", stage: "production", apiId: chat.apiId, echo: "hello" });
    // A body no route's key selects goes to $default (a function named by its bare ARN).
    client.ws.send(JSON.stringify({ action: "nothing", message: "fallback" }));
    expect(await client.next()).toMatchObject({ routeKey: "$default", echo: "fallback" });
    // A route keyed "__proto__" is a route like any other.
    client.ws.send(JSON.stringify({ action: "__proto__", message: "hostile" }));
    expect(await client.next()).toMatchObject({ routeKey: "__proto__", echo: "hostile" });
  });

  it("a route with a route response is two-way: its function's body is sent back", async () => {
    const client = await connect(chat.url);
    client.ws.send(JSON.stringify({ action: "echo" }));
    expect(await client.next()).toEqual({ replied: "echo" });
  });

  it("answers at Host <id>.execute-api.… /<stage> and on the app port at /<id>/<stage> too", async () => {
    const byHost = await connect(`${sandbox.endpoint.replace(/^http/, "ws")}/production`, { host: `${chat.apiId}.execute-api.localhost.localstack.cloud` });
    byHost.ws.send(JSON.stringify({ action: "sendmessage", message: "host" }));
    expect(await byHost.next()).toMatchObject({ echo: "host", stage: "production" });
    const onApp = await connect(`${sandbox.apiUrl.replace(/^http/, "ws")}/${chat.apiId}/production`);
    onApp.ws.send(JSON.stringify({ action: "sendmessage", message: "app" }));
    expect(await onApp.next()).toMatchObject({ echo: "app" });
  });

  it("$connect refuses with the status its function answers; an unknown stage or API is 403", async () => {
    expect(await refusal(`${chat.url}?token=bad`)).toBe(403);
    expect(await refusal(`${sandbox.endpoint.replace(/^http/, "ws")}/_aws/execute-api/${chat.apiId}/nostage`)).toBe(403);
    expect(await refusal(`${sandbox.endpoint.replace(/^http/, "ws")}/_aws/execute-api/zzzzzzzzzz/production`)).toBe(403);
  });

  it("an autoDeploy stage serves a route added later, on the connections already open too", async () => {
    const api = await v2.send(new CreateApiCommand({ Name: "later", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
    const apiId = api.ApiId ?? "";
    const target = `integrations/${(await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: lambdaUri("wsreply") }))).IntegrationId}`;
    const first = await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "first", Target: target }));
    await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: first.RouteId, RouteResponseKey: "$default" }));
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "dev", AutoDeploy: true }));
    const client = await connect(`${api.ApiEndpoint}/dev`);
    client.ws.send(JSON.stringify({ action: "first" }));
    expect(await client.next()).toEqual({ replied: "first" });
    const second = await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "second", Target: target }));
    await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: second.RouteId, RouteResponseKey: "$default" }));
    client.ws.send(JSON.stringify({ action: "second" }));
    expect(await client.next()).toEqual({ replied: "second" });
  });

  it("a Lambda REQUEST authorizer on $connect: 401 without its identity source or when it says Unauthorized, 403 on Deny, its context in every event", async () => {
    const api = await v2.send(new CreateApiCommand({ Name: "guarded", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
    const apiId = api.ApiId ?? "";
    const authorizer = await v2.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: "authz", AuthorizerType: "REQUEST", AuthorizerUri: lambdaUri("wsauthz"), IdentitySource: ["route.request.querystring.token"] }));
    const integration = async (uri: string) => `integrations/${(await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: uri }))).IntegrationId}`;
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$connect", AuthorizationType: "CUSTOM", AuthorizerId: authorizer.AuthorizerId, Target: await integration(lambdaUri("wsconnect")) }));
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "sendmessage", Target: await integration(lambdaUri("wssend")) }));
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "dev", AutoDeploy: true }));
    const url = `${api.ApiEndpoint}/dev`;
    expect(await refusal(url)).toBe(401);
    expect(await refusal(`${url}?token=unauth`)).toBe(401);
    expect(await refusal(`${url}?token=deny`)).toBe(403);
    const client = await connect(`${url}?token=good`);
    client.ws.send(JSON.stringify({ action: "sendmessage", message: "in" }));
    expect(await client.next()).toMatchObject({ echo: "in", authorizer: { principalId: "me", tier: "gold" } });
  });

  it("is served again after a restart", async () => {
    await stop();
    await start();
    expect(sandbox.createdHttpApis).toContainEqual({ apiId: chat.apiId, name: "chat", stage: "production", url: chat.url.replace(/:\d+\//, `:${new URL(sandbox.endpoint).port}/`) });
    const client = await connect(`${sandbox.endpoint.replace(/^http/, "ws")}/_aws/execute-api/${chat.apiId}/production`);
    client.ws.send(JSON.stringify({ action: "sendmessage", message: "again" }));
    expect(await client.next()).toMatchObject({ echo: "again" });
  }, 60_000);

  it.skipIf(!hasAws)("awscli builds one step by step and a client connects to it", async () => {
    const api = (await awsCli(sandbox.endpoint, "apigatewayv2", "create-api", "--name", "cli-chat", "--protocol-type", "WEBSOCKET", "--route-selection-expression", "$request.body.action")) as { ApiId: string; ApiEndpoint: string };
    const integration = (await awsCli(sandbox.endpoint, "apigatewayv2", "create-integration", "--api-id", api.ApiId, "--integration-type", "AWS_PROXY", "--integration-uri", lambdaUri("wssend"))) as { IntegrationId: string };
    await awsCli(sandbox.endpoint, "apigatewayv2", "create-route", "--api-id", api.ApiId, "--route-key", "sendmessage", "--target", `integrations/${integration.IntegrationId}`);
    const stage = (await awsCli(sandbox.endpoint, "apigatewayv2", "create-stage", "--api-id", api.ApiId, "--stage-name", "production", "--auto-deploy")) as { LastDeploymentStatusMessage?: string };
    expect(stage.LastDeploymentStatusMessage).toMatch(/^Successfully deployed stage with deployment ID '[a-z0-9]{6}'$/);
    const client = await connect(`${api.ApiEndpoint}/production`);
    client.ws.send(JSON.stringify({ action: "sendmessage", message: "cli" }));
    expect(await client.next()).toMatchObject({ echo: "cli", apiId: api.ApiId });
  }, 60_000);
});
