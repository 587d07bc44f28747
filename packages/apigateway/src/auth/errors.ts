/**
 * The gateway responses of authorization. Texts as AWS sends them by default (observed
 * responses quoted in lmammino "Debugging custom ApiGateway authorizers" (2023), the AWS
 * HTTP API JWT troubleshooting page, and AWS's 2025 wording of the explicit-deny message).
 */
import { GatewayResponse } from "../errors.js";

// ---- REST APIs ----

/** UNAUTHORIZED: a missing identity source, a token failing its validation expression, or an authorizer that threw "Unauthorized". */
export class UnauthorizedRest extends GatewayResponse {
  constructor() {
    super("UnauthorizedException", "Unauthorized", 401, '{"message":"Unauthorized"}', { errorTypeHeader: true, responseType: "UNAUTHORIZED" });
  }
}

/** ACCESS_DENIED: the authorizer's policy denies the method explicitly (capital "Message", as AWS writes it). */
export class ExplicitDeny extends GatewayResponse {
  constructor() {
    const message = "User is not authorized to access this resource with an explicit deny in an identity-based policy";
    super("AccessDeniedException", message, 403, JSON.stringify({ Message: message }), { errorTypeHeader: true, responseType: "ACCESS_DENIED" });
  }
}

/** ACCESS_DENIED: no statement of the authorizer's policy allows the method. */
export class ImplicitDeny extends GatewayResponse {
  constructor() {
    const message = "User is not authorized to access this resource";
    super("AccessDeniedException", message, 403, JSON.stringify({ Message: message }), { errorTypeHeader: true, responseType: "ACCESS_DENIED" });
  }
}

/** AUTHORIZER_CONFIGURATION_ERROR / AUTHORIZER_FAILURE: the authorizer failed or answered no valid policy. */
export class AuthorizerConfigurationError extends GatewayResponse {
  constructor() {
    super("AuthorizerConfigurationException", "null", 500, '{"message":null}', { errorTypeHeader: true, responseType: "AUTHORIZER_CONFIGURATION_ERROR" });
  }
}

/** INVALID_API_KEY: an ApiKeyRequired method called without a valid, enabled key of a usage plan of the API. */
export class InvalidApiKey extends GatewayResponse {
  constructor() {
    super("ForbiddenException", "Forbidden", 403, '{"message":"Forbidden"}', { errorTypeHeader: true, responseType: "INVALID_API_KEY" });
  }
}

/**
 * THROTTLED: the API key's usage plan rate (a token bucket of BurstLimit tokens refilled at RateLimit per
 * second) is used up ("Throttle API requests", x-amzn-ErrorType as API Gateway writes it).
 */
export class Throttled extends GatewayResponse {
  constructor() {
    super("TooManyRequestsException", "Too Many Requests", 429, '{"message":"Too Many Requests"}', { errorTypeHeader: true, responseType: "THROTTLED" });
  }
}

/** QUOTA_EXCEEDED: the API key's usage plan quota for the period is used up (a captured 429: content-length 28, LimitExceededException). */
export class QuotaExceeded extends GatewayResponse {
  constructor() {
    super("LimitExceededException", "Limit Exceeded", 429, '{"message":"Limit Exceeded"}', { errorTypeHeader: true, responseType: "QUOTA_EXCEEDED" });
  }
}

// ---- HTTP APIs ----

/** A missing identity source, a refused JWT, or a Lambda authorizer that threw "Unauthorized". */
export class UnauthorizedHttp extends GatewayResponse {
  constructor() {
    super("UNAUTHORIZED", "Unauthorized", 401, '{"message":"Unauthorized"}');
  }
}

/** The authorizer denied the request (isAuthorized false, a Deny policy, or missing JWT scopes). */
export class ForbiddenHttp extends GatewayResponse {
  constructor() {
    super("ACCESS_DENIED", "Forbidden", 403, '{"message":"Forbidden"}');
  }
}

/** The Lambda authorizer failed or answered something that is not a valid response. */
export class AuthorizerFailureHttp extends GatewayResponse {
  constructor() {
    super("AUTHORIZER_FAILURE", "Internal Server Error", 500, '{"message":"Internal Server Error"}');
  }
}
