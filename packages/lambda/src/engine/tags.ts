/**
 * TagResource, UntagResource and ListTags: tags on functions (not on versions or aliases), event
 * source mappings and code signing configs (TagResource API reference: "a function, event source
 * mapping, or code signing configuration").
 */
import { InvalidParameterValueException, ResourceNotFoundException, messages } from "../errors.js";
import { MAX_TAGS_PER_FUNCTION, RESERVED_TAG_PREFIX } from "../limits.js";
import { obj, strings, type ApiContext, type Input } from "./apiContext.js";
import type { CodeSigningConfigRecord } from "./codeSigning.js";
import type { EventSourceMappingRecord } from "./eventSourceMappings.js";

/** What these actions need: the functions, the event source mappings by UUID and the code signing configs by ARN. */
export interface TagContext extends ApiContext {
  readonly eventSourceMappings: Map<string, EventSourceMappingRecord>;
  readonly codeSigningConfigs: Map<string, CodeSigningConfigRecord>;
}

/** A resource that holds tags; `changed` records a change of them. */
interface Taggable {
  tags: Record<string, string>;
  changed(): void;
}

export function tagResource(ctx: TagContext, input: Input): void {
  const tags = (obj(input, "Tags") ?? {}) as Record<string, string>;
  if (Object.keys(tags).length === 0) throw new InvalidParameterValueException(messages.noTags());
  refuseReserved(Object.keys(tags));
  const record = taggable(ctx, input);
  const merged = { ...record.tags, ...tags };
  if (Object.keys(merged).filter((key) => !reserved(key)).length > MAX_TAGS_PER_FUNCTION) throw new InvalidParameterValueException(messages.tooManyTags());
  record.tags = merged;
  record.changed();
}

export function untagResource(ctx: TagContext, input: Input): void {
  const record = taggable(ctx, input);
  const remove = new Set(strings(input, "TagKeys") ?? []);
  refuseReserved([...remove]);
  record.tags = Object.fromEntries(Object.entries(record.tags).filter(([k]) => !remove.has(k)));
  record.changed();
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

export function listTags(ctx: TagContext, input: Input): Record<string, unknown> {
  return { Tags: taggable(ctx, input).tags };
}

// arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid>, as EventSourceMappingArn names it.
const MAPPING_ARN = /^arn:[a-zA-Z0-9-]+:lambda:[a-z0-9-]+:\d{12}:event-source-mapping:([0-9a-fA-F-]+)$/;
// arn:aws:lambda:<region>:<account>:code-signing-config:csc-<17 hex digits>.
const CODE_SIGNING_CONFIG_ARN = /^arn:[a-zA-Z0-9-]+:lambda:[a-z0-9-]+:\d{12}:code-signing-config:csc-[a-z0-9]{17}$/;

/** A record's optional tags as a Taggable (changing them changes nothing else). */
function tagsOf(record: { tags?: Record<string, string> }): Taggable {
  return {
    get tags() {
      return record.tags ?? {};
    },
    set tags(tags) {
      record.tags = tags;
    },
    changed() {},
  };
}

function taggable(ctx: TagContext, input: Input): Taggable {
  const resource = String(input.Resource);
  const uuid = MAPPING_ARN.exec(resource)?.[1];
  if (uuid !== undefined) {
    const mapping = ctx.eventSourceMappings.get(uuid);
    // GetEventSourceMapping's answer for a mapping that does not exist (no text recorded for ListTags).
    if (!mapping) throw new ResourceNotFoundException(messages.mappingNotFound());
    return tagsOf(mapping);
  }
  if (CODE_SIGNING_CONFIG_ARN.test(resource)) {
    const config = ctx.codeSigningConfigs.get(resource);
    // GetCodeSigningConfig's answer for a config that does not exist.
    if (!config) throw new ResourceNotFoundException(messages.codeSigningConfigNotFound(resource));
    return tagsOf(config);
  }
  if (ctx.registry.parse(resource).qualifier !== undefined) throw new InvalidParameterValueException(messages.tagsOnQualified());
  const record = ctx.registry.get(resource);
  return {
    get tags() {
      return record.tags;
    },
    set tags(tags) {
      record.tags = tags;
    },
    // Tagging and untagging give $LATEST a new RevisionId (localstack test_tag_lifecycle, recorded on AWS).
    changed: () => ctx.registry.renewRevision({ record, version: record.latest }),
  };
}
