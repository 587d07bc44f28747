import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeEndpointsCommand,
  DescribeLimitsCommand,
  DescribeTableCommand,
  DescribeTableReplicaAutoScalingCommand,
  ListBackupsCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { MemoryStore, type DurableState, type StateCodec, type Store } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoCodec, type DynamoState, type JournalRecord } from "../src/engine/state.js";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

/** A table with a GSI and an LSI, as the brief's "restore keeps the indexes" needs. */
const indexed = (name: string): CreateTableCommandInput => ({
  TableName: name,
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "N" },
    { AttributeName: "email", AttributeType: "S" },
    { AttributeName: "rank", AttributeType: "N" },
  ],
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  GlobalSecondaryIndexes: [{ IndexName: "byEmail", KeySchema: [{ AttributeName: "email", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
  LocalSecondaryIndexes: [
    {
      IndexName: "byRank",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "rank", KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "KEYS_ONLY" },
    },
  ],
});

async function filledTable(items = 3): Promise<string> {
  const name = tableName("src");
  await h.client.send(new CreateTableCommand(indexed(name)));
  for (let i = 0; i < items; i++) {
    await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk: i, email: `u${i}@example.com`, rank: 10 - i, body: "x".repeat(100) } }));
  }
  return name;
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error("expected the call to fail");
}

