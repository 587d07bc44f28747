import { ConditionalCheckFailedException, MESSAGES, ValidationException } from "../errors.js";
import { MAX_ITEM_SIZE_BYTES } from "../limits.js";
import { writeCapacity } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions, type Condition } from "./expr.js";
import { checkItem } from "./items.js";
import { itemCollectionMetrics } from "./itemCollections.js";
import { withExpressions } from "./legacy.js";
import { required } from "./params.js";
import { checkExpressionParameters, checkReturnValuesPutDelete, enveloped } from "./requestChecks.js";
import type { PutItemInput } from "./shapes.js";

/** What PutItem checks before it reads the table. */
function checkRequest(input: PutItemInput) {
  const tableName = required(input.TableName, "tableName");
  const item = required(input.Item, "item");
  checkExpressionParameters(input, ["ConditionExpression"], ["Expected", "ConditionalOperator"], true);
  const size = checkItem(item);
  checkReturnValuesPutDelete(input.ReturnValues);
  if (size > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.itemTooLarge);
  // Expected is checked after the item's values and size (dynalite test/putItem.js, recorded against DynamoDB).
  input = withExpressions(input);
  let condition: Condition | undefined;
  if (input.ConditionExpression !== undefined || input.ExpressionAttributeNames || input.ExpressionAttributeValues) {
    const expressions = new RequestExpressions(input);
    condition = expressions.condition(input.ConditionExpression, "ConditionExpression");
    expressions.done();
  }
  return { tableName, item, size, condition };
}

/**
 * `viaPartiQL`: a PartiQL statement runs through here; DynamoDB words its failures without
 * the request envelope.
 */
export async function putItem(engine: DynamoDbEngine, input: PutItemInput, viaPartiQL = false) {
  const { tableName, item, size, condition } = viaPartiQL ? checkRequest(input) : enveloped(() => checkRequest(input));
  const table = engine.table(tableName);
  const key = table.itemKey(item);
  const old = table.get(key);
  if (condition && !condition.test(old?.item)) {
    throw new ConditionalCheckFailedException(input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" ? old?.item : undefined);
  }
  const oldItem = old?.item; // `write` reuses the entry
  const oldSize = old ? old.size : 0;
  table.write(key, old, item, size);
  await engine.commit({ op: "put", table: table.name, item });

  const output: Record<string, unknown> = {};
  if (input.ReturnValues === "ALL_OLD" && oldItem) output.Attributes = oldItem;
  const capacity = writeCapacity(input.ReturnConsumedCapacity, table, oldItem, oldSize, item, size, tableName);
  if (capacity) output.ConsumedCapacity = capacity;
  const metrics = itemCollectionMetrics(input.ReturnItemCollectionMetrics, table, item);
  if (metrics) output.ItemCollectionMetrics = metrics;
  return output;
}
