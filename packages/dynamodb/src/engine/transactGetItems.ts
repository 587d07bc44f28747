import { AwsError } from "@sam-sandbox/core";
import { KeyValueException, TransactionCanceledException, type CancellationReason } from "../errors.js";
import { consumedByTransaction, readUnits, TRANSACTION_FACTOR, wanted } from "./capacity.js";
import type { DynamoDbEngine } from "./engine.js";
import { RequestExpressions } from "./expr.js";
import { checkItem } from "./items.js";
import { required } from "./params.js";
import type { TransactGetItemsInput } from "./shapes.js";

export function transactGetItems(engine: DynamoDbEngine, input: TransactGetItemsInput) {
  const transactItems = required(input.TransactItems, "transactItems");
  // Every Get's own checks run before any table is looked up.
  const prepared = transactItems.map((transactItem, i) => {
    const get = required(transactItem.Get, `transactItems.${i + 1}.member.get`);
    const key = required(get.Key, "key");
    checkItem(key);
    const expressions = new RequestExpressions(get);
    const projection = expressions.projection(get.ProjectionExpression);
    expressions.done();
    return { get, key, projection };
  });
  const reasons: CancellationReason[] = [];
  const reads = prepared.map(({ get, key, projection }) => {
    const table = engine.table(get.TableName);
    try {
      const read = { table, key: table.keyOf(key), projection };
      reasons.push({ Code: "None" });
      return read;
    } catch (error) {
      // An empty key value fails the request; a key of the wrong shape cancels the transaction.
      if (error instanceof KeyValueException || !(error instanceof AwsError) || error.code !== "ValidationException") throw error;
      reasons.push({ Code: "ValidationError", Message: error.message });
      return undefined;
    }
  });
  if (reasons.some((r) => r.Code !== "None")) throw new TransactionCanceledException(reasons);
  // All reads see one state: nothing runs between them (the engine is single-threaded).
  const mode = input.ReturnConsumedCapacity;
  const units = new Map<string, number>();
  const output: Record<string, unknown> = {
    Responses: reads.map((read) => {
      if (!read) return {};
      const { table, key, projection } = read;
      const entry = table.get(key);
      // Each item costs twice a strongly consistent read of it.
      if (wanted(mode)) units.set(table.name, (units.get(table.name) ?? 0) + TRANSACTION_FACTOR * readUnits(entry?.size ?? 0, true));
      if (!entry) return {};
      return { Item: projection ? projection.apply(entry.item) : entry.item };
    }),
  };
  if (units.size > 0) output.ConsumedCapacity = [...units].map(([name, n]) => consumedByTransaction(mode, name, n, "read"));
  return output;
}
