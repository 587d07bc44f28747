/**
 * REST APIs created through API Gateway's control plane: CreateRestApi, the resource tree,
 * methods and integrations, deployments and stages, journaled in core's Store. A change is
 * made on a copy of the API that replaces it once whole (a refused patch leaves nothing
 * half-done), then committed before it is acknowledged. Stage changes are announced to
 * `onStagesChanged` listeners: the sandbox serves each stage's deployment.
 */
import type { DurableState, Store } from "@sam-sandbox/core";
import { authorizerNotFound, badRequest, ConflictException, modelExists, modelNotFound, requestValidatorNotFound, resourceNotFound, restApiNotFound } from "../../errors.js";
import { createDeployment, createStage, deleteDeployment, updateDeployment, deploymentOf, deploymentView, stageOf, stageView, updateStage, type CreateDeploymentInput, type CreateStageInput } from "./deployments.js";
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT } from "../../limits.js";
import { randomId } from "../ids.js";
import { authorizerOf, createAuthorizer, deleteAuthorizer, updateAuthorizer, type CreateAuthorizerInput } from "./authorizers.js";
import { exportApi, withExtensions } from "./export.js";
import { cloneOf } from "./clone.js";
import { defaultModels } from "./models.js";
import { deleteGatewayResponse, gatewayResponseView, gatewayResponseViews, putGatewayResponse, updateGatewayResponse } from "./gatewayResponses.js";
import { checkDefinition, importDefinition, infoOf, INVALID_OPENAPI } from "./import.js";
import {
  integrationOf, integrationResponseOf, integrationView, methodOf, methodView, methodResponseOf, putIntegration, putIntegrationResponse, putMethod, putMethodResponse, updateIntegration,
  updateIntegrationResponse, updateMethod, updateMethodResponse, type PutIntegrationInput, type PutMethodInput,
} from "./methods.js";
import { invalidPatchPath, patchBoolean, patchPath, type PatchOperation } from "./patch.js";
import { checkCompression, patchRestApi, restApiView } from "./restApi.js";
import { UsagePlans, type StageApiKey } from "./usagePlans.js";
import { createResource, deleteResource, resourceOf, resourceView, sortedResources, updateResource } from "./resources.js";
import { copyOf, createdApisCodec, ownMember, type CreatedApisRecord, type CreatedApisState, type StoredApi, type StoredIntegrationResponse, type StoredMethod } from "./state.js";

/** API, resource and root resource ids have 10 characters; deployments, models and validators 6. */
const LONG_ID = 10;
const SHORT_ID = 6;

export interface CreatedApisContext {
  region: string;
  accountId: string;
  /** Epoch milliseconds (the sandbox's Clock). */
  now: () => number;
  /** Ids already taken (the template's APIs). */
  reserved?: (id: string) => boolean;
  /** Reads an OpenAPI definition that is not JSON (YAML), for ImportRestApi and PutRestApi. */
  parseDefinition?: (text: string) => unknown;
}

/** One deployed stage, as the sandbox serves it: the deployment's OpenAPI export with the stage's settings. */
export interface ServedStage {
  apiId: string;
  name: string;
  stageName: string;
  deploymentId: string;
  variables?: Record<string, string>;
  tracingEnabled: boolean;
  /** The API keys of the usage plans naming this stage. */
  apiKeys: StageApiKey[];
  /** The OpenAPI 3 document of the stage's deployment, with x-amazon-apigateway-integration extensions. */
  document: Record<string, unknown>;
}

type Labels = { restApiId: string; resourceId: string; httpMethod: string };
type Patch = { patchOperations?: PatchOperation[] };

export class CreatedRestApis {
  private readonly listeners = new Set<(apiId: string) => void>();
  /** The account's API keys and usage plans: a change may change what any stage accepts. */
  readonly plans: UsagePlans;

  private constructor(
    private readonly durable: DurableState<CreatedApisState, CreatedApisRecord>,
    private readonly ctx: CreatedApisContext,
  ) {
    this.plans = new UsagePlans(durable, ctx.now, () => {
      for (const id of this.ids()) this.announce(id);
    });
  }

  static async open(store: Store, ctx: CreatedApisContext): Promise<CreatedRestApis> {
    return new CreatedRestApis(await store.open("apigateway", createdApisCodec), ctx);
  }

