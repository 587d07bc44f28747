/**
 * Control-plane behaviour recorded on real DynamoDB by the ack-api-quirks lab (findings
 * DDB-TABLE-…, verified 2026-10), replayed through SDK v3 against the sandbox; each case names
 * its finding. Times that DynamoDB takes in the background are driven by the virtual clock.
 */
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ListBackupsCommand,
  RestoreTableFromBackupCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type ListBackupsCommandInput,
  type UpdateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, onDemandTable, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(async () => h.close());

const INVALID = "ValidationException: One or more parameter values were invalid: ";

function provisioned(name: string, units: number, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return { ...onDemandTable(name), BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: units, WriteCapacityUnits: units }, ...extra };
}

async function created(input: CreateTableCommandInput): Promise<string> {
  await h.client.send(new CreateTableCommand(input));
  return input.TableName ?? "";
}

async function described(name: string) {
  const { Table: t } = await h.client.send(new DescribeTableCommand({ TableName: name }));
  return { status: t?.TableStatus, warm: t?.WarmThroughput };
}

const update = (input: UpdateTableCommandInput) => h.client.send(new UpdateTableCommand(input));
const warm = (read: number, write: number, status: string) => ({ ReadUnitsPerSecond: read, WriteUnitsPerSecond: write, Status: status });
const seconds = (n: number) => h.clock.advance(n * 1000);

describe("UpdateTable WarmThroughput", () => {
  it("raises in the background while the table stays ACTIVE, refuses a decrease, and raises again in ~2 s (DDB-TABLE-179/066/121)", async () => {
    const name = await created(onDemandTable(tableName("warm")));
    const { TableDescription: t } = await update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 12001, WriteUnitsPerSecond: 4001 } });
    expect(t?.TableStatus).toBe("ACTIVE");
    expect(t?.WarmThroughput).toEqual(warm(12000, 4000, "UPDATING"));
    expect(await described(name)).toEqual({ status: "ACTIVE", warm: warm(12000, 4000, "UPDATING") });
    await seconds(270);
    expect((await described(name)).warm).toEqual(warm(12000, 4000, "UPDATING"));
    await seconds(130);
    expect(await described(name)).toEqual({ status: "ACTIVE", warm: warm(12001, 4001, "ACTIVE") });

    expect(await failure(() => update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000 } }))).toBe(
      `${INVALID}Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported`,
    );
    const partial = await update({ TableName: name, WarmThroughput: { WriteUnitsPerSecond: 4003 } });
    expect(partial.TableDescription?.WarmThroughput).toEqual(warm(12001, 4001, "UPDATING"));
    await seconds(2);
    expect((await described(name)).warm).toEqual(warm(12001, 4003, "ACTIVE"));
  });

  it("accepts equal values, partial structs and a higher raise while one runs: the last writer wins at the first raise's end (DDB-TABLE-049/459)", async () => {
    const name = await created(onDemandTable(tableName("warm")));
    await update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000 } });
    await seconds(1);
    await update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000 } });
    await update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000 } });
    await update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 14000, WriteUnitsPerSecond: 6000 } });
    await seconds(380);
    expect((await described(name)).warm).toEqual(warm(12000, 4000, "UPDATING"));
    await seconds(20);
    expect((await described(name)).warm).toEqual(warm(14000, 6000, "ACTIVE"));
  });

  it("tracks a provisioned table's capacity and refuses going below it (DDB-TABLE-059/061)", async () => {
    const name = await created(provisioned(tableName("warm"), 5));
    expect((await described(name)).warm).toEqual(warm(5, 5, "ACTIVE"));
    expect(await failure(() => update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 1, WriteUnitsPerSecond: 1 } }))).toBe(
      `${INVALID}Requested ReadUnitsPerSecond for WarmThroughput for table is lower than current WarmThroughput, decreasing WarmThroughput is not supported`,
    );
    await update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 50, WriteUnitsPerSecond: 50 } });
    expect(await described(name)).toEqual({ status: "ACTIVE", warm: warm(5, 5, "UPDATING") });
    await seconds(400);
    expect((await described(name)).warm).toEqual(warm(50, 50, "ACTIVE"));
    // A capacity decrease leaves it where it is.
    await update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } });
    expect((await described(name)).warm).toEqual(warm(50, 50, "ACTIVE"));
  });

  it("travels alone (DDB-TABLE-433/174)", async () => {
    const name = await created(onDemandTable(tableName("warm")));
    const raise = { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000 };
    expect(await failure(() => update({ TableName: name, WarmThroughput: raise, DeletionProtectionEnabled: true }))).toBe(
      `${INVALID}DeletionProtection modification must be the only operation in the request`,
    );
    expect(await failure(() => update({ TableName: name, WarmThroughput: raise, TableClass: "STANDARD_INFREQUENT_ACCESS" }))).toBe(
      `${INVALID}TableClass modification must be the only operation in the request`,
    );
    expect(await failure(() => update({ TableName: name, WarmThroughput: raise, OnDemandThroughput: { MaxReadRequestUnits: 100 } }))).toBe(
      `${INVALID}OnDemandThroughput can only be combined with BillingMode in an UpdateTable request`,
    );
    expect(await failure(() => update({ TableName: name, WarmThroughput: raise, BillingMode: "PAY_PER_REQUEST" }))).toBe(
      `${INVALID}WarmThroughput must be the only operation in the request`,
    );
    expect(
      await failure(() =>
        update({
          TableName: name,
          WarmThroughput: raise,
          AttributeDefinitions: [{ AttributeName: "g", AttributeType: "S" }],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } } }],
        }),
      ),
    ).toBe(`${INVALID}Create global secondary index cannot be specified when updating WarmThroughput`);
    expect((await described(name)).warm).toEqual(warm(12000, 4000, "ACTIVE"));
  });

  it("fails an empty WarmThroughput alone with HTTP 500 and ignores it beside another change (DDB-TABLE-437/456)", async () => {
    const name = await created(onDemandTable(tableName("warm")));
    const error = await update({ TableName: name, WarmThroughput: {} }).catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    expect(error).toMatchObject({ name: "InternalFailure", $metadata: { httpStatusCode: 500 } });
    const { TableDescription: t } = await update({ TableName: name, WarmThroughput: {}, DeletionProtectionEnabled: false });
    expect(t?.TableStatus).toBe("ACTIVE");
    expect((await described(name)).warm).toEqual(warm(12000, 4000, "ACTIVE"));
  });
});

