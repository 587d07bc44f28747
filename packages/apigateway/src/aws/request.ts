/**
 * The service call of a REST API `Type: AWS` integration: the request template (chosen by
 * Content-Type) rendered, then read as the service reads its request — JSON for the awsJson
 * services (DynamoDB, Step Functions), form parameters for the query services (SQS, SNS),
 * with RequestParameters' integration.request.querystring.* added.
 */
import type { AwsIntegration } from "../config.js";
import { overridden, type RequestOverride, requestOverride } from "../vtl/overrides.js";
import { renderMappingTemplate, type MappingInput } from "../vtl/render.js";

/** API Gateway picks the template by Content-Type (parameters ignored), application/json when there is none. */
const DEFAULT_CONTENT_TYPE = "application/json";

const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

/** The integer parameters of SQS's SendMessage / ReceiveMessage / ChangeMessageVisibility (SQS's Smithy model). */
const INTEGER_PARAMETERS = ["DelaySeconds", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds"];

/**
 * Services whose API Gateway integration speaks the query protocol (form parameters in, JSON out).
 * SSM too: an `ssm:action/<Action>` integration reaches its legacy query API (localstack's
 * test_apigateway_ssm.py, recorded on AWS: {"GetParameterResponse": {"GetParameterResult": …}}).
 */
const QUERY_SERVICES = new Set(["sqs", "sns", "ssm"]);

/** The boolean parameters of SSM's GetParameter / GetParameters / GetParametersByPath (SSM's API reference). */
const BOOLEAN_PARAMETERS = ["WithDecryption", "Recursive"];

export type AwsRequest =
  | { kind: "call"; action: string; input: Record<string, unknown> }
  /** A non-proxy Lambda integration: the mapped body is the function's event. */
  | { kind: "invoke"; payload: string }
  /** No template for the request's content type and the passthrough behavior refuses it: 415. */
  | { kind: "unsupported-media-type" }
  /** The mapped body is not what the service can read: the service's 400 SerializationException. */
  | { kind: "serialization" }
  /** An HTTP (non-proxy) integration: the mapped body goes to the integration's URI, with the template's $context.requestOverride. */
  | { kind: "http"; body: string; override: RequestOverride; passedThrough: boolean }
  /** An S3 integration by path (aws/s3.ts): the mapped body is the object PutObject writes. */
  | { kind: "s3"; body: string; override: RequestOverride; passedThrough: boolean }
  /** A MOCK integration: the status its request template chose. */
  | { kind: "mock"; status: number }
  /** A MOCK integration whose mapped request has no integer statusCode: a 500. */
  | { kind: "mock-without-status" };

/** What packages/template names a MOCK integration's service. */
export const MOCK_SERVICE = "mock";

/** What packages/template names an HTTP (non-proxy) integration's service. */
const HTTP_SERVICE = "http";

/** What packages/template names an S3 integration by path (`s3:path/<bucket>/<key>`). */
const S3_SERVICE = "s3";

/** A MOCK integration without a request template answers its default integration response ("how-to-mock-integration"). */
const MOCK_DEFAULT_STATUS = 200;

/**
 * The integer `statusCode` of a MOCK integration's mapped request ({"statusCode": 200}); undefined
 * when there is none: "Execution failed due to configuration error: Unable to parse statusCode".
 */
function mockStatus(body: string): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Read leniently, as AWS does: CDK's own CORS preflight MOCK sends `{ statusCode: 200 }` (an unquoted key).
    const lenient = LENIENT_STATUS_CODE.exec(body);
    return lenient ? Number(lenient[1]) : undefined;
  }
  const status = typeof parsed === "object" && parsed !== null && "statusCode" in parsed ? parsed.statusCode : undefined;
  return typeof status === "number" && Number.isInteger(status) ? status : undefined;
}

