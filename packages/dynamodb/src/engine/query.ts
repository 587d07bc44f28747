import { MESSAGES, ValidationException } from "../errors.js";
import { consumed, readUnits } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions, type KeyCondition } from "./expr.js";
import { AFTER, encodeSortPrefix, encodeSortValue, scalarOf, type KeyCodec } from "./keys.js";
import { readPage } from "./page.js";
import { required } from "./params.js";
import { checkSelect, checkStartKeyValues, readTarget, startKey } from "./readTarget.js";
import { checkExpressionParameters } from "./requestChecks.js";
import type { QueryInput } from "./shapes.js";

export function query(engine: DynamoDbEngine, input: QueryInput) {
  const tableName = required(input.TableName, "tableName");
  checkExpressionParameters(
    input,
    ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
    ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
  );
  checkStartKeyValues(input.ExclusiveStartKey);
  const keyConditionText = input.KeyConditionExpression;
  if (keyConditionText === undefined || keyConditionText === null) throw new ValidationException(MESSAGES.keyConditionRequired);
  checkSelect(input.Select, input.ProjectionExpression, input.IndexName, "Query");
  const expressions = new RequestExpressions(input);
  const keyExpression = expressions.keyCondition(keyConditionText);
  const filter = expressions.condition(input.FilterExpression, "FilterExpression");
  const projection = expressions.projection(input.ProjectionExpression);

  const table = engine.table(tableName);
  const target = readTarget(table, input.IndexName, {
    select: input.Select,
    consistentRead: input.ConsistentRead,
    projection: projection !== undefined,
    filter: filter !== undefined,
  });
  const codec = target.codec;
  expressions.done();
  const keyQuery = keyExpression.resolve(codec.hash, codec.range);
  if (filter) {
    for (const name of [codec.hash.name, codec.range?.name]) {
      if (name !== undefined && filter.names.includes(name)) throw new ValidationException(MESSAGES.filterOnKey(name));
    }
  }

  const [low, high] = bounds(codec, keyQuery);
  let after: string | undefined;
  if (input.ExclusiveStartKey) {
    after = startKey(table, target, input.ExclusiveStartKey);
    const partition = codec.partition(keyQuery.hashValue);
    if (!after.startsWith(partition)) {
      throw new ValidationException(
        keyQuery.range ? "The query can return at most one row and cannot be restarted" : MESSAGES.startKeyOutsideQuery,
      );
    }
    if (keyQuery.range && (after < low || after >= high)) throw new ValidationException(MESSAGES.startKeyRangeMismatch);
  }

  const { page, bytes } = readPage({
    tree: target.tree,
    low,
    high,
    after,
    forward: input.ScanIndexForward !== false,
    limit: input.Limit,
    rangeKey: codec.range?.name,
    keyNames: target.keyNames,
    ownEntries: target.index === undefined,
    filter,
    projection,
    countOnly: input.Select === "COUNT",
    fetch: target.fetch,
  });
  const capacity = consumed(input.ReturnConsumedCapacity, table.name, readUnits(bytes, input.ConsistentRead));
  return capacity ? { ...page, ConsumedCapacity: capacity } : page;
}

/** [low, high): the run of encoded keys a key condition selects. */
function bounds(codec: KeyCodec, keyQuery: KeyCondition): [string, string] {
  const partition = codec.partition(keyQuery.hashValue);
  const range = keyQuery.range;
  const sortKey = codec.range;
  if (!range || !sortKey) return [partition, partition + AFTER];
  const at = (i: number) => partition + encodeSortValue(sortKey.type, scalarOf(range.values[i], sortKey.type));
  switch (range.op) {
    case "=":
      return [at(0), at(0) + AFTER];
    case "<":
      return [partition, at(0)];
    case "<=":
      return [partition, at(0) + AFTER];
    case ">":
      return [at(0) + AFTER, partition + AFTER];
    case ">=":
      return [at(0), partition + AFTER];
    case "BETWEEN":
      return [at(0), at(1) + AFTER];
    case "BEGINS_WITH": {
      if (sortKey.type === "N") {
        throw new ValidationException(
          "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
        );
      }
      const prefix = partition + encodeSortPrefix(sortKey.type, scalarOf(range.values[0], sortKey.type));
      return [prefix, prefix + AFTER];
    }
    default:
      return [partition, partition + AFTER];
  }
}
