/**
 * StateMachineSpec from AWS::Serverless::StateMachine (SAM) and AWS::StepFunctions::StateMachine
 * (CloudFormation, CDK): name, ARN, type, definition, role, logging, tracing and tags, checked
 * the way SAM and Step Functions check them. Events are read in events.ts.
 */
import { messages, templateError } from "../errors.js";
import type { ResolvedResource, StateMachineSpec } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";
import { cfnDefinition, samDefinition, substitutionsOf } from "./definition.js";

export const STATE_MACHINE_TYPES = ["AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"];

/** SAM tags every state machine it creates with this. */
const SAM_TAG = { key: "stateMachine:createdBy", value: "SAM" };

export function buildStateMachine(stack: Stack, resource: ResolvedResource): StateMachineSpec {
  const sam = resource.type === "AWS::Serverless::StateMachine";
  const props = resource.properties;
  const where = (key?: string) => ({ file: stack.info.file, line: (key ? keyLineOf(props, key) : undefined) ?? resource.line });
  const substitutions = substitutionsOf(stack, resource);
  const loaded = sam ? samDefinition(stack, resource, substitutions) : cfnDefinition(stack, resource, substitutions);

  const type = (sam ? props.Type : props.StateMachineType) ?? "STANDARD";
  if (type !== "STANDARD" && type !== "EXPRESS") {
    throw templateError(`${sam ? "Type" : "StateMachineType"} of ${resource.logicalId} must be STANDARD or EXPRESS`, where(sam ? "Type" : "StateMachineType"));
  }
  const spec: StateMachineSpec = {
    logicalId: resource.logicalId,
    name: resource.attributes.Name,
    arn: resource.ref,
    type,
    definition: loaded.definition,
    definitionString: loaded.definitionString,
    definitionSubstitutions: loaded.substitutions,
    roleArn: sam ? samRole(stack, resource) : cfnRole(stack, resource),
    schedules: [],
    tags: sam ? [SAM_TAG, ...samTags(props.Tags)] : cfnTags(props.Tags),
    line: resource.line,
  };
  const logging = sam ? props.Logging : props.LoggingConfiguration;
  if (isRecord(logging)) spec.loggingConfiguration = logging;
  const tracing = sam ? props.Tracing : props.TracingConfiguration;
  if (isRecord(tracing) && tracing.Enabled !== undefined) spec.tracingEnabled = isTrue(tracing.Enabled);
  return spec;
}

/** SAM: Role as given, or the ARN of the "<LogicalId>Role" SAM generates from Policies. */
function samRole(stack: Stack, resource: ResolvedResource): string {
  const props = resource.properties;
  if (props.Role !== undefined && props.Policies !== undefined) {
    throw templateError(messages.samResource(resource.logicalId, "Specify either 'Role' or 'Policies' or neither property and not both."),
      { file: stack.info.file, line: keyLineOf(props, "Policies") ?? resource.line });
  }
  if (typeof props.Role === "string") return props.Role;
  return stack.identity(`${resource.logicalId}Role`).attributes.Arn;
}

function cfnRole(stack: Stack, resource: ResolvedResource): string {
  const role = resource.properties.RoleArn;
  if (typeof role === "string") return role;
  // CloudFormation's resource schema check, before Step Functions is called.
  throw templateError(`Properties validation failed for resource ${resource.logicalId} with message: #: required key [RoleArn] not found`,
    { file: stack.info.file, line: resource.line }, "Add RoleArn: the execution role Step Functions assumes (the sandbox does not check its permissions).");
}

function samTags(tags: unknown): StateMachineSpec["tags"] {
  return isRecord(tags) ? Object.entries(tags).map(([key, value]) => ({ key, value: String(value) })) : [];
}

function cfnTags(tags: unknown): StateMachineSpec["tags"] {
  if (!Array.isArray(tags)) return [];
  return tags.filter(isRecord).map((tag) => ({ key: String(tag.Key), value: String(tag.Value) }));
}
