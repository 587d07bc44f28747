import { invalidTag, tooManyObjectTags } from "../errors.js";
import { MAX_OBJECT_TAGS, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from "../limits.js";
import { change, findBucket, type S3Context } from "./context.js";
import { findObject } from "./lookup.js";
import type { S3Object, Tag } from "./state.js";
import { deleteMarkerMethod } from "../errors.js";
import { httpDateOf } from "./time.js";
import { findVersion } from "./versions.js";

/**
 * Tag rules (S3 User Guide, "Categorizing your objects using tags"); texts as S3 answers them
 * (moto test_s3_tagging.py, @s3_aws_verified): too many object tags is a BadRequest, and a key
 * starting "aws:" is a system tag no request may set.
 */
export function validateTags(tags: Tag[], max = MAX_OBJECT_TAGS): Tag[] {
  const forBucket = max !== MAX_OBJECT_TAGS;
  if (tags.length > max) throw forBucket ? invalidTag(`Bucket tag count cannot be greater than ${max}`) : tooManyObjectTags(max);
  const seen = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag.Key)) throw invalidTag("Cannot provide multiple Tags with the same key");
    seen.add(tag.Key);
    if (tag.Key.startsWith("aws:")) throw invalidTag(forBucket ? "System tags cannot be added/updated by requester" : "Your TagKey cannot be prefixed with aws:");
    if (tag.Key.length === 0 || [...tag.Key].length > MAX_TAG_KEY_LENGTH) throw invalidTag("The TagKey you have provided is invalid");
    if ([...tag.Value].length > MAX_TAG_VALUE_LENGTH) throw invalidTag("The TagValue you have provided is invalid");
  }
  return tags;
}

/** The x-amz-tagging header: tags as a URL query ("k1=v1&k2=v2"). */
export function parseTaggingHeader(header: string): Tag[] {
  return validateTags([...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value })));
}

export interface ObjectTaggingInput {
  Bucket: string;
  Key: string;
  VersionId?: string;
}

/** The version tagging acts on: the one named (a delete marker has no tags: 405), else the newest object. */
function taggedVersion(ctx: S3Context, input: ObjectTaggingInput, method: string): S3Object {
  const bucket = findBucket(ctx, input.Bucket);
  if (input.VersionId === undefined) return findObject(bucket, input.Key);
  const version = findVersion(bucket, input.Key, input.VersionId);
  if (version.deleteMarker) throw deleteMarkerMethod(method, input.VersionId, httpDateOf(version.lastModified));
  return version;
}

async function setTags(ctx: S3Context, input: ObjectTaggingInput, tags: Tag[], method: string): Promise<{ VersionId?: string }> {
  const object = taggedVersion(ctx, input, method);
  await change(ctx, { t: "setTags", bucket: input.Bucket, key: input.Key, tags, ...(object.versionId === undefined ? {} : { versionId: object.versionId }) });
  return object.versionId === undefined ? {} : { VersionId: object.versionId };
}

export function putObjectTagging(ctx: S3Context, input: ObjectTaggingInput & { Tags: Tag[] }): Promise<{ VersionId?: string }> {
  return setTags(ctx, input, validateTags(input.Tags), "PUT");
}

export function getObjectTagging(ctx: S3Context, input: ObjectTaggingInput): { TagSet: Tag[]; VersionId?: string } {
  const object = taggedVersion(ctx, input, "GET");
  return { TagSet: object.tags, ...(object.versionId === undefined ? {} : { VersionId: object.versionId }) };
}

export function deleteObjectTagging(ctx: S3Context, input: ObjectTaggingInput): Promise<{ VersionId?: string }> {
  return setTags(ctx, input, [], "DELETE");
}
