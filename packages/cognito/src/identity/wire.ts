import { createAwsJsonHandler, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import { cognitoIdentityModel } from "../generated/cognitoidentity.js";
import { COGNITO_PROTOCOL, cognitoValidator, jsonDocument, unknownActionOf, type CognitoAction } from "../jsonApi.js";
import type { CognitoIdentityEngine } from "./engine/engine.js";
import { IDENTITY_PATH_PREFIX, IDENTITY_TARGET_PREFIX } from "./route.js";

/** AWS action name → engine method (awsJson 1.1, X-Amz-Target AWSCognitoIdentityService.<Action>). */
const ACTIONS: Record<string, CognitoAction<CognitoIdentityEngine>> = {
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
  LookupDeveloperIdentity: (e, i) => e.lookupDeveloperIdentity(i),
  MergeDeveloperIdentities: (e, i) => e.mergeDeveloperIdentities(i),
  TagResource: (e, i) => e.tagResource(i),
  UntagResource: (e, i) => e.untagResource(i),
  ListTagsForResource: (e, i) => e.listTagsForResource(i),
  SetPrincipalTagAttributeMap: (e, i) => e.setPrincipalTagAttributeMap(i),
  GetPrincipalTagAttributeMap: (e, i) => e.getPrincipalTagAttributeMap(i),
};

const validate = cognitoValidator(cognitoIdentityModel, "com.amazonaws.cognitoidentity", { errorCode: "ValidationException" });

const JWKS_PATH = `${IDENTITY_PATH_PREFIX}.well-known/jwks_uri`;

export function createCognitoIdentityWire(engine: CognitoIdentityEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  const api = createAwsJsonHandler(
    engine,
    {
      protocol: COGNITO_PROTOCOL,
      label: "Cognito identity",
      actions: ACTIONS,
      validatorFor: (action) => validate.forOperation(action),
      targetPrefix: IDENTITY_TARGET_PREFIX,
      unknownAction: unknownActionOf(cognitoIdentityModel, "Cognito identity pools"),
    },
    logger,
  );
  return async (req) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.path !== JWKS_PATH) return api(req);
    return jsonDocument(200, await engine.jwks());
  };
}
