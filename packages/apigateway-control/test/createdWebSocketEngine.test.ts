/**
 * WebSocket APIs in the created-API engine without HTTP: AWS's answers for a WebSocket API's
 * integrations, stages and authorizers (as an AWS account's get-integrations / get-stages dump and
 * the AWS CLI's create-integration example show them), free-form route keys, route responses in
 * the deployment's snapshot, and recovery from the journal.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileStore, MemoryStore } from "@sam-sandbox/core";
import { CreatedHttpApis } from "../src/index.js";

const ctx = { region: "eu-west-1", accountId: "000000000000", now: () => Date.UTC(2026, 10, 27, 12, 0, 0) };
const FN = "arn:aws:lambda:eu-west-1:000000000000:function:chat";
const URI = `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function chat(engine: CreatedHttpApis) {
  const api = await engine.createApi({ Name: "chat", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" });
  const integration = await engine.createIntegration({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: URI });
  return { apiId: api.ApiId, target: `integrations/${integration.IntegrationId}`, integration };
}

describe("CreatedHttpApis: WebSocket APIs", () => {
  it("answers CreateApi as AWS does for a WebSocket API (wss:// endpoint, x-api-key selection)", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const api = await engine.createApi({ Name: "chat", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" });
    expect(api).toMatchObject({
      ApiEndpoint: `wss://${api.ApiId}.execute-api.eu-west-1.amazonaws.com`,
      ApiKeySelectionExpression: "$request.header.x-api-key",
      DisableExecuteApiEndpoint: false,
      Name: "chat",
      ProtocolType: "WEBSOCKET",
      RouteSelectionExpression: "$request.body.action",
    });
    expect(api).not.toHaveProperty("CorsConfiguration");
  });

  it("refuses what only HTTP APIs take, and a WebSocket API without a route selection expression", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    await expect(engine.createApi({ Name: "x", ProtocolType: "WEBSOCKET" })).rejects.toThrow("RouteSelectionExpression is required for WebSocket APIs");
    await expect(engine.createApi({ Name: "x", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action", Target: FN })).rejects.toThrow("Target is supported only for HTTP APIs");
    const { apiId } = await chat(engine);
    await expect(engine.updateApi({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ["*"] } })).rejects.toThrow("CorsConfiguration is supported only for HTTP APIs");
    expect(() => engine.exportApi({ ApiId: apiId, Specification: "OAS30", OutputType: "JSON" })).toThrow("ExportApi is not supported for WebSocket APIs");
    expect(engine.apis().map((a) => a.ProtocolType)).toEqual(["WEBSOCKET"]);
  });

  it("gives integrations AWS's WebSocket defaults (AWS_PROXY: POST, WHEN_NO_MATCH, 1.0, 29 s; MOCK: the status-code selection)", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId, integration } = await chat(engine);
    expect(integration).toEqual({
      ConnectionType: "INTERNET", IntegrationId: integration.IntegrationId, IntegrationMethod: "POST", IntegrationType: "AWS_PROXY", IntegrationUri: URI,
      PassthroughBehavior: "WHEN_NO_MATCH", PayloadFormatVersion: "1.0", TimeoutInMillis: 29000,
    });
    const mock = await engine.createIntegration({ ApiId: apiId, IntegrationType: "MOCK", RequestTemplates: { "200": '{"statusCode": 200}' }, TemplateSelectionExpression: "200" });
    expect(mock).toEqual({
      ConnectionType: "INTERNET", IntegrationId: mock.IntegrationId, IntegrationResponseSelectionExpression: "${integration.response.statuscode}", IntegrationType: "MOCK",
      PassthroughBehavior: "WHEN_NO_MATCH", PayloadFormatVersion: "1.0", RequestTemplates: { "200": '{"statusCode": 200}' }, TemplateSelectionExpression: "200", TimeoutInMillis: 29000,
    });
    const aws = await engine.createIntegration({ ApiId: apiId, IntegrationType: "AWS", IntegrationUri: URI });
    expect(aws.IntegrationResponseSelectionExpression).toBe("${integration.response.body.errorMessage}");
  });

  it("takes free-form route keys and the three predefined ones; refuses another $ key and a taken one", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId, target } = await chat(engine);
    for (const key of ["$connect", "$disconnect", "$default", "sendmessage", "GET /x", "__proto__"]) {
      expect(await engine.createRoute({ ApiId: apiId, RouteKey: key, Target: target })).toMatchObject({ RouteKey: key, ApiKeyRequired: false, AuthorizationType: "NONE" });
    }
    await expect(engine.createRoute({ ApiId: apiId, RouteKey: "$getauthorized" })).rejects.toThrow("The provided route key is not formatted properly");
    await expect(engine.createRoute({ ApiId: apiId, RouteKey: "sendmessage" })).rejects.toThrow("Route with key sendmessage already exists for this API");
    await expect(engine.createRoute({ ApiId: apiId, RouteKey: "x", AuthorizationType: "JWT" })).rejects.toThrow("a WebSocket API's routes take NONE, AWS_IAM or CUSTOM");
  });

  it("takes REQUEST authorizers only, answered without HTTP APIs' payload members", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId } = await chat(engine);
    const authorizer = await engine.createAuthorizer({ ApiId: apiId, Name: "auth", AuthorizerType: "REQUEST", AuthorizerUri: URI, IdentitySource: ["route.request.querystring.token"] });
    expect(authorizer).toEqual({ AuthorizerId: authorizer.AuthorizerId, AuthorizerType: "REQUEST", AuthorizerUri: URI, IdentitySource: ["route.request.querystring.token"], Name: "auth" });
    await expect(engine.createAuthorizer({ ApiId: apiId, Name: "jwt", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"], JwtConfiguration: {} })).rejects.toThrow("WebSocket APIs take REQUEST");
  });

  it("a stage shows WebSocket route settings; a deployment without routes answers AWS's WebSocket text", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId } = await chat(engine);
    const stage = await engine.createStage({ ApiId: apiId, StageName: "production" });
    expect(stage.DefaultRouteSettings).toEqual({ DataTraceEnabled: false, DetailedMetricsEnabled: false, LoggingLevel: "OFF" });
    expect(stage.StageVariables).toEqual({});
    await expect(engine.createDeployment({ ApiId: apiId, StageName: "production" })).rejects.toThrow("At least one route is required before deploying the Api");
  });

  it("route responses make a route two-way in the deployment it is served from", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId, target } = await chat(engine);
    const route = await engine.createRoute({ ApiId: apiId, RouteKey: "echo", Target: target, RouteResponseSelectionExpression: "$default" });
    const response = await engine.createRouteResponse({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: "$default" });
    expect(response).toEqual({ RouteResponseId: response.RouteResponseId, RouteResponseKey: "$default" });
    expect(engine.getRouteResponses({ ApiId: apiId, RouteId: route.RouteId })).toEqual([response]);
    expect(() => engine.getRouteResponse({ ApiId: apiId, RouteId: route.RouteId, RouteResponseId: "__proto__" })).toThrow("Invalid RouteResponse identifier specified __proto__");
    await engine.createStage({ ApiId: apiId, StageName: "production", AutoDeploy: true });
    const [served] = engine.servedStages(apiId);
    expect(served).toMatchObject({ protocolType: "WEBSOCKET", stageName: "production", snapshot: { RouteSelectionExpression: "$request.body.action" } });
    expect(Object.values(served.snapshot.routes)[0].responses).toEqual({ [response.RouteResponseId]: response });
    await engine.deleteRouteResponse({ ApiId: apiId, RouteId: route.RouteId, RouteResponseId: response.RouteResponseId });
    expect(Object.values(engine.servedStages(apiId)[0].snapshot.routes)[0].responses).toEqual({});
  });

  it("an autoDeploy stage takes a changed route selection expression at once", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const { apiId, target } = await chat(engine);
    await engine.createRoute({ ApiId: apiId, RouteKey: "sendmessage", Target: target });
    await engine.createStage({ ApiId: apiId, StageName: "production", AutoDeploy: true });
    await engine.updateApi({ ApiId: apiId, RouteSelectionExpression: "$request.body.type" });
    expect(engine.servedStages(apiId)[0].snapshot.RouteSelectionExpression).toBe("$request.body.type");
  });

  it("an HTTP API has no route responses", async () => {
    const engine = await CreatedHttpApis.open(new MemoryStore(), ctx);
    const api = await engine.createApi({ Name: "h", ProtocolType: "HTTP" });
    const route = await engine.createRoute({ ApiId: api.ApiId, RouteKey: "GET /a" });
    await expect(engine.createRouteResponse({ ApiId: api.ApiId, RouteId: route.RouteId, RouteResponseKey: "$default" })).rejects.toThrow("Route responses are supported only for WebSocket APIs");
  });

  it("recovers a WebSocket API, its routes and served stage from the journal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ws-apis-"));
    dirs.push(dir);
    const store = new FileStore({ dir });
    const engine = await CreatedHttpApis.open(store, ctx);
    const { apiId, target } = await chat(engine);
    await engine.createRoute({ ApiId: apiId, RouteKey: "sendmessage", Target: target });
    await engine.createStage({ ApiId: apiId, StageName: "production" });
    await engine.createDeployment({ ApiId: apiId, StageName: "production" });
    await store.close();
    const reopened = await CreatedHttpApis.open(new FileStore({ dir }), ctx);
    expect(reopened.getApi({ ApiId: apiId }).ProtocolType).toBe("WEBSOCKET");
    expect(reopened.servedStages(apiId).map((s) => [s.protocolType, s.stageName, Object.values(s.snapshot.routes).map((r) => r.RouteKey)])).toEqual([["WEBSOCKET", "production", ["sendmessage"]]]);
  });
});
