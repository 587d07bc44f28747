/**
 * HTTP APIs created through API Gateway v2's control plane (CreateApi … CreateDeployment, tags),
 * through the AWS SDK v3. Texts: "Invalid API identifier specified <account>:<id>" as AWS answers
 * it (aws-sdk-js issue #2458, aws-sam-cli issue #7030); route / integration / authorizer texts as
 * moto's apigatewayv2 copies AWS's; the deployment texts as AWS's stages read them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand,
  GetDeploymentCommand, GetIntegrationsCommand,
  DeleteApiCommand, DeleteAccessLogSettingsCommand, DeleteRouteSettingsCommand, ResetAuthorizersCacheCommand, ExportApiCommand, ImportApiCommand, ReimportApiCommand, DeleteAuthorizerCommand, DeleteCorsConfigurationCommand, DeleteRouteCommand, DeleteStageCommand, GetApiCommand, GetApisCommand,
  GetAuthorizersCommand, GetDeploymentsCommand, GetIntegrationCommand, GetRouteCommand, GetRoutesCommand, GetStageCommand, GetStagesCommand, GetTagsCommand,
  TagResourceCommand, UntagResourceCommand, UpdateApiCommand, UpdateIntegrationCommand, UpdateRouteCommand, UpdateStageCommand,
} from "@aws-sdk/client-apigatewayv2";
import { type ApiGatewayControlPlane } from "../src/index.js";
import { failure, servePlane } from "./helpers.js";

const FN = "arn:aws:lambda:us-east-1:000000000000:function:hello";
let close: () => Promise<void>;
let client: ApiGatewayV2Client;
let plane: ApiGatewayControlPlane;
let now = Date.UTC(2026, 10, 27, 10, 0, 0);

beforeAll(async () => {
  ({ client, close, plane } = await servePlane({
    apis: [{ kind: "http", apiId: "tmplapi001", name: "template-api", stageName: "$default", routes: [{ method: "GET", path: "/t", target: { type: "lambda", functionArn: FN } }] }],
    createdDate: new Date(now),
    now: () => now,
  }, ApiGatewayV2Client));
});

afterAll(() => close());

async function newApi(name = "items") {
  const api = await client.send(new CreateApiCommand({ Name: name, ProtocolType: "HTTP" }));
  return api.ApiId ?? "";
}

async function lambdaRoute(apiId: string, routeKey = "GET /items/{id}") {
  const integration = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0" }));
  const route = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}` }));
  return { integrationId: integration.IntegrationId ?? "", routeId: route.RouteId ?? "" };
}

describe("CreateApi", () => {
  it("creates an HTTP API with AWS's defaults; GetApis lists it after the template's", async () => {
    const out = await client.send(new CreateApiCommand({ Name: "shop", ProtocolType: "HTTP", Description: "d", Tags: { team: "a" } }));
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.ApiId).toMatch(/^[a-z0-9]{10}$/);
    expect(out).toMatchObject({
      Name: "shop", ProtocolType: "HTTP", Description: "d", ApiKeySelectionExpression: "$request.header.x-api-key", RouteSelectionExpression: "$request.method $request.path",
      DisableExecuteApiEndpoint: false, IpAddressType: "ipv4", Tags: { team: "a" }, ApiEndpoint: `https://${out.ApiId}.execute-api.us-east-1.amazonaws.com`,
    });
    expect(out.CreatedDate).toEqual(new Date(now));
    const all = await client.send(new GetApisCommand({}));
    const ids = (all.Items ?? []).map((a) => a.ApiId);
    expect(ids[0]).toBe("tmplapi001");
    expect(ids).toContain(out.ApiId);
    expect(await client.send(new GetApiCommand({ ApiId: out.ApiId }))).toMatchObject({ Name: "shop" });
  });

  it("quick create: a Lambda target makes an AWS_PROXY integration (payload 2.0), its route and an autoDeploy $default stage", async () => {
    const api = await client.send(new CreateApiCommand({ Name: "quick", ProtocolType: "HTTP", Target: FN, RouteKey: "GET /hi" }));
    const routes = await client.send(new GetRoutesCommand({ ApiId: api.ApiId }));
    expect(routes.Items).toHaveLength(1);
    expect(routes.Items?.[0]).toMatchObject({ RouteKey: "GET /hi", AuthorizationType: "NONE", ApiKeyRequired: false, ApiGatewayManaged: true });
    const integrationId = routes.Items?.[0].Target?.replace("integrations/", "");
    const integration = await client.send(new GetIntegrationCommand({ ApiId: api.ApiId, IntegrationId: integrationId }));
    expect(integration).toMatchObject({ IntegrationType: "AWS_PROXY", IntegrationUri: FN, IntegrationMethod: "POST", PayloadFormatVersion: "2.0", ConnectionType: "INTERNET", TimeoutInMillis: 30000 });
    const stage = await client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: "$default" }));
    expect(stage).toMatchObject({ StageName: "$default", ApiGatewayManaged: true, AutoDeploy: true, DefaultRouteSettings: { DetailedMetricsEnabled: false }, RouteSettings: {}, StageVariables: {} });
    expect(stage.LastDeploymentStatusMessage).toBe(`Successfully deployed stage with deployment ID '${stage.DeploymentId}'`);
    const deployments = await client.send(new GetDeploymentsCommand({ ApiId: api.ApiId }));
    expect(deployments.Items).toEqual([expect.objectContaining({ DeploymentId: stage.DeploymentId, AutoDeployed: true, DeploymentStatus: "DEPLOYED", Description: "Automatic deployment triggered by changes to the Api configuration" })]);
    expect(plane.createdHttp.servedStages(api.ApiId ?? "")).toHaveLength(1);
  });

  it("a request without a required member is a BadRequestException", async () => {
    const out = await failure(client.send(new CreateApiCommand({ Name: "x" } as never)));
    expect(out).toMatchObject({ name: "BadRequestException", status: 400 });
    expect(out.message).toContain("protocolType");
  });

  it("an unknown API answers AWS's NotFoundException, naming the account", async () => {
    for (const call of [client.send(new GetApiCommand({ ApiId: "nope123456" })), client.send(new GetRoutesCommand({ ApiId: "nope123456" })), client.send(new DeleteApiCommand({ ApiId: "nope123456" }))]) {
      expect(await failure(call)).toEqual({ name: "NotFoundException", message: "Invalid API identifier specified 000000000000:nope123456", status: 404 });
    }
  });

  it("the template's APIs stay read-only", async () => {
    const out = await failure(client.send(new CreateRouteCommand({ ApiId: "tmplapi001", RouteKey: "GET /x" })));
    expect(out.name).toBe("BadRequestException");
    expect(out.message).toContain("read-only");
    const arn = "arn:aws:apigateway:us-east-1::/apis/tmplapi001";
    expect((await client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({});
    expect((await failure(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: "b" } })))).message).toContain("read-only");
  });

  it("UpdateApi changes the name and CORS; DeleteCorsConfiguration removes it; DeleteApi removes the API", async () => {
    const apiId = await newApi();
    const updated = await client.send(new UpdateApiCommand({ ApiId: apiId, Name: "renamed", CorsConfiguration: { AllowOrigins: ["https://a.example"], AllowMethods: ["GET"], MaxAge: 60 } }));
    expect(updated).toMatchObject({ Name: "renamed", CorsConfiguration: { AllowOrigins: ["https://a.example"], AllowMethods: ["GET"], MaxAge: 60 } });
    await client.send(new DeleteCorsConfigurationCommand({ ApiId: apiId }));
    expect((await client.send(new GetApiCommand({ ApiId: apiId }))).CorsConfiguration).toBeUndefined();
    await client.send(new DeleteApiCommand({ ApiId: apiId }));
    expect((await failure(client.send(new GetApiCommand({ ApiId: apiId })))).name).toBe("NotFoundException");
  });
});

/** An SDK answer without its $metadata: the members AWS answered. */
function members(out: { $metadata?: unknown }): Record<string, unknown> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

