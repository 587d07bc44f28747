/**
 * Publish and PublishBatch. A message is checked, acknowledged, then handed to each
 * confirmed subscription whose filter policy accepts it (fire and forget).
 */
import { createHash } from "node:crypto";
import { uuid } from "@sam-sandbox/core";
import {
  BatchEntryIdsNotDistinctException, BatchRequestTooLongException, EmptyBatchRequestException, InvalidBatchEntryIdException,
  InvalidParameterException, TooManyEntriesInBatchRequestException, endpointDisabled, invalidParameter,
} from "../errors.js";
import { MAX_BATCH_ENTRIES, MAX_BATCH_ENTRY_ID_LENGTH, MAX_MESSAGE_BYTES, MAX_SUBJECT_LENGTH } from "../limits.js";
import { change, findTopic, type SnsContext } from "./context.js";
import { matchesAttributes, matchesBody } from "./filter/match.js";
import { parseFilterPolicy, type FilterPolicy, type FilterScope } from "./filter/policy.js";
import { contentFor, contentOf, type SnsMessage } from "./message.js";
import { attributesSize, checkMessageAttributes, type MessageAttributes } from "./messageAttributes.js";
import type { AttributeValue } from "./filter/match.js";
import { publishablePhoneNumber } from "./sms.js";
import type { Subscription, Topic } from "./state.js";

export interface PublishInput {
  TopicArn?: string;
  TargetArn?: string;
  PhoneNumber?: string;
  Message: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, Partial<AttributeValue>>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

export interface PublishBatchEntry {
  Id: string;
  Message: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, Partial<AttributeValue>>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

/** ASCII starting with a letter, digit or punctuation; no line breaks or control characters. */
const SUBJECT = /^[\x21-\x7e][\x20-\x7e]*$/;
const BATCH_ID = /^[A-Za-z0-9_-]+$/;

export async function publish(ctx: SnsContext, input: PublishInput, traceHeader?: string): Promise<{ MessageId: string; SequenceNumber?: string }> {
  if (input.PhoneNumber !== undefined && input.TopicArn === undefined && input.TargetArn === undefined) return publishSms(ctx, input);
  const arn = input.TopicArn ?? input.TargetArn;
  if (arn === undefined) throw invalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
  if (input.TargetArn !== undefined && input.TargetArn.includes(":endpoint/")) {
    return publishToEndpoint(ctx, { ...input, TargetArn: input.TargetArn });
  }
  const topic = findTopic(ctx, arn, input.TopicArn !== undefined ? "TopicArn" : "TargetArn");
  const checked = checkEntry(input);
  const [result] = await accept(ctx, topic, [{ ...input, ...checked }], traceHeader);
  return result;
}

export async function publishBatch(
  ctx: SnsContext,
  input: { TopicArn: string; PublishBatchRequestEntries: PublishBatchEntry[] },
  traceHeader?: string,
): Promise<{ Successful: { Id: string; MessageId: string; SequenceNumber?: string }[]; Failed: { Id: string; Code: string; Message: string; SenderFault: boolean }[] }> {
  const entries = input.PublishBatchRequestEntries ?? [];
  if (entries.length === 0) throw new EmptyBatchRequestException("The batch request doesn't contain any entries.");
  if (entries.length > MAX_BATCH_ENTRIES) throw new TooManyEntriesInBatchRequestException("The batch request contains more entries than permissible.");
  const topic = findTopic(ctx, input.TopicArn);
  const ids = new Set(entries.map((e) => e.Id));
  if (ids.size !== entries.length) throw new BatchEntryIdsNotDistinctException("Two or more batch entries in the request have the same Id.");
  for (const entry of entries) {
    if (entry.Id.length > MAX_BATCH_ENTRY_ID_LENGTH) throw new InvalidBatchEntryIdException(`The Id of a batch entry in the batch request is too long: ${entry.Id}`);
    if (!BATCH_ID.test(entry.Id)) {
      throw new InvalidBatchEntryIdException(`The Id of a batch entry in the batch request contains an impermissible character: ${entry.Id}`);
    }
  }
  const accepted: (PublishBatchEntry & Checked)[] = [];
  const failed: { Id: string; Code: string; Message: string; SenderFault: boolean }[] = [];
  let total = 0;
  entries.forEach((entry, index) => {
    // Attribute errors fail the whole request (ParameterValueInvalid); an entry's own message problems fail that entry.
    const attributes = checkMessageAttributes(entry.MessageAttributes ?? {}, index + 1);
    total += Buffer.byteLength(entry.Message ?? "") + attributesSize(attributes);
    try {
      accepted.push({ ...entry, ...checkEntry({ ...entry, MessageAttributes: attributes }) });
    } catch (error) {
      if (!(error instanceof InvalidParameterException)) throw error;
      // A MessageStructure problem fails the whole request (localstack test_publish_batch_exceptions, recorded on AWS).
      if (error.message.startsWith(MESSAGE_STRUCTURE_ERROR)) throw error;
      failed.push({ Id: entry.Id, Code: "InvalidParameter", Message: error.message, SenderFault: true });
    }
  });
  if (total > MAX_MESSAGE_BYTES) throw new BatchRequestTooLongException("The length of all the messages put together is more than the limit.");
  const results = await accept(ctx, topic, accepted, traceHeader);
  return {
    Successful: accepted.map((entry, i) => ({ Id: entry.Id, ...results[i] })),
    Failed: failed,
  };
}

const MESSAGE_STRUCTURE_ERROR = "Invalid parameter: Message Structure";

interface Checked {
  attributes: MessageAttributes;
  /** The text, or per-protocol texts for MessageStructure json. */
  content: string | Record<string, string>;
}

/**
 * The checks one message gets, in SNS's order. `platform`: publishing to a platform endpoint,
 * whose json-structured message may carry the platform's entry instead of "default".
 */
function checkEntry(input: Omit<PublishInput, "TopicArn" | "TargetArn" | "PhoneNumber">, platform?: string): Checked {
  if (input.Subject !== undefined && (input.Subject.length > MAX_SUBJECT_LENGTH || !SUBJECT.test(input.Subject))) throw invalidParameter("Subject");
  if (input.Message === undefined || input.Message === "") throw invalidParameter("Empty message");
  const attributes = checkMessageAttributes(input.MessageAttributes ?? {});
  if (Buffer.byteLength(input.Message) + attributesSize(attributes) > MAX_MESSAGE_BYTES) throw invalidParameter("Message too long");
  if (input.MessageStructure === undefined || input.MessageStructure === "") return { attributes, content: input.Message };
  if (input.MessageStructure !== "json") throw invalidParameter("MessageStructure");
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.Message);
  } catch {
    throw invalidParameter("Message Structure - JSON message body failed to parse");
  }
  const content: Record<string, string> = {};
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    // Protocol keys must hold plain strings; other values are ignored.
    for (const [key, value] of Object.entries(parsed)) if (typeof value === "string") content[key] = value;
  }
  if (content.default === undefined && (platform === undefined || content[platform] === undefined)) {
    throw invalidParameter("Message Structure - No default entry in JSON message body");
  }
  return { attributes, content };
}

