/**
 * IAM on the wire: awsQuery (form-urlencoded Action=…, XML answers), as every AWS SDK, awscli
 * and Terraform speak it. IAM is global: requests are signed for us-east-1 and service "iam".
 * The caller is the access key id of the request's SigV4 credential scope.
 */
import { AwsError, createAwsQueryHandler, sigV4AccessKey, type AwsQueryAction, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { IamEngine } from "./engine/engine.js";
import { iamModel } from "./generated/iam.js";
import { validatorFor } from "./validation.js";

type Input = Record<string, unknown>;
type Method = (input: never, caller?: string) => unknown;

/** Actions whose user defaults to the caller's. */
const CALLER_ACTIONS = new Set(["GetUser", "CreateLoginProfile", "GetLoginProfile", "DeleteLoginProfile", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey"]);

/** AWS action name → engine method (the action's name with a lower-case first letter). */
function actionsOf(engine: IamEngine): Record<string, AwsQueryAction<IamEngine>> {
  const actions: Record<string, AwsQueryAction<IamEngine>> = {};
  const methods = engine as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(engine))) {
    const method = methods[name];
    const action = name.charAt(0).toUpperCase() + name.slice(1);
    if (typeof method !== "function" || !Object.hasOwn(iamModel.operations, action)) continue;
    actions[action] = CALLER_ACTIONS.has(action)
      ? (e, i: Input, req: EdgeRequest) => (method as Method).call(e, i as never, sigV4AccessKey(req))
      : (e, i: Input) => (method as Method).call(e, i as never);
  }
  return actions;
}

export function createIamWire(engine: IamEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return createAwsQueryHandler(
    engine,
    {
      model: iamModel,
      label: "IAM",
      actions: actionsOf(engine),
      validatorFor,
      notEmulated: (action) => new AwsError("InvalidAction", `The sandbox does not emulate the IAM action ${action}.`, 400),
    },
    logger,
  );
}
