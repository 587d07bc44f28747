/**
 * HTTP and WebSocket APIs created through API Gateway v2's control plane: CreateApi (quick create
 * too), routes (a WebSocket API's with their route responses), integrations, authorizers (JWT,
 * REQUEST Lambda), stages and deployments, tags, journaled in
 * core's Store. As on AWS a deployment is a snapshot of the routes, integrations, authorizers and
 * CORS; a stage with autoDeploy gets a new one after every change of them, another serves the
 * deployment it names until the next CreateDeployment. A change is made on a copy of the API that
 * replaces it once whole, committed before it is acknowledged, and announced to
 * `onStagesChanged` listeners when what a stage serves may have changed.
 */
import type { DurableState, Store } from "@sam-sandbox/core";
import {
  apiNotFound, authorizerNotFoundV2, badRequest, ConflictException, deploymentNotFoundV2, integrationNotFoundV2, INVALID_PATH_PARTS, NO_ROUTES, notEmulatedV2,
  routeNotFoundV2, routeResponseNotFoundV2, stageNotFound,
} from "../../errors.js";
import { DEFAULT_HTTP_TIMEOUT_MS } from "../../limits.js";
import { randomId } from "../ids.js";
import { ownMember } from "../created/state.js";
import { exportHttpApi, importHttpApi, INVALID_OPENAPI_V2, type HttpApiDefinition } from "./openapi.js";
import {
  checkWebSocketApiInput, checkWebSocketAuthorizationType, checkWebSocketRouteKey, NO_WEBSOCKET_ROUTES, WEBSOCKET_DEFAULT_ROUTE_SETTINGS, webSocketAuthorizerFrom,
  webSocketIntegrationFrom,
} from "./webSocketApis.js";
import * as responses from "./webSocketResponses.js";
import {
  httpApisCodec, type HttpApiSnapshot, type HttpApisRecord, type HttpApisState, type StoredAuthorizer, type StoredCors, type StoredHttpApi, type StoredIntegration,
  type StoredRoute, type StoredRouteResponse, type StoredStage,
} from "./state.js";

const API_ID_LENGTH = 10;
/** Route and integration ids have 7 characters, authorizers and deployments 6 (as AWS's). */
const ROUTE_ID_LENGTH = 7;
const SHORT_ID_LENGTH = 6;
const DEFAULT_STAGE = "$default";
/** The description AWS gives the deployments it makes for autoDeploy stages (as AWS answers GetDeployments; Terraform imports show it). */
const AUTO_DEPLOY_DESCRIPTION = "Automatic deployment triggered by changes to the Api configuration";
const deployedMessage = (id: string) => `Successfully deployed stage with deployment ID '${id}'`;
const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"]);
const AUTHORIZATION_TYPES = new Set(["NONE", "AWS_IAM", "JWT", "CUSTOM"]);

export interface HttpApisContext {
  region: string;
  accountId: string;
  now: () => number;
  /** Ids already taken (the template's APIs, the REST APIs created through v1). */
  reserved?: (id: string) => boolean;
  /** Reads a definition that is not JSON (YAML) for ImportApi and ReimportApi; JSON only without it. */
  parseDefinition?: (text: string) => unknown;
  /** ApiEndpoint where the sandbox serves the API; AWS's form when absent (as the template's APIs show theirs). */
  endpoint?: (apiId: string, protocolType: "HTTP" | "WEBSOCKET") => string | undefined;
}

/** One served stage of a created HTTP API: its deployment's snapshot with the stage's settings. */
export interface ServedHttpStage {
  apiId: string;
  protocolType: "HTTP" | "WEBSOCKET";
  stageName: string;
  deploymentId: string;
  variables?: Record<string, string>;
  defaultRouteSettings: StoredStage["DefaultRouteSettings"];
  routeSettings: StoredStage["RouteSettings"];
  snapshot: HttpApiSnapshot;
}

type Input = Record<string, unknown>;
type ApiInput = { ApiId: string };

export class CreatedHttpApis {
  private readonly listeners = new Set<(apiId: string) => void>();

  private constructor(
    private readonly durable: DurableState<HttpApisState, HttpApisRecord>,
    private readonly ctx: HttpApisContext,
  ) {}

  static async open(store: Store, ctx: HttpApisContext): Promise<CreatedHttpApis> {
    return new CreatedHttpApis(await store.open("apigatewayv2", httpApisCodec), ctx);
  }

