/**
 * More control-plane behaviour recorded on real DynamoDB by the ack-api-quirks lab (findings
 * DDB-TABLE-…, DDB-IMPORT-…, DDB-EXPORT-…, verified 2026-10), replayed through SDK v3 against the
 * sandbox; each case names its finding. Times DynamoDB takes are driven by the virtual clock.
 */
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteResourcePolicyCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeExportCommand,
  DescribeTableCommand,
  ExportTableToPointInTimeCommand,
  GetResourcePolicyCommand,
  ImportTableCommand,
  ListExportsCommand,
  ListImportsCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  PutResourcePolicyCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  type CreateTableCommandInput,
  type ExportTableToPointInTimeCommandInput,
  type ImportTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, onDemandTable, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(async () => h.close());

const ACCOUNT = "000000000000";

async function created(input: CreateTableCommandInput): Promise<{ name: string; arn: string }> {
  const out = await h.client.send(new CreateTableCommand(input));
  return { name: input.TableName ?? "", arn: out.TableDescription?.TableArn ?? "" };
}

const seconds = (n: number) => h.clock.advance(n * 1000);
const policy = (action: string | string[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: action, Resource: "*" }] });
const put = (ResourceArn: string, Policy: string, ExpectedRevisionId?: string) => h.client.send(new PutResourcePolicyCommand({ ResourceArn, Policy, ExpectedRevisionId }));
const remove = (ResourceArn: string, ExpectedRevisionId?: string) => h.client.send(new DeleteResourcePolicyCommand({ ResourceArn, ExpectedRevisionId }));
const retryAt = (revision: string | undefined) => new Date(Number(revision) + 15_000).toISOString();

describe("resource-based policy 15 s window", () => {
  it("throttles a different Put and a Delete until the change's RevisionId + 15000 ms, naming that time (DDB-TABLE-206)", async () => {
    const { name, arn } = await created(onDemandTable(tableName("rpw")));
    const first = await put(arn, policy("dynamodb:GetItem"));
    const throttled = `ThrottlingException: Resource-based policy for table ${name} modified within the previous 15000 milliseconds. Please try again after ${retryAt(first.RevisionId)}.`;
    seconds(2.4);
    expect(await failure(() => put(arn, policy("dynamodb:PutItem")))).toBe(throttled);
    expect(await failure(() => remove(arn))).toBe(throttled);
    // The same document inside the window is a no-op with the same RevisionId.
    expect((await put(arn, policy("dynamodb:GetItem"))).RevisionId).toBe(first.RevisionId);
    h.clock.advance(15_000 - 2_400 - 1);
    expect(await failure(() => put(arn, policy("dynamodb:PutItem")))).toBe(throttled);
    h.clock.advance(1);
    const second = await put(arn, policy("dynamodb:PutItem"));
    expect(second.RevisionId).toBe(String(h.clock.now()));
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).RevisionId).toBe(second.RevisionId);
  });

  it("checks ExpectedRevisionId before the window: a stale one is PolicyNotFoundException, the current one waits 15 s (DDB-TABLE-347/209)", async () => {
    const { name, arn } = await created(onDemandTable(tableName("rpw")));
    const first = await put(arn, policy("dynamodb:GetItem"));
    seconds(20);
    const second = await put(arn, policy("dynamodb:PutItem"), first.RevisionId);
    seconds(1);
    expect(await failure(() => put(arn, policy("dynamodb:Query"), first.RevisionId))).toBe(
      `PolicyNotFoundException: Resource-based policy not found for the provided ResourceArn: Requested update for policy with revision id ${first.RevisionId}, but the policy associated to target table ${name} has revision id ${second.RevisionId}.`,
    );
    expect(await failure(() => remove(arn, second.RevisionId))).toMatch(/^ThrottlingException: Resource-based policy for table .* Please try again after /);
    seconds(14);
    // Delete answers the removed policy's RevisionId (DDB-TABLE-209).
    expect((await remove(arn, second.RevisionId)).RevisionId).toBe(second.RevisionId);
    expect(await failure(() => h.client.send(new GetResourcePolicyCommand({ ResourceArn: arn })))).toMatch(/^PolicyNotFoundException/);
  });

  it("starts the window on a Delete too: a Put right after it is throttled (DDB-TABLE-206)", async () => {
    const { name, arn } = await created(onDemandTable(tableName("rpw")));
    await put(arn, policy("dynamodb:GetItem"));
    seconds(15);
    await remove(arn);
    const deletedAt = h.clock.now();
    seconds(0.07);
    expect(await failure(() => put(arn, policy("dynamodb:GetItem")))).toBe(
      `ThrottlingException: Resource-based policy for table ${name} modified within the previous 15000 milliseconds. Please try again after ${new Date(deletedAt + 15_000).toISOString()}.`,
    );
    // Deleting where no policy is stays an idempotent success (DDB-TABLE-205).
    expect((await remove(arn)).RevisionId).toBeUndefined();
  });

  it("keeps a window per slot: the stream's policy has its own, the table's is not blocked by it (DDB-TABLE-213)", async () => {
    const { name, arn } = await created(onDemandTable(tableName("rpw"), { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }));
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    const streamArn = Table?.LatestStreamArn ?? "";
    const first = await put(streamArn, policy(["dynamodb:GetRecords", "dynamodb:DescribeStream"]));
    seconds(1.6);
    await put(arn, policy("dynamodb:GetItem"));
    expect(await failure(() => put(streamArn, policy("dynamodb:GetRecords")))).toBe(
      `ThrottlingException: Resource-based policy for stream ${Table?.LatestStreamLabel} modified within the previous 15000 milliseconds. Please try again after ${retryAt(first.RevisionId)}.`,
    );
    seconds(13.4);
    expect((await remove(streamArn)).RevisionId).toBe(first.RevisionId);
  });
});

