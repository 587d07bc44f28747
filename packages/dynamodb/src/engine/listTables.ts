import { MAX_LIST_TABLES_LIMIT } from "../limits.js";
import type { DynamoDbEngine } from "./engine.js";
import type { ListTablesInput } from "./shapes.js";

export function listTables(engine: DynamoDbEngine, input: ListTablesInput) {
  const limit = input.Limit ?? MAX_LIST_TABLES_LIMIT;
  const start = input.ExclusiveStartTableName;
  let names = [...engine.tables.keys()].sort();
  if (start !== undefined) names = names.filter((name) => name > start);
  // As DynamoDB does: a LastEvaluatedTableName only when more names remain.
  if (names.length > limit) {
    names = names.slice(0, limit);
    return { TableNames: names, LastEvaluatedTableName: names[names.length - 1] };
  }
  return { TableNames: names };
}
