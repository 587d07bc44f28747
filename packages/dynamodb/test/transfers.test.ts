/**
 * Exports and imports at the engine: an in-memory S3 behind a fake dispatcher whose writes can
 * be held back, a virtual clock, and a file store for the restart cases. (The same actions
 * through the AWS SDK against the sandbox's own S3: packages/sandbox/test/dynamodbTransfers.test.ts.)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { FileStore, MemoryStore, silentLogger, VirtualClock, type Store } from "@sam-sandbox/core";
import { afterEach, describe, expect, it } from "vitest";
import { createDynamoDb, type DynamoDb } from "../src/index.js";
import { parseCsv, csvRowItem } from "../src/engine/transfers/formats.js";
import { ionLine } from "../src/engine/transfers/ion.js";
import { nextToken, page } from "../src/engine/transfers/paging.js";
import * as transfers from "../src/engine/transfers/index.js";
import { MemoryS3 } from "./helpers.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function open(s3: MemoryS3, store: Store = new MemoryStore(), clock = new VirtualClock(Date.UTC(2026, 0, 1))): Promise<{ db: DynamoDb; clock: VirtualClock }> {
  const db = await createDynamoDb({ store, clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000", dispatcher: s3, ttlSweeper: false });
  return { db, clock };
}

async function pitrTable(db: DynamoDb, name: string): Promise<string> {
  const out = await db.engine.createTable({
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  });
  const { updateContinuousBackups } = await import("../src/engine/backups/index.js");
  await updateContinuousBackups(db.engine, { TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
  return out.TableDescription.TableArn as string;
}

describe("ExportTableToPointInTime at the engine", () => {
  it("exports the table as it was when asked, IN_PROGRESS until S3 has the files, times from the clock", async () => {
    const s3 = new MemoryS3();
    let open_: () => void = () => undefined;
    s3.gate = new Promise((resolve) => (open_ = resolve));
    const { db, clock } = await open(s3);
    const arn = await pitrTable(db, "t");
    await db.engine.putItem({ TableName: "t", Item: { id: { S: "before" } } });
    const started = (await transfers.exportTableToPointInTime(db.engine, { TableArn: arn, S3Bucket: "exports" })).ExportDescription;
    await db.engine.putItem({ TableName: "t", Item: { id: { S: "after" } } });
    expect(transfers.describeExport(db.engine, { ExportArn: started.ExportArn }).ExportDescription.ExportStatus).toBe("IN_PROGRESS");
    clock.advance(90_000);
    open_();
    await db.engine.settled();
    const done = transfers.describeExport(db.engine, { ExportArn: started.ExportArn }).ExportDescription;
    expect(done).toMatchObject({ ExportStatus: "COMPLETED", ItemCount: 1, StartTime: Date.UTC(2026, 0, 1) / 1000, EndTime: Date.UTC(2026, 0, 1) / 1000 + 90 });
    const data = [...s3.objects].filter(([k]) => k.includes("/data/"));
    expect(data).toHaveLength(1);
    expect(gunzipSync(data[0]?.[1] ?? Buffer.alloc(0)).toString()).toBe('{"Item":{"id":{"S":"before"}}}\n');
    await db.close();
  });

  it("fails, after a restart, an export the sandbox stopped in the middle of", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-dynamodb-transfers-"));
    dirs.push(dir);
    const s3 = new MemoryS3();
    s3.gate = new Promise(() => undefined); // never written
    const first = new FileStore({ dir, clock: new VirtualClock() });
    const { db } = await open(s3, first);
    const arn = await pitrTable(db, "t");
    const started = (await transfers.exportTableToPointInTime(db.engine, { TableArn: arn, S3Bucket: "exports", ClientToken: "kept" })).ExportDescription;
    await first.close();

    const second = new FileStore({ dir, clock: new VirtualClock() });
    const again = await open(new MemoryS3(), second);
    const described = transfers.describeExport(again.db.engine, { ExportArn: started.ExportArn }).ExportDescription;
    expect(described).toMatchObject({ ExportStatus: "FAILED", FailureCode: "SandboxStopped", ClientToken: "kept" });
    expect(transfers.listExports(again.db.engine, {}).ExportSummaries.map((s) => s.ExportArn)).toEqual([started.ExportArn]);
    await again.db.close();
    await second.close();
  });
});

describe("ImportTable at the engine", () => {
  it("answers the running import for its ClientToken whatever else changed, until it ends", async () => {
    const s3 = new MemoryS3();
    s3.objects.set("imports/in/a.json", Buffer.from('{"Item":{"id":{"S":"x"}}}\n'));
    const { db, clock } = await open(s3);
    const request = {
      ClientToken: "tok",
      S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "in/" },
      InputFormat: "DYNAMODB_JSON",
      TableCreationParameters: { TableName: "made", BillingMode: "PAY_PER_REQUEST" as const, AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }] },
    };
    const first = (await transfers.importTable(db.engine, request)).ImportTableDescription;
    // Still running (its work starts after this turn): another compression is ignored, another table conflicts.
    const replay = (await transfers.importTable(db.engine, { ...request, InputCompressionType: "GZIP" })).ImportTableDescription;
    expect(replay).toEqual(first);
    await expect(transfers.importTable(db.engine, { ...request, TableCreationParameters: { ...request.TableCreationParameters, TableName: "other" } })).rejects.toMatchObject({
      code: "ImportConflictException",
    });
    // An import runs a second of the clock at least.
    await clock.advance(1_000);
    await db.engine.settled();
    expect(transfers.describeImport(db.engine, { ImportArn: first.ImportArn }).ImportTableDescription).toMatchObject({ ImportStatus: "COMPLETED", ImportedItemCount: 1 });
    expect(db.engine.table("made").meta.TableId).toBe(first.TableId);
    await db.close();
  });

  it("holds its table's name while it runs: CreateTable and restores of that name are refused, and the import completes", async () => {
    const s3 = new MemoryS3();
    s3.objects.set("imports/in/a.json", Buffer.from('{"Item":{"id":{"S":"x"}}}\n'));
    let release: () => void = () => undefined;
    s3.listGate = new Promise((resolve) => (release = resolve));
    const { db, clock } = await open(s3);
    const arn = await pitrTable(db, "source");
    const { createBackup, restoreTableFromBackup, restoreTableToPointInTime } = await import("../src/engine/backups/index.js");
    const backup = (await createBackup(db.engine, { TableName: "source", BackupName: "b" })).BackupDetails.BackupArn;
    const params = { TableName: "made", BillingMode: "PAY_PER_REQUEST" as const, AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }] };
    const started = (await transfers.importTable(db.engine, { ClientToken: "tok", S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "in/" }, InputFormat: "DYNAMODB_JSON", TableCreationParameters: params })).ImportTableDescription;
    // On DynamoDB the table exists (CREATING) from the ImportTable answer on.
    await expect(db.engine.createTable(params)).rejects.toMatchObject({ code: "ResourceInUseException", message: "Table already exists: made" });
    await expect(restoreTableFromBackup(db.engine, { BackupArn: backup, TargetTableName: "made" })).rejects.toMatchObject({ code: "TableAlreadyExistsException" });
    await expect(restoreTableToPointInTime(db.engine, { SourceTableArn: arn, TargetTableName: "made", UseLatestRestorableTime: true })).rejects.toMatchObject({ code: "TableAlreadyExistsException" });
    release();
    await clock.advance(1_000);
    await db.engine.settled();
    expect(transfers.describeImport(db.engine, { ImportArn: started.ImportArn }).ImportTableDescription).toMatchObject({ ImportStatus: "COMPLETED", ImportedItemCount: 1 });
    expect(db.engine.table("made").meta.TableId).toBe(started.TableId);
    await db.close();
  });

  it("stays IN_PROGRESS a second of the clock from StartTime, and ends at once when the service closes", async () => {
    const s3 = new MemoryS3();
    s3.objects.set("imports/in/a.json", Buffer.from('{"Item":{"id":{"S":"x"}}}\n'));
    const { db, clock } = await open(s3);
    const params = { TableName: "held", BillingMode: "PAY_PER_REQUEST" as const, AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }] };
    const request = { ClientToken: "t", S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "in/" }, InputFormat: "DYNAMODB_JSON", TableCreationParameters: params };
    const first = (await transfers.importTable(db.engine, request)).ImportTableDescription;
    await clock.advance(999);
    await new Promise((resolve) => setImmediate(resolve)); // the job's promise chain runs (no I/O here)
    expect(transfers.describeImport(db.engine, { ImportArn: first.ImportArn }).ImportTableDescription.ImportStatus).toBe("IN_PROGRESS");
    await clock.advance(1);
    await db.engine.settled();
    expect(transfers.describeImport(db.engine, { ImportArn: first.ImportArn }).ImportTableDescription.ImportStatus).toBe("COMPLETED");
    // A second import, its second not over: close() does not wait for the clock.
    const second = (await transfers.importTable(db.engine, { ...request, ClientToken: "u", TableCreationParameters: { ...params, TableName: "closed" } })).ImportTableDescription;
    await db.close();
    expect(transfers.describeImport(db.engine, { ImportArn: second.ImportArn }).ImportTableDescription.ImportStatus).toBe("COMPLETED");
  });

  it("refuses ION, CSV options with DYNAMODB_JSON, and a request without ClientToken", async () => {
    const { db } = await open(new MemoryS3());
    const base = {
      ClientToken: "t",
      S3BucketSource: { S3Bucket: "imports" },
      InputFormat: "DYNAMODB_JSON",
      TableCreationParameters: { TableName: "x1", BillingMode: "PAY_PER_REQUEST" as const, AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }] },
    };
    await expect(transfers.importTable(db.engine, { ...base, InputFormat: "ION" })).rejects.toMatchObject({ code: "ValidationException" });
    await expect(transfers.importTable(db.engine, { ...base, InputFormatOptions: { Csv: { Delimiter: ";" } } })).rejects.toMatchObject({
      message: "Invalid Request: Unsupported InputFormatOptions for the given input format: DYNAMODB_JSON.",
    });
    await expect(transfers.importTable(db.engine, { ...base, ClientToken: undefined })).rejects.toMatchObject({
      message: "1 validation error detected: Value null at 'clientToken' failed to satisfy constraint: Member must not be null",
    });
    await db.close();
  });
});

describe("CSV", () => {
  it("reads quoted fields, doubled quotes, CRLF and blank lines", () => {
    expect(parseCsv('a,"b,c","say ""hi""\nthere"\r\n\r\nd,,e\n', ",")).toEqual([
      ["a", "b,c", 'say "hi"\nthere'],
      ["d", "", "e"],
    ]);
  });

  it("types key columns by their definitions, others as strings, and leaves out empty fields", () => {
    expect(csvRowItem(["id", "n", "note"], ["7", "", "x"], new Map([["id", "N"]]))).toEqual({ id: { N: "7" }, note: { S: "x" } });
    expect(() => csvRowItem(["id"], ["1", "2"], new Map())).toThrow();
  });
});

describe("ListExports / ListImports paging", () => {
  it("writes tokens ListImports' model takes, and pages with them", () => {
    const arns = ["arn:a/import/1", "arn:a/import/2", "arn:a/import/3"];
    const first = page(arns, 2, undefined, "import");
    expect(first.arns).toEqual(arns.slice(0, 2));
    expect(first.next).toMatch(/^([0-9a-f]{16})+$/);
    expect((first.next ?? "").length).toBeGreaterThanOrEqual(112);
    expect(page(arns, 2, first.next, "import")).toEqual({ arns: arns.slice(2) });
    // Another job's token: an empty page; an export's, or no job's, refused (ack-api-quirks DDB-EXPORT-006, 2026-10).
    expect(page(arns, 2, nextToken("arn:b/import/9"), "import")).toEqual({ arns: [] });
    const exportToken = nextToken("arn:a/export/1");
    expect(() => page(arns, 2, exportToken, "import")).toThrow(`Invalid Request: Provided nextToken is invalid: ${exportToken}`);
    expect(() => page(arns, 2, "zz", "import")).toThrow("Invalid Request: Provided nextToken is invalid: zz");
  });
});

describe("Amazon Ion export lines", () => {
  it("write numbers as Ion decimals, sets annotated, blobs in {{}}, and quote field names Ion would not take bare", () => {
    const item = { id: { S: "a\nb" }, "2nd": { N: "1E+3" }, half: { N: "-.5" }, null: { NULL: true as const }, "$x": { BOOL: true }, s: { SS: ["x", "y"] }, n: { NS: ["1", "2.5"] }, b: { BS: ["AAE="] } };
    expect(ionLine(item)).toBe('$ion_1_0 {Item:{id:"a\\nb","2nd":1d+3,half:-0.5,"null":null,"$x":true,s:$dynamodb_SS::["x","y"],n:$dynamodb_NS::[1,2.5],b:$dynamodb_BS::[{{AAE=}}]}}');
  });
});
