/**
 * REST API `Type: AWS` (non-proxy) integrations to a service action with mapping templates:
 * `arn:aws:apigateway:<region>:<service>:action/<Action>` or `…:<service>:path/<path>`, from
 * CloudFormation (AWS::ApiGateway::Method Integration) or OpenAPI (x-amazon-apigateway-integration).
 * A Lambda function's invocations URI (`lambda:path/2015-03-31/functions/<arn>/invocations`)
 * is the non-proxy Lambda integration: the caller checks the function is one of this template.
 * A MOCK integration (no URI) is the same shape with service "mock": its request template's
 * `statusCode` selects the integration response, whose template writes the answer. An HTTP_PROXY
 * integration is service "http_proxy" (HTTP: "http") with its URI and IntegrationHttpMethod; an S3
 * integration by path (`s3:path/<bucket>/<key>`) is service "s3" with its path and IntegrationHttpMethod.
 */
import type { AwsIntegrationRouteSpec } from "../model.js";
import { isRecord } from "../util.js";

/** The services whose actions the sandbox reaches through its dispatcher. */
const SERVICES = new Set(["dynamodb", "sqs", "sns", "states", "kinesis", "events", "ssm", "s3", "lambda"]);

/** The service name a MOCK integration is given (packages/apigateway answers it without a call). */
const MOCK_SERVICE = "mock";
/** The service names of HTTP_PROXY and HTTP integrations (packages/apigateway calls their URI). */
const HTTP_PROXY_SERVICE = "http_proxy";
const HTTP_SERVICE = "http";

const SERVICE_URI = /^arn:aws[a-z-]*:apigateway:[^:]*:([^:]+):(action|path)\/(.+)$/;

type Responses = NonNullable<AwsIntegrationRouteSpec["responses"]>;

function base(uri: unknown): AwsIntegrationRouteSpec | undefined {
  const match = typeof uri === "string" ? SERVICE_URI.exec(uri) : null;
  if (!match || !SERVICES.has(match[1])) return undefined;
  const [, service, kind, rest] = match;
  if (service === "lambda") return { service };
  // S3 by path (`s3:path/<bucket>/<key>`, API Gateway as an S3 proxy); its actions (`s3:action/…`) are not emulated.
  if (service === "s3") return kind === "path" ? { service, path: rest } : undefined;
  return kind === "action" ? { service, action: rest } : { service, path: rest };
}

function strings(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === "string") out[key] = item;
  return out;
}

/** CloudFormation's Integration: Uri, RequestTemplates, RequestParameters, PassthroughBehavior, ContentHandling, IntegrationResponses. */
/** MOCK (no URI), HTTP_PROXY (an http(s) URL) or an AWS service URI. */
function specOf(type: unknown, uri: unknown, httpMethod: unknown): AwsIntegrationRouteSpec | undefined {
  const kind = String(type).toUpperCase();
  if (kind === "MOCK") return { service: MOCK_SERVICE };
  if (kind === "HTTP_PROXY" || kind === "HTTP") {
    if (typeof uri !== "string" || !/^https?:\/\//i.test(uri)) return undefined;
    const service = kind === "HTTP" ? HTTP_SERVICE : HTTP_PROXY_SERVICE;
    return typeof httpMethod === "string" ? { service, uri, httpMethod: httpMethod.toUpperCase() } : { service, uri };
  }
  const spec = base(uri);
  // An S3 integration's IntegrationHttpMethod names the object operation (GET GetObject, PUT PutObject…).
  if (spec?.service === "s3" && typeof httpMethod === "string") spec.httpMethod = httpMethod.toUpperCase();
  return spec;
}

export function cfnAwsIntegration(integration: Record<string, unknown>): AwsIntegrationRouteSpec | undefined {
  const spec = specOf(integration.Type, integration.Uri, integration.IntegrationHttpMethod);
  if (!spec) return undefined;
  const requestTemplates = strings(integration.RequestTemplates);
  if (requestTemplates) spec.requestTemplates = requestTemplates;
  const requestParameters = strings(integration.RequestParameters);
  if (requestParameters) spec.requestParameters = requestParameters;
  if (typeof integration.PassthroughBehavior === "string") spec.passthroughBehavior = integration.PassthroughBehavior.toUpperCase();
  if (typeof integration.ContentHandling === "string") spec.contentHandling = integration.ContentHandling.toUpperCase();
  const responses: Responses = [];
  for (const r of Array.isArray(integration.IntegrationResponses) ? integration.IntegrationResponses : []) {
    if (!isRecord(r) || r.StatusCode === undefined) continue;
    const response: Responses[number] = { statusCode: String(r.StatusCode) };
    if (typeof r.SelectionPattern === "string") response.selectionPattern = r.SelectionPattern;
    const templates = strings(r.ResponseTemplates);
    if (templates) response.responseTemplates = templates;
    const parameters = strings(r.ResponseParameters);
    if (parameters) response.responseParameters = parameters;
    if (typeof r.ContentHandling === "string") response.contentHandling = r.ContentHandling.toUpperCase();
    responses.push(response);
  }
  spec.responses = responses;
  return spec;
}

/** OpenAPI's x-amazon-apigateway-integration: uri, requestTemplates, requestParameters, passthroughBehavior, contentHandling, responses keyed by selection pattern ("default"). */
export function openApiAwsIntegration(integration: Record<string, unknown>): AwsIntegrationRouteSpec | undefined {
  const spec = specOf(integration.type, integration.uri, integration.httpMethod);
  if (!spec) return undefined;
  const requestTemplates = strings(integration.requestTemplates);
  if (requestTemplates) spec.requestTemplates = requestTemplates;
  const requestParameters = strings(integration.requestParameters);
  if (requestParameters) spec.requestParameters = requestParameters;
  if (typeof integration.passthroughBehavior === "string") spec.passthroughBehavior = integration.passthroughBehavior.toUpperCase();
  if (typeof integration.contentHandling === "string") spec.contentHandling = integration.contentHandling.toUpperCase();
  const responses: Responses = [];
  for (const [pattern, r] of Object.entries(isRecord(integration.responses) ? integration.responses : {})) {
    if (!isRecord(r) || r.statusCode === undefined) continue;
    const response: Responses[number] = { statusCode: String(r.statusCode) };
    if (pattern !== "default") response.selectionPattern = pattern;
    const templates = strings(r.responseTemplates);
    if (templates) response.responseTemplates = templates;
    const parameters = strings(r.responseParameters);
    if (parameters) response.responseParameters = parameters;
    if (typeof r.contentHandling === "string") response.contentHandling = r.contentHandling.toUpperCase();
    responses.push(response);
  }
  spec.responses = responses;
  return spec;
}

/**
 * A Lambda proxy integration's IntegrationHttpMethod other than POST: Lambda's Invoke takes POST
 * only, so AWS answers the route's requests with a 500 (localstack's AWS-recorded
 * test_lambda_aws_proxy_integration_non_post_method); undefined for POST or none.
 */
export function lambdaProxyInvokeMethod(type: unknown, httpMethod: unknown): string | undefined {
  if (String(type).toUpperCase() !== "AWS_PROXY" || typeof httpMethod !== "string") return undefined;
  const method = httpMethod.toUpperCase();
  return method === "POST" ? undefined : method;
}
