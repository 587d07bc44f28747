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

export class ConflictException extends AwsError {
  constructor(message: string) {
    super("ConflictException", message, 409);
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

// v1 texts recorded on AWS (localstack's tests/aws/services/apigateway/test_apigateway_api.snapshot.json),
// else as moto's apigateway/exceptions.py copies them from AWS (marked "moto").
export const resourceNotFound = () => new NotFoundException("Invalid Resource identifier specified");
export const methodNotFound = () => new NotFoundException("Invalid Method identifier specified");
export const integrationNotFound = () => new NotFoundException("Invalid Integration identifier specified");
export const responseNotFound = () => new NotFoundException("Invalid Response status code specified");
/** moto: DeploymentNotFoundException. */
export const deploymentNotFound = () => new NotFoundException("Invalid Deployment identifier specified");
export const modelNotFound = (name: string) => new NotFoundException(`Invalid model name specified: ${name}`);
export const requestValidatorNotFound = () => new NotFoundException("Invalid Request Validator identifier specified");
/** moto: AuthorizerNotFoundException. */
export const authorizerNotFound = () => new NotFoundException("Invalid Authorizer identifier specified");
/** moto: ApiKeyNotFoundException, UsagePlanNotFoundException, ApiKeyValueMinLength, ApiKeyAlreadyExists. */
export const apiKeyNotFound = () => new NotFoundException("Invalid API Key identifier specified");
export const usagePlanNotFound = () => new NotFoundException("Invalid Usage Plan ID specified");
export const API_KEY_TOO_SHORT = "API Key value should be at least 20 characters";
export const apiKeyExists = () => new ConflictException("API Key already exists");
export const methodExists = () => new ConflictException("Method already exists for this resource");
export const siblingExists = (pathPart: string) => new ConflictException(`Another resource with the same parent already has this name: ${pathPart}`);
/** moto: "Stage already exists" (AWS's CreateStage on a taken name). */
export const stageExists = () => new ConflictException("Stage already exists");
export const modelExists = () => new ConflictException("Model name already exists for this REST API");
export const badRequest = (message: string) => new BadRequestException(message);
/** moto: InvalidResourcePathException. */
export const INVALID_PATH_PART =
  "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.";
export const INVALID_HTTP_METHOD = "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY";
export const INVALID_AUTHORIZER =
  "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";
/** moto: NoMethodDefined. */
export const NO_METHODS = "The REST API doesn't contain any methods";
/** moto: NoIntegrationDefined (AWS answers CreateDeployment with it as a BadRequestException). */
export const NO_INTEGRATION = "No integration defined for method";
/** moto: StageStillActive. */
export const STAGE_STILL_ACTIVE = "Active stages pointing to this deployment must be moved or deleted";
/** UpdateStage removing a method's settings it does not have (AWS's text, quoted in terraform-provider-aws's method_settings.go, which tolerates it on delete). */
export const noMethodSetting = (method: string) => badRequest(`Cannot remove method setting ${method} because there is no method setting for this method`);
export const INVALID_COMPRESSION = "Invalid minimum compression size, must be between 0 and 10485760";
/** moto: IntegrationMethodNotDefined. */
export const NO_INTEGRATION_HTTP_METHOD = "Enumeration value for HttpMethod must be non-empty";
/** moto: InvalidHttpEndpoint, InvalidArn, InvalidIntegrationArn, AwsProxyNotAllowed. */
export const INVALID_HTTP_ENDPOINT = "Invalid HTTP endpoint specified for URI";
export const INVALID_ARN = "Invalid ARN specified in the request";
export const INVALID_INTEGRATION_ARN = "AWS ARN for integration must contain path or action";
export const AWS_PROXY_NOT_ALLOWED = "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.";
/** A path no API Gateway action has. */
export const unknownOperation = () => new AwsError("UnknownOperationException", "Unknown operation", 404);
/** An action on a template's API the sandbox does not serve: every write (the template defines the API), and reads of what it does not model. */
export const notEmulated = (action: string) =>
  new BadRequestException(
    `The sandbox does not emulate the API Gateway action ${action} on the template's APIs: it serves them read-only (GetRestApis, GetResources, GetStages, GetApis, GetRoutes, GetIntegrations, …). Change the template to change them.`,
  );
/** An action the sandbox does not emulate for REST APIs created through the control plane. */
export const notEmulatedForCreated = (action: string) =>
  new BadRequestException(`The sandbox does not emulate the API Gateway action ${action} yet.`);

// v2 (HTTP APIs created through the control plane). Texts as moto's apigatewayv2/exceptions.py copies them from AWS
// ("Invalid Route identifier specified <id>", …), else as noted at each.
export const routeNotFoundV2 = (id: string) => new NotFoundException(`Invalid Route identifier specified ${id}`);
export const integrationNotFoundV2 = (id: string) => new NotFoundException(`Invalid Integration identifier specified ${id}`);
export const authorizerNotFoundV2 = (id: string) => new NotFoundException(`Invalid Authorizer identifier specified ${id}`);
export const integrationResponseNotFoundV2 = (id: string) => new NotFoundException(`Invalid IntegrationResponse identifier specified ${id}`);
export const modelNotFoundV2 = (id: string) => new NotFoundException(`Invalid Model identifier specified ${id}`);
export const routeResponseNotFoundV2 = (id: string) => new NotFoundException(`Invalid RouteResponse identifier specified ${id}`);
/** Not in moto; the same form as the v2 texts above (no recorded AWS text found). */
export const deploymentNotFoundV2 = (id: string) => new NotFoundException(`Invalid Deployment identifier specified ${id}`);
/** AWS's CreateDeployment on an API without routes (the message AWS SDK users retry on, and a stage's LastDeploymentStatusMessage after "Deployment attempt failed: "). */
export const NO_ROUTES = "Unable to deploy API because no routes exist in this API";
/** AWS's answer to a route key with a bad path part (CloudFormation's AmazonApiGatewayV2 BadRequestException, serverless issue #10423). */
export const INVALID_PATH_PARTS = "One or more path parts appear to be invalid";
/** An action the sandbox does not emulate for HTTP APIs created through the v2 control plane. */
export const notEmulatedV2 = (what: string) => new BadRequestException(`The sandbox does not emulate ${what} yet.`);
