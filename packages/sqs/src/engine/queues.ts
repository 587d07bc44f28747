/** CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, Get/SetQueueAttributes, PurgeQueue and the tag actions. */
import {
  InvalidParameterValue, PurgeQueueInProgress, QueueDeletedRecently, QueueDoesNotExist, QueueNameExists, deadLetterTargetMissing, invalidQueueName,
} from "../errors.js";
import * as L from "../limits.js";
import { checkAttributes, effective, queueAttributes, type Counts } from "./attributes.js";
import { commit, queueOfArn, queueOfUrl, queueUrl, type SqsContext } from "./context.js";
import type { Queue, QueueState } from "./state.js";

const NAME = /^[a-zA-Z0-9_-]{1,80}$/;

export interface CreateQueueInput {
  QueueName: string;
  Attributes?: Record<string, string>;
  tags?: Record<string, string>;
}

/** Checks CreateQueue and SetQueueAttributes make of other queues. */
export interface QueueChecks {
  /**
   * A RedrivePolicy's dead-letter queue must exist, as AWS checks. Off for the template's queues,
   * which are created in the template's order while CloudFormation follows their references.
   */
  deadLetterTargetMustExist?: boolean;
}

/** AWS refuses a RedrivePolicy whose dead-letter queue does not exist, quoting the policy as sent. */
function checkDeadLetterTarget(ctx: SqsContext, checked: Record<string, string>, sent: Record<string, string>, checks: QueueChecks): void {
  if (!checks.deadLetterTargetMustExist || !checked.RedrivePolicy) return;
  const { deadLetterTargetArn } = JSON.parse(checked.RedrivePolicy) as { deadLetterTargetArn: string };
  if (queueOfArn(ctx, deadLetterTargetArn) === undefined) throw deadLetterTargetMissing(String(sent.RedrivePolicy));
}

