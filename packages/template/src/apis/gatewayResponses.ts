/**
 * A REST API's customized gateway responses, in the three ways a template writes them:
 * AWS::ApiGateway::GatewayResponse resources, SAM's GatewayResponses property (Headers, Paths and
 * QueryStrings under ResponseParameters, which SAM turns into gatewayresponse.header.<Name>, …),
 * and an OpenAPI definition's x-amazon-apigateway-gateway-responses.
 */
import type { GatewayResponseSpec, ResolvedResource } from "../model.js";
import { isRecord } from "../util.js";

type Responses = Record<string, GatewayResponseSpec>;

/** SAM's ResponseParameters groups and the parameter location each becomes. */
const SAM_LOCATIONS: Record<string, string> = { Headers: "header", Paths: "path", QueryStrings: "querystring" };

function strings(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === "string" || typeof item === "number") out[key] = String(item);
  return Object.keys(out).length > 0 ? out : undefined;
}

function spec(statusCode: unknown, responseParameters: Record<string, string> | undefined, responseTemplates: unknown): GatewayResponseSpec {
  const out: GatewayResponseSpec = {};
  if (typeof statusCode === "string" || typeof statusCode === "number") out.statusCode = String(statusCode);
  if (responseParameters) out.responseParameters = responseParameters;
  const templates = strings(responseTemplates);
  if (templates) out.responseTemplates = templates;
  return out;
}

/** AWS::ApiGateway::GatewayResponse resources of the API (RestApiId is its Ref). */
export function cfnGatewayResponses(resources: ResolvedResource[], apiRef: string): Responses {
  const out: Responses = {};
  for (const r of resources) {
    if (r.type !== "AWS::ApiGateway::GatewayResponse" || r.properties.RestApiId !== apiRef || typeof r.properties.ResponseType !== "string") continue;
    out[r.properties.ResponseType] = spec(r.properties.StatusCode, strings(r.properties.ResponseParameters), r.properties.ResponseTemplates);
  }
  return out;
}

/** SAM's GatewayResponses: { DEFAULT_4XX: { StatusCode, ResponseParameters: { Headers: { Name: "'v'" } }, ResponseTemplates } }. */
export function samGatewayResponses(value: unknown): Responses {
  const out: Responses = {};
  if (!isRecord(value)) return out;
  for (const [type, response] of Object.entries(value)) {
    if (!isRecord(response)) continue;
    const parameters: Record<string, string> = {};
    const groups = isRecord(response.ResponseParameters) ? response.ResponseParameters : {};
    for (const [group, location] of Object.entries(SAM_LOCATIONS)) {
      for (const [name, source] of Object.entries(strings(groups[group]) ?? {})) parameters[`gatewayresponse.${location}.${name}`] = source;
    }
    out[type] = spec(response.StatusCode, Object.keys(parameters).length > 0 ? parameters : undefined, response.ResponseTemplates);
  }
  return out;
}

/** An OpenAPI definition's x-amazon-apigateway-gateway-responses. */
export function openApiGatewayResponses(definition: unknown): Responses {
  const out: Responses = {};
  const responses = isRecord(definition) ? definition["x-amazon-apigateway-gateway-responses"] : undefined;
  if (!isRecord(responses)) return out;
  for (const [type, response] of Object.entries(responses)) {
    if (isRecord(response)) out[type] = spec(response.statusCode, strings(response.responseParameters), response.responseTemplates);
  }
  return out;
}
