/**
 * HTTP APIs created through API Gateway v2's control plane, served on the edge port as
 * execute-api serves them (Host <id>.execute-api.…: the $default stage at the root, a named stage
 * at /<stage>/…; LocalStack's /_aws/execute-api/<id>/… too), through the real AWS SDK v3 clients:
 * quick create, the step-by-step flow with a named stage and its deployment, JWT authorizers
 * with the sandbox's own Cognito tokens, REQUEST Lambda authorizers, CORS, restarts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiGatewayV2Client, CreateApiCommand, GetIntegrationsCommand, GetRoutesCommand, ImportApiCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, UpdateApiCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-apigatewayv2";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { createZipFunctions } from "./helpers.js";

const REGION = "us-east-1";
const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const silent = { info() {}, debug() {}, error() {}, warn() {} };
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const ECHO_ARN = "arn:aws:lambda:us-east-1:000000000000:function:echo";
const lambdaUri = (arn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;

/** Answers with the proxy event it was given. */
const HANDLER = `exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(event) });`;
/** A REQUEST authorizer with simple responses: header x-token "allow" passes, with a context. */
const AUTHORIZER = `exports.handler = async (event) => ({ isAuthorized: event.headers["x-token"] === "allow", context: { tier: "gold" } });`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => Record<string, any>;
}

/** A request on the edge port, with a Host of our choosing (fetch cannot set one). */
function call(path: string, host?: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  const url = new URL(path, sandbox.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, ...(host ? { host } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) as Record<string, any> });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const hostOf = (apiId: string) => `${apiId}.execute-api.localhost.localstack.cloud`;

const dataDir = mkdtempSync(join(tmpdir(), "sandbox-created-http-apis-"));
let sandbox: RunningSandbox;
let v2: ApiGatewayV2Client;

async function start(): Promise<void> {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir, logger: silent });
  v2 = new ApiGatewayV2Client({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
}

async function stop(): Promise<void> {
  v2.destroy();
  await sandbox.stop();
}

beforeAll(async () => {
  await start();
  await createZipFunctions(sandbox.endpoint, ROLE, { echo: HANDLER, authz: AUTHORIZER });
}, 60_000);

afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An API with an AWS_PROXY (payload 2.0) integration to echo and the given routes. */
async function apiWithRoutes(name: string, routeKeys: string[], functionArn = ECHO_ARN) {
  const api = await v2.send(new CreateApiCommand({ Name: name, ProtocolType: "HTTP" }));
  const apiId = api.ApiId ?? "";
  const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: functionArn, PayloadFormatVersion: "2.0" }));
  const routeIds: string[] = [];
  for (const key of routeKeys) routeIds.push((await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key, Target: `integrations/${integration.IntegrationId}` }))).RouteId ?? "");
  return { apiId, integrationId: integration.IntegrationId ?? "", routeIds };
}

let quickId = "";

