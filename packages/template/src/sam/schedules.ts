/**
 * SAM `Schedule` (an EventBridge rule) and `ScheduleV2` (an EventBridge Scheduler schedule)
 * events, on functions and state machines alike: what runs the target, when, with which
 * input. The expression's full check (cron fields, rate units) happens when the sandbox
 * arms the schedule (packages/scheduler); here only its shape is checked.
 */
import { messages, templateError } from "../errors.js";
import { MAX_SCHEDULE_NAME_LENGTH } from "../limits.js";
import type { ResolvedResource, ScheduleSpec } from "../model.js";
import { generatedName } from "../names.js";
import { keyLineOf } from "../parse/located.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";
import { eventsOf } from "./events.js";

/** EventBridge's check of a schedule expression's shape (PutRule / CreateSchedule). */
const SCHEDULE_EXPRESSION = /^(rate|cron)\(.+\)$/;
const SCHEDULE_V2_EXPRESSION = /^(rate|cron|at)\(.+\)$/;

/** The Schedule and ScheduleV2 events of a SAM function. */
export function functionSchedules(stack: Stack, resolved: ResolvedResource): ScheduleSpec[] {
  const raw = stack.resources.get(resolved.logicalId)?.properties ?? {};
  const resolvedEvents = isRecord(resolved.properties.Events) ? resolved.properties.Events : {};
  const out: ScheduleSpec[] = [];
  for (const [eventId] of eventsOf(raw)) {
    const event = resolvedEvents[eventId];
    if (!isRecord(event) || (event.Type !== "Schedule" && event.Type !== "ScheduleV2")) continue;
    const where = { file: stack.info.file, line: keyLineOf(raw.Events, eventId) ?? resolved.line };
    const props = isRecord(event.Properties) ? event.Properties : {};
    out.push(scheduleSpec(stack, event.Type, props, resolved.logicalId, eventId, where));
  }
  return out;
}

/** One Schedule / ScheduleV2 event of `logicalId` (a function or a state machine), as SAM translates it. */
export function scheduleSpec(
  stack: Stack,
  kind: "Schedule" | "ScheduleV2",
  props: Record<string, unknown>,
  logicalId: string,
  eventId: string,
  where: { file: string; line?: number },
): ScheduleSpec {
  // SAM names the generated AWS::Events::Rule / AWS::Scheduler::Schedule "<Resource><EventId>".
  const generatedId = `${logicalId}${eventId}`;
  const property = kind === "Schedule" ? "Schedule" : "ScheduleExpression";
  const expression = props[property];
  if (typeof expression !== "string") {
    throw templateError(messages.samResource(generatedId, `Missing required property '${property}'.`), where);
  }
  if (!(kind === "Schedule" ? SCHEDULE_EXPRESSION : SCHEDULE_V2_EXPRESSION).test(expression.trim())) {
    throw templateError(`${eventId}: Parameter ScheduleExpression is not valid.`, where,
      kind === "Schedule" ? "Use rate(5 minutes) or cron(0 12 * * ? *)." : "Use rate(5 minutes), cron(0 12 * * ? *) or at(2030-01-01T00:00:00).");
  }
  if (props.State !== undefined && props.Enabled !== undefined) {
    throw templateError(messages.samEvent(eventId, "State and Enabled Properties cannot both be specified."), where);
  }
  for (const key of ["Input", "Name", "Description", "ScheduleExpressionTimezone"]) {
    if (props[key] !== undefined && typeof props[key] !== "string") {
      throw templateError(messages.samResource(generatedId, `Type of property '${key}' is invalid.`), { ...where, line: keyLineOf(props, key) ?? where.line });
    }
  }
  const enabled = props.Enabled !== undefined ? isTrue(props.Enabled) : props.State === undefined || String(props.State).toUpperCase() === "ENABLED";
  const spec: ScheduleSpec = { eventId, kind, expression: expression.trim(), enabled, name: scheduleName(stack, kind, props, generatedId), line: where.line };
  if (typeof props.Input === "string") spec.input = props.Input;
  if (typeof props.Description === "string") spec.description = props.Description;
  if (kind === "ScheduleV2" && typeof props.ScheduleExpressionTimezone === "string") spec.timezone = props.ScheduleExpressionTimezone;
  return spec;
}

/**
 * A rule takes Name, or the name CloudFormation generates. A Scheduler schedule takes Name,
 * or "<Resource><EventId>" as SAM writes it, or with OmitName the name CloudFormation generates.
 */
function scheduleName(stack: Stack, kind: "Schedule" | "ScheduleV2", props: Record<string, unknown>, generatedId: string): string {
  const name = typeof props.Name === "string" ? props.Name : undefined;
  const cloudFormationName = () => generatedName(stack.info.stackName, generatedId, { maxLength: MAX_SCHEDULE_NAME_LENGTH });
  if (kind === "Schedule") return name ?? cloudFormationName();
  if (isTrue(props.OmitName)) {
    if (name !== undefined) {
      throw templateError(messages.samEvent(generatedId, "Name cannot be set when OmitName is True"), { file: stack.info.file, line: keyLineOf(props, "Name") });
    }
    return cloudFormationName();
  }
  return name ?? generatedId;
}
