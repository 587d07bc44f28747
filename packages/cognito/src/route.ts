/** The edge route of Cognito user pools, importable without loading the service (sandbox loads it lazily). */
import type { AwsServiceRoute } from "@sam-sandbox/core";
import { hostedUiTarget } from "./oauth/match.js";

export const TARGET_PREFIX = "AWSCognitoIdentityProviderService";

/**
 * By X-Amz-Target, by SigV4 signing name "cognito-idp", by "/<region>_…" for GET <issuer>/.well-known/*,
 * and a user pool domain's hosted UI ("/<prefix>.auth.<region>.amazoncognito.com/…", see oauth/match.ts).
 */
export function cognitoRoute(region: string): AwsServiceRoute {
  return { targetPrefixes: [TARGET_PREFIX], signingNames: ["cognito-idp"], pathPrefixes: [`/${region}_`], claims: (req) => hostedUiTarget(req) !== undefined };
}

export { identityRoute, IDENTITY_TARGET_PREFIX } from "./identity/route.js";
