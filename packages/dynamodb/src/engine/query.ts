import { MESSAGES, ValidationException } from "../errors.js";
import { pageCost } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions, type KeyCondition, type KeyConditionExpression } from "./expr.js";
import { unindexableFailure, unindexableKeyCondition, withExpressions, type LegacyCondition } from "./legacy.js";
import { AFTER, encodeSortPrefix, encodeSortValue, scalarOf, type KeyCodec } from "./keys.js";
import { readPage } from "./page.js";
import { required } from "./params.js";
import {
  checkIndexAttributes,
  checkScalarKeyPaths,
  checkSelect,
  checkSelectOnIndex,
  checkStartKeyValues,
  nestedHeads,
  readTarget,
  startKey,
  startKeyFailure,
  type ReadTarget,
} from "./readTarget.js";
import { checkExpressionParameters } from "./requestChecks.js";
import type { QueryInput } from "./shapes.js";
import type { Key } from "./types.js";

export function query(engine: DynamoDbEngine, input: QueryInput) {
  const tableName = required(input.TableName, "tableName");
  checkExpressionParameters(
    input,
    ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
    ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
  );
  const startKeyValues = input.ExclusiveStartKey;
  const projectionName = input.AttributesToGet !== undefined && input.AttributesToGet !== null ? "AttributesToGet" : "ProjectionExpression";
  const legacyKeys = input.KeyConditions as Record<string, LegacyCondition> | undefined | null;
  input = withExpressions(input, () => checkStartKeyValues(startKeyValues), true);
  if (legacyKeys && unindexableKeyCondition(legacyKeys)) {
    // Refused after the table, the index and the starting key's attributes before it (rare path).
    const target = readTarget(engine.table(tableName), input.IndexName, { select: undefined, consistentRead: input.ConsistentRead });
    const failure = unindexableFailure(legacyKeys, [...target.codec.hashes, ...target.codec.ranges].map((a) => a.name));
    const startFailure = input.ExclusiveStartKey ? startKeyFailure(target, input.ExclusiveStartKey) : undefined;
    throw startFailure && startFailure.at <= failure.at ? startFailure.error : failure.error;
  }
  const keyConditionText = input.KeyConditionExpression;
  if (keyConditionText === undefined || keyConditionText === null) throw new ValidationException(MESSAGES.keyConditionRequired);
  checkSelect(input.Select, input.ProjectionExpression, input.IndexName, "Query", projectionName);
  const expressions = new RequestExpressions(input);
  const keyExpression = expressions.keyCondition(keyConditionText);
  const filter = expressions.condition(input.FilterExpression, "FilterExpression");
  const projection = expressions.projection(input.ProjectionExpression);
  // Unused placeholders and the key condition's shape are refused before the table is read
  // (dynalite test/query.js, recorded against DynamoDB).
  expressions.done();
  keyExpression.check();

  const table = engine.table(tableName);
  const target = readTarget(table, input.IndexName, {
    select: input.Select,
    consistentRead: input.ConsistentRead,
    projection: projection !== undefined,
    laterSelectCheck: true,
  });
  const codec = target.codec;
  const keyQuery = resolveKeyCondition(keyExpression, target, input.ExclusiveStartKey);
  const after = input.ExclusiveStartKey ? startKey(table, target, input.ExclusiveStartKey, "Query") : undefined;
  if (projection) checkScalarKeyPaths(table, nestedHeads(projection.paths));
  if (filter) {
    for (const { name } of [...codec.hashes, ...codec.ranges]) {
      if (filter.names.includes(name)) throw new ValidationException(MESSAGES.filterOnKey(name));
    }
    checkScalarKeyPaths(table, filter.nestedNames());
  }
  checkIndexAttributes(target, projection?.paths, filter?.names);
  // Query refuses Select ALL_ATTRIBUTES on a global index after its key checks (dynalite test/query.js).
  checkSelectOnIndex(target, input.Select);

  const [low, high] = bounds(codec, keyQuery);
  if (after !== undefined) {
    const partition = codec.partitionOf(keyQuery.hashValues);
    if (!after.startsWith(partition)) {
      throw new ValidationException(
        keyQuery.range ? "The query can return at most one row and cannot be restarted" : MESSAGES.startKeyOutsideQuery,
      );
    }
    if (keyQuery.range && (after < low || after >= high)) throw new ValidationException(MESSAGES.startKeyRangeMismatch);
  }

  const cost = pageCost(input.ReturnConsumedCapacity, table, target, input.ConsistentRead, tableName);
  const { page, size } = readPage({
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
    fetch: cost.fetch,
    jsonCache: table.jsonCache,
  });
  const capacity = cost.consumed(size);
  return capacity ? { ...page, ConsumedCapacity: capacity } : page;
}

/**
 * The key condition held to the read key schema. DynamoDB walks the key attributes in order,
 * checking the starting key's attribute before the condition on it (dynalite actions/query.js
 * and test/query.js, recorded against DynamoDB); only a failing request pays for the ordering.
 */
function resolveKeyCondition(keyExpression: KeyConditionExpression, target: ReadTarget, start: Key | undefined): KeyCondition {
  let keyQuery: KeyCondition;
  try {
    keyQuery = keyExpression.resolve(target.codec);
  } catch (error) {
    const startFailure = start ? startKeyFailure(target, start) : undefined;
    if (startFailure && startFailure.at <= conditionPosition(error, target.codec)) throw startFailure.error;
    throw error;
  }
  if (start) {
    const startFailure = startKeyFailure(target, start);
    if (startFailure) throw startFailure.error;
  }
  return keyQuery;
}

/** The key attribute a key condition failure concerns: the one it names, else the partition key. */
function conditionPosition(error: unknown, codec: KeyCodec): number {
  const missed = error instanceof Error ? /missed key schema element: (.+)$/.exec(error.message) : null;
  if (!missed) return 0;
  const at = [...codec.hashes, ...codec.ranges].findIndex((a) => a.name === missed[1]);
  return at < 0 ? 0 : at;
}

/** [low, high): the run of encoded keys a key condition selects. */
function bounds(codec: KeyCodec, keyQuery: KeyCondition): [string, string] {
  let partition = codec.partitionOf(keyQuery.hashValues);
  // Equalities on leading RANGE attributes of a multi-attribute key narrow the run first.
  keyQuery.rangePrefix.forEach((value, i) => {
    const attribute = codec.ranges[i];
    partition += encodeSortValue(attribute.type, scalarOf(value, attribute.type));
  });
  const range = keyQuery.range;
  const sortKey = codec.ranges[keyQuery.rangePrefix.length];
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