describe("an HTTP API created with the v2 control plane", () => {
  it("quick create: answers at Host <id>.execute-api.… ($default stage, root) with the payload 2.0 event", async () => {
    const api = await v2.send(new CreateApiCommand({ Name: "quick", ProtocolType: "HTTP", Target: ECHO_ARN }));
    quickId = api.ApiId ?? "";
    // Its ApiEndpoint is where the sandbox serves it: the path and a named stage append to it, as to AWS's.
    expect(api.ApiEndpoint).toBe(`${sandbox.endpoint}/_aws/execute-api/${quickId}`);
    expect((await fetch(`${api.ApiEndpoint}/from/endpoint`).then((r) => r.json()) as Record<string, unknown>).rawPath).toBe("/from/endpoint");
    const res = await call("/hello/world?a=1", hostOf(quickId));
    expect(res.status).toBe(200);
    const event = res.json();
    expect(event).toMatchObject({ version: "2.0", routeKey: "$default", rawPath: "/hello/world", rawQueryString: "a=1", queryStringParameters: { a: "1" } });
    expect(event.requestContext).toMatchObject({ apiId: quickId, stage: "$default", routeKey: "$default", http: { method: "GET", path: "/hello/world" } });
    // LocalStack's documented path form.
    const byPath = await call(`/_aws/execute-api/${quickId}/hello`);
    expect(byPath.status).toBe(200);
    expect(byPath.json().rawPath).toBe("/hello");
  });

  it("step by step: a named stage serves nothing before its deployment, then the deployment's snapshot until the next one", async () => {
    const { apiId, integrationId } = await apiWithRoutes("items", ["GET /items/{id}"]);
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "prod", StageVariables: { color: "blue" } }));
    expect(await call("/prod/items/42", hostOf(apiId))).toMatchObject({ status: 404, body: '{"message":"Not Found"}' });
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: "prod" }));
    const res = await call("/prod/items/42", hostOf(apiId));
    expect(res.status).toBe(200);
    const event = res.json();
    expect(event).toMatchObject({ version: "2.0", routeKey: "GET /items/{id}", pathParameters: { id: "42" }, stageVariables: { color: "blue" } });
    expect(event.requestContext).toMatchObject({ apiId, stage: "prod", routeKey: "GET /items/{id}", http: { method: "GET" } });
    expect(event.rawPath).toBe("/prod/items/42");
    expect((await call(`/_aws/execute-api/${apiId}/prod/items/7`)).json().pathParameters).toEqual({ id: "7" });

    // A route added later waits for the next deployment.
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "POST /items", Target: `integrations/${integrationId}` }));
    expect(await call("/prod/items", hostOf(apiId), {}, "POST")).toMatchObject({ status: 404, body: '{"message":"Not Found"}' });
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: "prod" }));
    expect((await call("/prod/items", hostOf(apiId), {}, "POST")).json().routeKey).toBe("POST /items");
    // The stage's variables are read at request time.
    await v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: "prod", StageVariables: { color: "red" } }));
    expect((await call("/prod/items/1", hostOf(apiId))).json().stageVariables).toEqual({ color: "red" });
  });

  it("an autoDeploy stage serves each change at once", async () => {
    const { apiId, integrationId } = await apiWithRoutes("auto", ["GET /a"]);
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    expect((await call("/a", hostOf(apiId))).status).toBe(200);
    expect((await call("/b", hostOf(apiId))).status).toBe(404);
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /b", Target: `integrations/${integrationId}` }));
    expect((await call("/b", hostOf(apiId))).json().routeKey).toBe("GET /b");
  });

  it("answers API Gateway's errors: no route 404 Not Found, a function that does not exist 500", async () => {
    const { apiId } = await apiWithRoutes("ghost", ["GET /ghost"], "arn:aws:lambda:us-east-1:000000000000:function:nobody");
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    expect(await call("/ghost", hostOf(apiId))).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
    expect(await call("/nothing", hostOf(apiId))).toMatchObject({ status: 404, body: '{"message":"Not Found"}' });
  });

  it("a JWT authorizer takes the sandbox's own Cognito tokens (401 without one)", async () => {
    const idp = new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
    const pool = await idp.send(new CreateUserPoolCommand({ PoolName: "users" }));
    const poolId = pool.UserPool?.Id ?? "";
    const client = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
    const clientId = client.UserPoolClient?.ClientId ?? "";
    await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "alice" }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "alice", Password: "Passw0rd!", Permanent: true }));
    const auth = await idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD: "Passw0rd!" } }));
    idp.destroy();

    const { apiId, routeIds } = await apiWithRoutes("secured", ["GET /me"]);
    const authorizer = await v2.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: "cognito", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Issuer: `https://cognito-idp.${REGION}.amazonaws.com/${poolId}`, Audience: [clientId] },
    }));
    const { UpdateRouteCommand } = await import("@aws-sdk/client-apigatewayv2");
    await v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeIds[0], AuthorizationType: "JWT", AuthorizerId: authorizer.AuthorizerId }));
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    expect(await call("/me", hostOf(apiId))).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    const res = await call("/me", hostOf(apiId), { authorization: `Bearer ${auth.AuthenticationResult?.IdToken ?? ""}` });
    expect(res.status).toBe(200);
    expect(res.json().requestContext.authorizer.jwt.claims["cognito:username"]).toBe("alice");
  });

  it("a REQUEST Lambda authorizer with simple responses: 401 without its identity source, 403 when denied, its context passed", async () => {
    const { apiId, routeIds } = await apiWithRoutes("lambda-auth", ["GET /x"]);
    const authorizer = await v2.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: "fn", AuthorizerType: "REQUEST", IdentitySource: ["$request.header.x-token"], AuthorizerUri: lambdaUri("arn:aws:lambda:us-east-1:000000000000:function:authz"),
      AuthorizerPayloadFormatVersion: "2.0", EnableSimpleResponses: true,
    }));
    const { UpdateRouteCommand } = await import("@aws-sdk/client-apigatewayv2");
    await v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeIds[0], AuthorizationType: "CUSTOM", AuthorizerId: authorizer.AuthorizerId }));
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    expect((await call("/x", hostOf(apiId))).status).toBe(401);
    expect(await call("/x", hostOf(apiId), { "x-token": "deny" })).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
    const ok = await call("/x", hostOf(apiId), { "x-token": "allow" });
    expect(ok.status).toBe(200);
    expect(ok.json().requestContext.authorizer.lambda).toEqual({ tier: "gold" });
  });

  it("the API's CORS configuration answers preflights once deployed (the $default route would take them, as AWS documents)", async () => {
    const { apiId } = await apiWithRoutes("cors", ["POST /a"]);
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    const preflight = () => call("/a", hostOf(apiId), { origin: "https://app.example", "access-control-request-method": "POST" }, "OPTIONS");
    expect((await preflight()).headers["access-control-allow-origin"]).toBeUndefined();
    await v2.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ["https://app.example"], AllowMethods: ["GET", "POST"], AllowHeaders: ["content-type"] } }));
    const res = await preflight();
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(String(res.headers["access-control-allow-methods"])).toContain("POST");
  });

  it("an HTTP_PROXY integration passes the request to its endpoint and its answer back", async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ method: req.method, url: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const api = await v2.send(new CreateApiCommand({ Name: "proxy", ProtocolType: "HTTP" }));
      const apiId = api.ApiId ?? "";
      const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "HTTP_PROXY", IntegrationUri: `http://127.0.0.1:${port}/{proxy}`, IntegrationMethod: "ANY", PayloadFormatVersion: "1.0" }));
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "ANY /{proxy+}", Target: `integrations/${integration.IntegrationId}` }));
      await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
      const res = await call("/a/b?q=1", hostOf(apiId), {}, "POST");
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ method: "POST", url: "/a/b?q=1" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("an AWS_PROXY integration with the SQS-SendMessage subtype sends the body to the queue", async () => {
    const sqs = new SQSClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 });
    try {
      const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "from-http-api" }))).QueueUrl ?? "";
      const api = await v2.send(new CreateApiCommand({ Name: "to-sqs", ProtocolType: "HTTP" }));
      const apiId = api.ApiId ?? "";
      const integration = await v2.send(new CreateIntegrationCommand({
        ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationSubtype: "SQS-SendMessage", PayloadFormatVersion: "1.0", CredentialsArn: ROLE,
        RequestParameters: { QueueUrl: queueUrl, MessageBody: "$request.querystring.text" },
      }));
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "POST /send", Target: `integrations/${integration.IntegrationId}` }));
      await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
      expect((await call("/send?text=hi", hostOf(apiId), {}, "POST")).status).toBe(200);
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
      expect(received.Messages?.map((m) => m.Body)).toEqual(["hi"]);
    } finally {
      sqs.destroy();
    }
  });

  it("ImportApi reads the AWS CLI's import-api example (YAML, payloadFormatVersion 2.0 unquoted) as AWS answers it, served once staged", async () => {
    const body = [
      "openapi: 3.0.1",
      "info:",
      "    title: My Lambda API",
      "    version: v1.0",
      "paths:",
      "    /hello:",
      "        x-amazon-apigateway-any-method:",
      "            x-amazon-apigateway-integration:",
      "                payloadFormatVersion: 2.0",
      "                type: aws_proxy",
      "                httpMethod: POST",
      `                uri: ${lambdaUri(ECHO_ARN)}`,
      "                connectionType: INTERNET",
    ].join("\n");
    const api = await v2.send(new ImportApiCommand({ Body: body }));
    expect(api).toMatchObject({
      ApiKeySelectionExpression: "$request.header.x-api-key", Name: "My Lambda API", ProtocolType: "HTTP", RouteSelectionExpression: "$request.method $request.path", Tags: {}, Version: "v1.0",
    });
    const apiId = api.ApiId ?? "";
    expect((await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items).toEqual([expect.objectContaining({ RouteKey: "ANY /hello", AuthorizationType: "NONE", ApiKeyRequired: false })]);
    expect((await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items).toEqual([
      expect.objectContaining({ IntegrationType: "AWS_PROXY", PayloadFormatVersion: "2.0", IntegrationMethod: "POST", ConnectionType: "INTERNET", TimeoutInMillis: 30000 }),
    ]);
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    const res = await call("/hello", hostOf(apiId), {}, "PUT");
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ version: "2.0", routeKey: "ANY /hello" });
  });

  it("a stage's default route throttle answers 429 past its burst", async () => {
    const { apiId } = await apiWithRoutes("throttled", ["GET /t"]);
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true, DefaultRouteSettings: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.001 } }));
    expect((await call("/t", hostOf(apiId))).status).toBe(200);
    expect(await call("/t", hostOf(apiId))).toMatchObject({ status: 429, body: '{"message":"Too Many Requests"}' });
  });

  it("hostile names: a stage and route path named __proto__ are served like any other", async () => {
    const { apiId } = await apiWithRoutes("hostile", ["GET /__proto__"]);
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: "__proto__", AutoDeploy: true }));
    const res = await call("/__proto__/__proto__", hostOf(apiId));
    expect(res.status).toBe(200);
    expect(res.json().requestContext.stage).toBe("__proto__");
  });

  it("serves the created APIs again after a restart on the same data directory", async () => {
    await stop();
    await start();
    expect(sandbox.createdHttpApis).toContainEqual({ apiId: quickId, name: "quick", stage: "$default", url: `${sandbox.endpoint}/_aws/execute-api/${quickId}` });
    const res = await call("/again", hostOf(quickId));
    expect(res.status).toBe(200);
    expect(res.json().rawPath).toBe("/again");
  }, 60_000);

  it.skipIf(!hasAws)("awscli builds an HTTP API step by step (integration, route, named stage, deployment) that answers on the edge port", async () => {
    const cli = (...args: string[]) => awsCli(sandbox.endpoint, "apigatewayv2", ...args) as Promise<Record<string, string>>;
    const { ApiId: apiId } = await cli("create-api", "--name", "cli-steps", "--protocol-type", "HTTP");
    const { IntegrationId } = await cli("create-integration", "--api-id", apiId, "--integration-type", "AWS_PROXY", "--integration-uri", ECHO_ARN, "--payload-format-version", "2.0");
    await cli("create-route", "--api-id", apiId, "--route-key", "GET /items/{id}", "--target", `integrations/${IntegrationId}`);
    await cli("create-stage", "--api-id", apiId, "--stage-name", "prod", "--stage-variables", "color=green");
    await cli("create-deployment", "--api-id", apiId, "--stage-name", "prod");
    const res = await call(`/_aws/execute-api/${apiId}/prod/items/9`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ routeKey: "GET /items/{id}", pathParameters: { id: "9" }, stageVariables: { color: "green" } });
  }, 120_000);

  it.skipIf(!hasAws)("awscli quick-creates an HTTP API that answers on the edge port", async () => {
    const api = (await awsCli(sandbox.endpoint, "apigatewayv2", "create-api", "--name", "cli", "--protocol-type", "HTTP", "--target", ECHO_ARN)) as { ApiId: string };
    const res = await call("/from-cli", hostOf(api.ApiId));
    expect(res.status).toBe(200);
    expect(res.json().requestContext.apiId).toBe(api.ApiId);
  }, 120_000);
});
