/**
 * REST APIs created through the API Gateway control plane (CreateRestApi … CreateDeployment,
 * GetExport), through the AWS SDK v3. Error texts are AWS's, as localstack's
 * tests/aws/services/apigateway/test_apigateway_api.snapshot.json recorded them on AWS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, GetAccountCommand, UpdateAccountCommand, UpdateDeploymentCommand, GetTagsCommand, TagResourceCommand, UntagResourceCommand, ImportRestApiCommand, PutRestApiCommand, CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, GetApiKeyCommand, GetApiKeysCommand, GetUsagePlanKeysCommand,
  GetUsagePlanCommand, UpdateUsagePlanCommand, UpdateRequestValidatorCommand, GetRequestValidatorCommand, DeleteApiKeyCommand, CreateAuthorizerCommand, CreateDeploymentCommand, GetAuthorizerCommand, GetAuthorizersCommand, DeleteAuthorizerCommand, UpdateAuthorizerCommand, CreateModelCommand, CreateRequestValidatorCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand,
  DeleteDeploymentCommand, DeleteIntegrationResponseCommand, DeleteMethodCommand, DeleteResourceCommand, DeleteRestApiCommand, DeleteStageCommand, GetDeploymentCommand,
  GetDeploymentsCommand, GetExportCommand, GetIntegrationCommand, GetIntegrationResponseCommand, GetMethodCommand, GetMethodResponseCommand, GetResourceCommand,
  GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand, GetStagesCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, UpdateIntegrationCommand, UpdateMethodCommand, UpdateResourceCommand, UpdateRestApiCommand, UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";
import { type ApiGatewayControlPlane } from "../src/index.js";
import { failure, servePlane } from "./helpers.js";

const FN = "arn:aws:lambda:us-east-1:000000000000:function:hello";
const LAMBDA_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
let close: () => Promise<void>;
let client: APIGatewayClient;
let plane: ApiGatewayControlPlane;
let now = Date.UTC(2026, 10, 27, 10, 0, 0);

beforeAll(async () => {
  ({ client, close, plane } = await servePlane({ apis: [], createdDate: new Date(now), now: () => now }, APIGatewayClient));
});

afterAll(() => close());

async function newApi(name = "pets") {
  const api = await client.send(new CreateRestApiCommand({ name }));
  return { id: api.id ?? "", root: api.rootResourceId ?? "" };
}

describe("CreateRestApi", () => {
  it("creates the API with its root resource, as AWS answers it", async () => {
    const out = await client.send(new CreateRestApiCommand({ name: "shop", description: "my api", tags: { team: "a" } }));
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.id).toMatch(/^[a-z0-9]{10}$/);
    expect(out).toMatchObject({ name: "shop", description: "my api", apiKeySource: "HEADER", disableExecuteApiEndpoint: false, tags: { team: "a" } });
    expect(out.endpointConfiguration).toEqual({ types: ["EDGE"], ipAddressType: "ipv4" });
    expect(out.createdDate).toEqual(new Date(now));
    const resources = await client.send(new GetResourcesCommand({ restApiId: out.id }));
    expect(resources.items).toEqual([{ id: out.rootResourceId, path: "/" }]);
    const listed = await client.send(new GetRestApisCommand({}));
    expect(listed.items?.map((a) => a.id)).toContain(out.id);
  });

  it("refuses what AWS refuses", async () => {
    expect(await failure(client.send(new CreateRestApiCommand({ name: "x", description: "" })))).toMatchObject({ name: "BadRequestException", message: "Description cannot be an empty string" });
    expect(await failure(client.send(new CreateRestApiCommand({ name: "x", endpointConfiguration: { types: ["EDGE", "REGIONAL"] } })))).toMatchObject({
      message: "Cannot create an api with multiple Endpoint Types.",
    });
    expect(await failure(client.send(new CreateRestApiCommand({ name: "x", endpointConfiguration: { types: ["PRIVATE"], ipAddressType: "ipv4" } })))).toMatchObject({
      message: "Only dualstack ipAddressType is supported for Private APIs.",
    });
    expect(await failure(client.send(new CreateRestApiCommand({ name: "x", minimumCompressionSize: -1 })))).toMatchObject({
      message: "Invalid minimum compression size, must be between 0 and 10485760",
    });
  });

  it("GetRestApi of an unknown id names the account and the id", async () => {
    expect(await failure(client.send(new GetRestApiCommand({ restApiId: "nope123456" })))).toEqual({
      name: "NotFoundException", message: "Invalid API identifier specified 000000000000:nope123456", status: 404,
    });
  });

  it("UpdateRestApi patches name, binary media types and compression", async () => {
    const { id } = await newApi();
    const out = await client.send(new UpdateRestApiCommand({
      restApiId: id,
      patchOperations: [
        { op: "replace", path: "/name", value: "renamed" },
        { op: "add", path: "/binaryMediaTypes/image~1png", value: "" },
        { op: "replace", path: "/minimumCompressionSize", value: "10" },
      ],
    }));
    expect(out).toMatchObject({ name: "renamed", binaryMediaTypes: ["image/png"], minimumCompressionSize: 10, tags: {} });
    expect(await failure(client.send(new UpdateRestApiCommand({ restApiId: id, patchOperations: [{ op: "add", path: "/minimumCompressionSize", value: "1" }] })))).toMatchObject({
      message: "Invalid patch operation specified. Must be one of: [replace]",
    });
    expect(await failure(client.send(new UpdateRestApiCommand({ restApiId: id, patchOperations: [{ op: "add", path: "/binaryMediaTypes", value: "image/png" }] })))).toMatchObject({
      message: "Invalid patch path /binaryMediaTypes",
    });
  });

  it("DeleteRestApi answers 202 and forgets the API", async () => {
    const { id } = await newApi();
    const out = await client.send(new DeleteRestApiCommand({ restApiId: id }));
    expect(out.$metadata.httpStatusCode).toBe(202);
    expect((await failure(client.send(new GetRestApiCommand({ restApiId: id })))).name).toBe("NotFoundException");
  });
});

describe("resources", () => {
  it("creates, renames, moves and deletes resources with their children", async () => {
    const { id, root } = await newApi();
    const pets = await client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "pets" }));
    expect(pets).toMatchObject({ parentId: root, path: "/pets", pathPart: "pets" });
    expect(pets.$metadata.httpStatusCode).toBe(201);
    const sub = await client.send(new CreateResourceCommand({ restApiId: id, parentId: pets.id, pathPart: "{id}" }));
    expect(sub.path).toBe("/pets/{id}");
    const renamed = await client.send(new UpdateResourceCommand({ restApiId: id, resourceId: pets.id, patchOperations: [{ op: "replace", path: "/pathPart", value: "dogs" }] }));
    expect(renamed.path).toBe("/dogs");
    expect((await client.send(new GetResourceCommand({ restApiId: id, resourceId: sub.id }))).path).toBe("/dogs/{id}");
    expect(await failure(client.send(new UpdateResourceCommand({ restApiId: id, resourceId: pets.id, patchOperations: [{ op: "replace", path: "/parentId", value: sub.id }] })))).toMatchObject({
      name: "BadRequestException", message: "Resources cannot be cyclical.",
    });
    expect(await failure(client.send(new UpdateResourceCommand({ restApiId: id, resourceId: pets.id, patchOperations: [{ op: "replace", path: "/invalid", value: "x" }] })))).toMatchObject({
      message: "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]",
    });
    expect(await failure(client.send(new UpdateResourceCommand({ restApiId: id, resourceId: pets.id, patchOperations: [{ op: "add", path: "/pathPart", value: "x" }] })))).toMatchObject({
      message: "Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations",
    });
    expect(await failure(client.send(new UpdateResourceCommand({ restApiId: id, resourceId: root, patchOperations: [{ op: "replace", path: "/pathPart", value: "x" }] })))).toMatchObject({
      message: "Root resource cannot update its pathPart.",
    });
    const deleted = await client.send(new DeleteResourceCommand({ restApiId: id, resourceId: pets.id }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    expect((await client.send(new GetResourcesCommand({ restApiId: id }))).items).toEqual([{ id: root, path: "/" }]);
    expect(await failure(client.send(new DeleteResourceCommand({ restApiId: id, resourceId: sub.id })))).toMatchObject({
      name: "NotFoundException", message: "Invalid Resource identifier specified",
    });
  });

  it("refuses a taken name, a second variable sibling and a child of a greedy resource", async () => {
    const { id, root } = await newApi();
    await client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "pets" }));
    expect(await failure(client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "pets" })))).toEqual({
      name: "ConflictException", message: "Another resource with the same parent already has this name: pets", status: 409,
    });
    const proxy = await client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "{proxy+}" }));
    expect(await failure(client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "{id}" })))).toMatchObject({
      message: "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed",
    });
    expect(await failure(client.send(new CreateResourceCommand({ restApiId: id, parentId: proxy.id, pathPart: "child" })))).toMatchObject({
      message: "Cannot create a child of a resource with a greedy path variable: {proxy+}",
    });
    expect(await failure(client.send(new CreateResourceCommand({ restApiId: id, parentId: "nope", pathPart: "x" })))).toMatchObject({
      message: "Invalid Resource identifier specified",
    });
    expect((await failure(client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "a b" })))).name).toBe("BadRequestException");
  });
});

describe("methods and integrations", () => {
  it("puts a method, its integration and responses; GetResources embeds them on request", async () => {
    const { id, root } = await newApi();
    const method = await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    expect(method.$metadata.httpStatusCode).toBe(201);
    expect(method).toMatchObject({ httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: false });
    expect(await failure(client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" })))).toEqual({
      name: "ConflictException", message: "Method already exists for this resource", status: 409,
    });
    const integration = await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: LAMBDA_URI }));
    expect(integration).toMatchObject({ type: "AWS_PROXY", httpMethod: "POST", uri: LAMBDA_URI, passthroughBehavior: "WHEN_NO_MATCH", timeoutInMillis: 29000, cacheNamespace: root, cacheKeyParameters: [] });
    await client.send(new PutMethodResponseCommand({ restApiId: id, resourceId: root, httpMethod: "GET", statusCode: "200", responseModels: { "application/json": "Empty" } }));
    const got = await client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET" }));
    expect(got.methodIntegration?.uri).toBe(LAMBDA_URI);
    expect(got.methodResponses?.["200"]).toEqual({ statusCode: "200", responseModels: { "application/json": "Empty" } });
    expect((await client.send(new GetResourcesCommand({ restApiId: id }))).items?.[0]?.resourceMethods).toEqual({ GET: {} });
    const embedded = await client.send(new GetResourcesCommand({ restApiId: id, embed: ["methods"] }));
    expect(embedded.items?.[0]?.resourceMethods?.GET?.methodIntegration?.type).toBe("AWS_PROXY");
    const updated = await client.send(new UpdateIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", patchOperations: [{ op: "replace", path: "/timeoutInMillis", value: "5000" }] }));
    expect(updated.timeoutInMillis).toBe(5000);
  });

  it("answers unknown APIs, resources, methods and integrations with AWS's texts", async () => {
    const { id, root } = await newApi();
    const get = (restApiId: string, resourceId: string) => failure(client.send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: "GET" })));
    expect(await get("nope123456", root)).toMatchObject({ name: "NotFoundException", message: "Invalid Resource identifier specified" });
    expect(await get(id, "nope")).toMatchObject({ message: "Invalid Resource identifier specified" });
    expect(await get(id, root)).toMatchObject({ message: "Invalid Method identifier specified" });
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    expect(await get(id, root)).toMatchObject({ message: "Invalid Integration identifier specified" });
    expect(await failure(client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "FETCH", authorizationType: "NONE" })))).toMatchObject({
      message: "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY",
    });
    expect(await failure(client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "POST", authorizationType: "CUSTOM" })))).toMatchObject({
      message: "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.",
    });
    expect(await failure(client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "POST", authorizationType: "NONE", requestValidatorId: "abc" })))).toMatchObject({
      message: "Invalid Request Validator identifier specified",
    });
    expect(await failure(client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "POST", authorizationType: "NONE", requestModels: { "application/json": "petModel" } })))).toMatchObject({
      message: "Invalid model identifier specified: petModel",
    });
    expect(await failure(client.send(new GetMethodResponseCommand({ restApiId: id, resourceId: root, httpMethod: "GET", statusCode: "200" })))).toMatchObject({
      message: "Invalid Response status code specified",
    });
    const wrongType = await failure(client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "HTTPS_PROXY" as never })));
    expect(wrongType.name).toBe("ValidationException");
    expect(wrongType.message).toContain("Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set:");
    const wrongStatus = await failure(client.send(new GetIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: "GET", statusCode: "wrong" })));
    expect(wrongStatus.message).toBe("1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d");
  });

  it("UpdateMethod patches scalars and maps, refusing unknown paths", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "ANY", authorizationType: "NONE" }));
    const out = await client.send(new UpdateMethodCommand({
      restApiId: id, resourceId: root, httpMethod: "ANY",
      patchOperations: [
        { op: "add", path: "/requestParameters/method.request.querystring.optional", value: "true" },
        { op: "add", path: "/requestModels/application~1json", value: "Empty" },
        { op: "replace", path: "/apiKeyRequired", value: "true" },
        { op: "replace", path: "/operationName", value: "ReplacedOperationName" },
      ],
    }));
    expect(out).toMatchObject({ apiKeyRequired: true, operationName: "ReplacedOperationName", requestParameters: { "method.request.querystring.optional": true }, requestModels: { "application/json": "Empty" } });
    expect(await failure(client.send(new UpdateMethodCommand({ restApiId: id, resourceId: root, httpMethod: "ANY", patchOperations: [{ op: "replace", path: "/httpMethod", value: "GET" }] })))).toMatchObject({
      message: "Invalid patch path /httpMethod",
    });
    const deleted = await client.send(new DeleteMethodCommand({ restApiId: id, resourceId: root, httpMethod: "ANY" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(client.send(new GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: "ANY" })))).toMatchObject({ message: "Invalid Method identifier specified" });
  });

  it("integration responses: selectionPattern defaults to \"\", deleted with 204", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }));
    const put = await client.send(new PutIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: "GET", statusCode: "200", responseTemplates: { "application/json": '"created"' } }));
    expect(put).toMatchObject({ statusCode: "200", selectionPattern: "", responseTemplates: { "application/json": '"created"' } });
    expect(put.$metadata.httpStatusCode).toBe(201);
    const got = await client.send(new GetIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET" }));
    expect(got.integrationResponses?.["200"]?.selectionPattern).toBe("");
    const deleted = await client.send(new DeleteIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: "GET", statusCode: "200" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(client.send(new GetIntegrationResponseCommand({ restApiId: id, resourceId: root, httpMethod: "GET", statusCode: "200" })))).toMatchObject({
      message: "Invalid Response status code specified",
    });
  });

  it("refuses integration targets AWS refuses", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    const put = (type: "AWS_PROXY" | "HTTP", uri: string, integrationHttpMethod?: string) =>
      failure(client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type, uri, integrationHttpMethod })));
    expect(await put("AWS_PROXY", LAMBDA_URI)).toMatchObject({ message: "Enumeration value for HttpMethod must be non-empty" });
    expect(await put("HTTP", "ftp://x", "GET")).toMatchObject({ message: "Invalid HTTP endpoint specified for URI" });
    expect(await put("AWS_PROXY", "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem", "POST")).toMatchObject({
      message: "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    });
  });
});

describe("deployments and stages", () => {
  async function deployable() {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    return { id, root };
  }

  it("refuses to deploy an API without methods or with a method without integration", async () => {
    const { id, root } = await newApi();
    expect(await failure(client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" })))).toMatchObject({
      name: "BadRequestException", message: "The REST API doesn't contain any methods",
    });
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    expect(await failure(client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" })))).toMatchObject({ message: "No integration defined for method" });
  });

  it("a deployment with stageName creates the stage, the next one moves it; stages change and go", async () => {
    const { id, root } = await deployable();
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
    const first = await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev", variables: { a: "1" }, description: "first" }));
    expect(first.$metadata.httpStatusCode).toBe(201);
    expect(first.id).toMatch(/^[a-z0-9]{6}$/);
    const stage = await client.send(new GetStageCommand({ restApiId: id, stageName: "dev" }));
    expect(stage).toMatchObject({ deploymentId: first.id, stageName: "dev", variables: { a: "1" }, tracingEnabled: false, cacheClusterEnabled: false, cacheClusterStatus: "NOT_AVAILABLE", methodSettings: {} });
    now += 5000;
    const second = await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    expect((await client.send(new GetStageCommand({ restApiId: id, stageName: "dev" }))).deploymentId).toBe(second.id);
    expect((await client.send(new GetDeploymentsCommand({ restApiId: id }))).items?.map((d) => d.id)).toEqual([first.id, second.id]);
    expect((await client.send(new UpdateDeploymentCommand({ restApiId: id, deploymentId: first.id, patchOperations: [{ op: "replace", path: "/description", value: "renamed" }] }))).description).toBe("renamed");
    const summary = await client.send(new GetDeploymentCommand({ restApiId: id, deploymentId: first.id, embed: ["apisummary"] }));
    expect(summary.apiSummary).toEqual({ "/": { GET: { authorizationType: "NONE", apiKeyRequired: false } } });

    const prod = await client.send(new CreateStageCommand({ restApiId: id, stageName: "prod", deploymentId: first.id }));
    expect(prod.deploymentId).toBe(first.id);
    expect(await failure(client.send(new CreateStageCommand({ restApiId: id, stageName: "prod", deploymentId: first.id })))).toMatchObject({
      name: "ConflictException", message: "Stage already exists",
    });
    expect((await client.send(new GetStagesCommand({ restApiId: id, deploymentId: first.id }))).item?.map((s) => s.stageName)).toEqual(["prod"]);
    const updated = await client.send(new UpdateStageCommand({
      restApiId: id, stageName: "prod",
      patchOperations: [{ op: "replace", path: "/variables/b", value: "2" }, { op: "replace", path: "/tracingEnabled", value: "true" }],
    }));
    expect(updated).toMatchObject({ variables: { b: "2" }, tracingEnabled: true });
    expect(await failure(client.send(new DeleteDeploymentCommand({ restApiId: id, deploymentId: first.id })))).toMatchObject({
      message: "Active stages pointing to this deployment must be moved or deleted",
    });
    expect((await client.send(new DeleteStageCommand({ restApiId: id, stageName: "prod" }))).$metadata.httpStatusCode).toBe(202);
    expect((await client.send(new DeleteDeploymentCommand({ restApiId: id, deploymentId: first.id }))).$metadata.httpStatusCode).toBe(202);
    expect(await failure(client.send(new GetStageCommand({ restApiId: id, stageName: "prod" })))).toMatchObject({ message: "Invalid stage identifier specified" });
    expect(await failure(client.send(new GetDeploymentCommand({ restApiId: id, deploymentId: first.id })))).toMatchObject({ message: "Invalid Deployment identifier specified" });
  });

  it("a deployment freezes the API: later changes reach a stage only with the next deployment", async () => {
    const { id, root } = await deployable();
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: LAMBDA_URI }));
    const changes: string[] = [];
    const stop = plane.created.onStagesChanged((apiId) => changes.push(apiId));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    const pathsOf = () => Object.keys((plane.created.servedStages(id)[0]?.document.paths ?? {}) as object);
    expect(pathsOf()).toEqual(["/"]);
    const items = await client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "items" }));
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: items.id, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: items.id, httpMethod: "GET", type: "MOCK" }));
    expect(pathsOf()).toEqual(["/"]);
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    expect(pathsOf().sort()).toEqual(["/", "/items"]);
    expect(changes).toEqual([id, id]);
    stop();
  });

  it("GetExport answers the stage's deployment as OpenAPI with x-amazon-apigateway-integration", async () => {
    const { id, root } = await deployable();
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: LAMBDA_URI }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    const out = await client.send(new GetExportCommand({ restApiId: id, stageName: "dev", exportType: "oas30", parameters: { extensions: "integrations" } }));
    const document = JSON.parse(new TextDecoder().decode(out.body)) as { openapi: string; paths: Record<string, Record<string, { "x-amazon-apigateway-integration": unknown }>> };
    expect(document.openapi).toBe("3.0.1");
    expect(document.paths["/"]?.get?.["x-amazon-apigateway-integration"]).toMatchObject({ type: "aws_proxy", httpMethod: "POST", uri: LAMBDA_URI, passthroughBehavior: "when_no_match" });
    const swagger = await client.send(new GetExportCommand({ restApiId: id, stageName: "dev", exportType: "swagger" }));
    expect(JSON.parse(new TextDecoder().decode(swagger.body))).toMatchObject({ swagger: "2.0", basePath: "/dev" });
  });
});

describe("models and request validators", () => {
  it("a method may name a model and a validator the API has", async () => {
    const { id, root } = await newApi();
    await client.send(new CreateModelCommand({ restApiId: id, name: "Pet", contentType: "application/json", schema: '{"type":"object"}' }));
    expect(await failure(client.send(new CreateModelCommand({ restApiId: id, name: "Pet", contentType: "application/json" })))).toMatchObject({
      name: "ConflictException", message: "Model name already exists for this REST API",
    });
    const validator = await client.send(new CreateRequestValidatorCommand({ restApiId: id, name: "body", validateRequestBody: true }));
    const method = await client.send(new PutMethodCommand({
      restApiId: id, resourceId: root, httpMethod: "POST", authorizationType: "NONE", requestModels: { "application/json": "Pet" }, requestValidatorId: validator.id,
    }));
    expect(method).toMatchObject({ requestModels: { "application/json": "Pet" }, requestValidatorId: validator.id });
    expect(await failure(client.send(new CreateRequestValidatorCommand({ restApiId: "nope123456", name: "x" })))).toMatchObject({
      name: "BadRequestException", message: "Invalid REST API identifier specified",
    });
  });
});

describe("authorizers", () => {
  it("CreateAuthorizer, a CUSTOM method naming it, and the export's security scheme", async () => {
    const { id, root } = await newApi();
    expect(await failure(client.send(new CreateAuthorizerCommand({ restApiId: "nope123456", name: "a", type: "TOKEN", authorizerUri: LAMBDA_URI })))).toEqual({
      name: "ConflictException", message: "Unable to complete operation due to concurrent modification. Please try again later.", status: 409,
    });
    const authorizer = await client.send(new CreateAuthorizerCommand({ restApiId: id, name: "tokens", type: "TOKEN", authorizerUri: LAMBDA_URI, identitySource: "method.request.header.Authorization" }));
    // authType named as AWS names it; no TTL given, none shown (the AWS CLI's example create-authorizer.rst).
    expect(authorizer).toMatchObject({ name: "tokens", type: "TOKEN", authType: "custom" });
    expect(authorizer.authorizerResultTtlInSeconds).toBeUndefined();
    expect(authorizer.$metadata.httpStatusCode).toBe(201);
    expect((await client.send(new GetAuthorizersCommand({ restApiId: id }))).items?.map((a) => a.id)).toEqual([authorizer.id]);
    const updated = await client.send(new UpdateAuthorizerCommand({ restApiId: id, authorizerId: authorizer.id, patchOperations: [{ op: "replace", path: "/authorizerResultTtlInSeconds", value: "0" }] }));
    expect(updated.authorizerResultTtlInSeconds).toBe(0);
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "CUSTOM", authorizerId: authorizer.id }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    const document = plane.created.servedStages(id)[0]?.document as { components: { securitySchemes: Record<string, unknown> }; paths: Record<string, Record<string, { security: unknown }>> };
    expect(document.components.securitySchemes.tokens).toMatchObject({ "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: LAMBDA_URI } });
    expect(document.paths["/"]?.get?.security).toEqual([{ tokens: [] }]);
    expect((await client.send(new DeleteAuthorizerCommand({ restApiId: id, authorizerId: authorizer.id }))).$metadata.httpStatusCode).toBe(202);
    expect(await failure(client.send(new GetAuthorizerCommand({ restApiId: id, authorizerId: authorizer.id })))).toMatchObject({
      name: "NotFoundException", message: "Invalid Authorizer identifier specified",
    });
  });
});

describe("API keys and usage plans", () => {
  it("keys join plans; a plan's stages accept its keys", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE", apiKeyRequired: true }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    expect(await failure(client.send(new CreateApiKeyCommand({ name: "short", value: "abc" })))).toMatchObject({ message: "API Key value should be at least 20 characters" });
    const key = await client.send(new CreateApiKeyCommand({ name: "k1", enabled: true }));
    expect(key.$metadata.httpStatusCode).toBe(201);
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect((await client.send(new GetApiKeyCommand({ apiKey: key.id }))).value).toBeUndefined();
    expect((await client.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value).toBe(key.value);
    expect((await client.send(new GetApiKeysCommand({ nameQuery: "k1" }))).items?.map((k) => k.id)).toEqual([key.id]);
    const plan = await client.send(new CreateUsagePlanCommand({ name: "basic", apiStages: [{ apiId: id, stage: "dev" }], throttle: { rateLimit: 10, burstLimit: 5 }, quota: { limit: 100, period: "DAY" } }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    expect((await client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items).toEqual([{ id: key.id, type: "API_KEY", value: key.value, name: "k1" }]);
    expect(plane.created.servedStages(id)[0]?.apiKeys).toEqual([
      { id: key.id, value: key.value, enabled: true, throttle: { rateLimit: 10, burstLimit: 5 }, quota: { limit: 100, period: "DAY" } },
    ]);
    const updated = await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: "replace", path: "/quota/limit", value: "5" }] }));
    expect(updated.quota).toEqual({ limit: 5, period: "DAY" });
    expect((await client.send(new DeleteApiKeyCommand({ apiKey: key.id }))).$metadata.httpStatusCode).toBe(202);
    expect(plane.created.servedStages(id)[0]?.apiKeys).toEqual([]);
    expect(await failure(client.send(new GetApiKeyCommand({ apiKey: key.id })))).toMatchObject({ name: "NotFoundException", message: "Invalid API Key identifier specified" });
    expect(await failure(client.send(new GetUsagePlanCommand({ usagePlanId: "nope" })))).toMatchObject({ name: "NotFoundException", message: "Invalid Usage Plan ID specified" });
  });
});

describe("members of the wrong JSON type", () => {
  it("fail the request before anything is stored, so later listings still answer", async () => {
    // A key named by a number was stored and broke every GetApiKeys with nameQuery (HTTP 500), as the edge fuzzer found.
    const bad = await failure(client.send(new CreateApiKeyCommand({ name: 123 as unknown as string })));
    expect(bad).toMatchObject({ name: "SerializationException", status: 400 });
    const patch = await failure(client.send(new UpdateAccountCommand({ patchOperations: { op: "replace" } as never })));
    expect(patch).toMatchObject({ name: "SerializationException", status: 400 });
    const listed = await client.send(new GetApiKeysCommand({ nameQuery: "x" }));
    expect(listed.$metadata.httpStatusCode).toBe(200);
  });
});

describe("ImportRestApi and PutRestApi", () => {
  it("a stage's export imports back into a new API with the same methods and integrations", async () => {
    const { id, root } = await newApi("source");
    const items = await client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "items" }));
    const item = await client.send(new CreateResourceCommand({ restApiId: id, parentId: items.id, pathPart: "{id}" }));
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: item.id, httpMethod: "GET", authorizationType: "NONE", requestParameters: { "method.request.querystring.q": true } }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: item.id, httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: LAMBDA_URI }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    const exported = await client.send(new GetExportCommand({ restApiId: id, stageName: "dev", exportType: "oas30", parameters: { extensions: "apigateway" } }));
    const imported = await client.send(new ImportRestApiCommand({ body: exported.body ?? new Uint8Array() }));
    expect(imported.$metadata.httpStatusCode).toBe(201);
    expect(imported.name).toBe("source");
    const resources = await client.send(new GetResourcesCommand({ restApiId: imported.id, embed: ["methods"] }));
    const byPath = Object.fromEntries((resources.items ?? []).map((r) => [r.path, r]));
    expect(Object.keys(byPath).sort()).toEqual(["/", "/items", "/items/{id}"]);
    expect(byPath["/items/{id}"]?.resourceMethods?.GET).toMatchObject({
      requestParameters: { "method.request.path.id": true, "method.request.querystring.q": true },
      methodIntegration: { type: "AWS_PROXY", httpMethod: "POST", uri: LAMBDA_URI, passthroughBehavior: "WHEN_NO_MATCH", timeoutInMillis: 29000 },
    });
  });

  it("PutRestApi merges or overwrites; an unreadable definition is AWS's \"Invalid OpenAPI input.\"", async () => {
    const { id, root } = await newApi();
    await client.send(new CreateResourceCommand({ restApiId: id, parentId: root, pathPart: "old" }));
    const definition = (path: string) => new TextEncoder().encode(JSON.stringify({
      openapi: "3.0.1", info: { title: "x", version: "1" },
      paths: { [path]: { get: { responses: { "200": { description: "ok" } }, "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' } } } } },
    }));
    await client.send(new PutRestApiCommand({ restApiId: id, body: definition("/merged") }));
    const paths = async () => ((await client.send(new GetResourcesCommand({ restApiId: id }))).items ?? []).map((r) => r.path).sort();
    expect(await paths()).toEqual(["/", "/merged", "/old"]);
    await client.send(new PutRestApiCommand({ restApiId: id, mode: "overwrite", body: definition("/only") }));
    expect(await paths()).toEqual(["/", "/only"]);
    expect(await failure(client.send(new ImportRestApiCommand({ body: new TextEncoder().encode("not: [openapi") })))).toMatchObject({
      name: "BadRequestException", message: "Invalid OpenAPI input.",
    });
  });
});

describe("what Terraform's aws_api_gateway_* resources send", () => {
  it("UpdateStage method settings and access logs, UpdateRestApi endpoint types by name, tags by ARN", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    const stage = await client.send(new UpdateStageCommand({
      restApiId: id, stageName: "dev",
      patchOperations: [
        { op: "replace", path: "/*/*/metrics/enabled", value: "true" },
        { op: "replace", path: "/*/*/logging/loglevel", value: "INFO" },
        { op: "replace", path: "/accessLogSettings/destinationArn", value: "arn:aws:logs:us-east-1:000000000000:log-group:access" },
      ],
    }));
    expect(stage.methodSettings?.["*/*"]).toMatchObject({ metricsEnabled: true, loggingLevel: "INFO", dataTraceEnabled: false, throttlingBurstLimit: 5000 });
    expect(stage.accessLogSettings).toEqual({ destinationArn: "arn:aws:logs:us-east-1:000000000000:log-group:access" });
    const api = await client.send(new UpdateRestApiCommand({ restApiId: id, patchOperations: [{ op: "replace", path: "/endpointConfiguration/types/EDGE", value: "REGIONAL" }] }));
    expect(api.endpointConfiguration?.types).toEqual(["REGIONAL"]);
    const apiArn = `arn:aws:apigateway:us-east-1::/restapis/${id}`;
    await client.send(new TagResourceCommand({ resourceArn: apiArn, tags: { team: "a", env: "dev" } }));
    await client.send(new UntagResourceCommand({ resourceArn: apiArn, tagKeys: ["env"] }));
    expect((await client.send(new GetTagsCommand({ resourceArn: apiArn }))).tags).toEqual({ team: "a" });
    expect((await client.send(new GetRestApiCommand({ restApiId: id }))).tags).toEqual({ team: "a" });
    await client.send(new TagResourceCommand({ resourceArn: `${apiArn}/stages/dev`, tags: { stage: "yes" } }));
    expect((await client.send(new GetStageCommand({ restApiId: id, stageName: "dev" }))).tags).toEqual({ stage: "yes" });
    const role = "arn:aws:iam::000000000000:role/apigw-logs";
    expect((await client.send(new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: role }] }))).cloudwatchRoleArn).toBe(role);
    expect(await client.send(new GetAccountCommand({}))).toMatchObject({ cloudwatchRoleArn: role, throttleSettings: { burstLimit: 5000, rateLimit: 10000 } });
    const key = await client.send(new CreateApiKeyCommand({ name: "tagged" }));
    await client.send(new TagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/apikeys/${key.id}`, tags: { k: "v" } }));
    expect((await client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/apikeys/${key.id}` }))).tags).toEqual({ k: "v" });
  });

  it("UpdateStage remove /<resource>/<METHOD> drops the method's settings; a second remove is AWS's BadRequestException", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "dev" }));
    await client.send(new UpdateStageCommand({ restApiId: id, stageName: "dev", patchOperations: [
      { op: "replace", path: "/*/*/metrics/enabled", value: "true" },
      { op: "replace", path: "/~1/GET/throttling/rateLimit", value: "50" },
    ] }));
    const stage = await client.send(new UpdateStageCommand({ restApiId: id, stageName: "dev", patchOperations: [{ op: "remove", path: "/*/*" }] }));
    expect(Object.keys(stage.methodSettings ?? {})).toEqual(["~1/GET"]);
    expect(await failure(client.send(new UpdateStageCommand({ restApiId: id, stageName: "dev", patchOperations: [{ op: "remove", path: "/*/*" }] })))).toMatchObject({
      name: "BadRequestException", message: "Cannot remove method setting */* because there is no method setting for this method",
    });
  });

  it("CreateApiKey with an empty value generates one (the provider sends \"value\": \"\" when none is set)", async () => {
    const key = await client.send(new CreateApiKeyCommand({ name: "generated", value: "", enabled: true }));
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect((await client.send(new GetApiKeyCommand({ apiKey: key.id, includeValue: true }))).value).toBe(key.value);
    expect(await failure(client.send(new CreateApiKeyCommand({ name: "short", value: "abc" })))).toMatchObject({ message: "API Key value should be at least 20 characters" });
  });

  it("GetRestApi answers the resource policy minified and escaped, as AWS does (the provider unescapes it)", async () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:us-east-1:000000000000:abc/*" }] }, null, 2);
    const api = await client.send(new CreateRestApiCommand({ name: "with-policy", policy }));
    const escaped = '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"arn:aws:execute-api:us-east-1:000000000000:abc\\/*\\"}]}';
    expect(api.policy).toBe(escaped);
    expect((await client.send(new GetRestApiCommand({ restApiId: api.id }))).policy).toBe(escaped);
    const replaced = await client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [{ op: "replace", path: "/policy", value: '{"Version":"2012-10-17","Statement":[]}' }] }));
    expect(replaced.policy).toBe('{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}');
  });

  it("a stage's cache: enabled with a size, AVAILABLE at once, resized with UpdateStage", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId: id }));
    const stage = await client.send(new CreateStageCommand({ restApiId: id, stageName: "cached", deploymentId: deployment.id, cacheClusterEnabled: true, cacheClusterSize: "0.5" }));
    expect(stage).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "0.5", cacheClusterStatus: "AVAILABLE" });
    const resized = await client.send(new UpdateStageCommand({ restApiId: id, stageName: "cached", patchOperations: [{ op: "replace", path: "/cacheClusterSize", value: "1.6" }] }));
    expect(resized).toMatchObject({ cacheClusterSize: "1.6", cacheClusterStatus: "AVAILABLE" });
    const off = await client.send(new UpdateStageCommand({ restApiId: id, stageName: "cached", patchOperations: [{ op: "replace", path: "/cacheClusterEnabled", value: "false" }] }));
    expect([off.cacheClusterEnabled, off.cacheClusterSize, off.cacheClusterStatus]).toEqual([false, undefined, "NOT_AVAILABLE"]);
  });

  it("a stage's canary settings are kept and patched member by member (Terraform's canary_settings)", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "GET", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "GET", type: "MOCK" }));
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId: id }));
    const stage = await client.send(new CreateStageCommand({
      restApiId: id, stageName: "live", deploymentId: deployment.id, canarySettings: { deploymentId: deployment.id, percentTraffic: 10, stageVariableOverrides: { v: "2" }, useStageCache: false },
    }));
    expect(stage.canarySettings).toEqual({ deploymentId: deployment.id, percentTraffic: 10, stageVariableOverrides: { v: "2" }, useStageCache: false });
    const patched = await client.send(new UpdateStageCommand({ restApiId: id, stageName: "live", patchOperations: [
      { op: "replace", path: "/canarySettings/percentTraffic", value: "25" },
      { op: "replace", path: "/canarySettings/stageVariableOverrides/w", value: "1" },
      { op: "remove", path: "/canarySettings/stageVariableOverrides/v" },
    ] }));
    expect(patched.canarySettings).toEqual({ deploymentId: deployment.id, percentTraffic: 25, stageVariableOverrides: { w: "1" }, useStageCache: false });
    const ended = await client.send(new UpdateStageCommand({ restApiId: id, stageName: "live", patchOperations: [{ op: "remove", path: "/canarySettings" }] }));
    expect(ended.canarySettings).toBeUndefined();
  });

  it("UpdateUsagePlan sets and drops one method's throttle in a plan's stage (/apiStages/<api>:<stage>/throttle/<path>/rateLimit)", async () => {
    const { id, root } = await newApi();
    await client.send(new PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: "POST", authorizationType: "NONE" }));
    await client.send(new PutIntegrationCommand({ restApiId: id, resourceId: root, httpMethod: "POST", type: "MOCK" }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "s" }));
    const plan = await client.send(new CreateUsagePlanCommand({ name: "throttled", apiStages: [{ apiId: id, stage: "s", throttle: { "/POST": { burstLimit: 3, rateLimit: 2 } } }] }));
    const stage = `${id}:s`;
    const updated = await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [
      { op: "remove", path: "/apiStages", value: stage },
      { op: "add", path: "/apiStages", value: stage },
      { op: "replace", path: `/apiStages/${stage}/throttle//POST/rateLimit`, value: "2" },
      { op: "replace", path: `/apiStages/${stage}/throttle//POST/burstLimit`, value: "4" },
    ] }));
    expect(updated.apiStages).toEqual([{ apiId: id, stage: "s", throttle: { "/POST": { burstLimit: 4, rateLimit: 2 } } }]);
    const dropped = await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: "remove", path: `/apiStages/${stage}/throttle//POST` }] }));
    expect(dropped.apiStages?.[0]?.throttle ?? {}).toEqual({});
    expect(await failure(client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: "replace", path: "/apiStages/nope:s/throttle//POST/rateLimit", value: "1" }] })))).toMatchObject({
      name: "BadRequestException", message: "Invalid patch path /apiStages/nope:s/throttle//POST/rateLimit",
    });
  });

  it("UpdateRequestValidator replaces its name and flags", async () => {
    const { id } = await newApi();
    const validator = await client.send(new CreateRequestValidatorCommand({ restApiId: id, name: "body", validateRequestBody: true }));
    const updated = await client.send(new UpdateRequestValidatorCommand({ restApiId: id, requestValidatorId: validator.id, patchOperations: [
      { op: "replace", path: "/validateRequestParameters", value: "true" },
      { op: "replace", path: "/validateRequestBody", value: "false" },
      { op: "replace", path: "/name", value: "params" },
    ] }));
    expect(updated).toMatchObject({ id: validator.id, name: "params", validateRequestBody: false, validateRequestParameters: true });
    expect(await client.send(new GetRequestValidatorCommand({ restApiId: id, requestValidatorId: validator.id }))).toMatchObject({ name: "params", validateRequestParameters: true });
    expect(await failure(client.send(new UpdateRequestValidatorCommand({ restApiId: id, requestValidatorId: validator.id, patchOperations: [{ op: "replace", path: "/nope", value: "x" }] })))).toMatchObject({
      name: "BadRequestException", message: "Invalid patch path /nope",
    });
    expect(await failure(client.send(new UpdateRequestValidatorCommand({ restApiId: id, requestValidatorId: "nope12", patchOperations: [] })))).toMatchObject({
      name: "NotFoundException", message: "Invalid Request Validator identifier specified",
    });
  });
});
