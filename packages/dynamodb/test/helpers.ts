import { DynamoDBClient, type CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AwsError, MemoryStore, serveHandler, silentLogger, VirtualClock, type AwsDispatcher, type Store } from "@sam-sandbox/core";
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

/**
 * S3 as a map of "bucket/key" → bytes (PutObject, GetObject, ListObjectsV2; other services answer
 * nothing), with buckets "exports" and "imports"; PutObject waits for `gate` when one is set.
 */
export class MemoryS3 implements AwsDispatcher {
  readonly objects = new Map<string, Buffer>();
  readonly buckets = new Set(["exports", "imports"]);
  gate: Promise<void> | undefined;
  /** ListObjectsV2 waits for it when one is set (an import's first read). */
  listGate: Promise<void> | undefined;

  async call(service: string, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (service !== "s3") return {};
    const bucket = String(input.Bucket);
    if (!this.buckets.has(bucket)) throw new AwsError("NoSuchBucket", "The specified bucket does not exist", 404);
    if (action === "PutObject") {
      await this.gate;
      this.objects.set(`${bucket}/${String(input.Key)}`, Buffer.from(input.Body as Uint8Array));
      return { ETag: '"etag"' };
    }
    if (action === "GetObject") {
      const body = this.objects.get(`${bucket}/${String(input.Key)}`);
      if (!body) throw new AwsError("NoSuchKey", "The specified key does not exist.", 404);
      return { Body: body };
    }
    await this.listGate;
    const prefix = `${bucket}/${String(input.Prefix ?? "")}`;
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    return { Contents: keys.map((k) => ({ Key: k.slice(bucket.length + 1) })), IsTruncated: false };
  }

  /** The objects under `prefix` of the exports bucket, by key. */
  under(prefix: string): Map<string, Buffer> {
    return new Map([...this.objects].filter(([k]) => k.startsWith(`exports/${prefix}`)).map(([k, v]) => [k.slice("exports/".length), v]));
  }
}