type Accepted = Checked & { Message: string; Subject?: string; MessageDeduplicationId?: string; MessageGroupId?: string };

/** FIFO checks and deduplication, then hands each new message to the topic's subscriptions. */
async function accept(ctx: SnsContext, topic: Topic, entries: readonly Accepted[], traceHeader: string | undefined): Promise<{ MessageId: string; SequenceNumber?: string }[]> {
  if (topic.fifo) {
    for (const entry of entries) {
      if (!entry.MessageGroupId) throw invalidParameter("The MessageGroupId parameter is required for FIFO topics");
      if (!entry.MessageDeduplicationId && topic.attributes.ContentBasedDeduplication !== "true") {
        throw invalidParameter("The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
      }
    }
  } else if (entries.some((e) => e.MessageDeduplicationId !== undefined)) {
    throw invalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
  }
  const results: { MessageId: string; SequenceNumber?: string }[] = [];
  const toDeliver: SnsMessage[] = [];
  for (const entry of entries) {
    const message: SnsMessage = {
      type: "Notification",
      messageId: uuid(),
      topicArn: topic.arn,
      message: entry.content,
      ...(entry.Subject !== undefined ? { subject: entry.Subject } : {}),
      attributes: entry.attributes,
      timestamp: ctx.clock.now(),
    };
    if (traceHeader !== undefined) message.traceHeader = traceHeader;
    if (!topic.fifo) {
      // A standard topic passes a MessageGroupId on to standard queues, for SQS fair queues
      // (localstack test_publish_message_group_id, recorded on AWS in August 2025).
      if (entry.MessageGroupId !== undefined) message.groupId = entry.MessageGroupId;
      results.push({ MessageId: message.messageId });
      toDeliver.push(message);
      continue;
    }
    // Content-based deduplication hashes the message body (SHA-256).
    const dedupId = entry.MessageDeduplicationId ?? createHash("sha256").update(entry.Message).digest("hex");
    const seen = ctx.dedup.seen(topic.arn, dedupId);
    if (seen) {
      // A duplicate within five minutes is acknowledged as the original and not delivered again.
      results.push({ MessageId: seen.messageId, SequenceNumber: seen.sequenceNumber });
      continue;
    }
    const sequenceNumber = (BigInt(topic.sequence) + 1n).toString();
    await change(ctx, { t: "sequence", arn: topic.arn, value: sequenceNumber });
    ctx.dedup.remember(topic.arn, dedupId, message.messageId, sequenceNumber);
    Object.assign(message, { groupId: entry.MessageGroupId, dedupId, sequenceNumber });
    results.push({ MessageId: message.messageId, SequenceNumber: sequenceNumber });
    toDeliver.push(message);
  }
  for (const message of toDeliver) fanOut(ctx, topic, message);
  return results;
}

function fanOut(ctx: SnsContext, topic: Topic, message: SnsMessage): void {
  for (const sub of ctx.durable.state.subscriptions.values()) {
    if (sub.topicArn !== topic.arn || sub.pending) continue;
    if (!accepts(sub, message)) continue;
    ctx.deliverer.deliver(message, sub, topic);
  }
}

const compiled = new WeakMap<Subscription, { text: string; scope: FilterScope; policy: FilterPolicy | undefined }>();

/** Whether the subscription's filter policy lets the message through. */
function accepts(sub: Subscription, message: SnsMessage): boolean {
  const text = sub.attributes.FilterPolicy ?? "";
  if (text === "") return true;
  const scope = (sub.attributes.FilterPolicyScope ?? "MessageAttributes") as FilterScope;
  let entry = compiled.get(sub);
  if (entry === undefined || entry.text !== text || entry.scope !== scope) {
    entry = { text, scope, policy: parseFilterPolicy(text, scope, false) };
    compiled.set(sub, entry);
  }
  const policy = entry.policy;
  if (policy === undefined) return true;
  return scope === "MessageBody" ? matchesBody(policy, contentFor(message, sub.protocol)) : matchesAttributes(policy, message.attributes);
}

/**
 * Publish to a phone number: printed and kept in the outbox, as the sandbox sends no SMS. An
 * opted-out number is accepted and gets nothing, as on AWS.
 */
function publishSms(ctx: SnsContext, input: PublishInput): { MessageId: string } {
  if (input.Message === undefined || input.Message === "") throw invalidParameter("Empty message");
  const phone = publishablePhoneNumber(input.PhoneNumber ?? "");
  if (phone === undefined) throw invalidParameter(`PhoneNumber Reason: ${input.PhoneNumber ?? ""} is not valid to publish to`);
  const checked = checkEntry(input);
  const messageId = uuid();
  const text = contentOf(checked.content, "sms");
  if (ctx.durable.state.optedOut.has(phone)) {
    ctx.logger.warn(`SNS: ${phone} has opted out of SMS; message ${messageId} was not sent.`);
    return { MessageId: messageId };
  }
  ctx.outbox.send({ messageId, protocol: "sms", destination: phone, message: text, timestamp: ctx.clock.now() });
  return { MessageId: messageId };
}

/**
 * Publish with TargetArn to a platform endpoint (mobile push): the device receives the
 * platform's entry of a json-structured message (GCM, APNS, …), else "default".
 */
function publishToEndpoint(ctx: SnsContext, input: PublishInput & { TargetArn: string }): { MessageId: string } {
  if (input.Message === undefined || input.Message === "") throw invalidParameter("Empty message");
  const endpoint = ctx.durable.state.endpoints.get(input.TargetArn);
  const app = endpoint === undefined ? undefined : ctx.durable.state.applications.get(endpoint.applicationArn);
  if (!endpoint || !app) throw invalidParameter("TargetArn Reason: No endpoint found for the target arn specified");
  if (endpoint.attributes.Enabled !== "true") throw endpointDisabled();
  if (input.MessageDeduplicationId !== undefined) {
    throw invalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
  }
  const checked = checkEntry(input, app.platform);
  const text = contentOf(checked.content, app.platform);
  const messageId = uuid();
  ctx.outbox.send({
    messageId, protocol: "application", destination: endpoint.arn, message: text, timestamp: ctx.clock.now(),
    ...(input.Subject !== undefined ? { subject: input.Subject } : {}),
  }, app.platform);
  return { MessageId: messageId };
}
