/**
 * Service integrations through the shared AwsDispatcher (DESIGN.md rule 1): optimized
 * DynamoDB (getItem/putItem/updateItem/deleteItem), SNS (publish) and SQS (sendMessage), and
 * arn:aws:states:::aws-sdk:<service>:<action> for any emulated service.
 */
import { crc32 } from "node:zlib";
import { uuid, type AwsDispatcher, type Clock } from "@sam-sandbox/core";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { TaskError } from "../asl/ports.js";
import { optimizedError, sdkError } from "./errors.js";
import { httpDate, jsonHeaders, sdkMetadata } from "./metadata.js";

const DYNAMODB_ACTIONS: Record<string, string> = {
  getItem: "GetItem",
  putItem: "PutItem",
  updateItem: "UpdateItem",
  deleteItem: "DeleteItem",
};

function pascal(action: string): string {
  return action.charAt(0).toUpperCase() + action.slice(1);
}

function objectParams(parameters: Json): JsonObject {
  return isObject(parameters) ? parameters : {};
}

/** `traceHeader` goes with the call as the X-Amzn-Trace-Id header (DispatchOptions). */
export async function dynamodb(dispatcher: AwsDispatcher, clock: Clock, action: string, parameters: Json, traceHeader?: string): Promise<Json> {
  const apiAction = DYNAMODB_ACTIONS[action];
  if (apiAction === undefined) throw new TaskError("States.Runtime", `The resource 'arn:aws:states:::dynamodb:${action}' is not supported`);
  let response: Record<string, unknown>;
  try {
    response = await dispatcher.call("dynamodb", apiAction, objectParams(parameters), { traceHeader });
  } catch (error) {
    throw optimizedError("dynamodb", error);
  }
  const requestId = uuid();
  const body = response as JsonObject;
  const text = JSON.stringify(body);
  // DynamoDB's headers in the order it sends them, x-amz-crc32 the CRC32 of the body
  // (LocalStack's AWS-recorded test_dynamodb_task_service test_base_integrations, 2025-02).
  const headers = {
    Server: "Server",
    Connection: "keep-alive",
    "x-amzn-RequestId": requestId,
    "x-amz-crc32": String(crc32(text)),
    "Content-Length": String(Buffer.byteLength(text, "utf8")),
    Date: httpDate(clock.now()),
    "Content-Type": "application/x-amz-json-1.0",
  };
  return alphabetical({ ...body, ...sdkMetadata(requestId, headers) });
}