async function pitrTable(): Promise<{ name: string; arn: string }> {
  const made = await created(onDemandTable(tableName("exp")));
  await h.client.send(new UpdateContinuousBackupsCommand({ TableName: made.name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  return made;
}

const exportTable = (input: ExportTableToPointInTimeCommandInput) => h.client.send(new ExportTableToPointInTimeCommand(input));

describe("ExportTableToPointInTime, DescribeExport, ListExports", () => {
  it("words the TableArn refusals, the ExportType / IncrementalExportSpecification couplings and a KMS key without KMS as DynamoDB does (DDB-EXPORT-001/002/003/005)", async () => {
    const { arn } = await pitrTable();
    const refused = (extra: Partial<ExportTableToPointInTimeCommandInput>) => failure(() => exportTable({ TableArn: arn, S3Bucket: "exports", ...extra }));
    const from = new Date(h.clock.now() - 3_600_000);
    expect(await refused({ IncrementalExportSpecification: { ExportFromTime: from } })).toBe(
      "ValidationException: Invalid Request: Export Type expected to be Incremental Export when incremental export specification is provided",
    );
    expect(await refused({ ExportType: "FULL_EXPORT", IncrementalExportSpecification: { ExportFromTime: from } })).toBe(
      "ValidationException: Invalid Request: When Export Type is Full Export , Incremental Export Specification should not be provided",
    );
    expect(await refused({ ExportType: "INCREMENTAL_EXPORT" })).toBe(
      "ValidationException: Invalid Request: Incremental Export Specification expected when export type is set as Incremental Export",
    );
    expect(await refused({ ExportType: "INCREMENTAL_EXPORT", IncrementalExportSpecification: {} })).toBe(
      "ValidationException: Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification",
    );
    expect(await refused({ ExportType: "INCREMENTAL_EXPORT", IncrementalExportSpecification: { ExportViewType: "NEW_IMAGE" } })).toBe(
      "ValidationException: Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification",
    );
    expect(await failure(() => exportTable({ TableArn: "Nope", S3Bucket: "exports" }))).toBe("ValidationException: One or more parameter values were invalid: tableArn is not a valid ARN");
    expect(await failure(() => exportTable({ TableArn: `${arn}/index/byKind`, S3Bucket: "exports" }))).toBe("ValidationException: Invalid Request: Table ARN is invalid.");
    expect(await failure(() => exportTable({ TableArn: `${arn}-missing`, S3Bucket: "exports" }))).toBe(`TableNotFoundException: Table not found: ${arn}-missing`);
    expect(await refused({ S3SseKmsKeyId: "alias/aws/s3" })).toBe("ValidationException: Invalid Request: KMS Key Id is not supported for this encryption type");
    expect(await refused({ S3SseAlgorithm: "AES256", S3SseKmsKeyId: "alias/aws/s3" })).toBe("ValidationException: Invalid Request: KMS Key Id is not supported for this encryption type");
  });

  it("describes no ExportType it was not sent, and answers not-found as DynamoDB does (DDB-EXPORT-017/006)", async () => {
    const { arn } = await pitrTable();
    const started = (await exportTable({ TableArn: arn, S3Bucket: "exports", ClientToken: "tok-017" })).ExportDescription;
    expect(started).toMatchObject({ ExportFormat: "DYNAMODB_JSON", S3SseAlgorithm: "AES256", ClientToken: "tok-017" });
    expect(started?.ExportType).toBeUndefined();
    expect(await failure(() => exportTable({ TableArn: arn, S3Bucket: "exports", S3Prefix: "other", ClientToken: "tok-017" }))).toBe(
      "ExportConflictException: Export conflict: Duplicate request detected with conflicting parameters",
    );
    const unknown = `${arn}/export/01234567890123-0badf00d`;
    expect(await failure(() => h.client.send(new DescribeExportCommand({ ExportArn: unknown })))).toBe(`ExportNotFoundException: Export not found: Export not found: ${unknown}`);
    const west = (started?.ExportArn ?? "").replace(":us-east-1:", ":us-west-2:");
    expect(await failure(() => h.client.send(new DescribeExportCommand({ ExportArn: west })))).toBe("ExportNotFoundException: Export not found: Invalid export arn");
    expect(await failure(() => h.client.send(new DescribeExportCommand({ ExportArn: arn })))).toBe("ValidationException: Invalid Export ARN");
  });

  it("lists newest first, ten to a page, and lists none for a deleted or re-created table while DescribeExport still answers (DDB-IMPORT-016/DDB-EXPORT-017/020)", async () => {
    const { name, arn } = await pitrTable();
    const arns: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      h.clock.advance(1);
      arns.push((await exportTable({ TableArn: arn, S3Bucket: "exports" })).ExportDescription?.ExportArn ?? "");
    }
    const first = await h.client.send(new ListExportsCommand({ TableArn: arn }));
    expect(first.ExportSummaries?.map((s) => s.ExportArn)).toEqual(arns.slice(1).reverse());
    expect(first.ExportSummaries?.[0]?.ExportType).toBe("FULL_EXPORT");
    const second = await h.client.send(new ListExportsCommand({ TableArn: arn, NextToken: first.NextToken }));
    expect(second.ExportSummaries?.map((s) => s.ExportArn)).toEqual([arns[0]]);
    expect(second.NextToken).toBeUndefined();
    // A token is no good for ListImports; with another TableArn it answers an empty page (DDB-EXPORT-006).
    const token = first.NextToken ?? "";
    expect(await failure(() => h.client.send(new ListImportsCommand({ NextToken: token })))).toBe(`ValidationException: Invalid Request: Provided nextToken is invalid: ${token}`);
    const other = await pitrTable();
    expect((await h.client.send(new ListExportsCommand({ TableArn: other.arn, NextToken: token }))).ExportSummaries).toEqual([]);

    await h.client.send(new DeleteTableCommand({ TableName: name }));
    expect((await h.client.send(new ListExportsCommand({ TableArn: arn }))).ExportSummaries).toEqual([]);
    expect((await h.client.send(new DescribeExportCommand({ ExportArn: arns[0] }))).ExportDescription?.TableArn).toBe(arn);
    await created(onDemandTable(name));
    expect((await h.client.send(new ListExportsCommand({ TableArn: arn }))).ExportSummaries).toEqual([]);
  });
});

describe("ImportTable request validation", () => {
  const base = (extra: Partial<ImportTableCommandInput["TableCreationParameters"]> = {}): ImportTableCommandInput => ({
    S3BucketSource: { S3Bucket: "imports", S3KeyPrefix: "in/" },
    InputFormat: "DYNAMODB_JSON",
    TableCreationParameters: {
      TableName: tableName("imp"),
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ...extra,
    },
  });
  const refused = (input: ImportTableCommandInput) => failure(() => h.client.send(new ImportTableCommand(input)));

  it("refuses as DynamoDB does (DDB-IMPORT-009)", async () => {
    expect(await refused(base())).toBe(
      "ValidationException: One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    );
    expect(await refused(base({ BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, OnDemandThroughput: { MaxWriteRequestUnits: 10 } }))).toBe(
      "ValidationException: One or more parameter values were invalid: MaxWriteRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.",
    );
    expect(await refused({ ...base({ BillingMode: "PAY_PER_REQUEST" }), InputFormatOptions: { Csv: { Delimiter: "," } } })).toBe(
      "ValidationException: Invalid Request: Unsupported InputFormatOptions for the given input format: DYNAMODB_JSON.",
    );
    expect(await refused({ ...base({ BillingMode: "PAY_PER_REQUEST" }), InputCompressionType: "BZIP2" as never })).toBe(
      "ValidationException: 1 validation error detected: Value 'BZIP2' at 'inputCompressionType' failed to satisfy constraint: Member must satisfy enum value set: [ZSTD, NONE, GZIP]",
    );
  });
});

describe("backups", () => {
  it("looks a backup ARN up whatever its Region, echoing it; refuses what is no backup ARN and another account's (DDB-BACKUP-012)", async () => {
    const { name, arn } = await created(onDemandTable(tableName("bak")));
    const backupArn = (await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak" }))).BackupDetails?.BackupArn ?? "";
    const elsewhere = backupArn.replace(":us-east-1:", ":eu-west-1:");
    const described = await h.client.send(new DescribeBackupCommand({ BackupArn: elsewhere }));
    expect(described.BackupDescription?.BackupDetails).toMatchObject({ BackupArn: elsewhere, BackupStatus: "AVAILABLE" });
    const describe = (BackupArn: string) => failure(() => h.client.send(new DescribeBackupCommand({ BackupArn })));
    expect(await describe(`${arn}/stream/2026-01-01T00:00:00.000`)).toBe("ValidationException: Invalid Backup ARN");
    expect(await describe("x".repeat(48))).toBe("ValidationException: Invalid Backup ARN");
    expect(await describe(backupArn.replace(":000000000000:", ":111122223333:"))).toBe("AccessDeniedException: Access is denied");
    const deleted = await h.client.send(new DeleteBackupCommand({ BackupArn: elsewhere }));
    expect(deleted.BackupDescription?.BackupDetails).toMatchObject({ BackupArn: elsewhere, BackupStatus: "DELETED" });
    expect(await describe(backupArn)).toBe(`BackupNotFoundException: Backup not found: ${backupArn}`);
  });

  it("answers TableNotFoundException for a missing point-in-time source, bare for a SourceTableArn (DDB-TABLE-098/447)", async () => {
    const missing = tableName("missing");
    expect(await failure(() => h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableName: missing, TargetTableName: tableName("tgt"), UseLatestRestorableTime: true })))).toBe(
      `TableNotFoundException: Table not found: ${missing}`,
    );
    const SourceTableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${missing}`;
    expect(await failure(() => h.client.send(new RestoreTableToPointInTimeCommand({ SourceTableArn, TargetTableName: tableName("tgt"), UseLatestRestorableTime: true })))).toBe(
      "TableNotFoundException: Table not found",
    );
  });

  it("restores with an empty OnDemandThroughputOverride, yet answers TableInUseException naming its own restore (DDB-TABLE-463)", async () => {
    const { name } = await created(onDemandTable(tableName("bak")));
    const backupArn = (await h.client.send(new CreateBackupCommand({ TableName: name, BackupName: "bak" }))).BackupDetails?.BackupArn ?? "";
    const target = tableName("restored");
    expect(await failure(() => h.client.send(new RestoreTableFromBackupCommand({ BackupArn: backupArn, TargetTableName: target, OnDemandThroughputOverride: {} })))).toBe(
      `TableInUseException: Table: ${target} is already being restored from backup: ${backupArn}`,
    );
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: target }));
    expect(Table).toMatchObject({ TableStatus: "ACTIVE", BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" } });
    expect(Table?.OnDemandThroughput).toBeUndefined();
    // A valid override is taken (the finding's control).
    const other = tableName("restored");
    await h.client.send(new RestoreTableFromBackupCommand({ BackupArn: backupArn, TargetTableName: other, OnDemandThroughputOverride: { MaxReadRequestUnits: 10, MaxWriteRequestUnits: 10 } }));
    expect((await h.client.send(new DescribeTableCommand({ TableName: other }))).Table?.OnDemandThroughput).toEqual({ MaxReadRequestUnits: 10, MaxWriteRequestUnits: 10 });
  });
});

describe("tags", () => {
  it("answers AccessDeniedException for another account's table ARN (DDB-TABLE-071)", async () => {
    const { arn } = await created(onDemandTable(tableName("tag")));
    const foreign = arn.replace(":000000000000:", ":111122223333:");
    expect(await failure(() => h.client.send(new ListTagsOfResourceCommand({ ResourceArn: foreign })))).toBe("AccessDeniedException: Access is denied");
    expect(await failure(() => h.client.send(new TagResourceCommand({ ResourceArn: foreign, Tags: [{ Key: "k", Value: "v" }] })))).toBe("AccessDeniedException: Access is denied");
  });
});
