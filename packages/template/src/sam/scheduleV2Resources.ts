/**
 * SAM `ScheduleV2` events of functions and state machines, as SAM translates them
 * (samtranslator model/eventsources/scheduler.py, SchedulerEventSource): an
 * AWS::Scheduler::Schedule "<Resource><EventId>" named Name, or "<Resource><EventId>" unless
 * OmitName, with FlexibleTimeWindow {Mode: OFF} by default and a Target whose RoleArn is
 * RoleArn or the generated "<Resource><EventId>Role"; a DeadLetterConfig {Type: SQS} gets its
 * queue generated, "<Resource><EventId>Queue" (or QueueLogicalId). packages/sandbox creates every
 * AWS::Scheduler::Schedule through the Scheduler API, so these run (and list) like any other.
 */
import { messages, templateError } from "../errors.js";
import type { TemplateResource } from "../resources.js";
import type { Stack } from "../stack.js";
import { keyLineOf } from "../parse/located.js";
import { isRecord, isTrue } from "../util.js";

const SCHEDULE_V2_OWNERS = new Set(["AWS::Serverless::Function", "AWS::Serverless::StateMachine"]);
/** SAM's default when the event sets no FlexibleTimeWindow. */
const DEFAULT_FLEXIBLE_TIME_WINDOW = { Mode: "OFF" };
/** Event properties SAM copies onto the schedule as they are. */
const PASS_THROUGH = ["Description", "StartDate", "EndDate", "ScheduleExpressionTimezone", "GroupName", "KmsKeyArn"];

function implicit(logicalId: string, type: string, properties: Record<string, unknown>, owner: TemplateResource, line: number | undefined): TemplateResource {
  return {
    logicalId, type, properties, metadata: {}, dependsOn: [], implicit: true,
    included: owner.included, ...(owner.condition !== undefined ? { condition: owner.condition } : {}), ...(line !== undefined ? { line } : {}),
  };
}

/**
 * The target's DeadLetterConfig: Arn as written, or the queue SAM generates for {Type: SQS}
 * (scheduler.py _get_dlq_queue_arn_and_resources; checked as eventbridge_utils.py validate_dlq_config).
 */
function deadLetterConfig(stack: Stack, config: unknown, scheduleId: string, owner: TemplateResource, line: number | undefined): { Arn: unknown } {
  const where = { file: stack.info.file, line };
  const refuse = (message: string) => templateError(messages.samEvent(scheduleId, message), where);
  if (!isRecord(config)) throw templateError(messages.samResource(scheduleId, "Type of property 'DeadLetterConfig' is invalid."), where);
  if ("Arn" in config && "Type" in config) throw refuse("You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
  if ("Type" in config && config.Type !== "SQS") throw refuse("The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
  if (!("Arn" in config) && !("Type" in config)) throw refuse("No 'Arn' or 'Type' property provided for DeadLetterConfig.");
  if (config.Arn !== undefined) return { Arn: config.Arn };
  if (config.QueueLogicalId !== undefined && typeof config.QueueLogicalId !== "string") throw refuse("QueueLogicalId must be a string");
  const queueId = typeof config.QueueLogicalId === "string" ? config.QueueLogicalId : `${scheduleId}Queue`;
  if (!stack.resources.has(queueId)) stack.resources.set(queueId, implicit(queueId, "AWS::SQS::Queue", {}, owner, line));
  return { Arn: { "Fn::GetAtt": [queueId, "Arn"] } };
}

/** The schedule's State: State as written; a literal Enabled (a Schedule property the sandbox also accepts here) as its State. */
function stateOf(props: Record<string, unknown>): unknown {
  if (props.State !== undefined) return props.State;
  if (typeof props.Enabled === "boolean" || props.Enabled === "true" || props.Enabled === "false") return isTrue(props.Enabled) ? "ENABLED" : "DISABLED";
  return undefined;
}

/** `alias`: the function's AutoPublishAlias, which SAM makes the schedule's target. */
export function addScheduleV2Resources(stack: Stack, resource: TemplateResource, alias?: { Ref: string }): void {
  if (!SCHEDULE_V2_OWNERS.has(resource.type) || !isRecord(resource.properties.Events)) return;
  const events = resource.properties.Events;
  for (const [eventId, event] of Object.entries(events)) {
    if (!isRecord(event) || event.Type !== "ScheduleV2") continue;
    const props = isRecord(event.Properties) ? event.Properties : {};
    const scheduleId = `${resource.logicalId}${eventId}`;
    const roleId = `${scheduleId}Role`;
    if (stack.resources.has(scheduleId)) continue;
    const line = keyLineOf(events, eventId) ?? resource.line;
    const target: Record<string, unknown> = {
      // A function's Arn attribute; a state machine's Ref is its ARN.
      Arn: resource.type === "AWS::Serverless::Function" ? alias ?? { "Fn::GetAtt": [resource.logicalId, "Arn"] } : { Ref: resource.logicalId },
      RoleArn: props.RoleArn ?? { "Fn::GetAtt": [roleId, "Arn"] },
    };
    if (props.Input !== undefined) target.Input = props.Input;
    if (props.DeadLetterConfig !== undefined) target.DeadLetterConfig = deadLetterConfig(stack, props.DeadLetterConfig, scheduleId, resource, line);
    if (props.RetryPolicy !== undefined) target.RetryPolicy = props.RetryPolicy;
    const properties: Record<string, unknown> = { ScheduleExpression: props.ScheduleExpression };
    const state = stateOf(props);
    if (state !== undefined) properties.State = state;
    // OmitName leaves the name to CloudFormation (sam/schedules.ts refuses OmitName with Name).
    if (!isTrue(props.OmitName)) properties.Name = props.Name ?? scheduleId;
    for (const key of PASS_THROUGH) if (props[key] !== undefined) properties[key] = props[key];
    properties.FlexibleTimeWindow = props.FlexibleTimeWindow ?? DEFAULT_FLEXIBLE_TIME_WINDOW;
    properties.Target = target;
    stack.resources.set(scheduleId, implicit(scheduleId, "AWS::Scheduler::Schedule", properties, resource, line));
    if (props.RoleArn === undefined && !stack.resources.has(roleId)) stack.resources.set(roleId, implicit(roleId, "AWS::IAM::Role", {}, resource, line));
  }
}
