/** The edge route of Cognito identity pools, importable without loading the service (sandbox loads it lazily). */
import type { AwsServiceRoute } from "@sam-sandbox/core";

export const IDENTITY_TARGET_PREFIX = "AWSCognitoIdentityService";

/** Where the edge serves the keys of GetOpenIdToken's tokens ("<edge>/cognito-identity/.well-known/jwks_uri"). */
export const IDENTITY_PATH_PREFIX = "/cognito-identity/";

/** By X-Amz-Target, by SigV4 signing name "cognito-identity", and by path for the OpenID keys. */
export function identityRoute(): AwsServiceRoute {
  return { targetPrefixes: [IDENTITY_TARGET_PREFIX], signingNames: ["cognito-identity"], pathPrefixes: [IDENTITY_PATH_PREFIX] };
}
