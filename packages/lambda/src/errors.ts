/**
 * The Lambda API's errors, with AWS's message texts, each defined once.
 * (What a *function* returns when it fails is in engine/functionErrors.ts.)
 */
import { AwsError } from "@sam-sandbox/core";

export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super("ResourceNotFoundException", message, 404);
  }
}

export class InvalidRequestContentException extends AwsError {
  constructor(message: string) {
    super("InvalidRequestContentException", message, 400);
  }
}

export class InvalidParameterValueException extends AwsError {
  constructor(message: string) {
    super("InvalidParameterValueException", message, 400);
  }
}

/**
 * The model names this RequestTooLargeException, but Lambda answers an oversized Invoke
 * with `x-amzn-ErrorType: RequestEntityTooLargeException` (413), as real clients report.
 */
export class RequestEntityTooLargeException extends AwsError {
  constructor(message: string) {
    super("RequestEntityTooLargeException", message, 413);
  }
}

export class TooManyRequestsException extends AwsError {
  constructor(message: string, reason: string) {
    super("TooManyRequestsException", message, 429, { Reason: reason });
  }
}

/** The function's runtime cannot run here (the sandbox runs Node.js functions only). */
export class InvalidRuntimeException extends AwsError {
  constructor(message: string) {
    super("InvalidRuntimeException", message, 502);
  }
}

export class ServiceException extends AwsError {
  constructor(message: string) {
    super("ServiceException", message, 500);
  }
}

/** Lambda writes `Message` (capital M) in these errors' bodies, `message` in the others. */
export const CAPITALIZED_MESSAGE_ERRORS: ReadonlySet<string> = new Set([
  "ResourceNotFoundException",
  "RequestEntityTooLargeException",
]);

export const messages = {
  functionNotFound: (arn: string) => `Function not found: ${arn}`,
  syncRequestTooLarge: (limit: number) => `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
  asyncRequestTooLarge: (size: number, limit: number) =>
    `${size} byte payload is too large for the Event invocation type (limit ${limit} bytes)`,
  invalidJson: (detail: string) => `Could not parse request body into json: Could not parse payload into json: ${detail}`,
  invalidClientContext: () => "Client context must be a valid Base64-encoded JSON object.",
  qualifierMismatch: () => "The derived qualifier from the function name does not match the specified qualifier.",
  rateExceeded: () => "Rate Exceeded.",
  validation: (value: string, member: string, constraint: string) =>
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  unsupportedRuntime: (runtime: string) =>
    `The runtime parameter of ${runtime} is not supported by the sandbox: it runs Node.js functions (nodejs18.x and later).`,
  shuttingDown: () => "The Lambda service is shutting down.",
  unsupportedOperation: (method: string, path: string) =>
    `The sandbox does not emulate this Lambda operation (${method} ${path}): it serves Invoke, GetFunction, GetFunctionConfiguration and ListFunctions.`,
} as const;
