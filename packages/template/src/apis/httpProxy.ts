/**
 * HTTP API HTTP_PROXY integrations ("Create HTTP proxy integrations for HTTP APIs"): an
 * AWS::ApiGatewayV2::Integration with IntegrationType HTTP_PROXY (IntegrationUri,
 * IntegrationMethod) or an OpenAPI x-amazon-apigateway-integration of type http_proxy (uri,
 * httpMethod). Only a public http(s) URL is served: a private integration's IntegrationUri
 * (an ALB / NLB listener or Cloud Map service ARN behind a VPC link) has no local endpoint.
 */
import type { HttpProxyRouteSpec } from "../model.js";

/** The integration, or why it is not served. */
export function httpProxyIntegration(uri: unknown, method: unknown): HttpProxyRouteSpec | string {
  if (typeof uri !== "string" || !/^https?:\/\/[^/]/i.test(uri)) {
    return `uses an HTTP_PROXY integration to ${typeof uri === "string" ? uri : "no URL"}, which is not a public http(s) URL (private integrations through a VPC link are not emulated)`;
  }
  return typeof method === "string" && method !== "" ? { uri, method: method.toUpperCase() } : { uri };
}
