/**
 * Second conformance pass, each case against a text or shape recorded from real DynamoDB:
 * PartiQL writes under the item rules, ClientRequestToken idempotency kept across restarts,
 * table lifecycle answers (CREATING/UPDATING/DELETING responses, warm throughput, deletion
 * protection), UpdateTable's request rules and tag validation (ack-api-quirks findings
 * DDB-TABLE-105/106/108/110/177/442, verified against DynamoDB in 2026-10; CreateTable,
 * DescribeTable and DeleteTable responses printed by the AWS CLI against DynamoDB in 2025-2026).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BatchExecuteStatementCommand,
  CreateBackupCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeTableCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  TagResourceCommand,
  TransactWriteItemsCommand,
  UntagResourceCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type Tag,
} from "@aws-sdk/client-dynamodb";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dynamoCodec, applyRecord } from "../src/engine/state.js";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("s2");
const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });
const arnOf = (name: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;
/** Over DynamoDB's 400 KB item size. */
const BIG = "x".repeat(410_000);

async function failure(run: () => Promise<unknown>): Promise<{ name: string; message: string; reasons?: unknown }> {
  try {
    await run();
  } catch (error) {
    const e = error as Error & { CancellationReasons?: unknown };
    return { name: e.name, message: e.message, reasons: e.CancellationReasons };
  }
  throw new Error("expected a rejection");
}

const simple = (name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => ({
  TableName: name,
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
  ...extra,
});

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(new CreateTableCommand(simple(table)));
  await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: S("small"), n: N("1") } }));
});
afterAll(async () => h.close());

