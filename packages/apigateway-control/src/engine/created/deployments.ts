/**
 * Deployments and stages of a created REST API. A deployment freezes the API as it is
 * (its snapshot); a stage serves one deployment, so later changes are served only after
 * the next CreateDeployment (or an UpdateStage pointing the stage at another deployment).
 */
import { badRequest, deploymentNotFound, NO_INTEGRATION, NO_METHODS, noMethodSetting, STAGE_STILL_ACTIVE, stageExists, stageNotFound } from "../../errors.js";
import { invalidPatchPath, patchBoolean, patchMap, patchPath, type PatchOperation } from "./patch.js";
import { DEFAULT_CACHE_CLUSTER_SIZE } from "../../limits.js";
import { pathOf } from "./resources.js";
import { copyOf, ownMember, type ApiSnapshot, type StoredApi, type StoredDeployment, type StoredStage } from "./state.js";

export interface CreateDeploymentInput {
  stageName?: string;
  stageDescription?: string;
  description?: string;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  variables?: Record<string, string>;
  tracingEnabled?: boolean;
}

function snapshotOf(api: StoredApi): ApiSnapshot {
  return copyOf({
    name: api.name,
    ...(api.description !== undefined ? { description: api.description } : {}),
    ...(api.binaryMediaTypes ? { binaryMediaTypes: api.binaryMediaTypes } : {}),
    apiKeySource: api.apiKeySource,
    rootResourceId: api.rootResourceId,
    resources: api.resources,
    models: api.models,
    requestValidators: api.requestValidators,
    ...(api.authorizers ? { authorizers: api.authorizers } : {}),
    ...(api.gatewayResponses ? { gatewayResponses: api.gatewayResponses } : {}),
  });
}

export function createDeployment(api: StoredApi, input: CreateDeploymentInput, id: string, now: number): StoredDeployment {
  const methods = Object.values(api.resources).flatMap((r) => Object.values(r.methods));
  if (methods.length === 0) throw badRequest(NO_METHODS);
  if (methods.some((m) => !m.methodIntegration)) throw badRequest(NO_INTEGRATION);
  const deployment: StoredDeployment = { id, ...(input.description !== undefined ? { description: input.description } : {}), createdDate: now, snapshot: snapshotOf(api) };
  api.deployments[id] = deployment;
  if (input.stageName !== undefined && input.stageName !== "") {
    const existing = ownMember(api.stages, input.stageName);
    if (existing) {
      existing.deploymentId = id;
      existing.lastUpdatedDate = now;
      if (input.variables) existing.variables = { ...existing.variables, ...input.variables };
      if (input.tracingEnabled !== undefined) existing.tracingEnabled = input.tracingEnabled;
    } else {
      // A computed member, never an assignment: "__proto__" is a stage name AWS accepts (letters and underscores).
      api.stages = { ...api.stages, [input.stageName]: {
        stageName: input.stageName,
        deploymentId: id,
        ...(input.stageDescription !== undefined ? { description: input.stageDescription } : {}),
        ...(input.variables && Object.keys(input.variables).length > 0 ? { variables: input.variables } : {}),
        tracingEnabled: input.tracingEnabled ?? false,
        cacheClusterEnabled: input.cacheClusterEnabled ?? false,
        ...(input.cacheClusterSize !== undefined ? { cacheClusterSize: input.cacheClusterSize } : {}),
        createdDate: now,
        lastUpdatedDate: now,
      } };
    }
  }
  return deployment;
}

export function deploymentOf(api: StoredApi, id: string): StoredDeployment {
  const deployment = ownMember(api.deployments, id);
  if (!deployment) throw deploymentNotFound();
  return deployment;
}

/** UpdateDeployment: its description (AWS keeps the snapshot as it was). */
export function updateDeployment(deployment: StoredDeployment, operations: PatchOperation[]): void {
  for (const operation of operations) {
    const { head, key } = patchPath(operation.path);
    if (head !== "description" || key !== undefined) throw invalidPatchPath(operation.path);
    if (operation.op === "remove" || operation.value === undefined) delete deployment.description;
    else deployment.description = operation.value;
  }
}

export function deleteDeployment(api: StoredApi, id: string): void {
  deploymentOf(api, id);
  if (Object.values(api.stages).some((s) => s.deploymentId === id)) throw badRequest(STAGE_STILL_ACTIVE);
  delete api.deployments[id];
}

