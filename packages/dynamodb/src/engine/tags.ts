import { ResourceNotFoundException, ValidationException } from "../errors.js";
import { tableNameOf, type DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import type { TagResourceInput, UntagResourceInput } from "./shapes.js";
import type { Table } from "./table.js";

/** A table ARN (texts recorded from DynamoDB by dynalite, typo included). */
function tableOfArn(engine: DynamoDbEngine, arn: string): Table {
  if (!/^arn:aws:dynamodb:.+:\d+:table\/[^/]{2}[^/]+$/.test(arn)) {
    throw new ValidationException(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  }
  const table = engine.tables.get(tableNameOf(arn));
  if (!table) throw new ResourceNotFoundException(`Requested resource not found: ResourcArn: ${arn} not found`);
  return table;
}

export async function tagResource(engine: DynamoDbEngine, input: TagResourceInput) {
  const table = tableOfArn(engine, required(input.ResourceArn, "resourceArn"));
  const tags = required(input.Tags, "tags");
  if (tags.length === 0) throw new ValidationException("Atleast one Tag needs to be provided as Input.");
  const merged = new Map(table.meta.Tags.map((t) => [t.Key, t.Value]));
  for (const tag of tags) merged.set(tag.Key, tag.Value);
  await engine.saveMeta({ ...table.meta, Tags: [...merged].map(([Key, Value]) => ({ Key, Value })) });
  return {};
}

export async function untagResource(engine: DynamoDbEngine, input: UntagResourceInput) {
  const table = tableOfArn(engine, required(input.ResourceArn, "resourceArn"));
  const keys = required(input.TagKeys, "tagKeys");
  if (keys.length === 0) throw new ValidationException("Atleast one Tag Key needs to be provided as Input.");
  await engine.saveMeta({ ...table.meta, Tags: table.meta.Tags.filter((t) => !keys.includes(t.Key)) });
  return {};
}

export function listTagsOfResource(engine: DynamoDbEngine, input: { ResourceArn: string }) {
  const table = tableOfArn(engine, required(input.ResourceArn, "resourceArn"));
  return { Tags: table.meta.Tags };
}
