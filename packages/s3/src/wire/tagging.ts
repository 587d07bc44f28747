/** Object and bucket tagging on the wire: <Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>. */
import type { Tag } from "../engine/state.js";
import { empty, xmlOk, type ActionHandler } from "./call.js";
import { versionHeader, versionIdParam } from "./headers.js";
import { document, el, parseTaggingXml } from "./xml.js";
import { invalidTag, tooManyObjectTags } from "../errors.js";
import { MAX_BUCKET_TAGS, MAX_OBJECT_TAGS } from "../limits.js";

function tagging(tags: Tag[]): string {
  return document("Tagging", `<TagSet>${tags.map((t) => `<Tag>${el("Key", t.Key)}${el("Value", t.Value)}</Tag>`).join("")}</TagSet>`);
}

export const PutObjectTagging: ActionHandler = async ({ engine, bucket, key, body, query }) => {
  const VersionId = versionIdParam(query);
  // The bucket and key first, as S3 answers: then the body, too many tags refused unparsed.
  engine.taggedVersion({ Bucket: bucket, Key: key, VersionId }, "PUT");
  const tags = parseTaggingXml(body, MAX_OBJECT_TAGS, () => tooManyObjectTags(MAX_OBJECT_TAGS));
  const out = await engine.putObjectTagging({ Bucket: bucket, Key: key, VersionId, Tags: tags });
  return empty(200, versionHeader(out.VersionId));
};

export const GetObjectTagging: ActionHandler = ({ engine, bucket, key, query }) => {
  const out = engine.getObjectTagging({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) });
  return xmlOk(tagging(out.TagSet), versionHeader(out.VersionId));
};

export const DeleteObjectTagging: ActionHandler = async ({ engine, bucket, key, query }) => {
  const out = await engine.deleteObjectTagging({ Bucket: bucket, Key: key, VersionId: versionIdParam(query) });
  return empty(204, versionHeader(out.VersionId));
};

export const PutBucketTagging: ActionHandler = async ({ engine, bucket, body }) => {
  engine.headBucket({ Bucket: bucket });
  const tags = parseTaggingXml(body, MAX_BUCKET_TAGS, () => invalidTag(`Bucket tag count cannot be greater than ${MAX_BUCKET_TAGS}`));
  await engine.putBucketTagging({ Bucket: bucket, TagSet: tags });
  return empty(204);
};

export const GetBucketTagging: ActionHandler = ({ engine, bucket }) => xmlOk(tagging(engine.getBucketTagging({ Bucket: bucket }).TagSet));

export const DeleteBucketTagging: ActionHandler = async ({ engine, bucket }) => {
  await engine.deleteBucketTagging({ Bucket: bucket });
  return empty(204);
};
