/**
 * How a failed service call is named in TaskFailed. Optimized integrations use the Java
 * SDK v1 texts ("Lambda.ResourceNotFoundException", "… (Service: AWSLambda; Status Code:
 * 404; Error Code: ResourceNotFoundException; Request ID: …; Proxy: null)"); the aws-sdk
 * integrations use SDK v2's ("S3.NoSuchBucketException", "… (Service: S3, Status Code:
 * 404, Request ID: …)").
 */
import { randomBytes } from "node:crypto";
import { isAwsError, uuid } from "@sam-sandbox/core";
import { TaskError } from "../asl/ports.js";

/** SDK v1 client names in causes of optimized integrations. */
const V1_SERVICE_NAMES: Record<string, string> = {
  lambda: "AWSLambda",
  dynamodb: "AmazonDynamoDBv2",
  sns: "AmazonSNS",
  sqs: "AmazonSQS",
  states: "AWSStepFunctions",
  events: "AmazonEventBridge",
};

/** Error name prefixes of optimized integrations. */
const V1_PREFIXES: Record<string, string> = {
  lambda: "Lambda",
  dynamodb: "DynamoDB",
  sns: "SNS",
  sqs: "SQS",
  states: "StepFunctions",
  events: "EventBridge",
};

/**
 * Error codes an optimized integration's SDK v1 client has no class for: they surface as the
 * client's base exception (test_put_item_invalid_table_name, recorded on AWS:
 * "DynamoDB.AmazonDynamoDBException" for a ValidationException).
 */
const V1_UNMODELED: Record<string, { base: string; codes: readonly string[] }> = {
  // Lambda's model has neither (an AccessDeniedException surfaces as "Lambda.AWSLambdaException" on AWS).
  lambda: { base: "AWSLambdaException", codes: ["ValidationException", "AccessDeniedException"] },
  dynamodb: { base: "AmazonDynamoDBException", codes: ["ValidationException", "SerializationException", "UnknownOperationException"] },
  // SQS's common errors (test_task_service_sqs test_send_message_empty_body: MissingParameter).
  sqs: { base: "AmazonSQSException", codes: ["MissingParameter", "InvalidParameterValue"] },
};

/**
 * SNS speaks awsQuery: SDK v1 reports the query code, the shape name less "Exception"
 * ("Error Code: NotFound", test_publish_base_error_topic_arn, AWS-recorded), except these
 * (the SNS model's awsQueryError traits).
 */
const SNS_QUERY_CODES: Record<string, string> = {
  InvalidParameterValueException: "ParameterValueInvalid",
  ValidationException: "ValidationException",
};

function v1ErrorCode(service: string, code: string): string {
  if (service !== "sns") return code;
  return SNS_QUERY_CODES[code] ?? code.replace(/Exception$/, "");
}

/** SDK v2 service names of aws-sdk integrations. */
const V2_SERVICE_NAMES: Record<string, string> = {
  dynamodb: "DynamoDb",
  s3: "S3",
  sns: "Sns",
  sqs: "Sqs",
  sfn: "Sfn",
  lambda: "Lambda",
  secretsmanager: "SecretsManager",
  cognitoidentityprovider: "CognitoIdentityProvider",
  cognitoidentity: "CognitoIdentity",
  cloudwatchlogs: "CloudWatchLogs",
  eventbridge: "EventBridge",
  xray: "XRay",
  apigateway: "ApiGateway",
  apigatewayv2: "ApiGatewayV2",
  sts: "Sts",
  iam: "Iam",
};

/** Error codes a service's SDK v2 client has no class for (they surface as <Service>Exception). */
const V2_UNMODELED: Record<string, readonly string[]> = {
  dynamodb: ["ValidationException", "SerializationException", "UnknownOperationException"],
  // Neither model has a shape for its service's validation errors (botocore secretsmanager, sts).
  secretsmanager: ["ValidationException"],
  sts: ["ValidationError", "InvalidAction", "MissingAction"],
};

function exceptionName(code: string): string {
  return code.endsWith("Exception") ? code : `${code}Exception`;
}

export function v2ServiceName(service: string): string {
  return V2_SERVICE_NAMES[service] ?? service.charAt(0).toUpperCase() + service.slice(1);
}

/** A failure of an optimized integration (lambda:invoke, dynamodb:putItem, sns:publish). */
export function optimizedError(service: string, error: unknown): TaskError {
  if (!isAwsError(error)) return new TaskError("States.TaskFailed", error instanceof Error ? error.message : String(error));
  const prefix = V1_PREFIXES[service] ?? service;
  const client = V1_SERVICE_NAMES[service] ?? service;
  const details = `Service: ${client}; Status Code: ${error.statusCode}; Error Code: ${v1ErrorCode(service, error.code)}; Request ID: ${uuid()}; Proxy: null`;
  const unmodeled = V1_UNMODELED[service];
  const name = unmodeled?.codes.includes(error.code) ? unmodeled.base : exceptionName(error.code);
  return new TaskError(`${prefix}.${name}`, `${error.message} (${details})`);
}

/** A failure of an aws-sdk:<service>:<action> integration. */
export function sdkError(service: string, error: unknown): TaskError {
  if (!isAwsError(error)) return new TaskError("States.TaskFailed", error instanceof Error ? error.message : String(error));
  const name = v2ServiceName(service);
  const unmodeled = V2_UNMODELED[service]?.includes(error.code) ?? false;
  const code = unmodeled ? `${name}Exception` : exceptionName(error.code);
  // S3 answers with a host id too, which SDK v2 reports as the Extended Request ID.
  const extended = service === "s3" ? `, Extended Request ID: ${randomBytes(56).toString("base64")}` : "";
  // An error without a message (a HEAD request's) reads "null", as SDK v2 prints it.
  const message = error.message === "" ? "null" : error.message;
  return new TaskError(`${name}.${code}`, `${message} (Service: ${name}, Status Code: ${error.statusCode}, Request ID: ${uuid()}${extended})`);
}
