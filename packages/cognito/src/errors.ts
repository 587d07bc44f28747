import { AwsError } from "@sam-sandbox/core";

/**
 * Cognito user pools' error codes (AWSCognitoIdentityProviderService) with AWS's texts, as
 * real responses show them (the texts quoted by clients, moto and cloudemu tests). Identity pools
 * (identity/errors.ts) answer with the same ResourceNotFound / InvalidParameter / NotAuthorized.
 */
export class CognitoError extends AwsError {
  constructor(code: string, message: string, status = 400) {
    super(code, message, status);
  }
}

export class ResourceNotFoundException extends CognitoError {
  constructor(message: string) {
    super("ResourceNotFoundException", message);
  }
}
export class InvalidParameterException extends CognitoError {
  constructor(message: string) {
    super("InvalidParameterException", message);
  }
}
export class InvalidPasswordException extends CognitoError {
  constructor(reason: string) {
    super("InvalidPasswordException", `Password did not conform with policy: ${reason}`);
  }
}
export class NotAuthorizedException extends CognitoError {
  constructor(message: string) {
    super("NotAuthorizedException", message);
  }
}
export class UserNotFoundException extends CognitoError {
  constructor(message = "User does not exist.") {
    super("UserNotFoundException", message);
  }
}
export class UsernameExistsException extends CognitoError {
  constructor(message = "User already exists") {
    super("UsernameExistsException", message);
  }
}
export class AliasExistsException extends CognitoError {
  constructor(message = "An account with the given email already exists.") {
    super("AliasExistsException", message);
  }
}
export class UserNotConfirmedException extends CognitoError {
  constructor(message = "User is not confirmed.") {
    super("UserNotConfirmedException", message);
  }
}
export class CodeMismatchException extends CognitoError {
  constructor(message = "Invalid verification code provided, please try again.") {
    super("CodeMismatchException", message);
  }
}
export class ExpiredCodeException extends CognitoError {
  constructor(message = "Invalid code provided, please request a code again.") {
    super("ExpiredCodeException", message);
  }
}
export class GroupExistsException extends CognitoError {
  constructor(message: string) {
    super("GroupExistsException", message);
  }
}

export const poolNotFound = (poolId: string) => new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
export const clientNotFound = (clientId: string) => new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
export const groupNotFound = () => new ResourceNotFoundException("Group not found.");
export const incorrectCredentials = () => new NotAuthorizedException("Incorrect username or password.");
export const userDisabled = () => new NotAuthorizedException("User is disabled.");
/** A sign-in while the user is locked out after failed passwords (the text quoted in amazon-cognito-identity-js#479, amplify-js#1234). */
export const passwordAttemptsExceeded = () => new NotAuthorizedException("Password attempts exceeded");
export const invalidAccessToken = () => new NotAuthorizedException("Invalid Access Token");
export const accessTokenExpired = () => new NotAuthorizedException("Access Token has expired");
export const accessTokenRevoked = () => new NotAuthorizedException("Access Token has been revoked");
/** An access token without aws.cognito.signin.user.admin (a hosted UI sign-in that did not ask it) at a self-service action (re:Post, "GetUser requiring aws.cognito.signin.user.admin scope"). */
export const accessTokenLacksScope = () => new NotAuthorizedException("Access Token does not have required scopes");
export const invalidRefreshToken = () => new NotAuthorizedException("Invalid Refresh Token");
export const refreshTokenExpired = () => new NotAuthorizedException("Refresh Token has expired");
export const refreshTokenRevoked = () => new NotAuthorizedException("Refresh Token has been revoked");
export const invalidSession = () => new NotAuthorizedException("Invalid session for the user.");
export const sessionExpired = () => new NotAuthorizedException("Invalid session for the user, session is expired.");
export const missingParameter = (name: string) => new InvalidParameterException(`Missing required parameter ${name}`);
export const secretNotReceived = (clientId: string) => new NotAuthorizedException(`Client ${clientId} is configured for secret but secret was not received`);
export const secretHashMismatch = (clientId: string) => new NotAuthorizedException(`Unable to verify secret hash for client ${clientId}`);
export const cannotConfirm = (status: string) => new NotAuthorizedException(`User cannot be confirmed. Current status is ${status}`);

