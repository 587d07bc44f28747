/**
 * ReceiveMessage (visibility timeout, long polling, FIFO message groups, redrive to the
 * dead-letter queue, retention), DeleteMessage(Batch) and ChangeMessageVisibility(Batch).
 */
import { randomBytes } from "node:crypto";
import { ReceiptHandleIsInvalid, invalidParameter, notInFlight, receiptHandleExpired } from "../errors.js";
import * as L from "../limits.js";
import { intAttribute, redriveOf } from "./attributes.js";
import { checkBatch, runEntries } from "./batch.js";
import { commit, queueOfArn, queueOfUrl, type SqsContext } from "./context.js";
import { md5OfAttributes } from "./md5.js";
import type { MessageAttribute, QueueState, ReceiveUpdate, StoredMessage } from "./state.js";

export interface ReceiveMessageInput {
  QueueUrl: string;
  AttributeNames?: string[];
  MessageSystemAttributeNames?: string[];
  MessageAttributeNames?: string[];
  MaxNumberOfMessages?: number;
  VisibilityTimeout?: number;
  WaitTimeSeconds?: number;
  ReceiveRequestAttemptId?: string;
}

export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, MessageAttribute>;
}

export async function receiveMessage(ctx: SqsContext, input: ReceiveMessageInput): Promise<{ Messages?: ReceivedMessage[] }> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  const max = input.MaxNumberOfMessages ?? 1;
  if (max < 1 || max > L.MAX_RECEIVE_MESSAGES) throw invalidParameter(max, "MaxNumberOfMessages", "Must be between 1 and 10, if provided.");
  const wait = input.WaitTimeSeconds ?? intAttribute(q.queue, "ReceiveMessageWaitTimeSeconds");
  if (wait < 0 || wait > L.MAX_WAIT_TIME_SECONDS) throw invalidParameter(wait, "WaitTimeSeconds", "Must be >= 0 and <= 20, if provided.");
  const visibility = input.VisibilityTimeout ?? intAttribute(q.queue, "VisibilityTimeout");
  if (visibility < 0 || visibility > L.MAX_VISIBILITY_TIMEOUT_SECONDS) {
    throw invalidParameter(visibility, "VisibilityTimeout", "Must be between 0 and 43200, if provided.");
  }
  const deadline = ctx.clock.now() + wait * 1000;
  for (;;) {
    const current = ctx.durable.state.queues.get(q.queue.name);
    if (current !== q) return {}; // deleted while waiting
    const taken = await take(ctx, q, max, visibility);
    if (taken.length > 0) {
      const wanted = (input.MessageAttributeNames ?? []).filter(isFilter);
      return { Messages: taken.map((m) => shape(m, input, wanted)) };
    }
    const now = ctx.clock.now();
    if (now >= deadline) return {};
    // Wake at a send, or when a delayed or in-flight message turns visible, or at the deadline.
    await ctx.waiters.wait(q.queue.name, Math.min(deadline, nextVisible(q, now)) - now);
  }
}

/**
 * The FIFO messages a receive may take, in the order it takes them: group by group, each from
 * its oldest message up to the first one not visible (a group whose oldest message is in
 * flight delivers nothing); groups received least recently first, then in order of their
 * oldest message. That is the order AWS answered in localstack's recorded FIFO tests
 * (test_fifo_receive_message_group_id_ordering, …_with_zero_visibility_timeout,
 * …_group_visibility_after_terminate_visibility_timeout).
 */
function fifoOrder(q: QueueState, now: number): StoredMessage[] {
  const groups = new Map<string, { rank: number; lastReceive: number; blocked: boolean; messages: StoredMessage[] }>();
  for (const m of q.messages.values()) {
    const key = m.groupId ?? "";
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { rank: groups.size, lastReceive: 0, blocked: false, messages: [] }));
    if (m.firstReceiveAt > group.lastReceive) group.lastReceive = m.firstReceiveAt;
    if (group.blocked) continue;
    if (m.visibleAt > now) group.blocked = true;
    else group.messages.push(m);
  }
  return [...groups.values()].sort((a, b) => a.lastReceive - b.lastReceive || a.rank - b.rank).flatMap((g) => g.messages);
}

/** The earliest time a message not visible now becomes visible (Infinity for none). */
function nextVisible(q: QueueState, now: number): number {
  let next = Infinity;
  for (const m of q.messages.values()) if (m.visibleAt > now && m.visibleAt < next) next = m.visibleAt;
  return next;
}

/**
 * Takes up to `max` visible messages, hides them for `visibility` seconds, and journals it.
 * Everything up to the journal writes happens in one synchronous step, so two receives
 * running together never take the same message.
 */
