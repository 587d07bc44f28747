import { ConditionalCheckFailedException, MESSAGES, ValidationException } from "../errors.js";
import { MAX_ITEM_SIZE_BYTES } from "../limits.js";
import { consumed, writeUnits } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions } from "./expr.js";
import { checkItem } from "./items.js";
import { required } from "./params.js";
import { checkExpressionParameters, checkReturnValuesPutDelete } from "./requestChecks.js";
import type { PutItemInput } from "./shapes.js";

export async function putItem(engine: DynamoDbEngine, input: PutItemInput) {
  const tableName = required(input.TableName, "tableName");
  const item = required(input.Item, "item");
  checkExpressionParameters(input, ["ConditionExpression"], ["Expected", "ConditionalOperator"]);
  const size = checkItem(item);
  checkReturnValuesPutDelete(input.ReturnValues);
  if (size > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.itemTooLarge);
  let condition;
  if (input.ConditionExpression !== undefined || input.ExpressionAttributeNames || input.ExpressionAttributeValues) {
    const expressions = new RequestExpressions(input);
    condition = expressions.condition(input.ConditionExpression, "ConditionExpression");
    expressions.done();
  }

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
  const capacity = consumed(input.ReturnConsumedCapacity, table.name, writeUnits(size, oldSize));
  if (capacity) output.ConsumedCapacity = capacity;
  return output;
}
