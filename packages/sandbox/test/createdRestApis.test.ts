/**
 * REST APIs created through API Gateway's control plane, served by their deployed stages on the
 * edge port at LocalStack's two addresses (/restapis/<id>/<stage>/_user_request_/… and Host
 * <id>.execute-api.…), through the real AWS SDK v3 clients: a function created from a zip behind
 * an AWS_PROXY integration, a MOCK integration, deployments as snapshots, restarts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, PutGatewayResponseCommand, CreateModelCommand, CreateRequestValidatorCommand, ImportRestApiCommand, CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { createZipFunctions } from "./helpers.js";

const REGION = "us-east-1";
const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const silent = { info() {}, debug() {}, error() {}, warn() {} };
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:echo";
const lambdaUri = (arn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;

/** A TOKEN authorizer: "allow" passes (with a context), anything else is denied. */
const AUTHORIZER = `exports.handler = async (event) => ({
  principalId: "user-1",
  policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: event.authorizationToken === "allow" ? "Allow" : "Deny", Resource: event.methodArn }] },
  context: { tier: "gold" },
});`;

/** Answers with the proxy event it was given. */
const HANDLER = `exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });`;

interface Answer {
  status: number;
  body: string;
  json: () => Record<string, unknown>;
}

/** A GET on the edge port, with a Host of our choosing (fetch cannot set one). */
function get(sandbox: RunningSandbox, path: string, host?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, sandbox.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers: { ...headers, ...(host ? { host } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) as Record<string, unknown> });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const dataDir = mkdtempSync(join(tmpdir(), "sandbox-created-apis-"));
let sandbox: RunningSandbox;
let apigw: APIGatewayClient;
let apiId = "";
let rootId = "";

async function start(): Promise<void> {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir, logger: silent });
  apigw = new APIGatewayClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
}

async function stop(): Promise<void> {
  apigw.destroy();
  await sandbox.stop();
}

