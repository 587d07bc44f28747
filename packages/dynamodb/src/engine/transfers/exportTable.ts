/**
 * ExportTableToPointInTime, DescribeExport and ListExports: a table's items written to the
 * sandbox's S3 in DynamoDB's layout —
 *   <S3Prefix>/AWSDynamoDB/<ExportId>/_started
 *   <S3Prefix>/AWSDynamoDB/<ExportId>/data/<name>.json.gz   (gzip, one {"Item":{…}} a line; .ion.gz in Amazon Ion)
 *   <S3Prefix>/AWSDynamoDB/<ExportId>/manifest-files.json    (+ .md5)
 *   <S3Prefix>/AWSDynamoDB/<ExportId>/manifest-summary.json  (+ .md5)
 * (DynamoDB developer guide, "DynamoDB table export output format"; the .md5 checksum files as
 * Alternator's test_export.py observed them on AWS). The items are taken when the request is
 * answered — a consistent snapshot, since no write runs between the first item and the last —
 * and written afterwards: the export answers IN_PROGRESS and turns COMPLETED (or FAILED) once
 * S3 has the files.
 */
import { createHash, randomBytes } from "node:crypto";
import { AwsError, hex } from "@sam-sandbox/core";
import {
  ExportConflictException,
  ExportNotFoundException,
  InvalidExportTimeException,
  MESSAGES,
  PointInTimeRecoveryUnavailableException,
  TableNotFoundException,
  ValidationException,
} from "../../errors.js";
import { EXPORT_TIME_TOLERANCE_SECONDS, ITEMS_PER_EXPORT_FILE, TRANSFER_CLIENT_TOKEN_WINDOW_MS } from "../../limits.js";
import { continuousBackupsDescription } from "../backups/continuousBackups.js";
import { itemsOf } from "../backups/store.js";
import { fingerprintOf } from "../clientTokens.js";
import { tableNameOf, type DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import type { Table } from "../table.js";
import type { Item } from "../types.js";
import { exportDataExtension, exportDataFile } from "./formats.js";
import { incrementalWindow } from "./incremental.js";
import { page } from "./paging.js";
import { TransferFailure, TransferS3 } from "./s3.js";
import { saveTransfer, type ExportDescription, type ExportJob } from "./store.js";

export interface ExportTableToPointInTimeInput {
  TableArn: string;
  ExportTime?: number;
  ClientToken?: string;
  S3Bucket: string;
  S3BucketOwner?: string;
  S3Prefix?: string;
  S3SseAlgorithm?: string;
  S3SseKmsKeyId?: string;
  ExportFormat?: string;
  ExportType?: string;
  IncrementalExportSpecification?: Record<string, unknown>;
}

/** "01234567890123-a1b2c3d4": the request time in milliseconds, 14 digits, and 8 random hex digits (as backup and import ids). */
export function jobId(nowMs: number): string {
  return `${String(Math.floor(nowMs)).padStart(14, "0")}-${hex(4)}`;
}

/** FailureCode of an incremental export: the sandbox keeps no change history to write one from (not an AWS code). */
const INCREMENTAL_UNSUPPORTED = "SandboxUnsupported";

export async function exportTableToPointInTime(engine: DynamoDbEngine, input: ExportTableToPointInTimeInput) {
  const table = exportedTable(engine, required(input.TableArn, "tableArn"));
  const bucket = required(input.S3Bucket, "s3Bucket");
  const format = input.ExportFormat ?? "DYNAMODB_JSON";
  const type = input.ExportType ?? "FULL_EXPORT";
  const pitr = table.meta.PointInTimeRecovery?.Enabled === true;
  // Without PITR an incremental export is refused for its from time (ack-api-quirks DDB-EXPORT-001, 2026-10).
  if (!pitr && type !== "INCREMENTAL_EXPORT") throw new PointInTimeRecoveryUnavailableException(MESSAGES.pitrNotEnabled(table.name));
  checkIncremental(input);
  if (input.S3SseKmsKeyId !== undefined && input.S3SseAlgorithm !== "KMS") throw new ValidationException(MESSAGES.exportKmsKeyWithoutKms);
  const now = engine.nowSeconds();
  const incremental =
    type === "INCREMENTAL_EXPORT"
      ? incrementalWindow(input.IncrementalExportSpecification ?? {}, now, pitr ? earliestRestorable(engine, table.meta, now) : Number.POSITIVE_INFINITY, input.ExportTime)
      : undefined;
  const exportTime = incremental ? undefined : checkedExportTime(engine, input.ExportTime, now, table.meta);

  const fingerprint = fingerprintOf({ ...input, ClientToken: undefined });
  const token = input.ClientToken;
  if (token !== undefined) {
    const earlier = tokenHolder(engine, token, now);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new ExportConflictException();
      return { ExportDescription: earlier.description };
    }
  }

  const nowMs = engine.options.clock.now();
  const id = jobId(nowMs);
  const description: ExportDescription = {
    ExportArn: `${table.meta.TableArn}/export/${id}`,
    ExportStatus: "IN_PROGRESS",
    StartTime: now,
    TableArn: table.meta.TableArn,
    TableId: table.meta.TableId,
    ...(exportTime !== undefined ? { ExportTime: exportTime } : {}),
    ...(token !== undefined ? { ClientToken: token } : {}),
    S3Bucket: bucket,
    ...(input.S3BucketOwner !== undefined ? { S3BucketOwner: input.S3BucketOwner } : {}),
    ...(input.S3Prefix !== undefined ? { S3Prefix: input.S3Prefix } : {}),
    S3SseAlgorithm: input.S3SseAlgorithm ?? "AES256",
    ...(input.S3SseKmsKeyId !== undefined ? { S3SseKmsKeyId: input.S3SseKmsKeyId } : {}),
    ExportFormat: format,
    // A request without ExportType describes none (ack-api-quirks DDB-EXPORT-017, 2026-10).
    ...(input.ExportType !== undefined ? { ExportType: input.ExportType } : {}),
    ...(incremental ? { IncrementalExportSpecification: incremental } : {}),
  };
  const job: ExportJob = { description, fingerprint };
  await saveTransfer(engine, { op: "export", job });
  if (incremental) {
    // Accepted as DynamoDB accepts it (its checks and ClientToken hold), then FAILED: no change history here.
    engine.startJob(() => failExport(engine, job, new TransferFailure(INCREMENTAL_UNSUPPORTED, MESSAGES.incrementalExport)));
    return { ExportDescription: description };
  }
  // The snapshot: stored items are never mutated, so holding them keeps the table as it is now.
  const items = itemsOf(table);
  const billed = table.sizeBytes;
  engine.startJob(() => writeExport(engine, job, id, items, billed));
  return { ExportDescription: description };
}

