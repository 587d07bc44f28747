import { AwsError } from "@sam-sandbox/core";

/**
 * A response API Gateway sends itself, instead of the integration's ("gateway
 * response"). The body is AWS's text byte for byte: REST APIs write some with a
 * space after the colon and some without, and that is kept. `code` is the
 * x-amzn-ErrorType value where a REST API sends that header, otherwise the
 * gateway response type (GatewayResponseType), which only logs show.
 */
export class GatewayResponse extends AwsError {
  /** Exact body text. */
  readonly body: string;
  /** Content-Type of the body; undefined when AWS sends none. */
  readonly contentType: string | undefined;
  /** REST APIs name the failure in an x-amzn-ErrorType header. */
  readonly errorTypeHeader: boolean;
  /** REST APIs: the GatewayResponseType a template's gateway responses customize (gatewayResponses.ts); undefined: not customizable. */
  readonly responseType: GatewayResponseType | undefined;

  constructor(
    code: string,
    message: string,
    status: number,
    body: string,
    options: { contentType?: string | null; errorTypeHeader?: boolean; responseType?: GatewayResponseType } = {},
  ) {
    super(code, message, status);
    this.body = body;
    this.contentType = options.contentType === null ? undefined : (options.contentType ?? "application/json");
    this.errorTypeHeader = options.errorTypeHeader ?? false;
    this.responseType = options.responseType;
  }
}

/** The REST API gateway response types the gateway answers ("Gateway response types for API Gateway"). */
export type GatewayResponseType =
  | "ACCESS_DENIED"
  | "API_CONFIGURATION_ERROR"
  | "AUTHORIZER_CONFIGURATION_ERROR"
  | "BAD_REQUEST_BODY"
  | "BAD_REQUEST_PARAMETERS"
  | "DEFAULT_4XX"
  | "DEFAULT_5XX"
  | "INTEGRATION_TIMEOUT"
  | "INVALID_API_KEY"
  | "MISSING_AUTHENTICATION_TOKEN"
  | "QUOTA_EXCEEDED"
  | "THROTTLED"
  | "UNAUTHORIZED"
  | "UNSUPPORTED_MEDIA_TYPE";

// ---- HTTP APIs (API Gateway v2) ----

/** No route and no $default route matched. */
export class NotFound extends GatewayResponse {
  constructor() {
    super("RESOURCE_NOT_FOUND", "Not Found", 404, '{"message":"Not Found"}');
  }
}

/** The function failed, or answered something API Gateway cannot map. */
export class InternalServerError extends GatewayResponse {
  constructor() {
    super("INTEGRATION_FAILURE", "Internal Server Error", 500, '{"message":"Internal Server Error"}');
  }
}

/** The integration did not answer within its timeout (30 s unless TimeoutInMillis says less). */
export class ServiceUnavailable extends GatewayResponse {
  constructor() {
    // Observed on AWS: no Content-Type header on this one.
    super("INTEGRATION_TIMEOUT", "Service Unavailable", 503, '{"message":"Service Unavailable"}', { contentType: null });
  }
}

/**
 * An HTTP_PROXY integration's endpoint did not answer within TimeoutInMillis: HTTP 504 ("How do I
 * troubleshoot HTTP 504 errors in API Gateway?": an integration request that outlasts the HTTP
 * API's integration timeout), with the HTTP API integration timeout's body.
 */
export class HttpIntegrationTimedOut extends GatewayResponse {
  constructor() {
    super("INTEGRATION_TIMEOUT", "Service Unavailable", 504, '{"message":"Service Unavailable"}', { contentType: null });
  }
}

/** The request body is over the 10 MB payload quota. */
export class RequestEntityTooLarge extends GatewayResponse {
  constructor() {
    super("REQUEST_TOO_LARGE", "Request Entity Too Large", 413, '{"message":"Request Entity Too Large"}');
  }
}

/** A route's (or the account's) throttle is used up ("Throttle requests to your HTTP APIs"). */
export class TooManyRequests extends GatewayResponse {
  constructor() {
    super("THROTTLED", "Too Many Requests", 429, '{"message":"Too Many Requests"}');
  }
}

// ---- REST APIs (API Gateway v1) ----

/** MISSING_AUTHENTICATION_TOKEN: what a REST API answers for an unknown resource or method. */
export class MissingAuthenticationToken extends GatewayResponse {
  constructor() {
    super("MissingAuthenticationTokenException", "Missing Authentication Token", 403, '{"message":"Missing Authentication Token"}', {
      errorTypeHeader: true,
      responseType: "MISSING_AUTHENTICATION_TOKEN",
    });
  }
}

/** A Lambda proxy integration that failed or returned a malformed response: 502 Bad Gateway. */
export class InternalServerErrorRest extends GatewayResponse {
  constructor() {
    super("InternalServerErrorException", "Internal server error", 502, '{"message": "Internal server error"}', { errorTypeHeader: true, responseType: "DEFAULT_5XX" });
  }
}

