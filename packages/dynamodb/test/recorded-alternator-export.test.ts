/**
 * ScyllaDB Alternator's test_export.py and test_import.py (scylladb/scylladb test/alternator,
 * 2026; pytest + boto3, written to pass on real DynamoDB), the cases the sandbox answered
 * differently, replayed through SDK v3: exports and imports with S3 behind the service's
 * dispatcher (an in-memory bucket map), the import's running time driven by the virtual clock.
 */
import { gunzipSync } from "node:zlib";
import {
  CreateTableCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  DescribeTableCommand,
  ExportTableToPointInTimeCommand,
  ImportTableCommand,
  ListImportsCommand,
  PutItemCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  type ImportTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, MemoryS3, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const s3 = new MemoryS3();
beforeAll(async () => {
  h = await startDynamoDb({ dispatcher: s3 });
});
afterAll(async () => h.close());

/** The jobs under way end: the clock passes an import's minimum second, then their work settles. */
async function jobsEnd(): Promise<void> {
  await h.clock.advance(1_000);
  await h.db.engine.settled();
}

const KEYED = {
  BillingMode: "PAY_PER_REQUEST" as const,
  AttributeDefinitions: [
    { AttributeName: "p", AttributeType: "S" as const },
    { AttributeName: "c", AttributeType: "N" as const },
  ],
  KeySchema: [
    { AttributeName: "p", KeyType: "HASH" as const },
    { AttributeName: "c", KeyType: "RANGE" as const },
  ],
};

let prefixes = 0;
/** Objects (name → lines) under a fresh prefix of the imports bucket; answers the prefix. */
function upload(objects: Record<string, string[]>): string {
  prefixes += 1;
  const prefix = `in-${prefixes}/`;
  for (const [name, lines] of Object.entries(objects)) s3.objects.set(`imports/${prefix}${name}.json`, Buffer.from(`${lines.join("\n")}\n`));
  return prefix;
}

function importInput(prefix: string, name: string, extra: Partial<ImportTableCommandInput> = {}): ImportTableCommandInput {
  return { S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: prefix }, InputFormat: "DYNAMODB_JSON", InputCompressionType: "NONE", TableCreationParameters: { TableName: name, ...KEYED }, ...extra };
}

const line = (p: string, c: number, more: Record<string, unknown> = {}) => JSON.stringify({ Item: { p: { S: p }, c: { N: String(c) }, ...more } });

describe("ImportTable (Alternator's test_import.py)", () => {
  it("is seen running: IN_PROGRESS, counters at zero, no EndTime, no table yet, listed (test_import_in_flight)", async () => {
    const name = tableName("imp");
    const started = (await h.client.send(new ImportTableCommand(importInput(upload({ a: [line("x", 1), line("y", 2)] }), name)))).ImportTableDescription;
    const arn = started?.ImportArn ?? "";
    const first = (await h.client.send(new DescribeImportCommand({ ImportArn: arn }))).ImportTableDescription;
    expect(first).toMatchObject({ ImportStatus: "IN_PROGRESS", ProcessedItemCount: 0, ImportedItemCount: 0, ErrorCount: 0 });
    expect(first?.EndTime).toBeUndefined();
    expect(await failure(() => h.client.send(new DescribeTableCommand({ TableName: name })))).toMatch(/^ResourceNotFoundException/);
    const listed = (await h.client.send(new ListImportsCommand({ TableArn: started?.TableArn }))).ImportSummaryList ?? [];
    expect(listed.map((s) => [s.ImportArn, s.ImportStatus])).toContainEqual([arn, "IN_PROGRESS"]);
    await jobsEnd();
    expect((await h.client.send(new DescribeImportCommand({ ImportArn: arn }))).ImportTableDescription).toMatchObject({ ImportStatus: "COMPLETED", ImportedItemCount: 2 });
  });

  it("answers the running import to a replay whatever else changed, conflicts for another table, and once ended is refused as an existing table (test_client_token_reuse)", async () => {
    const name = tableName("tok");
    const input = importInput(upload({ a: [line("good", 1, { v: { S: "kept" } })] }), name, { ClientToken: "alternator-token" });
    const initial = (await h.client.send(new ImportTableCommand(input))).ImportTableDescription;
    for (const changed of [
      { InputCompressionType: "GZIP" as const },
      { InputFormat: "CSV" as const },
      { S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "some/other/prefix/" } },
      { S3BucketSource: { S3Bucket: "some-other-bucket-name", S3KeyPrefix: input.S3BucketSource?.S3KeyPrefix } },
    ]) {
      const replay = (await h.client.send(new ImportTableCommand({ ...input, ...changed }))).ImportTableDescription;
      expect(replay).toEqual(initial);
    }
    const other = { ...input, TableCreationParameters: { ...KEYED, TableName: tableName("tok") } };
    expect(await failure(() => h.client.send(new ImportTableCommand(other)))).toBe("ImportConflictException: Import conflict: Duplicate request detected with conflicting parameters");
    await jobsEnd();
    expect(await failure(() => h.client.send(new ImportTableCommand(input)))).toBe(`ResourceInUseException: Table already exists: ${name}`);
  });

  it("counts an item with an empty attribute name as one error, the valid items kept (test_invalid_items)", async () => {
    const name = tableName("bad");
    const prefix = upload({ "00000-good": [line("good", 1), line("good", 2), "", "   "], "00001-bad": [line("x", 1, { "": { S: "v" } })] });
    const arn = (await h.client.send(new ImportTableCommand(importInput(prefix, name)))).ImportTableDescription?.ImportArn ?? "";
    await jobsEnd();
    const done = (await h.client.send(new DescribeImportCommand({ ImportArn: arn }))).ImportTableDescription;
    expect(done).toMatchObject({ ImportStatus: "FAILED", FailureCode: "ItemValidationError", ProcessedItemCount: 3, ImportedItemCount: 2, ErrorCount: 1 });
    expect((await h.client.send(new ScanCommand({ TableName: name }))).Count).toBe(2);
  });
});

