/**
 * Methods, integrations and their responses of a created REST API's resources: PutMethod,
 * UpdateMethod, PutIntegration, UpdateIntegration, Put/Update MethodResponse and IntegrationResponse.
 */
import {
  AWS_PROXY_NOT_ALLOWED, badRequest, INVALID_ARN, INVALID_AUTHORIZER, INVALID_HTTP_ENDPOINT, INVALID_HTTP_METHOD, INVALID_INTEGRATION_ARN,
  integrationNotFound, methodExists, methodNotFound, NO_INTEGRATION_HTTP_METHOD, NotFoundException, responseNotFound,
} from "../../errors.js";
import { DEFAULT_INTEGRATION_TIMEOUT_MS } from "../../limits.js";
import { invalidPatchPath, patchBoolean, patchMap, patchPath, replaceOnly, type PatchOperation } from "./patch.js";
import { ownMember, type StoredApi, type StoredIntegration, type StoredIntegrationResponse, type StoredMethod, type StoredMethodResponse, type StoredResource } from "./state.js";

export const HTTP_METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"];
/** The models every REST API has from its creation. */
export const BUILT_IN_MODELS = ["Empty", "Error"];

export function methodOf(resource: StoredResource, httpMethod: string): StoredMethod {
  const method = ownMember(resource.methods, httpMethod);
  if (!method) throw methodNotFound();
  return method;
}

export function integrationOf(method: StoredMethod): StoredIntegration {
  if (!method.methodIntegration) throw integrationNotFound();
  return method.methodIntegration;
}

export interface PutMethodInput {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired?: boolean;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  requestValidatorId?: string;
  authorizationScopes?: string[];
}

function checkMethodSettings(api: StoredApi, method: Pick<StoredMethod, "authorizationType" | "authorizerId" | "requestValidatorId" | "requestModels" | "requestParameters">): void {
  if (method.authorizationType === "CUSTOM" || method.authorizationType === "COGNITO_USER_POOLS") {
    const authorizer = ownMember(api.authorizers, method.authorizerId);
    if (!authorizer || (authorizer.type === "COGNITO_USER_POOLS") !== (method.authorizationType === "COGNITO_USER_POOLS")) throw badRequest(INVALID_AUTHORIZER);
  }
  if (method.requestValidatorId !== undefined && !Object.hasOwn(api.requestValidators, method.requestValidatorId)) {
    throw badRequest("Invalid Request Validator identifier specified");
  }
  for (const model of Object.values(method.requestModels ?? {})) {
    if (!BUILT_IN_MODELS.includes(model) && !Object.values(api.models).some((m) => m.name === model)) throw badRequest(`Invalid model identifier specified: ${model}`);
  }
  const names = Object.keys(method.requestParameters ?? {}).map((p) => p.replace(/^method\.request\.(?:querystring|header|path|multivaluequerystring|multivalueheader)\./, ""));
  if (new Set(names).size !== names.length) throw badRequest("Parameter names must be unique across querystring, header and path");
}

export function putMethod(api: StoredApi, resource: StoredResource, input: PutMethodInput): StoredMethod {
  if (!HTTP_METHODS.includes(input.httpMethod)) throw badRequest(INVALID_HTTP_METHOD);
  if (Object.hasOwn(resource.methods, input.httpMethod)) throw methodExists();
  const method: StoredMethod = {
    httpMethod: input.httpMethod,
    authorizationType: input.authorizationType,
    apiKeyRequired: input.apiKeyRequired ?? false,
    ...(input.authorizerId !== undefined ? { authorizerId: input.authorizerId } : {}),
    ...(input.operationName !== undefined ? { operationName: input.operationName } : {}),
    ...(input.requestParameters && Object.keys(input.requestParameters).length > 0 ? { requestParameters: input.requestParameters } : {}),
    ...(input.requestModels && Object.keys(input.requestModels).length > 0 ? { requestModels: input.requestModels } : {}),
    ...(input.requestValidatorId !== undefined ? { requestValidatorId: input.requestValidatorId } : {}),
    ...(input.authorizationScopes?.length ? { authorizationScopes: input.authorizationScopes } : {}),
  };
  checkMethodSettings(api, method);
  resource.methods[input.httpMethod] = method;
  return method;
}

