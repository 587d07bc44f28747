/**
 * HTTP API first-class integrations with SQS and EventBridge: AWS_PROXY with
 * IntegrationSubtype SQS-SendMessage / -ReceiveMessage / -DeleteMessage / -PurgeQueue or
 * EventBridge-PutEvents, the call built from RequestParameters. The parameters each subtype
 * requires are API Gateway's integration subtype reference's.
 */
import type { ServiceIntegrationRouteSpec } from "../model.js";
import { isRecord } from "../util.js";

const REQUIRED: Record<ServiceIntegrationRouteSpec["subtype"], string[]> = {
  "SQS-SendMessage": ["QueueUrl", "MessageBody"],
  "SQS-ReceiveMessage": ["QueueUrl"],
  "SQS-DeleteMessage": ["ReceiptHandle", "QueueUrl"],
  "SQS-PurgeQueue": ["QueueUrl"],
  "EventBridge-PutEvents": ["Detail", "DetailType", "Source"],
};

export function isServiceSubtype(subtype: unknown): subtype is ServiceIntegrationRouteSpec["subtype"] {
  return typeof subtype === "string" && Object.hasOwn(REQUIRED, subtype);
}

/** The integration's call, or what is wrong with it (a missing required parameter). */
export function httpServiceIntegration(subtype: ServiceIntegrationRouteSpec["subtype"], requestParameters: unknown): ServiceIntegrationRouteSpec | string {
  const parameters: Record<string, string> = {};
  if (isRecord(requestParameters)) {
    for (const [key, value] of Object.entries(requestParameters)) parameters[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const missing = REQUIRED[subtype].find((name) => parameters[name] === undefined);
  if (missing !== undefined) return `IntegrationSubtype ${subtype} needs RequestParameters.${missing}`;
  return { subtype, requestParameters: parameters };
}
