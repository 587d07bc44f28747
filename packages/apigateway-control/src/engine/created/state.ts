/**
 * REST APIs created through the control plane (CreateRestApi, CreateResource, PutMethod, …),
 * as they are kept and journaled: plain JSON, one record per change holding the changed API
 * whole, so a change is recovered all or nothing.
 */
import type { StateCodec } from "@sam-sandbox/core";

export interface StoredApi {
  id: string;
  name: string;
  description?: string;
  version?: string;
  /** Epoch milliseconds, whole seconds (API Gateway keeps its dates to the second). */
  createdDate: number;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: { types: string[]; ipAddressType: string };
  tags: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  policy?: string;
  rootResourceId: string;
  resources: Record<string, StoredResource>;
  deployments: Record<string, StoredDeployment>;
  stages: Record<string, StoredStage>;
  models: Record<string, StoredModel>;
  requestValidators: Record<string, StoredRequestValidator>;
  /** Absent in APIs stored before authorizers were kept. */
  authorizers?: Record<string, StoredAuthorizer>;
  /** Gateway responses put by type (PutGatewayResponse); the others answer their defaults. */
  gatewayResponses?: Record<string, StoredGatewayResponse>;
}

export interface StoredGatewayResponse {
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

export interface StoredAuthorizer {
  id: string;
  name: string;
  type: string;
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds?: number;
}

export interface StoredResource {
  id: string;
  parentId?: string;
  pathPart?: string;
  methods: Record<string, StoredMethod>;
}

export interface StoredMethod {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, StoredMethodResponse>;
  methodIntegration?: StoredIntegration;
}

export interface StoredMethodResponse {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface StoredIntegration {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, StoredIntegrationResponse>;
}

export interface StoredIntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

/** What a deployment froze: the API as it was served from then on (later changes wait for the next deployment). */
export interface ApiSnapshot {
  name: string;
  description?: string;
  binaryMediaTypes?: string[];
  apiKeySource: string;
  rootResourceId: string;
  resources: Record<string, StoredResource>;
  models: Record<string, StoredModel>;
  requestValidators: Record<string, StoredRequestValidator>;
  authorizers?: Record<string, StoredAuthorizer>;
  gatewayResponses?: Record<string, StoredGatewayResponse>;
}

export interface StoredDeployment {
  id: string;
  description?: string;
  createdDate: number;
  snapshot: ApiSnapshot;
}

export interface StoredStage {
  stageName: string;
  deploymentId: string;
  description?: string;
  variables?: Record<string, string>;
  tracingEnabled: boolean;
  cacheClusterEnabled: boolean;
  /** CreateStage's / UpdateStage's cacheClusterSize ("0.5" … "237", in GB). */
  cacheClusterSize?: string;
  /** A canary release on the stage (kept and answered; the sandbox serves the stage's own deployment to every request). */
  canarySettings?: { percentTraffic?: number; deploymentId?: string; stageVariableOverrides?: Record<string, string>; useStageCache?: boolean };
  tags?: Record<string, string>;
  /** By "<resource path>/<METHOD>" (the key of every method: star, slash, star), as UpdateStage's method setting paths name them. */
  methodSettings?: Record<string, Record<string, unknown>>;
  accessLogSettings?: { format?: string; destinationArn?: string };
  createdDate: number;
  lastUpdatedDate: number;
}

export interface StoredModel {
  id: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

export interface StoredRequestValidator {
  id: string;
  name: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

/** An account's API key (CreateApiKey). */
export interface StoredApiKey {
  id: string;
  value: string;
  name?: string;
  description?: string;
  customerId?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  tags?: Record<string, string>;
  /** CreateApiKey's stageKeys as AWS lists them, "<restApiId>/<stageName>" (absent in keys stored before). */
  stageKeys?: string[];
}

/** An account's usage plan (CreateUsagePlan), with the keys added to it (CreateUsagePlanKey). */
export interface StoredUsagePlan {
  id: string;
  name: string;
  description?: string;
  apiStages: Array<{ apiId: string; stage: string; throttle?: Record<string, { burstLimit?: number; rateLimit?: number }> }>;
  throttle?: { burstLimit?: number; rateLimit?: number };
  quota?: { limit?: number; offset?: number; period?: string };
  tags?: Record<string, string>;
  keyIds: string[];
}

/** The account's API Gateway settings (UpdateAccount). */
export interface StoredAccount {
  cloudwatchRoleArn?: string;
}

export interface CreatedApisState {
  apis: Map<string, StoredApi>;
  apiKeys: Map<string, StoredApiKey>;
  usagePlans: Map<string, StoredUsagePlan>;
  account: StoredAccount;
}

export type CreatedApisRecord =
  | { op: "put"; api: StoredApi }
  | { op: "delete"; id: string }
  | { op: "putKey"; key: StoredApiKey }
  | { op: "deleteKey"; id: string }
  | { op: "putPlan"; plan: StoredUsagePlan }
  | { op: "deletePlan"; id: string }
  | { op: "putAccount"; account: StoredAccount };

interface Snapshot {
  apis?: StoredApi[];
  apiKeys?: StoredApiKey[];
  usagePlans?: StoredUsagePlan[];
  account?: StoredAccount;
}

export const createdApisCodec: StateCodec<CreatedApisState, CreatedApisRecord> = {
  empty: () => ({ apis: new Map(), apiKeys: new Map(), usagePlans: new Map(), account: {} }),
  fromSnapshot: (json) => {
    const snapshot = (json ?? {}) as Snapshot;
    return {
      apis: new Map((snapshot.apis ?? []).map((a) => [a.id, a])),
      apiKeys: new Map((snapshot.apiKeys ?? []).map((k) => [k.id, k])),
      usagePlans: new Map((snapshot.usagePlans ?? []).map((p) => [p.id, p])),
      account: snapshot.account ?? {},
    };
  },
  toSnapshot: (state) => ({ apis: [...state.apis.values()], apiKeys: [...state.apiKeys.values()], usagePlans: [...state.usagePlans.values()], account: state.account }),
  apply: (state, record) => {
    switch (record.op) {
      case "put":
        state.apis.set(record.api.id, record.api);
        break;
      case "delete":
        state.apis.delete(record.id);
        break;
      case "putKey":
        state.apiKeys.set(record.key.id, record.key);
        break;
      case "deleteKey":
        state.apiKeys.delete(record.id);
        break;
      case "putPlan":
        state.usagePlans.set(record.plan.id, record.plan);
        break;
      case "deletePlan":
        state.usagePlans.delete(record.id);
        break;
      case "putAccount":
        state.account = record.account;
        break;
    }
  },
};

/**
 * A record's own member `key`, or undefined. Keys come from requests: "__proto__", "toString" or
 * "constructor" name nothing here, however a plain object would read them.
 */
export function ownMember<T>(record: Record<string, T> | undefined, key: string | undefined): T | undefined {
  return record !== undefined && key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A deep copy (stored values are plain JSON). */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}
