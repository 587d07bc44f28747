import { hex } from "@sam-sandbox/core";
import { TableNotFoundException } from "../../errors.js";
import { tableNameOf, type DynamoDbEngine } from "../engine.js";
import { required } from "../params.js";
import type { Table } from "../table.js";
import { backupDetails } from "./describe.js";
import type { CreateBackupInput } from "./shapes.js";
import { applyBackupRecord, type BackupMeta } from "./store.js";

/**
 * A consistent copy of the table as it is now (the engine runs one request at a time, so
 * nothing writes between the first item and the last), journaled like any write.
 */
export async function createBackup(engine: DynamoDbEngine, input: CreateBackupInput) {
  const table = tableOf(engine, required(input.TableName, "tableName"));
  const backupName = required(input.BackupName, "backupName");
  const nowMs = engine.options.clock.now();
  const backup: BackupMeta = {
    BackupArn: backupArn(table.meta.TableArn, nowMs),
    BackupName: backupName,
    BackupCreationDateTime: Math.floor(nowMs) / 1000,
    BackupSizeBytes: table.sizeBytes,
    ItemCount: table.itemCount,
    table: structuredClone(table.meta),
  };
  const record = { op: "createBackup", backup } as const;
  applyBackupRecord({ tables: engine.tables, backups: engine.backups }, record);
  await engine.commit(record);
  return { BackupDetails: backupDetails(backup, "CREATING") };
}

/**
 * "arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01678793340962-cc4bfb86": the
 * creation time in milliseconds, zero-padded to 14 digits, and 8 random hex digits.
 */
export function backupArn(tableArn: string, nowMs: number): string {
  return `${tableArn}/backup/${String(Math.floor(nowMs)).padStart(14, "0")}-${hex(4)}`;
}

/** Backup actions answer TableNotFoundException for a missing table (a name or an ARN). */
export function tableOf(engine: DynamoDbEngine, nameOrArn: string): Table {
  const name = tableNameOf(nameOrArn);
  const table = engine.tables.get(name);
  if (!table) throw new TableNotFoundException(name);
  return table;
}
