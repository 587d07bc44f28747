/**
 * STS on the wire: awsQuery (form-urlencoded Action=…, XML answers), as every AWS SDK and
 * awscli speak it. The caller is the access key id of the request's SigV4 credential scope.
 */
import {
  AwsError, queryErrorResponse, queryParams, queryResponse, readQueryInput, requestId, sigV4AccessKey,
  type EdgeRequest, type EdgeResponse, type Logger,
} from "@sam-sandbox/core";
import type { StsEngine } from "./engine/engine.js";
import { invalidAction, missingAction } from "./errors.js";
import { stsModel } from "./generated/sts.js";
import { validatorFor } from "./validation.js";

type Input = Record<string, unknown>;
type Action = (engine: StsEngine, input: Input, caller: string | undefined) => unknown;

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Input): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, Action> = {
  GetCallerIdentity: (e, _i, caller) => e.getCallerIdentity(caller),
  GetSessionToken: (e, i, caller) => e.getSessionToken(as(i), caller),
  AssumeRole: (e, i) => e.assumeRole(as(i)),
  AssumeRoleWithWebIdentity: (e, i) => e.assumeRoleWithWebIdentity(as(i)),
};

export function createStsWire(engine: StsEngine, logger: Logger) {
  const internal = (error: unknown): AwsError => {
    logger.error(`STS: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
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
      if (!handler) {
        if (Object.hasOwn(stsModel.operations, action)) {
          throw new AwsError("InvalidAction", `The sandbox does not emulate the STS action ${action}.`, 400);
        }
        throw invalidAction();
      }
      const input = readQueryInput(stsModel, action, params);
      validatorFor(action)?.(input);
      return queryResponse(stsModel, action, id, await handler(engine, input, sigV4AccessKey(req)));
    } catch (error) {
      return queryErrorResponse(stsModel, id, error instanceof AwsError ? error : internal(error));
    }
  };
}
