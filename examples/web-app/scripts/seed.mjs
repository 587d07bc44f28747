// Seeds the todo table with three todos. `sandbox up --on-ready "node scripts/seed.mjs"` runs it
// once the sandbox is ready, with AWS_ENDPOINT_URL pointing at it and the table's name in
// SANDBOX_OUTPUT_TodosTableName (the template's TodosTableName output). Fixed ids: running it
// again (every start) writes the same three items, not three more.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const table = process.env.SANDBOX_OUTPUT_TodosTableName;
if (!table) {
  console.error("SANDBOX_OUTPUT_TodosTableName is not set: run me with sandbox up --on-ready");
  process.exit(1);
}

const at = "2026-01-01T09:00:00.000Z";
const todos = [
  { id: "seed-1", title: "Read the workshop guide", status: "done" },
  { id: "seed-2", title: "Start the sandbox", status: "done" },
  { id: "seed-3", title: "Add a todo of your own", status: "open" },
].map((todo) => ({ ...todo, createdAt: at, updatedAt: at }));

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
await client.send(new BatchWriteCommand({ RequestItems: { [table]: todos.map((Item) => ({ PutRequest: { Item } })) } }));
console.log(`seeded ${todos.length} todos into ${table}`);
