import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateResourceCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand as GetRestStageCommand,
  GetStagesCommand as GetRestStagesCommand, GetTagsCommand as GetRestTagsCommand, type APIGatewayServiceException,
} from "@aws-sdk/client-api-gateway";
import {
  ApiGatewayV2Client, UpdateApiCommand, GetApiCommand, GetApisCommand, GetTagsCommand, GetIntegrationsCommand, GetRoutesCommand, GetStageCommand, GetStagesCommand,
  type ApiGatewayV2ServiceException,
} from "@aws-sdk/client-apigatewayv2";
import { serveHandler } from "@sam-sandbox/core";
import { createApiGatewayControlPlane, type ControlPlaneApi } from "../src/index.js";

const CREATED = new Date(Date.UTC(2026, 10, 26, 12, 0, 0));
const FN = "arn:aws:lambda:us-east-1:000000000000:function:shop-Handler-XYZ";
const APIS: ControlPlaneApi[] = [
  {
    kind: "rest", apiId: "eh86stwrem", name: "shop", stageName: "Prod", rootResourceId: "q4ntcjja8m", tracingEnabled: true, version: "1.0",
    tags: { "aws:cloudformation:stack-name": "shop", "aws:cloudformation:logical-id": "ServerlessRestApi", "aws:cloudformation:stack-id": "arn:aws:cloudformation:us-east-1:000000000000:stack/shop/1" },
    routes: [
      { method: "GET", path: "/items", target: { type: "lambda", functionArn: FN } },
      { method: "POST", path: "/items", target: { type: "lambda", functionArn: FN } },
      { method: "GET", path: "/items/{id}", target: { type: "lambda", functionArn: FN } },
    ],
  },
  {
    kind: "http", apiId: "prjy50tunl", name: "shop-http", stageName: "$default", tags: { "httpapi:createdBy": "SAM" },
    routes: [
      { method: "GET", path: "/hello", target: { type: "lambda", functionArn: FN }, payloadFormatVersion: "2.0", authorizer: "Jwt", scopes: ["read"] },
      { method: "ANY", path: "$default", target: { type: "lambda", functionArn: FN }, payloadFormatVersion: "1.0", timeoutMs: 5000 },
    ],
    authorizers: [{ name: "Jwt", type: "JWT" }],
    cors: { allowOrigins: ["*"], allowMethods: ["GET"], allowHeaders: [], exposeHeaders: [], allowCredentials: false },
  },
  {
    kind: "websocket", apiId: "ws12345678", name: "chat", stageName: "dev", routeSelectionExpression: "$request.body.action",
    routes: [{ method: "", path: "$connect", target: { type: "lambda", functionArn: FN } }],
  },
];

let close: () => Promise<void>;
let v1: APIGatewayClient;
let v2: ApiGatewayV2Client;

async function failure(promise: Promise<unknown>): Promise<APIGatewayServiceException | ApiGatewayV2ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as APIGatewayServiceException;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  const service = await createApiGatewayControlPlane({ apis: APIS, createdDate: CREATED });
  const server = await serveHandler(service.handle);
  close = server.close;
  const config = { endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  v1 = new APIGatewayClient(config);
  v2 = new ApiGatewayV2Client(config);
});

afterAll(async () => {
  v1.destroy();
  v2.destroy();
  await close();
});

