/** Tags: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream, and TagResource, UntagResource, ListTagsForResource on a stream's ARN. */
import { AwsError } from "@sam-sandbox/core";
import { InvalidArgumentException, streamNotFound } from "../errors.js";
import * as L from "../limits.js";
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

/** TagResource and friends take a stream's ARN (consumers are not emulated). */
function streamOfResource(ctx: KinesisContext, arn: string): Stream {
  const name = nameOfArn(ctx, arn);
  if (name === undefined) throw new AwsError("ResourceNotFoundException", `Resource ${arn} not found.`, 400);
  const stream = ctx.durable.state.streams.get(name);
  if (!stream) throw streamNotFound(name, ctx.accountId);
  return stream;
}

export async function tagResource(ctx: KinesisContext, input: { ResourceARN: string; Tags: Record<string, string> }) {
  await addTags(ctx, streamOfResource(ctx, input.ResourceARN), input.Tags);
  return {};
}

export async function untagResource(ctx: KinesisContext, input: { ResourceARN: string; TagKeys: string[] }) {
  await removeTags(ctx, streamOfResource(ctx, input.ResourceARN), input.TagKeys);
  return {};
}

export function listTagsForResource(ctx: KinesisContext, input: { ResourceARN: string }) {
  const stream = streamOfResource(ctx, input.ResourceARN);
  return { Tags: Object.keys(stream.tags).sort().map((Key) => ({ Key, Value: stream.tags[Key] })) };
}