describe("CreateBackup", () => {
  it("answers with the backup's details and an ARN in DynamoDB's format", async () => {
    const name = await filledTable();
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    const { BackupDetails: d } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "nightly" }));
    expect(d).toMatchObject({ BackupName: "nightly", BackupStatus: "CREATING", BackupType: "USER", BackupSizeBytes: Table?.TableSizeBytes });
    expect(d?.BackupArn).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${name}/backup/0\\d{13}-[0-9a-f]{8}$`));
    expect(d?.BackupArn).toContain(`/backup/0${Date.UTC(2026, 0, 1)}-`);
    expect(d?.BackupCreationDateTime).toEqual(new Date(Date.UTC(2026, 0, 1)));
  });

  it("names a missing table with TableNotFoundException", async () => {
    const error = await errorOf(h.client.send(new CreateBackupCommand({ TableName: "missing-table", BackupName: "bak1" })));
    expect(error).toMatchObject({ name: "TableNotFoundException", message: "Table not found: missing-table" });
  });

  it("validates BackupName as AWS's model does", async () => {
    const error = await errorOf(h.client.send(new CreateBackupCommand({ TableName: "x-table", BackupName: "a b" })));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/at 'backupName' failed to satisfy constraint/);
  });
});

describe("DescribeBackup", () => {
  it("describes the source table as it was when the backup was taken", async () => {
    const name = await filledTable(2);
    await h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: "exp", Enabled: true } }));
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak1" }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk: 99 } }));
    const { BackupDescription: d } = await h.client.send(new DescribeBackupCommand({ BackupArn: BackupDetails?.BackupArn }));
    expect(d?.BackupDetails).toEqual({ ...BackupDetails, BackupStatus: "AVAILABLE" });
    expect(d?.SourceTableDetails).toMatchObject({
      TableName: name,
      ItemCount: 2,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: indexed(name).KeySchema,
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    });
    expect(d?.SourceTableFeatureDetails).toMatchObject({
      GlobalSecondaryIndexes: [{ IndexName: "byEmail", Projection: { ProjectionType: "ALL" } }],
      LocalSecondaryIndexes: [{ IndexName: "byRank", Projection: { ProjectionType: "KEYS_ONLY" } }],
      TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "exp" },
    });
  });

  it("answers BackupNotFoundException with the ARN", async () => {
    const arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/backup/01767225600000-00000000";
    const error = await errorOf(h.client.send(new DescribeBackupCommand({ BackupArn: arn })));
    expect(error).toMatchObject({ name: "BackupNotFoundException", message: `Backup not found: ${arn}` });
  });
});

describe("RestoreTableFromBackup", () => {
  it("creates a new table with the backup's items and indexes, not later writes", async () => {
    const name = await filledTable(3);
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "before" }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk: 50, email: "late@example.com" } }));
    const target = tableName("restored");
    const { TableDescription: t } = await h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: target, BackupArn: BackupDetails?.BackupArn }));
    expect(t).toMatchObject({
      TableName: target,
      TableStatus: "CREATING",
      ItemCount: 3,
      BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" },
      RestoreSummary: {
        SourceBackupArn: BackupDetails?.BackupArn,
        SourceTableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`,
        RestoreDateTime: BackupDetails?.BackupCreationDateTime,
        RestoreInProgress: true,
      },
      GlobalSecondaryIndexes: [{ IndexName: "byEmail", ItemCount: 3 }],
      LocalSecondaryIndexes: [{ IndexName: "byRank", ItemCount: 3 }],
    });
    expect(t?.TableArn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${target}`);
    const byEmail = await h.doc.send(
      new QueryCommand({ TableName: target, IndexName: "byEmail", KeyConditionExpression: "email = :e", ExpressionAttributeValues: { ":e": "u1@example.com" } }),
    );
    expect(byEmail.Items).toEqual([{ pk: "p", sk: 1, email: "u1@example.com", rank: 9, body: "x".repeat(100) }]);
    const byRank = await h.doc.send(
      new QueryCommand({ TableName: target, IndexName: "byRank", KeyConditionExpression: "pk = :p AND #r < :r", ExpressionAttributeNames: { "#r": "rank" }, ExpressionAttributeValues: { ":p": "p", ":r": 10 } }),
    );
    expect(byRank.Items?.map((i) => i.sk)).toEqual([2, 1]);
    expect((await h.doc.send(new GetCommand({ TableName: target, Key: { pk: "p", sk: 50 } }))).Item).toBeUndefined();
    // Once ACTIVE, nothing marks the table as restored (ack-api-quirks DDB-TABLE-216).
    const described = await h.client.send(new DescribeTableCommand({ TableName: target }));
    expect(described.Table).toMatchObject({ TableStatus: "ACTIVE" });
    expect(described.Table?.RestoreSummary).toBeUndefined();
  });

  it("leaves out indexes the overrides leave out, and switches billing", async () => {
    const name = await filledTable(2);
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak" }));
    const target = tableName("lean");
    const { TableDescription: t } = await h.client.send(
      new RestoreTableFromBackupCommand({
        TargetTableName: target,
        BackupArn: BackupDetails?.BackupArn,
        GlobalSecondaryIndexOverride: [],
        LocalSecondaryIndexOverride: [],
        BillingModeOverride: "PROVISIONED",
        ProvisionedThroughputOverride: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      }),
    );
    expect(t?.GlobalSecondaryIndexes).toBeUndefined();
    expect(t?.LocalSecondaryIndexes).toBeUndefined();
    expect(t?.AttributeDefinitions?.map((d) => d.AttributeName)).toEqual(["pk", "sk"]);
    expect(t?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 5, WriteCapacityUnits: 5 });
    expect(t?.BillingModeSummary?.BillingMode).toBe("PROVISIONED");
    expect((await h.doc.send(new ScanCommand({ TableName: target }))).Count).toBe(2);
  });

  it("keeps the backup after its table is deleted", async () => {
    const name = await filledTable(1);
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak" }));
    await h.client.send(new DeleteTableCommand({ TableName: name }));
    await h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: name, BackupArn: BackupDetails?.BackupArn }));
    expect((await h.doc.send(new ScanCommand({ TableName: name }))).Count).toBe(1);
  });

  it("refuses an existing target and a missing backup", async () => {
    const name = await filledTable(1);
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak" }));
    const exists = await errorOf(h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: name, BackupArn: BackupDetails?.BackupArn })));
    expect(exists).toMatchObject({ name: "TableAlreadyExistsException", message: `Table already exists: ${name}` });
    const arn = `${BackupDetails?.BackupArn?.slice(0, -8)}ffffffff`;
    const missing = await errorOf(h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: tableName(), BackupArn: arn })));
    expect(missing).toMatchObject({ name: "BackupNotFoundException", message: `Backup not found: ${arn}` });
  });
});

describe("ListBackups and DeleteBackup", () => {
  it("lists a table's backups oldest first, a page at a time", async () => {
    const name = await filledTable(1);
    const arns: string[] = [];
    for (const backupName of ["one", "two", "three"]) {
      const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: backupName }));
      arns.push(BackupDetails?.BackupArn ?? "");
      await h.clock.advance(1000);
    }
    const first = await h.client.send(new ListBackupsCommand({ TableName: name, Limit: 2 }));
    expect(first.BackupSummaries?.map((b) => b.BackupName)).toEqual(["one", "two"]);
    expect(first.BackupSummaries?.[0]).toMatchObject({ TableName: name, BackupStatus: "AVAILABLE", BackupType: "USER", BackupArn: arns[0] });
    expect(first.LastEvaluatedBackupArn).toBe(arns[1]);
    const second = await h.client.send(new ListBackupsCommand({ TableName: name, Limit: 2, ExclusiveStartBackupArn: first.LastEvaluatedBackupArn }));
    expect(second.BackupSummaries?.map((b) => b.BackupName)).toEqual(["three"]);
    expect(second.LastEvaluatedBackupArn).toBeUndefined();
    const created = first.BackupSummaries?.[1].BackupCreationDateTime ?? new Date(0);
    const ranged = await h.client.send(new ListBackupsCommand({ TableName: name, TimeRangeLowerBound: created, TimeRangeUpperBound: new Date(created.getTime() + 1000) }));
    expect(ranged.BackupSummaries?.map((b) => b.BackupName)).toEqual(["two"]);
    const system = await h.client.send(new ListBackupsCommand({ TableName: name, BackupType: "SYSTEM" }));
    expect(system.BackupSummaries).toEqual([]);
  });

  it("deletes a backup and answers with its description, DELETED", async () => {
    const name = await filledTable(1);
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "gone" }));
    const { BackupDescription } = await h.client.send(new DeleteBackupCommand({ BackupArn: BackupDetails?.BackupArn }));
    expect(BackupDescription?.BackupDetails).toMatchObject({ BackupName: "gone", BackupStatus: "DELETED" });
    expect(BackupDescription?.SourceTableDetails?.TableName).toBe(name);
    expect((await h.client.send(new ListBackupsCommand({ TableName: name }))).BackupSummaries).toEqual([]);
    const again = await errorOf(h.client.send(new DeleteBackupCommand({ BackupArn: BackupDetails?.BackupArn })));
    expect(again.name).toBe("BackupNotFoundException");
  });
});

describe("continuous backups and point in time recovery", () => {
  it("reports continuous backups on and recovery off for a new table", async () => {
    const name = await filledTable(0);
    const { ContinuousBackupsDescription: d } = await h.client.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(d).toEqual({ ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" } });
    const missing = await errorOf(h.client.send(new DescribeContinuousBackupsCommand({ TableName: "nope-table" })));
    expect(missing).toMatchObject({ name: "TableNotFoundException", message: "Table not found: nope-table" });
  });

  it("enables recovery with a window from now and restores the latest state", async () => {
    const name = await filledTable(2);
    const unavailable = await errorOf(
      h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: name, TargetTableName: tableName(), UseLatestRestorableTime: true })),
    );
    expect(unavailable.name).toBe("PointInTimeRecoveryUnavailableException");
    const enabledAt = new Date(h.clock.now());
    const { ContinuousBackupsDescription: d } = await h.client.send(
      new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    );
    expect(d?.PointInTimeRecoveryDescription).toEqual({
      PointInTimeRecoveryStatus: "ENABLED",
      RecoveryPeriodInDays: 35,
      EarliestRestorableDateTime: enabledAt,
      LatestRestorableDateTime: enabledAt,
    });
    await h.clock.advance(60_000);
    const later = await h.client.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(later.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.LatestRestorableDateTime).toEqual(new Date(enabledAt.getTime() + 60_000));

    const target = tableName("pitr");
    const { TableDescription: t } = await h.client.send(
      new RestoreTableToPointInTimeCommand({ SourceTableName: name, TargetTableName: target, UseLatestRestorableTime: true }),
    );
    expect(t).toMatchObject({ ItemCount: 2, RestoreSummary: { SourceTableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`, RestoreInProgress: true } });
    const { Table: restored } = await h.client.send(new DescribeTableCommand({ TableName: target }));
    expect(restored).toMatchObject({ TableStatus: "ACTIVE" });
    expect(restored?.RestoreSummary).toBeUndefined(); // ack-api-quirks DDB-TABLE-216
    expect(t?.RestoreSummary?.SourceBackupArn).toBeUndefined();
    const past = await errorOf(
      h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: name, TargetTableName: tableName(), RestoreDateTime: enabledAt })),
    );
    expect(past.name).toBe("InvalidRestoreTimeException");

    const off = await h.client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } }));
    expect(off.ContinuousBackupsDescription?.PointInTimeRecoveryDescription).toEqual({ PointInTimeRecoveryStatus: "DISABLED" });
  });
});

