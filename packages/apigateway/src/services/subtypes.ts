/**
 * HTTP API first-class integrations with SQS and EventBridge: each IntegrationSubtype's
 * service action and its RequestParameters, required and optional, as API Gateway's
 * "Integration subtype reference" (http-api-develop-integrations-aws-services-reference)
 * lists them. Region is where API Gateway sends the call, not a member of the request.
 */
import type { ServiceIntegration, ServiceIntegrationSubtype } from "../config.js";

export interface SubtypeInfo {
  /** The dispatcher's name of the service. */
  service: "sqs" | "events";
  action: string;
  required: string[];
  optional: string[];
}

export const SUBTYPES: Record<ServiceIntegrationSubtype, SubtypeInfo> = {
  "SQS-SendMessage": {
    service: "sqs",
    action: "SendMessage",
    required: ["QueueUrl", "MessageBody"],
    optional: ["DelaySeconds", "MessageAttributes", "MessageDeduplicationId", "MessageGroupId", "MessageSystemAttributes", "Region"],
  },
  "SQS-ReceiveMessage": {
    service: "sqs",
    action: "ReceiveMessage",
    required: ["QueueUrl"],
    optional: ["AttributeNames", "MaxNumberOfMessages", "MessageAttributeNames", "ReceiveRequestAttemptId", "VisibilityTimeout", "WaitTimeSeconds", "Region"],
  },
  "SQS-DeleteMessage": { service: "sqs", action: "DeleteMessage", required: ["ReceiptHandle", "QueueUrl"], optional: ["Region"] },
  "SQS-PurgeQueue": { service: "sqs", action: "PurgeQueue", required: ["QueueUrl"], optional: ["Region"] },
  "EventBridge-PutEvents": {
    service: "events",
    action: "PutEvents",
    required: ["Detail", "DetailType", "Source"],
    optional: ["Time", "EventBusName", "Resources", "Region", "TraceHeader"],
  },
};

export function isServiceSubtype(subtype: unknown): subtype is ServiceIntegrationSubtype {
  return typeof subtype === "string" && Object.hasOwn(SUBTYPES, subtype);
}

/** The first required parameter the integration lacks, if any. */
export function missingServiceParameter(integration: ServiceIntegration): string | undefined {
  const info = isServiceSubtype(integration.subtype) ? SUBTYPES[integration.subtype] : undefined;
  if (!info) return undefined;
  return info.required.find((name) => integration.requestParameters[name] === undefined);
}
