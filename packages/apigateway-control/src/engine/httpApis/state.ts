/**
 * HTTP and WebSocket APIs created through API Gateway v2's control plane (CreateApi, CreateRoute, …), as they
 * are kept and journaled: plain JSON in the model's member names (the v2 model's PascalCase), one
 * record per change holding the changed API whole, so a change is recovered all or nothing.
 */
import type { StateCodec } from "@sam-sandbox/core";

export interface StoredHttpApi {
  ApiId: string;
  Name: string;
  ProtocolType: "HTTP" | "WEBSOCKET";
  Description?: string;
  Version?: string;
  ApiKeySelectionExpression: string;
  RouteSelectionExpression: string;
  CorsConfiguration?: StoredCors;
  DisableExecuteApiEndpoint: boolean;
  DisableSchemaValidation?: boolean;
  IpAddressType: string;
  /** Epoch milliseconds, whole seconds. */
  CreatedDate: number;
  Tags: Record<string, string>;
  routes: Record<string, StoredRoute>;
  integrations: Record<string, StoredIntegration>;
  authorizers: Record<string, StoredAuthorizer>;
  stages: Record<string, StoredStage>;
  deployments: Record<string, StoredDeployment>;
  /** A WebSocket API's models (CreateModel), by ModelId. */
  models?: Record<string, StoredModel>;
}

export interface StoredModel {
  ModelId: string;
  Name: string;
  ContentType?: string;
  Description?: string;
  Schema?: string;
}

export interface StoredCors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

export interface StoredRoute {
  RouteId: string;
  /** Made by quick create (CreateApi's Target), as AWS marks them. */
  ApiGatewayManaged?: boolean;
  RouteKey: string;
  Target?: string;
  ApiKeyRequired: boolean;
  AuthorizationType: string;
  AuthorizerId?: string;
  AuthorizationScopes?: string[];
  OperationName?: string;
  RequestModels?: Record<string, string>;
  RequestParameters?: Record<string, { Required?: boolean }>;
  ModelSelectionExpression?: string;
  RouteResponseSelectionExpression?: string;
  /** A WebSocket route's responses (CreateRouteResponse): one makes the route two-way. */
  responses?: Record<string, StoredRouteResponse>;
}

export interface StoredRouteResponse {
  RouteResponseId: string;
  RouteResponseKey: string;
  ModelSelectionExpression?: string;
  ResponseModels?: Record<string, string>;
  ResponseParameters?: Record<string, { Required?: boolean }>;
}

export interface StoredIntegration {
  IntegrationId: string;
  ApiGatewayManaged?: boolean;
  IntegrationType: string;
  IntegrationSubtype?: string;
  IntegrationUri?: string;
  IntegrationMethod?: string;
  PayloadFormatVersion?: string;
  ConnectionType: string;
  ConnectionId?: string;
  CredentialsArn?: string;
  Description?: string;
  TimeoutInMillis: number;
  RequestParameters?: Record<string, string>;
  ResponseParameters?: Record<string, Record<string, string>>;
  TlsConfig?: { ServerNameToVerify?: string };
  // WebSocket APIs' members.
  PassthroughBehavior?: string;
  ContentHandlingStrategy?: string;
  IntegrationResponseSelectionExpression?: string;
  RequestTemplates?: Record<string, string>;
  TemplateSelectionExpression?: string;
  /** A WebSocket integration's responses (CreateIntegrationResponse), by IntegrationResponseId. */
  responses?: Record<string, StoredIntegrationResponse>;
}

export interface StoredIntegrationResponse {
  IntegrationResponseId: string;
  IntegrationResponseKey: string;
  ContentHandlingStrategy?: string;
  ResponseParameters?: Record<string, string>;
  ResponseTemplates?: Record<string, string>;
  TemplateSelectionExpression?: string;
}

export interface StoredAuthorizer {
  AuthorizerId: string;
  Name: string;
  AuthorizerType: string;
  IdentitySource: string[];
  JwtConfiguration?: { Audience?: string[]; Issuer?: string };
  AuthorizerUri?: string;
  AuthorizerCredentialsArn?: string;
  AuthorizerPayloadFormatVersion?: string;
  AuthorizerResultTtlInSeconds?: number;
  EnableSimpleResponses?: boolean;
  IdentityValidationExpression?: string;
}

export interface StoredStage {
  StageName: string;
  ApiGatewayManaged?: boolean;
  AutoDeploy?: boolean;
  DeploymentId?: string;
  Description?: string;
  StageVariables?: Record<string, string>;
  DefaultRouteSettings: StoredRouteSettings;
  RouteSettings: Record<string, StoredRouteSettings>;
  AccessLogSettings?: { DestinationArn?: string; Format?: string };
  ClientCertificateId?: string;
  LastDeploymentStatusMessage?: string;
  Tags: Record<string, string>;
  CreatedDate: number;
  LastUpdatedDate: number;
}

export interface StoredRouteSettings {
  DetailedMetricsEnabled?: boolean;
  ThrottlingBurstLimit?: number;
  ThrottlingRateLimit?: number;
  DataTraceEnabled?: boolean;
  LoggingLevel?: string;
}

/** What a deployment froze: what its stages serve until the next deployment. */
export interface HttpApiSnapshot {
  Name: string;
  /** A WebSocket API's (its routes are selected by it). */
  RouteSelectionExpression?: string;
  CorsConfiguration?: StoredCors;
  routes: Record<string, StoredRoute>;
  integrations: Record<string, StoredIntegration>;
  authorizers: Record<string, StoredAuthorizer>;
}

export interface StoredDeployment {
  DeploymentId: string;
  Description?: string;
  AutoDeployed: boolean;
  CreatedDate: number;
  snapshot: HttpApiSnapshot;
}

export interface HttpApisState {
  apis: Map<string, StoredHttpApi>;
}

export type HttpApisRecord = { op: "put"; api: StoredHttpApi } | { op: "delete"; id: string };

export const httpApisCodec: StateCodec<HttpApisState, HttpApisRecord> = {
  empty: () => ({ apis: new Map() }),
  fromSnapshot: (json) => ({ apis: new Map(((json ?? {}) as { apis?: StoredHttpApi[] }).apis?.map((a) => [a.ApiId, a]) ?? []) }),
  toSnapshot: (state) => ({ apis: [...state.apis.values()] }),
  apply: (state, record) => {
    if (record.op === "put") state.apis.set(record.api.ApiId, record.api);
    else state.apis.delete(record.id);
  },
};
