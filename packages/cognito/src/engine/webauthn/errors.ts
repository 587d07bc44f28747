/**
 * Passkeys' (WebAuthn) errors. AWS's message texts for these are quoted nowhere the sandbox could
 * find; each carries the API reference's description of the exception (as DeviceKeyExistsException
 * does), HTTP 400 as the model gives them.
 */
import { CognitoError, LimitExceededException, ResourceNotFoundException } from "../../errors.js";

const exception = (code: string, description: string) =>
  class extends CognitoError {
    constructor(message = description) {
      super(code, message);
    }
  };

export const WebAuthnChallengeNotFoundException = exception("WebAuthnChallengeNotFoundException", "This exception is thrown when the challenge from StartWebAuthn registration has expired.");
export const WebAuthnClientMismatchException = exception(
  "WebAuthnClientMismatchException",
  "This exception is thrown when the access token is for a different client than the one in the original StartWebAuthnRegistration request.",
);
export const WebAuthnConfigurationMissingException = exception(
  "WebAuthnConfigurationMissingException",
  "This exception is thrown when a user pool doesn't have a configured relying party id or a user pool domain.",
);
export const WebAuthnCredentialNotSupportedException = exception(
  "WebAuthnCredentialNotSupportedException",
  "This exception is thrown when a user presents passkey credentials from an unsupported device or provider.",
);
export const WebAuthnNotEnabledException = exception("WebAuthnNotEnabledException", "This exception is thrown when the passkey feature isn't enabled for the user pool.");
export const WebAuthnOriginNotAllowedException = exception(
  "WebAuthnOriginNotAllowedException",
  "This exception is thrown when the passkey credential's registration origin does not align with the user pool relying party id.",
);
export const WebAuthnRelyingPartyMismatchException = exception(
  "WebAuthnRelyingPartyMismatchException",
  "This exception is thrown when the given passkey credential is associated with a different relying party ID than the user pool relying party ID.",
);
export const passkeyLimit = () => new LimitExceededException("This exception is thrown when a user exceeds the limit for a requested Amazon Web Services resource.");

export const credentialNotFound = () => new ResourceNotFoundException("This exception is thrown when the Amazon Cognito service can't find the requested resource.");