/** An object whose statusCode member (quoted or not) is an integer: `{ statusCode: 200 }`. */
const LENIENT_STATUS_CODE = /^\s*\{[\s\S]*?\bstatusCode['"]?\s*:\s*(-?\d+)\s*[,}]/;

export function isQueryService(service: string): boolean {
  return QUERY_SERVICES.has(service);
}

export function awsRequest(
  integration: AwsIntegration,
  contentType: string | undefined,
  mapping: MappingInput,
  region: string,
  override: RequestOverride = requestOverride(),
): AwsRequest {
  const templates = integration.requestTemplates ?? {};
  const mediaType = (contentType ?? DEFAULT_CONTENT_TYPE).split(";")[0].trim().toLowerCase();
  const template = Object.entries(templates).find(([type]) => type.toLowerCase() === mediaType)?.[1];
  let body: string;
  // $context.requestOverride.{header,querystring,path}.<name>: set by the template, applied after RequestParameters.
  if (template !== undefined) body = renderMappingTemplate(template, { ...mapping, context: { ...mapping.context, requestOverride: override } });
  else if (passesThrough(integration, Object.keys(templates).length > 0)) body = mapping.body;
  else return { kind: "unsupported-media-type" };
  if (integration.service === MOCK_SERVICE) {
    const status = template === undefined ? MOCK_DEFAULT_STATUS : mockStatus(body);
    return status === undefined ? { kind: "mock-without-status" } : { kind: "mock", status };
  }
  if (integration.service === HTTP_SERVICE) return { kind: "http", body, override, passedThrough: template === undefined };
  if (integration.service === S3_SERVICE) return { kind: "s3", body, override, passedThrough: template === undefined };
  // A request without a body reaches the function as an empty object.
  if (integration.service === "lambda") return { kind: "invoke", payload: body.trim() === "" ? "{}" : body };
  // The service's request parameters are its query string: RequestParameters', then the template's overrides.
  const extra = { ...integrationParameters(integration.requestParameters ?? {}, mapping), ...Object.fromEntries(overridden(override.querystring)) };
  if (!isQueryService(integration.service)) return jsonCall(integration, body, extra);
  // A body passed through is form parameters only when the client sent a form.
  const formBody = template !== undefined || mediaType === FORM_CONTENT_TYPE ? body : "";
  return queryCall(integration, formBody, extra, region, override.path);
}

function passesThrough(integration: AwsIntegration, hasTemplates: boolean): boolean {
  const behavior = integration.passthroughBehavior ?? "WHEN_NO_MATCH";
  return behavior === "WHEN_NO_MATCH" || (behavior === "WHEN_NO_TEMPLATES" && !hasTemplates);
}

function jsonCall(integration: AwsIntegration, body: string, extra: Record<string, string>): AwsRequest {
  let input: unknown;
  try {
    input = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    return { kind: "serialization" };
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { kind: "serialization" };
  return { kind: "call", action: integration.action ?? extra.Action ?? "", input: { ...(input as Record<string, unknown>), ...withoutAction(extra) } };
}

/** Form parameters (the body and the integration's query string); a `path/<account>/<queue>` URI names the queue. */
function queryCall(integration: AwsIntegration, body: string, extra: Record<string, string>, region: string, pathOverride: Record<string, unknown>): AwsRequest {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) form[key] = value;
  Object.assign(form, extra);
  const action = integration.action ?? form.Action ?? "";
  const { Action: _action, Version: _version, ...strings } = form;
  const input: Record<string, unknown> = { ...strings };
  // The query protocol sends every parameter as text; the JSON protocol the dispatcher speaks types integers.
  for (const name of INTEGER_PARAMETERS) if (typeof input[name] === "string" && /^-?\d+$/.test(input[name])) input[name] = Number(input[name]);
  for (const name of BOOLEAN_PARAMETERS) if (typeof input[name] === "string" && /^(true|false)$/i.test(input[name])) input[name] = input[name].toLowerCase() === "true";
  if (integration.service === "sqs" && integration.path !== undefined && input.QueueUrl === undefined) {
    // $context.requestOverride.path.<name> fills {name} in the integration's path.
    const path = integration.path.replace(/\{([^{}]+)\}/g, (variable, name: string) => (Object.hasOwn(pathOverride, name) ? String(pathOverride[name]) : variable));
    input.QueueUrl = `https://sqs.${region}.amazonaws.com/${path.replace(/^\/+/, "")}`;
  }
  if (integration.service === "sqs") {
    for (const [flat, member] of SQS_ATTRIBUTE_LISTS) {
      const attributes = takeMessageAttributes(input, flat);
      if (attributes) input[member] = attributes;
    }
  }
  return { kind: "call", action, input };
}

/**
 * SQS's query-form attribute lists and the JSON members they become. The singular prefix is SQS's
 * documented one; AWS also reads the plural (localstack's test_sqs_aws_integration_with_message_attribute,
 * both variants recorded on AWS).
 */
const SQS_ATTRIBUTE_LISTS: Array<[RegExp, string]> = [
  [/^MessageAttributes?\.(\d+)\.(Name|Value\.(?:DataType|StringValue|BinaryValue))$/, "MessageAttributes"],
  [/^MessageSystemAttributes?\.(\d+)\.(Name|Value\.(?:DataType|StringValue|BinaryValue))$/, "MessageSystemAttributes"],
];

/** Removes "MessageAttribute.1.Name=…&MessageAttribute.1.Value.StringValue=…" from the form and returns them as the JSON map { name: { DataType, StringValue } }. */
function takeMessageAttributes(input: Record<string, unknown>, flat: RegExp): Record<string, Record<string, string>> | undefined {
  const entries = new Map<string, Record<string, string>>();
  for (const [key, value] of Object.entries(input)) {
    const match = flat.exec(key);
    if (!match || typeof value !== "string") continue;
    delete input[key];
    const entry = entries.get(match[1]) ?? {};
    entry[match[2] === "Name" ? "Name" : match[2].slice("Value.".length)] = value;
    entries.set(match[1], entry);
  }
  if (entries.size === 0) return undefined;
  const out: Record<string, Record<string, string>> = {};
  for (const { Name, ...value } of entries.values()) if (Name !== undefined) out[Name] = value;
  return out;
}

function withoutAction(extra: Record<string, string>): Record<string, string> {
  const { Action: _action, ...rest } = extra;
  return rest;
}

/** integration.request.querystring.<name> ← 'literal' | method.request.{path,querystring,header}.<name> | method.request.body */
function integrationParameters(parameters: Record<string, string>, mapping: MappingInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [target, source] of Object.entries(parameters)) {
    const match = /^integration\.request\.querystring\.(.+)$/.exec(target);
    if (!match) continue;
    const value = parameterValue(source, mapping);
    if (value !== undefined) out[match[1]] = value;
  }
  return out;
}

export function parameterValue(source: string, mapping: Pick<MappingInput, "body" | "params">): string | undefined {
  if (/^'.*'$/s.test(source)) return source.slice(1, -1);
  if (source === "method.request.body") return mapping.body;
  const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(source);
  if (!match) return undefined;
  const [, where, name] = match;
  const values = mapping.params[where as "path" | "querystring" | "header"];
  if (where !== "header") return values[name];
  return Object.entries(values).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}
