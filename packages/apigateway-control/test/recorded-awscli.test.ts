/**
 * The AWS CLI's own apigateway examples (aws/aws-cli, awscli/examples/apigateway/<command>.rst: a
 * command and the JSON AWS answered), replayed through the AWS SDK v3 against a control plane on a
 * free port; each case names its example. Ids, ARNs' accounts and dates are the author's, not compared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateApiKeyCommand, GetApiKeyCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateModelCommand, CreateRestApiCommand, CreateStageCommand, DeleteModelCommand,
  GetAuthorizerCommand, GetAuthorizersCommand, GetExportCommand, GetMethodCommand, GetResourcesCommand, GetStagesCommand, CreateResourceCommand, GetStageCommand, UpdateStageCommand, GetModelCommand, GetModelsCommand, PutIntegrationCommand, PutMethodCommand, UpdateApiKeyCommand, UpdateModelCommand, UpdateAuthorizerCommand,
  type APIGatewayServiceException,
} from "@aws-sdk/client-api-gateway";
import { servePlane } from "./helpers.js";

const AUTH_URI = "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123412341234:function:customAuthFunction/invocations";
let close: () => Promise<void>;
let client: APIGatewayClient;

beforeAll(async () => {
  const now = Date.UTC(2026, 10, 27, 10, 0, 0);
  ({ client, close } = await servePlane({ apis: [], createdDate: new Date(now), now: () => now }, APIGatewayClient));
});

afterAll(() => close());

const newApi = async () => (await client.send(new CreateRestApiCommand({ name: "My First API", description: "This is my first API" }))).id ?? "";
/** The answer without the SDK's $metadata. */
const answer = <T extends { $metadata?: unknown }>({ $metadata: _, ...rest }: T) => rest;

describe("authorizers (create-authorizer.rst, get-authorizer.rst, update-authorizer.rst)", () => {
  it("a TOKEN authorizer is named authType custom; its TTL is the one given", async () => {
    const restApiId = await newApi();
    const created = await client.send(new CreateAuthorizerCommand({
      restApiId, name: "First_Token_Custom_Authorizer", type: "TOKEN", authorizerUri: AUTH_URI, identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300,
    }));
    expect(answer(created)).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{6}$/), name: "First_Token_Custom_Authorizer", type: "TOKEN", authType: "custom", authorizerUri: AUTH_URI,
      identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300,
    });
    const renamed = await client.send(new UpdateAuthorizerCommand({ restApiId, authorizerId: created.id, patchOperations: [{ op: "replace", path: "/name", value: "testAuthorizer" }] }));
    expect(answer(renamed)).toEqual({ ...answer(created), name: "testAuthorizer" });
    expect(answer(await client.send(new GetAuthorizerCommand({ restApiId, authorizerId: created.id })))).toEqual(answer(renamed));
  });

  it("a Cognito authorizer is named authType cognito_user_pools and shows no TTL when none was given", async () => {
    const restApiId = await newApi();
    const providerARNs = ["arn:aws:cognito-idp:us-east-1:123412341234:userpool/us-east-1_aWcZeQbuD"];
    const created = await client.send(new CreateAuthorizerCommand({
      restApiId, name: "First_Cognito_Custom_Authorizer", type: "COGNITO_USER_POOLS", providerARNs, identitySource: "method.request.header.Authorization",
    }));
    expect(answer(created)).toEqual({
      id: expect.any(String), name: "First_Cognito_Custom_Authorizer", type: "COGNITO_USER_POOLS", authType: "cognito_user_pools", providerARNs,
      identitySource: "method.request.header.Authorization",
    });
  });

  it("a REQUEST authorizer is named authType custom", async () => {
    const restApiId = await newApi();
    const created = await client.send(new CreateAuthorizerCommand({
      restApiId, name: "First_Request_Custom_Authorizer", type: "REQUEST", authorizerUri: AUTH_URI, identitySource: "method.request.header.Authorization,context.accountId", authorizerResultTtlInSeconds: 300,
    }));
    expect(created).toMatchObject({ type: "REQUEST", authType: "custom", identitySource: "method.request.header.Authorization,context.accountId", authorizerResultTtlInSeconds: 300 });
  });
});