  /** Calls `listener` with the API's id whenever what one of its stages serves may have changed. */
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

  // RestApis

  restApis() {
    return [...this.durable.state.apis.values()].map((api) => restApiView(api, false));
  }

  async createRestApi(input: {
    name: string; description?: string; version?: string; binaryMediaTypes?: string[]; minimumCompressionSize?: number; apiKeySource?: string;
    endpointConfiguration?: { types?: string[]; ipAddressType?: string }; policy?: string; tags?: Record<string, string>; disableExecuteApiEndpoint?: boolean; cloneFrom?: string;
  }) {
    const source = input.cloneFrom !== undefined ? this.api(input.cloneFrom) : undefined;
    // AWS's texts (localstack's test_create_rest_api_with_optional_params / _with_endpoint_configuration snapshots).
    if (input.description === "") throw badRequest("Description cannot be an empty string");
    checkCompression(input.minimumCompressionSize);
    const types = input.endpointConfiguration?.types ?? ["EDGE"];
    if (types.length === 0) throw badRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.");
    if (types.length > 1) throw badRequest("Cannot create an api with multiple Endpoint Types.");
    const ipAddressType = input.endpointConfiguration?.ipAddressType ?? (types[0] === "PRIVATE" ? "dualstack" : "ipv4");
    if (types[0] === "PRIVATE" && ipAddressType !== "dualstack") throw badRequest("Only dualstack ipAddressType is supported for Private APIs.");
    const id = this.newApiId();
    const rootResourceId = newId(LONG_ID);
    const api: StoredApi = {
      id,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.version !== undefined ? { version: input.version } : {}),
      createdDate: wholeSeconds(this.ctx.now()),
      ...(input.binaryMediaTypes?.length ? { binaryMediaTypes: input.binaryMediaTypes } : {}),
      ...(input.minimumCompressionSize !== undefined ? { minimumCompressionSize: input.minimumCompressionSize } : {}),
      apiKeySource: input.apiKeySource ?? "HEADER",
      endpointConfiguration: { types, ipAddressType },
      tags: input.tags ?? {},
      disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
      ...(input.policy !== undefined ? { policy: input.policy } : {}),
      rootResourceId,
      resources: { [rootResourceId]: { id: rootResourceId, methods: {} } },
      deployments: {},
      stages: {},
      models: defaultModels(() => newId(SHORT_ID)),
      requestValidators: {},
      // The AWS CLI's example create-rest-api.rst ("Copy of My First API", --clone-from).
      ...(source ? cloneOf(source, () => newId(LONG_ID)) : {}),
    };
    this.durable.state.apis.set(id, api);
    await this.durable.commit({ op: "put", api: copyOf(api) });
    return restApiView(api, false);
  }

  getRestApi(input: { restApiId: string }) {
    return restApiView(this.api(input.restApiId), false);
  }

  updateRestApi(input: { restApiId: string } & Patch) {
    return this.change(input.restApiId, (api) => {
      for (const operation of input.patchOperations ?? []) patchRestApi(api, operation);
      return restApiView(api, true);
    }, false);
  }

  async deleteRestApi(input: { restApiId: string }) {
    this.api(input.restApiId);
    this.durable.state.apis.delete(input.restApiId);
    await this.durable.commit({ op: "delete", id: input.restApiId });
    this.announce(input.restApiId);
  }

  /** ImportRestApi: a new API from an OpenAPI 3 / Swagger 2 definition (JSON, or YAML when the sandbox reads it). */
  async importRestApi(input: { body: string }) {
    const document = checkDefinition(this.parse(input.body));
    const info = infoOf(document);
    const api = await this.createRestApi({ name: info.name, ...(info.description !== undefined ? { description: info.description } : {}) });
    return this.change(api.id, (draft) => {
      importDefinition(draft, document, "overwrite");
      return restApiView(draft, false);
    }, false);
  }

  /** PutRestApi: the definition merged into the API (mode merge, the default) or replacing it (overwrite). */
  putRestApi(input: { restApiId: string; body: string; mode?: string }) {
    this.api(input.restApiId);
    const document = checkDefinition(this.parse(input.body));
    return this.change(input.restApiId, (api) => {
      importDefinition(api, document, input.mode === "overwrite" ? "overwrite" : "merge");
      return restApiView(api, false);
    }, false);
  }

  // Resources

  getResources(input: { restApiId: string; embed?: string[] }) {
    const api = this.api(input.restApiId);
    const embed = input.embed?.includes("methods") ?? false;
    return sortedResources(api.resources).map((r) => resourceView(api.resources, r, embed, methodView));
  }

  getResource(input: { restApiId: string; resourceId: string; embed?: string[] }) {
    const api = this.apiOfResource(input.restApiId);
    return resourceView(api.resources, resourceOf(api, input.resourceId), input.embed?.includes("methods") ?? false, methodView);
  }

  createResource(input: { restApiId: string; parentId: string; pathPart: string }) {
    this.apiOfResource(input.restApiId);
    return this.change(input.restApiId, (api) => resourceView(api.resources, createResource(api, input.parentId, input.pathPart, newId(LONG_ID)), false, methodView), false);
  }

  updateResource(input: { restApiId: string; resourceId: string } & Patch) {
    this.apiOfResource(input.restApiId);
    return this.change(input.restApiId, (api) => {
      const resource = resourceOf(api, input.resourceId);
      updateResource(api, resource, input.patchOperations ?? []);
      return resourceView(api.resources, resource, false, methodView);
    }, false);
  }

  async deleteResource(input: { restApiId: string; resourceId: string }) {
    this.apiOfResource(input.restApiId);
    await this.change(input.restApiId, (api) => deleteResource(api, resourceOf(api, input.resourceId)), false);
  }

  // Methods

  putMethod(input: Omit<Labels, "httpMethod"> & PutMethodInput) {
    this.apiOfResource(input.restApiId);
    return this.change(input.restApiId, (api) => methodView(putMethod(api, resourceOf(api, input.resourceId), input)), false);
  }

  getMethod(input: Labels) {
    return methodView(this.method(input));
  }

  updateMethod(input: Labels & Patch) {
    this.method(input);
    return this.change(input.restApiId, (api) => {
      const method = methodOf(resourceOf(api, input.resourceId), input.httpMethod);
      updateMethod(api, method, input.patchOperations ?? []);
      return methodView(method);
    }, false);
  }

  async deleteMethod(input: Labels) {
    this.method(input);
    await this.change(input.restApiId, (api) => {
      delete resourceOf(api, input.resourceId).methods[input.httpMethod];
    }, false);
  }

  // Integrations

  putIntegration(input: Labels & PutIntegrationInput) {
    this.method(input);
    return this.change(input.restApiId, (api) => {
      const resource = resourceOf(api, input.resourceId);
      return integrationView(putIntegration(resource, methodOf(resource, input.httpMethod), input));
    }, false);
  }

  getIntegration(input: Labels) {
    return integrationView(integrationOf(this.method(input)));
  }

  updateIntegration(input: Labels & Patch) {
    integrationOf(this.method(input));
    return this.change(input.restApiId, (api) => {
      const integration = integrationOf(methodOf(resourceOf(api, input.resourceId), input.httpMethod));
      updateIntegration(integration, input.patchOperations ?? []);
      return integrationView(integration);
    }, false);
  }

  async deleteIntegration(input: Labels) {
    integrationOf(this.method(input));
    await this.change(input.restApiId, (api) => {
      delete methodOf(resourceOf(api, input.resourceId), input.httpMethod).methodIntegration;
    }, false);
  }

  // Method responses

  putMethodResponse(input: Labels & { statusCode: string; responseParameters?: Record<string, boolean>; responseModels?: Record<string, string> }) {
    this.method(input);
    return this.change(input.restApiId, (api) => putMethodResponse(methodOf(resourceOf(api, input.resourceId), input.httpMethod), input.statusCode, input), false);
  }

  getMethodResponse(input: Labels & { statusCode: string }) {
    return methodResponseOf(this.method(input), input.statusCode);
  }

  updateMethodResponse(input: Labels & { statusCode: string } & Patch) {
    methodResponseOf(this.method(input), input.statusCode);
    return this.change(input.restApiId, (api) => {
      const response = methodResponseOf(methodOf(resourceOf(api, input.resourceId), input.httpMethod), input.statusCode);
      updateMethodResponse(response, input.patchOperations ?? []);
      return response;
    }, false);
  }

  async deleteMethodResponse(input: Labels & { statusCode: string }) {
    methodResponseOf(this.method(input), input.statusCode);
    await this.change(input.restApiId, (api) => {
      const method = methodOf(resourceOf(api, input.resourceId), input.httpMethod);
      const { [input.statusCode]: _removed, ...rest } = method.methodResponses ?? {};
      method.methodResponses = rest;
    }, false);
  }

  // Integration responses

  putIntegrationResponse(input: Labels & { statusCode: string } & Omit<StoredIntegrationResponse, "statusCode">) {
    integrationOf(this.method(input));
    return this.change(input.restApiId, (api) => putIntegrationResponse(integrationOf(methodOf(resourceOf(api, input.resourceId), input.httpMethod)), input.statusCode, input), false);
  }

  getIntegrationResponse(input: Labels & { statusCode: string }) {
    return integrationResponseOf(integrationOf(this.method(input)), input.statusCode);
  }

  updateIntegrationResponse(input: Labels & { statusCode: string } & Patch) {
    integrationResponseOf(integrationOf(this.method(input)), input.statusCode);
    return this.change(input.restApiId, (api) => {
      const response = integrationResponseOf(integrationOf(methodOf(resourceOf(api, input.resourceId), input.httpMethod)), input.statusCode);
      updateIntegrationResponse(response, input.patchOperations ?? []);
      return response;
    }, false);
  }

  async deleteIntegrationResponse(input: Labels & { statusCode: string }) {
    integrationResponseOf(integrationOf(this.method(input)), input.statusCode);
    await this.change(input.restApiId, (api) => {
      const integration = integrationOf(methodOf(resourceOf(api, input.resourceId), input.httpMethod));
      const { [input.statusCode]: _removed, ...rest } = integration.integrationResponses ?? {};
      integration.integrationResponses = rest;
    }, false);
  }

  // Deployments and stages

  createDeployment(input: { restApiId: string } & CreateDeploymentInput) {
    this.api(input.restApiId);
    return this.change(input.restApiId, (api) => deploymentView(createDeployment(api, input, newId(SHORT_ID), wholeSeconds(this.ctx.now())), false), true);
  }

  getDeployment(input: { restApiId: string; deploymentId: string; embed?: string[] }) {
    return deploymentView(deploymentOf(this.api(input.restApiId), input.deploymentId), input.embed?.includes("apisummary") ?? false);
  }

  getDeployments(input: { restApiId: string }) {
    return Object.values(this.api(input.restApiId).deployments).map((d) => deploymentView(d, false));
  }

  updateDeployment(input: { restApiId: string; deploymentId: string } & Patch) {
    deploymentOf(this.api(input.restApiId), input.deploymentId);
    return this.change(input.restApiId, (api) => {
      const deployment = deploymentOf(api, input.deploymentId);
      updateDeployment(deployment, input.patchOperations ?? []);
      return deploymentView(deployment, false);
    }, false);
  }

  async deleteDeployment(input: { restApiId: string; deploymentId: string }) {
    this.api(input.restApiId);
    await this.change(input.restApiId, (api) => deleteDeployment(api, input.deploymentId), false);
  }

  createStage(input: { restApiId: string } & CreateStageInput) {
    this.api(input.restApiId);
    return this.change(input.restApiId, (api) => stageView(createStage(api, input, wholeSeconds(this.ctx.now()))), true);
  }

  getStage(input: { restApiId: string; stageName: string }) {
    return stageView(stageOf(this.api(input.restApiId), input.stageName));
  }

  getStages(input: { restApiId: string; deploymentId?: string }) {
    const stages = Object.values(this.api(input.restApiId).stages).filter((s) => input.deploymentId === undefined || s.deploymentId === input.deploymentId);
    return { item: stages.map(stageView) };
  }

  updateStage(input: { restApiId: string; stageName: string } & Patch) {
    stageOf(this.api(input.restApiId), input.stageName);
    return this.change(input.restApiId, (api) => {
      const stage = stageOf(api, input.stageName);
      updateStage(api, stage, input.patchOperations ?? [], wholeSeconds(this.ctx.now()));
      return stageView(stage);
    }, true);
  }

  async deleteStage(input: { restApiId: string; stageName: string }) {
    stageOf(this.api(input.restApiId), input.stageName);
    await this.change(input.restApiId, (api) => {
      delete api.stages[input.stageName];
    }, true);
  }

  // Authorizers

  createAuthorizer(input: { restApiId: string } & CreateAuthorizerInput) {
    // AWS's answer for an unknown API (localstack's test_authorizer_crud_no_api snapshot).
    if (!this.has(input.restApiId)) throw new ConflictException("Unable to complete operation due to concurrent modification. Please try again later.");
    return this.change(input.restApiId, (api) => createAuthorizer(api, input, newId(SHORT_ID)), false);
  }

  getAuthorizer(input: { restApiId: string; authorizerId: string }) {
    const api = this.durable.state.apis.get(input.restApiId);
    if (!api) throw authorizerNotFound();
    return authorizerOf(api, input.authorizerId);
  }

  getAuthorizers(input: { restApiId: string }) {
    return Object.values(this.api(input.restApiId).authorizers ?? {});
  }

  updateAuthorizer(input: { restApiId: string; authorizerId: string } & Patch) {
    this.getAuthorizer(input);
    return this.change(input.restApiId, (api) => {
      const authorizer = authorizerOf(api, input.authorizerId);
      updateAuthorizer(authorizer, input.patchOperations ?? []);
      return authorizer;
    }, false);
  }

  async deleteAuthorizer(input: { restApiId: string; authorizerId: string }) {
    this.getAuthorizer(input);
    await this.change(input.restApiId, (api) => deleteAuthorizer(api, input.authorizerId), false);
  }

  // Gateway responses

  putGatewayResponse(input: { restApiId: string; responseType: string; statusCode?: string; responseParameters?: Record<string, string>; responseTemplates?: Record<string, string> }) {
    this.api(input.restApiId);
    return this.change(input.restApiId, (api) => putGatewayResponse(api, input.responseType, input), false);
  }

  getGatewayResponse(input: { restApiId: string; responseType: string }) {
    return gatewayResponseView(this.api(input.restApiId), input.responseType);
  }

  getGatewayResponses(input: { restApiId: string }) {
    return gatewayResponseViews(this.api(input.restApiId));
  }

  updateGatewayResponse(input: { restApiId: string; responseType: string } & Patch) {
    this.api(input.restApiId);
    return this.change(input.restApiId, (api) => updateGatewayResponse(api, input.responseType, input.patchOperations ?? []), false);
  }

  async deleteGatewayResponse(input: { restApiId: string; responseType: string }) {
    this.api(input.restApiId);
    await this.change(input.restApiId, (api) => deleteGatewayResponse(api, input.responseType), false);
  }

  // Models and request validators

  createModel(input: { restApiId: string; name: string; description?: string; schema?: string; contentType: string }) {
    this.api(input.restApiId);
    // AWS's texts (localstack's test_model_validation snapshot).
    if (input.name === "") throw badRequest("Model name must be non-empty");
    return this.change(input.restApiId, (api) => {
      if (Object.values(api.models).some((m) => m.name === input.name)) throw modelExists();
      const model = { id: newId(SHORT_ID), name: input.name, contentType: input.contentType, ...(input.description !== undefined ? { description: input.description } : {}), ...(input.schema !== undefined ? { schema: input.schema } : {}) };
      api.models[model.id] = model;
      return model;
    }, false);
  }

  getModel(input: { restApiId: string; modelName: string }) {
    const model = Object.values(this.api(input.restApiId).models).find((m) => m.name === input.modelName);
    if (!model) throw modelNotFound(input.modelName);
    return model;
  }

  getModels(input: { restApiId: string }) {
    return Object.values(this.api(input.restApiId).models);
  }

  /** replace /description or /schema (the AWS CLI's example update-model.rst). */
  updateModel(input: { restApiId: string; modelName: string } & Patch) {
    const found = this.getModel(input);
    return this.change(input.restApiId, (api) => {
      const model = { ...found };
      for (const operation of input.patchOperations ?? []) {
        if (operation.op !== "replace" || (operation.path !== "/description" && operation.path !== "/schema")) throw invalidPatchPath(operation.path);
        const member = operation.path === "/description" ? "description" : "schema";
        if (operation.value === undefined) delete model[member];
        else model[member] = operation.value;
      }
      api.models[model.id] = model;
      return model;
    }, false);
  }

  async deleteModel(input: { restApiId: string; modelName: string }) {
    const model = this.getModel(input);
    await this.change(input.restApiId, (api) => {
      delete api.models[model.id];
    }, false);
  }

  createRequestValidator(input: { restApiId: string; name?: string; validateRequestBody?: boolean; validateRequestParameters?: boolean }) {
    // AWS's text (localstack's test_create_request_validator_invalid_api_id snapshot).
    if (!this.has(input.restApiId)) throw badRequest("Invalid REST API identifier specified");
    return this.change(input.restApiId, (api) => {
      const validator = { id: newId(SHORT_ID), name: input.name ?? "", validateRequestBody: input.validateRequestBody ?? false, validateRequestParameters: input.validateRequestParameters ?? false };
      api.requestValidators[validator.id] = validator;
      return validator;
    }, false);
  }

  getRequestValidator(input: { restApiId: string; requestValidatorId: string }) {
    const api = this.durable.state.apis.get(input.restApiId);
    const validator = ownMember(api?.requestValidators, input.requestValidatorId);
    if (!validator) throw requestValidatorNotFound();
    return validator;
  }

  getRequestValidators(input: { restApiId: string }) {
    return Object.values(this.api(input.restApiId).requestValidators);
  }

  /** replace /name, /validateRequestBody or /validateRequestParameters (the AWS CLI's example update-request-validator.rst). */
  updateRequestValidator(input: { restApiId: string; requestValidatorId: string } & Patch) {
    const found = this.getRequestValidator(input);
    return this.change(input.restApiId, (api) => {
      const validator = { ...found };
      for (const operation of input.patchOperations ?? []) {
        const { head, key } = patchPath(operation.path);
        if (key !== undefined || (operation.op !== undefined && operation.op !== "replace")) throw invalidPatchPath(operation.path);
        if (head === "name") validator.name = operation.value ?? "";
        else if (head === "validateRequestBody" || head === "validateRequestParameters") validator[head] = patchBoolean(operation.value);
        else throw invalidPatchPath(operation.path);
      }
      api.requestValidators[validator.id] = validator;
      return validator;
    }, false);
  }

  async deleteRequestValidator(input: { restApiId: string; requestValidatorId: string }) {
    this.getRequestValidator(input);
    await this.change(input.restApiId, (api) => {
      delete api.requestValidators[input.requestValidatorId];
    }, false);
  }

  // Tags (TagResource, UntagResource, GetTags) of APIs and stages; keys' and plans' through `plans`

  async tagResource(input: { resourceArn: string; tags: Record<string, string> }) {
    await this.retag(input.resourceArn, (tags) => ({ ...tags, ...input.tags }));
  }

  async untagResource(input: { resourceArn: string; tagKeys: string[] }) {
    await this.retag(input.resourceArn, (tags) => Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => !input.tagKeys.includes(k))));
  }

  getTags(input: { resourceArn: string }) {
    const target = ARN_TARGET.exec(input.resourceArn);
    if (target?.[1] === "restapis" && target[2] !== undefined) {
      const api = this.durable.state.apis.get(target[2]);
      if (!api) return { tags: {} };
      return { tags: (target[3] === undefined ? api.tags : stageOf(api, target[3]).tags) ?? {} };
    }
    return { tags: this.plans.tagsOf(input.resourceArn) };
  }

  private async retag(arn: string, edit: (tags: Record<string, string> | undefined) => Record<string, string>): Promise<void> {
    const target = ARN_TARGET.exec(arn);
    if (target?.[1] === "restapis" && target[2] !== undefined) {
      const stageName = target[3];
      await this.change(target[2], (api) => {
        if (stageName === undefined) api.tags = edit(api.tags);
        else stageOf(api, stageName).tags = edit(stageOf(api, stageName).tags);
      }, false);
      return;
    }
    await this.plans.retag(arn, edit);
  }

  // The account (GetAccount, UpdateAccount)

  getAccount() {
    const { cloudwatchRoleArn } = this.durable.state.account;
    return {
      ...(cloudwatchRoleArn !== undefined ? { cloudwatchRoleArn } : {}),
      throttleSettings: { burstLimit: ACCOUNT_BURST_LIMIT, rateLimit: ACCOUNT_RATE_LIMIT },
      features: ["UsagePlans"],
      apiKeyVersion: "4",
    };
  }

  async updateAccount(input: Patch) {
    const account = { ...this.durable.state.account };
    for (const operation of input.patchOperations ?? []) {
      if (operation.path !== "/cloudwatchRoleArn") throw invalidPatchPath(operation.path);
      if (operation.op === "remove" || !operation.value) delete account.cloudwatchRoleArn;
      else account.cloudwatchRoleArn = operation.value;
    }
    this.durable.state.account = account;
    await this.durable.commit({ op: "putAccount", account: { ...account } });
    return this.getAccount();
  }

  // Export and serving

  getExport(input: { restApiId: string; stageName: string; exportType: string; parameters?: Record<string, string> }) {
    const api = this.api(input.restApiId);
    const stage = stageOf(api, input.stageName);
    const deployment = deploymentOf(api, stage.deploymentId);
    const format = input.exportType === "swagger" ? "swagger" : "oas30";
    const document = exportApi(deployment.snapshot, { apiId: api.id, region: this.ctx.region, stageName: stage.stageName, version: exportVersion(deployment.createdDate) }, format);
    return withExtensions(document, input.parameters?.extensions);
  }

  /** The API's stages with what each serves (none once the API is deleted). */
  servedStages(apiId: string): ServedStage[] {
    const api = this.durable.state.apis.get(apiId);
    if (!api) return [];
    return Object.values(api.stages).flatMap((stage) => {
      const deployment = api.deployments[stage.deploymentId];
      if (!deployment) return [];
      return [{
        apiId,
        name: deployment.snapshot.name,
        stageName: stage.stageName,
        deploymentId: deployment.id,
        ...(stage.variables ? { variables: stage.variables } : {}),
        tracingEnabled: stage.tracingEnabled,
        apiKeys: this.plans.keysFor(apiId, stage.stageName),
        document: exportApi(deployment.snapshot, { apiId, region: this.ctx.region, stageName: stage.stageName, version: exportVersion(deployment.createdDate) }, "oas30"),
      }];
    });
  }

  // Internals

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      if (!this.ctx.parseDefinition) throw badRequest(INVALID_OPENAPI);
      try {
        return this.ctx.parseDefinition(text);
      } catch {
        throw badRequest(INVALID_OPENAPI);
      }
    }
  }

  private api(id: string): StoredApi {
    const api = this.durable.state.apis.get(id);
    if (!api) throw restApiNotFound(this.ctx.accountId, id);
    return api;
  }

  /** Actions naming a resource answer an unknown API as an unknown resource (AWS's recorded answers). */
  private apiOfResource(id: string): StoredApi {
    const api = this.durable.state.apis.get(id);
    if (!api) throw resourceNotFound();
    return api;
  }

  private method(input: Labels): StoredMethod {
    return methodOf(resourceOf(this.apiOfResource(input.restApiId), input.resourceId), input.httpMethod);
  }

  /** Applies `edit` to a copy of the API, which replaces it once the edit succeeds; committed before the answer. */
  private async change<T>(id: string, edit: (api: StoredApi) => T, stagesChange: boolean): Promise<T> {
    const draft = copyOf(this.api(id));
    const result = edit(draft);
    this.durable.state.apis.set(id, draft);
    await this.durable.commit({ op: "put", api: copyOf(draft) });
    if (stagesChange) this.announce(id);
    return result;
  }

  private announce(apiId: string): void {
    for (const listener of this.listeners) listener(apiId);
  }

  private newApiId(): string {
    for (;;) {
      const id = newId(LONG_ID);
      if (!this.has(id) && !(this.ctx.reserved?.(id) ?? false)) return id;
    }
  }
}

const newId = (length: number) => randomId(length);

/** An export's info.version: the deployment's creation, to the second as AWS writes it ("2016-09-12T23:19:28Z"). */
const exportVersion = (createdDate: number) => new Date(createdDate).toISOString().replace(/\.\d{3}Z$/, "Z");

/** arn:aws:apigateway:<region>::/restapis/<id>[/stages/<stage>], ::/apikeys/<id>, ::/usageplans/<id>. */
export const ARN_TARGET = /^arn:aws[a-z-]*:apigateway:[^:]*::\/(restapis|apikeys|usageplans)\/([^/]+)(?:\/stages\/([^/]+))?$/;

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
