/**
 * STS on the wire: awsQuery (form-urlencoded Action=…, XML answers), as every AWS SDK and
 * awscli speak it. The caller is the access key id of the request's SigV4 credential scope.
 */
import { AwsError, createAwsQueryHandler, sigV4AccessKey, type AwsQueryAction, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { StsEngine } from "./engine/engine.js";
import { stsModel } from "./generated/sts.js";
import { validatorFor } from "./validation.js";

type Input = Record<string, unknown>;

/** The input shape an engine method takes, once the model's validator has passed it. */
const as = <T>(input: Input): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, AwsQueryAction<StsEngine>> = {
  GetCallerIdentity: (e, _i, req) => e.getCallerIdentity(sigV4AccessKey(req)),
  GetSessionToken: (e, i, req) => e.getSessionToken(as(i), sigV4AccessKey(req)),
  AssumeRole: (e, i, req) => e.assumeRole(as(i), sigV4AccessKey(req)),
  GetFederationToken: (e, i) => e.getFederationToken(as(i)),
  AssumeRoleWithWebIdentity: (e, i) => e.assumeRoleWithWebIdentity(as(i)),
  GetAccessKeyInfo: (e, i) => e.getAccessKeyInfo(as(i)),
  AssumeRoleWithSAML: (e, i) => e.assumeRoleWithSAML(as(i)),
  AssumeRoot: (e, i, req) => e.assumeRoot(as(i), sigV4AccessKey(req)),
  DecodeAuthorizationMessage: (e, i) => e.decodeAuthorizationMessage(as(i)),
};

export function createStsWire(engine: StsEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  return createAwsQueryHandler(
    engine,
    {
      model: stsModel,
      label: "STS",
      actions: ACTIONS,
      validatorFor,
      notEmulated: (action) => new AwsError("InvalidAction", `The sandbox does not emulate the STS action ${action}.`, 400),
    },
    logger,
  );
}