const anyDate = expect.any(Date);
const anyId = expect.any(String);

describe("the AWS CLI's apigatewayv2 examples (AWS CLI Command Reference, recorded on AWS), replayed", () => {
  it("create-integration, create-route, create-stage, create-deployment, create-authorizer, update-stage answer the same members", async () => {
    const apiId = await newApi("my-http-api");
    expect(members(await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0" })))).toEqual({
      ConnectionType: "INTERNET", IntegrationId: anyId, IntegrationMethod: "POST", IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0", TimeoutInMillis: 30000,
    });
    expect(members(await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$default" })))).toEqual({ ApiKeyRequired: false, AuthorizationType: "NONE", RouteKey: "$default", RouteId: anyId });
    expect(members(await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "POST /signup" })))).toEqual({ ApiKeyRequired: false, AuthorizationType: "NONE", RouteKey: "POST /signup", RouteId: anyId });
    expect(members(await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "dev" })))).toEqual({
      CreatedDate: anyDate, DefaultRouteSettings: { DetailedMetricsEnabled: false }, LastUpdatedDate: anyDate, RouteSettings: {}, StageName: "dev", StageVariables: {}, Tags: {},
    });
    expect(members(await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: "dev" })))).toEqual({ AutoDeployed: false, CreatedDate: anyDate, DeploymentId: anyId, DeploymentStatus: "DEPLOYED" });
    expect(members(await client.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: "my-jwt-authorizer", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Audience: ["123456abc"], Issuer: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_abc123" },
    })))).toEqual({
      AuthorizerId: anyId, AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Audience: ["123456abc"], Issuer: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_abc123" }, Name: "my-jwt-authorizer",
    });
    await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /pets" }));
    expect(members(await client.send(new UpdateStageCommand({ ApiId: apiId, StageName: "dev", RouteSettings: { "GET /pets": { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 2000 } } })))).toEqual({
      CreatedDate: anyDate, DefaultRouteSettings: { DetailedMetricsEnabled: false }, DeploymentId: anyId, LastUpdatedDate: anyDate,
      RouteSettings: { "GET /pets": { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 2000 } }, StageName: "dev", StageVariables: {}, Tags: {},
    });
  });

  it("quick create's get-integrations, get-routes, get-stages and get-deployment answer the same members", async () => {
    const api = await client.send(new CreateApiCommand({ Name: "my-http-api", ProtocolType: "HTTP", Target: FN }));
    const apiId = api.ApiId ?? "";
    const { Items: integrations } = await client.send(new GetIntegrationsCommand({ ApiId: apiId }));
    expect(integrations).toEqual([{
      ApiGatewayManaged: true, ConnectionType: "INTERNET", IntegrationId: anyId, IntegrationMethod: "POST", IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0", TimeoutInMillis: 30000,
    }]);
    const { Items: routes } = await client.send(new GetRoutesCommand({ ApiId: apiId }));
    expect(routes).toEqual([{ ApiGatewayManaged: true, ApiKeyRequired: false, AuthorizationType: "NONE", RouteId: anyId, RouteKey: "$default", Target: `integrations/${integrations?.[0].IntegrationId}` }]);
    const { Items: stages } = await client.send(new GetStagesCommand({ ApiId: apiId }));
    expect(stages).toEqual([{
      ApiGatewayManaged: true, AutoDeploy: true, CreatedDate: anyDate, DefaultRouteSettings: { DetailedMetricsEnabled: false }, DeploymentId: anyId,
      LastDeploymentStatusMessage: `Successfully deployed stage with deployment ID '${stages?.[0].DeploymentId}'`, LastUpdatedDate: anyDate, RouteSettings: {}, StageName: "$default", StageVariables: {}, Tags: {},
    }]);
    expect(members(await client.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: stages?.[0].DeploymentId })))).toEqual({
      AutoDeployed: true, CreatedDate: anyDate, DeploymentId: stages?.[0].DeploymentId, DeploymentStatus: "DEPLOYED", Description: "Automatic deployment triggered by changes to the Api configuration",
    });
    // An HTTP URL target: HTTP_PROXY with method ANY and payload 1.0 (get-integrations' second item).
    const byUrl = await client.send(new CreateApiCommand({ Name: "proxy", ProtocolType: "HTTP", Target: "https://www.example.com" }));
    expect((await client.send(new GetIntegrationsCommand({ ApiId: byUrl.ApiId }))).Items).toEqual([expect.objectContaining({
      ConnectionType: "INTERNET", IntegrationMethod: "ANY", IntegrationType: "HTTP_PROXY", IntegrationUri: "https://www.example.com", PayloadFormatVersion: "1.0", TimeoutInMillis: 30000,
    })]);
  });
});

