import { consumed, readUnits } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions, type Projection } from "./expr.js";
import { withWireJson } from "./itemJson.js";
import { checkItem } from "./items.js";
import { withExpressions } from "./legacy.js";
import { required } from "./params.js";
import { checkScalarKeyPaths, nestedHeads } from "./readTarget.js";
import { checkExpressionParameters } from "./requestChecks.js";
import type { GetItemInput } from "./shapes.js";

export function getItem(engine: DynamoDbEngine, input: GetItemInput) {
  const tableName = required(input.TableName, "tableName");
  const keyAttributes = required(input.Key, "key");
  checkExpressionParameters(input, ["ProjectionExpression"], ["AttributesToGet"]);
  // Key values are checked before AttributesToGet duplicates (dynalite test/getItem.js, recorded against DynamoDB).
  checkItem(keyAttributes);
  input = withExpressions(input);
  let projection: Projection | undefined;
  if (input.ProjectionExpression !== undefined || input.ExpressionAttributeNames) {
    const expressions = new RequestExpressions(input);
    projection = expressions.projection(input.ProjectionExpression);
    expressions.done();
  }

  const table = engine.table(tableName);
  const key = table.keyOf(keyAttributes);
  if (projection) checkScalarKeyPaths(table, nestedHeads(projection.paths));
  const entry = table.get(key);
  const output: Record<string, unknown> = {};
  if (entry) {
    output.Item = projection ? projection.apply(entry.item) : entry.item;
    if (!projection) withWireJson(output, { Item: table.jsonCache.of(entry) });
  }
  const capacity = consumed(input.ReturnConsumedCapacity, tableName, readUnits(entry?.size ?? 0, input.ConsistentRead));
  if (capacity) output.ConsumedCapacity = capacity;
  return output;
}