describe("CreateTable WarmThroughput", () => {
  it("refuses less than the on-demand initial throughput or the provisioned capacity (DDB-TABLE-039)", async () => {
    expect(await failure(() => h.client.send(new CreateTableCommand(onDemandTable(tableName("warm"), { WarmThroughput: { ReadUnitsPerSecond: 1, WriteUnitsPerSecond: 1 } }))))).toBe(
      `${INVALID}Requested ReadUnitsPerSecond for WarmThroughput for table is lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial`,
    );
    expect(
      await failure(() => h.client.send(new CreateTableCommand(provisioned(tableName("warm"), 10, { WarmThroughput: { ReadUnitsPerSecond: 5, WriteUnitsPerSecond: 5 } })))),
    ).toBe(`${INVALID}Requested ReadUnitsPerSecond for WarmThroughput for table is lower than ReadCapacityUnits of ProvisionedThroughput`);
  });

  it("answers the warm throughput it was given UPDATING, then describes it; a member left out keeps its default (DDB-TABLE-032/033/039/045)", async () => {
    const name = tableName("warm");
    const { TableDescription: t } = await h.client.send(
      new CreateTableCommand(onDemandTable(name, { WarmThroughput: { ReadUnitsPerSecond: 12001, WriteUnitsPerSecond: 4001 } })),
    );
    expect(t?.WarmThroughput).toEqual(warm(12001, 4001, "UPDATING"));
    expect((await described(name)).warm).toEqual(warm(12001, 4001, "ACTIVE"));
    const readOnly = await created(onDemandTable(tableName("warm"), { WarmThroughput: { ReadUnitsPerSecond: 12001 } }));
    expect((await described(readOnly)).warm).toEqual(warm(12001, 4000, "ACTIVE"));
    const empty = tableName("warm");
    const { TableDescription: e } = await h.client.send(new CreateTableCommand(onDemandTable(empty, { WarmThroughput: {} })));
    expect(e?.WarmThroughput).toBeUndefined();
    expect((await described(empty)).warm).toEqual(warm(12000, 4000, "ACTIVE"));
    const prov = await created(provisioned(tableName("warm"), 5, { WarmThroughput: { ReadUnitsPerSecond: 100, WriteUnitsPerSecond: 100 } }));
    expect((await described(prov)).warm).toEqual(warm(100, 100, "ACTIVE"));
  });
});