describe("routes and integrations", () => {
  it("creates, reads, updates and deletes them, as AWS answers them", async () => {
    const apiId = await newApi();
    const { integrationId, routeId } = await lambdaRoute(apiId);
    expect(await client.send(new GetRouteCommand({ ApiId: apiId, RouteId: routeId }))).toMatchObject({ RouteKey: "GET /items/{id}", Target: `integrations/${integrationId}`, AuthorizationType: "NONE" });
    expect(routeId).toMatch(/^[a-z0-9]{7}$/);
    const route = await client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeId, RouteKey: "ANY /{proxy+}" }));
    expect(route.RouteKey).toBe("ANY /{proxy+}");
    const integration = await client.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId, PayloadFormatVersion: "1.0", TimeoutInMillis: 5000 }));
    expect(integration).toMatchObject({ IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "1.0", TimeoutInMillis: 5000 });
    const http = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "HTTP_PROXY", IntegrationUri: "https://example.com/{proxy}", IntegrationMethod: "GET", PayloadFormatVersion: "1.0" }));
    expect(http).toMatchObject({ IntegrationType: "HTTP_PROXY", IntegrationMethod: "GET", PayloadFormatVersion: "1.0", ConnectionType: "INTERNET" });
    expect(await failure(client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS", IntegrationUri: FN })))).toEqual({
      name: "BadRequestException", message: "Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)", status: 400,
    });
    await client.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: routeId }));
    expect(await failure(client.send(new GetRouteCommand({ ApiId: apiId, RouteId: routeId })))).toEqual({ name: "NotFoundException", message: `Invalid Route identifier specified ${routeId}`, status: 404 });
    expect(await failure(client.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: "zzzzzzz" })))).toEqual({ name: "NotFoundException", message: "Invalid Integration identifier specified zzzzzzz", status: 404 });
  });

  it("refuses bad route keys, taken ones and targets of no integration", async () => {
    const apiId = await newApi();
    expect(await failure(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /a/{p+}/b" })))).toEqual({ name: "BadRequestException", message: "One or more path parts appear to be invalid", status: 400 });
    expect((await failure(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "FETCH /a" })))).name).toBe("BadRequestException");
    expect((await failure(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /a", Target: "integrations/nope000" })))).message).toBe("Invalid Integration identifier specified nope000");
    await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$default" }));
    expect((await failure(client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$default" })))).name).toBe("ConflictException");
  });

  it("a route of type JWT needs a JWT authorizer of the API; deleting the authorizer leaves its routes open", async () => {
    const apiId = await newApi();
    const { routeId } = await lambdaRoute(apiId);
    expect(await failure(client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeId, AuthorizationType: "JWT", AuthorizerId: "abcdef" })))).toEqual({
      name: "NotFoundException", message: "Invalid Authorizer identifier specified abcdef", status: 404,
    });
    const authorizer = await client.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: "cognito", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"], JwtConfiguration: { Issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc", Audience: ["client"] },
    }));
    expect(authorizer).toMatchObject({ Name: "cognito", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"], JwtConfiguration: { Audience: ["client"] } });
    const route = await client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeId, AuthorizationType: "JWT", AuthorizerId: authorizer.AuthorizerId, AuthorizationScopes: ["read"] }));
    expect(route).toMatchObject({ AuthorizationType: "JWT", AuthorizerId: authorizer.AuthorizerId, AuthorizationScopes: ["read"] });
    const lambdaAuthorizer = await client.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: "fn", AuthorizerType: "REQUEST", IdentitySource: ["$request.header.x-token"], AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`,
      AuthorizerPayloadFormatVersion: "2.0", EnableSimpleResponses: true,
    }));
    expect(lambdaAuthorizer).toMatchObject({ AuthorizerType: "REQUEST", AuthorizerPayloadFormatVersion: "2.0", EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 0 });
    expect((await client.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items).toHaveLength(2);
    await client.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: authorizer.AuthorizerId }));
    expect(await client.send(new GetRouteCommand({ ApiId: apiId, RouteId: routeId }))).toMatchObject({ AuthorizationType: "NONE" });
  });
});

describe("stages and deployments", () => {
  it("a deployment needs routes (AWS's text); a named stage serves its deployment's snapshot until the next one", async () => {
    const apiId = await newApi();
    expect(await failure(client.send(new CreateDeploymentCommand({ ApiId: apiId })))).toEqual({ name: "BadRequestException", message: "Unable to deploy API because no routes exist in this API", status: 400 });
    await lambdaRoute(apiId, "GET /a");
    const stage = await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "prod", StageVariables: { v: "1" } }));
    expect(stage).toMatchObject({ StageName: "prod", StageVariables: { v: "1" }, DefaultRouteSettings: { DetailedMetricsEnabled: false }, RouteSettings: {}, Tags: {} });
    expect(stage.AutoDeploy).toBeUndefined();
    expect(stage.DeploymentId).toBeUndefined();
    expect(plane.createdHttp.servedStages(apiId)).toEqual([]);
    const deployment = await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: "prod", Description: "first" }));
    expect(deployment).toMatchObject({ AutoDeployed: false, DeploymentStatus: "DEPLOYED", Description: "first" });
    expect((await client.send(new GetStageCommand({ ApiId: apiId, StageName: "prod" }))).DeploymentId).toBe(deployment.DeploymentId);
    await lambdaRoute(apiId, "GET /b");
    const served = plane.createdHttp.servedStages(apiId);
    expect(Object.values(served[0].snapshot.routes).map((r) => r.RouteKey)).toEqual(["GET /a"]);
    expect((await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: "prod" })))).name).toBe("ConflictException");
    expect(await failure(client.send(new GetStageCommand({ ApiId: apiId, StageName: "dev" })))).toEqual({ name: "NotFoundException", message: "Invalid stage identifier specified", status: 404 });
    for (const bad of ["a/b", "with space", "$other"]) expect((await failure(client.send(new CreateStageCommand({ ApiId: apiId, StageName: bad })))).name).toBe("BadRequestException");
    expect((await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "v1-beta_2" }))).StageName).toBe("v1-beta_2");
  });

  it("an autoDeploy stage is redeployed after each change; turning autoDeploy on deploys at once", async () => {
    const apiId = await newApi();
    const empty = await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", AutoDeploy: true }));
    expect(empty.LastDeploymentStatusMessage).toBe("Deployment attempt failed: Unable to deploy API because no routes exist in this API");
    await lambdaRoute(apiId, "GET /a");
    const first = await client.send(new GetStageCommand({ ApiId: apiId, StageName: "$default" }));
    await lambdaRoute(apiId, "GET /b");
    const second = await client.send(new GetStageCommand({ ApiId: apiId, StageName: "$default" }));
    expect(second.DeploymentId).not.toBe(first.DeploymentId);
    expect(Object.values(plane.createdHttp.servedStages(apiId)[0].snapshot.routes).map((r) => r.RouteKey).sort()).toEqual(["GET /a", "GET /b"]);
    const refused = await failure(client.send(new UpdateStageCommand({ ApiId: apiId, StageName: "$default", DeploymentId: first.DeploymentId })));
    expect(refused).toEqual({ name: "BadRequestException", message: `Deployment ID cannot be set on this stage 000000000000:${apiId} because AutoDeploy is enabled.`, status: 400 });
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "manual" }));
    const turnedOn = await client.send(new UpdateStageCommand({ ApiId: apiId, StageName: "manual", AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 2 } }));
    expect(turnedOn.DeploymentId).toBeDefined();
    expect(turnedOn.DefaultRouteSettings).toEqual({ DetailedMetricsEnabled: false, ThrottlingRateLimit: 5, ThrottlingBurstLimit: 2 });
    expect((await client.send(new GetStagesCommand({ ApiId: apiId }))).Items).toHaveLength(2);
    await client.send(new DeleteStageCommand({ ApiId: apiId, StageName: "manual" }));
    expect((await client.send(new GetStagesCommand({ ApiId: apiId }))).Items).toHaveLength(1);
  });
});

describe("what Terraform's aws_apigatewayv2_stage removes", () => {
  it("DeleteRouteSettings, DeleteAccessLogSettings and ResetAuthorizersCache", async () => {
    const apiId = await newApi();
    await lambdaRoute(apiId, "GET /a");
    await client.send(new CreateStageCommand({
      ApiId: apiId, StageName: "s", RouteSettings: { "GET /a": { ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 } }, AccessLogSettings: { DestinationArn: "arn:aws:logs:us-east-1:000000000000:log-group:x", Format: "$context.requestId" },
    }));
    expect((await client.send(new DeleteRouteSettingsCommand({ ApiId: apiId, StageName: "s", RouteKey: "GET /a" }))).$metadata.httpStatusCode).toBe(204);
    await client.send(new DeleteAccessLogSettingsCommand({ ApiId: apiId, StageName: "s" }));
    await client.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: "s" }));
    const stage = await client.send(new GetStageCommand({ ApiId: apiId, StageName: "s" }));
    expect(stage.RouteSettings).toEqual({});
    expect(stage.AccessLogSettings).toBeUndefined();
    expect((await failure(client.send(new ResetAuthorizersCacheCommand({ ApiId: apiId, StageName: "nope" })))).message).toBe("Invalid stage identifier specified");
  });
});

describe("ExportApi, ImportApi, ReimportApi", () => {
  it("exports a stage's deployment as OpenAPI 3.0 with API Gateway's extensions, and imports it back into an identical API", async () => {
    const apiId = await newApi("exported");
    await lambdaRoute(apiId, "GET /items/{id}");
    const authorizer = await client.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: "jwt", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"], JwtConfiguration: { Issuer: "https://issuer.example", Audience: ["a"] },
    }));
    const { routeId } = await lambdaRoute(apiId, "$default");
    await client.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: routeId, AuthorizationType: "JWT", AuthorizerId: authorizer.AuthorizerId, AuthorizationScopes: ["read"] }));
    await client.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: { AllowOrigins: ["*"], MaxAge: 10 } }));
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "prod" }));
    await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: "prod" }));
    const out = await client.send(new ExportApiCommand({ ApiId: apiId, Specification: "OAS30", OutputType: "JSON", StageName: "prod" }));
    const doc = JSON.parse(Buffer.from(out.body ?? new Uint8Array()).toString("utf8")) as Record<string, any>;
    expect(doc).toMatchObject({
      openapi: "3.0.1", info: { title: "exported" }, "x-amazon-apigateway-importexport-version": "1.0", "x-amazon-apigateway-cors": { allowOrigins: ["*"], maxAge: 10 },
      servers: [{ url: `https://${apiId}.execute-api.us-east-1.amazonaws.com/{basePath}`, variables: { basePath: { default: "prod" } } }],
    });
    expect(doc.paths["/items/{id}"].get["x-amazon-apigateway-integration"]).toEqual({ payloadFormatVersion: "2.0", type: "aws_proxy", httpMethod: "POST", uri: FN, connectionType: "INTERNET", timeoutInMillis: 30000 });
    expect(doc.paths["/items/{id}"].parameters).toEqual([expect.objectContaining({ name: "id", in: "path", required: true })]);
    expect(doc.paths["/$default"]["x-amazon-apigateway-any-method"].security).toEqual([{ jwt: ["read"] }]);
    expect(doc.components.securitySchemes.jwt["x-amazon-apigateway-authorizer"]).toEqual({ identitySource: "$request.header.Authorization", jwtConfiguration: { audience: ["a"], issuer: "https://issuer.example" }, type: "jwt" });

    const imported = await client.send(new ImportApiCommand({ Body: JSON.stringify(doc) }));
    expect(imported).toMatchObject({ Name: "exported", ProtocolType: "HTTP", CorsConfiguration: { AllowOrigins: ["*"], MaxAge: 10 } });
    const routes = (await client.send(new GetRoutesCommand({ ApiId: imported.ApiId }))).Items ?? [];
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(["$default", "GET /items/{id}"]);
    const secured = routes.find((r) => r.RouteKey === "$default");
    expect(secured).toMatchObject({ AuthorizationType: "JWT", AuthorizationScopes: ["read"] });
    const integration = await client.send(new GetIntegrationCommand({ ApiId: imported.ApiId, IntegrationId: routes[0].Target?.replace("integrations/", "") }));
    expect(integration).toMatchObject({ IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0" });

    // Reimport replaces the routes; an autoDeploy stage serves the new ones.
    await client.send(new CreateStageCommand({ ApiId: imported.ApiId, StageName: "$default", AutoDeploy: true }));
    const smaller = { ...doc, paths: { "/only": doc.paths["/items/{id}"] } };
    await client.send(new ReimportApiCommand({ ApiId: imported.ApiId, Body: JSON.stringify(smaller) }));
    expect(((await client.send(new GetRoutesCommand({ ApiId: imported.ApiId }))).Items ?? []).map((r) => r.RouteKey)).toEqual(["GET /only"]);
    expect(Object.values(plane.createdHttp.servedStages(imported.ApiId ?? "")[0].snapshot.routes).map((r) => r.RouteKey)).toEqual(["GET /only"]);
  });

  it("an unreadable definition is refused, nothing stored", async () => {
    const before = (await client.send(new GetApisCommand({}))).Items?.length;
    expect(await failure(client.send(new ImportApiCommand({ Body: "{not json" })))).toEqual({ name: "BadRequestException", message: "Invalid OpenAPI input.", status: 400 });
    expect(await failure(client.send(new ImportApiCommand({ Body: JSON.stringify({ swagger: "2.0", info: { title: "x" }, paths: {} }) })))).toMatchObject({ name: "BadRequestException" });
    expect((await client.send(new GetApisCommand({}))).Items?.length).toBe(before);
  });
});