/** A Deployment as Get* answers it; embed=apisummary adds each path's methods. */
export function deploymentView(deployment: StoredDeployment, summary: boolean) {
  const apiSummary: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> = {};
  if (summary) {
    const { resources } = deployment.snapshot;
    for (const resource of Object.values(resources)) {
      for (const method of Object.values(resource.methods)) {
        (apiSummary[pathOf(resources, resource)] ??= {})[method.httpMethod] = { authorizationType: method.authorizationType, apiKeyRequired: method.apiKeyRequired };
      }
    }
  }
  return {
    id: deployment.id,
    ...(deployment.description !== undefined ? { description: deployment.description } : {}),
    createdDate: new Date(deployment.createdDate),
    ...(summary ? { apiSummary } : {}),
  };
}

export interface CreateStageInput {
  stageName: string;
  deploymentId: string;
  description?: string;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  canarySettings?: StoredStage["canarySettings"];
  variables?: Record<string, string>;
  tracingEnabled?: boolean;
  tags?: Record<string, string>;
}

export function createStage(api: StoredApi, input: CreateStageInput, now: number): StoredStage {
  deploymentOf(api, input.deploymentId);
  if (Object.hasOwn(api.stages, input.stageName)) throw stageExists();
  const stage: StoredStage = {
    stageName: input.stageName,
    deploymentId: input.deploymentId,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.variables && Object.keys(input.variables).length > 0 ? { variables: input.variables } : {}),
    tracingEnabled: input.tracingEnabled ?? false,
    cacheClusterEnabled: input.cacheClusterEnabled ?? false,
    ...(input.cacheClusterSize !== undefined ? { cacheClusterSize: input.cacheClusterSize } : {}),
    ...(input.canarySettings ? { canarySettings: copyOf(input.canarySettings) } : {}),
    ...(input.tags && Object.keys(input.tags).length > 0 ? { tags: input.tags } : {}),
    createdDate: now,
    lastUpdatedDate: now,
  };
  api.stages = { ...api.stages, [input.stageName]: stage };
  return stage;
}

export function stageOf(api: StoredApi, name: string): StoredStage {
  const stage = ownMember(api.stages, name);
  if (!stage) throw stageNotFound();
  return stage;
}

export function updateStage(api: StoredApi, stage: StoredStage, operations: PatchOperation[], now: number): void {
  const next = copyOf(stage);
  for (const operation of operations) {
    const op = operation.op ?? "";
    const { head, key } = patchPath(operation.path);
    if (head === "variables" && key !== undefined) {
      next.variables = patchMap(next.variables, op, key, operation.value ?? "");
    } else if (key === undefined && (head === "tracingEnabled" || head === "cacheClusterEnabled")) {
      next[head] = patchBoolean(operation.value);
    } else if (head === "canarySettings") {
      // remove /canarySettings ends the canary; replace its members (the AWS CLI's example update-stage.rst, "canary release").
      if (key === undefined && op === "remove") delete next.canarySettings;
      else next.canarySettings = patchCanary(next.canarySettings ?? {}, op, key, operation);
    } else if (key === undefined && head === "cacheClusterSize") {
      next.cacheClusterSize = operation.value ?? "";
    } else if (key === undefined && head === "description") {
      if (operation.value === undefined || op === "remove") delete next.description;
      else next.description = operation.value;
    } else if (head === "accessLogSettings") {
      if (op === "remove" && key === undefined) delete next.accessLogSettings;
      else if (key === "format" || key === "destinationArn") next.accessLogSettings = { ...next.accessLogSettings, [key]: operation.value ?? "" };
      else throw invalidPatchPath(operation.path);
    } else if (methodSetting(operation.path) !== undefined) {
      const setting = methodSetting(operation.path);
      if (setting) {
        // Own members only: a method path "__proto__" would otherwise reach Object.prototype.
        const current = ownMember(next.methodSettings, setting.method) ?? { ...DEFAULT_METHOD_SETTING };
        if (op === "remove") delete current[setting.name];
        else current[setting.name] = setting.convert(operation.value ?? "");
        next.methodSettings = { ...next.methodSettings, [setting.method]: current };
      }
    } else if (op === "remove" && methodOf(operation.path) !== undefined) {
      // remove "/<resource path>/<METHOD>": the method's whole setting (Terraform's aws_api_gateway_method_settings delete).
      const method = methodOf(operation.path) ?? "";
      if (!Object.hasOwn(next.methodSettings ?? {}, method)) throw noMethodSetting(method);
      const { [method]: _removed, ...rest } = next.methodSettings ?? {};
      next.methodSettings = rest;
    } else if (key === undefined && head === "deploymentId") {
      deploymentOf(api, operation.value ?? "");
      next.deploymentId = operation.value ?? "";
    } else {
      throw invalidPatchPath(operation.path);
    }
  }
  next.lastUpdatedDate = now;
  Object.assign(stage, next);
  if (next.variables === undefined) delete stage.variables;
  if (next.accessLogSettings === undefined) delete stage.accessLogSettings;
  if (next.description === undefined) delete stage.description;
  if (next.canarySettings === undefined) delete stage.canarySettings;
}

