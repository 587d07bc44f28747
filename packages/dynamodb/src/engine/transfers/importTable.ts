/**
 * ImportTable, DescribeImport and ListImports: a new table made from objects in the sandbox's
 * S3 (every object under S3KeyPrefix), in DYNAMODB_JSON or CSV, uncompressed, GZIP or ZSTD.
 * The import answers IN_PROGRESS; its table appears, with its items, when it is COMPLETED.
 * What DynamoDB does, as Alternator's test_import.py measured it on AWS: blank lines are
 * skipped; the first line that makes no item is one error and abandons the rest of its object;
 * ImportedItemCount counts writes (a key written twice counts twice); a prefix holding nothing
 * completes with an empty table; the counters appear when the import ends. An import with
 * any error ends FAILED / ItemValidationError, its table kept with the items that passed
 * (Alternator's test_invalid_items and ack-api-quirks DDB-IMPORT-013/015/020, 2026-10: an
 * object that does not decompress counts as one such error, not a failure of its own).
 */
import { uuid } from "@sam-sandbox/core";
import { ImportConflictException, ImportNotFoundException, MESSAGES, ResourceInUseException, ValidationException } from "../../errors.js";
import { IMPORT_MIN_DURATION_MS, MAX_IMPORT_OBJECTS, MAX_ITEM_SIZE_BYTES, TRANSFER_CLIENT_TOKEN_WINDOW_MS } from "../../limits.js";
import { createTable, validateCreateTable } from "../createTable.js";
import { tableNameOf, type DynamoDbEngine } from "../engine.js";
import { checkItem } from "../items.js";
import { required } from "../params.js";
import type { CreateTableInput } from "../shapes.js";
import { applyItemWrite, type ItemWrite } from "../state.js";
import type { Item } from "../types.js";
import { jobId } from "./exportTable.js";
import { csvRowItem, decompress, jsonLineItem, parseCsv, zstdAvailable } from "./formats.js";
import { ImportErrorLog } from "./importLog.js";
import { page } from "./paging.js";
import { TransferFailure, TransferS3 } from "./s3.js";
import { importCreating, saveTransfer, type ImportDescription, type ImportJob } from "./store.js";

export interface ImportTableInput {
  ClientToken?: string;
  S3BucketSource: ImportDescription["S3BucketSource"];
  InputFormat: string;
  InputFormatOptions?: ImportDescription["InputFormatOptions"];
  InputCompressionType?: string;
  TableCreationParameters: CreateTableInput & { TableName: string };
}

