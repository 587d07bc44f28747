import { AwsError } from "@sam-sandbox/core";

/** API Gateway's errors (the model's shape names), as both control planes answer them. */
export class NotFoundException extends AwsError {
  constructor(message: string) {
    super("NotFoundException", message, 404);
  }
}

export class BadRequestException extends AwsError {
  constructor(message: string) {
    super("BadRequestException", message, 400);
  }
}

// AWS's texts, in one place.
/**
 * v1 (REST APIs): a restApiId the account does not have. AWS names the account and the id (localstack's
 * test_get_api_case_insensitive snapshot, GetRestApi, and test_update_rest_api_invalid_api_id, recorded on AWS).
 */
export const restApiNotFound = (accountId: string, restApiId: string) => new NotFoundException(`Invalid API identifier specified ${accountId}:${restApiId}`);
/** v2 (HTTP/WebSocket APIs): an ApiId the account does not have. */
export const apiNotFound = (accountId: string, apiId: string) => new NotFoundException(`Invalid API identifier specified ${accountId}:${apiId}`);
export const stageNotFound = () => new NotFoundException("Invalid stage identifier specified");
/** A path no API Gateway action has. */
export const unknownOperation = () => new AwsError("UnknownOperationException", "Unknown operation", 404);
/** An action the sandbox does not serve: every write (the template defines the APIs), and reads of what it does not model. */
export const notEmulated = (action: string) =>
  new BadRequestException(
    `The sandbox does not emulate the API Gateway action ${action}: it serves the template's APIs read-only (GetRestApis, GetResources, GetStages, GetApis, GetRoutes, GetIntegrations, …). Change the template to change them.`,
  );
