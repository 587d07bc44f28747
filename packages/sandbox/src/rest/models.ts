/**
 * Client tables (tools/gen-models.mjs, CLIENT_TARGETS) by the service name Step Functions'
 * aws-sdk integrations use (arn:aws:states:::aws-sdk:<name>:<action>), loaded on first use:
 * the REST services the dispatcher calls by their HTTP bindings, and the camelCase awsJson
 * services whose members the aws-sdk integrations rename.
 */
import type { ServiceModel } from "@sam-sandbox/core";

const LOADERS: Record<string, () => Promise<ServiceModel>> = {
  lambda: async () => (await import("../generated/lambdaClient.js")).lambdaClientModel,
  xray: async () => (await import("../generated/xrayClient.js")).xrayClientModel,
  s3: async () => (await import("../generated/s3Client.js")).s3ClientModel,
};

const JSON_LOADERS: Record<string, () => Promise<ServiceModel>> = {
  sfn: async () => (await import("../generated/sfnClient.js")).sfnClientModel,
  states: async () => (await import("../generated/sfnClient.js")).sfnClientModel,
  logs: async () => (await import("../generated/logsClient.js")).logsClientModel,
  cloudwatchlogs: async () => (await import("../generated/logsClient.js")).logsClientModel,
};

const loaded = new Map<string, Promise<ServiceModel>>();

function load(loaders: Record<string, () => Promise<ServiceModel>>, service: string): Promise<ServiceModel> | undefined {
  const name = service.toLowerCase();
  const loader = loaders[name];
  if (!loader) return undefined;
  let model = loaded.get(name);
  if (!model) {
    model = loader();
    loaded.set(name, model);
  }
  return model;
}

export function restModel(service: string): Promise<ServiceModel> | undefined {
  return load(LOADERS, service);
}

/** An awsJson service whose member names differ from the aws-sdk integrations' PascalCase. */
export function jsonClientModel(service: string): Promise<ServiceModel> | undefined {
  return load(JSON_LOADERS, service);
}

/** The model's operation an action names ("getObject", "GetObject", "listObjectsV2"). */
export function operationName(model: ServiceModel, action: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(model.operations, action)) return action;
  const lower = action.toLowerCase();
  return Object.keys(model.operations).find((name) => name.toLowerCase() === lower);
}