describe("OnDemandThroughput maxima", () => {
  const maxima = async (name: string) => (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.OnDemandThroughput;

  it("merges UpdateTable's maxima member by member; -1 removes one, echoed as -1 and then left out (DDB-TABLE-178/182/051)", async () => {
    const name = await created(onDemandTable(tableName("odt")));
    const set = await update({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: 1000, MaxWriteRequestUnits: 500 } });
    expect(set.TableDescription?.TableStatus).toBe("ACTIVE");
    expect(set.TableDescription?.OnDemandThroughput).toEqual({ MaxReadRequestUnits: 1000, MaxWriteRequestUnits: 500 });
    await update({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: 2000 } });
    expect(await maxima(name)).toEqual({ MaxReadRequestUnits: 2000, MaxWriteRequestUnits: 500 });
    const clearRead = await update({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: -1 } });
    expect(clearRead.TableDescription?.OnDemandThroughput).toEqual({ MaxReadRequestUnits: -1, MaxWriteRequestUnits: 500 });
    expect(await maxima(name)).toEqual({ MaxWriteRequestUnits: 500 });
    const clearWrite = await update({ TableName: name, OnDemandThroughput: { MaxWriteRequestUnits: -1 } });
    expect(clearWrite.TableDescription?.OnDemandThroughput).toEqual({ MaxWriteRequestUnits: -1 });
    expect(await maxima(name)).toBeUndefined();
    const again = await update({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 } });
    expect(again.TableDescription?.OnDemandThroughput).toEqual({ MaxReadRequestUnits: -1, MaxWriteRequestUnits: -1 });
    expect(await maxima(name)).toBeUndefined();
  });

  it("refuses 0 and values below -1 (DDB-TABLE-051/039)", async () => {
    const name = await created(onDemandTable(tableName("odt")));
    expect(await failure(() => update({ TableName: name, OnDemandThroughput: { MaxWriteRequestUnits: 0 } }))).toBe(
      `${INVALID}Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of valid range`,
    );
    expect(await failure(() => update({ TableName: name, OnDemandThroughput: { MaxReadRequestUnits: -2 } }))).toBe(
      `${INVALID}Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range`,
    );
    for (const value of [0, -1, -2]) {
      expect(
        await failure(() =>
          h.client.send(new CreateTableCommand(onDemandTable(tableName("odt"), { OnDemandThroughput: { MaxReadRequestUnits: value, MaxWriteRequestUnits: value } }))),
        ),
      ).toBe(`${INVALID}Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range`);
    }
    expect(await maxima(name)).toBeUndefined();
  });

  it("fails an empty struct alone with HTTP 500, ignores it beside a billing mode, and creates a table without maxima from it (DDB-TABLE-178/456/039)", async () => {
    const name = await created(onDemandTable(tableName("odt")));
    const error = await update({ TableName: name, OnDemandThroughput: {} }).catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    expect(error).toMatchObject({ name: "InternalFailure", $metadata: { httpStatusCode: 500 } });
    await update({ TableName: name, OnDemandThroughput: {}, BillingMode: "PAY_PER_REQUEST" });
    expect(await maxima(name)).toBeUndefined();
    const empty = await created(onDemandTable(tableName("odt"), { OnDemandThroughput: {} }));
    expect(await maxima(empty)).toBeUndefined();
    const readOnly = await created(onDemandTable(tableName("odt"), { OnDemandThroughput: { MaxReadRequestUnits: 100 } }));
    expect(await maxima(readOnly)).toEqual({ MaxReadRequestUnits: 100 });
  });
});

