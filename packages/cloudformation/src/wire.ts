/**
 * CloudFormation on the wire: awsQuery (form-urlencoded Action=…, XML answers), as every
 * AWS SDK and awscli speak it. Actions the sandbox does not serve (the writes) answer an
 * AWS-shaped InvalidAction that says so.
 */
import {
  AwsError, queryErrorResponse, queryParams, queryResponse, readQueryInput, requestId,
  type EdgeRequest, type EdgeResponse, type Logger,
} from "@sam-sandbox/core";
import type { CloudFormationEngine } from "./engine/engine.js";
import { invalidAction, missingAction, notEmulated } from "./errors.js";
import { CLOUDFORMATION_ACTIONS, cloudFormationModel } from "./generated/cloudformation.js";
import { validatorFor } from "./validation.js";

type Input = Record<string, unknown>;
type Action = (engine: CloudFormationEngine, input: Input) => unknown;

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Input): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  DescribeStacks: (e, i) => e.describeStacks(as(i)),
  ListStacks: (e, i) => e.listStacks(as(i)),
  DescribeStackResources: (e, i) => e.describeStackResources(as(i)),
  DescribeStackResource: (e, i) => e.describeStackResource(as(i)),
  ListStackResources: (e, i) => e.listStackResources(as(i)),
  GetTemplate: (e, i) => e.getTemplate(as(i)),
  ListExports: (e, i) => e.listExports(as(i)),
  DescribeStackEvents: (e, i) => e.describeStackEvents(as(i)),
};

export function createCloudFormationWire(engine: CloudFormationEngine, logger: Logger) {
  const internal = (error: unknown): AwsError => {
    logger.error(`CloudFormation: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new AwsError("InternalFailure", "An internal error occurred.", 500);
  };

  return async function handle(req: EdgeRequest): Promise<EdgeResponse> {
    const id = requestId();
    try {
      const params = queryParams(req);
      const action = params.get("Action");
      if (action === undefined || action === "") throw missingAction();
      // Own keys only: "constructor" or "__proto__" is no action.
      const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
      if (!handler) throw CLOUDFORMATION_ACTIONS.includes(action) ? notEmulated(action) : invalidAction();
      const input = readQueryInput(cloudFormationModel, action, params);
      validatorFor(action)?.(input);
      return queryResponse(cloudFormationModel, action, id, handler(engine, input));
    } catch (error) {
      return queryErrorResponse(cloudFormationModel, id, error instanceof AwsError ? error : internal(error));
    }
  };
}
