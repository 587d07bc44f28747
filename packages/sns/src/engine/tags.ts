/** TagResource, UntagResource, ListTagsForResource (topics are SNS's taggable resource). */
import { invalidParameter, resourceNotFound, tagLimitExceeded } from "../errors.js";
import { MAX_TAGS_PER_TOPIC } from "../limits.js";
import { change, type SnsContext } from "./context.js";
import type { Tag, Topic } from "./state.js";

/** A request may not name the same key twice. */
export function checkTags(tags: readonly Tag[]): void {
  const keys = new Set(tags.map((t) => t.Key));
  if (keys.size < tags.length) throw invalidParameter("Duplicated keys are not allowed.");
}

function taggedTopic(ctx: SnsContext, arn: string): Topic {
  const topic = ctx.durable.state.topics.get(arn);
  if (!topic) throw resourceNotFound();
  return topic;
}

export async function tagResource(ctx: SnsContext, input: { ResourceArn: string; Tags: Tag[] }): Promise<Record<string, never>> {
  const topic = taggedTopic(ctx, input.ResourceArn);
  checkTags(input.Tags);
  const keys = new Set([...topic.tags.map((t) => t.Key), ...input.Tags.map((t) => t.Key)]);
  if (keys.size > MAX_TAGS_PER_TOPIC) throw tagLimitExceeded();
  await change(ctx, { t: "tag", arn: topic.arn, tags: input.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) });
  return {};
}

export async function untagResource(ctx: SnsContext, input: { ResourceArn: string; TagKeys: string[] }): Promise<Record<string, never>> {
  const topic = taggedTopic(ctx, input.ResourceArn);
  await change(ctx, { t: "untag", arn: topic.arn, keys: [...input.TagKeys] });
  return {};
}

export function listTagsForResource(ctx: SnsContext, input: { ResourceArn: string }): { Tags: Tag[] } {
  const topic = taggedTopic(ctx, input.ResourceArn);
  return { Tags: topic.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}