describe("DescribeLimits and DescribeEndpoints", () => {
  it("answers DynamoDB's default quotas", async () => {
    const limits = await h.client.send(new DescribeLimitsCommand({}));
    expect(limits).toMatchObject({ AccountMaxReadCapacityUnits: 80000, AccountMaxWriteCapacityUnits: 80000, TableMaxReadCapacityUnits: 40000, TableMaxWriteCapacityUnits: 40000 });
  });

  it("names the regional endpoint", async () => {
    const { Endpoints } = await h.client.send(new DescribeEndpointsCommand({}));
    expect(Endpoints).toEqual([{ Address: "dynamodb.us-east-1.amazonaws.com", CachePeriodInMinutes: 1440 }]);
  });
});

describe("actions the sandbox does not emulate", () => {
  it("answers UnknownOperationException naming the action", async () => {
    const error = await errorOf(h.client.send(new DescribeTableReplicaAutoScalingCommand({ TableName: "t-table" })));
    expect(error.name).toBe("UnknownOperationException");
    expect(error.message).toContain("DescribeTableReplicaAutoScaling");
  });
});

/** A Store that keeps committed records as JSON, as a journal would, for replay. */
class RecordingStore implements Store {
  readonly durable = true;
  readonly records: string[] = [];
  async open<S, R>(_name: string, codec: StateCodec<S, R>): Promise<DurableState<S, R>> {
    const state = codec.empty();
    return {
      state,
      commit: (record) => {
        this.records.push(JSON.stringify(record));
        return Promise.resolve();
      },
      compact: () => Promise.resolve(),
    };
  }
  async close(): Promise<void> {}
}

