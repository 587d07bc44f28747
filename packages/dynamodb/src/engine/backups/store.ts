/**
 * On-demand backups: a backup is the table's metadata and items at one moment.
 *
 * The journal records only the backup's metadata: replay reaches the record with the
 * table in exactly the state it had when the backup was taken (records are applied in
 * order), so the items are captured again from the table then. Stored items are never
 * mutated, so a backup shares them with the table instead of copying them.
 */
import type { Table, TableMeta } from "../table.js";
import type { Item } from "../types.js";

/** What is journaled of a backup. */
export interface BackupMeta {
  BackupArn: string;
  BackupName: string;
  /** Epoch seconds. */
  BackupCreationDateTime: number;
  BackupSizeBytes: number;
  ItemCount: number;
  /** The source table's metadata when the backup was taken. */
  table: TableMeta;
}

export interface Backup {
  meta: BackupMeta;
  items: Item[];
}

/** Backups by ARN. */
export type BackupStore = Map<string, Backup>;

/** Journal records of backups (the restore itself is a createTable record with `copyFrom`). */
export type BackupRecord = { op: "createBackup"; backup: BackupMeta } | { op: "deleteBackup"; arn: string };

/** Where a restored table's items come from: a backup, or (point in time recovery) a live table. */
export type CopySource = { backup: string } | { table: string };

/** The items of a table now, in key order. */
export function itemsOf(table: Table): Item[] {
  return table.tree.valuesArray().map((entry) => entry.item);
}

export function applyBackupRecord(state: { tables: Map<string, Table>; backups?: BackupStore }, record: BackupRecord): void {
  const backups = state.backups;
  if (!backups) return;
  if (record.op === "deleteBackup") {
    backups.delete(record.arn);
    return;
  }
  const table = state.tables.get(record.backup.table.TableName);
  backups.set(record.backup.BackupArn, { meta: record.backup, items: table ? itemsOf(table) : [] });
}

/** Items for a table being restored from `source` (empty when the source is gone). */
export function sourceItems(state: { tables: Map<string, Table>; backups?: BackupStore }, source: CopySource): Item[] {
  if ("backup" in source) return state.backups?.get(source.backup)?.items ?? [];
  const table = state.tables.get(source.table);
  return table ? itemsOf(table) : [];
}

/** Snapshot form: each backup with its items (shared item objects are written once per holder). */
export function backupsToJSON(backups: BackupStore): { meta: BackupMeta; items: Item[] }[] {
  return [...backups.values()].map((b) => ({ meta: b.meta, items: b.items }));
}

export function backupsFromJSON(json: unknown): BackupStore {
  const backups: BackupStore = new Map();
  if (!Array.isArray(json)) return backups;
  for (const stored of json as Backup[]) backups.set(stored.meta.BackupArn, { meta: stored.meta, items: stored.items });
  return backups;
}