describe("models (get-models.rst, get-model.rst, create-model.rst)", () => {
  const ERROR = {
    name: "Error", description: "This is a default error schema model", contentType: "application/json",
    schema: '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
  };
  const EMPTY = {
    name: "Empty", description: "This is a default empty schema model", contentType: "application/json",
    schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
  };

  it("a new REST API has AWS's Error and Empty models", async () => {
    const restApiId = await newApi();
    const models = await client.send(new GetModelsCommand({ restApiId }));
    expect(models.items).toEqual([{ id: expect.stringMatching(/^[a-z0-9]{6}$/), ...ERROR }, { id: expect.stringMatching(/^[a-z0-9]{6}$/), ...EMPTY }]);
    expect(answer(await client.send(new GetModelCommand({ restApiId, modelName: "Empty" })))).toEqual({ id: models.items?.[1]?.id, ...EMPTY });
  });

  it("a default model is the API's own: a second Empty conflicts, and it can be deleted", async () => {
    const restApiId = await newApi();
    const conflict = await client.send(new CreateModelCommand({ restApiId, name: "Empty", contentType: "application/json", schema: "{}" })).catch((e: APIGatewayServiceException) => e);
    expect(conflict).toMatchObject({ name: "ConflictException" });
    await client.send(new DeleteModelCommand({ restApiId, modelName: "Error" }));
    expect((await client.send(new GetModelsCommand({ restApiId }))).items?.map((m) => m.name)).toEqual(["Empty"]);
  });

  it("UpdateModel replaces a model's description and schema (update-model.rst)", async () => {
    const restApiId = await newApi();
    const described = await client.send(new UpdateModelCommand({ restApiId, modelName: "Empty", patchOperations: [{ op: "replace", path: "/description", value: "New Description" }] }));
    expect(answer(described)).toEqual({ ...EMPTY, id: expect.any(String), description: "New Description" });
    const schema = '{ "$schema": "http://json-schema.org/draft-04/schema#", "title" : "Empty Schema", "type" : "object" }';
    const changed = await client.send(new UpdateModelCommand({ restApiId, modelName: "Empty", patchOperations: [{ op: "replace", path: "/schema", value: schema }] }));
    expect(changed.schema).toBe(schema);
    expect((await client.send(new GetModelCommand({ restApiId, modelName: "Empty" }))).schema).toBe(schema);
    const refused = await client.send(new UpdateModelCommand({ restApiId, modelName: "Empty", patchOperations: [{ op: "replace", path: "/name", value: "x" }] })).catch((e: APIGatewayServiceException) => e);
    expect(refused).toMatchObject({ name: "BadRequestException" });
  });

  it("a stage's export leaves the default models out unless a method's request names one", async () => {
    const restApiId = await newApi();
    const resourceId = (await client.send(new GetResourcesCommand({ restApiId }))).items?.[0]?.id;
    await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateModelCommand({ restApiId, name: "firstModel", contentType: "application/json", schema: '{"type":"object"}' }));
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: "dev" }));
    const exported = JSON.parse(new TextDecoder().decode((await client.send(new GetExportCommand({ restApiId, stageName: "dev", exportType: "swagger", parameters: { extensions: "integrations" } }))).body)) as { definitions?: Record<string, unknown> };
    expect(Object.keys(exported.definitions ?? {})).toEqual(["firstModel"]);
    await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: "POST", authorizationType: "NONE", requestModels: { "application/json": "Error" } }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: "POST", type: "MOCK" }));
    const second = await client.send(new CreateDeploymentCommand({ restApiId }));
    await client.send(new CreateStageCommand({ restApiId, stageName: "v2", deploymentId: second.id }));
    const again = JSON.parse(new TextDecoder().decode((await client.send(new GetExportCommand({ restApiId, stageName: "v2", exportType: "swagger" }))).body)) as { definitions?: Record<string, unknown> };
    expect(Object.keys(again.definitions ?? {}).sort()).toEqual(["Error", "firstModel"]);
  });
});

