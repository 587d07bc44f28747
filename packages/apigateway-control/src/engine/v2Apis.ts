import { apiNotFound, stageNotFound } from "../errors.js";
import { DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_V2_MAX_RESULTS } from "../limits.js";
import { pageStart, pageToken, stableId } from "./ids.js";
import type { ControlPlaneContext } from "./restApis.js";
import type { ControlPlaneApi, ControlPlaneRoute } from "./types.js";

/** API Gateway v2 (HTTP and WebSocket APIs): the read actions, in the model's member names. */
export class V2Apis {
  constructor(
    private readonly apis: readonly ControlPlaneApi[],
    private readonly ctx: ControlPlaneContext,
  ) {}

  getApis(input: { MaxResults?: string; NextToken?: string }) {
    return page(this.views(), input);
  }

  /** Every API as GetApi answers it. */
  views() {
    return this.apis.map((api) => this.describe(api));
  }

  has(id: string): boolean {
    return this.apis.some((a) => a.apiId === id);
  }

  /** GetTags of a template API (the API's ARN; its stages carry none here). */
  getTags(input: { ApiId: string; ResourceArn: string }) {
    return { Tags: /::\/apis\/[^/]+$/.test(input.ResourceArn) ? (this.api(input.ApiId).tags ?? {}) : {} };
  }

  getApi(input: { ApiId: string }) {
    return this.describe(this.api(input.ApiId));
  }

  getRoutes(input: { ApiId: string; MaxResults?: string; NextToken?: string }) {
    const api = this.api(input.ApiId);
    return page(
      api.routes.map((route) => {
        const authorizer = route.authorizer ? api.authorizers?.find((a) => a.name === route.authorizer) : undefined;
        return {
          ApiKeyRequired: route.apiKeyRequired ?? false,
          ...(route.scopes?.length ? { AuthorizationScopes: route.scopes } : {}),
          AuthorizationType: authorizer ? authorizationType(authorizer.type) : "NONE",
          ...(authorizer ? { AuthorizerId: stableId(`${api.apiId}/authorizer/${authorizer.name}`) } : {}),
          RouteId: routeId(api, route),
          RouteKey: routeKey(api, route),
          Target: `integrations/${integrationId(api, route)}`,
        };
      }),
      input,
    );
  }

  getIntegrations(input: { ApiId: string; MaxResults?: string; NextToken?: string }) {
    const api = this.api(input.ApiId);
    return page(api.routes.map((route) => integration(api, route)), input);
  }

  getStages(input: { ApiId: string; MaxResults?: string; NextToken?: string }) {
    return page([this.stage(this.api(input.ApiId))], input);
  }

  getStage(input: { ApiId: string; StageName: string }) {
    const api = this.api(input.ApiId);
    if (input.StageName !== api.stageName) throw stageNotFound();
    return this.stage(api);
  }

  private api(id: string): ControlPlaneApi {
    const api = this.apis.find((a) => a.apiId === id);
    if (!api) throw apiNotFound(this.ctx.accountId, id);
    return api;
  }

  private describe(api: ControlPlaneApi) {
    const websocket = api.kind === "websocket";
    return {
      ApiEndpoint: api.endpoint ?? `${websocket ? "wss" : "https"}://${api.apiId}.execute-api.${this.ctx.region}.amazonaws.com`,
      ApiId: api.apiId,
      ApiKeySelectionExpression: "$request.header.x-api-key",
      ...(api.cors ? { CorsConfiguration: cors(api.cors) } : {}),
      CreatedDate: this.ctx.createdDate,
      ...(api.description !== undefined ? { Description: api.description } : {}),
      DisableExecuteApiEndpoint: false,
      IpAddressType: "ipv4",
      Name: api.name,
      ProtocolType: websocket ? "WEBSOCKET" : "HTTP",
      RouteSelectionExpression: websocket ? (api.routeSelectionExpression ?? "$request.body.action") : "$request.method $request.path",
      Tags: api.tags ?? {},
    };
  }

  private stage(api: ControlPlaneApi) {
    return {
      // HTTP APIs made by SAM deploy automatically; a WebSocket stage names its deployment.
      AutoDeploy: api.kind === "http",
      CreatedDate: this.ctx.createdDate,
      DefaultRouteSettings: { DetailedMetricsEnabled: false },
      DeploymentId: stableId(`${api.apiId}/deployment`),
      LastUpdatedDate: this.ctx.lastUpdatedDate,
      RouteSettings: {},
      StageName: api.stageName,
      StageVariables: api.stageVariables ?? {},
      Tags: {},
    };
  }
}

function routeKey(api: ControlPlaneApi, route: ControlPlaneRoute): string {
  if (api.kind === "websocket" || route.path === "$default") return route.path;
  return `${route.method.toUpperCase()} ${route.path}`;
}

function routeId(api: ControlPlaneApi, route: ControlPlaneRoute): string {
  return stableId(`${api.apiId}/route/${routeKey(api, route)}`, 7);
}

function integrationId(api: ControlPlaneApi, route: ControlPlaneRoute): string {
  return stableId(`${api.apiId}/integration/${routeKey(api, route)}`, 7);
}

function integration(api: ControlPlaneApi, route: ControlPlaneRoute) {
  const common = {
    ConnectionType: "INTERNET",
    IntegrationId: integrationId(api, route),
    TimeoutInMillis: route.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
  };
  if (route.target.type === "stepfunctions") {
    return { ...common, IntegrationSubtype: `StepFunctions-${route.target.action}`, IntegrationType: "AWS_PROXY", PayloadFormatVersion: "1.0" };
  }
  if (route.target.type === "service") {
    return { ...common, IntegrationSubtype: route.target.subtype, IntegrationType: "AWS_PROXY", PayloadFormatVersion: "1.0", RequestParameters: route.target.requestParameters };
  }
  if (api.kind === "websocket") {
    const uri = `arn:aws:apigateway:${route.target.functionArn.split(":")[3]}:lambda:path/2015-03-31/functions/${route.target.functionArn}/invocations`;
    return { ...common, ContentHandlingStrategy: "CONVERT_TO_TEXT", IntegrationMethod: "POST", IntegrationType: "AWS_PROXY", IntegrationUri: uri, PassthroughBehavior: "WHEN_NO_MATCH" };
  }
  return {
    ...common,
    IntegrationMethod: "POST",
    IntegrationType: "AWS_PROXY",
    IntegrationUri: route.target.functionArn,
    PayloadFormatVersion: route.payloadFormatVersion ?? "2.0",
  };
}

function authorizationType(type: string): string {
  if (type === "JWT") return "JWT";
  if (type === "AWS_IAM") return "AWS_IAM";
  return "CUSTOM";
}

function cors(c: NonNullable<ControlPlaneApi["cors"]>) {
  return {
    AllowCredentials: c.allowCredentials,
    AllowHeaders: c.allowHeaders,
    AllowMethods: c.allowMethods,
    AllowOrigins: c.allowOrigins,
    ExposeHeaders: c.exposeHeaders,
    ...(c.maxAge !== undefined ? { MaxAge: c.maxAge } : {}),
  };
}

export function page<T>(items: T[], input: { MaxResults?: string; NextToken?: string }): { Items: T[]; NextToken?: string } {
  const start = pageStart(input.NextToken);
  const size = Number.parseInt(input.MaxResults ?? "", 10);
  const end = start + (Number.isFinite(size) && size > 0 ? size : DEFAULT_V2_MAX_RESULTS);
  return { Items: items.slice(start, end), ...(end < items.length ? { NextToken: pageToken(end) } : {}) };
}