/** INTEGRATION_TIMEOUT: no answer within 29 s (or the integration's TimeoutInMillis). */
export class EndpointRequestTimedOut extends GatewayResponse {
  constructor() {
    super("INTEGRATION_TIMEOUT", "Endpoint request timed out", 504, '{"message": "Endpoint request timed out"}', { responseType: "INTEGRATION_TIMEOUT" });
  }
}

/** A body over 10 MB is refused before the API is reached, in plain text. */
export class RequestTooLong extends GatewayResponse {
  constructor(limit: number) {
    super("REQUEST_TOO_LARGE", "Request Too Long", 413, `HTTP content length exceeded ${limit} bytes.`, { contentType: null });
  }
}

/**
 * An AWS integration answered a status no integration response maps (SAM's Step Functions
 * integration maps "200" and "400" only): "Execution failed due to configuration error: No
 * match for output mapping and no default output mapping provided", answered as a 500.
 */
export class NoOutputMapping extends GatewayResponse {
  constructor() {
    super("InternalServerErrorException", "Internal server error", 500, '{"message": "Internal server error"}', { errorTypeHeader: true, responseType: "API_CONFIGURATION_ERROR" });
  }
}

/**
 * BAD_REQUEST_BODY: a mapping template read the body as JSON ($input.json) and it is not JSON.
 * AWS's detail after the last colon is its JSON parser's (Jackson's) message; ours is V8's.
 */
export class BadRequestBody extends GatewayResponse {
  constructor(detail: string) {
    const message = `Could not parse request body into json: Could not parse payload into json: ${detail}`;
    super("BadRequestException", message, 400, `{"message": ${JSON.stringify(message)}}`, { errorTypeHeader: true, responseType: "BAD_REQUEST_BODY" });
  }
}

/** BAD_REQUEST_BODY of a request validator: the body does not match the method's model (JSON Schema draft 4). */
export class InvalidRequestBody extends GatewayResponse {
  constructor() {
    super("BadRequestException", "Invalid request body", 400, '{"message": "Invalid request body"}', { errorTypeHeader: true, responseType: "BAD_REQUEST_BODY" });
  }
}

/** BAD_REQUEST_PARAMETERS of a request validator: required method request parameters absent or blank, named in order. */
export class MissingRequiredParameters extends GatewayResponse {
  constructor(names: string[]) {
    const message = `Missing required request parameters: [${names.join(", ")}]`;
    super("BadRequestException", message, 400, `{"message": ${JSON.stringify(message)}}`, { errorTypeHeader: true, responseType: "BAD_REQUEST_PARAMETERS" });
  }
}

// ---- Lambda function URLs (served by the function-URL front, functionUrls/front.ts) ----

/**
 * An AWS_IAM function URL called without a SigV4 signature, or a NONE one whose function's
 * policy does not let anyone call lambda:InvokeFunctionUrl. Lambda's text since October 2025
 * (localstack test_lambda_permission_url_invocation, recorded on AWS; awsdocs/aws-lambda-developer-guide#494).
 */
export class FunctionUrlForbidden extends GatewayResponse {
  constructor() {
    const message = "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html";
    super("AccessDeniedException", message, 403, JSON.stringify({ Message: message }), { errorTypeHeader: true });
  }
}

/**
 * No function URL has the host's id: 403 with a null Message (localstack
 * test_lambda_url_non_existing_url, recorded on AWS: body {"Message":null}, Content-Type
 * application/json, x-amzn-ErrorType AccessDeniedException).
 */
export class FunctionUrlNotFound extends GatewayResponse {
  constructor() {
    super("AccessDeniedException", "Forbidden", 403, '{"Message":null}', { errorTypeHeader: true });
  }
}

/** The function failed (an error, a timeout) or answered something Lambda cannot map. */
export class FunctionUrlBadGateway extends GatewayResponse {
  constructor() {
    super("BadGateway", "Internal Server Error", 502, "Internal Server Error");
  }
}

/** The function's concurrency (or the account's) is used up: Lambda's throttle, as Invoke answers it. */
export class FunctionUrlThrottled extends GatewayResponse {
  constructor() {
    super("TooManyRequestsException", "Rate Exceeded.", 429, '{"Message":"Rate Exceeded."}', { errorTypeHeader: true });
  }
}

/**
 * UNSUPPORTED_MEDIA_TYPE: no request template for the request's Content-Type and the
 * integration's PassthroughBehavior (NEVER, or WHEN_NO_TEMPLATES with templates) refuses it.
 */
export class UnsupportedMediaType extends GatewayResponse {
  constructor() {
    super("UnsupportedMediaTypeException", "Unsupported Media Type", 415, '{"message": "Unsupported Media Type"}', { errorTypeHeader: true, responseType: "UNSUPPORTED_MEDIA_TYPE" });
  }
}