describe("provisioned throughput changes", () => {
  /** Moves the virtual clock forward to an absolute UTC time. */
  const until = async (iso: string) => {
    const target = Date.parse(iso);
    expect(target).toBeGreaterThanOrEqual(h.clock.now());
    await h.clock.advance(target - h.clock.now());
  };
  const capacity = (name: string, read: number, write: number) =>
    update({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: read, WriteCapacityUnits: write } });
  const throughput = async (name: string) => (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.ProvisionedThroughput;
  const refusal = (count: number, last: string, next: string) =>
    `LimitExceededException: Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: ${count}. Last decrease at ${last} Coordinated Universal Time. Next decrease can be made at ${next} Coordinated Universal Time.`;

  it("allows 4 decreases a UTC day, then refuses one naming the next allowed time; the count starts again at 00:00 UTC (DDB-TABLE-184/185)", async () => {
    const name = await created(provisioned(tableName("pt"), 10));
    await until("2026-01-08T23:20:40Z");
    await capacity(name, 9, 9); // both units in one call count once
    await capacity(name, 9, 8);
    await capacity(name, 9, 7);
    await until("2026-01-08T23:20:48Z");
    const fourth = await capacity(name, 9, 6);
    expect(fourth.TableDescription?.ProvisionedThroughput?.NumberOfDecreasesToday).toBe(3); // the answer reports the old count
    expect(await throughput(name)).toMatchObject({ NumberOfDecreasesToday: 4, ReadCapacityUnits: 9, WriteCapacityUnits: 6 });
    const expected = refusal(4, "Thursday, January 8, 2026 at 11:20:48 PM", "Friday, January 9, 2026 at 12:00:00 AM");
    expect(await failure(() => capacity(name, 9, 5))).toBe(expected);
    expect(await failure(() => capacity(name, 8, 7))).toBe(expected); // one unit down, the other up
    await capacity(name, 10, 7); // an increase passes
    await until("2026-01-09T00:00:00Z");
    const after = await throughput(name);
    expect(after).toMatchObject({ NumberOfDecreasesToday: 0, ReadCapacityUnits: 10, WriteCapacityUnits: 7 });
    expect(after?.LastDecreaseDateTime).toEqual(new Date("2026-01-08T23:20:48Z"));
    await until("2026-01-09T00:00:46Z");
    await capacity(name, 10, 6);
    await capacity(name, 10, 5);
    await capacity(name, 10, 4);
    expect((await throughput(name))?.NumberOfDecreasesToday).toBe(3);
  });

  it("admits one more decrease 3600 s after the last one, not at the top of the hour (DDB-TABLE-326)", async () => {
    const name = await created(provisioned(tableName("pt"), 10));
    await until("2026-01-09T00:21:30Z");
    await capacity(name, 9, 10);
    await capacity(name, 8, 10);
    await capacity(name, 7, 10);
    await until("2026-01-09T00:21:34Z");
    await capacity(name, 6, 10);
    await until("2026-01-09T01:00:20Z");
    expect(await failure(() => capacity(name, 5, 10))).toBe(refusal(4, "Friday, January 9, 2026 at 12:21:34 AM", "Friday, January 9, 2026 at 1:21:34 AM"));
    await until("2026-01-09T01:21:34Z");
    await capacity(name, 5, 10);
    expect((await throughput(name))?.NumberOfDecreasesToday).toBe(5);
    expect(await failure(() => capacity(name, 4, 10))).toBe(refusal(5, "Friday, January 9, 2026 at 1:21:34 AM", "Friday, January 9, 2026 at 2:21:34 AM"));
  });

  it("refuses re-sending the current capacity with BillingMode PROVISIONED too, and capacity beside a switch to on-demand (DDB-TABLE-057/056)", async () => {
    const name = await created(provisioned(tableName("pt"), 1));
    expect(await failure(() => update({ TableName: name, BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }))).toMatch(
      /^ValidationException: The provisioned throughput for the table will not change\. The requested value equals the current value\. Current ReadCapacityUnits provisioned for the table: 1\. Requested ReadCapacityUnits: 1\./,
    );
    expect(await failure(() => update({ TableName: name, BillingMode: "PAY_PER_REQUEST", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }))).toBe(
      `${INVALID}ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST`,
    );
  });
});

describe("deletion protection and background updates", () => {
  it("throttles any deletion protection request within 15 s of a change, naming when to retry; same-value requests otherwise change nothing (DDB-TABLE-003/054/383/438)", async () => {
    const name = await created(onDemandTable(tableName("dp")));
    for (let i = 0; i < 3; i++) expect((await update({ TableName: name, DeletionProtectionEnabled: false })).TableDescription?.TableStatus).toBe("ACTIVE");
    const changedAt = h.clock.now();
    const { TableDescription: t } = await update({ TableName: name, DeletionProtectionEnabled: true });
    expect(t).toMatchObject({ TableStatus: "ACTIVE", DeletionProtectionEnabled: true });
    const retryAt = new Date(changedAt + 15_000).toISOString();
    const throttled = `ThrottlingException: Deletion protection setting for table ${name} modified within the previous 15000 milliseconds. Please try again after ${retryAt}`;
    await seconds(2);
    expect(await failure(() => update({ TableName: name, DeletionProtectionEnabled: false }))).toBe(throttled);
    expect(await failure(() => update({ TableName: name, DeletionProtectionEnabled: true }))).toBe(throttled);
    await seconds(13);
    await update({ TableName: name, DeletionProtectionEnabled: false });
    // DeleteTable is not gated by the cooldown.
    await h.client.send(new DeleteTableCommand({ TableName: name }));
  });

  it("refuses DeleteTable while a warm throughput raise runs, though the table reads ACTIVE (DDB-TABLE-069/121)", async () => {
    const name = await created(onDemandTable(tableName("dp")));
    await update({ TableName: name, WarmThroughput: { ReadUnitsPerSecond: 13000, WriteUnitsPerSecond: 5000 } });
    expect(await failure(() => h.client.send(new DeleteTableCommand({ TableName: name })))).toBe(
      `ResourceInUseException: Attempt to change a resource which is still in use: Table: ${name} is in the process of being updated.`,
    );
    await seconds(400);
    await h.client.send(new DeleteTableCommand({ TableName: name }));
  });
});