describe("apigateway (REST APIs)", () => {
  it("GetRestApis lists the REST APIs with the ids the sandbox serves", async () => {
    const { items } = await v1.send(new GetRestApisCommand({}));
    expect(items).toEqual([
      expect.objectContaining({ id: "eh86stwrem", name: "shop", rootResourceId: "q4ntcjja8m", apiKeySource: "HEADER", createdDate: CREATED }),
    ]);
    expect(items?.[0]?.endpointConfiguration?.types).toEqual(["EDGE"]);
  });

  it("GetRestApi and GetTags answer the tags and version the sandbox gives a template API", async () => {
    const api = await v1.send(new GetRestApiCommand({ restApiId: "eh86stwrem" }));
    expect(api.version).toBe("1.0");
    expect(api.tags).toEqual(APIS[0].tags);
    const { tags } = await v1.send(new GetRestTagsCommand({ resourceArn: "arn:aws:apigateway:us-east-1::/restapis/eh86stwrem" }));
    expect(tags).toEqual(APIS[0].tags);
  });

  it("pages by limit and position", async () => {
    const first = await v1.send(new GetResourcesCommand({ restApiId: "eh86stwrem", limit: 2 }));
    expect(first.items).toHaveLength(2);
    const rest = await v1.send(new GetResourcesCommand({ restApiId: "eh86stwrem", limit: 2, position: first.position }));
    expect(rest.items?.map((r) => r.path)).toEqual(["/items/{id}"]);
    expect(rest.position).toBeUndefined();
  });

  it("GetRestApi answers AWS's NotFoundException for an unknown id", async () => {
    expect((await v1.send(new GetRestApiCommand({ restApiId: "eh86stwrem" }))).name).toBe("shop");
    const error = await failure(v1.send(new GetRestApiCommand({ restApiId: "nope" })));
    expect(error.name).toBe("NotFoundException");
    // localstack test_get_api_case_insensitive snapshot (AWS-recorded): the account and the id follow.
    expect(error.message).toBe("Invalid API identifier specified 000000000000:nope");
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it("GetResources builds the resource tree of the routes", async () => {
    const { items } = await v1.send(new GetResourcesCommand({ restApiId: "eh86stwrem" }));
    const byPath = Object.fromEntries((items ?? []).map((r) => [r.path, r]));
    expect(Object.keys(byPath)).toEqual(["/", "/items", "/items/{id}"]);
    expect(byPath["/"].id).toBe("q4ntcjja8m");
    expect(byPath["/items"]).toMatchObject({ parentId: "q4ntcjja8m", pathPart: "items", resourceMethods: { GET: {}, POST: {} } });
    expect(byPath["/items/{id}"]).toMatchObject({ parentId: byPath["/items"].id, pathPart: "{id}" });
  });

  it("GetStages and GetStage answer the API's stage", async () => {
    const { item } = await v1.send(new GetRestStagesCommand({ restApiId: "eh86stwrem" }));
    expect(item?.map((s) => [s.stageName, s.tracingEnabled])).toEqual([["Prod", true]]);
    const stage = await v1.send(new GetRestStageCommand({ restApiId: "eh86stwrem", stageName: "Prod" }));
    expect(stage.deploymentId).toBe(item?.[0]?.deploymentId);
    // Six characters, as AWS's deployment ids (the AWS CLI's example get-stage.rst).
    expect(stage.deploymentId).toMatch(/^[a-z0-9]{6}$/);
    expect(stage.createdDate).toEqual(CREATED);
    const error = await failure(v1.send(new GetRestStageCommand({ restApiId: "eh86stwrem", stageName: "Dev" })));
    expect(error.name).toBe("NotFoundException");
    expect(error.message).toBe("Invalid stage identifier specified");
  });

  it("a write to a template API answers an AWS-shaped BadRequestException", async () => {
    const error = await failure(v1.send(new CreateResourceCommand({ restApiId: "eh86stwrem", parentId: "q4ntcjja8m", pathPart: "x" })));
    expect(error.name).toBe("BadRequestException");
    expect(error.message).toContain("does not emulate the API Gateway action CreateResource");
  });
});

describe("apigatewayv2 (HTTP and WebSocket APIs)", () => {
  it("GetApis lists HTTP and WebSocket APIs", async () => {
    const { Items } = await v2.send(new GetApisCommand({}));
    expect(Items?.map((a) => [a.ApiId, a.ProtocolType, a.RouteSelectionExpression])).toEqual([
      ["prjy50tunl", "HTTP", "$request.method $request.path"],
      ["ws12345678", "WEBSOCKET", "$request.body.action"],
    ]);
    expect(Items?.[0]?.ApiEndpoint).toBe("https://prjy50tunl.execute-api.us-east-1.amazonaws.com");
    expect(Items?.[0]?.CreatedDate).toEqual(CREATED);
    expect(Items?.[0]?.CorsConfiguration?.AllowOrigins).toEqual(["*"]);
  });

  it("GetApi and GetTags answer a template HTTP API's tags; its stage's GetTags none", async () => {
    expect((await v2.send(new GetApiCommand({ ApiId: "prjy50tunl" }))).Tags).toEqual({ "httpapi:createdBy": "SAM" });
    const arn = "arn:aws:apigateway:us-east-1::/apis/prjy50tunl";
    expect((await v2.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ "httpapi:createdBy": "SAM" });
    expect((await v2.send(new GetTagsCommand({ ResourceArn: `${arn}/stages/$default` }))).Tags).toEqual({});
    expect((await v2.send(new GetApiCommand({ ApiId: "ws12345678" }))).Tags).toEqual({});
  });

  it("GetApi answers AWS's NotFoundException for an unknown id", async () => {
    expect((await v2.send(new GetApiCommand({ ApiId: "ws12345678" }))).Name).toBe("chat");
    const error = await failure(v2.send(new GetApiCommand({ ApiId: "nope" })));
    expect(error.name).toBe("NotFoundException");
    expect(error.message).toBe("Invalid API identifier specified 000000000000:nope");
  });

  it("GetRoutes and GetIntegrations answer each route and its integration", async () => {
    const { Items: routes } = await v2.send(new GetRoutesCommand({ ApiId: "prjy50tunl" }));
    expect(routes?.map((r) => [r.RouteKey, r.AuthorizationType])).toEqual([["GET /hello", "JWT"], ["$default", "NONE"]]);
    expect(routes?.[0]?.AuthorizationScopes).toEqual(["read"]);
    const { Items: integrations } = await v2.send(new GetIntegrationsCommand({ ApiId: "prjy50tunl" }));
    expect(routes?.map((r) => r.Target)).toEqual(integrations?.map((i) => `integrations/${i.IntegrationId}`));
    expect(integrations?.[1]).toMatchObject({ IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "1.0", TimeoutInMillis: 5000 });
  });

  it("GetStages and GetStage answer $default", async () => {
    const { Items } = await v2.send(new GetStagesCommand({ ApiId: "prjy50tunl" }));
    expect(Items?.map((s) => [s.StageName, s.AutoDeploy])).toEqual([["$default", true]]);
    expect((await v2.send(new GetStageCommand({ ApiId: "prjy50tunl", StageName: "$default" }))).StageName).toBe("$default");
    const error = await failure(v2.send(new GetStageCommand({ ApiId: "prjy50tunl", StageName: "prod" })));
    expect(error.message).toBe("Invalid stage identifier specified");
  });

  it("a write to a template's API answers an AWS-shaped BadRequestException (CreateApi makes an API of its own: createdHttpApis.test.ts)", async () => {
    const error = await failure(v2.send(new UpdateApiCommand({ ApiId: "prjy50tunl", Name: "x" })));
    expect(error.name).toBe("BadRequestException");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect((await v2.send(new GetApiCommand({ ApiId: "prjy50tunl" }))).Name).not.toBe("x");
  });
});
