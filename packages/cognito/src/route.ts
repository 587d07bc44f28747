/** The edge route of Cognito user pools, importable without loading the service (sandbox loads it lazily). */
import type { AwsServiceRoute } from "@sam-sandbox/core";

export const TARGET_PREFIX = "AWSCognitoIdentityProviderService";

/** By X-Amz-Target, by SigV4 signing name "cognito-idp", and by "/<region>_…" for GET <issuer>/.well-known/*. */
export function cognitoRoute(region: string): AwsServiceRoute {
  return { targetPrefixes: [TARGET_PREFIX], signingNames: ["cognito-idp"], pathPrefixes: [`/${region}_`] };
}
