/**
 * A WebSocket API's integration responses (CreateIntegrationResponse …) and models (CreateModel …),
 * edits of an API draft that CreatedHttpApis commits. Integration responses live on their
 * integration, so a deployment's snapshot freezes them with it.
 */
import { badRequest, integrationNotFoundV2, integrationResponseNotFoundV2, modelNotFoundV2, ConflictException } from "../../errors.js";
import { randomId } from "../ids.js";
import { ownMember } from "../created/state.js";
import type { StoredHttpApi, StoredIntegrationResponse, StoredModel } from "./state.js";

type Input = Record<string, unknown>;

/** Ids of 6 characters, as the other child ids of 6 (no recorded integration response or model id was found). */
const ID_LENGTH = 6;
const RESPONSE_MEMBERS = ["IntegrationResponseKey", "ContentHandlingStrategy", "ResponseParameters", "ResponseTemplates", "TemplateSelectionExpression"];
const MODEL_MEMBERS = ["Name", "ContentType", "Description", "Schema"];

export function integrationResponsesOf(api: StoredHttpApi, integrationId: string): Record<string, StoredIntegrationResponse> {
  return integrationOf(webSocketOnly(api, "Integration responses"), integrationId).responses ?? {};
}

export function integrationResponseOf(api: StoredHttpApi, integrationId: string, id: string): StoredIntegrationResponse {
  const response = ownMember(integrationResponsesOf(api, integrationId), id);
  if (!response) throw integrationResponseNotFoundV2(id);
  return response;
}

export function createIntegrationResponse(api: StoredHttpApi, input: Input & { IntegrationId: string; IntegrationResponseKey: string }): StoredIntegrationResponse {
  const integration = integrationOf(webSocketOnly(api, "Integration responses"), input.IntegrationId);
  const taken = new Set(Object.values(api.integrations).flatMap((i) => Object.keys(i.responses ?? {})));
  const response = { IntegrationResponseId: unique(taken), ...pick(input, RESPONSE_MEMBERS) } as StoredIntegrationResponse;
  integration.responses = { ...integration.responses, [response.IntegrationResponseId]: response };
  return response;
}

export function updateIntegrationResponse(api: StoredHttpApi, input: Input & { IntegrationId: string; IntegrationResponseId: string }): StoredIntegrationResponse {
  const response = integrationResponseOf(api, input.IntegrationId, input.IntegrationResponseId);
  Object.assign(response, pick(input, RESPONSE_MEMBERS));
  return response;
}

export function deleteIntegrationResponse(api: StoredHttpApi, input: { IntegrationId: string; IntegrationResponseId: string }): void {
  integrationResponseOf(api, input.IntegrationId, input.IntegrationResponseId);
  const integration = integrationOf(api, input.IntegrationId);
  const { [input.IntegrationResponseId]: _removed, ...rest } = integration.responses ?? {};
  integration.responses = rest;
}

export function modelOf(api: StoredHttpApi, id: string): StoredModel {
  const model = ownMember(api.models ?? {}, id);
  if (!model) throw modelNotFoundV2(id);
  return model;
}

export function createModel(api: StoredHttpApi, input: Input & { Name: string }): StoredModel {
  webSocketOnly(api, "Models");
  checkModelName(api, input.Name, undefined);
  const model = { ModelId: unique(new Set(Object.keys(api.models ?? {}))), ...pick(input, MODEL_MEMBERS) } as StoredModel;
  api.models = { ...api.models, [model.ModelId]: model };
  return model;
}

export function updateModel(api: StoredHttpApi, input: Input & { ModelId: string }): StoredModel {
  const model = modelOf(api, input.ModelId);
  if (typeof input.Name === "string") checkModelName(api, input.Name, model.ModelId);
  Object.assign(model, pick(input, MODEL_MEMBERS));
  return model;
}

export function deleteModel(api: StoredHttpApi, input: { ModelId: string }): void {
  modelOf(api, input.ModelId);
  const { [input.ModelId]: _removed, ...rest } = api.models ?? {};
  api.models = rest;
}

function checkModelName(api: StoredHttpApi, name: string, self: string | undefined): void {
  // v1's text for the same conflict (localstack's recorded CreateModel); no v2 answer was found.
  if (Object.values(api.models ?? {}).some((m) => m.Name === name && m.ModelId !== self)) throw new ConflictException("Model name already exists for this API");
}

function webSocketOnly(api: StoredHttpApi, what: string): StoredHttpApi {
  if (api.ProtocolType !== "WEBSOCKET") throw badRequest(`${what} are supported only for WebSocket APIs`);
  return api;
}

function integrationOf(api: StoredHttpApi, id: string) {
  const integration = ownMember(api.integrations, id);
  if (!integration) throw integrationNotFoundV2(id);
  return integration;
}

function unique(taken: Set<string>): string {
  for (;;) {
    const id = randomId(ID_LENGTH);
    if (!taken.has(id)) return id;
  }
}

function pick(input: Input, names: string[]): Input {
  return Object.fromEntries(names.filter((n) => Object.hasOwn(input, n) && input[n] !== undefined).map((n) => [n, input[n]]));
}
