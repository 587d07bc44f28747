import { DynamoDBClient, type CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { MemoryStore, serveHandler, silentLogger, VirtualClock, type AwsDispatcher, type Store } from "@sam-sandbox/core";
import { createDynamoDb, type DynamoDb } from "../src/index.js";

export interface Harness {
  db: DynamoDb;
  url: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  clock: VirtualClock;
  close(): Promise<void>;
}

/** One DynamoDB service on a free port, driven through the real AWS SDK v3 client. */
export async function startDynamoDb(options: { store?: Store; dispatcher?: AwsDispatcher } = {}): Promise<Harness> {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const db = await createDynamoDb({
    store: options.store ?? new MemoryStore(),
    clock,
    logger: silentLogger,
    region: "us-east-1",
    accountId: "000000000000",
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const server = await serveHandler(db.service.handle);
  const client = new DynamoDBClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 1,
  });
  const doc = DynamoDBDocumentClient.from(client);
  return {
    db,
    url: server.url,
    client,
    doc,
    clock,
    async close() {
      client.destroy();
      await server.close();
      await db.close();
    },
  };
}

let counter = 0;
/** A fresh table name per test (tests share one service per file). */
export function tableName(prefix = "t"): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** CreateTable's input for an on-demand table keyed by the string "pk". */
export function onDemandTable(name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    ...extra,
  };
}

/** "<ErrorName>: <message>" of the call's rejection (success fails the test). */
export async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error("expected a rejection");
}
