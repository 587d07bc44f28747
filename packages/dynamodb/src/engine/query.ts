import { MESSAGES, ValidationException } from "../errors.js";
import { pageCost } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions, type KeyCondition } from "./expr.js";
import { withExpressions } from "./legacy.js";
import { AFTER, encodeSortPrefix, encodeSortValue, scalarOf, type KeyCodec } from "./keys.js";
import { readPage } from "./page.js";
import { required } from "./params.js";
import { checkScalarKeyPaths, checkSelect, checkStartKeyValues, nestedHeads, readTarget, startKey } from "./readTarget.js";
import { checkExpressionParameters } from "./requestChecks.js";
import type { QueryInput } from "./shapes.js";

export function query(engine: DynamoDbEngine, input: QueryInput) {
  const tableName = required(input.TableName, "tableName");
  checkExpressionParameters(
    input,
    ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
    ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
  );
  const startKeyValues = input.ExclusiveStartKey;
  const projectionName = input.AttributesToGet !== undefined && input.AttributesToGet !== null ? "AttributesToGet" : "ProjectionExpression";
  input = withExpressions(input, () => checkStartKeyValues(startKeyValues), true);
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
    filter: filter !== undefined,
  });
  const codec = target.codec;
  const keyQuery = keyExpression.resolve(codec);
  if (projection) checkScalarKeyPaths(table, nestedHeads(projection.paths));
  if (filter) {
    for (const { name } of [...codec.hashes, ...codec.ranges]) {
      if (filter.names.includes(name)) throw new ValidationException(MESSAGES.filterOnKey(name));
    }
    checkScalarKeyPaths(table, filter.nestedNames());
  }

  const [low, high] = bounds(codec, keyQuery);
  let after: string | undefined;
  if (input.ExclusiveStartKey) {
    after = startKey(table, target, input.ExclusiveStartKey);
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
