/** The event Lambda hands a function for a batch of SQS messages (AWS's "Using Lambda with Amazon SQS"). */
import { systemAttributes } from "../engine/receive.js";
import type { StoredMessage } from "../engine/state.js";

export interface SqsEventRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, SqsEventMessageAttribute>;
  md5OfMessageAttributes?: string;
  md5OfBody: string;
  eventSource: "aws:sqs";
  eventSourceARN: string;
  awsRegion: string;
}

export interface SqsEventMessageAttribute {
  stringValue?: string;
  binaryValue?: string;
  stringListValues: string[];
  binaryListValues: string[];
  dataType: string;
}

/** The system attributes a Lambda event carries (what ReceiveMessage's "All" gives, less the DLQ source). */
const EVENT_ATTRIBUTES = [
  "ApproximateReceiveCount", "SentTimestamp", "SequenceNumber", "MessageGroupId", "SenderId", "MessageDeduplicationId",
  "ApproximateFirstReceiveTimestamp", "AWSTraceHeader",
];

export function eventRecord(m: StoredMessage, queueArn: string, region: string): SqsEventRecord {
  const system = systemAttributes(m, ["All"]);
  const attributes: Record<string, string> = {};
  for (const name of EVENT_ATTRIBUTES) if (system[name] !== undefined) attributes[name] = system[name];
  const messageAttributes: Record<string, SqsEventMessageAttribute> = {};
  for (const [name, a] of Object.entries(m.attributes)) {
    messageAttributes[name] = {
      ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
      ...(a.BinaryValue !== undefined ? { binaryValue: a.BinaryValue } : {}),
      stringListValues: a.StringListValues ?? [],
      binaryListValues: a.BinaryListValues ?? [],
      dataType: a.DataType,
    };
  }
  return {
    messageId: m.id,
    receiptHandle: m.receipt,
    body: m.body,
    attributes,
    messageAttributes,
    ...(m.md5OfMessageAttributes ? { md5OfMessageAttributes: m.md5OfMessageAttributes } : {}),
    md5OfBody: m.md5OfBody,
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** What a filter pattern sees: the record, with a JSON body parsed (AWS filters on body fields of JSON messages). */
export function filterView(record: SqsEventRecord): Record<string, unknown> {
  let body: unknown = record.body;
  try {
    const parsed: unknown = JSON.parse(record.body);
    if (typeof parsed === "object" && parsed !== null) body = parsed;
  } catch {
    // a plain-text body is matched as text
  }
  return { ...record, body };
}
