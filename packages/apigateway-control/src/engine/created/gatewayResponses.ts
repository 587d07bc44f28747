/**
 * A created REST API's gateway responses (Put/Get/Update/DeleteGatewayResponse, GetGatewayResponses).
 * Types never put answer their defaults, which a put DEFAULT_4XX / DEFAULT_5XX changes for its
 * family, as AWS answered in localstack's test_gateway_response_crud / _put snapshots.
 */
import { badRequest, NotFoundException } from "../../errors.js";
import { invalidPatchPath, patchPath, type PatchOperation } from "./patch.js";
import type { StoredApi, StoredGatewayResponse } from "./state.js";

/** Every response type with its default status (DEFAULT_4XX and DEFAULT_5XX have none), in the order GetGatewayResponses lists them. */
const DEFAULT_STATUS: Record<string, string | undefined> = {
  ACCESS_DENIED: "403",
  API_CONFIGURATION_ERROR: "500",
  AUTHORIZER_CONFIGURATION_ERROR: "500",
  AUTHORIZER_FAILURE: "500",
  BAD_REQUEST_BODY: "400",
  BAD_REQUEST_PARAMETERS: "400",
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: "403",
  INTEGRATION_FAILURE: "504",
  INTEGRATION_TIMEOUT: "504",
  INVALID_API_KEY: "403",
  INVALID_SIGNATURE: "403",
  MISSING_AUTHENTICATION_TOKEN: "403",
  QUOTA_EXCEEDED: "429",
  REQUEST_TOO_LARGE: "413",
  RESOURCE_NOT_FOUND: "404",
  THROTTLED: "429",
  UNAUTHORIZED: "401",
  UNSUPPORTED_MEDIA_TYPE: "415",
  WAF_FILTERED: "403",
};

const DEFAULT_TEMPLATES = { "application/json": '{"message":$context.error.messageString}' };

/** A type's answer: as put, else its default (its family's DEFAULT_4XX / DEFAULT_5XX when that was put). */
export function gatewayResponseView(api: StoredApi, type: string) {
  const put = api.gatewayResponses?.[type];
  if (put) return { responseType: type, ...(put.statusCode !== undefined ? { statusCode: put.statusCode } : {}), responseParameters: put.responseParameters, responseTemplates: put.responseTemplates, defaultResponse: false };
  const status = DEFAULT_STATUS[type];
  const family = status === undefined ? undefined : api.gatewayResponses?.[status.startsWith("5") ? "DEFAULT_5XX" : "DEFAULT_4XX"];
  const statusCode = family?.statusCode ?? status;
  return {
    responseType: type,
    ...(statusCode !== undefined ? { statusCode } : {}),
    responseParameters: family?.responseParameters ?? {},
    responseTemplates: family?.responseTemplates ?? DEFAULT_TEMPLATES,
    defaultResponse: true,
  };
}

export function gatewayResponseViews(api: StoredApi) {
  return Object.keys(DEFAULT_STATUS).map((type) => gatewayResponseView(api, type));
}

export function putGatewayResponse(api: StoredApi, type: string, input: { statusCode?: string; responseParameters?: Record<string, string>; responseTemplates?: Record<string, string> }) {
  const stored: StoredGatewayResponse = {
    ...((input.statusCode ?? DEFAULT_STATUS[type]) !== undefined ? { statusCode: input.statusCode ?? DEFAULT_STATUS[type] } : {}),
    responseParameters: input.responseParameters ?? {},
    responseTemplates: input.responseTemplates ?? DEFAULT_TEMPLATES,
  };
  api.gatewayResponses = { ...api.gatewayResponses, [type]: stored };
  return gatewayResponseView(api, type);
}

/** UpdateGatewayResponse: a type never put starts from its default and is put from then on. */
export function updateGatewayResponse(api: StoredApi, type: string, operations: PatchOperation[]) {
  const current = gatewayResponseView(api, type);
  const next: StoredGatewayResponse = {
    ...(current.statusCode !== undefined ? { statusCode: current.statusCode } : {}),
    responseParameters: { ...current.responseParameters },
    responseTemplates: { ...current.responseTemplates },
  };
  for (const operation of operations) {
    if (operation.path === undefined) throw invalidPatchPath(undefined);
    const { head, key } = patchPath(operation.path);
    const op = operation.op ?? "";
    if (head === "statusCode" && key === undefined) {
      if (op !== "replace") throw invalidPatchPath(operation.path);
      next.statusCode = operation.value;
    } else if ((head === "responseParameters" || head === "responseTemplates") && key !== undefined) {
      const map = next[head];
      if (op === "remove") {
        delete map[key];
        continue;
      }
      if (op === "replace" && head === "responseParameters" && !Object.hasOwn(map, key)) throw new NotFoundException("Invalid parameter name specified");
      if (operation.value === undefined || operation.value === "") throw badRequest(`Invalid null or empty value in ${head}`);
      map[key] = operation.value;
    } else {
      throw invalidPatchPath(operation.path);
    }
  }
  api.gatewayResponses = { ...api.gatewayResponses, [type]: next };
  return gatewayResponseView(api, type);
}

export function deleteGatewayResponse(api: StoredApi, type: string): void {
  if (!api.gatewayResponses?.[type]) throw new NotFoundException("Gateway response type not defined on api");
  const { [type]: _removed, ...rest } = api.gatewayResponses;
  api.gatewayResponses = rest;
}
