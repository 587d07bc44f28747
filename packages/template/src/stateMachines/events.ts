/**
 * A SAM state machine's Events, as the SAM transform reads them: `Api` becomes a REST route
 * whose integration calls StartExecution with the request body as input; `Schedule` and
 * `ScheduleV2` start executions on a schedule; EventBridge rules are read by packages/sandbox.
 * SAM knows no other event type for state machines (no HttpApi).
 */
import { messages, templateError } from "../errors.js";
import type { ResolvedResource, RouteSpec, StateMachineSpec } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import { apiOfEvent, eventsOf, normalizeMethod } from "../sam/events.js";
import { scheduleSpec } from "../sam/schedules.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";

/** SAM's state machine event types (samtranslator/model/stepfunctions/events.py). */
const EVENT_TYPES = ["Api", "Schedule", "ScheduleV2", "CloudWatchEvent", "EventBridgeRule"];

/** Reads the events of `resolved` into `spec.schedules`; returns the routes of its Api events. */
export function stateMachineEvents(stack: Stack, resolved: ResolvedResource, spec: StateMachineSpec): { apiLogicalId: string; route: RouteSpec }[] {
  const raw = stack.resources.get(resolved.logicalId)?.properties ?? {};
  const resolvedEvents = isRecord(resolved.properties.Events) ? resolved.properties.Events : {};
  const routes: { apiLogicalId: string; route: RouteSpec }[] = [];
  for (const [eventId, rawEvent] of eventsOf(raw)) {
    const event = resolvedEvents[eventId];
    if (!isRecord(event)) continue;
    const type = String(event.Type);
    const where = { file: stack.info.file, line: keyLineOf(raw.Events, eventId) ?? resolved.line };
    if (!EVENT_TYPES.includes(type)) {
      throw templateError(messages.samEvent(eventId, `Resource dict has missing or invalid value for key Type. Event Type is: ${type}.`), where,
        `State machine events are ${EVENT_TYPES.join(", ")}. For an HTTP API, declare an AWS::ApiGatewayV2::Integration with IntegrationSubtype StepFunctions-StartExecution, or use an Api event (REST API).`);
    }
    const props = isRecord(event.Properties) ? event.Properties : {};
    if (type === "Api") {
      const api = apiOfEvent(stack, resolved.logicalId, eventId, rawEvent);
      if (api) routes.push({ apiLogicalId: api.apiLogicalId, route: apiRoute(stack, props, eventId, spec) });
    } else if (type === "Schedule" || type === "ScheduleV2") {
      spec.schedules.push(scheduleSpec(stack, type, props, resolved.logicalId, eventId, where));
    }
    // EventBridgeRule / CloudWatchEvent: packages/sandbox makes them EventBridge rules (eventBridgeResources.ts).
  }
  return routes;
}

/** The route SAM adds to the REST API: POST-to-StartExecution, the request body as the execution input. */
function apiRoute(stack: Stack, props: Record<string, unknown>, eventId: string, spec: StateMachineSpec): RouteSpec {
  const { Path: path, Method: method } = props;
  if (typeof path !== "string" || typeof method !== "string") {
    throw templateError(messages.samEvent(eventId, "Api events need Path and Method."), { file: stack.info.file, line: spec.line },
      "Add Path (e.g. /orders) and Method (e.g. post) to the event's Properties.");
  }
  const route: RouteSpec = {
    method: normalizeMethod(method),
    path,
    functionLogicalId: "",
    functionName: "",
    payloadFormatVersion: "1.0",
    eventId,
    stepFunctions: {
      action: "StartExecution",
      stateMachineArn: spec.arn,
      stateMachineLogicalId: spec.logicalId,
      unescapeMappingTemplate: isTrue(props.UnescapeMappingTemplate),
    },
  };
  if (isRecord(props.Auth)) route.auth = props.Auth;
  return route;
}
