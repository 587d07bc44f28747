/**
 * A `Type: AWS` integration's answer through its IntegrationResponses: the first response whose
 * SelectionPattern (a regular expression matched against the whole of the service's HTTP status,
 * or, for Lambda, the error message) matches, else the default response (no pattern); its
 * application/json ResponseTemplate renders the answer, no template passes it through.
 */
import { type AwsError, RegexTimedOut, requestId, runRegex } from "@sam-sandbox/core";
import type { AwsIntegrationResponse } from "../config.js";
import { errorBody, successBody } from "../services/response.js";
import { stepFunctionsErrorBody } from "../stepfunctions/errorBody.js";
import { responseOverride } from "../vtl/overrides.js";
import { type IntegrationAnswer, responseHeaders } from "./responseParameters.js";
import { renderMappingTemplate, type MappingInput } from "../vtl/render.js";
import { MAX_REGEX_MS } from "../limits.js";
import { remapReservedHeaders } from "../http/outgoing.js";

const RESPONSE_CONTENT_TYPE = "application/json";

/**
 * The response a status (or Lambda error message) selects; undefined: no mapping, API
 * Gateway's 500. A function that did not fail has no selector: the default response.
 */
export function selectResponse(responses: AwsIntegrationResponse[], selector: string | undefined): AwsIntegrationResponse | undefined {
  const isDefault = (r: AwsIntegrationResponse) => r.selectionPattern === undefined || r.selectionPattern === "";
  const matches = (r: AwsIntegrationResponse) => selector !== undefined && !isDefault(r) && selects(r.selectionPattern ?? "", selector);
  return responses.find(matches) ?? responses.find(isDefault);
}

/** A pattern that runs past its deadline over the error message selects nothing (guardedRegex.ts). */
function selects(pattern: string, selector: string): boolean {
  try {
    return runRegex({ op: "test", source: `^(?:${pattern})$`, flags: "s", text: selector }, MAX_REGEX_MS);
  } catch (error) {
    if (error instanceof RegexTimedOut) return false;
    throw error;
  }
}

export interface MappedResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * The selected response's status, headers (ResponseParameters, over a default Content-Type of
 * application/json) and body (its application/json template applied to `answer`, or `answer`).
 * `integration` is what the parameters read: the integration's own headers and body.
 */
export function mapResponse(
  selected: AwsIntegrationResponse,
  answer: string,
  mapping: Omit<MappingInput, "body">,
  integration: IntegrationAnswer = { headers: [], body: answer },
): MappedResponse {
  const headers: Array<[string, string]> = [["Content-Type", RESPONSE_CONTENT_TYPE]];
  for (const [name, value] of responseHeaders(selected.responseParameters ?? {}, integration, mapping)) {
    const at = headers.findIndex(([key]) => key.toLowerCase() === name.toLowerCase());
    if (at >= 0) headers.splice(at, 1);
    headers.push([name, value]);
  }
  const template = responseTemplate(selected.responseTemplates ?? {}, acceptOf(mapping.params.header));
  // Headers API Gateway owns come back renamed x-amzn-Remapped-<Name> (http/outgoing.ts).
  if (template === undefined || template === "") return { status: Number(selected.statusCode), headers: remapReservedHeaders(headers), body: answer };
  // $context.responseOverride.status / .header.<name>, set with #set, override the selected response's.
  const override = responseOverride();
  const body = renderMappingTemplate(template, { ...mapping, body: answer, context: { ...mapping.context, responseOverride: override } });
  for (const [name, value] of Object.entries(override.header)) {
    const at = headers.findIndex(([key]) => key.toLowerCase() === name.toLowerCase());
    if (at >= 0) headers.splice(at, 1);
    headers.push([name, String(value)]);
  }
  const status = Number(override.status);
  return { status: Number.isInteger(status) && status >= 100 && status <= 599 ? status : Number(selected.statusCode), headers: remapReservedHeaders(headers), body };
}

/** The request's Accept header, read case-insensitively from the parameters the templates see. */
function acceptOf(headers: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === "accept") return value;
  return undefined;
}

/**
 * The response template API Gateway applies: the one for the request's Accept type, else the
 * application/json one, else the only (first) one — AWS's PetStore sample answers its root GET
 * with its MOCK integration's text/html template whatever the client accepts.
 */
function responseTemplate(templates: Record<string, string>, accept: string | undefined): string | undefined {
  const entries = Object.entries(templates);
  if (entries.length === 0) return undefined;
  const find = (type: string) => entries.find(([key]) => key.toLowerCase() === type)?.[1];
  const accepted = accept?.split(",").map((part) => part.split(";")[0].trim().toLowerCase()).filter((type) => type !== "");
  for (const type of accepted ?? []) {
    const template = find(type);
    if (template !== undefined) return template;
  }
  return find(RESPONSE_CONTENT_TYPE) ?? entries[0][1];
}

/** The query services' JSON answer to API Gateway: <Action>Response { <Action>Result, ResponseMetadata }. */
export function queryAnswer(service: string, action: string, result: Record<string, unknown>): string {
  if (service === "sqs") return successBody({ service: "sqs", action, required: [], optional: [] }, result);
  // Keys in alphabetical order, absent members as null, as SQS's answer (services/response.ts).
  const members = action === "Publish" ? PUBLISH_RESULT_MEMBERS : Object.keys(result).sort();
  const written: Record<string, unknown> = Object.fromEntries(members.map((name) => [name, result[name] ?? null]));
  if (service === "ssm" && typeof written.Parameter === "object" && written.Parameter !== null) written.Parameter = ssmParameter(written.Parameter as Record<string, unknown>);
  if (service === "ssm" && Array.isArray(written.Parameters)) written.Parameters = written.Parameters.map((p) => (typeof p === "object" && p !== null ? ssmParameter(p as Record<string, unknown>) : p));
  return JSON.stringify({ [`${action}Response`]: { ResponseMetadata: { RequestId: requestId() }, [`${action}Result`]: written } });
}

/** The service's error body as it travels the wire. */
export function errorAnswer(service: string, error: AwsError): string {
  if (service === "states") return stepFunctionsErrorBody(error);
  if (service === "sqs" || service === "sns") return errorBody({ service: "sqs", action: "", required: [], optional: [] }, error);
  // Kinesis names its errors without a namespace ({"__type":"ResourceNotFoundException"}, as kinesalite recorded them);
  // so does EventBridge (awsJson 1.1, its __type the bare shape name, as packages/eventbridge answers).
  if (service === "kinesis" || service === "events") return JSON.stringify({ __type: error.code, message: error.message });
  return JSON.stringify({ __type: `${JSON_NAMESPACES[service] ?? "com.amazon.coral.service"}#${error.code}`, message: error.message });
}

/**
 * SSM's Parameter with every member, absent ones null, as AWS answered an `ssm:action/GetParameter`
 * integration (localstack's test_apigateway_ssm.snapshot.json, test_ssm_aws_integration: Selector and
 * SourceResult null).
 */
const SSM_PARAMETER_MEMBERS = ["ARN", "DataType", "LastModifiedDate", "Name", "Selector", "SourceResult", "Type", "Value", "Version"];

function ssmParameter(parameter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries([...new Set([...SSM_PARAMETER_MEMBERS, ...Object.keys(parameter)])].map((name) => [name, parameter[name] ?? null]));
}

/** Members of SNS's PublishResponse (SNS's Smithy model). */
const PUBLISH_RESULT_MEMBERS = ["MessageId", "SequenceNumber"];

const JSON_NAMESPACES: Record<string, string> = { dynamodb: "com.amazonaws.dynamodb.v20120810" };