/**
 * The table TableArn names: a bare name or an index's ARN is refused, a missing table is named
 * by the ARN as given (ack-api-quirks DDB-EXPORT-001/002, 2026-10).
 */
function exportedTable(engine: DynamoDbEngine, arn: string): Table {
  if (!arn.startsWith("arn:")) throw new ValidationException(MESSAGES.exportTableArnNotArn);
  if (/:table\/[^/]+\/index\//.test(arn)) throw new ValidationException(MESSAGES.exportTableArnInvalid);
  const table = engine.tables.get(tableNameOf(arn));
  if (!table) throw new TableNotFoundException(arn);
  return table;
}

/** ExportType and IncrementalExportSpecification go together (ack-api-quirks DDB-EXPORT-003, 2026-10). */
function checkIncremental(input: ExportTableToPointInTimeInput): void {
  const spec = input.IncrementalExportSpecification;
  if (spec !== undefined && input.ExportType === undefined) throw new ValidationException(MESSAGES.incrementalTypeExpected);
  if (spec !== undefined && input.ExportType === "FULL_EXPORT") throw new ValidationException(MESSAGES.incrementalSpecWithFull);
  if (input.ExportType !== "INCREMENTAL_EXPORT") return;
  if (spec === undefined) throw new ValidationException(MESSAGES.incrementalSpecExpected);
  if (spec.ExportFromTime === undefined) throw new ValidationException(MESSAGES.incrementalFromTimeExpected);
}

/**
 * ExportTime must lie in the recovery window (InvalidExportTimeException otherwise); the
 * sandbox keeps no history, so a time before the request (past a few seconds' slack) is refused too.
 */
function checkedExportTime(engine: DynamoDbEngine, given: number | undefined, now: number, meta: Parameters<typeof continuousBackupsDescription>[1]): number {
  if (given === undefined) return now;
  const earliest = earliestRestorable(engine, meta, now);
  if (given > now + EXPORT_TIME_TOLERANCE_SECONDS || given < earliest - EXPORT_TIME_TOLERANCE_SECONDS) throw new InvalidExportTimeException(MESSAGES.exportTimeInvalid);
  if (given < now - EXPORT_TIME_TOLERANCE_SECONDS) throw new InvalidExportTimeException(MESSAGES.exportTimeNotNow);
  return given;
}

/** The start of the table's point in time recovery window (now when it has none). */
function earliestRestorable(engine: DynamoDbEngine, meta: Parameters<typeof continuousBackupsDescription>[1], now: number): number {
  const window = continuousBackupsDescription(engine, meta).PointInTimeRecoveryDescription;
  return ("EarliestRestorableDateTime" in window ? window.EarliestRestorableDateTime : undefined) ?? now;
}

/** The export that used this ClientToken, while the token is valid (8 hours after that export ended). */
function tokenHolder(engine: DynamoDbEngine, token: string, now: number): ExportJob | undefined {
  for (const job of engine.transfers.exports.values()) {
    const d = job.description;
    if (d.ClientToken !== token) continue;
    if (d.EndTime === undefined || (now - d.EndTime) * 1000 < TRANSFER_CLIENT_TOKEN_WINDOW_MS) return job;
  }
  return undefined;
}

function md5(body: Buffer | string): string {
  return createHash("md5").update(body).digest("base64");
}

/** A data file's name: 26 characters of [a-z0-9], as DynamoDB names them. */
function dataFileName(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(26)].map((b) => alphabet[b % alphabet.length]).join("");
}