export async function importTable(engine: DynamoDbEngine, input: ImportTableInput) {
  // ClientToken is mandatory, though documented as optional (Alternator's test_client_token_required, on AWS); SDKs fill it in.
  const token = required(input.ClientToken, "clientToken");
  const source = required(input.S3BucketSource, "s3BucketSource");
  const format = required(input.InputFormat, "inputFormat");
  const params = required(input.TableCreationParameters, "tableCreationParameters");
  const compression = input.InputCompressionType ?? "NONE";
  if (format === "ION") throw new ValidationException(MESSAGES.ionImport);
  if (format !== "CSV" && input.InputFormatOptions?.Csv !== undefined) throw new ValidationException(MESSAGES.csvOptionsWithJson(format));
  if (compression === "ZSTD" && !zstdAvailable()) throw new ValidationException(MESSAGES.zstdUnavailable);
  const definitions = required(params.AttributeDefinitions, "tableCreationParameters.attributeDefinitions");
  const keySchema = required(params.KeySchema, "tableCreationParameters.keySchema");
  checkOnDemandOfProvisioned(params);
  validateCreateTable(params, definitions.map((d) => d.AttributeName), keySchema);
  const name = params.TableName;
  // An existing table is refused before the token is looked at (Alternator's test_client_token_reuse, on AWS).
  if (engine.tables.has(name) || importing(engine, name, token)) throw new ResourceInUseException(MESSAGES.tableExists(name));
  const now = engine.nowSeconds();
  const earlier = tokenHolder(engine, token, now);
  if (earlier) {
    // Only another table conflicts; any other change gets the first import back (on AWS, as above).
    if (earlier.description.TableCreationParameters.TableName !== name) throw new ImportConflictException();
    return { ImportTableDescription: earlier.description };
  }
  const tableArn = engine.tableArn(name);
  const description: ImportDescription = {
    ImportArn: `${tableArn}/import/${jobId(engine.options.clock.now())}`,
    ImportStatus: "IN_PROGRESS",
    TableArn: tableArn,
    // Allocated now and kept by the table (Alternator's test_import_completes, on AWS).
    TableId: uuid(),
    ClientToken: token,
    // The bucket's owner defaults to the caller's account (DDB-IMPORT-003).
    S3BucketSource: { S3BucketOwner: engine.options.accountId, ...source },
    ErrorCount: 0,
    CloudWatchLogGroupArn: ImportErrorLog.groupArn(engine.options.region, engine.options.accountId),
    InputFormat: format,
    ...(input.InputFormatOptions !== undefined ? { InputFormatOptions: input.InputFormatOptions } : {}),
    InputCompressionType: compression,
    TableCreationParameters: params,
    StartTime: now,
    ProcessedItemCount: 0,
    ImportedItemCount: 0,
  };
  const job: ImportJob = { description };
  await saveTransfer(engine, { op: "import", job });
  engine.startJob(() => runImport(engine, job));
  return { ImportTableDescription: description };
}

/**
 * On-demand maxima for a provisioned table, worded as ImportTable words it (ack-api-quirks
 * DDB-IMPORT-009, 2026-10: "when table BillingMode", a full stop; CreateTable says "when the table
 * BillingMode"); missing capacity units are CreateTable's check, and come first.
 */
function checkOnDemandOfProvisioned(params: ImportTableInput["TableCreationParameters"]): void {
  const units = params.ProvisionedThroughput;
  const maxima = params.OnDemandThroughput;
  if ((params.BillingMode ?? "PROVISIONED") !== "PROVISIONED" || !units?.ReadCapacityUnits || !units.WriteCapacityUnits || maxima === undefined) return;
  const member = maxima.MaxReadRequestUnits !== undefined ? "MaxReadRequestUnits" : maxima.MaxWriteRequestUnits !== undefined ? "MaxWriteRequestUnits" : undefined;
  if (member !== undefined) throw new ValidationException(MESSAGES.importOnDemandOfProvisioned(member));
}

/** Another import still creating this table. */
function importing(engine: DynamoDbEngine, name: string, token: string): boolean {
  const job = importCreating(engine.transfers, name);
  return job !== undefined && job.description.ClientToken !== token;
}

/** The import that used this ClientToken, while the token is valid (8 hours after that import ended). */
function tokenHolder(engine: DynamoDbEngine, token: string, now: number): ImportJob | undefined {
  for (const job of engine.transfers.imports.values()) {
    const d = job.description;
    if (d.ClientToken !== token) continue;
    if (d.EndTime === undefined || (now - d.EndTime) * 1000 < TRANSFER_CLIENT_TOKEN_WINDOW_MS) return job;
  }
  return undefined;
}

interface Tally {
  processedBytes: number;
  processed: number;
  errors: number;
  writes: ItemWrite[];
}