  onStagesChanged(listener: (apiId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  has(id: string): boolean {
    return this.durable.state.apis.has(id);
  }

  ids(): string[] {
    return [...this.durable.state.apis.keys()];
  }

  // Apis

  apis() {
    return [...this.durable.state.apis.values()].map((api) => this.apiView(api));
  }

  async createApi(input: Input & { Name: string; ProtocolType: string; Target?: string; RouteKey?: string; CredentialsArn?: string }) {
    const websocket = input.ProtocolType === "WEBSOCKET";
    if (websocket) checkWebSocketApiInput(input);
    const now = wholeSeconds(this.ctx.now());
    const api: StoredHttpApi = {
      ApiId: this.newApiId(),
      Name: input.Name,
      ProtocolType: websocket ? "WEBSOCKET" : "HTTP",
      ...pick(input, ["Description", "Version", "DisableSchemaValidation"]),
      ApiKeySelectionExpression: str(input.ApiKeySelectionExpression) ?? "$request.header.x-api-key",
      RouteSelectionExpression: str(input.RouteSelectionExpression) ?? "$request.method $request.path",
      ...(input.CorsConfiguration !== undefined ? { CorsConfiguration: input.CorsConfiguration as StoredCors } : {}),
      DisableExecuteApiEndpoint: input.DisableExecuteApiEndpoint === true,
      IpAddressType: str(input.IpAddressType) ?? "ipv4",
      CreatedDate: now,
      Tags: (input.Tags as Record<string, string> | undefined) ?? {},
      routes: {},
      integrations: {},
      authorizers: {},
      stages: {},
      deployments: {},
    };
    if (input.Target !== undefined) {
      quickCreate(api, input.Target, str(input.RouteKey) ?? DEFAULT_STAGE, input.CredentialsArn, now, this.newChildId.bind(this));
      this.autoDeploy(api, Object.values(api.stages));
    }
    // AWS's text for RouteKey without Target was not found; the closest documented rule ("RouteKey … Supported only for HTTP APIs" with Target: quick create) is named.
    else if (input.RouteKey !== undefined) throw badRequest("RouteKey is supported only with Target (quick create).");
    this.durable.state.apis.set(api.ApiId, api);
    await this.durable.commit({ op: "put", api: structuredClone(api) });
    this.announce(api.ApiId);
    return this.apiView(api);
  }

  getApi(input: ApiInput) {
    return this.apiView(this.api(input.ApiId));
  }

  async updateApi(input: ApiInput & Input) {
    const websocket = this.api(input.ApiId).ProtocolType === "WEBSOCKET";
    if (websocket) checkWebSocketApiInput(input);
    if (input.Target !== undefined || input.RouteKey !== undefined || input.CredentialsArn !== undefined) throw notEmulatedV2("UpdateApi's Target, RouteKey and CredentialsArn (quick create)");
    return this.change(input.ApiId, (api) => {
      Object.assign(api, pick(input, ["Name", "Description", "Version", "ApiKeySelectionExpression", "RouteSelectionExpression", "DisableExecuteApiEndpoint", "DisableSchemaValidation", "IpAddressType"]));
      if (input.CorsConfiguration !== undefined) api.CorsConfiguration = input.CorsConfiguration as StoredCors;
      return this.apiView(api);
      // A WebSocket API's deployments freeze its route selection expression (autoDeploy stages take a new one).
    }, input.CorsConfiguration !== undefined || (websocket && input.RouteSelectionExpression !== undefined));
  }

  async deleteApi(input: ApiInput) {
    this.api(input.ApiId);
    this.durable.state.apis.delete(input.ApiId);
    await this.durable.commit({ op: "delete", id: input.ApiId });
    this.announce(input.ApiId);
  }

  async deleteCorsConfiguration(input: ApiInput) {
    await this.change(input.ApiId, (api) => {
      delete api.CorsConfiguration;
    }, true);
  }

  // Routes

  createRoute(input: ApiInput & Input & { RouteKey: string }) {
    return this.change(input.ApiId, (api) => {
      routeKeyCheck(api)(input.RouteKey);
      // No AWS text found for a taken route key; ConflictException as the model lists for CreateRoute.
      if (Object.values(api.routes).some((r) => r.RouteKey === input.RouteKey)) throw new ConflictException(`Route with key ${input.RouteKey} already exists for this API`);
      const route: StoredRoute = {
        RouteId: this.newChildId(api, ROUTE_ID_LENGTH),
        RouteKey: input.RouteKey,
        ApiKeyRequired: input.ApiKeyRequired === true,
        AuthorizationType: str(input.AuthorizationType) ?? "NONE",
        ...pick(input, ["Target", "AuthorizerId", "AuthorizationScopes", "OperationName", "RequestModels", "RequestParameters", "ModelSelectionExpression", "RouteResponseSelectionExpression"]),
      };
      checkRoute(api, route);
      api.routes[route.RouteId] = route;
      return route;
    }, true);
  }

  getRoute(input: ApiInput & { RouteId: string }) {
    return routeOf(this.api(input.ApiId), input.RouteId);
  }

  getRoutes(input: ApiInput) {
    return Object.values(this.api(input.ApiId).routes);
  }

  updateRoute(input: ApiInput & Input & { RouteId: string }) {
    routeOf(this.api(input.ApiId), input.RouteId);
    return this.change(input.ApiId, (api) => {
      const route = routeOf(api, input.RouteId);
      if (input.RouteKey !== undefined) {
        routeKeyCheck(api)(String(input.RouteKey));
        if (Object.values(api.routes).some((r) => r.RouteKey === input.RouteKey && r.RouteId !== route.RouteId)) throw new ConflictException(`Route with key ${String(input.RouteKey)} already exists for this API`);
      }
      Object.assign(route, pick(input, ["RouteKey", "Target", "ApiKeyRequired", "AuthorizationType", "AuthorizerId", "AuthorizationScopes", "OperationName", "RequestModels", "RequestParameters", "ModelSelectionExpression", "RouteResponseSelectionExpression"]));
      // A route whose authorization is NONE or AWS_IAM keeps no authorizer.
      if (route.AuthorizationType === "NONE" || route.AuthorizationType === "AWS_IAM") delete route.AuthorizerId;
      checkRoute(api, route);
      return route;
    }, true);
  }

  async deleteRoute(input: ApiInput & { RouteId: string }) {
    routeOf(this.api(input.ApiId), input.RouteId);
    await this.change(input.ApiId, (api) => {
      delete api.routes[input.RouteId];
    }, true);
  }

  // Route responses (WebSocket APIs): a route with one is two-way, its integration's answer goes back to the client.

  async createRouteResponse(input: ApiInput & Input & { RouteId: string; RouteResponseKey: string }) {
    routeOf(webSocketOnly(this.api(input.ApiId)), input.RouteId);
    return this.change(input.ApiId, (api) => {
      const route = routeOf(api, input.RouteId);
      const taken = new Set(Object.values(api.routes).flatMap((r) => Object.keys(r.responses ?? {})));
      // Ids of 6 characters, as AWS's route responses' (no recorded one was found; authorizers and deployments have 6).
      const response: StoredRouteResponse = {
        RouteResponseId: uniqueId(taken, SHORT_ID_LENGTH),
        RouteResponseKey: input.RouteResponseKey,
        ...pick(input, ["ModelSelectionExpression", "ResponseModels", "ResponseParameters"]),
      };
      route.responses = { ...route.responses, [response.RouteResponseId]: response };
      return response;
    }, true);
  }

  getRouteResponse(input: ApiInput & { RouteId: string; RouteResponseId: string }) {
    return routeResponseOf(routeOf(this.api(input.ApiId), input.RouteId), input.RouteResponseId);
  }

  getRouteResponses(input: ApiInput & { RouteId: string }) {
    return Object.values(routeOf(this.api(input.ApiId), input.RouteId).responses ?? {});
  }

  async updateRouteResponse(input: ApiInput & Input & { RouteId: string; RouteResponseId: string }) {
    routeResponseOf(routeOf(this.api(input.ApiId), input.RouteId), input.RouteResponseId);
    return this.change(input.ApiId, (api) => {
      const response = routeResponseOf(routeOf(api, input.RouteId), input.RouteResponseId);
      Object.assign(response, pick(input, ["RouteResponseKey", "ModelSelectionExpression", "ResponseModels", "ResponseParameters"]));
      return response;
    }, true);
  }

  async deleteRouteResponse(input: ApiInput & { RouteId: string; RouteResponseId: string }) {
    routeResponseOf(routeOf(this.api(input.ApiId), input.RouteId), input.RouteResponseId);
    await this.change(input.ApiId, (api) => {
      const route = routeOf(api, input.RouteId);
      const { [input.RouteResponseId]: _removed, ...rest } = route.responses ?? {};
      route.responses = rest;
    }, true);
  }

  // Integrations

  createIntegration(input: ApiInput & Input & { IntegrationType: string }) {
    return this.change(input.ApiId, (api) => {
      const integration = integrationOfProtocol(api, { IntegrationId: this.newChildId(api, ROUTE_ID_LENGTH), ...input });
      api.integrations[integration.IntegrationId] = integration;
      return integration;
    }, true);
  }

  getIntegration(input: ApiInput & { IntegrationId: string }) {
    return integrationOf(this.api(input.ApiId), input.IntegrationId);
  }

  getIntegrations(input: ApiInput) {
    return Object.values(this.api(input.ApiId).integrations);
  }

  updateIntegration(input: ApiInput & Input & { IntegrationId: string }) {
    integrationOf(this.api(input.ApiId), input.IntegrationId);
    return this.change(input.ApiId, (api) => {
      const before = integrationOf(api, input.IntegrationId);
      const { ApiId: _api, ...changes } = input;
      const integration = integrationOfProtocol(api, { ...before, ...changes, IntegrationId: before.IntegrationId });
      if (before.ApiGatewayManaged) integration.ApiGatewayManaged = true;
      api.integrations[integration.IntegrationId] = integration;
      return integration;
    }, true);
  }

  async deleteIntegration(input: ApiInput & { IntegrationId: string }) {
    integrationOf(this.api(input.ApiId), input.IntegrationId);
    await this.change(input.ApiId, (api) => {
      delete api.integrations[input.IntegrationId];
    }, true);
  }

  // A WebSocket integration's responses and a WebSocket API's models (webSocketResponses.ts)

  createIntegrationResponse(input: ApiInput & Input & { IntegrationId: string; IntegrationResponseKey: string }) {
    responses.integrationResponsesOf(this.api(input.ApiId), input.IntegrationId);
    return this.change(input.ApiId, (api) => responses.createIntegrationResponse(api, input), true);
  }

  getIntegrationResponse(input: ApiInput & { IntegrationId: string; IntegrationResponseId: string }) {
    return responses.integrationResponseOf(this.api(input.ApiId), input.IntegrationId, input.IntegrationResponseId);
  }

  getIntegrationResponses(input: ApiInput & { IntegrationId: string }) {
    return Object.values(responses.integrationResponsesOf(this.api(input.ApiId), input.IntegrationId));
  }

  updateIntegrationResponse(input: ApiInput & Input & { IntegrationId: string; IntegrationResponseId: string }) {
    responses.integrationResponseOf(this.api(input.ApiId), input.IntegrationId, input.IntegrationResponseId);
    return this.change(input.ApiId, (api) => responses.updateIntegrationResponse(api, input), true);
  }

  async deleteIntegrationResponse(input: ApiInput & { IntegrationId: string; IntegrationResponseId: string }) {
    responses.integrationResponseOf(this.api(input.ApiId), input.IntegrationId, input.IntegrationResponseId);
    await this.change(input.ApiId, (api) => responses.deleteIntegrationResponse(api, input), true);
  }

  createModel(input: ApiInput & Input & { Name: string }) {
    this.api(input.ApiId);
    return this.change(input.ApiId, (api) => responses.createModel(api, input), false);
  }

  getModel(input: ApiInput & { ModelId: string }) {
    return responses.modelOf(this.api(input.ApiId), input.ModelId);
  }

  getModels(input: ApiInput) {
    return Object.values(this.api(input.ApiId).models ?? {});
  }

  updateModel(input: ApiInput & Input & { ModelId: string }) {
    responses.modelOf(this.api(input.ApiId), input.ModelId);
    return this.change(input.ApiId, (api) => responses.updateModel(api, input), false);
  }

  async deleteModel(input: ApiInput & { ModelId: string }) {
    responses.modelOf(this.api(input.ApiId), input.ModelId);
    await this.change(input.ApiId, (api) => responses.deleteModel(api, input), false);
  }

  // Authorizers

  createAuthorizer(input: ApiInput & Input & { Name: string; AuthorizerType: string; IdentitySource: string[] }) {
    return this.change(input.ApiId, (api) => {
      const { ApiId: _api, ...fields } = input;
      const authorizer = authorizerOfProtocol(api, { ...fields, AuthorizerId: this.newChildId(api, SHORT_ID_LENGTH) });
      api.authorizers[authorizer.AuthorizerId] = authorizer;
      return authorizer;
    }, true);
  }

  getAuthorizer(input: ApiInput & { AuthorizerId: string }) {
    return authorizerOf(this.api(input.ApiId), input.AuthorizerId);
  }

  getAuthorizers(input: ApiInput) {
    return Object.values(this.api(input.ApiId).authorizers);
  }

  updateAuthorizer(input: ApiInput & Input & { AuthorizerId: string }) {
    authorizerOf(this.api(input.ApiId), input.AuthorizerId);
    return this.change(input.ApiId, (api) => {
      const { ApiId: _api, ...changes } = input;
      const authorizer = authorizerOfProtocol(api, { ...authorizerOf(api, input.AuthorizerId), ...changes });
      api.authorizers[authorizer.AuthorizerId] = authorizer;
      return authorizer;
    }, true);
  }

  async deleteAuthorizer(input: ApiInput & { AuthorizerId: string }) {
    authorizerOf(this.api(input.ApiId), input.AuthorizerId);
    await this.change(input.ApiId, (api) => {
      delete api.authorizers[input.AuthorizerId];
      // Routes that used it are left without an authorizer, as they cannot use a deleted one.
      for (const route of Object.values(api.routes)) {
        if (route.AuthorizerId === input.AuthorizerId) {
          delete route.AuthorizerId;
          route.AuthorizationType = "NONE";
        }
      }
    }, true);
  }

  // Stages

  createStage(input: ApiInput & Input & { StageName: string }) {
    return this.change(input.ApiId, (api) => {
      // "Stage names can only contain alphanumeric characters, hyphens, and underscores, or be $default" (HTTP API developer guide, Working with stages).
      // No v2 text was found: v1's AWS text ("Stage name only allows a-zA-Z0-9_") with the hyphen v2 allows.
      if (input.StageName !== DEFAULT_STAGE && !/^[A-Za-z0-9_-]{1,128}$/.test(input.StageName)) throw badRequest("Stage name only allows a-zA-Z0-9_- or $default");
      // moto's text for a taken stage name (AWS's CreateStage answers a ConflictException).
      if (ownMember(api.stages, input.StageName)) throw new ConflictException("Stage already exists");
      if (input.DeploymentId !== undefined) deploymentOf(api, String(input.DeploymentId));
      checkRouteSettings(api, input.RouteSettings);
      const now = wholeSeconds(this.ctx.now());
      const stage: StoredStage = {
        StageName: input.StageName,
        // Shown only when given, as AWS's CreateStage answer (the AWS CLI's create-stage example) shows it.
        ...(typeof input.AutoDeploy === "boolean" ? { AutoDeploy: input.AutoDeploy } : {}),
        ...pick(input, ["DeploymentId", "Description", "StageVariables", "AccessLogSettings", "ClientCertificateId"]),
        DefaultRouteSettings: { ...(api.ProtocolType === "WEBSOCKET" ? WEBSOCKET_DEFAULT_ROUTE_SETTINGS : { DetailedMetricsEnabled: false }), ...(input.DefaultRouteSettings as object | undefined) },
        RouteSettings: (input.RouteSettings as StoredStage["RouteSettings"] | undefined) ?? {},
        Tags: (input.Tags as Record<string, string> | undefined) ?? {},
        CreatedDate: now,
        LastUpdatedDate: now,
      };
      // Computed members: a stage named "__proto__" is a stage like any other.
      api.stages = { ...api.stages, [stage.StageName]: stage };
      if (stage.AutoDeploy === true) this.autoDeploy(api, [stage]);
      return this.stageView(stage);
    }, false, true);
  }

  getStage(input: ApiInput & { StageName: string }) {
    return this.stageView(stageOf(this.api(input.ApiId), input.StageName));
  }

  getStages(input: ApiInput) {
    return Object.values(this.api(input.ApiId).stages).map((s) => this.stageView(s));
  }

  updateStage(input: ApiInput & Input & { StageName: string }) {
    stageOf(this.api(input.ApiId), input.StageName);
    return this.change(input.ApiId, (api) => {
      const stage = stageOf(api, input.StageName);
      if (input.DeploymentId !== undefined) deploymentOf(api, String(input.DeploymentId));
      checkRouteSettings(api, input.RouteSettings);
      const wasAuto = stage.AutoDeploy === true;
      // AWS's refusal, as a live run recorded it (go-to-k/cdk-real-drift issue #667; its account was redacted there, the API id shown).
      if (input.DeploymentId !== undefined && (input.AutoDeploy ?? stage.AutoDeploy) === true) {
        throw badRequest(`Deployment ID cannot be set on this stage ${this.ctx.accountId}:${api.ApiId} because AutoDeploy is enabled.`);
      }
      Object.assign(stage, pick(input, ["AutoDeploy", "DeploymentId", "Description", "StageVariables", "AccessLogSettings", "ClientCertificateId", "RouteSettings"]));
      if (input.DefaultRouteSettings !== undefined) stage.DefaultRouteSettings = { ...stage.DefaultRouteSettings, ...(input.DefaultRouteSettings as object) };
      stage.LastUpdatedDate = wholeSeconds(this.ctx.now());
      if (stage.AutoDeploy === true && !wasAuto) this.autoDeploy(api, [stage]);
      return this.stageView(stage);
    }, false, true);
  }

  async deleteStage(input: ApiInput & { StageName: string }) {
    stageOf(this.api(input.ApiId), input.StageName);
    await this.change(input.ApiId, (api) => {
      const { [input.StageName]: _removed, ...rest } = api.stages;
      api.stages = rest;
    }, false, true);
  }

  /** DeleteRouteSettings: the stage's settings of one route key (no AWS text for a key without settings was found: nothing to delete answers as a delete). */
  async deleteRouteSettings(input: ApiInput & { StageName: string; RouteKey: string }) {
    stageOf(this.api(input.ApiId), input.StageName);
    await this.change(input.ApiId, (api) => {
      const stage = stageOf(api, input.StageName);
      const { [input.RouteKey]: _removed, ...rest } = stage.RouteSettings;
      stage.RouteSettings = rest;
      stage.LastUpdatedDate = wholeSeconds(this.ctx.now());
    }, false, true);
  }

  async deleteAccessLogSettings(input: ApiInput & { StageName: string }) {
    stageOf(this.api(input.ApiId), input.StageName);
    await this.change(input.ApiId, (api) => {
      delete stageOf(api, input.StageName).AccessLogSettings;
    }, false);
  }

  /** ResetAuthorizersCache: the stage's gateway is rebuilt on its next request, its authorizers' cached answers with it. */
  resetAuthorizersCache(input: ApiInput & { StageName: string }) {
    stageOf(this.api(input.ApiId), input.StageName);
    this.announce(input.ApiId);
  }

  async deleteRouteRequestParameter(input: ApiInput & { RouteId: string; RequestParameterKey: string }) {
    routeOf(this.api(input.ApiId), input.RouteId);
    await this.change(input.ApiId, (api) => {
      const route = routeOf(api, input.RouteId);
      const { [input.RequestParameterKey]: _removed, ...rest } = route.RequestParameters ?? {};
      route.RequestParameters = rest;
    }, true);
  }

  // Deployments

  createDeployment(input: ApiInput & { Description?: string; StageName?: string }) {
    return this.change(input.ApiId, (api) => {
      const stage = input.StageName === undefined ? undefined : stageOf(api, input.StageName);
      if (Object.keys(api.routes).length === 0) throw badRequest(noRoutes(api));
      const deployment = this.deploy(api, false, input.Description);
      // LastDeploymentStatusMessage is "supported only for stages with autoDeploy enabled" (the Stage shape's documentation).
      if (stage) {
        stage.DeploymentId = deployment.DeploymentId;
        stage.LastUpdatedDate = deployment.CreatedDate;
      }
      return deploymentView(deployment);
    }, false, true);
  }

  getDeployment(input: ApiInput & { DeploymentId: string }) {
    return deploymentView(deploymentOf(this.api(input.ApiId), input.DeploymentId));
  }

  getDeployments(input: ApiInput) {
    return Object.values(this.api(input.ApiId).deployments).map(deploymentView);
  }

  updateDeployment(input: ApiInput & { DeploymentId: string; Description?: string }) {
    deploymentOf(this.api(input.ApiId), input.DeploymentId);
    return this.change(input.ApiId, (api) => {
      const deployment = deploymentOf(api, input.DeploymentId);
      if (input.Description !== undefined) deployment.Description = input.Description;
      return deploymentView(deployment);
    }, false);
  }

  async deleteDeployment(input: ApiInput & { DeploymentId: string }) {
    deploymentOf(this.api(input.ApiId), input.DeploymentId);
    await this.change(input.ApiId, (api) => {
      const { [input.DeploymentId]: _removed, ...rest } = api.deployments;
      api.deployments = rest;
      // A stage whose deployment is deleted serves nothing until it is given another.
      for (const stage of Object.values(api.stages)) if (stage.DeploymentId === input.DeploymentId) delete stage.DeploymentId;
    }, false, true);
  }

  // OpenAPI (ExportApi, ImportApi, ReimportApi)

  /** The stage's deployment, or (no stage) the API's latest configuration, as an OpenAPI 3.0 document. */
  exportApi(input: ApiInput & { Specification: string; OutputType: string; StageName?: string; IncludeExtensions?: boolean }) {
    const api = httpOnly(this.api(input.ApiId), "ExportApi");
    // AWS's texts for a specification or output type it does not take were not found; the model documents OAS30 and JSON / YAML as the only values.
    if (input.Specification !== "OAS30") throw badRequest(`Invalid specification ${input.Specification}: OAS30 is the only supported value`);
    if (input.OutputType !== "JSON" && input.OutputType !== "YAML") throw badRequest(`Invalid output type ${input.OutputType}: valid values are JSON and YAML`);
    let source: Omit<HttpApiDefinition, "version"> = { name: api.Name, ...(api.Description !== undefined ? { description: api.Description } : {}), ...(api.CorsConfiguration ? { cors: api.CorsConfiguration } : {}), routes: api.routes, integrations: api.integrations, authorizers: api.authorizers };
    let date = api.CreatedDate;
    if (input.StageName !== undefined) {
      const stage = stageOf(api, input.StageName);
      const deployment = ownMember(api.deployments, stage.DeploymentId);
      if (!deployment) throw stageNotFound();
      const { Name, CorsConfiguration, ...snapshot } = deployment.snapshot;
      source = { ...source, name: Name, ...(CorsConfiguration ? { cors: CorsConfiguration } : { cors: undefined }), ...snapshot };
      date = deployment.CreatedDate;
    }
    return exportHttpApi(source, {
      apiId: api.ApiId, region: this.ctx.region, ...(input.StageName !== undefined ? { stageName: input.StageName } : {}),
      version: api.Version ?? new Date(date).toISOString(), includeExtensions: input.IncludeExtensions !== false,
    });
  }

  /** ImportApi: a new HTTP API from an OpenAPI 3 definition (JSON, or YAML when the sandbox reads it). */
  async importApi(input: { Body: string }) {
    const ids = new Set<string>();
    const definition = importHttpApi(this.parse(input.Body), (length) => uniqueId(ids, length));
    for (const route of Object.values(definition.routes)) checkRouteKey(route.RouteKey);
    const now = wholeSeconds(this.ctx.now());
    const api: StoredHttpApi = {
      ApiId: this.newApiId(), Name: definition.name, ProtocolType: "HTTP",
      ...(definition.version !== undefined ? { Version: definition.version } : {}),
      ...(definition.description !== undefined ? { Description: definition.description } : {}),
      ApiKeySelectionExpression: "$request.header.x-api-key", RouteSelectionExpression: "$request.method $request.path",
      ...(definition.cors ? { CorsConfiguration: definition.cors } : {}),
      DisableExecuteApiEndpoint: false, IpAddressType: "ipv4", CreatedDate: now, Tags: {},
      routes: definition.routes, integrations: definition.integrations, authorizers: definition.authorizers, stages: {}, deployments: {},
    };
    this.durable.state.apis.set(api.ApiId, api);
    await this.durable.commit({ op: "put", api: structuredClone(api) });
    return this.apiView(api);
  }

  /** ReimportApi: the definition's routes, integrations, authorizers and CORS replace the API's (its stages stay; autoDeploy ones are redeployed). */
  reimportApi(input: ApiInput & { Body: string }) {
    httpOnly(this.api(input.ApiId), "ReimportApi");
    const ids = new Set<string>();
    const definition = importHttpApi(this.parse(input.Body), (length) => uniqueId(ids, length));
    for (const route of Object.values(definition.routes)) checkRouteKey(route.RouteKey);
    return this.change(input.ApiId, (api) => {
      api.Name = definition.name;
      if (definition.version !== undefined) api.Version = definition.version;
      if (definition.description !== undefined) api.Description = definition.description;
      if (definition.cors) api.CorsConfiguration = definition.cors;
      else delete api.CorsConfiguration;
      api.routes = definition.routes;
      api.integrations = definition.integrations;
      api.authorizers = definition.authorizers;
      return this.apiView(api);
    }, true);
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      if (!this.ctx.parseDefinition) throw badRequest(INVALID_OPENAPI_V2);
      try {
        return this.ctx.parseDefinition(text);
      } catch {
        throw badRequest(INVALID_OPENAPI_V2);
      }
    }
  }

  // Tags (arn:aws:apigateway:<region>::/apis/<id>[/stages/<name>])

  /** Whether the ARN names a created HTTP API or one of its stages. */
  ownsArn(arn: string): boolean {
    const target = V2_ARN.exec(arn);
    return target !== null && this.has(target[1]);
  }

  async tagResource(input: { ResourceArn: string; Tags?: Record<string, string> }) {
    await this.retag(input.ResourceArn, (tags) => ({ ...tags, ...input.Tags }));
  }

  async untagResource(input: { ResourceArn: string; TagKeys?: string[] }) {
    const keys = new Set(input.TagKeys ?? []);
    await this.retag(input.ResourceArn, (tags) => Object.fromEntries(Object.entries(tags).filter(([k]) => !keys.has(k))));
  }

  getTags(input: { ResourceArn: string }) {
    const [apiId, stageName] = this.arnTarget(input.ResourceArn);
    const api = this.api(apiId);
    return { Tags: stageName === undefined ? api.Tags : stageOf(api, stageName).Tags };
  }

  private async retag(arn: string, edit: (tags: Record<string, string>) => Record<string, string>): Promise<void> {
    const [apiId, stageName] = this.arnTarget(arn);
    await this.change(apiId, (api) => {
      if (stageName === undefined) api.Tags = edit(api.Tags);
      else stageOf(api, stageName).Tags = edit(stageOf(api, stageName).Tags);
    }, false);
  }

  private arnTarget(arn: string): [string, string | undefined] {
    const target = V2_ARN.exec(arn);
    if (!target) throw apiNotFound(this.ctx.accountId, arn);
    return [target[1], target[2] === undefined ? undefined : safeDecode(target[2])];
  }

  // Serving

  /** The API's stages that have a deployment, with what each serves (none once the API is deleted). */
  servedStages(apiId: string): ServedHttpStage[] {
    const api = this.durable.state.apis.get(apiId);
    if (!api) return [];
    return Object.values(api.stages).flatMap((stage) => {
      const deployment = ownMember(api.deployments, stage.DeploymentId);
      if (!deployment) return [];
      return [{
        apiId,
        protocolType: api.ProtocolType,
        stageName: stage.StageName,
        deploymentId: deployment.DeploymentId,
        ...(stage.StageVariables ? { variables: stage.StageVariables } : {}),
        defaultRouteSettings: stage.DefaultRouteSettings,
        routeSettings: stage.RouteSettings,
        snapshot: deployment.snapshot,
      }];
    });
  }

  // Internals

  private apiView(api: StoredHttpApi) {
    const { routes: _r, integrations: _i, authorizers: _a, stages: _s, deployments: _d, CreatedDate, ...own } = api;
    const endpoint = this.ctx.endpoint?.(api.ApiId, api.ProtocolType) ?? `${api.ProtocolType === "WEBSOCKET" ? "wss" : "https"}://${api.ApiId}.execute-api.${this.ctx.region}.amazonaws.com`;
    return { ...own, ApiEndpoint: endpoint, CreatedDate: new Date(CreatedDate) };
  }

  private stageView(stage: StoredStage) {
    return { ...stage, StageVariables: stage.StageVariables ?? {}, CreatedDate: new Date(stage.CreatedDate), LastUpdatedDate: new Date(stage.LastUpdatedDate) };
  }

  private api(id: string): StoredHttpApi {
    const api = this.durable.state.apis.get(id);
    if (!api) throw apiNotFound(this.ctx.accountId, id);
    return api;
  }

  /**
   * Applies `edit` to a copy of the API, which replaces it once the edit succeeds; committed before
   * the answer. `configuration`: the edit changed what a deployment freezes (autoDeploy stages get
   * a new deployment); `stages`: what a stage serves changed otherwise.
   */
  private async change<T>(id: string, edit: (api: StoredHttpApi) => T, configuration: boolean, stages = false): Promise<T> {
    const draft = structuredClone(this.api(id));
    const result = edit(draft);
    if (configuration) this.autoDeploy(draft, Object.values(draft.stages).filter((s) => s.AutoDeploy === true));
    this.durable.state.apis.set(id, draft);
    await this.durable.commit({ op: "put", api: structuredClone(draft) });
    if (configuration || stages) this.announce(id);
    return result;
  }

  /** The autoDeploy stages get one new deployment of the API as it now is (none while it has no routes: AWS's status message says why). */
  private autoDeploy(api: StoredHttpApi, stages: StoredStage[]): void {
    if (stages.length === 0) return;
    if (Object.keys(api.routes).length === 0) {
      for (const stage of stages) stage.LastDeploymentStatusMessage = `Deployment attempt failed: ${noRoutes(api)}`;
      return;
    }
    const deployment = this.deploy(api, true, AUTO_DEPLOY_DESCRIPTION);
    for (const stage of stages) {
      stage.DeploymentId = deployment.DeploymentId;
      stage.LastDeploymentStatusMessage = deployedMessage(deployment.DeploymentId);
      stage.LastUpdatedDate = deployment.CreatedDate;
    }
  }

  private deploy(api: StoredHttpApi, auto: boolean, description: string | undefined) {
    const deployment = {
      DeploymentId: this.newChildId(api, SHORT_ID_LENGTH),
      ...(description !== undefined ? { Description: description } : {}),
      AutoDeployed: auto,
      CreatedDate: wholeSeconds(this.ctx.now()),
      snapshot: structuredClone({
        Name: api.Name,
        ...(api.ProtocolType === "WEBSOCKET" ? { RouteSelectionExpression: api.RouteSelectionExpression } : {}),
        ...(api.CorsConfiguration ? { CorsConfiguration: api.CorsConfiguration } : {}),
        routes: api.routes,
        integrations: api.integrations,
        authorizers: api.authorizers,
      }),
    };
    api.deployments = { ...api.deployments, [deployment.DeploymentId]: deployment };
    return deployment;
  }

  private announce(apiId: string): void {
    for (const listener of this.listeners) listener(apiId);
  }

  private newApiId(): string {
    for (;;) {
      const id = randomId(API_ID_LENGTH);
      if (!this.has(id) && !(this.ctx.reserved?.(id) ?? false)) return id;
    }
  }

  /** An id not yet used by any of the API's routes, integrations, authorizers or deployments. */
  private newChildId(api: StoredHttpApi, length: number): string {
    for (;;) {
      const id = randomId(length);
      if (![api.routes, api.integrations, api.authorizers, api.deployments].some((r) => Object.hasOwn(r, id))) return id;
    }
  }
}

/** A random id of `length` not yet in `taken` (which it joins). */
function uniqueId(taken: Set<string>, length: number): string {
  for (;;) {
    const id = randomId(length);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** arn:aws:apigateway:<region>::/apis/<id>[/stages/<stage>]. */
const V2_ARN = /^arn:aws[a-z-]*:apigateway:[^:]*::\/apis\/([^/]+)(?:\/stages\/([^/]+))?$/;

function quickCreate(
  api: StoredHttpApi, target: string, routeKey: string, credentialsArn: unknown, now: number, newId: (api: StoredHttpApi, length: number) => string,
): void {
  checkRouteKey(routeKey);
  const lambda = /^arn:aws[a-z-]*:lambda:/.test(target) || target.includes(":lambda:path/");
  // Quick create: a Lambda target is an AWS_PROXY integration with payload 2.0, a URL an HTTP_PROXY one (AWS's CreateApi reference, Target).
  const integration = integrationFrom({
    IntegrationId: newId(api, ROUTE_ID_LENGTH),
    IntegrationType: lambda ? "AWS_PROXY" : "HTTP_PROXY",
    IntegrationUri: target,
    IntegrationMethod: lambda ? "POST" : "ANY",
    PayloadFormatVersion: lambda ? "2.0" : "1.0",
    ...(typeof credentialsArn === "string" ? { CredentialsArn: credentialsArn } : {}),
  });
  // What quick create makes is "managed" by API Gateway, as AWS answers it (ApiGatewayManaged: true).
  api.integrations[integration.IntegrationId] = { ...integration, ApiGatewayManaged: true };
  const route: StoredRoute = {
    RouteId: newId(api, ROUTE_ID_LENGTH), ApiGatewayManaged: true, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}`, ApiKeyRequired: false, AuthorizationType: "NONE",
  };
  api.routes[route.RouteId] = route;
  api.stages = { [DEFAULT_STAGE]: { StageName: DEFAULT_STAGE, ApiGatewayManaged: true, AutoDeploy: true, DefaultRouteSettings: { DetailedMetricsEnabled: false }, RouteSettings: {}, Tags: {}, CreatedDate: now, LastUpdatedDate: now } };
}

/** "$default", or "<METHOD> /<path>" with API Gateway's path parts ({name}, a last {name+}). */
export function checkRouteKey(key: string): void {
  if (key === DEFAULT_STAGE) return;
  const [method = "", path = "", ...rest] = key.split(" ");
  // AWS's text for a malformed route key (bad method, no path) was not found; the path-part text is AWS's.
  if (rest.length > 0 || !HTTP_METHODS.has(method) || !path.startsWith("/")) throw badRequest(`Invalid route key ${key}: it must be $default or an HTTP method (${[...HTTP_METHODS].join(", ")}) and a path starting with /.`);
  if (path === "/") return;
  const parts = path.slice(1).split("/");
  parts.forEach((part, i) => {
    const variable = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
    const ok = variable ? variable[2] === "" || i === parts.length - 1 : part !== "" && /^[A-Za-z0-9._~:@!$&'()*,;=-]+$/.test(part);
    if (!ok) throw badRequest(INVALID_PATH_PARTS);
  });
}

/** A stage's RouteSettings name routes of the API by key (AWS's text, as the serverless-api-gateway-throttling plugin's users met it). */
function checkRouteSettings(api: StoredHttpApi, settings: unknown): void {
  if (typeof settings !== "object" || settings === null) return;
  const keys = new Set(Object.values(api.routes).map((r) => r.RouteKey));
  for (const key of Object.keys(settings)) if (!keys.has(key)) throw badRequest(`Unable to find Route by key ${key} within the provided RouteSettings`);
}

/** A route's target and authorizer must name what the API has. */
function checkRoute(api: StoredHttpApi, route: StoredRoute): void {
  if (route.Target !== undefined) {
    const id = /^integrations\/(.+)$/.exec(route.Target)?.[1];
    // AWS's text for a target that is no integration was not found; an unknown integration answers as GetIntegration does.
    if (id === undefined) throw badRequest(`Invalid target ${route.Target}: it must be integrations/<integration id>`);
    integrationOf(api, id);
  }
  if (api.ProtocolType === "WEBSOCKET") checkWebSocketAuthorizationType(route.AuthorizationType);
  else if (!AUTHORIZATION_TYPES.has(route.AuthorizationType)) throw badRequest(`Invalid authorization type ${route.AuthorizationType}: it must be one of ${[...AUTHORIZATION_TYPES].join(", ")}`);
  if (route.AuthorizationType === "JWT" || route.AuthorizationType === "CUSTOM") {
    if (route.AuthorizerId === undefined) throw badRequest(`AuthorizerId is required for authorization type ${route.AuthorizationType}`);
    const authorizer = authorizerOf(api, route.AuthorizerId);
    const wanted = route.AuthorizationType === "JWT" ? "JWT" : "REQUEST";
    if (authorizer.AuthorizerType !== wanted) throw badRequest(`Authorization type ${route.AuthorizationType} requires an authorizer of type ${wanted}; ${authorizer.AuthorizerId} is ${authorizer.AuthorizerType}`);
  }
}

/** An integration from CreateIntegration's (or UpdateIntegration's merged) members, with AWS's defaults for HTTP APIs. */
function integrationFrom(input: Input & { IntegrationId: string }): StoredIntegration {
  const type = String(input.IntegrationType);
  // AWS's text (aws/aws-cli issue #6363, terraform-provider-aws #25848).
  if (type !== "AWS_PROXY" && type !== "HTTP_PROXY") throw badRequest("Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)");
  if (type === "AWS_PROXY" && input.IntegrationUri === undefined && input.IntegrationSubtype === undefined) throw badRequest("IntegrationUri is required for integrations of type AWS_PROXY without IntegrationSubtype");
  if (type === "HTTP_PROXY" && input.IntegrationUri === undefined) throw badRequest("IntegrationUri is required for integrations of type HTTP_PROXY");
  // The model calls PayloadFormatVersion required for HTTP APIs; no AWS answer to its absence was found, so Terraform's documented default (1.0) is taken.
  const version = str(input.PayloadFormatVersion) ?? "1.0";
  if (version !== "1.0" && version !== "2.0") throw badRequest(`Invalid payload format version ${version}: it must be 1.0 or 2.0`);
  if (type === "HTTP_PROXY" && version !== "1.0") throw badRequest("HTTP_PROXY integrations take payload format version 1.0");
  return {
    IntegrationId: input.IntegrationId,
    IntegrationType: type,
    ...pick(input, ["IntegrationSubtype", "IntegrationUri", "ConnectionId", "CredentialsArn", "Description", "RequestParameters", "ResponseParameters", "TlsConfig"]),
    // A Lambda proxy is invoked with POST; an HTTP proxy with the method given (ANY: the request's own).
    ...(type === "AWS_PROXY" && input.IntegrationSubtype === undefined ? { IntegrationMethod: str(input.IntegrationMethod) ?? "POST" } : pick(input, ["IntegrationMethod"])),
    PayloadFormatVersion: version,
    ConnectionType: str(input.ConnectionType) ?? "INTERNET",
    TimeoutInMillis: typeof input.TimeoutInMillis === "number" ? input.TimeoutInMillis : DEFAULT_HTTP_TIMEOUT_MS,
  } as StoredIntegration;
}

function authorizerFrom(input: Input & { AuthorizerId: string }): StoredAuthorizer {
  const type = String(input.AuthorizerType);
  if (type !== "JWT" && type !== "REQUEST") throw badRequest(`Invalid authorizer type ${type}: HTTP APIs take JWT and REQUEST`);
  if (type === "JWT" && (typeof input.JwtConfiguration !== "object" || input.JwtConfiguration === null)) throw badRequest("JwtConfiguration is required for authorizers of type JWT");
  if (type === "REQUEST" && input.AuthorizerUri === undefined) throw badRequest("AuthorizerUri is required for authorizers of type REQUEST");
  const identity = Array.isArray(input.IdentitySource) ? input.IdentitySource.map(String) : [];
  return {
    AuthorizerId: input.AuthorizerId,
    Name: String(input.Name),
    AuthorizerType: type,
    IdentitySource: identity,
    ...pick(input, ["JwtConfiguration", "AuthorizerUri", "AuthorizerCredentialsArn", "IdentityValidationExpression"]),
    ...(type === "REQUEST"
      ? {
          AuthorizerPayloadFormatVersion: str(input.AuthorizerPayloadFormatVersion) ?? "2.0",
          AuthorizerResultTtlInSeconds: typeof input.AuthorizerResultTtlInSeconds === "number" ? input.AuthorizerResultTtlInSeconds : 0,
          EnableSimpleResponses: input.EnableSimpleResponses === true,
        }
      : {}),
  } as StoredAuthorizer;
}

/** The route key rule of the API's protocol: a WebSocket API's keys are names, an HTTP API's a method and a path. */
function routeKeyCheck(api: StoredHttpApi): (key: string) => void {
  return api.ProtocolType === "WEBSOCKET" ? checkWebSocketRouteKey : checkRouteKey;
}

function integrationOfProtocol(api: StoredHttpApi, input: Input & { IntegrationId: string }): StoredIntegration {
  return api.ProtocolType === "WEBSOCKET" ? webSocketIntegrationFrom(input, pick) : integrationFrom(input);
}

function authorizerOfProtocol(api: StoredHttpApi, input: Input & { AuthorizerId: string }): StoredAuthorizer {
  return api.ProtocolType === "WEBSOCKET" ? webSocketAuthorizerFrom(input, pick) : authorizerFrom(input);
}

function noRoutes(api: StoredHttpApi): string {
  return api.ProtocolType === "WEBSOCKET" ? NO_WEBSOCKET_ROUTES : NO_ROUTES;
}

/** ExportApi and ReimportApi read and write OpenAPI, which describes HTTP APIs only (the ExportApi reference: "not supported for WebSocket APIs"; AWS's text was not found). */
function httpOnly(api: StoredHttpApi, action: string): StoredHttpApi {
  if (api.ProtocolType === "WEBSOCKET") throw badRequest(`${action} is not supported for WebSocket APIs`);
  return api;
}

/** Route responses are WebSocket APIs' (the model: "Supported only for WebSocket APIs"; AWS's text for an HTTP API's was not found). */
function webSocketOnly(api: StoredHttpApi): StoredHttpApi {
  if (api.ProtocolType !== "WEBSOCKET") throw badRequest("Route responses are supported only for WebSocket APIs");
  return api;
}

function routeResponseOf(route: StoredRoute, id: string): StoredRouteResponse {
  const response = ownMember(route.responses ?? {}, id);
  if (!response) throw routeResponseNotFoundV2(id);
  return response;
}

function routeOf(api: StoredHttpApi, id: string): StoredRoute {
  const route = ownMember(api.routes, id);
  if (!route) throw routeNotFoundV2(id);
  return route;
}

function integrationOf(api: StoredHttpApi, id: string): StoredIntegration {
  const integration = ownMember(api.integrations, id);
  if (!integration) throw integrationNotFoundV2(id);
  return integration;
}

function authorizerOf(api: StoredHttpApi, id: string): StoredAuthorizer {
  const authorizer = ownMember(api.authorizers, id);
  if (!authorizer) throw authorizerNotFoundV2(id);
  return authorizer;
}

function stageOf(api: StoredHttpApi, name: string): StoredStage {
  const stage = ownMember(api.stages, name);
  if (!stage) throw stageNotFound();
  return stage;
}

function deploymentOf(api: StoredHttpApi, id: string) {
  const deployment = ownMember(api.deployments, id);
  if (!deployment) throw deploymentNotFoundV2(id);
  return deployment;
}

function deploymentView(deployment: StoredHttpApi["deployments"][string]) {
  const { snapshot: _snapshot, CreatedDate, ...own } = deployment;
  return { ...own, CreatedDate: new Date(CreatedDate), DeploymentStatus: "DEPLOYED" };
}

/** The members of `input` named in `names` that are given. */
function pick(input: Input, names: string[]): Input {
  return Object.fromEntries(names.filter((n) => Object.hasOwn(input, n) && input[n] !== undefined).map((n) => [n, input[n]]));
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