async function writeExport(engine: DynamoDbEngine, job: ExportJob, id: string, items: readonly Item[], billedSizeBytes: number): Promise<void> {
  const d = job.description;
  const s3 = new TransferS3(engine.options.dispatcher);
  const owner = d.S3BucketOwner;
  const base = `${d.S3Prefix ? `${d.S3Prefix.replace(/\/+$/, "")}/` : ""}AWSDynamoDB/${id}`;
  let done: ExportDescription;
  try {
    // "_started verifies that the destination bucket is writable and that the export has begun."
    await s3.put(d.S3Bucket, `${base}/_started`, Buffer.alloc(0), owner);
    const manifestLines: string[] = [];
    // At least one file, empty for an empty table (as for an empty partition).
    for (let at = 0; at === 0 || at < items.length; at += ITEMS_PER_EXPORT_FILE) {
      const chunk = items.slice(at, at + ITEMS_PER_EXPORT_FILE);
      const body = await exportDataFile(chunk, d.ExportFormat);
      const key = `${base}/data/${dataFileName()}.${exportDataExtension(d.ExportFormat)}`;
      const etag = await s3.put(d.S3Bucket, key, body, owner);
      manifestLines.push(JSON.stringify({ itemCount: chunk.length, md5Checksum: md5(body), etag, dataFileS3Key: key }));
    }
    const manifestFiles = manifestLines.map((line) => `${line}\n`).join("");
    const manifestFilesKey = `${base}/manifest-files.json`;
    await s3.put(d.S3Bucket, manifestFilesKey, Buffer.from(manifestFiles), owner);
    await s3.put(d.S3Bucket, `${base}/manifest-files.md5`, Buffer.from(md5(manifestFiles)), owner);
    const endTime = engine.nowSeconds();
    const summary = JSON.stringify({
      version: "2020-06-30",
      exportArn: d.ExportArn,
      startTime: iso(d.StartTime),
      endTime: iso(endTime),
      tableArn: d.TableArn,
      tableId: d.TableId,
      exportTime: iso(d.ExportTime ?? d.StartTime),
      s3Bucket: d.S3Bucket,
      s3Prefix: d.S3Prefix ?? null,
      s3SseAlgorithm: d.S3SseAlgorithm ?? null,
      s3SseKmsKeyId: d.S3SseKmsKeyId ?? null,
      manifestFilesS3Key: manifestFilesKey,
      billedSizeBytes: billedSizeBytes,
      itemCount: items.length,
      outputFormat: d.ExportFormat,
      exportType: d.ExportType ?? "FULL_EXPORT",
    });
    const summaryKey = `${base}/manifest-summary.json`;
    await s3.put(d.S3Bucket, summaryKey, Buffer.from(summary), owner);
    await s3.put(d.S3Bucket, `${base}/manifest-summary.md5`, Buffer.from(md5(summary)), owner);
    done = { ...d, ExportStatus: "COMPLETED", EndTime: endTime, ExportManifest: summaryKey, BilledSizeBytes: billedSizeBytes, ItemCount: items.length };
  } catch (error) {
    if (!(error instanceof TransferFailure)) throw error;
    return failExport(engine, job, error);
  }
  await saveTransfer(engine, { op: "export", job: { ...job, description: done } });
}

