/**
 * The Lambda API's errors, with AWS's message texts, each defined once.
 * (What a *function* returns when it fails is in engine/functionErrors.ts.)
 */
import { AwsError } from "@sam-sandbox/core";

export class ResourceNotFoundException extends AwsError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super("ResourceNotFoundException", message, 404, extra);
  }
}

export class InvalidRequestContentException extends AwsError {
  constructor(message: string) {
    super("InvalidRequestContentException", message, 400);
  }
}

export class InvalidParameterValueException extends AwsError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super("InvalidParameterValueException", message, 400, extra);
  }
}

/**
 * A function ARN of another account: AWS refuses CreateFunction with 403 and no message at all
 * (localstack test_function_arns, function_arn_other_account_exc: Error.Message null, recorded on AWS).
 */
export class AccessDeniedException extends AwsError {
  constructor() {
    super("AccessDeniedException", "", 403, { Type: undefined, message: undefined, Message: null });
  }
}

/** Extra members for the few refusals whose body has no "Type" (an undefined member is left out of the JSON). */
export const WITHOUT_TYPE: Readonly<Record<string, unknown>> = Object.freeze({ Type: undefined });

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

/** The function's runtime cannot run here (Java, .NET, Ruby; or no python3 on the machine). */
export class InvalidRuntimeException extends AwsError {
  constructor(message: string) {
    super("InvalidRuntimeException", message, 502);
  }
}

export class ResourceConflictException extends AwsError {
  constructor(message: string) {
    super("ResourceConflictException", message, 409);
  }
}

export class PreconditionFailedException extends AwsError {
  constructor(message: string) {
    super("PreconditionFailedException", message, 412);
  }
}

export class ProvisionedConcurrencyConfigNotFoundException extends AwsError {
  constructor(message: string) {
    super("ProvisionedConcurrencyConfigNotFoundException", message, 404);
  }
}

export class CodeSigningConfigNotFoundException extends AwsError {
  constructor(message: string) {
    super("CodeSigningConfigNotFoundException", message, 404);
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
  // Its model shape has Message, not message.
  "CodeSigningConfigNotFoundException",
]);

/** The runtimes Lambda listed in its enum errors when localstack recorded them (April 2024), in Lambda's order. */
const LISTED_RUNTIMES =
  "nodejs20.x, provided.al2023, python3.12, java17, nodejs16.x, dotnet8, python3.10, java11, python3.11, dotnet6, java21, nodejs18.x, provided.al2, ruby3.3, java8.al2, ruby3.2, python3.8, python3.9";