describe("backups across a restart", () => {
  it("replays backups and restores from the journal and from a snapshot", async () => {
    const store = new RecordingStore();
    const r = await startDynamoDb({ store });
    try {
      const name = "journaled";
      await r.client.send(new CreateTableCommand(indexed(name)));
      await r.doc.send(new PutCommand({ TableName: name, Item: { pk: "a", sk: 1, email: "a@example.com" } }));
      const { BackupDetails } = await r.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak" }));
      await r.doc.send(new PutCommand({ TableName: name, Item: { pk: "a", sk: 2 } }));
      await r.client.send(new RestoreTableFromBackupCommand({ TargetTableName: "copy", BackupArn: BackupDetails?.BackupArn }));
      await r.client.send(new DeleteTableCommand({ TableName: name }));

      const replayed: DynamoState = dynamoCodec.empty();
      for (const line of store.records) dynamoCodec.apply(replayed, JSON.parse(line) as JournalRecord);
      const fromSnapshot = dynamoCodec.fromSnapshot(JSON.parse(JSON.stringify(dynamoCodec.toSnapshot(replayed))));
      for (const state of [replayed, fromSnapshot]) {
        expect([...state.tables.keys()]).toEqual(["copy"]);
        expect(state.tables.get("copy")?.itemCount).toBe(1);
        expect(state.tables.get("copy")?.index("byEmail")?.tree.size).toBe(1);
        expect(state.backups.get(BackupDetails?.BackupArn ?? "")?.items).toEqual([{ pk: { S: "a" }, sk: { N: "1" }, email: { S: "a@example.com" } }]);
      }
    } finally {
      await r.close();
    }
  });

  it("lists every table's backups without a TableName", async () => {
    const r = await startDynamoDb({ store: new MemoryStore() });
    try {
      for (const name of ["one-table", "two-table"]) {
        await r.client.send(new CreateTableCommand(indexed(name)));
        await r.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak" }));
      }
      const { BackupSummaries } = await r.client.send(new ListBackupsCommand({}));
      expect(BackupSummaries?.map((b) => b.TableName).sort()).toEqual(["one-table", "two-table"]);
    } finally {
      await r.close();
    }
  });
});