export function updateMethod(api: StoredApi, method: StoredMethod, operations: PatchOperation[]): void {
  const next = structuredClone(method);
  for (const operation of operations) {
    const op = operation.op ?? "";
    const { head, key } = patchPath(operation.path);
    if (key === undefined) {
      if (!["authorizationType", "authorizerId", "apiKeyRequired", "operationName", "requestValidatorId", "authorizationScopes"].includes(head)) throw invalidPatchPath(operation.path);
      if (op !== "replace") throw replaceOnly();
      const value = operation.value;
      if (head === "apiKeyRequired") next.apiKeyRequired = patchBoolean(value);
      else if (head === "authorizationScopes") next.authorizationScopes = value ? value.split(",") : undefined;
      else if (head === "authorizationType") next.authorizationType = value ?? "NONE";
      else if (value === undefined || value === "") delete next[head as "authorizerId" | "operationName" | "requestValidatorId"];
      else next[head as "authorizerId" | "operationName" | "requestValidatorId"] = value;
    } else if (head === "requestParameters") {
      next.requestParameters = patchMap(next.requestParameters, op, key, op === "remove" ? undefined : patchBoolean(operation.value));
    } else if (head === "requestModels") {
      next.requestModels = patchMap(next.requestModels, op, key, operation.value);
    } else {
      throw invalidPatchPath(operation.path);
    }
  }
  // A method leaving CUSTOM / COGNITO_USER_POOLS drops its authorizer, as AWS's answers show.
  if (next.authorizationType !== "CUSTOM" && next.authorizationType !== "COGNITO_USER_POOLS") delete next.authorizerId;
  checkMethodSettings(api, next);
  Object.assign(method, next);
  for (const k of Object.keys(method) as Array<keyof StoredMethod>) if (next[k] === undefined) delete method[k];
}

export interface PutIntegrationInput {
  type: string;
  integrationHttpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  contentHandling?: string;
  timeoutInMillis?: number;
}

/** An integration's target, refused as AWS refuses it (moto's texts). */
function checkTarget(type: string, httpMethod: string | undefined, uri: string | undefined): void {
  if (type === "MOCK") return;
  if (!httpMethod) throw badRequest(NO_INTEGRATION_HTTP_METHOD);
  if (type === "HTTP" || type === "HTTP_PROXY") {
    if (!uri || !/^https?:\/\/[^/]/i.test(uri)) throw badRequest(INVALID_HTTP_ENDPOINT);
    return;
  }
  if (!uri || !/^arn:aws[a-z-]*:apigateway:[^:]*:[^:]+:/.test(uri)) throw badRequest(INVALID_ARN);
  const match = /^arn:aws[a-z-]*:apigateway:[^:]*:([^:]+):(action|path)\/.+$/.exec(uri);
  if (!match) throw badRequest(INVALID_INTEGRATION_ARN);
  if (type === "AWS_PROXY" && match[1] !== "lambda" && match[1] !== "firehose") throw badRequest(AWS_PROXY_NOT_ALLOWED);
}

export function putIntegration(resource: StoredResource, method: StoredMethod, input: PutIntegrationInput): StoredIntegration {
  checkTarget(input.type, input.integrationHttpMethod, input.uri);
  const integration: StoredIntegration = {
    type: input.type,
    ...(input.integrationHttpMethod !== undefined && input.type !== "MOCK" ? { httpMethod: input.integrationHttpMethod } : {}),
    ...(input.uri !== undefined ? { uri: input.uri } : {}),
    ...(input.connectionType !== undefined ? { connectionType: input.connectionType } : {}),
    ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
    ...(input.credentials !== undefined ? { credentials: input.credentials } : {}),
    ...(input.requestParameters && Object.keys(input.requestParameters).length > 0 ? { requestParameters: input.requestParameters } : {}),
    ...(input.requestTemplates && Object.keys(input.requestTemplates).length > 0 ? { requestTemplates: input.requestTemplates } : {}),
    passthroughBehavior: input.passthroughBehavior ?? "WHEN_NO_MATCH",
    ...(input.contentHandling !== undefined ? { contentHandling: input.contentHandling } : {}),
    timeoutInMillis: input.timeoutInMillis ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
    cacheNamespace: input.cacheNamespace ?? resource.id,
    cacheKeyParameters: input.cacheKeyParameters ?? [],
  };
  method.methodIntegration = integration;
  return integration;
}

const INTEGRATION_SCALARS = ["type", "httpMethod", "uri", "connectionType", "connectionId", "credentials", "passthroughBehavior", "contentHandling", "timeoutInMillis", "cacheNamespace"];

export function updateIntegration(integration: StoredIntegration, operations: PatchOperation[]): void {
  const next = structuredClone(integration);
  for (const operation of operations) {
    const op = operation.op ?? "";
    const { head, key } = patchPath(operation.path);
    if (key === undefined && INTEGRATION_SCALARS.includes(head)) {
      if (op !== "replace") throw replaceOnly();
      const record = next as unknown as Record<string, unknown>;
      if (head === "timeoutInMillis") record[head] = Number(operation.value);
      else if (operation.value === undefined || operation.value === "") delete record[head];
      else record[head] = operation.value;
    } else if (key !== undefined && (head === "requestTemplates" || head === "requestParameters")) {
      next[head] = patchMap(next[head], op, key, operation.value ?? "");
    } else if (key !== undefined && head === "cacheKeyParameters") {
      next.cacheKeyParameters = op === "remove" ? next.cacheKeyParameters.filter((p) => p !== key) : [...new Set([...next.cacheKeyParameters, key])];
    } else {
      throw invalidPatchPath(operation.path);
    }
  }
  checkTarget(next.type, next.httpMethod, next.uri);
  Object.assign(integration, next);
}

