/**
 * API Gateway integrations that call Step Functions, as templates write them outside SAM
 * events: HTTP API first-class integrations (AWS_PROXY with IntegrationSubtype
 * StepFunctions-StartExecution / -StartSyncExecution / -StopExecution and RequestParameters),
 * and REST AWS integrations to "…:states:action/StartExecution" whose request template is the
 * one SAM writes for a state machine's Api event. Other mapping templates run as
 * general Type: AWS integrations (awsIntegrations.ts).
 */
import type { StepFunctionsRouteSpec } from "../model.js";
import { isRecord } from "../util.js";
import type { StateMachineIndex } from "./stateMachineIndex.js";

/** The parameters each HTTP API Step Functions subtype requires (API Gateway's integration subtype reference). */
const SUBTYPES: Record<string, { action: StepFunctionsRouteSpec["action"]; required: string }> = {
  "StepFunctions-StartExecution": { action: "StartExecution", required: "StateMachineArn" },
  "StepFunctions-StartSyncExecution": { action: "StartSyncExecution", required: "StateMachineArn" },
  "StepFunctions-StopExecution": { action: "StopExecution", required: "ExecutionArn" },
};

export function isStepFunctionsSubtype(subtype: unknown): boolean {
  return typeof subtype === "string" && subtype.startsWith("StepFunctions-");
}

/**
 * An HTTP API Step Functions integration; a string error names what is wrong (an unknown
 * subtype, or a missing required parameter).
 */
export function httpStepFunctions(subtype: string, requestParameters: unknown, machines: StateMachineIndex): StepFunctionsRouteSpec | string {
  const known = SUBTYPES[subtype];
  if (!known) return `IntegrationSubtype ${subtype} is not one of ${Object.keys(SUBTYPES).join(", ")}`;
  const parameters: Record<string, string> = {};
  if (isRecord(requestParameters)) for (const [key, value] of Object.entries(requestParameters)) parameters[key] = String(value);
  if (parameters[known.required] === undefined) return `IntegrationSubtype ${subtype} needs RequestParameters.${known.required}`;
  const spec: StepFunctionsRouteSpec = { action: known.action, requestParameters: parameters };
  const arn = parameters.StateMachineArn;
  if (arn !== undefined && !arn.includes("$")) {
    spec.stateMachineArn = arn;
    const machine = machines.find(arn);
    if (machine) spec.stateMachineLogicalId = machine.logicalId;
  }
  return spec;
}

/** "arn:aws:apigateway:us-east-1:states:action/StartExecution" → "StartExecution". */
export function statesAction(uri: unknown): string | undefined {
  return typeof uri === "string" ? /^arn:[^:]+:apigateway:[^:]*:states:action\/(\w+)$/.exec(uri)?.[1] : undefined;
}

/**
 * SAM's request template for a state machine Api event, with or without UnescapeMappingTemplate:
 * {"input": "$util.escapeJavaScript($input.json('$'))[.replaceAll("\\'","'")]", "stateMachineArn": "<arn>"}
 */
const SAM_TEMPLATE =
  /^\s*\{\s*"input"\s*:\s*"\$util\.escapeJavaScript\(\$input\.json\('\$'\)\)(\.replaceAll\("\\\\'"\s*,\s*"'"\))?"\s*,\s*"stateMachineArn"\s*:\s*"([^"$]+)"\s*\}\s*$/;

/** A REST AWS integration SAM-style: StartExecution with SAM's application/json request template. */
export function restStepFunctions(uri: unknown, requestTemplates: unknown, machines: StateMachineIndex): StepFunctionsRouteSpec | undefined {
  if (statesAction(uri) !== "StartExecution" || !isRecord(requestTemplates)) return undefined;
  const template = requestTemplates["application/json"];
  const match = typeof template === "string" ? SAM_TEMPLATE.exec(template) : null;
  if (!match) return undefined;
  const spec: StepFunctionsRouteSpec = { action: "StartExecution", stateMachineArn: match[2], unescapeMappingTemplate: match[1] !== undefined };
  const machine = machines.find(match[2]);
  if (machine) spec.stateMachineLogicalId = machine.logicalId;
  return spec;
}
