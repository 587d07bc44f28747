/** TagResource, UntagResource and ListTags: tags on functions (not on versions or aliases). */
import { InvalidParameterValueException, messages } from "../errors.js";
import { MAX_TAGS_PER_FUNCTION } from "../limits.js";
import { obj, strings, type ApiContext, type Input } from "./apiContext.js";
import type { FunctionRecord } from "./registry.js";

export function tagResource(ctx: ApiContext, input: Input): void {
  const tags = (obj(input, "Tags") ?? {}) as Record<string, string>;
  if (Object.keys(tags).length === 0) throw new InvalidParameterValueException(messages.noTags());
  const record = taggable(ctx, input);
  const merged = { ...record.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS_PER_FUNCTION) throw new InvalidParameterValueException(messages.tooManyTags());
  record.tags = merged;
  renewed(ctx, record);
}

export function untagResource(ctx: ApiContext, input: Input): void {
  const record = taggable(ctx, input);
  const remove = new Set(strings(input, "TagKeys") ?? []);
  record.tags = Object.fromEntries(Object.entries(record.tags).filter(([k]) => !remove.has(k)));
  renewed(ctx, record);
}

/** Tagging and untagging give $LATEST a new RevisionId (localstack test_tag_lifecycle, recorded on AWS). */
function renewed(ctx: ApiContext, record: FunctionRecord): void {
  ctx.registry.renewRevision({ record, version: record.latest });
}

export function listTags(ctx: ApiContext, input: Input): Record<string, unknown> {
  return { Tags: taggable(ctx, input).tags };
}

function taggable(ctx: ApiContext, input: Input): FunctionRecord {
  const resource = String(input.Resource);
  if (ctx.registry.parse(resource).qualifier !== undefined) throw new InvalidParameterValueException(messages.tagsOnQualified());
  return ctx.registry.get(resource);
}