export const messages = {
  functionNotFound: (arn: string) => `Function not found: ${arn}`,
  // localstack test_create_lambda_exceptions (recorded on AWS, April 2024): AWS lists the runtimes it then took, in its own order.
  invalidRuntime: (runtime: string) =>
    `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${LISTED_RUNTIMES}] or be a valid ARN`,
  // localstack test_layer_exceptions (recorded on AWS).
  invalidCompatibleRuntimes: (runtimes: readonly string[]) =>
    `Value '[${runtimes.join(", ")}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [${LISTED_RUNTIMES}]`,
  invalidCompatibleArchitectures: (architectures: readonly string[]) =>
    `Value '[${architectures.join(", ")}]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]`,
  validationSummary: (errors: readonly string[]) => `${errors.length} validation error${errors.length === 1 ? "" : "s"} detected: ${errors.join("; ")}`,
  // localstack test_lambda_api.snapshot.json test_get_function_wrong_region (recorded on AWS).
  otherRegion: (given: string, region: string) => `Functions from '${given}' are not reachable in this region ('${region}')`,
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
    `The runtime parameter of ${runtime} is not supported by the sandbox: it runs nodejs18.x and later, python3.9 to python3.13, provided.al2023 and provided.al2 functions. Package ${runtime} code as a provided.al2023 function with a bootstrap executable to run it locally.`,
  pythonMissing: (functionName: string, runtime: string) =>
    `Function ${functionName} uses ${runtime}, but no Python 3 interpreter was found (tried ${runtime}, python3 and /usr/bin/python3). Install Python 3 with boto3 (Debian/Ubuntu: apt-get install python3 python3-boto3; macOS: brew install python, then pip3 install boto3) or set SANDBOX_PYTHON to the interpreter to use.`,
  shuttingDown: () => "The Lambda service is shutting down.",
  unsupportedOperation: (method: string, path: string) =>
    `The sandbox does not emulate this Lambda operation (${method} ${path}).`,
  unsupportedAction: (operation: string) => `The sandbox does not emulate the Lambda operation ${operation}.`,
  functionExists: (name: string) => `Function already exist: ${name}`,
  aliasExists: (aliasArn: string) => `Alias already exists: ${aliasArn}`,
  aliasNotFound: (aliasArn: string) => `Cannot find alias arn: ${aliasArn}`,
  revisionMismatch: () =>
    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
  codeShaMismatch: (given: string, current: string) =>
    `CodeSHA256 (${given}) is different from current CodeSHA256 in $LATEST (${current}). Please try again with the CodeSHA256 in $LATEST.`,
  deleteLatest: () => "$LATEST version cannot be deleted without deleting the function.",
  // AWS's answer quoted in cloud-custodian#6739 and go-lambda-cleanup#45 (the names as Java prints a list).
  versionHasAliases: (aliases: readonly string[]) => `Unable to delete version because the following aliases reference it: [${aliases.join(", ")}]`,
  runtimeAndHandlerRequired: () => "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
  badZip: () => "Could not unzip uploaded file. Please check your file, then try to upload again.",
  emptyZip: () => "Uploaded file must be a non-empty zip",
  unzippedTooLarge: (limit: number) => `Unzipped size must be smaller than ${limit} bytes`,
  codeRequestTooLarge: (limit: number, operation: string) => `Request must be smaller than ${limit} bytes for the ${operation} operation`,
  // UpdateFunctionCode with ImageUri on a Zip function (localstack test_lambda_zip_file_to_image, recorded on AWS).
  imageUriOnZip: () => "Please don't provide ImageUri when updating a function with packageType Zip.",
  codeFromImage: () =>
    "The sandbox cannot run functions from container images: pass the deployment package as ZipFile (aws lambda ... --zip-file fileb://function.zip) or as S3Bucket and S3Key.",
  // A package read from S3 fails with S3's own code and message, as Lambda reports them
  // ("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified
  // key does not exist.", in CloudFormation and Terraform reports; moto test_lambda).
  getObjectFailed: (code: string, message: string) => `Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`,
  // ZipFile given with S3Bucket / S3Key / S3ObjectVersion (a Java SDK test run on AWS, lambda createFunction).
  zipFileWithS3: () => "Please do not provide other FunctionCode parameters when providing a ZipFile.",
  // No ZipFile, and no complete S3 location (UpdateFunctionCode without code, as AWS answers CloudFormation).
  noCodeSource: () => "Please provide a source for function code.",
  s3Unreachable: () => "The sandbox's S3 is not reachable from Lambda here: pass the deployment package as ZipFile.",
  reservedEnvironmentKeys: (keys: readonly string[]) =>
    `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${keys.join(", ")}`,
  environmentTooLarge: (measured: string) =>
    `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
  unreservedBelowMinimum: (minimum: number) =>
    `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
  // localstack test_reserved_provisioned_overlap (recorded on AWS): the spaces are Lambda's.
  reservedBelowProvisioned: (reserved: number, provisioned: number) =>
    ` ReservedConcurrentExecutions  ${reserved} should not be lower than function's total provisioned concurrency [${provisioned}].`,
  functionOnly: () =>
    "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.",
  tagsOnQualified: () => "Tags on function aliases and versions are not supported. Please specify a function ARN.",
  tooManyTags: () => "Number of tags exceeds resource tag limit.",
  noTags: () => "An error occurred and the request cannot be processed.",
  // Lambda's answer to untagging a CloudFormation aws:cloudformation:* tag (ansible/ansible PR #50542, from AWS).
  reservedTagKey: () => 'One or more of your tags had a problem, please ensure none of your tag names start with "aws:", none are empty, and there are no duplicate tags',
  routingTooMany: () => "Number of items in AdditionalVersionWeights cannot be greater than 1",
  routingOnLatest: () => "$LATEST is not supported for an alias pointing to more than 1 version",
  routingSameVersion: (version: string) => `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`,
  eventInvokeConfigEmpty: () => "You must specify at least one of error handling or destination setting.",
  functionDoesNotExist: () => "The function doesn't exist.",
  noEventInvokeConfig: (arn: string) => `The function ${arn} doesn't have an EventInvokeConfig`,
  invalidDestination: (arn: string) => `The destination ARN ${arn} is invalid.`,
  // localstack test_lambda_eventinvokeconfig_exceptions (recorded on AWS): Java's toString of the config.
  invalidDestinationConfig: (onSuccess: string | undefined, onFailure: string | undefined) =>
    `The provided destination config DestinationConfig(onSuccess=${onSuccess ? `OnSuccess(destination=${onSuccess})` : "null"}, onFailure=${onFailure ? `OnFailure(destination=${onFailure})` : "null"}) is invalid.`,
  destinationIsSelf: () => "You can't specify the function as a destination for itself.",
  mappingNotFound: () => "The resource you requested does not exist.",
  unrecognizedEventSource: () => "Unrecognized event source.",
  eventSourceNotEmulated: (arn: string) =>
    `The sandbox runs event source mappings from DynamoDB streams, Kinesis streams and SQS queues; ${arn} is none of them (Kafka and MQ sources are not emulated).`,
  startingPositionNull: () => "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
  unsupportedStartingPosition: (arn: string) => `Unsupported starting position for arn type: ${arn}`,
  // localstack event_source_mapping/test_api.snapshot.json, test_create_starting_position_validation_exceptions.
  timestampWithoutAtTimestamp: () => "Timestamp only valid with StartingPosition AT_TIMESTAMP",
  streamNotFound: (arn: string) => `Stream not found: ${arn}`,
  // boto3#1613 and node-lambda#466 quote AWS's answer.
  startingPositionSqs: () => "StartingPosition is not valid for SQS event sources.",
  // The poller's first ReceiveMessage fails: AWS's answer as other emulators recorded it.
  queueNotFound: () =>
    "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist or you do not have access to it.",
  sqsBatchWindowRequired: () => "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
  mappingFunctionMissing: () => "Function does not exist",
  mappingExists: (arn: string, functionName: string, uuid: string) =>
    `The event source arn (" ${arn} ") and function (" ${functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${uuid}`,
  // localstack test_lambda_integration_sqs.snapshot.json test_duplicate_event_source_mappings (recorded on AWS).
  sqsMappingExists: (arn: string, functionName: string, uuid: string) =>
    `An event source mapping with SQS arn (" ${arn} ") and function (" ${functionName} ") already exists. Please update or delete the existing mapping with UUID ${uuid}`,
  mappingOnSuccess: () => "Unsupported DestinationConfig parameter for given event source mapping type.",
  invalidFilterPattern: () => "Invalid filter pattern definition.",
  // AddPermission / RemovePermission / GetPolicy (localstack's provider, from its AWS snapshots).
  policyOnLatest: () => "We currently do not support adding policies for $LATEST.",
  statementExists: (sid: string) =>
    `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
  noPolicyFor: (arn: string) => `No policy found for: ${arn}`,
  noPolicy: () => "No policy is associated with the given resource.",
  statementNotFound: (sid: string) => `Statement ${sid} is not found in resource policy.`,
  invalidPrincipal: () => "The provided principal was invalid. Please check the principal and try again.",
  resourceDoesNotExist: () => "The resource you requested does not exist.",
  // Function URLs (localstack's provider, from its AWS snapshots).
  functionUrlQualifierLatest: () =>
    "1 validation error detected: Value '$LATEST' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)",
  functionUrlFunctionMissing: () => "Function does not exist",
  functionUrlExists: (functionArn: string) =>
    `Failed to create function url config for [functionArn = ${functionArn}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
  functionUrlNotFound: () => "The resource you requested does not exist.",
  // Layers (localstack's provider, from its AWS snapshots).
  layerVersionNotFound: (arn: string) => `Layer version ${arn} does not exist.`,
  layerVersionBelowOne: () => "Layer Version Cannot be less than 1",
  // localstack test_layer_function_exceptions (recorded on AWS).
  tooManyLayers: (limit: number) => `Cannot reference more than ${limit} layers.`,
  layerOtherRegion: (region: string) => `Layers are not in the same region as the function. Layers are expected to be in region ${region}.`,
  // localstack lambda provider (CreateFunction with LoggingConfig LogFormat Text and a log level), as AWS answers it.
  logLevelWithText: () => 'LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "JSON" and try again.',
  // localstack test_snapstart_exceptions (recorded on AWS).
  snapStartRuntime: (runtime: string) => `${runtime} is not supported for SnapStart enabled functions.`,
  layerVersionsOfSameLayer: (a: string, b: string) =>
    `Two different versions of the same layer are not allowed to be referenced in the same function. ${a} and ${b} are versions of the same layer.`,
  layerRevisionMismatch: () =>
    "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id",
  // Provisioned concurrency (localstack's provider, from its AWS snapshots).
  provisionedOnUnpublished: () => "Provisioned Concurrency Configs cannot be applied to unpublished function versions.",
  provisionedNeedsQualifier: () => "The function resource provided must be an alias or a published version.",
  provisionedNotFound: () => "No Provisioned Concurrency Config found for this function",
  provisionedAboveReserved: () => "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function",
  provisionedBelowUnreserved: (minimum: number) =>
    `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`,
  provisionedAliasOnProvisionedVersion: () => "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
  provisionedVersionUnderAlias: () => "Version is pointed by a Provisioned Concurrency alias",
  // Code signing configs (localstack's provider, from its AWS snapshots).
  codeSigningConfigNotFound: (arn: string) => `The Lambda code signing configuration ${arn} can not be found.`,
  codeSigningConfigMissing: (arn: string) =>
    `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${arn}.`,
  deadLetterArnPrefix: () => "Invalid dead letter queue ARN: ARNs must start with 'arn:'",
  deadLetterService: () => "Invalid dead letter queue ARN: Only Amazon SQS queues and Amazon SNS topics are supported.",
  deadLetterRegion: () =>
    "Invalid dead letter queue ARN: The resource specified by the TargetArn must be in the same region as the Lambda function it's associated with.",
  deadLetterFifo: (kind: string) => `Invalid dead letter queue ARN: FIFO ${kind} is not supported for dead letter configuration`,
} as const;
