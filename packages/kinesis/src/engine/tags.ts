/** Tags: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream, and TagResource, UntagResource, ListTagsForResource on a stream's or a consumer's ARN. */
import { AwsError } from "@sam-sandbox/core";
import { InvalidArgumentException, consumerArnNotFound, streamNotFound } from "../errors.js";
import * as L from "../limits.js";
import { consumerOfArn, parseConsumerArn } from "./consumers.js";
import { commit, nameOfArn, streamOf, type KinesisContext } from "./context.js";
import type { Stream } from "./state.js";
import type { StreamRef } from "./streams.js";

async function addTags(ctx: KinesisContext, stream: Stream, tags: Record<string, string>): Promise<void> {
  const merged = { ...stream.tags, ...tags };
  if (Object.keys(merged).length > L.MAX_TAGS_PER_STREAM) {
    // kinesalite test/addTagsToStream.js (recorded on AWS).
    throw new InvalidArgumentException(`Failed to add tags to stream ${stream.name} under account ${ctx.accountId} because a given stream cannot have more than 50 tags associated with it.`);
  }
  await commit(ctx, { t: "set", name: stream.name, settings: { tags: merged } });
}

async function removeTags(ctx: KinesisContext, stream: Stream, keys: string[]): Promise<void> {
  const tags = { ...stream.tags };
  for (const key of keys) delete tags[key];
  await commit(ctx, { t: "set", name: stream.name, settings: { tags } });
}

export async function addTagsToStream(ctx: KinesisContext, input: StreamRef & { Tags: Record<string, string> }) {
  await addTags(ctx, streamOf(ctx, input), input.Tags);
  return {};
}

export async function removeTagsFromStream(ctx: KinesisContext, input: StreamRef & { TagKeys: string[] }) {
  await removeTags(ctx, streamOf(ctx, input), input.TagKeys);
  return {};
}

export function listTagsForStream(ctx: KinesisContext, input: StreamRef & { ExclusiveStartTagKey?: string; Limit?: number }) {
  const stream = streamOf(ctx, input);
  const keys = Object.keys(stream.tags).sort().filter((k) => input.ExclusiveStartTagKey === undefined || k > input.ExclusiveStartTagKey);
  const limit = input.Limit ?? L.DEFAULT_LIST_TAGS_LIMIT;
  return { Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: stream.tags[Key] })), HasMoreTags: keys.length > limit };
}

/** What TagResource and friends act on: a stream's ARN, or an enhanced fan-out consumer's. */
interface Tagged {
  tags: Record<string, string>;
  add(tags: Record<string, string>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

function resourceOf(ctx: KinesisContext, arn: string): Tagged {
  if (parseConsumerArn(ctx, arn)) {
    const found = consumerOfArn(ctx, arn);
    if (!found) throw consumerArnNotFound(arn, ctx.accountId);
    const { stream, consumer } = found;
    const save = (tags: Record<string, string>) => commit(ctx, { t: "consumerTags", name: stream.name, consumer: consumer.name, tags });
    return {
      tags: consumer.tags ?? {},
      add: async (tags) => {
        const merged = { ...consumer.tags, ...tags };
        // Tag quotas: 50 per resource; no recorded AWS text for a consumer was found (the stream's, naming the consumer).
        if (Object.keys(merged).length > L.MAX_TAGS_PER_STREAM) {
          throw new InvalidArgumentException(`Failed to add tags to consumer ${consumer.name} under account ${ctx.accountId} because a given consumer cannot have more than 50 tags associated with it.`);
        }
        await save(merged);
      },
      remove: async (keys) => {
        const tags = { ...consumer.tags };
        for (const key of keys) delete tags[key];
        await save(tags);
      },
    };
  }
  const name = nameOfArn(ctx, arn);
  if (name === undefined) throw new AwsError("ResourceNotFoundException", `Resource ${arn} not found.`, 400);
  const stream = ctx.durable.state.streams.get(name);
  if (!stream) throw streamNotFound(name, ctx.accountId);
  return { tags: stream.tags, add: (tags) => addTags(ctx, stream, tags), remove: (keys) => removeTags(ctx, stream, keys) };
}

export async function tagResource(ctx: KinesisContext, input: { ResourceARN: string; Tags: Record<string, string> }) {
  await resourceOf(ctx, input.ResourceARN).add(input.Tags);
  return {};
}

export async function untagResource(ctx: KinesisContext, input: { ResourceARN: string; TagKeys: string[] }) {
  await resourceOf(ctx, input.ResourceARN).remove(input.TagKeys);
  return {};
}

export function listTagsForResource(ctx: KinesisContext, input: { ResourceARN: string }) {
  const { tags } = resourceOf(ctx, input.ResourceARN);
  return { Tags: Object.keys(tags).sort().map((Key) => ({ Key, Value: tags[Key] })) };
}
