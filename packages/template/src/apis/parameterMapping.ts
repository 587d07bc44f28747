/**
 * HTTP API parameter mapping of a Lambda proxy integration ("Transform API requests and responses
 * for HTTP APIs"): RequestParameters ({"append:header.h": "$context.requestId", …}) and
 * ResponseParameters by status code, from AWS::ApiGatewayV2::Integration (where CloudFormation
 * also writes a status code's parameters as {ResponseParameters: [{Destination, Source}]}) or an
 * OpenAPI x-amazon-apigateway-integration (requestParameters, responseParameters).
 */
import type { RouteSpec } from "../model.js";
import { isRecord } from "../util.js";

export function httpParameterMapping(requestParameters: unknown, responseParameters: unknown): RouteSpec["parameterMapping"] {
  const request = stringMap(requestParameters);
  const response: Record<string, Record<string, string>> = {};
  if (isRecord(responseParameters)) {
    for (const [status, parameters] of Object.entries(responseParameters)) {
      const listed = isRecord(parameters) && Array.isArray(parameters.ResponseParameters) ? parameters.ResponseParameters : undefined;
      const map = listed ? Object.fromEntries(listed.filter(isRecord).map((p) => [String(p.Destination), String(p.Source ?? "")])) : stringMap(parameters);
      if (map && Object.keys(map).length > 0) response[status] = map;
    }
  }
  if (!request && Object.keys(response).length === 0) return undefined;
  return { ...(request ? { request } : {}), ...(Object.keys(response).length > 0 ? { response } : {}) };
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value).filter(([, v]) => typeof v === "string" || typeof v === "number");
  return entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k, String(v)])) : undefined;
}
