import { MESSAGES, ResourceInUseException, ValidationException } from "../errors.js";
import { describe } from "./describeTable.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import { applyRecord } from "./state.js";
import { warmThroughputRaising } from "./warmThroughput.js";

export async function deleteTable(engine: DynamoDbEngine, input: { TableName: string }) {
  const table = engine.table(required(input.TableName, "tableName"), { nameInMessage: true });
  // A ValidationException, not ResourceInUseException (ack-api-quirks DDB-TABLE-442, live in us-east-1 and us-west-2, 2026-10).
  if (table.meta.DeletionProtectionEnabled) throw new ValidationException(MESSAGES.deletionProtected);
  // A warm throughput raise blocks it although the table reads ACTIVE (ack-api-quirks DDB-TABLE-069/121, 2026-10).
  if (warmThroughputRaising(table.meta, engine.options.clock.now())) throw new ResourceInUseException(MESSAGES.tableBeingUpdated(table.name));
  const description = describe(engine, table, "DELETING");
  // DynamoDB's DeleteTable response leaves out the schema, the creation time and the indexes
  // (responses recorded from DynamoDB in 2025 and 2026; global indexes: dynalite; local indexes:
  // Alternator's test_table.py::test_delete_table_description_with_si, run against DynamoDB).
  delete description.AttributeDefinitions;
  delete description.KeySchema;
  delete description.CreationDateTime;
  delete description.GlobalSecondaryIndexes;
  delete description.LocalSecondaryIndexes;
  const record = { op: "deleteTable", table: table.name } as const;
  applyRecord({ tables: engine.tables }, record);
  await engine.commit(record);
  return { TableDescription: description };
}
