/**
 * The EventBridge Scheduler API over restJson: the operation is found from the method and
 * path (api/model.ts's HTTP bindings), its input gathered from the path's labels, the query
 * string and the JSON body, checked against the model, then handed to the engine. Errors
 * answer `{"Message": …}` with x-amzn-ErrorType, as the Scheduler's recorded errors read.
 */
import {
  AwsError, InternalFailure, UnknownOperationException, coralJsonTypeRules, createValidator, parseJsonBody, requestId, restJsonResponse,
  type EdgeRequest, type EdgeResponse, type Logger, type MemberModel,
} from "@sam-sandbox/core";
import type { SchedulerApi } from "./api/engine.js";
import { schedulerModel } from "./api/model.js";

type Input = Record<string, unknown>;
type Action = (api: SchedulerApi, input: Input) => unknown;

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  CreateSchedule: (a, i) => a.createSchedule(i),
  GetSchedule: (a, i) => a.getSchedule(i),
  UpdateSchedule: (a, i) => a.updateSchedule(i),
  DeleteSchedule: (a, i) => a.deleteSchedule(i),
  ListSchedules: (a, i) => a.listSchedules(i),
  CreateScheduleGroup: (a, i) => a.createScheduleGroup(i),
  GetScheduleGroup: (a, i) => a.getScheduleGroup(i),
  DeleteScheduleGroup: (a, i) => a.deleteScheduleGroup(i),
  ListScheduleGroups: (a, i) => a.listScheduleGroups(i),
  TagResource: (a, i) => a.tagResource(i),
  UntagResource: (a, i) => a.untagResource(i),
  ListTagsForResource: (a, i) => a.listTagsForResource(i),
};

interface Route {
  operation: string;
  method: string;
  /** The path's segments; "{Label}" segments capture. */
  segments: string[];
  members: Record<string, MemberModel>;
}

const ROUTES: Route[] = Object.entries(schedulerModel.operations).flatMap(([operation, op]) => {
  if (!op.http || !op.input) return [];
  const members = { ...(schedulerModel.shapes[op.input]?.members ?? {}) };
  return [{ operation, method: op.http.method, segments: op.http.uri.split("/").filter(Boolean), members }];
});

/**
 * A path label, percent-decoded. A malformed escape ("%ZZ") stays as sent, so the model's name
 * pattern refuses it with a ValidationException (decodeURIComponent threw: HTTP 500).
 */
function decodeLabel(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function match(method: string, path: string): { route: Route; labels: Record<string, string> } | undefined {
  const segments = path.split("/").filter(Boolean);
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const labels: Record<string, string> = {};
    const fits = route.segments.every((segment, i) => {
      if (segment.startsWith("{")) {
        labels[segment.slice(1, -1)] = decodeLabel(segments[i]);
        return true;
      }
      return segment === segments[i];
    });
    if (fits) return { route, labels };
  }
  return undefined;
}

/** The operation's input: body members, then query parameters and path labels by the model's bindings. */
function inputOf(route: Route, labels: Record<string, string>, req: EdgeRequest): Input {
  const input: Input = req.body.length > 0 ? parseJsonBody(req.body) : {};
  const query = new URLSearchParams(req.rawQuery);
  for (const [name, member] of Object.entries(route.members)) {
    if (member.label && labels[name] !== undefined) input[name] = labels[name];
    if (member.query === undefined) continue;
    const values = query.getAll(member.query);
    if (values.length === 0) continue;
    const shape = schedulerModel.shapes[member.target];
    input[name] = shape?.type === "list" ? values : shape?.type === "integer" ? Number(values[0]) : values[0];
  }
  return input;
}

/** Runs one operation on already-gathered input, checked against the model first (the edge, and template resources at start-up). */
export type SchedulerCall = (operation: string, input: Input) => Promise<unknown>;

export function createSchedulerCall(api: SchedulerApi): SchedulerCall {
  const validate = createValidator(schedulerModel);
  return async (operation, input) => {
    const action = Object.hasOwn(ACTIONS, operation) ? ACTIONS[operation] : undefined;
    if (action === undefined) throw new UnknownOperationException(`The sandbox's EventBridge Scheduler has no operation ${operation}.`);
    validate(operation, input);
    return action(api, input);
  };
}

/**
 * A JSON member of the wrong type (a string for FlexibleTimeWindow.MaximumWindowInMinutes, a list
 * for Target.RetryPolicy, a number for ScheduleExpression) fails the whole request with 400
 * SerializationException before any constraint, as AWS's other Coral services answer (the
 * Scheduler's model, AWSChronosService, is one). Only at the edge: CloudFormation hands template
 * properties over as strings (StartDate, a !Ref'd MaximumWindowInMinutes) and converts them itself.
 */
const jsonTypes = createValidator(schedulerModel, {
  jsonTypes: coralJsonTypeRules("com.amazonaws.scheduler"),
  skip: ["required", "length", "range", "pattern", "enum"],
});

export function createSchedulerWire(call: SchedulerCall, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return async (req) => {
    const id = requestId();
    try {
      const found = match(req.method, req.path);
      if (found === undefined) throw new UnknownOperationException(`The sandbox's EventBridge Scheduler has no operation at ${req.method} ${req.path}.`);
      const input = inputOf(found.route, found.labels, req);
      jsonTypes(found.route.operation, input);
      const output = await call(found.route.operation, input);
      return restJsonResponse(id, output);
    } catch (error) {
      if (error instanceof AwsError) return errorResponse(id, error);
      logger.error(`EventBridge Scheduler: ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return errorResponse(id, new InternalFailure());
    }
  };
}

function errorResponse(id: string, error: AwsError): EdgeResponse {
  return {
    status: error.statusCode,
    headers: { "content-type": "application/json", "x-amzn-requestid": id, "x-amzn-errortype": error.code },
    body: JSON.stringify({ Message: error.message, ...error.extra }),
  };
}