describe("UpdateTable TableClass", () => {
  const summary = async (name: string) => (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.TableClassSummary;

  it("answers the class the table had, allows 2 changes in 30 days, then refuses any TableClass request (DDB-TABLE-283/284/365)", async () => {
    const name = await created(onDemandTable(tableName("class")));
    const free = await update({ TableName: name, TableClass: "STANDARD" });
    expect(free.TableDescription?.TableStatus).toBe("UPDATING");
    expect(await summary(name)).toBeUndefined();
    const first = await update({ TableName: name, TableClass: "STANDARD_INFREQUENT_ACCESS" });
    expect(first.TableDescription?.TableStatus).toBe("UPDATING");
    expect(first.TableDescription?.TableClassSummary).toBeUndefined();
    const switched = await summary(name);
    expect(switched?.TableClass).toBe("STANDARD_INFREQUENT_ACCESS");
    await seconds(60);
    // A re-send of the current class costs nothing and keeps the time of the change.
    await update({ TableName: name, TableClass: "STANDARD_INFREQUENT_ACCESS" });
    expect(await summary(name)).toEqual(switched);
    const second = await update({ TableName: name, TableClass: "STANDARD" });
    expect(second.TableDescription?.TableClassSummary).toEqual(switched);
    expect((await summary(name))?.TableClass).toBe("STANDARD");
    const spent = "LimitExceededException: Subscriber limit exceeded: Updates to TableClass are limited to 2 times in 30 day(s).";
    expect(await failure(() => update({ TableName: name, TableClass: "STANDARD_INFREQUENT_ACCESS" }))).toBe(spent);
    expect(await failure(() => update({ TableName: name, TableClass: "STANDARD" }))).toBe(spent);
    await seconds(30 * 24 * 3600);
    await update({ TableName: name, TableClass: "STANDARD_INFREQUENT_ACCESS" });
    expect((await summary(name))?.TableClass).toBe("STANDARD_INFREQUENT_ACCESS");
  });
});

describe("restores", () => {
  it("leaves the table class behind, and describes no RestoreSummary once the restored table is ACTIVE (DDB-TABLE-215/216, DDB-BACKUP-009)", async () => {
    const source = await created(onDemandTable(tableName("rs"), { TableClass: "STANDARD_INFREQUENT_ACCESS" }));
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: source, BackupName: "before-restore" }));
    const target = tableName("rs");
    const { TableDescription: t } = await h.client.send(new RestoreTableFromBackupCommand({ TargetTableName: target, BackupArn: BackupDetails?.BackupArn }));
    expect(t?.RestoreSummary).toMatchObject({ SourceBackupArn: BackupDetails?.BackupArn, RestoreInProgress: true });
    const { Table: restored } = await h.client.send(new DescribeTableCommand({ TableName: target }));
    expect(restored?.TableStatus).toBe("ACTIVE");
    expect(restored?.RestoreSummary).toBeUndefined();
    expect(restored?.TableClassSummary).toBeUndefined();
  });
});

describe("ListBackups", () => {
  it("refuses an inverted time range, takes [lower, upper) and a missing table's name, and ends a page that holds the rest without a cursor (DDB-BACKUP-014)", async () => {
    const name = await created(onDemandTable(tableName("lb")));
    const { BackupDetails } = await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "first" }));
    const at = BackupDetails?.BackupCreationDateTime ?? new Date(0);
    await seconds(1);
    await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "second" }));
    const list = (input: ListBackupsCommandInput) => h.client.send(new ListBackupsCommand({ TableName: name, ...input }));
    expect(await failure(() => list({ TimeRangeLowerBound: new Date(at.getTime() + 1), TimeRangeUpperBound: at }))).toBe(
      `${INVALID}Time range lower bound must be less than or equal to upper bound`,
    );
    expect((await list({ TimeRangeLowerBound: at })).BackupSummaries?.map((b) => b.BackupName)).toEqual(["first", "second"]);
    expect((await list({ TimeRangeUpperBound: at })).BackupSummaries).toEqual([]);
    const page = await list({ Limit: 2 });
    expect(page.BackupSummaries).toHaveLength(2);
    expect(page.LastEvaluatedBackupArn).toBeUndefined();
    expect((await h.client.send(new ListBackupsCommand({ TableName: tableName("never") }))).BackupSummaries).toEqual([]);
  });
});

