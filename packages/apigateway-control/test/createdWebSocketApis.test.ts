/**
 * WebSocket APIs created through API Gateway v2's control plane, through the AWS SDK v3: the
 * chat tutorial's calls (CreateApi WEBSOCKET, Lambda integrations, $connect / $disconnect / custom
 * routes, a route response, a stage and a deployment), answered with AWS's WebSocket members, and the
 * AWS CLI's apigatewayv2 WebSocket examples (aws/aws-cli awscli/examples/apigatewayv2/*.rst) replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApiGatewayV2Client, CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand, DeleteApiCommand,
  GetApiCommand, GetApisCommand, GetIntegrationsCommand, GetRouteResponsesCommand, GetRoutesCommand, GetStageCommand, UpdateApiCommand,
  CreateIntegrationResponseCommand, GetIntegrationResponseCommand, GetIntegrationResponsesCommand, UpdateIntegrationResponseCommand, DeleteIntegrationResponseCommand,
  CreateModelCommand, GetModelCommand, GetModelsCommand, UpdateModelCommand, DeleteModelCommand,
} from "@aws-sdk/client-apigatewayv2";
import { failure, servePlane } from "./helpers.js";

const FN = "arn:aws:lambda:us-east-1:000000000000:function:chat";
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
let close: () => Promise<void>;
let client: ApiGatewayV2Client;

beforeAll(async () => {
  ({ client, close } = await servePlane({ apis: [], createdDate: new Date(Date.UTC(2026, 10, 27)), createdApiEndpoint: (id, protocol) => `${protocol === "WEBSOCKET" ? "ws" : "http"}://127.0.0.1:4566/_aws/execute-api/${id}` }, ApiGatewayV2Client));
});

afterAll(() => close());

describe("WebSocket APIs created with API Gateway v2", () => {
  it("builds the chat tutorial's API and answers each call with AWS's WebSocket members", async () => {
    const api = await client.send(new CreateApiCommand({ Name: "chat", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(api).toMatchObject({ ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action", ApiKeySelectionExpression: "$request.header.x-api-key", ApiEndpoint: `ws://127.0.0.1:4566/_aws/execute-api/${api.ApiId}` });
    expect(api.CorsConfiguration).toBeUndefined();
    const apiId = api.ApiId ?? "";
    const integration = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: URI }));
    expect(integration).toMatchObject({ IntegrationType: "AWS_PROXY", IntegrationMethod: "POST", PassthroughBehavior: "WHEN_NO_MATCH", PayloadFormatVersion: "1.0", TimeoutInMillis: 29000, ConnectionType: "INTERNET" });
    const target = `integrations/${integration.IntegrationId}`;
    for (const key of ["$connect", "$disconnect", "sendmessage"]) await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key, Target: target }));
    const echo = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "echo", Target: target, RouteResponseSelectionExpression: "$default" }));
    const response = await client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: echo.RouteId, RouteResponseKey: "$default" }));
    expect(response.$metadata.httpStatusCode).toBe(201);
    expect((await client.send(new GetRouteResponsesCommand({ ApiId: apiId, RouteId: echo.RouteId }))).Items).toEqual([{ RouteResponseId: response.RouteResponseId, RouteResponseKey: "$default" }]);
    expect((await client.send(new GetRoutesCommand({ ApiId: apiId }))).Items?.map((r) => r.RouteKey).sort()).toEqual(["$connect", "$disconnect", "echo", "sendmessage"]);
    await client.send(new CreateStageCommand({ ApiId: apiId, StageName: "production" }));
    const deployment = await client.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: "production" }));
    const stage = await client.send(new GetStageCommand({ ApiId: apiId, StageName: "production" }));
    expect(stage).toMatchObject({ DeploymentId: deployment.DeploymentId, DefaultRouteSettings: { DataTraceEnabled: false, DetailedMetricsEnabled: false, LoggingLevel: "OFF" }, StageVariables: {} });
    expect((await client.send(new GetApisCommand({}))).Items?.find((a) => a.ApiId === apiId)?.ProtocolType).toBe("WEBSOCKET");
    expect((await client.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items).toHaveLength(1);
    await client.send(new DeleteApiCommand({ ApiId: apiId }));
    expect((await failure(client.send(new GetApiCommand({ ApiId: apiId })))).name).toBe("NotFoundException");
  });

  it("answers the AWS CLI's WebSocket examples as they show AWS's answers (create-integration.rst MOCK, create-route.rst $default)", async () => {
    const api = await client.send(new CreateApiCommand({ Name: "myWebSocketApi", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
    const { $metadata: _i, ...integration } = await client.send(new CreateIntegrationCommand({
      ApiId: api.ApiId, PassthroughBehavior: "WHEN_NO_MATCH", TimeoutInMillis: 29000, ConnectionType: "INTERNET", IntegrationType: "MOCK",
    }));
    expect(integration).toEqual({
      ConnectionType: "INTERNET", IntegrationId: expect.stringMatching(/^[a-z0-9]{7}$/), IntegrationResponseSelectionExpression: "${integration.response.statuscode}",
      IntegrationType: "MOCK", PassthroughBehavior: "WHEN_NO_MATCH", PayloadFormatVersion: "1.0", TimeoutInMillis: 29000,
    });
    const { $metadata: _r, ...route } = await client.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "$default" }));
    expect(route).toEqual({ ApiKeyRequired: false, AuthorizationType: "NONE", RouteKey: "$default", RouteId: expect.stringMatching(/^[a-z0-9]{7}$/) });
  });

  it("answers AWS's BadRequestException for a route key starting with another $ and for a deployment without routes", async () => {
    const api = await client.send(new CreateApiCommand({ Name: "ws", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
    expect(await failure(client.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "$getauthorized" })))).toEqual({ name: "BadRequestException", message: "The provided route key is not formatted properly", status: 400 });
    expect(await failure(client.send(new CreateDeploymentCommand({ ApiId: api.ApiId })))).toEqual({ name: "BadRequestException", message: "At least one route is required before deploying the Api", status: 400 });
    expect(await failure(client.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: "$connect", AuthorizationType: "JWT" })))).toMatchObject({ name: "BadRequestException", status: 400 });
    expect(await failure(client.send(new UpdateApiCommand({ ApiId: api.ApiId, CorsConfiguration: { AllowOrigins: ["*"] } })))).toMatchObject({ name: "BadRequestException", status: 400 });
    expect(await failure(client.send(new CreateApiCommand({ Name: "x", ProtocolType: "WEBSOCKET" })))).toMatchObject({ name: "BadRequestException", message: "RouteSelectionExpression is required for WebSocket APIs" });
  });

  it("keeps an integration's responses and the API's models (Terraform's aws_apigatewayv2_integration_response, aws_apigatewayv2_model)", async () => {
    const api = await client.send(new CreateApiCommand({ Name: "two-way", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
    const apiId = api.ApiId ?? "";
    const integration = await client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS", IntegrationMethod: "POST", IntegrationUri: URI }));
    const integrationId = integration.IntegrationId ?? "";
    const { $metadata, ...created } = await client.send(new CreateIntegrationResponseCommand({
      ApiId: apiId, IntegrationId: integrationId, IntegrationResponseKey: "/200/", TemplateSelectionExpression: "\\$default", ResponseTemplates: { $default: "$input.body" },
    }));
    expect($metadata.httpStatusCode).toBe(201);
    expect(created).toEqual({ IntegrationResponseId: expect.stringMatching(/^[a-z0-9]{6}$/), IntegrationResponseKey: "/200/", TemplateSelectionExpression: "\\$default", ResponseTemplates: { $default: "$input.body" } });
    const id = created.IntegrationResponseId ?? "";
    const updated = await client.send(new UpdateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integrationId, IntegrationResponseId: id, ResponseTemplates: { $default: "{\"wrapped\": $input.body}" } }));
    expect(updated.ResponseTemplates).toEqual({ $default: "{\"wrapped\": $input.body}" });
    expect((await client.send(new GetIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integrationId, IntegrationResponseId: id }))).IntegrationResponseKey).toBe("/200/");
    expect((await client.send(new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: integrationId }))).Items).toHaveLength(1);
    await client.send(new DeleteIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integrationId, IntegrationResponseId: id }));
    expect(await failure(client.send(new GetIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integrationId, IntegrationResponseId: id })))).toEqual({
      name: "NotFoundException", message: `Invalid IntegrationResponse identifier specified ${id}`, status: 404,
    });

    const model = await client.send(new CreateModelCommand({ ApiId: apiId, Name: "Msg", ContentType: "application/json", Schema: '{"type":"object"}' }));
    expect(model).toMatchObject({ ModelId: expect.stringMatching(/^[a-z0-9]{6}$/), Name: "Msg", ContentType: "application/json", Schema: '{"type":"object"}' });
    const modelId = model.ModelId ?? "";
    expect((await client.send(new UpdateModelCommand({ ApiId: apiId, ModelId: modelId, Description: "a message" }))).Description).toBe("a message");
    expect((await client.send(new GetModelCommand({ ApiId: apiId, ModelId: modelId }))).Description).toBe("a message");
    expect((await client.send(new GetModelsCommand({ ApiId: apiId }))).Items?.map((m) => m.Name)).toEqual(["Msg"]);
    await client.send(new DeleteModelCommand({ ApiId: apiId, ModelId: modelId }));
    expect(await failure(client.send(new GetModelCommand({ ApiId: apiId, ModelId: modelId })))).toEqual({ name: "NotFoundException", message: `Invalid Model identifier specified ${modelId}`, status: 404 });

    const http = await client.send(new CreateApiCommand({ Name: "http", ProtocolType: "HTTP" }));
    const httpIntegration = await client.send(new CreateIntegrationCommand({ ApiId: http.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: FN, PayloadFormatVersion: "2.0" }));
    expect(await failure(client.send(new CreateIntegrationResponseCommand({ ApiId: http.ApiId, IntegrationId: httpIntegration.IntegrationId, IntegrationResponseKey: "$default" })))).toMatchObject({
      name: "BadRequestException", status: 400,
    });
  });
});
