/**
 * The request loop the awsQuery services share (STS, CloudFormation): the form's Action →
 * action, its parameters → input, AWS's model validation, the engine call, and AWS-shaped
 * XML errors. A failure that is not an AwsError is logged and answered as InternalFailure,
 * never thrown. (SNS and SQS also speak a JSON form and keep loops of their own, built from
 * the same pieces: missingAction, invalidAction, readQueryInput, queryResponse.)
 */
import { AwsError, InternalFailure } from "../errors.js";
import type { EdgeRequest, EdgeResponse } from "../http.js";
import type { Logger } from "../logger.js";
import type { ServiceModel } from "../model.js";
import { requestId } from "../ids.js";
import { queryErrorResponse, queryResponse } from "./awsQuery.js";
import { queryParams, readQueryInput } from "./awsQueryInput.js";
import { checkQueryScalars } from "./queryScalars.js";

/** A form without an Action, as AWS's Query services answer it. */
export const missingAction = () => new AwsError("MissingAction", "The request is missing an action or a required parameter.", 400);
/** An Action the service does not have. */
export const invalidAction = () =>
  new AwsError("InvalidAction", "The action or operation requested is invalid. Verify that the action is typed correctly.", 400);

/** Runs one action on the engine; `req` for the few actions that read a header. */
export type AwsQueryAction<Engine> = (engine: Engine, input: Record<string, unknown>, req: EdgeRequest) => unknown;

export interface AwsQueryServiceSpec<Engine> {
  model: ServiceModel;
  /** The service's name in log lines ("CloudFormation"). */
  label: string;
  actions: Record<string, AwsQueryAction<Engine>>;
  /** AWS's model check of an action's input. */
  validatorFor: (action: string) => ((input: Record<string, unknown>) => void) | undefined;
  /** The error for an action of the service the sandbox does not run. */
  notEmulated: (action: string) => AwsError;
  /** Whether the service has the action (default: the model's operations; a trimmed model lists them apart). */
  hasAction?: (action: string) => boolean;
}

export function createAwsQueryHandler<Engine>(
  engine: Engine,
  spec: AwsQueryServiceSpec<Engine>,
  logger: Logger,
): (req: EdgeRequest) => Promise<EdgeResponse> {
  const hasAction = spec.hasAction ?? ((action: string) => Object.hasOwn(spec.model.operations, action));
  return async (req) => {
    const id = requestId();
    try {
      const params = queryParams(req);
      const action = params.get("Action");
      if (action === undefined || action === "") throw missingAction();
      // Own keys only: "constructor" or "__proto__" is no action.
      const run = Object.hasOwn(spec.actions, action) ? spec.actions[action] : undefined;
      if (!run) throw hasAction(action) ? spec.notEmulated(action) : invalidAction();
      const input = readQueryInput(spec.model, action, params);
      // Text where a number belongs, and entries named without a value, as SNS and SQS read them.
      checkQueryScalars(spec.model, spec.model.operations[action]?.input ?? "", input);
      spec.validatorFor(action)?.(input);
      return queryResponse(spec.model, action, id, await run(engine, input, req));
    } catch (error) {
      if (error instanceof AwsError) return queryErrorResponse(spec.model, id, error);
      logger.error(`${spec.label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return queryErrorResponse(spec.model, id, new InternalFailure());
    }
  };
}