describe("PartiQL writes keep the item rules", () => {
  it("refuses an INSERT over 400 KB as PutItem does, without the request envelope", async () => {
    const error = await failure(() =>
      h.client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${table}" VALUE {'pk': 'big', 'v': ?}`, Parameters: [S(BIG)] })),
    );
    expect(error).toMatchObject({ name: "ValidationException", message: "Item size has exceeded the maximum allowed size" });
    expect((await h.client.send(new GetItemCommand({ TableName: table, Key: { pk: S("big") } }))).Item).toBeUndefined();
  });

  it("refuses an UPDATE that grows the item past 400 KB", async () => {
    const error = await failure(() =>
      h.client.send(new ExecuteStatementCommand({ Statement: `UPDATE "${table}" SET v = ? WHERE pk = 'small'`, Parameters: [S(BIG)] })),
    );
    expect(error).toMatchObject({ name: "ValidationException", message: "Item size to update has exceeded the maximum allowed size" });
  });

  it("answers each oversized statement of a batch with its own ValidationError", async () => {
    const { Responses } = await h.client.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${table}" VALUE {'pk': 'b1', 'v': ?}`, Parameters: [S(BIG)] },
          { Statement: `UPDATE "${table}" SET v = ? WHERE pk = 'small'`, Parameters: [S(BIG)] },
        ],
      }),
    );
    expect(Responses).toEqual([
      { TableName: table, Error: { Code: "ValidationError", Message: "Item size has exceeded the maximum allowed size" } },
      { TableName: table, Error: { Code: "ValidationError", Message: "Item size to update has exceeded the maximum allowed size" } },
    ]);
  });

  it("cancels a transaction whose UPDATE grows the item past 400 KB, as TransactWriteItems does", async () => {
    const error = await failure(() =>
      h.client.send(
        new ExecuteTransactionCommand({ TransactStatements: [{ Statement: `UPDATE "${table}" SET v = ? WHERE pk = 'small'`, Parameters: [S(BIG)] }] }),
      ),
    );
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.reasons).toEqual([{ Code: "ValidationError", Message: "Item size to update has exceeded the maximum allowed size" }]);
  });

  it("refuses an UPDATE of a key attribute with UpdateItem's text", async () => {
    const error = await failure(() => h.client.send(new ExecuteStatementCommand({ Statement: `UPDATE "${table}" SET pk = 'z' WHERE pk = 'small'` })));
    expect(error.message).toBe("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
  });
});

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("ClientRequestToken idempotency survives a restart", () => {
  const counterUpdate = (value: string) => ({
    Update: {
      TableName: "tokens",
      Key: { pk: S("counter") },
      UpdateExpression: "ADD n :one",
      ExpressionAttributeValues: { ":one": N(value) },
    },
  });

  async function counterAfterRetries(dir: string): Promise<void> {
    const store = new FileStore({ dir, clock: new VirtualClock() });
    const b = await startDynamoDb({ store });
    try {
      // The same token and request within the window: answered, not applied again.
      await b.client.send(new TransactWriteItemsCommand({ ClientRequestToken: "retry-1", TransactItems: [counterUpdate("1")] }));
      const item = (await b.client.send(new GetItemCommand({ TableName: "tokens", Key: { pk: S("counter") } }))).Item;
      expect(item?.n).toEqual(N("1"));
      // The same token with other parameters (API_TransactWriteItems, IdempotentParameterMismatchException).
      const error = await failure(() =>
        b.client.send(new TransactWriteItemsCommand({ ClientRequestToken: "retry-1", TransactItems: [counterUpdate("2")] })),
      );
      expect(error).toMatchObject({
        name: "IdempotentParameterMismatchException",
        message: "Request with the same client token was already processed with different parameters",
      });
      // After the 10-minute window the token is free again.
      await b.clock.advance(10 * 60 * 1000);
      await b.client.send(new TransactWriteItemsCommand({ ClientRequestToken: "retry-1", TransactItems: [counterUpdate("1")] }));
      expect((await b.client.send(new GetItemCommand({ TableName: "tokens", Key: { pk: S("counter") } }))).Item?.n).toEqual(N("2"));
    } finally {
      await b.close();
      await store.close();
    }
  }

  it("keeps the token in the snapshot written on shutdown", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-dynamodb-tokens-"));
    dirs.push(dir);
    const store = new FileStore({ dir, clock: new VirtualClock() });
    const a = await startDynamoDb({ store });
    await a.client.send(new CreateTableCommand(simple("tokens")));
    await a.client.send(new TransactWriteItemsCommand({ ClientRequestToken: "retry-1", TransactItems: [counterUpdate("1")] }));
    await a.close();
    await store.close();
    await counterAfterRetries(dir);
  });

  it("keeps the token in the journal when the process dies without closing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-dynamodb-tokens-"));
    dirs.push(dir);
    const script = `
      import { FileStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
      import { createDynamoDb } from "./dist/index.js";
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      const store = new FileStore({ dir: ${JSON.stringify(dir)}, clock, idleCompactMs: 3600000 });
      const db = await createDynamoDb({ store, clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
      await db.engine.createTable({ TableName: "tokens", AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" });
      await db.engine.transactWriteItems({ ClientRequestToken: "retry-1", TransactItems: [${JSON.stringify(counterUpdate("1"))}] });
      process.exit(0);
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: packageDir, encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    await counterAfterRetries(dir);
  });

  it("rebuilds the same tokens from the journal as from a snapshot", () => {
    const journal = dynamoCodec.empty();
    applyRecord(journal, { op: "writes", writes: [], token: { token: "t1", fingerprint: "[]", at: 5 } });
    const restored = dynamoCodec.fromSnapshot(JSON.parse(JSON.stringify(dynamoCodec.toSnapshot(journal))));
    for (const state of [journal, restored]) expect(state.tokens.get("t1")).toEqual({ token: "t1", fingerprint: "[]", at: 5 });
  });
});

describe("table lifecycle answers", () => {
  it("answers CreateTable with CREATING and its indexes CREATING, without LastUpdateToPayPerRequestDateTime", async () => {
    const name = tableName();
    const { TableDescription: t } = await h.client.send(
      new CreateTableCommand(
        simple(name, {
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "g", AttributeType: "S" },
          ],
          GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        }),
      ),
    );
    expect(t?.TableStatus).toBe("CREATING");
    expect(t?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe("CREATING");
    expect(t?.BillingModeSummary).toEqual({ BillingMode: "PAY_PER_REQUEST" });
    expect(t?.WarmThroughput).toBeUndefined();
  });

  it("describes an on-demand table ACTIVE with LastUpdateToPayPerRequestDateTime and its warm throughput", async () => {
    const { Table: t } = await h.client.send(new DescribeTableCommand({ TableName: table }));
    expect(t?.TableStatus).toBe("ACTIVE");
    expect(t?.BillingModeSummary).toEqual({ BillingMode: "PAY_PER_REQUEST", LastUpdateToPayPerRequestDateTime: t?.CreationDateTime });
    expect(t?.WarmThroughput).toEqual({ ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: "ACTIVE" });
  });

  it("answers every accepted UpdateTable with UPDATING, a no-op billing re-send included", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const { TableDescription: t } = await h.client.send(new UpdateTableCommand({ TableName: name, BillingMode: "PAY_PER_REQUEST" }));
    expect(t?.TableStatus).toBe("UPDATING");
    expect((await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus).toBe("ACTIVE");
  });

  it("echoes the old capacity units in a throughput change's answer, and a billing switch without its time", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand({ ...simple(name), BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }));
    const { TableDescription: t } = await h.client.send(
      new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } }),
    );
    expect(t?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 1, WriteCapacityUnits: 1, NumberOfDecreasesToday: 0 });
    expect(t?.ProvisionedThroughput?.LastIncreaseDateTime).toBeInstanceOf(Date);
    const { Table: d } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(d?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 2, WriteCapacityUnits: 2 });
    const { TableDescription: switched } = await h.client.send(new UpdateTableCommand({ TableName: name, BillingMode: "PAY_PER_REQUEST" }));
    expect(switched?.BillingModeSummary).toEqual({ BillingMode: "PAY_PER_REQUEST" });
    const { Table: after } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(after?.BillingModeSummary?.LastUpdateToPayPerRequestDateTime).toBeInstanceOf(Date);
  });

  it("answers an index throughput update UPDATING with the index's old capacity, the table ACTIVE", async () => {
    const name = tableName();
    await h.client.send(
      new CreateTableCommand({
        ...simple(name),
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "g", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [
          { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" }, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } },
        ],
      }),
    );
    const { TableDescription: t } = await h.client.send(
      new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "byG", ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 } } }] }),
    );
    expect(t?.TableStatus).toBe("ACTIVE");
    expect(t?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexStatus: "UPDATING", ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    const { Table: d } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(d?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexStatus: "ACTIVE", ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 } });
  });

  it("answers a GSI created by UpdateTable as CREATING and not backfilling", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const { TableDescription: t } = await h.client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "g", AttributeType: "S" }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
      }),
    );
    expect(t?.GlobalSecondaryIndexes?.[0]).toMatchObject({ IndexName: "byG", IndexStatus: "CREATING", Backfilling: false });
  });

  it("answers deletion protection changes ACTIVE, and a deleted index DELETING in its place", async () => {
    const name = tableName();
    const index = (IndexName: string) => ({ IndexName, KeySchema: [{ AttributeName: "g", KeyType: "HASH" as const }], Projection: { ProjectionType: "KEYS_ONLY" as const } });
    await h.client.send(
      new CreateTableCommand(
        simple(name, {
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "g", AttributeType: "S" },
          ],
          GlobalSecondaryIndexes: [index("first"), index("second")],
        }),
      ),
    );
    const protectedAnswer = await h.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: true }));
    expect(protectedAnswer.TableDescription?.TableStatus).toBe("ACTIVE");
    // A second change within 15 s is throttled (ack-api-quirks DDB-TABLE-003).
    await h.clock.advance(15_000);
    await h.client.send(new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }));
    const { TableDescription: t } = await h.client.send(
      new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "first" } }] }),
    );
    expect(t?.TableStatus).toBe("UPDATING");
    expect(t?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.IndexStatus])).toEqual([
      ["first", "DELETING"],
      ["second", "ACTIVE"],
    ]);
    const { Table: after } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(after?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["second"]);
  });

  it("sorts AttributeDefinitions and NonKeyAttributes by name, keeping the index order", async () => {
    const name = tableName();
    const { TableDescription: t } = await h.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["z", "a", "m", "sk", "pk"].map((AttributeName) => ({ AttributeName, AttributeType: "S" as const })),
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          { IndexName: "g-z", KeySchema: [{ AttributeName: "z", KeyType: "HASH" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["zz", "aa", "mm", "sk"] } },
          { IndexName: "g-a", KeySchema: [{ AttributeName: "a", KeyType: "HASH" }, { AttributeName: "m", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } },
        ],
      }),
    );
    expect(t?.AttributeDefinitions?.map((d) => d.AttributeName)).toEqual(["a", "m", "pk", "sk", "z"]);
    expect(t?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(["g-z", "g-a"]);
    expect(t?.GlobalSecondaryIndexes?.[0]?.Projection?.NonKeyAttributes).toEqual(["aa", "mm", "sk", "zz"]);
  });

  it("reports warm throughput on every table and index: 12000/4000 on demand, the capacity when provisioned", async () => {
    const onDemand = tableName();
    await h.client.send(
      new CreateTableCommand(
        simple(onDemand, {
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "g", AttributeType: "S" },
          ],
          GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        }),
      ),
    );
    const warm = { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: "ACTIVE" };
    const { Table: d } = await h.client.send(new DescribeTableCommand({ TableName: onDemand }));
    expect(d?.WarmThroughput).toEqual(warm);
    expect(d?.GlobalSecondaryIndexes?.[0]?.WarmThroughput).toEqual(warm);
    const provisioned = tableName();
    await h.client.send(
      new CreateTableCommand({ ...simple(provisioned), BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
    );
    const { Table: p } = await h.client.send(new DescribeTableCommand({ TableName: provisioned }));
    expect(p?.WarmThroughput).toEqual({ ReadUnitsPerSecond: 5, WriteUnitsPerSecond: 5, Status: "ACTIVE" });
    // It never drops: a decrease keeps the peak, and an on-demand spell leaves 12000/4000.
    await h.client.send(new UpdateTableCommand({ TableName: provisioned, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }));
    expect((await h.client.send(new DescribeTableCommand({ TableName: provisioned }))).Table?.WarmThroughput).toEqual({ ReadUnitsPerSecond: 5, WriteUnitsPerSecond: 5, Status: "ACTIVE" });
    await h.client.send(new UpdateTableCommand({ TableName: provisioned, BillingMode: "PAY_PER_REQUEST" }));
    await h.client.send(new UpdateTableCommand({ TableName: provisioned, BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 } }));
    expect((await h.client.send(new DescribeTableCommand({ TableName: provisioned }))).Table?.WarmThroughput).toEqual(warm);
  });

  it("answers DeleteTable DELETING without the schema, as DynamoDB does", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const { TableDescription: t } = await h.client.send(new DeleteTableCommand({ TableName: name }));
    expect(Object.keys(t ?? {}).sort()).toEqual(
      ["BillingModeSummary", "DeletionProtectionEnabled", "ItemCount", "ProvisionedThroughput", "TableArn", "TableId", "TableName", "TableSizeBytes", "TableStatus"].sort(),
    );
    expect(t?.TableStatus).toBe("DELETING");
  });

  it("refuses to delete a protected table with a ValidationException", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name, { DeletionProtectionEnabled: true })));
    expect(await failure(() => h.client.send(new DeleteTableCommand({ TableName: name })))).toMatchObject({
      name: "ValidationException",
      message: "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    });
  });
});

describe("backups (ack-api-quirks DDB-BACKUP-001/004/009)", () => {
  it("answers CreateBackup CREATING, and describes a plain table's features as an empty map", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const { BackupDetails: created } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "plain" }));
    expect(created?.BackupStatus).toBe("CREATING");
    const { BackupDescription: d } = await h.client.send(new DescribeBackupCommand({ BackupArn: created?.BackupArn }));
    expect(d?.BackupDetails?.BackupStatus).toBe("AVAILABLE");
    expect(d?.SourceTableFeatureDetails).toEqual({});
    expect(d?.BackupDetails?.BackupExpiryDateTime).toBeUndefined();
  });
});

describe("UpdateTimeToLive", () => {
  it("refuses a second change within the hour, after its content checks", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const ttl = (Enabled: boolean, AttributeName = "exp") =>
      h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled, AttributeName } }));
    await ttl(true);
    expect((await failure(() => ttl(true))).message).toBe("TimeToLive is already enabled");
    expect((await failure(() => ttl(true, "other"))).message).toBe("TimeToLive is active on a different AttributeName: current AttributeName is exp");
    expect(await failure(() => ttl(false))).toMatchObject({
      name: "ValidationException",
      message: "Time to live has been modified multiple times within a fixed interval",
    });
    await h.clock.advance(60 * 60 * 1000);
    await ttl(false);
    expect((await failure(() => ttl(false))).message).toBe("TimeToLive is already disabled");
  });
});

describe("UpdateTable request rules", () => {
  it("names every member it would accept when none is given", async () => {
    expect((await failure(() => h.client.send(new UpdateTableCommand({ TableName: table })))).message).toBe(
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required",
    );
  });

  it("takes server-side encryption, table class and deletion protection changes alone", async () => {
    const invalid = "One or more parameter values were invalid: ";
    const update = (input: Omit<ConstructorParameters<typeof UpdateTableCommand>[0], "TableName">) =>
      failure(() => h.client.send(new UpdateTableCommand({ TableName: table, ...input })));
    expect((await update({ SSESpecification: { Enabled: true }, DeletionProtectionEnabled: true })).message).toBe(
      `${invalid}Server-Side Encryption modification must be the only operation in the request`,
    );
    expect((await update({ TableClass: "STANDARD_INFREQUENT_ACCESS", BillingMode: "PAY_PER_REQUEST" })).message).toBe(
      `${invalid}TableClass modification must be the only operation in the request`,
    );
    expect((await update({ DeletionProtectionEnabled: true, BillingMode: "PAY_PER_REQUEST" })).message).toBe(
      `${invalid}DeletionProtection modification must be the only operation in the request`,
    );
    // Precedence when several travel together: SSE, then table class, then deletion protection.
    expect((await update({ TableClass: "STANDARD", DeletionProtectionEnabled: true })).message).toBe(
      `${invalid}TableClass modification must be the only operation in the request`,
    );
    expect((await update({ OnDemandThroughput: { MaxReadRequestUnits: 10 }, StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } })).message).toBe(
      `${invalid}OnDemandThroughput can only be combined with BillingMode in an UpdateTable request`,
    );
    expect(
      (await update({ BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } })).message,
    ).toBe(`${invalid}You cannot modify stream status while updating table IOPS`);
  });
});

describe("tags", () => {
  const arn = () => arnOf(table);
  const tag = (tags: Tag[]) => failure(() => h.client.send(new TagResourceCommand({ ResourceArn: arn(), Tags: tags })));
  const tags = async () => (await h.client.send(new ListTagsOfResourceCommand({ ResourceArn: arn() }))).Tags ?? [];

  it("refuses the aws: prefix in any case, on TagResource and UntagResource", async () => {
    expect((await tag([{ Key: "ok", Value: "1" }, { Key: "aws:foo", Value: "x" }])).message).toBe("Tag Key cannot be prefixed with aws:, Key: aws:foo");
    expect((await tag([{ Key: "AWS:foo", Value: "x" }])).message).toBe("Tag Key cannot be prefixed with aws:, Key: AWS:foo");
    expect(
      (await failure(() => h.client.send(new UntagResourceCommand({ ResourceArn: arn(), TagKeys: ["aws:foo"] })))).message,
    ).toBe("Tag Key cannot be prefixed with aws:, Key: aws:foo");
    // A refused request applies none of its tags.
    expect(await tags()).toEqual([]);
  });

  it("names invalid keys and values, and duplicate keys", async () => {
    expect((await tag([{ Key: "bad#char", Value: "x" }])).message).toBe("The Tag Key provided is invalid, Key: bad#char");
    expect((await tag([{ Key: "k", Value: "bad#char" }])).message).toBe("The Tag Value provided is invalid, Value: bad#char");
    expect((await tag([{ Key: "", Value: "x" }])).message).toBe("The Tag Key provided is invalid, Key: ");
    expect((await tag([{ Key: "k" } as Tag])).message).toBe("The Tag Value provided is invalid, Value: null");
    expect((await tag([{ Value: "v" } as Tag])).message).toBe("The Tag Key provided is invalid, Key: null");
    expect((await tag([{ Key: "k".repeat(129), Value: "v" }])).message).toBe(`The Tag Key provided is invalid, Key: ${"k".repeat(129)}`);
    expect((await tag([{ Key: "k", Value: "v".repeat(257) }])).message).toBe(`The Tag Value provided is invalid, Value: ${"v".repeat(257)}`);
    expect((await tag([{ Key: "a,b", Value: "x" }])).message).toBe("The Tag Key provided is invalid, Key: a,b");
    // Letters of any script, spaces and + - = . _ : / @ are allowed.
    await h.client.send(new TagResourceCommand({ ResourceArn: arn(), Tags: [{ Key: "ключ café", Value: "a+b-c=d.e_f:g/h@i" }, { Key: "Env", Value: "" }] }));
    expect(await tags()).toEqual([{ Key: "ключ café", Value: "a+b-c=d.e_f:g/h@i" }, { Key: "Env", Value: "" }]);
    await h.client.send(new UntagResourceCommand({ ResourceArn: arn(), TagKeys: ["ключ café", "Env", "never-set"] }));
    expect((await tag([{ Key: "dup", Value: "1" }, { Key: "dup", Value: "2" }])).message).toBe(
      "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup",
    );
  });

  it("holds a table to 50 tags after the merge, as a ValidationException", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await h.client.send(new TagResourceCommand({ ResourceArn: arnOf(name), Tags: fifty }));
    const error = await failure(() => h.client.send(new TagResourceCommand({ ResourceArn: arnOf(name), Tags: [{ Key: "k50", Value: "v" }] })));
    expect(error).toMatchObject({ name: "ValidationException", message: "Number of Tags exceed the current limit for the provided ResourceArn" });
    // New values for existing keys stay within the limit.
    await h.client.send(new TagResourceCommand({ ResourceArn: arnOf(name), Tags: [{ Key: "k0", Value: "w" }] }));
    const created = await failure(() =>
      h.client.send(new CreateTableCommand(simple(tableName(), { Tags: [...fifty, { Key: "k50", Value: "v" }] }))),
    );
    expect(created.message).toBe("Number of Tags exceed the current limit for the provided ResourceArn");
  });

  it("names the ARN of a missing table", async () => {
    const missing = arnOf("no-such-table");
    expect(await failure(() => h.client.send(new ListTagsOfResourceCommand({ ResourceArn: missing })))).toMatchObject({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: ResourceArn: ${missing} not found`,
    });
  });
});