async function runImport(engine: DynamoDbEngine, job: ImportJob): Promise<void> {
  const d = job.description;
  const s3 = new TransferS3(engine.options.dispatcher);
  const { S3Bucket: bucket, S3KeyPrefix: prefix, S3BucketOwner: owner } = d.S3BucketSource;
  const log = new ImportErrorLog(engine.options.dispatcher, d.ImportArn, () => engine.options.clock.now());
  const params = d.TableCreationParameters;
  const tally: Tally = { processedBytes: 0, processed: 0, errors: 0, writes: [] };
  let done: ImportDescription;
  await engine.waitForJobTime(d.StartTime * 1000 + IMPORT_MIN_DURATION_MS);
  try {
    const keys = (await s3.list(bucket, prefix, MAX_IMPORT_OBJECTS, owner)).filter((key) => !key.endsWith("/"));
    if (keys.length > MAX_IMPORT_OBJECTS) throw new TransferFailure("ImportObjectLimitExceeded", `An import reads at most ${MAX_IMPORT_OBJECTS} S3 objects`);
    const check = itemChecker(params);
    for (const key of keys) {
      const raw = await s3.get(bucket, key, owner);
      const body = await decompress(raw, d.InputCompressionType).catch(() => undefined);
      if (body === undefined) {
        // One item that could not be read (DDB-IMPORT-015: Processed=1, Imported=0).
        tally.processed += 1;
        tally.errors += 1;
        log.add(bucket, key, 0, `The object is not ${d.InputCompressionType} data`);
        continue;
      }
      tally.processedBytes += body.length;
      readObject(body.toString("utf8"), d, key, check, tally, (message, index) => log.add(bucket, key, index, message));
    }
    // The table, then its items, each durable before the import says COMPLETED.
    await createTable(engine, params, d.TableId);
    const writes = keyedWrites(engine, params.TableName, tally);
    for (const write of writes) applyItemWrite({ tables: engine.tables }, write);
    if (writes.length > 0) await engine.commit({ op: "writes", writes });
    done = {
      ...d,
      ImportStatus: tally.errors === 0 ? "COMPLETED" : "FAILED",
      EndTime: engine.nowSeconds(),
      ...(tally.processedBytes > 0 ? { ProcessedSizeBytes: tally.processedBytes } : {}),
      ProcessedItemCount: tally.processed,
      ImportedItemCount: writes.length,
      ErrorCount: tally.errors,
      ...(tally.errors === 0 ? {} : { FailureCode: "ItemValidationError", FailureMessage: MESSAGES.importItemValidation }),
    };
  } catch (error) {
    if (!(error instanceof TransferFailure)) throw error;
    done = { ...d, ImportStatus: "FAILED", EndTime: engine.nowSeconds(), FailureCode: error.code, FailureMessage: error.message };
  }
  await log.flush();
  await saveTransfer(engine, { op: "import", job: { description: done } });
}

/** The writes whose keys the new table takes (a key too long for it is one more error). */
function keyedWrites(engine: DynamoDbEngine, tableName: string, tally: Tally): ItemWrite[] {
  const table = engine.table(tableName);
  return tally.writes.filter((write) => {
    if (write.op !== "put") return false;
    try {
      table.itemKey(write.item);
      return true;
    } catch {
      tally.errors += 1;
      return false;
    }
  });
}

/** Checks an item as PutItem would into the new table: its values, size and key attributes (table and indexes). */
function itemChecker(params: CreateTableInput & { TableName: string }): (item: Item) => void {
  const types = new Map(params.AttributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
  const keyNames = new Set<string>();
  for (const schema of [params.KeySchema, ...(params.GlobalSecondaryIndexes ?? []).map((i) => i.KeySchema), ...(params.LocalSecondaryIndexes ?? []).map((i) => i.KeySchema)]) {
    for (const element of schema) keyNames.add(element.AttributeName);
  }
  const primary = params.KeySchema.map((k) => k.AttributeName);
  return (item) => {
    // An empty attribute name makes no item: one error (Alternator's test_invalid_items, on AWS).
    if (Object.hasOwn(item, "")) throw new Error("The item has an empty attribute name");
    const size = checkItem(item);
    if (size > MAX_ITEM_SIZE_BYTES) throw new ValidationException(MESSAGES.itemTooLarge);
    for (const name of keyNames) {
      const value = item[name] as Record<string, unknown> | undefined;
      if (value === undefined) {
        if (primary.includes(name)) throw new ValidationException(MESSAGES.missingKey(name));
        continue;
      }
      const expected = types.get(name);
      const actual = Object.keys(value)[0];
      if (expected !== undefined && actual !== expected) throw new ValidationException(MESSAGES.keyTypeMismatch(name, expected, actual ?? ""));
    }
  };
}

/** One object's items into the tally; its first line that makes no item is one error and ends it. */
function readObject(text: string, d: ImportDescription, key: string, check: (item: Item) => void, tally: Tally, logError: (message: string, index: number) => void): void {
  const lines = d.InputFormat === "CSV" ? csvItems(text, d) : jsonItems(text);
  let index = 0;
  for (const next of lines) {
    tally.processed += 1;
    try {
      const item = next();
      check(item);
      tally.writes.push({ op: "put", table: d.TableCreationParameters.TableName, item });
    } catch (error) {
      tally.errors += 1;
      logError(error instanceof Error ? error.message : String(error), index);
      return;
    }
    index += 1;
  }
}

/** Each non-blank line as a thunk that makes its item (or throws why it cannot). */
function jsonItems(text: string): Array<() => Item> {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => () => jsonLineItem(line));
}

