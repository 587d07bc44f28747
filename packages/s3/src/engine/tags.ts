import { invalidTag } from "../errors.js";
import { MAX_OBJECT_TAGS, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from "../limits.js";
import { change, findBucket, type S3Context } from "./context.js";
import { findObject } from "./lookup.js";
import type { Tag } from "./state.js";

/** Object tag rules (S3 User Guide, "Categorizing your objects using tags"). */
export function validateTags(tags: Tag[], max = MAX_OBJECT_TAGS): Tag[] {
  if (tags.length > max) throw invalidTag(`Object tags cannot be greater than ${max}`);
  const seen = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag.Key)) throw invalidTag("Cannot provide multiple Tags with the same key");
    seen.add(tag.Key);
    if (tag.Key.length === 0 || [...tag.Key].length > MAX_TAG_KEY_LENGTH) throw invalidTag("The TagKey you have provided is invalid");
    if ([...tag.Value].length > MAX_TAG_VALUE_LENGTH) throw invalidTag("The TagValue you have provided is invalid");
  }
  return tags;
}

/** The x-amz-tagging header: tags as a URL query ("k1=v1&k2=v2"). */
export function parseTaggingHeader(header: string): Tag[] {
  return validateTags([...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value })));
}

export async function putObjectTagging(ctx: S3Context, input: { Bucket: string; Key: string; Tags: Tag[] }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  findObject(bucket, input.Key);
  await change(ctx, { t: "setTags", bucket: bucket.name, key: input.Key, tags: validateTags(input.Tags) });
}

export function getObjectTagging(ctx: S3Context, input: { Bucket: string; Key: string }): { TagSet: Tag[] } {
  return { TagSet: findObject(findBucket(ctx, input.Bucket), input.Key).tags };
}

export async function deleteObjectTagging(ctx: S3Context, input: { Bucket: string; Key: string }): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  findObject(bucket, input.Key);
  await change(ctx, { t: "setTags", bucket: bucket.name, key: input.Key, tags: [] });
}
