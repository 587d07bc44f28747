/**
 * Step Functions' error body as it travels the wire (awsJson 1.0): `__type` carries the
 * namespace of the code — its own exceptions "com.amazonaws.swf.service.v2.model#", model
 * validation "com.amazon.coral.validate#", protocol-level failures "com.amazon.coral.service#".
 * The dispatcher hands API Gateway the AwsError; an integration that passes the body through
 * writes it back as Step Functions sent it.
 */
import type { AwsError } from "@sam-sandbox/core";

const CORAL_SERVICE_CODES = new Set([
  "SerializationException", "AccessDeniedException", "UnrecognizedClientException", "IncompleteSignature",
  "InvalidSignatureException", "MissingAuthenticationTokenException", "ThrottlingException", "UnknownOperationException",
  "InternalFailure", "ServiceUnavailable", "RequestExpired",
]);

function namespaceOf(code: string): string {
  if (code === "ValidationException") return "com.amazon.coral.validate";
  if (CORAL_SERVICE_CODES.has(code)) return "com.amazon.coral.service";
  return "com.amazonaws.swf.service.v2.model";
}

export function stepFunctionsErrorBody(error: AwsError): string {
  const body: Record<string, unknown> = { __type: `${namespaceOf(error.code)}#${error.code}` };
  if (error.message !== "") body.message = error.message;
  Object.assign(body, error.extra);
  return JSON.stringify(body);
}