export async function take(ctx: SqsContext, q: QueueState, max: number, visibility: number): Promise<StoredMessage[]> {
  const now = ctx.clock.now();
  const writes: Promise<void>[] = [];
  const expired = expire(ctx, q, now);
  if (expired) writes.push(expired);
  const redrive = redriveOf(q.queue);
  const dlq = redrive ? queueOfArn(ctx, redrive.arn) : undefined;
  const chosen: StoredMessage[] = [];
  for (const m of q.queue.fifo ? fifoOrder(q, now) : [...q.messages.values()]) {
    if (chosen.length >= max) break;
    if (m.visibleAt > now) continue;
    if (redrive && dlq && dlq !== q && m.receiveCount >= redrive.maxReceiveCount) {
      writes.push(moveToDeadLetterQueue(ctx, q, dlq, m));
      continue;
    }
    chosen.push(m);
  }
  if (chosen.length > 0) {
    const updates: ReceiveUpdate[] = chosen.map((m) => ({
      id: m.id,
      receipt: receiptHandle(q.queue.name, m.id),
      visibleAt: now + visibility * 1000,
      receiveCount: m.receiveCount + 1,
      firstReceiveAt: m.firstReceiveAt || now,
    }));
    writes.push(commit(ctx, { t: "receive", name: q.queue.name, updates }));
  }
  await Promise.all(writes);
  return chosen;
}

function moveToDeadLetterQueue(ctx: SqsContext, from: QueueState, to: QueueState, m: StoredMessage): Promise<void> {
  const moved: StoredMessage = {
    ...m,
    system: { ...m.system, DeadLetterQueueSourceArn: from.queue.arn },
    visibleAt: ctx.clock.now(),
    receiveCount: 0,
    firstReceiveAt: 0,
    receipt: "",
  };
  const written = commit(ctx, { t: "move", from: from.queue.name, to: to.queue.name, message: moved });
  ctx.waiters.notify(to.queue.name);
  return written;
}

/** Drops messages older than the queue's MessageRetentionPeriod (in memory at once); the journal write, if any. */
export function expire(ctx: SqsContext, q: QueueState, now: number): Promise<void> | undefined {
  const retention = intAttribute(q.queue, "MessageRetentionPeriod") * 1000;
  const ids: string[] = [];
  for (const m of q.messages.values()) if (m.sentAt + retention <= now) ids.push(m.id);
  return ids.length > 0 ? commit(ctx, { t: "delete", name: q.queue.name, ids }) : undefined;
}

/** An opaque handle naming the queue and the message, different at each receive. */
function receiptHandle(queue: string, id: string): string {
  return Buffer.from(`${queue} ${id} ${randomBytes(24).toString("base64")}`, "utf8").toString("base64");
}

function messageOfHandle(q: QueueState, handle: string): { id: string; message?: StoredMessage } {
  const parts = Buffer.from(handle, "base64").toString("utf8").split(" ");
  if (parts.length !== 3 || parts[0] !== q.queue.name || !/^[0-9a-f-]{36}$/.test(parts[1])) throw new ReceiptHandleIsInvalid(handle);
  return { id: parts[1], message: q.messages.get(parts[1]) };
}

const SYSTEM_NAMES = [
  "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp",
  "SequenceNumber", "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn",
];

/** The message as ReceiveMessage answers it, with the attributes asked for. */
/** `wanted`: the MessageAttributeNames entries that filter (see isFilter). */
function shape(m: StoredMessage, input: ReceiveMessageInput, wanted: readonly string[]): ReceivedMessage {
  const out: ReceivedMessage = { MessageId: m.id, ReceiptHandle: m.receipt, MD5OfBody: m.md5OfBody, Body: m.body };
  const system = systemAttributes(m, [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])]);
  if (Object.keys(system).length > 0) out.Attributes = system;
  // A message without attributes answers none, whatever was asked (localstack test_redrive_policy_sqs_queue_subscription[False]
  // and test_publish_batch_messages_from_sns_to_sqs, recorded on AWS with MessageAttributeNames All).
  if (wanted.length === 0 || Object.keys(m.attributes).length === 0) return out;
  const attributes: Record<string, MessageAttribute> = {};
  for (const [name, value] of Object.entries(m.attributes)) {
    if (wanted.some((w) => w === "All" || w === "*" || w === ".*" || w === name || (w.endsWith(".*") && name.startsWith(w.slice(0, -2))))) attributes[name] = value;
  }
  // Names asked for but none present: an empty map and no digest (localstack test_receive_message_message_attribute_names_filters, recorded on AWS).
  out.MessageAttributes = attributes;
  const md5 = md5OfAttributes(attributes);
  if (md5) out.MD5OfMessageAttributes = md5;
  return out;
}