/** The SDK v1 result of an optimized integration: members in alphabetical order (AWS-recorded outputs). */
function alphabetical(output: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(output).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function snsPublish(dispatcher: AwsDispatcher, clock: Clock, parameters: Json, traceHeader?: string): Promise<Json> {
  const input = { ...objectParams(parameters) };
  // A Message given as JSON is published as its text (how a task token reaches a subscriber).
  if (input.Message !== undefined && typeof input.Message !== "string") input.Message = JSON.stringify(input.Message);
  let response: Record<string, unknown>;
  try {
    response = await dispatcher.call("sns", "Publish", input, { traceHeader });
  } catch (error) {
    throw optimizedError("sns", error);
  }
  const requestId = uuid();
  const body = response as JsonObject;
  // SNS answers in XML with a lowercase "connection" header (test_sns_task_service
  // test_publish_message_attributes / test_fifo_message_attribute, recorded 2024-02: Content-Length 294).
  const headers = {
    "x-amzn-RequestId": requestId,
    connection: "keep-alive",
    "Content-Length": String(Buffer.byteLength(publishResponseXml(body, requestId), "utf8")),
    Date: httpDate(clock.now()),
    "Content-Type": "text/xml",
  };
  // A FIFO topic's SequenceNumber follows SdkResponseMetadata (test_fifo_message_attribute).
  return alphabetical({ ...body, ...sdkMetadata(requestId, headers) });
}

/** The body SNS sends for Publish, whose length the SDK reports as Content-Length. */
function publishResponseXml(body: JsonObject, requestId: string): string {
  const members = Object.entries(body).map(([k, v]) => `    <${k}>${typeof v === "string" ? v : JSON.stringify(v)}</${k}>\n`);
  return (
    `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n  <PublishResult>\n${members.join("")}  </PublishResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</PublishResponse>\n`
  );
}

/** arn:aws:states:::sqs:sendMessage: a MessageBody given as JSON is sent as its text (how a task token reaches a consumer). */
export async function sqsSendMessage(dispatcher: AwsDispatcher, clock: Clock, parameters: Json, traceHeader?: string): Promise<Json> {
  const input = { ...objectParams(parameters) };
  // A null MessageBody is left out, as the SDK does: SQS answers MissingParameter (test_send_message_empty_body).
  if (input.MessageBody === null) delete input.MessageBody;
  else if (input.MessageBody !== undefined && typeof input.MessageBody !== "string") input.MessageBody = JSON.stringify(input.MessageBody);
  let response: Record<string, unknown>;
  try {
    response = await dispatcher.call("sqs", "SendMessage", input, { traceHeader });
  } catch (error) {
    throw optimizedError("sqs", error);
  }
  const requestId = uuid();
  const body = response as JsonObject;
  // SQS sends a lowercase "connection" header; the result's members come in alphabetical order,
  // MD5OfMessageBody before MessageId (LocalStack's AWS-recorded test_heartbeats TaskSubmitted output).
  return alphabetical({ ...body, ...sdkMetadata(requestId, jsonHeaders(requestId, body, clock.now(), undefined, "connection")) });
}

/**
 * Members the service's SDK v2 client fills with a random UUID when the task leaves them out (the
 * models' idempotencyToken trait), so AWS goes on to validate the rest (test_aws_sdk
 * test_invalid_secret_name, AWS-recorded: the invalid Name is reported, not a missing token).
 */
const IDEMPOTENCY_TOKENS: Record<string, Record<string, string>> = {
  secretsmanager: { CreateSecret: "ClientRequestToken", PutSecretValue: "ClientRequestToken", UpdateSecret: "ClientRequestToken", RotateSecret: "ClientRequestToken" },
};

export async function awsSdk(dispatcher: AwsDispatcher, service: string, action: string, parameters: Json, traceHeader?: string): Promise<Json> {
  const apiAction = pascal(action);
  let input = objectParams(parameters);
  const token = IDEMPOTENCY_TOKENS[service]?.[apiAction];
  if (token !== undefined && input[token] === undefined) input = { ...input, [token]: uuid() };
  let output: JsonObject;
  try {
    output = (await dispatcher.call(service, apiAction, input, { traceHeader, sdkNames: true })) as JsonObject;
  } catch (error) {
    throw sdkError(service, error);
  }
  if (service === "s3") dropUnmodeledS3Members(output);
  return output;
}

/**
 * Step Functions' SDK client does not model S3's default CRC64NVME checksum members, so they are not
 * in an aws-sdk:s3 task's result (test_aws_sdk_task_service test_s3_put_object, AWS-recorded 2024-12:
 * ETag and ServerSideEncryption only; localstack PR #12182 review: "the SFn internal client does not
 * return the checksum values").
 */
function dropUnmodeledS3Members(output: JsonObject): void {
  delete output.ChecksumCRC64NVME;
  delete output.ChecksumType;
}

/** The S3 actions Distributed Map's ItemReader and ResultWriter name (arn:aws:states:::s3:getObject, …). */
const S3_ITEM_ACTIONS = new Set(["getObject", "putObject", "listObjectsV2"]);

/** ItemReader / ResultWriter's S3 calls: bodies as they are (no aws-sdk JSON encoding); errors named as aws-sdk:s3's. */
export async function s3ItemIo(dispatcher: AwsDispatcher, action: string, parameters: Json, traceHeader?: string): Promise<Json> {
  if (!S3_ITEM_ACTIONS.has(action)) throw new TaskError("States.Runtime", `The resource 'arn:aws:states:::s3:${action}' is not supported`);
  try {
    return (await dispatcher.call("s3", pascal(action), objectParams(parameters), { traceHeader })) as JsonObject;
  } catch (error) {
    throw sdkError("s3", error);
  }
}
