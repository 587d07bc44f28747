/** SendMessage and SendMessageBatch: checks, FIFO deduplication and sequence numbers, delays. */
import { createHash, randomUUID } from "node:crypto";
import {
  BatchRequestTooLong, InvalidMessageContents, InvalidParameterValue, MissingParameter, dedupIdRequired, invalidParameter, messageTooLong,
  notForQueueType,
} from "../errors.js";
import * as L from "../limits.js";
import { effective, intAttribute } from "./attributes.js";
import { checkBatch, runEntries } from "./batch.js";
import { commit, queueOfUrl, type SqsContext } from "./context.js";
import { md5Hex, md5OfAttributes } from "./md5.js";
import type { MessageAttribute, QueueState, StoredMessage } from "./state.js";

export interface SendMessageInput {
  QueueUrl: string;
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttribute>;
  MessageSystemAttributes?: Record<string, MessageAttribute>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export type SendMessageBatchEntry = Omit<SendMessageInput, "QueueUrl"> & { Id: string };

export interface SendMessageResult {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

// XML 1.0's characters: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
const INVALID_CHARACTER = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;

export async function sendMessage(ctx: SqsContext, input: SendMessageInput): Promise<SendMessageResult> {
  return send(ctx, queueOfUrl(ctx, input.QueueUrl), input);
}

export async function sendMessageBatch(
  ctx: SqsContext,
  input: { QueueUrl: string; Entries: SendMessageBatchEntry[] },
): Promise<{ Successful: Array<SendMessageResult & { Id: string }>; Failed: unknown[] }> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  checkBatch(input.Entries, "SendMessageBatchRequestEntry");
  if (q.queue.fifo) checkFifoBatch(q, input.Entries);
  const total = input.Entries.reduce((sum, e) => sum + sizeOf(e.MessageBody ?? "", e.MessageAttributes), 0);
  if (total > L.MAX_MESSAGE_SIZE_BYTES) throw new BatchRequestTooLong(L.MAX_MESSAGE_SIZE_BYTES, total);
  return runEntries(input.Entries, async (entry) => ({ Id: entry.Id, ...(await send(ctx, q, entry)) }));
}

/** A message's size: its body and its attributes' names, types and values, in bytes. */
function sizeOf(body: string, attributes: Record<string, MessageAttribute> | undefined): number {
  let size = Buffer.byteLength(body, "utf8");
  for (const [name, a] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? "");
    if (a.StringValue !== undefined) size += Buffer.byteLength(a.StringValue);
    if (a.BinaryValue !== undefined) size += Buffer.from(a.BinaryValue, "base64").length;
  }
  return size;
}

async function send(ctx: SqsContext, q: QueueState, input: Omit<SendMessageInput, "QueueUrl">): Promise<SendMessageResult> {
  const body = input.MessageBody ?? "";
  if (body === "") throw new MissingParameter("MessageBody");
  const max = intAttribute(q.queue, "MaximumMessageSize");
  if (sizeOf(body, input.MessageAttributes) > max) throw messageTooLong(max);
  if (INVALID_CHARACTER.test(body)) throw new InvalidMessageContents();
  checkMessageAttributes(input.MessageAttributes);
  const now = ctx.clock.now();
  let delay = intAttribute(q.queue, "DelaySeconds");
  if (input.DelaySeconds !== undefined && input.DelaySeconds !== null) {
    // FIFO queues take no per-message delay, though an explicit 0 passes (moto test_send_message_delay_seconds_validation, aws_verified).
    if (q.queue.fifo && input.DelaySeconds !== 0) throw notForQueueType(input.DelaySeconds, "DelaySeconds");
    if (input.DelaySeconds < 0 || input.DelaySeconds > L.MAX_DELAY_SECONDS) {
      throw invalidParameter(input.DelaySeconds, "DelaySeconds", "DelaySeconds must be >= 0 and <= 900.");
    }
    delay = input.DelaySeconds;
  }
  const system: Record<string, string> = { SenderId: ctx.accountId };
  const trace = input.MessageSystemAttributes?.AWSTraceHeader?.StringValue;
  if (trace !== undefined) system.AWSTraceHeader = trace;
  const message: StoredMessage = {
    id: randomUUID(),
    body,
    md5OfBody: md5Hex(body),
    attributes: input.MessageAttributes ?? {},
    system,
    sentAt: now,
    visibleAt: now + delay * 1000,
    receiveCount: 0,
    firstReceiveAt: 0,
    receipt: "",
  };
  const md5 = md5OfAttributes(input.MessageAttributes);
  if (md5) message.md5OfMessageAttributes = md5;
  const systemMd5 = md5OfAttributes(input.MessageSystemAttributes);
  let sequence: number | undefined;
  if (q.queue.fifo) {
    const groupId = input.MessageGroupId;
    if (groupId === undefined || groupId === "") throw new MissingParameter("MessageGroupId");
    checkFifoId(groupId, "MessageGroupId");
    let dedupId = input.MessageDeduplicationId;
    if (dedupId === undefined || dedupId === "") {
      if (effective(q.queue, "ContentBasedDeduplication") !== "true") throw dedupIdRequired();
      dedupId = createHash("sha256").update(body, "utf8").digest("hex");
    } else {
      checkFifoId(dedupId, "MessageDeduplicationId");
    }
    pruneDedup(q, now);
    const seen = q.dedup.get(dedupId);
    if (seen && seen.until > now) {
      // A duplicate inside the 5-minute window is accepted and not delivered again.
      return result(seen.messageId, message, md5, systemMd5, seen.sequenceNumber);
    }
    sequence = q.queue.sequence + 1;
    message.groupId = groupId;
    message.dedupId = dedupId;
    message.sequenceNumber = String(sequence).padStart(20, "0");
  } else {
    if (input.MessageDeduplicationId !== undefined) throw notForQueueType(input.MessageDeduplicationId, "MessageDeduplicationId");
    if (input.MessageGroupId !== undefined) message.groupId = input.MessageGroupId;
  }
  await commit(ctx, { t: "send", name: q.queue.name, message, ...(sequence !== undefined ? { sequence } : {}) });
  ctx.waiters.notify(q.queue.name);
  return result(message.id, message, md5, systemMd5, message.sequenceNumber);
}

