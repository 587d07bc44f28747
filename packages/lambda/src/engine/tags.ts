/** TagResource, UntagResource and ListTags: tags on functions (not on versions or aliases). */
import { InvalidParameterValueException, messages } from "../errors.js";
import { MAX_TAGS_PER_FUNCTION, RESERVED_TAG_PREFIX } from "../limits.js";
import { obj, strings, type ApiContext, type Input } from "./apiContext.js";
import type { FunctionRecord } from "./registry.js";

export function tagResource(ctx: ApiContext, input: Input): void {
  const tags = (obj(input, "Tags") ?? {}) as Record<string, string>;
  if (Object.keys(tags).length === 0) throw new InvalidParameterValueException(messages.noTags());
  refuseReserved(Object.keys(tags));
  const record = taggable(ctx, input);
  const merged = { ...record.tags, ...tags };
  if (Object.keys(merged).filter((key) => !reserved(key)).length > MAX_TAGS_PER_FUNCTION) throw new InvalidParameterValueException(messages.tooManyTags());
  record.tags = merged;
  renewed(ctx, record);
}

export function untagResource(ctx: ApiContext, input: Input): void {
  const record = taggable(ctx, input);
  const remove = new Set(strings(input, "TagKeys") ?? []);
  refuseReserved([...remove]);
  record.tags = Object.fromEntries(Object.entries(record.tags).filter(([k]) => !remove.has(k)));
  renewed(ctx, record);
}

/**
 * The aws: prefix (any case) is AWS's: CloudFormation's aws:cloudformation:* tags can be neither
 * changed nor removed ("Resource tag", CloudFormation User Guide).
 */
function refuseReserved(keys: readonly string[]): void {
  if (keys.some(reserved)) throw new InvalidParameterValueException(messages.reservedTagKey());
}

function reserved(key: string): boolean {
  return key.toLowerCase().startsWith(RESERVED_TAG_PREFIX);
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
