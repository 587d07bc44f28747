/**
 * The query services' XML answer, for a REST API AWS integration to SQS or SNS whose request asks
 * for it (integration.request.header.Accept 'application/xml'): without it API Gateway reads the
 * service's JSON form, with it the service's XML passes on, as AWS recorded it (localstack's
 * test_sqs_request_and_response_xml_templates_integration: <MessageId>, <MD5OfMessageBody>, <RequestId>).
 */
import { escapeXml } from "@sam-sandbox/core";

/** The namespaces of the services' query answers (their Smithy models' xmlNamespace). */
const NAMESPACES: Record<string, string> = {
  sqs: "http://queue.amazonaws.com/doc/2012-11-05/",
  sns: "http://sns.amazonaws.com/doc/2010-03-31/",
};

/** Whether the service's answer can be asked for in XML. */
export function hasXmlAnswer(service: string): boolean {
  return NAMESPACES[service] !== undefined;
}

/** Whether the integration request's Accept asks for XML. */
export function wantsXml(accept: string | undefined): boolean {
  return accept !== undefined && /^\s*(application|text)\/xml\b/i.test(accept);
}

function elements(value: unknown, name: string): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map((item) => elements(item, name)).join("");
  if (typeof value === "object") return `<${name}>${members(value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Members in order, ResponseMetadata last as the services write it; absent (null) members left out. */
function members(object: Record<string, unknown>): string {
  const names = Object.keys(object).sort((a, b) => Number(a === "ResponseMetadata") - Number(b === "ResponseMetadata"));
  return names.map((name) => elements(object[name], name)).join("");
}

/**
 * The JSON form API Gateway reads ({"SendMessageResponse": {...}} or an error's {"Error": {...}, "RequestId"})
 * written as the service's XML document.
 */
export function queryXml(service: string, json: string): string {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  const namespace = NAMESPACES[service] ?? "";
  const [root] = Object.keys(parsed);
  if (root === "Error" || root === "RequestId") {
    return `<?xml version="1.0"?><ErrorResponse xmlns="${namespace}">${members(parsed)}</ErrorResponse>`;
  }
  const inner = parsed[root];
  return `<?xml version="1.0"?><${root} xmlns="${namespace}">${typeof inner === "object" && inner !== null ? members(inner as Record<string, unknown>) : ""}</${root}>`;
}
