import { MESSAGES, ResourceInUseException } from "../errors.js";
import { describe } from "./describeTable.js";
import type { DynamoDbEngine } from "./engine.js";
import { required } from "./params.js";
import { applyRecord } from "./state.js";

export async function deleteTable(engine: DynamoDbEngine, input: { TableName: string }) {
  const table = engine.table(required(input.TableName, "tableName"), { nameInMessage: true });
  if (table.meta.DeletionProtectionEnabled) throw new ResourceInUseException(MESSAGES.deletionProtected);
  const description = describe(engine, table, "DELETING");
  // DynamoDB's DeleteTable response leaves the global indexes out (recorded by dynalite).
  delete description.GlobalSecondaryIndexes;
  const record = { op: "deleteTable", table: table.name } as const;
  applyRecord({ tables: engine.tables }, record);
  await engine.commit(record);
  return { TableDescription: description };
}