describe("billing switches", () => {
  it("drop the on-demand maxima of the table and its indexes on the way to PROVISIONED (DDB-TABLE-153)", async () => {
    const name = await created(
      onDemandTable(tableName("bill"), {
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "g", AttributeType: "S" },
        ],
        OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 },
        GlobalSecondaryIndexes: [
          { IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" }, OnDemandThroughput: { MaxReadRequestUnits: 6000, MaxWriteRequestUnits: 5000 } },
        ],
      }),
    );
    await update({
      TableName: name,
      BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "byG", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } }],
    });
    const { Table: t } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(t?.OnDemandThroughput).toBeUndefined();
    expect(t?.GlobalSecondaryIndexes?.[0]?.OnDemandThroughput).toBeUndefined();
  });
});

describe("index WarmThroughput updates", () => {
  it("needs a value, before the table is even looked up; refuses a decrease; fails for an index the table lacks with HTTP 500; raises in the background (DDB-TABLE-456/161/155)", async () => {
    const name = await created(
      onDemandTable(tableName("gw"), {
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "g", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [{ IndexName: "gsi1", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
      }),
    );
    const warmUpdate = (table: string, IndexName: string, WarmThroughput: Record<string, number>) =>
      update({ TableName: table, GlobalSecondaryIndexUpdates: [{ Update: { IndexName, WarmThroughput } }] });
    const empty = (index: string) => `${INVALID}WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond specified for index: ${index}`;
    expect(await failure(() => warmUpdate(name, "gsi1", {}))).toBe(empty("gsi1"));
    expect(await failure(() => warmUpdate(tableName("missing"), "ghost", {}))).toBe(empty("ghost"));
    expect(await failure(() => warmUpdate(name, "gsi1", { ReadUnitsPerSecond: 1 }))).toBe(
      `${INVALID}Requested ReadUnitsPerSecond for WarmThroughput for index gsi1 is lower than current WarmThroughput, decreasing WarmThroughput is not supported`,
    );
    const ghost = await warmUpdate(name, "ghost", { ReadUnitsPerSecond: 13000 }).catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    expect(ghost).toMatchObject({ name: "InternalFailure", $metadata: { httpStatusCode: 500 } });
    // A raise runs as a table's does, the index staying ACTIVE (DDB-TABLE-155).
    await warmUpdate(name, "gsi1", { ReadUnitsPerSecond: 13000 });
    const index = async () => (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table?.GlobalSecondaryIndexes?.[0];
    expect(await index()).toMatchObject({ IndexStatus: "ACTIVE", WarmThroughput: warm(12000, 4000, "UPDATING") });
    await seconds(400);
    expect((await index())?.WarmThroughput).toEqual(warm(13000, 4000, "ACTIVE"));
    expect(await failure(() => warmUpdate(name, "gsi1", { ReadUnitsPerSecond: 12500 }))).toBe(
      `${INVALID}Requested ReadUnitsPerSecond for WarmThroughput for index gsi1 is lower than current WarmThroughput, decreasing WarmThroughput is not supported`,
    );
  });
});

describe("point in time recovery", () => {
  it("refuses RecoveryPeriodInDays beside a disable, and re-enabling goes back to 35 days (DDB-TABLE-442/084)", async () => {
    const name = await created(onDemandTable(tableName("pitr")));
    const pitr = (PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: boolean; RecoveryPeriodInDays?: number }) =>
      h.client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification }));
    await pitr({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 });
    expect(await failure(() => pitr({ PointInTimeRecoveryEnabled: false, RecoveryPeriodInDays: 7 }))).toBe(
      "ValidationException: Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.",
    );
    await pitr({ PointInTimeRecoveryEnabled: false });
    const { ContinuousBackupsDescription: d } = await pitr({ PointInTimeRecoveryEnabled: true });
    expect(d?.PointInTimeRecoveryDescription?.RecoveryPeriodInDays).toBe(35);
  });
});