function result(id: string, message: StoredMessage, md5: string | undefined, systemMd5: string | undefined, sequenceNumber: string | undefined): SendMessageResult {
  return {
    MessageId: id,
    MD5OfMessageBody: message.md5OfBody,
    ...(md5 ? { MD5OfMessageAttributes: md5 } : {}),
    ...(systemMd5 ? { MD5OfMessageSystemAttributes: systemMd5 } : {}),
    ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
  };
}

/** Forgets deduplication ids whose 5-minute window has passed (the map is in time order). */
function pruneDedup(q: QueueState, now: number): void {
  for (const [id, entry] of q.dedup) {
    if (entry.until > now) return;
    q.dedup.delete(id);
  }
}

function checkFifoId(value: string, name: string): void {
  if (value.length > L.MAX_FIFO_ID_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    throw invalidParameter(value, name, `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
}

/**
 * A FIFO batch without a group or a deduplication id fails as a whole, before any entry is
 * sent (localstack test_send_batch_missing_*_for_fifo_queue, recorded on AWS).
 */
function checkFifoBatch(q: QueueState, entries: readonly SendMessageBatchEntry[]): void {
  const contentBased = effective(q.queue, "ContentBasedDeduplication") === "true";
  for (const entry of entries) {
    if (entry.MessageGroupId === undefined || entry.MessageGroupId === "") throw new InvalidParameterValue("The request must contain the parameter MessageGroupId.");
    if (!contentBased && (entry.MessageDeduplicationId === undefined || entry.MessageDeduplicationId === "")) throw dedupIdRequired();
  }
}

// Attribute names: letters (any script), digits, "_", "-", "." (localstack test_send_message_with_invalid_string_attributes, recorded on AWS).
const ATTRIBUTE_NAME = /^[\p{L}\p{N}_.-]+$/u;
const RESERVED_NAME = /^(aws\.|amazon\.|\.)|\.$/i;

/** Message attribute checks; texts as LocalStack's provider words AWS's answers. */
function checkMessageAttributes(attributes: Record<string, MessageAttribute> | undefined): void {
  if (!attributes) return;
  // AWS's text, as SDK users quote it (e.g. Datadog's DSM guidance on its injected attribute).
  const count = Object.keys(attributes).length;
  if (count > L.MAX_MESSAGE_ATTRIBUTES) {
    throw new InvalidParameterValue(`Number of message attributes [${count}] exceeds the allowed maximum [${L.MAX_MESSAGE_ATTRIBUTES}].`);
  }
  for (const [name, a] of Object.entries(attributes)) {
    if (name.length > L.MAX_ATTRIBUTE_NAME_LENGTH) throw new InvalidParameterValue("Message (user) attribute names must be shorter than 256 Bytes");
    if (!ATTRIBUTE_NAME.test(name)) {
      throw new InvalidParameterValue("Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. ");
    }
    if (RESERVED_NAME.test(name)) {
      throw new InvalidParameterValue(
        "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'.",
      );
    }
    const type = a.DataType ?? "";
    if (!DATA_TYPE.test(type)) {
      throw new InvalidParameterValue(`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    }
    if (type.length > L.MAX_ATTRIBUTE_NAME_LENGTH) throw new InvalidParameterValue("Message (user) attribute types must be shorter than 256 Bytes");
    const binary = type.startsWith("Binary");
    const value = binary ? a.BinaryValue : a.StringValue;
    // localstack test_send_message_with_empty_string_attribute (recorded on AWS).
    if (value === undefined || value === "") throw new InvalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type '${type}'.`);
    // A string value takes the characters a body takes, answered as InvalidParameterValue (localstack test_invalid_string_attributes_cause_invalid_parameter_value_error).
    if (!binary && INVALID_CHARACTER.test(value)) throw new InvalidParameterValue(new InvalidMessageContents().message);
  }
}