function csvItems(text: string, d: ImportDescription): Array<() => Item> {
  const csv = d.InputFormatOptions?.Csv;
  let rows: string[][];
  try {
    rows = parseCsv(text, csv?.Delimiter ?? ",");
  } catch (error) {
    // A file that is not CSV (an unclosed quote): one error, as its first bad line would be.
    return [() => { throw error; }];
  }
  // Without HeaderList, each object's first line is its header.
  const header = csv?.HeaderList ?? rows.shift() ?? [];
  const params = d.TableCreationParameters;
  const keyTypes = new Map(params.AttributeDefinitions.map((a) => [a.AttributeName, a.AttributeType]));
  return rows.map((row) => () => csvRowItem(header, row, keyTypes));
}

export function describeImport(engine: DynamoDbEngine, input: { ImportArn: string }) {
  const arn = required(input.ImportArn, "importArn");
  // The table part must be a table name (3 characters at least): "Invalid Import ARN" otherwise (on AWS, as above).
  if (!/^arn:[^:]+:dynamodb:[^:]+:[^:]+:table\/[a-zA-Z0-9_.-]{3,255}\/import\/[^/]+$/.test(arn)) throw new ValidationException(MESSAGES.invalidImportArn);
  const job = engine.transfers.imports.get(arn);
  if (!job) throw new ImportNotFoundException();
  return { ImportTableDescription: job.description };
}

/**
 * Newest first, ten to a page unless PageSize says otherwise, running and failed imports too
 * (ack-api-quirks DDB-IMPORT-016, 2026-10; Alternator's test_import_in_flight, on AWS); with
 * TableArn, the imports into that name, kept after the table is deleted (DDB-IMPORT-008).
 */
export function listImports(engine: DynamoDbEngine, input: { TableArn?: string; PageSize?: number; NextToken?: string }) {
  const tableName = input.TableArn === undefined ? undefined : tableNameOf(input.TableArn);
  const jobs = [...engine.transfers.imports.values()].reverse().filter((job) => tableName === undefined || tableNameOf(job.description.TableArn) === tableName);
  const { arns, next } = page(jobs.map((job) => job.description.ImportArn), input.PageSize, input.NextToken, "import");
  const summaries = arns.map((arn) => {
    const d = engine.transfers.imports.get(arn)?.description;
    return d === undefined
      ? { ImportArn: arn }
      : {
          ImportArn: d.ImportArn,
          ImportStatus: d.ImportStatus,
          TableArn: d.TableArn,
          S3BucketSource: d.S3BucketSource,
          CloudWatchLogGroupArn: d.CloudWatchLogGroupArn,
          InputFormat: d.InputFormat,
          StartTime: d.StartTime,
          ...(d.EndTime !== undefined ? { EndTime: d.EndTime } : {}),
        };
  });
  return { ImportSummaryList: summaries, ...(next !== undefined ? { NextToken: next } : {}) };
}
