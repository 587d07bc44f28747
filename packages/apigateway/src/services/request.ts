/**
 * The service request of an SQS-* or EventBridge-PutEvents route: each RequestParameters value
 * evaluated per request (static text or $request / $context / $stageVariables expressions,
 * as the Step Functions subtypes evaluate them), then typed as the action's member: numbers
 * for SQS's integer members, lists for AttributeNames / MessageAttributeNames / Resources (a
 * JSON array, or a single value), maps for the message attribute members (a JSON object).
 * EventBridge-PutEvents puts one entry; its Time (RFC 3339 or epoch seconds) goes as a timestamp.
 */
import type { ServiceIntegration } from "../config.js";
import { evaluateParameter, type MappingSource } from "../stepfunctions/httpRequest.js";
import { SUBTYPES } from "./subtypes.js";

const INTEGER_MEMBERS = new Set(["DelaySeconds", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds"]);
const LIST_MEMBERS = new Set(["AttributeNames", "MessageAttributeNames", "Resources"]);
const MAP_MEMBERS = new Set(["MessageAttributes", "MessageSystemAttributes"]);
/** Parameters API Gateway uses itself rather than passing on. */
const NOT_MEMBERS = new Set(["Region"]);

export function serviceRequest(integration: ServiceIntegration, source: MappingSource): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(integration.requestParameters)) {
    if (NOT_MEMBERS.has(name)) continue;
    const value = evaluateParameter(template, source);
    if (value !== undefined) members[name] = typed(name, value);
  }
  if (SUBTYPES[integration.subtype].service !== "events") return members;
  if (typeof members.Time === "string") members.Time = epochSeconds(members.Time);
  return { Entries: [members] };
}

function typed(name: string, value: string): unknown {
  if (INTEGER_MEMBERS.has(name)) return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (LIST_MEMBERS.has(name)) {
    const parsed = parseJson(value);
    return Array.isArray(parsed) ? parsed : [value];
  }
  if (MAP_MEMBERS.has(name)) {
    const parsed = parseJson(value);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : value;
  }
  return value;
}

/** "2024-01-02T03:04:05Z" or "1704164645" → epoch seconds, the awsJson form of a timestamp. */
function epochSeconds(value: string): number | string {
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : ms / 1000;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
