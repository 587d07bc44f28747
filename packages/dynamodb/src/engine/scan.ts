import { MESSAGES, ValidationException } from "../errors.js";
import { pageCost } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions } from "./expr.js";
import { AFTER, segmentStart } from "./keys.js";
import { withExpressions } from "./legacy.js";
import { readPage } from "./page.js";
import { required } from "./params.js";
import { checkIndexAttributes, checkScalarKeyPaths, checkSelect, checkStartKeyValues, nestedHeads, readTarget, startKey } from "./readTarget.js";
import { checkExpressionParameters } from "./requestChecks.js";
import type { ScanInput } from "./shapes.js";

export function scan(engine: DynamoDbEngine, input: ScanInput) {
  const tableName = required(input.TableName, "tableName");
  checkExpressionParameters(input, ["ProjectionExpression", "FilterExpression"], ["AttributesToGet", "ScanFilter", "ConditionalOperator"]);
  const startKeyValues = input.ExclusiveStartKey;
  const projectionName = input.AttributesToGet !== undefined && input.AttributesToGet !== null ? "AttributesToGet" : "ProjectionExpression";
  input = withExpressions(input, () => checkStartKeyValues(startKeyValues));
  const { Segment: segment, TotalSegments: total } = input;
  if (segment !== undefined && segment !== null && (total === undefined || total === null)) {
    throw new ValidationException(MESSAGES.segmentWithoutTotal);
  }
  if (total !== undefined && total !== null) {
    if (segment === undefined || segment === null) throw new ValidationException(MESSAGES.totalWithoutSegment);
    if (segment >= total) throw new ValidationException(MESSAGES.segmentTooLarge(segment, total));
  }
  checkSelect(input.Select, input.ProjectionExpression, input.IndexName, "Scan", projectionName);
  const expressions = new RequestExpressions(input);
  const filter = expressions.condition(input.FilterExpression, "FilterExpression");
  const projection = expressions.projection(input.ProjectionExpression);
  expressions.done();

  const table = engine.table(tableName);
  const target = readTarget(table, input.IndexName, {
    select: input.Select,
    consistentRead: input.ConsistentRead,
    projection: projection !== undefined,
  });
  if (projection) checkScalarKeyPaths(table, nestedHeads(projection.paths));
  if (filter) checkScalarKeyPaths(table, filter.nestedNames());
  checkIndexAttributes(target, projection?.paths, filter?.names);
  // Segments split the partition-hash space, as DynamoDB's parallel scan splits its partitions.
  let low: string | undefined;
  let high: string | undefined;
  if (total !== undefined && total !== null && total > 1 && segment !== undefined && segment !== null) {
    low = segmentStart(segment, total);
    high = segment + 1 < total ? segmentStart(segment + 1, total) : AFTER;
  }
  let after: string | undefined;
  if (input.ExclusiveStartKey) {
    after = startKey(table, target, input.ExclusiveStartKey);
    if (low !== undefined && high !== undefined && (after < low || after >= high)) {
      throw new ValidationException(MESSAGES.startKeyWrongSegment(total ?? 0, segment ?? 0));
    }
  }
  const cost = pageCost(input.ReturnConsumedCapacity, table, target, input.ConsistentRead, tableName);
  const { page, size } = readPage({
    tree: target.tree,
    low,
    high,
    after,
    forward: true,
    limit: input.Limit,
    rangeKey: target.codec.range?.name,
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