export async function createQueue(ctx: SqsContext, input: CreateQueueInput, base: string, checks: QueueChecks = {}): Promise<{ QueueUrl: string }> {
  const name = input.QueueName;
  const attributes = input.Attributes ?? {};
  const fifo = String(attributes.FifoQueue ?? "").toLowerCase() === "true";
  checkName(name, fifo);
  checkNotDeletedRecently(ctx, name);
  const checked = checkAttributes(attributes, fifo, true);
  checkDeadLetterTarget(ctx, checked, attributes, checks);
  const existing = ctx.durable.state.queues.get(name);
  if (existing) {
    // Same name: the same queue when every given attribute has the value it already has.
    for (const [key, value] of Object.entries(checked)) {
      if ((effective(existing.queue, key) ?? "") !== value) throw new QueueNameExists(key);
    }
    return { QueueUrl: queueUrl(base, ctx.accountId, name) };
  }
  const now = ctx.clock.now();
  const { FifoQueue: _fifo, ...rest } = checked;
  const queue: Queue = {
    name,
    arn: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${name}`,
    fifo,
    attributes: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== "")),
    tags: { ...(input.tags ?? {}) },
    created: now,
    lastModified: now,
    sequence: 0,
    purgedAt: 0,
  };
  await commit(ctx, { t: "createQueue", queue });
  // Event source mappings waiting for this queue start polling it.
  ctx.waiters.notify(name);
  return { QueueUrl: queueUrl(base, ctx.accountId, name) };
}

/** AWS keeps a deleted queue's name for 60 seconds. */
function checkNotDeletedRecently(ctx: SqsContext, name: string): void {
  const deletedAt = ctx.deletedAt.get(name);
  if (deletedAt === undefined) return;
  if (ctx.clock.now() - deletedAt < L.QUEUE_NAME_REUSE_DELAY_MS) throw new QueueDeletedRecently();
  ctx.deletedAt.delete(name);
}

function checkName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!name.endsWith(".fifo") || !NAME.test(name.slice(0, -5)) || name.length > L.MAX_QUEUE_NAME_LENGTH) {
      throw new InvalidParameterValue(
        "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length",
      );
    }
    return;
  }
  if (!NAME.test(name)) throw invalidQueueName();
}

export function getQueueUrl(ctx: SqsContext, input: { QueueName: string; QueueOwnerAWSAccountId?: string }, base: string): { QueueUrl: string } {
  if (input.QueueOwnerAWSAccountId !== undefined && input.QueueOwnerAWSAccountId !== ctx.accountId) throw new QueueDoesNotExist();
  if (!ctx.durable.state.queues.has(input.QueueName)) throw new QueueDoesNotExist();
  return { QueueUrl: queueUrl(base, ctx.accountId, input.QueueName) };
}

export function listQueues(
  ctx: SqsContext,
  input: { QueueNamePrefix?: string; NextToken?: string; MaxResults?: number },
  base: string,
): { QueueUrls?: string[]; NextToken?: string } {
  const names = [...ctx.durable.state.queues.keys()].filter((n) => n.startsWith(input.QueueNamePrefix ?? "")).sort();
  const start = input.NextToken === undefined ? 0 : decodeToken(input.NextToken);
  const size = Math.min(Math.max(input.MaxResults ?? L.MAX_LIST_QUEUES_RESULTS, 1), L.MAX_LIST_QUEUES_RESULTS);
  const page = names.slice(start, start + size);
  const out: { QueueUrls?: string[]; NextToken?: string } = {};
  if (page.length > 0) out.QueueUrls = page.map((n) => queueUrl(base, ctx.accountId, n));
  if (input.MaxResults !== undefined && start + size < names.length) out.NextToken = Buffer.from(JSON.stringify({ start: start + size })).toString("base64");
  return out;
}

/** A token this service did not hand out starts from the beginning. */
function decodeToken(token: string): number {
  try {
    const start = (JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { start?: unknown }).start;
    if (typeof start === "number" && Number.isInteger(start) && start >= 0) return start;
  } catch {
    // not one of ours
  }
  return 0;
}

export async function deleteQueue(ctx: SqsContext, input: { QueueUrl: string }): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  await commit(ctx, { t: "deleteQueue", name: q.queue.name });
  const now = ctx.clock.now();
  // Names free again are let go: the map holds the last minute's deletions, not every name ever deleted.
  for (const [name, deletedAt] of ctx.deletedAt) if (now - deletedAt >= L.QUEUE_NAME_REUSE_DELAY_MS) ctx.deletedAt.delete(name);
  ctx.deletedAt.set(q.queue.name, now);
  ctx.waiters.notify(q.queue.name);
}

/** ApproximateNumberOfMessages / NotVisible / Delayed at `now`. */
export function countsOf(q: QueueState, now: number): Counts {
  const counts = { visible: 0, notVisible: 0, delayed: 0 };
  for (const m of q.messages.values()) {
    if (m.visibleAt <= now) counts.visible++;
    else if (m.receiveCount > 0) counts.notVisible++;
    else counts.delayed++;
  }
  return counts;
}

export function getQueueAttributes(ctx: SqsContext, input: { QueueUrl: string; AttributeNames?: string[] }): { Attributes?: Record<string, string> } {
  const q = queueOfUrl(ctx, input.QueueUrl);
  const names = input.AttributeNames ?? [];
  if (names.length === 0) return {};
  // Names asked for but none set: an empty map (localstack test_sqs_permission_lifecycle, JSON protocol, recorded on AWS).
  return { Attributes: queueAttributes(q.queue, countsOf(q, ctx.clock.now()), names) };
}

export async function setQueueAttributes(
  ctx: SqsContext, input: { QueueUrl: string; Attributes: Record<string, string> }, checks: QueueChecks = {},
): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  const attributes = checkAttributes(input.Attributes, q.queue.fifo, false);
  checkDeadLetterTarget(ctx, attributes, input.Attributes, checks);
  await commit(ctx, { t: "setAttributes", name: q.queue.name, attributes, at: ctx.clock.now() });
}

export async function purgeQueue(ctx: SqsContext, input: { QueueUrl: string }): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  const now = ctx.clock.now();
  if (q.queue.purgedAt > 0 && now - q.queue.purgedAt < L.PURGE_INTERVAL_MS) throw new PurgeQueueInProgress(q.queue.name);
  await commit(ctx, { t: "purge", name: q.queue.name, at: now });
}

export async function tagQueue(ctx: SqsContext, input: { QueueUrl: string; Tags: Record<string, string> }): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  await commit(ctx, { t: "tag", name: q.queue.name, tags: input.Tags });
}

export async function untagQueue(ctx: SqsContext, input: { QueueUrl: string; TagKeys: string[] }): Promise<void> {
  const q = queueOfUrl(ctx, input.QueueUrl);
  await commit(ctx, { t: "untag", name: q.queue.name, keys: input.TagKeys });
}

export function listQueueTags(ctx: SqsContext, input: { QueueUrl: string }): { Tags?: Record<string, string> } {
  const q = queueOfUrl(ctx, input.QueueUrl);
  return Object.keys(q.queue.tags).length > 0 ? { Tags: { ...q.queue.tags } } : {};
}

export function listDeadLetterSourceQueues(ctx: SqsContext, input: { QueueUrl: string }, base: string): { queueUrls: string[] } {
  const dlq = queueOfUrl(ctx, input.QueueUrl);
  const urls: string[] = [];
  for (const q of ctx.durable.state.queues.values()) {
    const policy = q.queue.attributes.RedrivePolicy;
    if (policy && (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn === dlq.queue.arn) {
      urls.push(queueUrl(base, ctx.accountId, q.queue.name));
    }
  }
  return { queueUrls: urls };
}

/** The queue a QueueUrl names (QueueDoesNotExist otherwise). */
export function queueOf(ctx: SqsContext, url: string): QueueState {
  return queueOfUrl(ctx, url);
}
