import { AwsError } from "@sam-sandbox/core";
import { ResourceNotFoundException, ValidationException } from "../errors.js";
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS_PER_RESOURCE } from "../limits.js";
import { tableNameOf, type DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import type { Tag, TagResourceInput, UntagResourceInput } from "./shapes.js";
import type { Table } from "./table.js";

/**
 * Tag texts recorded from DynamoDB (ack-api-quirks DDB-TABLE-105/106/108/110 and its
 * ValidationException catalogue DDB-TABLE-442, 2026-10): checked by DynamoDB itself, not by
 * the model's lengths; a failing request applies none of its tags.
 */
const TAG_MESSAGES = {
  invalidKey: (key: string | undefined) => `The Tag Key provided is invalid, Key: ${key ?? "null"}`,
  invalidValue: (value: string | undefined) => `The Tag Value provided is invalid, Value: ${value ?? "null"}`,
  reservedPrefix: (key: string) => `Tag Key cannot be prefixed with aws:, Key: ${key}`,
  duplicateKey: (key: string) => `Duplicate Tag Keys provided as input: Duplicate Tag Key found ${key}`,
  tooMany: "Number of Tags exceed the current limit for the provided ResourceArn",
  noTags: "Atleast one Tag needs to be provided as Input.",
  noTagKeys: "Atleast one Tag Key needs to be provided as Input.",
  notFound: (arn: string) => `Requested resource not found: ResourceArn: ${arn} not found`,
} as const;

/** Letters, digits and spaces of any script, and _ . : / = + - @ (Tagging restrictions in DynamoDB). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

function checkTagKey(key: string | undefined): void {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_TAG_KEY_LENGTH || !TAG_CHARACTERS.test(key)) {
    throw new ValidationException(TAG_MESSAGES.invalidKey(key));
  }
  // The prefix is reserved in any case: "AWS:foo" is refused too.
  if (key.toLowerCase().startsWith("aws:")) throw new ValidationException(TAG_MESSAGES.reservedPrefix(key));
}

/** A request's tags: valid keys and values, no key twice, the resulting set within the limit. */
export function checkTags(tags: Tag[], existing: Tag[] = []): Tag[] {
  const keys = new Set<string>();
  for (const tag of tags) {
    checkTagKey(tag.Key);
    const value = tag.Value;
    if (typeof value !== "string" || value.length > MAX_TAG_VALUE_LENGTH || !TAG_CHARACTERS.test(value)) {
      throw new ValidationException(TAG_MESSAGES.invalidValue(value));
    }
    if (keys.has(tag.Key)) throw new ValidationException(TAG_MESSAGES.duplicateKey(tag.Key));
    keys.add(tag.Key);
  }
  // The limit holds for the set after the merge: re-tagging existing keys is always allowed.
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of tags) merged.set(tag.Key, tag.Value);
  if (merged.size > MAX_TAGS_PER_RESOURCE) throw new ValidationException(TAG_MESSAGES.tooMany);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

const INVALID = "One or more parameter values were invalid: ";

/**
 * A table ARN. Texts recorded from DynamoDB: ack-api-quirks' catalogue (DDB-TABLE-442, 2026-10)
 * for a non-ARN, another service's ARN and an index ARN; dynalite for the rest.
 */
function tableOfArn(engine: DynamoDbEngine, arn: string): Table {
  checkTableArn(arn);
  // Another account's table: AccessDeniedException 'Access is denied' (ack-api-quirks DDB-TABLE-071, 2026-10).
  if (arn.split(":")[4] !== engine.options.accountId) throw new AwsError("AccessDeniedException", "Access is denied", 400);
  const table = engine.tables.get(tableNameOf(arn));
  if (!table) throw new ResourceNotFoundException(TAG_MESSAGES.notFound(arn));
  return table;
}

function checkTableArn(arn: string): void {
  if (!arn.startsWith("arn:")) throw new ValidationException(`${INVALID}ARNs must start with 'arn:': ${arn}`);
  if (arn.split(":")[2] !== "dynamodb") throw new ValidationException(`${INVALID}Provided Arn is not a DynamoDB resource arn: ${arn}`);
  if (/^arn:[^:]*:dynamodb:[^:]*:[^:]*:table\/[^/]+\/index\//.test(arn)) {
    throw new ValidationException(`${INVALID}Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`);
  }
  if (!/^arn:aws:dynamodb:.+:\d+:table\/[^/]{2}[^/]+$/.test(arn)) {
    throw new ValidationException(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  }
}

export async function tagResource(engine: DynamoDbEngine, input: TagResourceInput) {
  const arn = required(input.ResourceArn, "resourceArn");
  const tags = required(input.Tags, "tags");
  // An empty list is refused before the table is looked up (dynalite test/tagResource.js, recorded against DynamoDB).
  checkTableArn(arn);
  if (tags.length === 0) throw new ValidationException(TAG_MESSAGES.noTags);
  const table = tableOfArn(engine, arn);
  const merged = checkTags(tags, table.meta.Tags);
  await engine.saveMeta({ ...table.meta, Tags: merged });
  return {};
}

export async function untagResource(engine: DynamoDbEngine, input: UntagResourceInput) {
  const arn = required(input.ResourceArn, "resourceArn");
  const keys = required(input.TagKeys, "tagKeys");
  // The keys are checked before the table is looked up (dynalite test/untagResource.js, recorded against DynamoDB).
  checkTableArn(arn);
  if (keys.length === 0) throw new ValidationException(TAG_MESSAGES.noTagKeys);
  for (const key of keys) checkTagKey(key);
  if (keys.length > MAX_TAGS_PER_RESOURCE) throw new ValidationException(TAG_MESSAGES.tooMany);
  const table = tableOfArn(engine, arn);
  // Removing a key the table does not carry is not an error.
  await engine.saveMeta({ ...table.meta, Tags: table.meta.Tags.filter((t) => !keys.includes(t.Key)) });
  return {};
}

export function listTagsOfResource(engine: DynamoDbEngine, input: { ResourceArn: string }) {
  const table = tableOfArn(engine, required(input.ResourceArn, "resourceArn"));
  return { Tags: table.meta.Tags };
}
