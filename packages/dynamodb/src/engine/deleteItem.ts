import { ConditionalCheckFailedException } from "../errors.js";
import { writeCapacity } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions, type Condition } from "./expr.js";
import { checkItem } from "./items.js";
import { itemCollectionMetrics } from "./itemCollections.js";
import { withExpressions } from "./legacy.js";
import { required } from "./params.js";
import { checkExpressionParameters, checkReturnValuesPutDelete, enveloped } from "./requestChecks.js";
import type { DeleteItemInput } from "./shapes.js";

/** What DeleteItem checks before it reads the table. */
function checkRequest(input: DeleteItemInput) {
  const tableName = required(input.TableName, "tableName");
  const keyAttributes = required(input.Key, "key");
  checkExpressionParameters(input, ["ConditionExpression"], ["Expected", "ConditionalOperator"], true);
  input = withExpressions(input);
  checkItem(keyAttributes);
  checkReturnValuesPutDelete(input.ReturnValues);
  let condition: Condition | undefined;
  if (input.ConditionExpression !== undefined || input.ExpressionAttributeNames || input.ExpressionAttributeValues) {
    const expressions = new RequestExpressions(input);
    condition = expressions.condition(input.ConditionExpression, "ConditionExpression");
    expressions.done();
  }
  return { tableName, keyAttributes, condition };
}

/**
 * `viaPartiQL`: a PartiQL statement runs through here; DynamoDB words its failures without
 * the request envelope.
 */
export async function deleteItem(engine: DynamoDbEngine, input: DeleteItemInput, viaPartiQL = false) {
  const { tableName, keyAttributes, condition } = viaPartiQL ? checkRequest(input) : enveloped(() => checkRequest(input));
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
  const capacity = writeCapacity(input.ReturnConsumedCapacity, table, old?.item, old?.size ?? 0, undefined, 0, tableName);
  if (capacity) output.ConsumedCapacity = capacity;
  const metrics = itemCollectionMetrics(input.ReturnItemCollectionMetrics, table, keyAttributes);
  if (metrics) output.ItemCollectionMetrics = metrics;
  return output;
}
