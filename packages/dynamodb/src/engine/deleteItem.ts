import { ConditionalCheckFailedException } from "../errors.js";
import { consumed, writeUnits } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions } from "./expr.js";
import { checkItem } from "./items.js";
import { required } from "./params.js";
import { checkExpressionParameters, checkReturnValuesPutDelete } from "./requestChecks.js";
import type { DeleteItemInput } from "./shapes.js";

export async function deleteItem(engine: DynamoDbEngine, input: DeleteItemInput) {
  const tableName = required(input.TableName, "tableName");
  const keyAttributes = required(input.Key, "key");
  checkExpressionParameters(input, ["ConditionExpression"], ["Expected", "ConditionalOperator"]);
  checkItem(keyAttributes);
  checkReturnValuesPutDelete(input.ReturnValues);
  let condition;
  if (input.ConditionExpression !== undefined || input.ExpressionAttributeNames || input.ExpressionAttributeValues) {
    const expressions = new RequestExpressions(input);
    condition = expressions.condition(input.ConditionExpression, "ConditionExpression");
    expressions.done();
  }

  const table = engine.table(tableName);
  const key = table.keyOf(keyAttributes);
  const old = table.get(key);
  if (condition && !condition.test(old?.item)) {
    throw new ConditionalCheckFailedException(input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" ? old?.item : undefined);
  }
  if (old) {
    table.write(key, old, undefined);
    await engine.commit({ op: "delete", table: table.name, key: keyAttributes });
  }

  const output: Record<string, unknown> = {};
  if (input.ReturnValues === "ALL_OLD" && old) output.Attributes = old.item;
  const capacity = consumed(input.ReturnConsumedCapacity, table.name, writeUnits(old?.size ?? 0));
  if (capacity) output.ConsumedCapacity = capacity;
  return output;
}
