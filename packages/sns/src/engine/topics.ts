/** CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes, SetTopicAttributes. */
import { InvalidParameterException, invalidParameter, tagLimitExceeded } from "../errors.js";
import { MAX_TAGS_PER_TOPIC, MAX_TOPIC_NAME_LENGTH } from "../limits.js";
import { parseTopicArn, topicArn } from "./arns.js";
import { change, findTopic, type SnsContext } from "./context.js";
import { page } from "./page.js";
import type { Tag, Topic } from "./state.js";
import { checkTags } from "./tags.js";
import { checkTopicAttribute, storedTopicAttribute, topicAttributes } from "./topicAttributes.js";

export interface CreateTopicInput {
  Name: string;
  Attributes?: Record<string, string>;
  Tags?: Tag[];
  DataProtectionPolicy?: string;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]+$/;
const FIFO_NAME_TEXT =
  "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.";

/** Idempotent: the same name with the same attributes and tags answers the existing ARN. */
export async function createTopic(ctx: SnsContext, input: CreateTopicInput): Promise<{ TopicArn: string }> {
  const name = input.Name;
  const attributes = { ...(input.Attributes ?? {}) };
  if (input.DataProtectionPolicy !== undefined) attributes.DataProtectionPolicy = input.DataProtectionPolicy;
  const fifo = (attributes.FifoTopic ?? "").toLowerCase() === "true";
  const base = fifo && name.endsWith(".fifo") ? name.slice(0, -".fifo".length) : name;
  if (base === "" || !TOPIC_NAME.test(base) || name.length > MAX_TOPIC_NAME_LENGTH) {
    throw fifo ? new InvalidParameterException(FIFO_NAME_TEXT) : invalidParameter("Topic Name");
  }
  if (fifo && !name.endsWith(".fifo")) throw new InvalidParameterException(FIFO_NAME_TEXT);
  for (const [key, value] of Object.entries(attributes)) {
    checkTopicAttribute(key, value, true);
    attributes[key] = storedTopicAttribute(key, value);
  }
  delete attributes.FifoTopic; // kept as Topic.fifo
  const tags = input.Tags ?? [];
  checkTags(tags);

  const arn = topicArn(ctx.region, ctx.accountId, name);
  const existing = ctx.durable.state.topics.get(arn);
  if (existing) {
    const current = topicAttributes(ctx.durable.state, existing, ctx.accountId);
    if (Object.entries(attributes).some(([key, value]) => (current[key] ?? "") !== value)) {
      throw invalidParameter("Attributes Reason: Topic already exists with different attributes");
    }
    if (tags.length > 0 && !sameTags(existing.tags, tags)) throw invalidParameter("Tags Reason: Topic already exists with different tags");
    return { TopicArn: arn };
  }
  if (tags.length > MAX_TAGS_PER_TOPIC) throw tagLimitExceeded();
  for (const [key, value] of Object.entries(attributes)) if (value === "") delete attributes[key];
  const topic: Topic = {
    arn,
    name,
    fifo,
    attributes,
    tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    sequence: "10000000000000000000",
    created: ctx.clock.now(),
  };
  await change(ctx, { t: "createTopic", topic });
  return { TopicArn: arn };
}

function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  if (a.length !== b.length) return false;
  return b.every((tag) => a.some((t) => t.Key === tag.Key && t.Value === tag.Value));
}

/** Idempotent; its subscriptions go with it. */
export async function deleteTopic(ctx: SnsContext, input: { TopicArn: string }): Promise<Record<string, never>> {
  const parts = parseTopicArn(input.TopicArn);
  if (parts.region !== ctx.region) throw invalidParameter("TopicArn");
  if (!ctx.durable.state.topics.has(input.TopicArn)) return {};
  ctx.dedup.forget(input.TopicArn);
  await change(ctx, { t: "deleteTopic", arn: input.TopicArn });
  return {};
}

export function listTopics(ctx: SnsContext, input: { NextToken?: string }): { Topics: { TopicArn: string }[]; NextToken?: string } {
  const topics = [...ctx.durable.state.topics.values()];
  const result = page(topics, (t) => t.arn, input.NextToken);
  return {
    Topics: result.page.map((t) => ({ TopicArn: t.arn })),
    ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}),
  };
}

export function getTopicAttributes(ctx: SnsContext, input: { TopicArn: string }): { Attributes: Record<string, string> } {
  const topic = findTopic(ctx, input.TopicArn);
  return { Attributes: topicAttributes(ctx.durable.state, topic, ctx.accountId) };
}

export async function setTopicAttributes(
  ctx: SnsContext,
  input: { TopicArn: string; AttributeName: string; AttributeValue?: string },
): Promise<Record<string, never>> {
  const topic = findTopic(ctx, input.TopicArn);
  const value = input.AttributeValue ?? "";
  checkTopicAttribute(input.AttributeName, value, false);
  await change(ctx, { t: "setTopicAttribute", arn: topic.arn, name: input.AttributeName, value: storedTopicAttribute(input.AttributeName, value) });
  return {};
}
