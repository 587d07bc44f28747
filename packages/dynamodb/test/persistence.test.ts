import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { afterEach, describe, expect, it } from "vitest";
import { dynamoCodec, applyRecord } from "../src/engine/state.js";
import type { TableMeta } from "../src/engine/table.js";
import { startDynamoDb } from "./helpers.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sandbox-dynamodb-"));
  dirs.push(dir);
  return dir;
}

const createUsers = new CreateTableCommand({
  TableName: "users",
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: [
    { AttributeName: "id", AttributeType: "S" },
    { AttributeName: "email", AttributeType: "S" },
  ],
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  GlobalSecondaryIndexes: [{ IndexName: "byEmail", KeySchema: [{ AttributeName: "email", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
});

describe("persistence", () => {
  it("keeps tables, items and indexes across a restart", async () => {
    const dir = await tempDir();
    const first = new FileStore({ dir, clock: new VirtualClock() });
    const a = await startDynamoDb({ store: first });
    await a.client.send(createUsers);
    await a.doc.send(new PutCommand({ TableName: "users", Item: { id: "1", email: "a@example.com", n: 1 } }));
    await a.doc.send(new PutCommand({ TableName: "users", Item: { id: "2", email: "b@example.com" } }));
    await a.doc.send(new UpdateCommand({ TableName: "users", Key: { id: "1" }, UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": 1 } }));
    await a.doc.send(new DeleteCommand({ TableName: "users", Key: { id: "2" } }));
    await a.close();
    await first.close();

    const second = new FileStore({ dir, clock: new VirtualClock() });
    const b = await startDynamoDb({ store: second });
    try {
      expect((await b.doc.send(new GetCommand({ TableName: "users", Key: { id: "1" } }))).Item).toEqual({ id: "1", email: "a@example.com", n: 2 });
      expect((await b.doc.send(new GetCommand({ TableName: "users", Key: { id: "2" } }))).Item).toBeUndefined();
      const byEmail = await b.doc.send(
        new QueryCommand({ TableName: "users", IndexName: "byEmail", KeyConditionExpression: "email = :e", ExpressionAttributeValues: { ":e": "a@example.com" } }),
      );
      expect(byEmail.Items).toHaveLength(1);
      const { Table } = await b.client.send(new DescribeTableCommand({ TableName: "users" }));
      expect(Table?.ItemCount).toBe(1);
    } finally {
      await b.close();
      await second.close();
    }
  });

  it("loses no acknowledged write when the process dies without closing", async () => {
    const dir = await tempDir();
    // A separate process writes, gets its answers, then exits without closing anything.
    const script = `
      import { FileStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
      import { createDynamoDb } from "./dist/index.js";
      const store = new FileStore({ dir: ${JSON.stringify(dir)}, clock: new VirtualClock(), idleCompactMs: 3600000 });
      const db = await createDynamoDb({ store, clock: new VirtualClock(), logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
      await db.engine.createTable({ TableName: "crash", AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" });
      for (let i = 0; i < 20; i++) await db.engine.putItem({ TableName: "crash", Item: { id: { S: "k" + i }, v: { N: String(i) } } });
      await db.engine.transactWriteItems({ TransactItems: [
        { Delete: { TableName: "crash", Key: { id: { S: "k0" } } } },
        { Update: { TableName: "crash", Key: { id: { S: "k1" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { N: "100" } } } },
      ] });
      process.exit(0);
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: packageDir, encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);

    const store = new FileStore({ dir, clock: new VirtualClock() });
    const h = await startDynamoDb({ store });
    try {
      const { Table } = await h.client.send(new DescribeTableCommand({ TableName: "crash" }));
      expect(Table?.ItemCount).toBe(19);
      expect((await h.doc.send(new GetCommand({ TableName: "crash", Key: { id: "k1" } }))).Item).toEqual({ id: "k1", v: 100 });
      expect((await h.doc.send(new GetCommand({ TableName: "crash", Key: { id: "k0" } }))).Item).toBeUndefined();
    } finally {
      await h.close();
      await store.close();
    }
  });
});

describe("dynamoCodec", () => {
  it("rebuilds the same state from a snapshot as from the journal", () => {
    const meta: TableMeta = {
      TableName: "t",
      TableId: "id",
      TableArn: "arn:aws:dynamodb:us-east-1:000000000000:table/t",
      CreationDateTime: 0,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "g", AttributeType: "N" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      BillingModeShown: true,
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      LocalSecondaryIndexes: [],
      GlobalSecondaryIndexes: [{ IndexName: "g", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
      DeletionProtectionEnabled: false,
      Tags: [],
    };
    const journal = dynamoCodec.empty();
    applyRecord(journal, { op: "createTable", meta });
    applyRecord(journal, { op: "put", table: "t", item: { pk: { S: "a" }, g: { N: "1" } } });
    applyRecord(journal, { op: "writes", writes: [{ op: "put", table: "t", item: { pk: { S: "b" } } }, { op: "delete", table: "t", key: { pk: { S: "a" } } }] });
    const restored = dynamoCodec.fromSnapshot(JSON.parse(JSON.stringify(dynamoCodec.toSnapshot(journal))));
    for (const state of [journal, restored]) {
      const table = state.tables.get("t");
      expect(table?.tree.size).toBe(1);
      expect(table?.indexes[0].tree.size).toBe(0);
    }
  });
});
