import { CognitoError, NotAuthorizedException, ResourceNotFoundException } from "../errors.js";

/**
 * Cognito identity pools' error codes (AWSCognitoIdentityService) with AWS's texts as real
 * responses show them (quoted in AWS SDK issues and the SDKs' own integration features). The
 * codes both Cognito APIs answer with are user pools' classes.
 */
export { InvalidParameterException, NotAuthorizedException, ResourceNotFoundException } from "../errors.js";

export class InvalidIdentityPoolConfigurationException extends CognitoError {
  constructor(message = "Invalid identity pool configuration. Check assigned IAM roles for this pool.") {
    super("InvalidIdentityPoolConfigurationException", message);
  }
}
export class ResourceConflictException extends CognitoError {
  constructor(message: string) {
    super("ResourceConflictException", message);
  }
}

export const identityPoolNotFound = (id: string) => new ResourceNotFoundException(`IdentityPool '${id}' not found.`);
export const identityNotFound = (id: string) => new ResourceNotFoundException(`Identity '${id}' not found.`);
export const unauthenticatedNotSupported = () => new NotAuthorizedException("Unauthenticated access is not supported for this identity pool.");
export const loginsDoNotMatch = () => new NotAuthorizedException("Logins don't match. Please include at least one valid login for this identity or identity pool.");
export const unsupportedProvider = () => new NotAuthorizedException("Token is not from a supported provider of this identity pool.");
export const issuerMismatch = () => new NotAuthorizedException("Invalid login token. Issuer doesn't match providerName");
export const missingClaim = (claim: string) => new NotAuthorizedException(`Invalid login token. Missing a required claim: ${claim}`);
export const unverifiableToken = () => new NotAuthorizedException("Invalid login token. Couldn't verify signed token.");
export const notACognitoToken = () => new NotAuthorizedException("Invalid login token. Not a Cognito token.");
/** AWS prints the current time first: "Token expired: 1754028847 >= 1754027905". */
export const tokenExpired = (now: number, exp: number) => new NotAuthorizedException(`Invalid login token. Token expired: ${now} >= ${exp}`);
/** Quoted in danilop/LambdAuth issue #32 (GetOpenIdTokenForDeveloperIdentity with a provider the pool does not name). */
export const developerProviderNotSupported = () => new NotAuthorizedException("This identity pool does not support the specified developer provider");
export const ambiguousRoleDenied = () => new NotAuthorizedException("The ambiguous role mapping rules denied this request.");