/**
 * A MessageAttributeNames entry that filters: "All", "*", ".*", a name or "prefix.*". Names AWS
 * reserves or could not hold ("AWS.", "..foo") are ignored, as if not asked for.
 */
function isFilter(w: string): boolean {
  if (w === "All" || w === "*" || w === ".*") return true;
  const name = w.endsWith(".*") ? w.slice(0, -2) : w;
  return name !== "" && !RESERVED_NAME.test(name) && !name.includes("..");
}

const RESERVED_NAME = /^(aws\.|amazon\.|\.)|\.$/i;

export function systemAttributes(m: StoredMessage, names: readonly string[]): Record<string, string> {
  const all = names.includes("All");
  const values: Record<string, string | undefined> = {
    SenderId: m.system.SenderId,
    SentTimestamp: String(m.sentAt),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt),
    SequenceNumber: m.sequenceNumber,
    MessageDeduplicationId: m.dedupId,
    MessageGroupId: m.groupId,
    AWSTraceHeader: m.system.AWSTraceHeader,
    DeadLetterQueueSourceArn: m.system.DeadLetterQueueSourceArn,
  };
  const out: Record<string, string> = {};
  for (const name of SYSTEM_NAMES) {
    const value = values[name];
    if (value !== undefined && (all || names.includes(name))) out[name] = value;
  }
  return out;
}

export async function deleteMessage(ctx: SqsContext, input: { QueueUrl: string; ReceiptHandle: string }): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  const { id, message } = messageOfHandle(q, input.ReceiptHandle);
  // FIFO: a handle whose receive's visibility timeout has passed no longer deletes
  // (localstack test_fifo_delete_message_with_expired_receipt_handle, recorded on AWS).
  if (q.queue.fifo && message && (message.receipt !== input.ReceiptHandle || message.visibleAt < ctx.clock.now())) {
    throw receiptHandleExpired(input.ReceiptHandle);
  }
  // Standard queues: an older handle of the message still deletes it; a message already gone is no error.
  if (message) {
    await commit(ctx, { t: "delete", name: q.queue.name, ids: [id] });
    if (q.queue.fifo) ctx.waiters.notify(q.queue.name);
  }
}

export async function deleteMessageBatch(ctx: SqsContext, input: { QueueUrl: string; Entries: Array<{ Id: string; ReceiptHandle: string }> }) {
  queueOfUrl(ctx, input.QueueUrl);
  checkBatch(input.Entries, "DeleteMessageBatchRequestEntry");
  return runEntries(input.Entries, async (entry) => {
    await deleteMessage(ctx, { QueueUrl: input.QueueUrl, ReceiptHandle: entry.ReceiptHandle });
    return { Id: entry.Id };
  });
}

export async function changeMessageVisibility(ctx: SqsContext, input: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  const { id, message } = messageOfHandle(q, input.ReceiptHandle);
  const now = ctx.clock.now();
  // Any handle of a message still in the queue changes it, even an older one or after its timeout
  // passed (localstack test_terminate_visibility_timeout_after_receive and
  // test_change_message_visibility_after_visibility_timeout_expiration, recorded on AWS).
  if (!message) throw notInFlight(input.ReceiptHandle);
  const timeout = input.VisibilityTimeout;
  if (timeout < 0 || timeout > L.MAX_VISIBILITY_TIMEOUT_SECONDS) {
    throw invalidParameter(timeout, "VisibilityTimeout", "Must be between 0 and 43200, if provided.");
  }
  await commit(ctx, { t: "visibility", name: q.queue.name, id, visibleAt: now + timeout * 1000 });
  if (timeout === 0) ctx.waiters.notify(q.queue.name);
}

export async function changeMessageVisibilityBatch(
  ctx: SqsContext,
  input: { QueueUrl: string; Entries: Array<{ Id: string; ReceiptHandle: string; VisibilityTimeout?: number }> },
) {
  queueOfUrl(ctx, input.QueueUrl);
  checkBatch(input.Entries, "ChangeMessageVisibilityBatchRequestEntry");
  return runEntries(input.Entries, async (entry) => {
    await changeMessageVisibility(ctx, { QueueUrl: input.QueueUrl, ReceiptHandle: entry.ReceiptHandle, VisibilityTimeout: entry.VisibilityTimeout ?? 0 });
    return { Id: entry.Id };
  });
}