describe("CreateTable and UpdateTable validation texts (ack-api-quirks DDB-TABLE-042/126/153/442/446/456)", () => {
  const invalid = "One or more parameter values were invalid: ";
  const pk = { AttributeName: "pk", AttributeType: "S" as const };
  const g = { AttributeName: "g", AttributeType: "S" as const };
  const create = (extra: Partial<CreateTableCommandInput>) => failure(() => h.client.send(new CreateTableCommand(simple(tableName("v"), extra))));
  const byG = (projection: NonNullable<CreateTableCommandInput["GlobalSecondaryIndexes"]>[number]["Projection"]) => ({
    AttributeDefinitions: [pk, g],
    GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" as const }], Projection: projection }],
  });

  it("names a duplicated attribute definition", async () => {
    expect((await create({ AttributeDefinitions: [pk, { AttributeName: "pk", AttributeType: "N" }] })).message).toBe("Attribute Name is duplicated: pk");
  });

  it("checks INCLUDE projections", async () => {
    expect((await create(byG({ ProjectionType: "INCLUDE" }))).message).toBe(`${invalid}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`);
    expect((await create(byG({ ProjectionType: "INCLUDE", NonKeyAttributes: ["a", "a"] }))).message).toBe(`${invalid}Duplicate element in NonKeyAttributes: a`);
  });

  it("keeps on-demand maxima to on-demand tables", async () => {
    const error = await create({ BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, OnDemandThroughput: { MaxReadRequestUnits: 10 } });
    expect(error.message).toBe(`${invalid}MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED`);
  });

  it("checks the SSE specification, and turns KMS on for SSEType KMS without Enabled", async () => {
    expect((await create({ SSESpecification: { Enabled: false, SSEType: "KMS" } })).message).toBe(`${invalid}SSEType can not be specified if Enabled is false`);
    expect((await create({ SSESpecification: { Enabled: false, KMSMasterKeyId: "k" } })).message).toBe(`${invalid}KMSMasterKeyId can not be specified if Enabled is false`);
    expect((await create({ SSESpecification: { Enabled: true, KMSMasterKeyId: "k" } })).message).toBe(`${invalid}SSEType KMS is required if KMSMasterKeyId is specified`);
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name, { SSESpecification: { SSEType: "KMS" } })));
    expect((await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.SSEDescription).toMatchObject({ Status: "ENABLED", SSEType: "KMS" });
  });

  it("names the valid table classes in its own words", async () => {
    expect((await create({ TableClass: "COLD" as never })).message).toBe(
      "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].",
    );
  });

  it("words multi-attribute global index key schema errors as DynamoDB does", async () => {
    const attrs = ["g", "a", "b", "c", "d", "e"].map((AttributeName) => ({ AttributeName, AttributeType: "S" as const }));
    const index = (KeySchema: { AttributeName: string; KeyType: "HASH" | "RANGE" }[]) =>
      create({ AttributeDefinitions: [pk, ...attrs], GlobalSecondaryIndexes: [{ IndexName: "multi", KeySchema, Projection: { ProjectionType: "ALL" } }] });
    const H = (AttributeName: string) => ({ AttributeName, KeyType: "HASH" as const });
    const R = (AttributeName: string) => ({ AttributeName, KeyType: "RANGE" as const });
    expect((await index([H("g"), R("a"), H("b")])).message).toBe(`${invalid}All HASH key attributes must precede RANGE key attributes in the KeySchema`);
    expect((await index([H("g"), H("a"), H("b"), H("c"), H("d")])).message).toBe(`${invalid}The KeySchema exceeds the maximum allowed number of HASH key attributes`);
    expect((await index([H("g"), H("g"), R("a")])).message).toBe("The KeySchema contains multiple key attributes with the same name");
  });

  it("answers UpdateTable index mistakes with DynamoDB's texts", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name, byG({ ProjectionType: "ALL" }))));
    const update = (input: Omit<ConstructorParameters<typeof UpdateTableCommand>[0], "TableName">) =>
      failure(() => h.client.send(new UpdateTableCommand({ TableName: name, ...input })));
    expect(await update({ GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "ghost" } }] })).toMatchObject({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Index ghost for table ${name}`,
    });
    expect((await update({ GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "ghost", OnDemandThroughput: { MaxReadRequestUnits: 5 } } }] })).message).toBe(
      `Requested resource not found: Index ghost for table ${name}`,
    );
    const again = await update({
      AttributeDefinitions: [g],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
    });
    expect(again).toMatchObject({ name: "ValidationException", message: "Attempting to create an index which already exists" });
    expect((await update({ GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "byG", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } }] })).message).toBe(
      `${invalid}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: byG when BillingMode is PAY_PER_REQUEST`,
    );
  });

  it("keeps on-demand maxima off a provisioned table on UpdateTable, without the prefix", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand({ ...simple(name), BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }));
    const error = await failure(() => h.client.send(new UpdateTableCommand({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: 10 } })));
    expect(error.message).toBe("MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED");
  });

  it("answers a 21st global index added by UpdateTable with LimitExceededException", async () => {
    const name = tableName();
    const attrs = Array.from({ length: 21 }, (_, i) => ({ AttributeName: `g${i}`, AttributeType: "S" as const }));
    const index = (i: number) => ({ IndexName: `gsi${i}`, KeySchema: [{ AttributeName: `g${i}`, KeyType: "HASH" as const }], Projection: { ProjectionType: "KEYS_ONLY" as const } });
    await h.client.send(
      new CreateTableCommand(simple(name, { AttributeDefinitions: [pk, ...attrs.slice(0, 20)], GlobalSecondaryIndexes: Array.from({ length: 20 }, (_, i) => index(i)) })),
    );
    const error = await failure(() =>
      h.client.send(new UpdateTableCommand({ TableName: name, AttributeDefinitions: [attrs[20]], GlobalSecondaryIndexUpdates: [{ Create: index(20) }] })),
    );
    expect(error).toMatchObject({ name: "LimitExceededException", message: "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20" });
  });

  it("refuses an index change beside a table throughput change", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand({ ...simple(name), BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }));
    const error = await failure(() =>
      h.client.send(
        new UpdateTableCommand({
          TableName: name,
          ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
          AttributeDefinitions: [g],
          GlobalSecondaryIndexUpdates: [
            { Create: { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } },
          ],
        }),
      ),
    );
    expect(error.message).toBe(`${invalid}You cannot create or delete index while updating table IOPS`);
  });

  it("refuses encryption re-sends that change nothing, and takes STANDARD on a classless table as a no-op", async () => {
    const name = tableName();
    await h.client.send(new CreateTableCommand(simple(name)));
    const update = (input: Omit<ConstructorParameters<typeof UpdateTableCommand>[0], "TableName">) =>
      failure(() => h.client.send(new UpdateTableCommand({ TableName: name, ...input })));
    expect((await update({ SSESpecification: { Enabled: false } })).message).toBe(`${invalid}Table is already encrypted by default`);
    await h.client.send(new UpdateTableCommand({ TableName: name, SSESpecification: { Enabled: true, SSEType: "KMS" } }));
    const arn = (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.SSEDescription?.KMSMasterKeyArn;
    expect((await update({ SSESpecification: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: arn } })).message).toBe(
      `${invalid}Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want to change Master Key`,
    );
    const { TableDescription: t } = await h.client.send(new UpdateTableCommand({ TableName: name, TableClass: "STANDARD" }));
    expect(t?.TableStatus).toBe("UPDATING");
    expect((await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableClassSummary).toBeUndefined();
  });

  it("names the tag ARN problem", async () => {
    const list = (ResourceArn: string) => failure(() => h.client.send(new ListTagsOfResourceCommand({ ResourceArn })));
    expect((await list("notanarn")).message).toBe(`${invalid}ARNs must start with 'arn:': notanarn`);
    expect((await list("arn:aws:s3:::bucket")).message).toBe(`${invalid}Provided Arn is not a DynamoDB resource arn: arn:aws:s3:::bucket`);
    const index = `${arnOf(table)}/index/byG`;
    expect((await list(index)).message).toBe(`${invalid}Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${index}`);
  });
});
