/**
 * The EventBridge Scheduler API over restJson: the operation is found from the method and
 * path (api/model.ts's HTTP bindings), its input gathered from the path's labels, the query
 * string and the JSON body, checked against the model, then handed to the engine. Errors
 * answer `{"Message": …}` with x-amzn-ErrorType, as the Scheduler's recorded errors read.
 */
import {
  AwsError, InternalFailure, UnknownOperationException, coralJsonTypeRules, createValidator, matchRestJsonRoute, requestId, restJsonInput, restJsonResponse, restJsonRoutes,
  type EdgeRequest, type EdgeResponse, type Logger,
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

const ROUTES = restJsonRoutes(schedulerModel);

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
      const found = matchRestJsonRoute(ROUTES, req.method, req.path);
      if (found === undefined) throw new UnknownOperationException(`The sandbox's EventBridge Scheduler has no operation at ${req.method} ${req.path}.`);
      const input = restJsonInput(schedulerModel, found.route, found.labels, req);
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