beforeAll(async () => {
  await start();
  await createZipFunctions(sandbox.endpoint, ROLE, { echo: HANDLER, authz: AUTHORIZER });

  const api = await apigw.send(new CreateRestApiCommand({ name: "pets" }));
  apiId = api.id ?? "";
  rootId = api.rootResourceId ?? "";
  const items = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "items" }));
  const item = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: items.id, pathPart: "{id}" }));
  await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: item.id, httpMethod: "GET", authorizationType: "NONE" }));
  await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: item.id, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(FUNCTION_ARN) }));
  // A method whose function does not exist.
  const ghost = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "ghost" }));
  await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: ghost.id, httpMethod: "GET", authorizationType: "NONE" }));
  await apigw.send(new PutIntegrationCommand({
    restApiId: apiId, resourceId: ghost.id, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri("arn:aws:lambda:us-east-1:000000000000:function:nobody"),
  }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev", variables: { color: "blue" } }));
}, 60_000);

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a deployed REST API created with the control plane", () => {
  it("answers at /restapis/<id>/<stage>/_user_request_/… with the Lambda proxy event API Gateway sends", async () => {
    const res = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/items/42?color=red`);
    expect(res.status).toBe(200);
    const event = res.json();
    expect(event).toMatchObject({
      resource: "/items/{id}",
      path: "/items/42",
      httpMethod: "GET",
      pathParameters: { id: "42" },
      queryStringParameters: { color: "red" },
      stageVariables: { color: "blue" },
    });
    expect(event.requestContext).toMatchObject({ apiId, stage: "dev", resourcePath: "/items/{id}", httpMethod: "GET", path: "/dev/items/42" });
  });

  it("answers at Host <id>.execute-api.… with the stage as the path's first segment", async () => {
    const res = await get(sandbox, "/dev/items/7", `${apiId}.execute-api.localhost.localstack.cloud:4566`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ resource: "/items/{id}", pathParameters: { id: "7" }, requestContext: expect.objectContaining({ apiId, stage: "dev" }) });
  });

  it("answers API Gateway's errors: a missing route, an unknown stage, a function that does not exist", async () => {
    const missing = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/nothing`);
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.body)).toEqual({ message: "Missing Authentication Token" });
    const stage = await get(sandbox, `/restapis/${apiId}/prod/_user_request_/items/1`);
    expect(stage.status).toBe(403);
    expect(JSON.parse(stage.body)).toEqual({ message: "Forbidden" });
    const ghost = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/ghost`);
    expect(ghost.status).toBe(500);
    expect(JSON.parse(ghost.body)).toEqual({ message: "Internal server error" });
  });

  it("serves a change only once it is deployed (a MOCK integration with its response template)", async () => {
    const hello = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "hello" }));
    await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: hello.id, httpMethod: "GET", authorizationType: "NONE" }));
    await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: hello.id, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    await apigw.send(new PutMethodResponseCommand({ restApiId: apiId, resourceId: hello.id, httpMethod: "GET", statusCode: "200" }));
    await apigw.send(new PutIntegrationResponseCommand({
      restApiId: apiId, resourceId: hello.id, httpMethod: "GET", statusCode: "200", responseTemplates: { "application/json": '{"said": "hello from $context.stage"}' },
    }));
    expect((await get(sandbox, `/restapis/${apiId}/dev/_user_request_/hello`)).status).toBe(403);
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    const res = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/hello`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ said: "hello from dev" });
  });

  it("a stage variable changed with UpdateStage reaches the next request", async () => {
    await apigw.send(new UpdateStageCommand({ restApiId: apiId, stageName: "dev", patchOperations: [{ op: "replace", path: "/variables/color", value: "green" }] }));
    const res = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/items/1`);
    expect(res.json().stageVariables).toEqual({ color: "green" });
  });

  it("a method with a TOKEN Lambda authorizer answers 401 without a token, 403 when denied, and passes its context", async () => {
    const secure = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "secure" }));
    const authorizer = await apigw.send(new CreateAuthorizerCommand({
      restApiId: apiId, name: "tokens", type: "TOKEN", identitySource: "method.request.header.Authorization",
      authorizerUri: lambdaUri("arn:aws:lambda:us-east-1:000000000000:function:authz"), authorizerResultTtlInSeconds: 0,
    }));
    await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: secure.id, httpMethod: "GET", authorizationType: "CUSTOM", authorizerId: authorizer.id }));
    await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: secure.id, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(FUNCTION_ARN) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    const path = `/restapis/${apiId}/dev/_user_request_/secure`;
    const none = await get(sandbox, path);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ message: "Unauthorized" });
    const denied = await get(sandbox, path, undefined, { authorization: "deny" });
    expect(denied.status).toBe(403);
    const allowed = await get(sandbox, path, undefined, { authorization: "allow" });
    expect(allowed.status).toBe(200);
    expect((allowed.json().requestContext as Record<string, unknown>).authorizer).toMatchObject({ principalId: "user-1", tier: "gold" });
  });

  it("a method requiring an API key answers 403 without one, and passes a key of a usage plan naming the stage", async () => {
    const keyed = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "keyed" }));
    await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: keyed.id, httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: true }));
    await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: keyed.id, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(FUNCTION_ARN) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    const path = `/restapis/${apiId}/dev/_user_request_/keyed`;
    const none = await get(sandbox, path);
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body)).toEqual({ message: "Forbidden" });
    const key = await apigw.send(new CreateApiKeyCommand({ name: "client", enabled: true }));
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: "basic", apiStages: [{ apiId, stage: "dev" }] }));
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    const keyedAnswer = await get(sandbox, path, undefined, { "x-api-key": key.value ?? "" });
    expect(keyedAnswer.status).toBe(200);
    expect((keyedAnswer.json().requestContext as { identity: Record<string, unknown> }).identity.apiKeyId).toBe(key.id);
  });

  it("a request validator checks the body against the method's model before the integration", async () => {
    const orders = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "orders" }));
    await apigw.send(new CreateModelCommand({
      restApiId: apiId, name: "Order", contentType: "application/json",
      schema: JSON.stringify({ type: "object", required: ["qty"], properties: { qty: { type: "integer" } } }),
    }));
    const validator = await apigw.send(new CreateRequestValidatorCommand({ restApiId: apiId, name: "body", validateRequestBody: true }));
    await apigw.send(new PutMethodCommand({
      restApiId: apiId, resourceId: orders.id, httpMethod: "POST", authorizationType: "NONE", requestValidatorId: validator.id, requestModels: { "application/json": "Order" },
    }));
    await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: orders.id, httpMethod: "POST", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaUri(FUNCTION_ARN) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    const post = (body: string) => fetch(`${sandbox.endpoint}/restapis/${apiId}/dev/_user_request_/orders`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const invalid = await post('{"qty": "many"}');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ message: "Invalid request body" });
    const valid = await post('{"qty": 2}');
    expect(valid.status).toBe(200);
  });

  it("an OPTIONS MOCK method answering Access-Control-* headers is the path's CORS preflight", async () => {
    const shared = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "shared" }));
    await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: shared.id, httpMethod: "OPTIONS", authorizationType: "NONE" }));
    await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: shared.id, httpMethod: "OPTIONS", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    await apigw.send(new PutMethodResponseCommand({
      restApiId: apiId, resourceId: shared.id, httpMethod: "OPTIONS", statusCode: "200",
      responseParameters: { "method.response.header.Access-Control-Allow-Origin": true, "method.response.header.Access-Control-Allow-Methods": true },
    }));
    await apigw.send(new PutIntegrationResponseCommand({
      restApiId: apiId, resourceId: shared.id, httpMethod: "OPTIONS", statusCode: "200",
      responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'", "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'" },
    }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    const res = await fetch(`${sandbox.endpoint}/restapis/${apiId}/dev/_user_request_/shared`, {
      method: "OPTIONS", headers: { origin: "http://localhost:5173", "access-control-request-method": "GET" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,OPTIONS");
  });

  it("an HTTP_PROXY integration passes the request to its endpoint and its answer back", async () => {
    const upstream = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ upstream: req.url }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    try {
      const port = (upstream.address() as { port: number }).port;
      const proxied = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: "proxied" }));
      await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId: proxied.id, httpMethod: "GET", authorizationType: "NONE" }));
      await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId: proxied.id, httpMethod: "GET", type: "HTTP_PROXY", integrationHttpMethod: "GET", uri: `http://127.0.0.1:${port}/backend` }));
      await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
      const res = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/proxied?x=1`);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ upstream: "/backend?x=1" });
    } finally {
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });

  it("a gateway response put with PutGatewayResponse answers once deployed", async () => {
    await apigw.send(new PutGatewayResponseCommand({
      restApiId: apiId, responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "404",
      responseTemplates: { "application/json": '{"error": "no such route", "stage": "$context.stage"}' },
    }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: "dev" }));
    const res = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/nowhere`);
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error: "no such route", stage: "dev" });
  });

  it("ImportRestApi takes a YAML definition, served once deployed", async () => {
    const yaml = [
      "openapi: 3.0.1",
      "info: { title: imported, version: '1' }",
      "paths:",
      "  /pets/{id}:",
      "    get:",
      "      x-amazon-apigateway-integration:",
      "        type: aws_proxy",
      "        httpMethod: POST",
      `        uri: ${lambdaUri(FUNCTION_ARN)}`,
    ].join("\n");
    const api = await apigw.send(new ImportRestApiCommand({ body: new TextEncoder().encode(yaml) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "v1" }));
    const res = await get(sandbox, `/restapis/${api.id ?? ""}/v1/_user_request_/pets/9`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ resource: "/pets/{id}", pathParameters: { id: "9" } });
  });

  it("serves the created API again after a restart on the same data directory", async () => {
    await stop();
    await start();
    // `sandbox up` lists what an earlier run deployed.
    expect(sandbox.deployedRestApis).toContainEqual({ apiId, name: "pets", stage: "dev", url: `${sandbox.endpoint}/restapis/${apiId}/dev/_user_request_` });
    const res = await get(sandbox, `/restapis/${apiId}/dev/_user_request_/hello`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ said: "hello from dev" });
  }, 60_000);

  it.skipIf(!hasAws)("awscli builds and deploys a MOCK API that answers on the edge port", async () => {
    const api = (await awsCli(sandbox.endpoint, "apigateway", "create-rest-api", "--name", "cli")) as { id: string; rootResourceId: string };
    const call = (...args: string[]) => awsCli(sandbox.endpoint, "apigateway", ...args, "--rest-api-id", api.id);
    await call("put-method", "--resource-id", api.rootResourceId, "--http-method", "GET", "--authorization-type", "NONE");
    await call("put-integration", "--resource-id", api.rootResourceId, "--http-method", "GET", "--type", "MOCK", "--request-templates", '{"application/json":"{\\"statusCode\\": 200}"}');
    await call("put-method-response", "--resource-id", api.rootResourceId, "--http-method", "GET", "--status-code", "200");
    await call("put-integration-response", "--resource-id", api.rootResourceId, "--http-method", "GET", "--status-code", "200", "--response-templates", '{"application/json":"{\\"ok\\": true}"}');
    await call("create-deployment", "--stage-name", "v1");
    const res = await get(sandbox, `/restapis/${api.id}/v1/_user_request_/`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
  }, 120_000);
});