/** The export ends FAILED with the failure's code and message. */
async function failExport(engine: DynamoDbEngine, job: ExportJob, failure: TransferFailure): Promise<void> {
  const done: ExportDescription = { ...job.description, ExportStatus: "FAILED", EndTime: engine.nowSeconds(), FailureCode: failure.code, FailureMessage: failure.message };
  await saveTransfer(engine, { op: "export", job: { ...job, description: done } });
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

export function describeExport(engine: DynamoDbEngine, input: { ExportArn: string }) {
  const arn = required(input.ExportArn, "exportArn");
  // An ARN of another partition, service or account is refused before its shape is looked at: AccessDeniedException
  // (Alternator's test_describe_export_incorrect_arns, on AWS), worded as DynamoDB words another account's table ARN
  // for the tag operations ('Access is denied', ack-api-quirks DDB-TABLE-071, 2026-10).
  const [prefix, partition, service, , account] = arn.split(":");
  if (prefix === "arn" && (partition !== "aws" || service !== "dynamodb" || account !== engine.options.accountId)) throw new AwsError("AccessDeniedException", "Access is denied", 400);
  if (!/^arn:[^:]+:dynamodb:[^:]+:[^:]+:table\/[^/]+\/export\/[^/]+$/.test(arn)) throw new ValidationException(MESSAGES.invalidExportArn);
  // Another Region's ARN, and one naming no export (ack-api-quirks DDB-EXPORT-006, 2026-10).
  if (arn.split(":")[3] !== engine.options.region) throw new ExportNotFoundException(MESSAGES.exportOtherRegion);
  const job = engine.transfers.exports.get(arn);
  if (!job) throw new ExportNotFoundException(MESSAGES.exportArnNotFound(arn));
  return { ExportDescription: job.description };
}

/**
 * Newest first, ten to a page unless MaxResults says otherwise (ack-api-quirks DDB-EXPORT-017 /
 * DDB-IMPORT-016, 2026-10); with TableArn, the exports of the table that now has that name: none
 * once it is deleted or re-created (DDB-EXPORT-020), though DescribeExport still answers them.
 */
export function listExports(engine: DynamoDbEngine, input: { TableArn?: string; MaxResults?: number; NextToken?: string }) {
  const tableId = input.TableArn === undefined ? undefined : (engine.tables.get(tableNameOf(input.TableArn))?.meta.TableId ?? null);
  const jobs = [...engine.transfers.exports.values()].reverse().filter((job) => tableId === undefined || job.description.TableId === tableId);
  const { arns, next } = page(jobs.map((job) => job.description.ExportArn), input.MaxResults, input.NextToken, "export");
  const summaries = arns.map((arn) => {
    const d = engine.transfers.exports.get(arn)?.description;
    return { ExportArn: arn, ExportStatus: d?.ExportStatus, ExportType: d?.ExportType ?? "FULL_EXPORT" };
  });
  return { ExportSummaries: summaries, ...(next !== undefined ? { NextToken: next } : {}) };
}
