/**
 * Function `Events` of type Api and HttpApi, as the SAM transform reads them: each becomes a
 * route on the API named by RestApiId / ApiId, or on the implicit ServerlessRestApi /
 * ServerlessHttpApi. Other event types stay in the resolved resource for later use.
 */
import { messages, templateError } from "../errors.js";
import type { FunctionSpec, ResolvedResource, RouteSpec } from "../model.js";
import { samRequestValidation } from "../apis/validation.js";
import { keyLineOf } from "../parse/located.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";
import { eventTarget } from "../functions/target.js";

export const IMPLICIT_REST_API = "ServerlessRestApi";
export const IMPLICIT_HTTP_API = "ServerlessHttpApi";

interface ApiEvent {
  kind: "rest" | "http";
  apiLogicalId: string;
}

const API_EVENT_TYPES: Record<string, { kind: "rest" | "http"; idProperty: string; samType: string; implicit: string }> = {
  Api: { kind: "rest", idProperty: "RestApiId", samType: "AWS::Serverless::Api", implicit: IMPLICIT_REST_API },
  HttpApi: { kind: "http", idProperty: "ApiId", samType: "AWS::Serverless::HttpApi", implicit: IMPLICIT_HTTP_API },
};

/** Which API an Api/HttpApi event belongs to (read from the raw template: RestApiId must be a Ref). */
export function apiOfEvent(stack: Stack, functionId: string, eventId: string, event: Record<string, unknown>): ApiEvent | undefined {
  const type = typeof event.Type === "string" ? API_EVENT_TYPES[event.Type] : undefined;
  if (!type) return undefined;
  const props = isRecord(event.Properties) ? event.Properties : {};
  const id = props[type.idProperty];
  if (id === undefined) return { kind: type.kind, apiLogicalId: type.implicit };
  const target = isRecord(id) && typeof id.Ref === "string" ? stack.resources.get(id.Ref) : undefined;
  if (!target || target.type !== type.samType) {
    throw templateError(messages.samEvent(eventId, `${type.idProperty} must be a valid reference to an '${type.samType}' resource in same template.`),
      { file: stack.info.file, line: keyLineOf(props, type.idProperty) ?? stack.resources.get(functionId)?.line },
      `Use ${type.idProperty}: !Ref <${type.samType} logical id>, or leave it out to use the implicit ${type.implicit}.`);
  }
  return { kind: type.kind, apiLogicalId: target.logicalId };
}

export function eventsOf(properties: Record<string, unknown>): [string, Record<string, unknown>][] {
  const events = properties.Events;
  return isRecord(events) ? Object.entries(events).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1])) : [];
}

/** The implicit APIs the functions' events need, and each API's dependencies on its functions. */
export function scanEventApis(stack: Stack): { rest: boolean; http: boolean; edges: Map<string, string[]> } {
  const edges = new Map<string, string[]>();
  let rest = false;
  let http = false;
  for (const resource of stack.resources.values()) {
    // State machines' Api events also need the implicit API (their routes come with Step Functions).
    if ((resource.type !== "AWS::Serverless::Function" && resource.type !== "AWS::Serverless::StateMachine") || !resource.included) continue;
    for (const [eventId, event] of eventsOf(resource.properties)) {
      // A state machine has Api events only (SAM rejects HttpApi there, see stateMachines/events.ts).
      if (resource.type === "AWS::Serverless::StateMachine" && event.Type !== "Api") continue;
      const api = apiOfEvent(stack, resource.logicalId, eventId, event);
      if (!api) continue;
      if (api.apiLogicalId === IMPLICIT_REST_API) rest = true;
      if (api.apiLogicalId === IMPLICIT_HTTP_API) http = true;
      edges.set(api.apiLogicalId, [...(edges.get(api.apiLogicalId) ?? []), resource.logicalId]);
    }
  }
  return { rest, http, edges };
}

/** Function event types the loader turns into something that runs (routes, subscriptions, event source mappings, schedules). */
const HANDLED_FUNCTION_EVENTS = ["Api", "HttpApi", "SNS", "DynamoDB", "Schedule", "ScheduleV2", "S3", "Cognito", "CloudWatchLogs", "SQS", "Kinesis", "EventBridgeRule", "CloudWatchEvent"];

/** Routes from one function's Api / HttpApi events; warns once per event type that is not emulated. */
export function eventRoutes(stack: Stack, resolved: ResolvedResource, spec: FunctionSpec): { apiLogicalId: string; route: RouteSpec }[] {
  const raw = stack.resources.get(resolved.logicalId)?.properties ?? {};
  const resolvedEvents = isRecord(resolved.properties.Events) ? resolved.properties.Events : {};
  const out: { apiLogicalId: string; route: RouteSpec }[] = [];
  for (const [eventId, rawEvent] of eventsOf(raw)) {
    const event = resolvedEvents[eventId];
    if (!isRecord(event)) continue;
    const api = apiOfEvent(stack, resolved.logicalId, eventId, rawEvent);
    if (!api) {
      if (!HANDLED_FUNCTION_EVENTS.includes(String(event.Type))) {
        stack.warnings.add(`${resolved.logicalId}: its ${String(event.Type)} event ${eventId} is not emulated yet; nothing triggers the function from it`);
      }
      continue;
    }
    const props = isRecord(event.Properties) ? event.Properties : {};
    const route = routeOf(stack, api.kind, props, eventId, spec);
    if (api.kind === "rest") {
      const validation = samRequestValidation(props);
      if (validation) route.validation = validation;
    }
    out.push({ apiLogicalId: api.apiLogicalId, route });
  }
  return out;
}

function routeOf(stack: Stack, kind: "rest" | "http", props: Record<string, unknown>, eventId: string, spec: FunctionSpec): RouteSpec {
  const path = props.Path;
  const method = props.Method;
  if (kind === "rest" && (typeof path !== "string" || typeof method !== "string")) {
    throw templateError(messages.samEvent(eventId, "Api events need Path and Method."), { file: stack.info.file, line: spec.line },
      "Add Path (e.g. /items/{id}) and Method (e.g. get, or any) to the event's Properties.");
  }
  const route: RouteSpec = {
    // An HttpApi event without Path is the API's $default route.
    method: typeof method === "string" ? normalizeMethod(method) : "ANY",
    path: typeof path === "string" ? path : "$default",
    functionLogicalId: spec.logicalId,
    // The alias, when the function has an AutoPublishAlias (SAM's integration URI names it).
    functionName: eventTarget(spec).functionName,
    payloadFormatVersion: kind === "rest" ? "1.0" : props.PayloadFormatVersion === "1.0" ? "1.0" : "2.0",
    eventId,
  };
  if (isRecord(props.Auth)) route.auth = props.Auth;
  if (props.TimeoutInMillis !== undefined) route.timeoutMs = Number(props.TimeoutInMillis);
  return route;
}

export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return upper === "X-AMAZON-APIGATEWAY-ANY-METHOD" ? "ANY" : upper;
}
