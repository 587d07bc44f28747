import { invalidTag, invalidTaggingHeader, noSuchKey, tooManyObjectTags } from "../errors.js";
import { MAX_OBJECT_TAGS, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from "../limits.js";
import { change, findBucket, type S3Context } from "./context.js";
import type { S3Object, Tag } from "./state.js";
import { deleteMarkerMethod } from "../errors.js";
import { httpDateOf } from "./time.js";
import { answeredVersionId, findVersion, NULL_VERSION, stackOf } from "./versions.js";

/** Characters a tag key or value may hold: letters, digits, spaces and + - = . _ : / @ (S3 User Guide, tag restrictions). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}+\-=._:/@]*$/u;

/**
 * Tag rules (S3 User Guide, "Categorizing your objects using tags"); texts as S3 answers them
 * (moto test_s3_tagging.py, @s3_aws_verified; localstack test_s3_api.snapshot.json test_tagging_validation):
 * too many object tags is a BadRequest, a key starting "aws:" is a system tag no request may set,
 * and InvalidTag names the tag.
 */
export function validateTags(tags: Tag[], max = MAX_OBJECT_TAGS): Tag[] {
  const forBucket = max !== MAX_OBJECT_TAGS;
  if (tags.length > max) throw forBucket ? invalidTag(`Bucket tag count cannot be greater than ${max}`) : tooManyObjectTags(max);
  const seen = new Set<string>();
  for (const tag of tags) {
    const TagKey = tag.Key;
    if (seen.has(TagKey)) throw invalidTag("Cannot provide multiple Tags with the same key", { TagKey });
    seen.add(TagKey);
    if (TagKey.startsWith("aws:")) throw invalidTag(forBucket ? "System tags cannot be added/updated by requester" : "Your TagKey cannot be prefixed with aws:", { TagKey });
    if (TagKey.length === 0 || [...TagKey].length > MAX_TAG_KEY_LENGTH || !TAG_CHARACTERS.test(TagKey)) throw invalidTag("The TagKey you have provided is invalid", { TagKey });
    if ([...tag.Value].length > MAX_TAG_VALUE_LENGTH || !TAG_CHARACTERS.test(tag.Value)) throw invalidTag("The TagValue you have provided is invalid", { TagKey, TagValue: tag.Value });
  }
  return tags;
}

/** The x-amz-tagging header: tags as a URL query ("k1=v1&k2=v2"); a repeated key or a stray character refuses the header. */
export function parseTaggingHeader(header: string): Tag[] {
  const tags = [...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value }));
  const keys = new Set(tags.map((t) => t.Key));
  if (keys.size !== tags.length || tags.some((t) => !TAG_CHARACTERS.test(t.Key) || !TAG_CHARACTERS.test(t.Value))) throw invalidTaggingHeader(header);
  return validateTags(tags);
}

export interface ObjectTaggingInput {
  Bucket: string;
  Key: string;
  VersionId?: string;
}

/** The version tagging acts on: the one named (a delete marker has no tags: 405), else the newest object. */
export function taggedVersion(ctx: S3Context, input: ObjectTaggingInput, method: string): S3Object {
  const bucket = findBucket(ctx, input.Bucket);
  if (input.VersionId === undefined) {
    const latest = stackOf(bucket, input.Key)[0];
    // A key whose newest version is a delete marker answers 405, as when the marker is named (AWS-recorded).
    if (latest?.deleteMarker) throw deleteMarkerMethod(method, latest.versionId ?? NULL_VERSION, httpDateOf(latest.lastModified));
    // GetObjectTagging names a missing key with its bucket, "<bucket>/<key>" (localstack test_object_tagging_exc, AWS-recorded).
    if (latest === undefined) throw noSuchKey(method === "GET" ? `${input.Bucket}/${input.Key}` : input.Key);
    return latest;
  }
  const version = findVersion(bucket, input.Key, input.VersionId);
  if (version.deleteMarker) throw deleteMarkerMethod(method, input.VersionId, httpDateOf(version.lastModified));
  return version;
}

async function setTags(ctx: S3Context, input: ObjectTaggingInput, tags: Tag[], method: string): Promise<{ VersionId?: string }> {
  const object = taggedVersion(ctx, input, method);
  const bucket = findBucket(ctx, input.Bucket);
  await change(ctx, { t: "setTags", bucket: input.Bucket, key: input.Key, tags, ...(object.versionId === undefined ? {} : { versionId: object.versionId }) });
  ctx.notifier.objectSettingChanged(bucket, method === "PUT" ? "ObjectTagging:Put" : "ObjectTagging:Delete", object);
  return versionOut(answeredVersionId(bucket, object));
}

export function putObjectTagging(ctx: S3Context, input: ObjectTaggingInput & { Tags: Tag[] }): Promise<{ VersionId?: string }> {
  return setTags(ctx, input, validateTags(input.Tags), "PUT");
}

export function getObjectTagging(ctx: S3Context, input: ObjectTaggingInput): { TagSet: Tag[]; VersionId?: string } {
  const object = taggedVersion(ctx, input, "GET");
  return { TagSet: object.tags, ...versionOut(answeredVersionId(findBucket(ctx, input.Bucket), object)) };
}

export function deleteObjectTagging(ctx: S3Context, input: ObjectTaggingInput): Promise<{ VersionId?: string }> {
  return setTags(ctx, input, [], "DELETE");
}

function versionOut(versionId: string | undefined): { VersionId?: string } {
  return versionId === undefined ? {} : { VersionId: versionId };
}