export function putMethodResponse(method: StoredMethod, statusCode: string, input: { responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }): StoredMethodResponse {
  const response: StoredMethodResponse = {
    statusCode,
    ...(input.responseParameters ? { responseParameters: input.responseParameters } : {}),
    ...(input.responseModels ? { responseModels: input.responseModels } : {}),
  };
  method.methodResponses = { ...method.methodResponses, [statusCode]: response };
  return response;
}

export function methodResponseOf(method: StoredMethod, statusCode: string): StoredMethodResponse {
  const response = method.methodResponses?.[statusCode];
  if (!response) throw responseNotFound();
  return response;
}

export function updateMethodResponse(response: StoredMethodResponse, operations: PatchOperation[]): void {
  for (const operation of operations) {
    const op = operation.op ?? "";
    const { head, key } = patchPath(operation.path);
    if (key === undefined || (head !== "responseParameters" && head !== "responseModels")) throw invalidPatchPath(operation.path);
    if (op !== "add") {
      const map = head === "responseParameters" ? response.responseParameters : response.responseModels;
      if (!map || !Object.hasOwn(map, key)) {
        throw head === "responseParameters" ? notFoundParameter() : notFoundContentType();
      }
    }
    if (head === "responseParameters") response.responseParameters = patchMap(response.responseParameters, op, key, op === "remove" ? undefined : patchBoolean(operation.value));
    else response.responseModels = patchMap(response.responseModels, op, key, operation.value);
  }
}

// AWS's texts (localstack's test_update_method_lack_response_parameters_and_models snapshot).
const notFoundParameter = () => new NotFoundException("Invalid parameter name specified");
const notFoundContentType = () => new NotFoundException("Content-Type specified was not found");

export function putIntegrationResponse(integration: StoredIntegration, statusCode: string, input: Omit<StoredIntegrationResponse, "statusCode">): StoredIntegrationResponse {
  const response: StoredIntegrationResponse = {
    statusCode,
    // AWS answers selectionPattern "" when none was given (test_lifecycle_integration_response).
    selectionPattern: input.selectionPattern ?? "",
    ...(input.responseParameters ? { responseParameters: input.responseParameters } : {}),
    ...(input.responseTemplates ? { responseTemplates: input.responseTemplates } : {}),
    ...(input.contentHandling !== undefined ? { contentHandling: input.contentHandling } : {}),
  };
  integration.integrationResponses = { ...integration.integrationResponses, [statusCode]: response };
  return response;
}

export function integrationResponseOf(integration: StoredIntegration, statusCode: string): StoredIntegrationResponse {
  const response = integration.integrationResponses?.[statusCode];
  if (!response) throw responseNotFound();
  return response;
}

export function updateIntegrationResponse(response: StoredIntegrationResponse, operations: PatchOperation[]): void {
  for (const operation of operations) {
    const op = operation.op ?? "";
    const { head, key } = patchPath(operation.path);
    if (key === undefined && (head === "selectionPattern" || head === "contentHandling")) {
      if (op !== "replace") throw replaceOnly();
      if (operation.value === undefined) delete response[head];
      else response[head] = operation.value;
    } else if (key !== undefined && (head === "responseTemplates" || head === "responseParameters")) {
      response[head] = patchMap(response[head], op, key, operation.value ?? "");
    } else {
      throw invalidPatchPath(operation.path);
    }
  }
}

/** A Method as the actions answer it: its integration and responses nested (GetMethod, embed=methods). */
export function methodView(method: StoredMethod) {
  return {
    httpMethod: method.httpMethod,
    authorizationType: method.authorizationType,
    ...(method.authorizerId !== undefined ? { authorizerId: method.authorizerId } : {}),
    apiKeyRequired: method.apiKeyRequired,
    ...(method.requestValidatorId !== undefined ? { requestValidatorId: method.requestValidatorId } : {}),
    ...(method.operationName !== undefined ? { operationName: method.operationName } : {}),
    ...(method.requestParameters ? { requestParameters: method.requestParameters } : {}),
    ...(method.requestModels ? { requestModels: method.requestModels } : {}),
    ...(method.methodResponses && Object.keys(method.methodResponses).length > 0 ? { methodResponses: method.methodResponses } : {}),
    ...(method.methodIntegration ? { methodIntegration: integrationView(method.methodIntegration) } : {}),
    ...(method.authorizationScopes ? { authorizationScopes: method.authorizationScopes } : {}),
  };
}

export function integrationView(integration: StoredIntegration) {
  const { integrationResponses, ...rest } = integration;
  return { ...rest, ...(integrationResponses && Object.keys(integrationResponses).length > 0 ? { integrationResponses } : {}) };
}