describe("API keys (create-api-key.rst, update-api-key.rst)", () => {
  it("UpdateApiKey answers the key without its value, as GetApiKey does", async () => {
    const created = await client.send(new CreateApiKeyCommand({ name: "Dev API Key", description: "Used for development", enabled: true }));
    expect(created.value).toEqual(expect.any(String));
    const renamed = await client.send(new UpdateApiKeyCommand({ apiKey: created.id, patchOperations: [{ op: "replace", path: "/name", value: "newName" }] }));
    expect(answer(renamed)).toEqual({
      id: created.id, name: "newName", description: "Used for development", enabled: true, createdDate: created.createdDate, lastUpdatedDate: expect.any(Date), stageKeys: [],
    });
    const disabled = await client.send(new UpdateApiKeyCommand({ apiKey: created.id, patchOperations: [{ op: "replace", path: "/enabled", value: "false" }] }));
    expect(disabled.enabled).toBe(false);
    expect(disabled.value).toBeUndefined();
  });

  it("a key's stage keys are listed as <restApiId>/<stageName>", async () => {
    const restApiId = await newApi();
    const created = await client.send(new CreateApiKeyCommand({ name: "Dev API Key", enabled: true, stageKeys: [{ restApiId, stageName: "dev" }] }));
    expect(created.stageKeys).toEqual([`${restApiId}/dev`]);
    const more = await client.send(new UpdateApiKeyCommand({ apiKey: created.id, patchOperations: [{ op: "add", path: "/stages", value: `${restApiId}/prod` }, { op: "remove", path: "/stages", value: `${restApiId}/dev` }] }));
    expect(more.stageKeys).toEqual([`${restApiId}/prod`]);
    expect((await client.send(new GetApiKeyCommand({ apiKey: created.id }))).stageKeys).toEqual([`${restApiId}/prod`]);
  });
});

describe("stages (update-stage.rst, get-stage.rst)", () => {
  const FILLED = {
    metricsEnabled: false, dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cachingEnabled: false, cacheTtlInSeconds: 300,
    cacheDataEncrypted: false, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
  };

  it("a method setting is keyed as its path names it (~1 kept), filled with AWS's defaults, with no loggingLevel until one is set", async () => {
    const restApiId = await newApi();
    const resourceId = (await client.send(new GetResourcesCommand({ restApiId }))).items?.[0]?.id;
    await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: "dev" }));
    const one = await client.send(new UpdateStageCommand({ restApiId, stageName: "dev", patchOperations: [{ op: "replace", path: "/~1resourceName/GET/logging/dataTrace", value: "false" }] }));
    expect(one.methodSettings).toEqual({ "~1resourceName/GET": FILLED });
    const all = await client.send(new UpdateStageCommand({ restApiId, stageName: "dev", patchOperations: [{ op: "replace", path: "/*/*/logging/dataTrace", value: "true" }] }));
    expect(all.methodSettings?.["*/*"]).toEqual({ ...FILLED, dataTraceEnabled: true });
    await client.send(new UpdateStageCommand({ restApiId, stageName: "dev", patchOperations: [{ op: "replace", path: "/~1resource~1subresource/POST/logging/loglevel", value: "INFO" }] }));
    expect((await client.send(new GetStageCommand({ restApiId, stageName: "dev" }))).methodSettings?.["~1resource~1subresource/POST"]).toEqual({ ...FILLED, loggingLevel: "INFO" });
  });
});

