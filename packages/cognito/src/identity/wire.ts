import {
  coralJsonTypeRules,
  createAwsJsonHandler,
  createValidator,
  requestId,
  UnknownOperationException,
  type AwsJsonOptions,
  type EdgeRequest,
  type EdgeResponse,
  type Logger,
} from "@sam-sandbox/core";
import { cognitoIdentityModel } from "../generated/cognitoidentity.js";
import type { CognitoIdentityEngine } from "./engine/engine.js";
import { IDENTITY_PATH_PREFIX, IDENTITY_TARGET_PREFIX } from "./route.js";

const PROTOCOL: AwsJsonOptions = { version: "1.1" };

type Action = (engine: CognitoIdentityEngine, input: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** AWS action name → engine method (awsJson 1.1, X-Amz-Target AWSCognitoIdentityService.<Action>). */
const ACTIONS: Record<string, Action> = {
  CreateIdentityPool: (e, i) => e.createIdentityPool(i),
  DescribeIdentityPool: (e, i) => e.describeIdentityPool(i),
  ListIdentityPools: (e, i) => e.listIdentityPools(i),
  UpdateIdentityPool: (e, i) => e.updateIdentityPool(i),
  DeleteIdentityPool: (e, i) => e.deleteIdentityPool(i),
  SetIdentityPoolRoles: (e, i) => e.setIdentityPoolRoles(i),
  GetIdentityPoolRoles: (e, i) => e.getIdentityPoolRoles(i),
  GetId: (e, i) => e.getId(i),
  GetCredentialsForIdentity: (e, i) => e.getCredentialsForIdentity(i),
  GetOpenIdToken: (e, i) => e.getOpenIdToken(i),
  GetOpenIdTokenForDeveloperIdentity: (e, i) => e.getOpenIdTokenForDeveloperIdentity(i),
  DescribeIdentity: (e, i) => e.describeIdentity(i),
  ListIdentities: (e, i) => e.listIdentities(i),
  DeleteIdentities: (e, i) => e.deleteIdentities(i),
  UnlinkIdentity: (e, i) => e.unlinkIdentity(i),
  UnlinkDeveloperIdentity: (e, i) => e.unlinkDeveloperIdentity(i),
};

/** Constraint failures are Cognito's InvalidParameterException ("1 validation error detected: …"). */
const validate = createValidator(cognitoIdentityModel, {
  errorCode: "InvalidParameterException",
  jsonTypes: coralJsonTypeRules("com.amazonaws.cognitoidentity"),
});

const JWKS_PATH = `${IDENTITY_PATH_PREFIX}.well-known/jwks_uri`;

export function createCognitoIdentityWire(engine: CognitoIdentityEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  const api = createAwsJsonHandler(
    engine,
    { protocol: PROTOCOL, label: "Cognito identity", actions: ACTIONS, validatorFor: (action) => validate.forOperation(action), targetPrefix: IDENTITY_TARGET_PREFIX, unknownAction },
    logger,
  );
  return async (req) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.path !== JWKS_PATH) return api(req);
    const headers = { "content-type": "application/json;charset=UTF-8", "x-amzn-requestid": requestId(), "access-control-allow-origin": "*" };
    return { status: 200, headers, body: JSON.stringify(await engine.jwks()) };
  };
}

/** An action of AWS's model the sandbox does not emulate says so; any other gets AWS's bare answer. */
function unknownAction(action: string): UnknownOperationException {
  if (!Object.hasOwn(cognitoIdentityModel.operations, action)) return new UnknownOperationException();
  return new UnknownOperationException(`The sandbox does not emulate the Cognito identity pools action ${action}.`);
}