function patchCanary(canary: NonNullable<StoredStage["canarySettings"]>, op: string, key: string | undefined, operation: PatchOperation): NonNullable<StoredStage["canarySettings"]> {
  const next = { ...canary };
  if (key === "percentTraffic") next.percentTraffic = Number(operation.value);
  else if (key === "deploymentId") next.deploymentId = operation.value;
  else if (key === "useStageCache") next.useStageCache = patchBoolean(operation.value);
  else if (key?.startsWith("stageVariableOverrides/")) {
    const overrides = patchMap(next.stageVariableOverrides, op, key.slice("stageVariableOverrides/".length), operation.value ?? "");
    if (overrides) next.stageVariableOverrides = overrides;
    else delete next.stageVariableOverrides;
  } else throw invalidPatchPath(operation.path);
  return next;
}

export function stageView(stage: StoredStage) {
  return {
    deploymentId: stage.deploymentId,
    stageName: stage.stageName,
    ...(stage.description !== undefined ? { description: stage.description } : {}),
    cacheClusterEnabled: stage.cacheClusterEnabled,
    // The sandbox caches nothing, so an enabled cache is AVAILABLE at once (AWS passes through CREATE_IN_PROGRESS).
    ...(stage.cacheClusterEnabled ? { cacheClusterSize: stage.cacheClusterSize ?? DEFAULT_CACHE_CLUSTER_SIZE } : {}),
    cacheClusterStatus: stage.cacheClusterEnabled ? "AVAILABLE" : "NOT_AVAILABLE",
    ...(stage.canarySettings ? { canarySettings: stage.canarySettings } : {}),
    methodSettings: stage.methodSettings ?? {},
    ...(stage.accessLogSettings ? { accessLogSettings: stage.accessLogSettings } : {}),
    ...(stage.variables ? { variables: stage.variables } : {}),
    tracingEnabled: stage.tracingEnabled,
    ...(stage.tags ? { tags: stage.tags } : {}),
    createdDate: new Date(stage.createdDate),
    lastUpdatedDate: new Date(stage.lastUpdatedDate),
  };
}

/**
 * What a method setting holds once any of it is set (AWS fills the rest with these; loggingLevel only
 * once set: the AWS CLI's example update-stage.rst).
 */
const DEFAULT_METHOD_SETTING: Record<string, unknown> = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
};

const bool = (v: string) => v.toLowerCase() === "true";
/** UpdateStage's "/<resource path>/<METHOD>/<group>/<setting>" paths → MethodSetting members. */
const SETTINGS: Record<string, [string, (v: string) => unknown]> = {
  "metrics/enabled": ["metricsEnabled", bool],
  "logging/loglevel": ["loggingLevel", (v) => v],
  "logging/dataTrace": ["dataTraceEnabled", bool],
  "throttling/burstLimit": ["throttlingBurstLimit", Number],
  "throttling/rateLimit": ["throttlingRateLimit", Number],
  "caching/enabled": ["cachingEnabled", bool],
  "caching/ttlInSeconds": ["cacheTtlInSeconds", Number],
  "caching/dataEncrypted": ["cacheDataEncrypted", bool],
  "caching/requireAuthorizationForCacheControl": ["requireAuthorizationForCacheControl", bool],
  "caching/unauthorizedCacheControlHeaderStrategy": ["unauthorizedCacheControlHeaderStrategy", (v) => v],
};

/** "/<resource path>/<METHOD>" → the methodSettings key (star/star, "~1items/GET"), else undefined. */
function methodOf(path: string | undefined): string | undefined {
  const parts = (path ?? "").replace(/^\//, "").split("/");
  return parts.length === 2 && parts[0] !== "" && parts[1] !== "" ? parts.join("/") : undefined;
}

function methodSetting(path: string | undefined): { method: string; name: string; convert: (v: string) => unknown } | undefined {
  const parts = (path ?? "").replace(/^\//, "").split("/");
  if (parts.length < 4) return undefined;
  const setting = SETTINGS[parts.slice(-2).join("/")];
  if (!setting) return undefined;
  // Keyed as the path names it, "~1" escapes kept: "~1resourceName/GET", "*/*" (the AWS CLI's examples update-stage.rst, get-stage.rst).
  return { method: parts.slice(0, -2).join("/"), name: setting[0], convert: setting[1] };
}
