/**
 * What an HTTP API answers for an SQS-* or EventBridge-PutEvents route: the service's answer
 * as the body, with the service's status.
 *
 * API Gateway calls SQS with its Query protocol asking for JSON, so the body is the Query
 * response written as JSON — `<Action>Response` holding `<Action>Result` and
 * `ResponseMetadata`, keys in alphabetical order, absent members as null, ReceiveMessage's
 * list as "messages" (null when empty), e.g. (as recorded in aws-samples/serverless-patterns):
 *   {"SendMessageResponse":{"ResponseMetadata":{"RequestId":"…"},"SendMessageResult":{"MD5OfMessageAttributes":null,
 *    "MD5OfMessageBody":"…","MD5OfMessageSystemAttributes":null,"MessageId":"…","SequenceNumber":null}}}
 * and its errors {"Error":{"Code":"<Query error code>","Message":"…","Type":"Sender"},"RequestId":"…"}.
 * EventBridge answers awsJson 1.1: {"Entries":[{"EventId":"…"}],"FailedEntryCount":0}, errors {"__type":"…","message":"…"}.
 */
import { type AwsError, requestId } from "@sam-sandbox/core";
import type { SubtypeInfo } from "./subtypes.js";

export const SQS_CONTENT_TYPE = "application/json";
export const EVENTS_CONTENT_TYPE = "application/x-amz-json-1.1";

/** Members of SendMessageResult and Message (SQS's Smithy model), written as null when absent. */
const SEND_RESULT_MEMBERS = ["MD5OfMessageAttributes", "MD5OfMessageBody", "MD5OfMessageSystemAttributes", "MessageId", "SequenceNumber"];
const MESSAGE_MEMBERS = ["Attributes", "Body", "MD5OfBody", "MD5OfMessageAttributes", "MessageAttributes", "MessageId", "ReceiptHandle"];
const ATTRIBUTE_VALUE_MEMBERS = ["BinaryListValues", "BinaryValue", "DataType", "StringListValues", "StringValue"];

/**
 * The Query protocol's error codes (awsQueryError in SQS's Smithy model) of the errors these
 * actions raise; other codes are the same in both protocols.
 */
const SQS_QUERY_CODES: Record<string, string> = {
  QueueDoesNotExist: "AWS.SimpleQueueService.NonExistentQueue",
  UnsupportedOperation: "AWS.SimpleQueueService.UnsupportedOperation",
  PurgeQueueInProgress: "AWS.SimpleQueueService.PurgeQueueInProgress",
  KmsAccessDenied: "KMS.AccessDeniedException",
  KmsDisabled: "KMS.DisabledException",
  KmsInvalidKeyUsage: "KMS.InvalidKeyUsageException",
  KmsInvalidState: "KMS.InvalidStateException",
  KmsNotFound: "KMS.NotFoundException",
  KmsOptInRequired: "KMS.OptInRequired",
  KmsThrottled: "KMS.ThrottlingException",
};

/** The Query protocol words this one differently from the JSON protocol (SQS's query answer). */
const QUERY_MESSAGES: Record<string, string> = {
  QueueDoesNotExist: "The specified queue does not exist for this wsdl version.",
};

export function successBody(info: SubtypeInfo, output: Record<string, unknown>): string {
  if (info.service === "events") return JSON.stringify(output);
  const inner: Record<string, unknown> = { ResponseMetadata: { RequestId: requestId() } };
  if (info.action === "SendMessage") inner.SendMessageResult = withNulls(output, SEND_RESULT_MEMBERS);
  if (info.action === "ReceiveMessage") {
    const messages = Array.isArray(output.Messages) && output.Messages.length > 0 ? output.Messages.map(message) : null;
    inner.ReceiveMessageResult = { messages };
  }
  return JSON.stringify({ [`${info.action}Response`]: sorted(inner) });
}

export function errorBody(info: SubtypeInfo, error: AwsError): string {
  if (info.service === "events") {
    const body: Record<string, unknown> = { __type: error.code };
    if (error.message !== "") body.message = error.message;
    return JSON.stringify(body);
  }
  return JSON.stringify({
    Error: {
      Code: SQS_QUERY_CODES[error.code] ?? error.code,
      Message: QUERY_MESSAGES[error.code] ?? error.message,
      Type: error.statusCode >= 500 ? "Receiver" : "Sender",
    },
    RequestId: requestId(),
  });
}

function message(value: unknown): Record<string, unknown> {
  const m = withNulls(isObject(value) ? value : {}, MESSAGE_MEMBERS);
  if (isObject(m.MessageAttributes)) {
    m.MessageAttributes = Object.fromEntries(
      Object.entries(m.MessageAttributes).map(([name, v]) => [name, withNulls(isObject(v) ? v : {}, ATTRIBUTE_VALUE_MEMBERS)]),
    );
  }
  return m;
}

function withNulls(value: Record<string, unknown>, members: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...new Set([...members, ...Object.keys(value)])].sort()) out[name] = value[name] ?? null;
  return out;
}

function sorted(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
