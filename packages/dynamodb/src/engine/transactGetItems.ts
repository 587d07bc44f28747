import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions } from "./expr.js";
import { checkItem } from "./items.js";
import { required } from "./params.js";
import type { TransactGetItemsInput } from "./shapes.js";

export function transactGetItems(engine: DynamoDbEngine, input: TransactGetItemsInput) {
  const transactItems = required(input.TransactItems, "transactItems");
  const reads = transactItems.map((transactItem, i) => {
    const get = required(transactItem.Get, `transactItems.${i + 1}.member.get`);
    const key = required(get.Key, "key");
    checkItem(key);
    const expressions = new RequestExpressions(get);
    const projection = expressions.projection(get.ProjectionExpression);
    expressions.done();
    const table = engine.table(get.TableName);
    return { table, key: table.keyOf(key), projection };
  });
  // All reads see one state: nothing runs between them (the engine is single-threaded).
  return {
    Responses: reads.map(({ table, key, projection }) => {
      const entry = table.get(key);
      if (!entry) return {};
      return { Item: projection ? projection.apply(entry.item) : entry.item };
    }),
  };
}