describe("hostile names", () => {
  it("a stage, stage variable and tag key named __proto__ are members like any other", async () => {
    const apiId = await newApi();
    await lambdaRoute(apiId, "GET /__proto__");
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "__proto__", StageVariables: JSON.parse('{"__proto__":"x","toString":"y"}') as Record<string, string> }));
    const stage = await client.send(new GetStageCommand({ ApiId: apiId, StageName: "__proto__" }));
    expect(stage.StageVariables).toEqual(JSON.parse('{"__proto__":"x","toString":"y"}'));
    expect(await failure(client.send(new GetStageCommand({ ApiId: apiId, StageName: "toString" })))).toMatchObject({ name: "NotFoundException" });
    expect(await failure(client.send(new GetRouteCommand({ ApiId: apiId, RouteId: "__proto__" })))).toMatchObject({ name: "NotFoundException", message: "Invalid Route identifier specified __proto__" });
    const arn = `arn:aws:apigateway:us-east-1::/apis/${apiId}`;
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: JSON.parse('{"__proto__":"p","team":"a"}') }));
    expect((await client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual(JSON.parse('{"__proto__":"p","team":"a"}'));
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["__proto__"] }));
    expect((await client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ team: "a" });
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it("stage tags are the stage's", async () => {
    const apiId = await newApi();
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "$default", Tags: { a: "1" } }));
    const arn = `arn:aws:apigateway:us-east-1::/apis/${apiId}/stages/$default`;
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { b: "2" } }));
    expect((await client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ a: "1", b: "2" });
  });
});

it("dates move with the clock", async () => {
  now += 5000;
  const api = await client.send(new CreateApiCommand({ Name: "later", ProtocolType: "HTTP" }));
  expect(api.CreatedDate).toEqual(new Date(now));
});
