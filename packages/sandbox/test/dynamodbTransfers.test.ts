/**
 * DynamoDB's exports to and imports from the sandbox's S3 (ExportTableToPointInTime,
 * DescribeExport, ListExports, ImportTable, DescribeImport, ListImports), through the AWS SDK:
 * the objects an export writes are read back with the S3 client, imports read objects put with it.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { CloudWatchLogsClient, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateTableCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  DynamoDBClient,
  ExportTableToPointInTimeCommand,
  ImportTableCommand,
  ListExportsCommand,
  ListImportsCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  type AttributeValue,
  type ExportDescription,
  type ImportTableDescription,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually } from "./helpers.js";

let sandbox: RunningSandbox;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let logs: CloudWatchLogsClient;

type Item = Record<string, AttributeValue>;

async function table(name: string, pitr = true): Promise<string> {
  const out = await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
  if (pitr) await dynamodb.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  return out.TableDescription?.TableArn ?? "";
}

const ITEMS: Item[] = [
  { pk: { S: "a" }, sk: { N: "1" }, text: { S: "héllo" }, blob: { B: Buffer.from([0, 1, 254, 255]) }, tags: { SS: ["x", "y"] } },
  { pk: { S: "a" }, sk: { N: "2" }, nested: { M: { list: { L: [{ N: "3.5" }, { BOOL: true }, { NULL: true }] } } } },
  { pk: { S: "b" }, sk: { N: "10" }, count: { N: "-17" } },
];

async function finishedExport(arn: string): Promise<ExportDescription> {
  const read = async () => (await dynamodb.send(new DescribeExportCommand({ ExportArn: arn }))).ExportDescription ?? {};
  return eventually(read, (d) => d.ExportStatus !== "IN_PROGRESS");
}

async function finishedImport(arn: string): Promise<ImportTableDescription> {
  const read = async () => (await dynamodb.send(new DescribeImportCommand({ ImportArn: arn }))).ImportTableDescription ?? {};
  return eventually(read, (d) => d.ImportStatus !== "IN_PROGRESS");
}

async function objectBytes(bucket: string, key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
}

async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key ?? "").sort();
}

async function scanAll(name: string): Promise<Item[]> {
  const out = await dynamodb.send(new ScanCommand({ TableName: name }));
  return (out.Items ?? []).sort((x, y) => JSON.stringify([x.pk, x.sk]).localeCompare(JSON.stringify([y.pk, y.sk])));
}

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { name: string; message: string },
  );
  expect(error, "the call should fail").toBeDefined();
  return { name: error?.name ?? "", message: error?.message ?? "" };
}

beforeAll(async () => {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true });
  const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 };
  dynamodb = new DynamoDBClient(config);
  s3 = new S3Client({ ...config, forcePathStyle: true });
  logs = new CloudWatchLogsClient(config);
  await s3.send(new CreateBucketCommand({ Bucket: "exports" }));
  await s3.send(new CreateBucketCommand({ Bucket: "imports" }));
});

afterAll(async () => {
  await sandbox?.stop();
});

describe("ExportTableToPointInTime", () => {
  it("needs point in time recovery", async () => {
    const arn = await table("NoPitr", false);
    const error = await refusal(dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: arn, S3Bucket: "exports" })));
    expect(error.name).toBe("PointInTimeRecoveryUnavailableException");
  });

  it("answers TableNotFoundException for a missing table", async () => {
    const error = await refusal(dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: "arn:aws:dynamodb:us-east-1:000000000000:table/Nope", S3Bucket: "exports" })));
    // Named by the ARN as given (ack-api-quirks DDB-EXPORT-001, 2026-10).
    expect(error).toEqual({ name: "TableNotFoundException", message: "Table not found: arn:aws:dynamodb:us-east-1:000000000000:table/Nope" });
  });

  it("writes the table in DynamoDB's layout, as it was when asked", async () => {
    const tableArn = await table("Exported");
    for (const item of ITEMS) await dynamodb.send(new PutItemCommand({ TableName: "Exported", Item: item }));
    const started = (await dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", S3Prefix: "backups/2026" }))).ExportDescription ?? {};
    // Written after the export was asked for: not in it.
    await dynamodb.send(new PutItemCommand({ TableName: "Exported", Item: { pk: { S: "late" }, sk: { N: "0" } } }));
    expect(started).toMatchObject({ ExportStatus: "IN_PROGRESS", ExportFormat: "DYNAMODB_JSON", S3Bucket: "exports", S3Prefix: "backups/2026", TableArn: tableArn });
    // Not asked for, ExportType is not described (ack-api-quirks DDB-EXPORT-017, 2026-10); ListExports says FULL_EXPORT.
    expect(started.ExportType).toBeUndefined();
    const exportArn = started.ExportArn ?? "";
    const id = exportArn.split("/export/")[1] ?? "";
    expect(exportArn).toBe(`${tableArn}/export/${id}`);
    expect(id).toMatch(/^\d{14}-[0-9a-f]{8}$/);

    const done = await finishedExport(exportArn);
    const base = `backups/2026/AWSDynamoDB/${id}`;
    expect(done).toMatchObject({ ExportStatus: "COMPLETED", ItemCount: 3, ExportManifest: `${base}/manifest-summary.json` });
    expect(done.BilledSizeBytes).toBeGreaterThan(0);
    expect(done.EndTime?.getTime()).toBeGreaterThanOrEqual(done.StartTime?.getTime() ?? Infinity);

    const keys = await keysUnder("exports", `${base}/`);
    const dataKeys = keys.filter((k) => k.startsWith(`${base}/data/`));
    expect(keys.filter((k) => !dataKeys.includes(k))).toEqual(
      ["_started", "manifest-files.json", "manifest-files.md5", "manifest-summary.json", "manifest-summary.md5"].map((f) => `${base}/${f}`),
    );
    expect(dataKeys.every((k) => /\/data\/[a-z0-9]{26}\.json\.gz$/.test(k))).toBe(true);

    const manifestFiles = (await objectBytes("exports", `${base}/manifest-files.json`)).toString("utf8");
    const md5 = (bytes: Buffer | string) => createHash("md5").update(bytes).digest("base64");
    expect((await objectBytes("exports", `${base}/manifest-files.md5`)).toString()).toBe(md5(manifestFiles));
    const exported: Item[] = [];
    for (const line of manifestFiles.trim().split("\n")) {
      const entry = JSON.parse(line) as { itemCount: number; md5Checksum: string; etag: string; dataFileS3Key: string };
      const gz = await objectBytes("exports", entry.dataFileS3Key);
      expect(entry.md5Checksum).toBe(md5(gz));
      expect(entry.etag).not.toBe("");
      const lines = gunzipSync(gz).toString("utf8").trim().split("\n").filter(Boolean);
      expect(lines).toHaveLength(entry.itemCount);
      for (const text of lines) exported.push((JSON.parse(text) as { Item: Item }).Item);
    }
    // Binary values as the wire carries them, base64 (a Buffer reaches the replacer as its toJSON form).
    const asBase64 = (_k: string, v: unknown) => (typeof v === "object" && v !== null && (v as { type?: unknown }).type === "Buffer" ? Buffer.from((v as { data: number[] }).data).toString("base64") : v);
    const wire = (item: Item) => JSON.parse(JSON.stringify(item, asBase64)) as unknown;
    expect(exported.map((i) => JSON.stringify(i)).sort()).toEqual(ITEMS.map((i) => JSON.stringify(wire(i))).sort());

    const summaryText = (await objectBytes("exports", `${base}/manifest-summary.json`)).toString("utf8");
    expect((await objectBytes("exports", `${base}/manifest-summary.md5`)).toString()).toBe(md5(summaryText));
    expect(JSON.parse(summaryText)).toMatchObject({
      version: "2020-06-30",
      exportArn,
      tableArn,
      s3Bucket: "exports",
      s3Prefix: "backups/2026",
      manifestFilesS3Key: `${base}/manifest-files.json`,
      itemCount: 3,
      outputFormat: "DYNAMODB_JSON",
      exportType: "FULL_EXPORT",
    });

    const listed = await dynamodb.send(new ListExportsCommand({ TableArn: tableArn }));
    expect(listed.ExportSummaries).toEqual([{ ExportArn: exportArn, ExportStatus: "COMPLETED", ExportType: "FULL_EXPORT" }]);
  });

  it("answers the same export for a repeated ClientToken, and ExportConflictException for other parameters", async () => {
    const tableArn = await table("Tokened");
    const first = await dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", ClientToken: "token-1" }));
    const again = await dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", ClientToken: "token-1" }));
    expect(again.ExportDescription?.ExportArn).toBe(first.ExportDescription?.ExportArn);
    expect(await refusal(dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", S3Prefix: "other", ClientToken: "token-1" })))).toEqual({
      name: "ExportConflictException",
      message: "Export conflict: Duplicate request detected with conflicting parameters",
    });
    await finishedExport(first.ExportDescription?.ExportArn ?? "");
  });

  it("fails the export when the bucket does not exist, as DynamoDB does", async () => {
    const tableArn = await table("NoBucket");
    const started = await dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "no-such-bucket-here" }));
    const done = await finishedExport(started.ExportDescription?.ExportArn ?? "");
    expect(done).toMatchObject({ ExportStatus: "FAILED", FailureCode: "S3NoSuchBucket" });
    expect(done.FailureMessage).toContain("bucket does not exist");
  });

  it("refuses what the sandbox cannot export, saying so", async () => {
    const tableArn = await table("Refusals");
    // An incremental window under 15 minutes (ack-api-quirks DDB-EXPORT-004, 2026-10).
    const incremental = await refusal(
      dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", ExportType: "INCREMENTAL_EXPORT", IncrementalExportSpecification: { ExportFromTime: new Date() } })),
    );
    expect(incremental).toEqual({ name: "InvalidExportTimeException", message: "Difference between export period from time and export period to time is less than 15 minutes" });
    // The couplings are checked first, as DynamoDB words them (ack-api-quirks DDB-EXPORT-003, 2026-10).
    expect(await refusal(dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", ExportType: "INCREMENTAL_EXPORT" })))).toEqual({
      name: "ValidationException",
      message: "Invalid Request: Incremental Export Specification expected when export type is set as Incremental Export",
    });
    const past = await refusal(dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", ExportTime: new Date(Date.now() - 7 * 86_400_000) })));
    expect(past).toEqual({ name: "InvalidExportTimeException", message: "Export Time is invalid" });
  });

  it("answers DescribeExport for an unknown export", async () => {
    const unknown = "arn:aws:dynamodb:us-east-1:000000000000:table/Exported/export/01234567890123-abcdef12";
    expect(await refusal(dynamodb.send(new DescribeExportCommand({ ExportArn: unknown })))).toEqual({ name: "ExportNotFoundException", message: `Export not found: Export not found: ${unknown}` });
    expect(await refusal(dynamodb.send(new DescribeExportCommand({ ExportArn: "arn:aws:dynamodb:us-east-1:000000000000:table/nonexistent_table_xyz" })))).toMatchObject({
      name: "ValidationException",
      message: "Invalid Export ARN",
    });
  });
});

const KEYED = {
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" as const },
    { AttributeName: "sk", AttributeType: "N" as const },
    { AttributeName: "kind", AttributeType: "S" as const },
  ],
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" as const },
    { AttributeName: "sk", KeyType: "RANGE" as const },
  ],
  BillingMode: "PAY_PER_REQUEST" as const,
  GlobalSecondaryIndexes: [{ IndexName: "byKind", KeySchema: [{ AttributeName: "kind", KeyType: "HASH" as const }], Projection: { ProjectionType: "ALL" as const } }],
};

describe("ImportTable", () => {
  it("makes a new table with its index from gzipped DYNAMODB_JSON objects", async () => {
    const lines = (items: Item[]) => `${items.map((Item) => JSON.stringify({ Item })).join("\n")}\n\n`;
    await s3.send(new PutObjectCommand({ Bucket: "imports", Key: "json/part-1.json.gz", Body: gzipSync(lines([{ pk: { S: "p" }, sk: { N: "1" }, kind: { S: "fruit" } }, { pk: { S: "p" }, sk: { N: "2" }, kind: { S: "veg" } }])) }));
    await s3.send(new PutObjectCommand({ Bucket: "imports", Key: "json/part-2.json.gz", Body: gzipSync(lines([{ pk: { S: "q" }, sk: { N: "1" }, kind: { S: "fruit" }, n: { N: "00042.50" } }])) }));
    const started = (
      await dynamodb.send(
        new ImportTableCommand({
          S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "json/" },
          InputFormat: "DYNAMODB_JSON",
          InputCompressionType: "GZIP",
          TableCreationParameters: { TableName: "Imported", ...KEYED },
        }),
      )
    ).ImportTableDescription ?? {};
    expect(started).toMatchObject({ ImportStatus: "IN_PROGRESS", ProcessedItemCount: 0, ImportedItemCount: 0, ErrorCount: 0, InputCompressionType: "GZIP" });
    expect(started.EndTime).toBeUndefined();
    expect(started.ImportArn).toMatch(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/Imported\/import\/\d{14}-[0-9a-f]{8}$/);
    expect(started.ClientToken).toBeTruthy();

    const done = await finishedImport(started.ImportArn ?? "");
    expect(done).toMatchObject({ ImportStatus: "COMPLETED", ProcessedItemCount: 3, ImportedItemCount: 3, ErrorCount: 0, TableId: started.TableId });
    expect(done.ProcessedSizeBytes).toBeGreaterThan(0);
    const fruit = await dynamodb.send(new QueryCommand({ TableName: "Imported", IndexName: "byKind", KeyConditionExpression: "kind = :k", ExpressionAttributeValues: { ":k": { S: "fruit" } } }));
    expect(fruit.Count).toBe(2);
    expect((await scanAll("Imported")).find((i) => i.pk?.S === "q")?.n).toEqual({ N: "42.5" });

    const listed = await dynamodb.send(new ListImportsCommand({ TableArn: done.TableArn }));
    expect(listed.ImportSummaryList?.map((s) => [s.ImportArn, s.ImportStatus])).toEqual([[started.ImportArn, "COMPLETED"]]);
  });

  it("reads CSV with the header it is given, typing key columns by AttributeDefinitions", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "imports", Key: "csv/rows.csv", Body: 'p1;7;fruit;"sweet; ripe"\np2;8;veg;\n' }));
    const started = await dynamodb.send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "csv/" },
        InputFormat: "CSV",
        InputFormatOptions: { Csv: { Delimiter: ";", HeaderList: ["pk", "sk", "kind", "note"] } },
        TableCreationParameters: { TableName: "FromCsv", ...KEYED },
      }),
    );
    expect(await finishedImport(started.ImportTableDescription?.ImportArn ?? "")).toMatchObject({ ImportStatus: "COMPLETED", ImportedItemCount: 2 });
    expect(await scanAll("FromCsv")).toEqual([
      { pk: { S: "p1" }, sk: { N: "7" }, kind: { S: "fruit" }, note: { S: "sweet; ripe" } },
      { pk: { S: "p2" }, sk: { N: "8" }, kind: { S: "veg" } },
    ]);
  });

  it("counts a bad line as one error that ends its object, fails the import but keeps its table, and logs it to CloudWatch Logs", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "imports", Key: "bad/one.json", Body: '{"Item":{"pk":{"S":"ok"},"sk":{"N":"1"}}}\n{"Item":{"sk":{"N":"2"}}}\n{"Item":{"pk":{"S":"skipped"},"sk":{"N":"3"}}}\n' }));
    await s3.send(new PutObjectCommand({ Bucket: "imports", Key: "bad/two.json", Body: '{"NotAnItem":{}}\n' }));
    const started = await dynamodb.send(
      new ImportTableCommand({ S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "bad/" }, InputFormat: "DYNAMODB_JSON", TableCreationParameters: { TableName: "WithErrors", ...KEYED } }),
    );
    const done = await finishedImport(started.ImportTableDescription?.ImportArn ?? "");
    // Any error ends FAILED / ItemValidationError, the valid items kept (ack-api-quirks DDB-IMPORT-013, 2026-10; Alternator's test_invalid_items).
    expect(done).toMatchObject({
      ImportStatus: "FAILED",
      FailureCode: "ItemValidationError",
      FailureMessage: "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for more details.",
      ProcessedItemCount: 3,
      ImportedItemCount: 1,
      ErrorCount: 2,
    });
    expect(done.CloudWatchLogGroupArn).toBe("arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports:*");
    const stream = (done.ImportArn ?? "").split("/").pop() ?? "";
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: "/aws-dynamodb/imports", logStreamName: stream }));
    const logged = (events.events ?? []).map((e) => JSON.parse(e.message ?? "{}") as { itemS3Pointer: { key: string; itemIndex: number }; importArn: string });
    expect(logged.map((e) => [e.itemS3Pointer.key, e.itemS3Pointer.itemIndex])).toEqual([
      ["bad/one.json", 1],
      ["bad/two.json", 0],
    ]);
    expect(await scanAll("WithErrors")).toEqual([{ pk: { S: "ok" }, sk: { N: "1" } }]);
  });

  it("refuses an existing table, and a ClientToken reused for another table", async () => {
    const existing = await refusal(
      dynamodb.send(new ImportTableCommand({ S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "json/" }, InputFormat: "DYNAMODB_JSON", TableCreationParameters: { TableName: "Imported", ...KEYED } })),
    );
    expect(existing).toEqual({ name: "ResourceInUseException", message: "Table already exists: Imported" });
    const request = { S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "nothing-here/" }, InputFormat: "DYNAMODB_JSON" as const, ClientToken: "import-token" };
    const first = await dynamodb.send(new ImportTableCommand({ ...request, TableCreationParameters: { TableName: "EmptyImport", ...KEYED } }));
    // A prefix holding nothing completes with an empty table.
    expect(await finishedImport(first.ImportTableDescription?.ImportArn ?? "")).toMatchObject({ ImportStatus: "COMPLETED", ProcessedItemCount: 0 });
    expect(await scanAll("EmptyImport")).toEqual([]);
    // Once done, its table exists: a replay is refused on that ground before the token is looked at.
    expect((await refusal(dynamodb.send(new ImportTableCommand({ ...request, TableCreationParameters: { TableName: "EmptyImport", ...KEYED } })))).name).toBe("ResourceInUseException");
    expect(await refusal(dynamodb.send(new ImportTableCommand({ ...request, TableCreationParameters: { TableName: "OtherTable", ...KEYED } })))).toEqual({
      name: "ImportConflictException",
      message: "Import conflict: Duplicate request detected with conflicting parameters",
    });
  });

  it("reports the bucket owner it defaulted, and fails GZIP on a plain object as one item error (DDB-IMPORT-003/015)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "imports", Key: "plain/rows.json", Body: '{"Item":{"pk":{"S":"p"},"sk":{"N":"1"}}}\n' }));
    const started = (
      await dynamodb.send(
        new ImportTableCommand({
          S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "plain/" },
          InputFormat: "DYNAMODB_JSON",
          InputCompressionType: "GZIP",
          TableCreationParameters: { TableName: "NotGzip", ...KEYED },
        }),
      )
    ).ImportTableDescription ?? {};
    expect(started.S3BucketSource).toEqual({ S3BucketOwner: "000000000000", S3Bucket: "imports", S3KeyPrefix: "plain/" });
    expect(started.InputFormatOptions).toBeUndefined();
    expect(await finishedImport(started.ImportArn ?? "")).toMatchObject({
      ImportStatus: "FAILED",
      FailureCode: "ItemValidationError",
      ProcessedItemCount: 1,
      ImportedItemCount: 0,
      ErrorCount: 1,
    });
    expect(await scanAll("NotGzip")).toEqual([]);
  });

  it("fails the import when the bucket does not exist", async () => {
    const started = await dynamodb.send(
      new ImportTableCommand({ S3BucketSource: { S3Bucket: "no-such-bucket-here" }, InputFormat: "DYNAMODB_JSON", TableCreationParameters: { TableName: "NeverMade", ...KEYED } }),
    );
    expect(await finishedImport(started.ImportTableDescription?.ImportArn ?? "")).toMatchObject({ ImportStatus: "FAILED", FailureCode: "S3NoSuchBucket" });
    expect((await refusal(dynamodb.send(new ScanCommand({ TableName: "NeverMade" })))).name).toBe("ResourceNotFoundException");
  });
});

describe("export then import", () => {
  it("gives back the same items", async () => {
    const tableArn = await table("RoundTrip");
    for (const item of ITEMS) await dynamodb.send(new PutItemCommand({ TableName: "RoundTrip", Item: item }));
    const started = await dynamodb.send(new ExportTableToPointInTimeCommand({ TableArn: tableArn, S3Bucket: "exports", S3Prefix: "round" }));
    const done = await finishedExport(started.ExportDescription?.ExportArn ?? "");
    const dataPrefix = (done.ExportManifest ?? "").replace("manifest-summary.json", "data/");
    const imported = await dynamodb.send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: "exports", S3KeyPrefix: dataPrefix },
        InputFormat: "DYNAMODB_JSON",
        InputCompressionType: "GZIP",
        TableCreationParameters: {
          TableName: "RoundTripCopy",
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "N" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
        },
      }),
    );
    expect(await finishedImport(imported.ImportTableDescription?.ImportArn ?? "")).toMatchObject({ ImportStatus: "COMPLETED", ImportedItemCount: 3, ErrorCount: 0 });
    expect(await scanAll("RoundTripCopy")).toEqual(await scanAll("RoundTrip"));
  });
});