/** An on-demand table keyed by the string "p", point in time recovery on; answers its ARN. */
async function pitrTable(name = tableName("exp")): Promise<string> {
  const out = await h.client.send(
    new CreateTableCommand({ TableName: name, BillingMode: "PAY_PER_REQUEST", AttributeDefinitions: [{ AttributeName: "p", AttributeType: "S" }], KeySchema: [{ AttributeName: "p", KeyType: "HASH" }] }),
  );
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  return out.TableDescription?.TableArn ?? "";
}

describe("ExportTableToPointInTime and DescribeExport (Alternator's test_export.py)", () => {
  it("refuses an empty S3Prefix naming s3Prefix (test_export_setting_fields_to_weird_values_or_skipping_fail)", async () => {
    const arn = await pitrTable();
    expect(await failure(() => h.client.send(new ExportTableToPointInTimeCommand({ TableArn: arn, S3Bucket: "exports", S3Prefix: "" })))).toBe(
      "ValidationException: 1 validation error detected: Value '' at 's3Prefix' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("answers AccessDeniedException for an ARN of another partition, service or account, before its shape (test_describe_export_incorrect_arns)", async () => {
    for (const arn of [
      "arn:qwerty:dynamodb:us-east-1:000000000000:table/nonexistent_table_xyz",
      "arn:aws:qwerty:us-east-1:000000000000:table/nonexistent_table_xyz",
      "arn:aws:dynamodb:us-east-1:qwerty:table/nonexistent_table_xyz",
      "arn:aws:dynamodb:us-east-1:111122223333:table/t/export/01234567890123-0badf00d",
    ]) {
      expect(await failure(() => h.client.send(new DescribeExportCommand({ ExportArn: arn }))), arn).toBe("AccessDeniedException: Access is denied");
    }
    expect(await failure(() => h.client.send(new DescribeExportCommand({ ExportArn: "qwerty:aws:dynamodb:us-east-1:000000000000:table/nonexistent_table_xyz" })))).toBe(
      "ValidationException: Invalid Export ARN",
    );
  });
});

describe("ION exports (Alternator's test_export_with_data_full[ION-…])", () => {
  it("writes data/<name>.ion.gz, one `$ion_1_0 {Item:{…}}` line per item in Amazon Ion text, and a manifest saying ION", async () => {
    const name = tableName("ion");
    const arn = await pitrTable(name);
    await h.client.send(
      new PutItemCommand({
        TableName: name,
        Item: {
          p: { S: 'item"0' },
          n: { N: "10" },
          f: { N: "-1.5" },
          e: { N: "1E-130" },
          b: { B: Buffer.from("qwerty") },
          ss: { SS: ["a"] },
          ns: { NS: ["2.5"] },
          bs: { BS: [Buffer.from("x")] },
          m: { M: { "a.b": { NULL: true }, true: { BOOL: false } } },
          l: { L: [{ N: "5" }, { S: "q" }] },
        },
      }),
    );
    const started = (await h.client.send(new ExportTableToPointInTimeCommand({ TableArn: arn, S3Bucket: "exports", S3Prefix: `ion-${name}`, ExportFormat: "ION" }))).ExportDescription;
    expect(started).toMatchObject({ ExportFormat: "ION", ExportStatus: "IN_PROGRESS" });
    await jobsEnd();
    const done = (await h.client.send(new DescribeExportCommand({ ExportArn: started?.ExportArn }))).ExportDescription;
    expect(done).toMatchObject({ ExportStatus: "COMPLETED", ItemCount: 1 });
    const files = s3.under(`ion-${name}/`);
    const data = [...files].filter(([key]) => key.includes("/data/"));
    expect(data.map(([key]) => key.endsWith(".ion.gz"))).toEqual([true]);
    expect(gunzipSync(data[0]?.[1] ?? Buffer.alloc(0)).toString()).toBe(
      // (DynamoDB keeps 1E-130 written out in full.)
      `$ion_1_0 {Item:{p:"item\\"0",n:10,f:-1.5,e:0.${"0".repeat(129)}1,b:{{cXdlcnR5}},ss:$dynamodb_SS::["a"],ns:$dynamodb_NS::[2.5],bs:$dynamodb_BS::[{{eA==}}],m:{"a.b":null,"true":false},l:[5,"q"]}}\n`,
    );
    const summary = [...files].find(([key]) => key.endsWith("manifest-summary.json"))?.[1].toString() ?? "{}";
    expect(JSON.parse(summary)).toMatchObject({ outputFormat: "ION", itemCount: 1 });
  });
});

describe("INCREMENTAL_EXPORT (Alternator's test_export.py; texts: ack-api-quirks DDB-EXPORT-004/019, 2026-10)", () => {
  const at = (seconds: number) => new Date(seconds * 1000);
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

  it("refuses a window under 15 minutes, a to time past now and a from time before the recovery window, as InvalidExportTimeException (test_export_incremental_export_time_too_close)", async () => {
    const arn = await pitrTable();
    const now = h.clock.now() / 1000;
    const send = (from: number, to?: number) =>
      failure(() =>
        h.client.send(
          new ExportTableToPointInTimeCommand({
            TableArn: arn,
            S3Bucket: "exports",
            ExportType: "INCREMENTAL_EXPORT",
            IncrementalExportSpecification: { ExportFromTime: at(from), ...(to !== undefined ? { ExportToTime: at(to) } : {}), ExportViewType: "NEW_IMAGE" },
          }),
        ),
      );
    expect(await send(now - 2, now)).toBe("InvalidExportTimeException: Difference between export period from time and export period to time is less than 15 minutes");
    expect(await send(now - 3600)).toBe(`InvalidExportTimeException: Incremental export period from time cannot be less than the table creation time : ${iso(now - 3600)}`);
    expect(await send(now, now + 3600)).toBe(`InvalidExportTimeException: Incremental export period to time cannot be greater than the current time : ${iso(now + 3600)}`);
  });

  it("accepts a window of 15 minutes and more, holds its ClientToken to the whole specification, and ends FAILED: no change history here (test_export_client_token_changed_incremental_export_spec_fields)", async () => {
    const arn = await pitrTable();
    const from = h.clock.now() / 1000;
    await h.clock.advance(901_000);
    const request = (spec: { from?: number; to?: number; view?: "NEW_IMAGE" | "NEW_AND_OLD_IMAGES" } = {}) =>
      new ExportTableToPointInTimeCommand({
        TableArn: arn,
        S3Bucket: "exports",
        ClientToken: "incremental-token",
        ExportType: "INCREMENTAL_EXPORT",
        IncrementalExportSpecification: { ExportFromTime: at(spec.from ?? from), ExportToTime: at(spec.to ?? from + 901), ExportViewType: spec.view ?? "NEW_IMAGE" },
      });
    const started = (await h.client.send(request())).ExportDescription;
    expect(started).toMatchObject({ ExportStatus: "IN_PROGRESS", ExportType: "INCREMENTAL_EXPORT", IncrementalExportSpecification: { ExportFromTime: at(from), ExportToTime: at(from + 901), ExportViewType: "NEW_IMAGE" } });
    expect(started?.ExportTime).toBeUndefined();
    const conflict = "ExportConflictException: Export conflict: Duplicate request detected with conflicting parameters";
    expect(await failure(() => h.client.send(request({ from: from + 1 })))).toBe(conflict);
    expect(await failure(() => h.client.send(request({ to: from + 900 })))).toBe(conflict);
    expect(await failure(() => h.client.send(request({ view: "NEW_AND_OLD_IMAGES" })))).toBe(conflict);
    expect((await h.client.send(request())).ExportDescription?.ExportArn).toBe(started?.ExportArn);
    await jobsEnd();
    expect((await h.client.send(new DescribeExportCommand({ ExportArn: started?.ExportArn }))).ExportDescription).toMatchObject({
      ExportStatus: "FAILED",
      FailureCode: "SandboxUnsupported",
    });
  });
});