/** A trigger function failed: "<Trigger> failed with error <message>." (the function's errorMessage). */
export class UserLambdaValidationException extends CognitoError {
  constructor(message: string) {
    super("UserLambdaValidationException", message);
  }
}
/** A trigger answered with something Cognito cannot read. */
export class InvalidLambdaResponseException extends CognitoError {
  constructor(message: string) {
    super("InvalidLambdaResponseException", message);
  }
}
/** A trigger is configured but no Lambda is wired (the engine runs without the sandbox). */
export class UnexpectedLambdaException extends CognitoError {
  constructor(message: string) {
    super("UnexpectedLambdaException", message);
  }
}
export const triggerFailed = (trigger: string, message: string) => new UserLambdaValidationException(`${trigger} failed with error ${message}.`);
export const invalidLambdaJson = () => new InvalidLambdaResponseException("Invalid lambda function output : Invalid JSON");
export const unrecognizableLambdaOutput = () => new InvalidLambdaResponseException("Unrecognizable lambda output");

/** VerifySoftwareToken with a code the associated secret does not produce (amazon-cognito-identity-js / Amplify UI texts). */
export class EnableSoftwareTokenMFAException extends CognitoError {
  constructor(message = "Code mismatch and fail enable Software Token MFA") {
    super("EnableSoftwareTokenMFAException", message);
  }
}
/** No software token to verify or answer with (the API reference's description of the exception). */
export class SoftwareTokenMFANotFoundException extends CognitoError {
  constructor(message = "Software token TOTP multi-factor authentication (MFA) is not enabled for the user pool.") {
    super("SoftwareTokenMFANotFoundException", message);
  }
}
/** A wrong software token code; a wrong SMS or email code has its own text (both as AWS answers RespondToAuthChallenge). */
export const mfaCodeMismatch = () => new CodeMismatchException("Invalid code received for user");
export const otpCodeMismatch = () => new CodeMismatchException("Invalid code or auth state for the user.");
export const sessionUsed = () => new NotAuthorizedException("Invalid session for the user, session can only be used once.");
export const softwareTokenUsedOnce = () => new ExpiredCodeException("Your software token has already been used once.");
export const noMfaDeliveryConfig = (factor: string) => new InvalidParameterException(`User does not have delivery config set to turn on ${factor}`);
export const allMfasDisabled = () => new InvalidParameterException("Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
export const mfaOffWithFactor = () => new InvalidParameterException("Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
export const smsMfaConfigurationRequired = () => new InvalidParameterException("SMS configuration and Auto verification for phone_number are required when MFA is required/optional");

/** A DEVICE_KEY the user has no confirmed device for (Amplify and amazon-cognito-identity-js retry without the key on this text). */
export const deviceNotFound = () => new ResourceNotFoundException("Device does not exist.");
/** ConfirmDevice with a device key the sign-in was not given (boto3#4059, amplify-js#2087 quote AWS's answer). */
export const invalidDeviceKey = () => new InvalidParameterException("Invalid device key given.");
/** ConfirmDevice again for a device already confirmed (the API reference's description of the exception). */
export class DeviceKeyExistsException extends CognitoError {
  constructor(message = "This exception is thrown when a user attempts to confirm a device with a device key that already exists.") {
    super("DeviceKeyExistsException", message);
  }
}

/** CreateIdentityProvider with a provider name the pool already has. */
export class DuplicateProviderException extends CognitoError {
  constructor(message: string) {
    super("DuplicateProviderException", message);
  }
}

/**
 * Threat protection (UserPoolAddOns AdvancedSecurityMode AUDIT or ENFORCED) is off for the pool. No
 * response of AWS quoting a text was found; the API reference's description of the exception is used.
 */
export class UserPoolAddOnNotEnabledException extends CognitoError {
  constructor(message = "This exception is thrown when user pool add-ons aren't enabled.") {
    super("UserPoolAddOnNotEnabledException", message);
  }
}
/** A feature of a higher feature plan (UserPoolTier); the API reference's description of the exception. */
export class FeatureUnavailableInTierException extends CognitoError {
  constructor(message = "This exception is thrown when a feature you attempted to configure isn't available in your current feature plan.") {
    super("FeatureUnavailableInTierException", message);
  }
}
/** An app client that already has a managed login style; the API reference's description of the exception. */
export class ManagedLoginBrandingExistsException extends CognitoError {
  constructor(message = "This exception is thrown when you attempt to apply a managed login branding style to an app client that already has an assigned style.") {
    super("ManagedLoginBrandingExistsException", message);
  }
}
export class LimitExceededException extends CognitoError {
  constructor(message: string) {
    super("LimitExceededException", message);
  }
}