describe("create-rest-api.rst (--clone-from)", () => {
  it("a clone starts with the source's resources (ids of its own), methods, integrations, models and authorizers, but no stages", async () => {
    const sourceId = await newApi();
    const sourceRoot = (await client.send(new GetResourcesCommand({ restApiId: sourceId }))).items?.[0]?.id;
    const pets = await client.send(new CreateResourceCommand({ restApiId: sourceId, parentId: sourceRoot, pathPart: "pets" }));
    await client.send(new PutMethodCommand({ restApiId: sourceId, resourceId: pets.id, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: sourceId, resourceId: pets.id, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    await client.send(new CreateModelCommand({ restApiId: sourceId, name: "firstModel", contentType: "application/json", schema: '{"type":"object"}' }));
    await client.send(new CreateAuthorizerCommand({ restApiId: sourceId, name: "tokens", type: "TOKEN", authorizerUri: AUTH_URI, identitySource: "method.request.header.Authorization" }));
    await client.send(new CreateDeploymentCommand({ restApiId: sourceId, stageName: "dev" }));

    const copy = await client.send(new CreateRestApiCommand({ name: "Copy of My First API", description: "This is a copy of my first API", cloneFrom: sourceId }));
    expect(copy).toMatchObject({ name: "Copy of My First API", description: "This is a copy of my first API" });
    const restApiId = copy.id ?? "";
    const resources = (await client.send(new GetResourcesCommand({ restApiId }))).items ?? [];
    expect(resources.map((r) => r.path).sort()).toEqual(["/", "/pets"]);
    const copiedPets = resources.find((r) => r.path === "/pets");
    expect(copiedPets?.id).not.toBe(pets.id);
    expect(copiedPets?.parentId).toBe(copy.rootResourceId);
    const method = await client.send(new GetMethodCommand({ restApiId, resourceId: copiedPets?.id, httpMethod: "GET" }));
    expect(method.methodIntegration).toMatchObject({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' }, cacheNamespace: copiedPets?.id });
    expect((await client.send(new GetModelsCommand({ restApiId }))).items?.map((m) => m.name)).toEqual(["Error", "Empty", "firstModel"]);
    expect((await client.send(new GetAuthorizersCommand({ restApiId }))).items?.map((a) => a.name)).toEqual(["tokens"]);
    expect((await client.send(new GetStagesCommand({ restApiId }))).item).toEqual([]);
  });

  it("cloning an API that does not exist is refused as naming it would be", async () => {
    const refused = await client.send(new CreateRestApiCommand({ name: "copy", cloneFrom: "nope123456" })).catch((e: APIGatewayServiceException) => e);
    expect(refused).toMatchObject({ name: "NotFoundException", message: expect.stringMatching(/^Invalid API identifier specified \d{12}:nope123456$/) });
  });
});

describe("get-export.rst", () => {
  it("exports plain OpenAPI without extensions; integrations, authorizers or apigateway add theirs; info.version is the deployment's second", async () => {
    const restApiId = await newApi();
    const resourceId = (await client.send(new GetResourcesCommand({ restApiId }))).items?.[0]?.id;
    const authorizer = await client.send(new CreateAuthorizerCommand({ restApiId, name: "tokens", type: "TOKEN", authorizerUri: AUTH_URI, identitySource: "method.request.header.Authorization" }));
    await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: "GET", authorizationType: "CUSTOM", authorizerId: authorizer.id }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: "dev" }));
    const exported = async (extensions?: string) => JSON.stringify(JSON.parse(new TextDecoder().decode((await client.send(new GetExportCommand({
      restApiId, stageName: "dev", exportType: "swagger", ...(extensions !== undefined ? { parameters: { extensions } } : {}),
    }))).body)));
    const plain = await exported();
    expect(plain).not.toContain("x-amazon-apigateway-");
    expect(JSON.parse(plain).info.version).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await exported("postman")).not.toContain("x-amazon-apigateway-");
    const integrations = await exported("integrations");
    expect(integrations).toContain("x-amazon-apigateway-integration");
    expect(integrations).not.toContain("x-amazon-apigateway-authorizer");
    const authorizers = await exported("authorizers");
    expect(authorizers).toContain("x-amazon-apigateway-authorizer");
    expect(authorizers).not.toContain("x-amazon-apigateway-integration");
    const all = await exported("apigateway");
    expect(all).toContain("x-amazon-apigateway-integration");
    expect(all).toContain("x-amazon-apigateway-authorizer");
  });
});
