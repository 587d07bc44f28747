/**
 * Persistence: the journal records that describe every change, and the snapshot format
 * (tables' metadata + items). Live writes and recovery apply records through the same
 * `Table.write`, so what is replayed is exactly what was acknowledged.
 */
import type { StateCodec } from "@sam-sandbox/core";
import { applyBackupRecord, backupsFromJSON, backupsToJSON, sourceItems, type BackupRecord, type BackupStore, type CopySource } from "./backups/store.js";
import { rememberToken, tokensFromJSON, tokensToJSON, type ClientToken, type ClientTokens } from "./clientTokens.js";
import { StreamStore, type StreamChange } from "./streams/store.js";
import { Table, type TableMeta } from "./table.js";
import { applyTransferRecord, emptyTransfers, transfersFromJSON, transfersToJSON, type TransferRecord, type TransferStore } from "./transfers/store.js";
import type { Item, Key } from "./types.js";

export interface DynamoState {
  tables: Map<string, Table>;
  /** DynamoDB Streams: streams, shards, records and event source mapping checkpoints. */
  streams: StreamStore;
  /** On-demand backups (CreateBackup), by ARN. */
  backups: BackupStore;
  /** TransactWriteItems ClientRequestTokens within their idempotency window. */
  tokens: ClientTokens;
  /** Exports to S3 and imports from S3, by ARN. */
  transfers: TransferStore;
}

export type ItemWrite = { op: "put"; table: string; item: Item } | { op: "delete"; table: string; key: Key };

export type JournalRecord = (
  /** `copyFrom`: a restore, whose items come from a backup or table as they are at this record. */
  | { op: "createTable"; meta: TableMeta; copyFrom?: CopySource }
  | { op: "updateTable"; meta: TableMeta }
  | { op: "deleteTable"; table: string }
  | ItemWrite
  /** Several writes that must survive a crash together (transactions, batches), with a transaction's ClientRequestToken. */
  | { op: "writes"; writes: ItemWrite[]; token?: ClientToken }
  /** Stream changes alone (event source mapping checkpoints). */
  | { op: "streams" }
  | BackupRecord
  | TransferRecord
) & {
  /** The stream changes the record's writes made, journaled with them (engine.commit adds them). */
  stream?: StreamChange[];
};

interface Snapshot {
  version: 1;
  tables: { meta: TableMeta; items: Item[] }[];
  streams?: unknown;
  backups?: unknown;
  tokens?: unknown;
  transfers?: unknown;
}

export function applyItemWrite(state: Pick<DynamoState, "tables">, write: ItemWrite): void {
  const table = state.tables.get(write.table);
  if (!table) return;
  if (write.op === "put") {
    const key = table.codec.encode(write.item);
    table.write(key, table.get(key), write.item);
  } else {
    const key = table.codec.encode(write.key);
    const old = table.get(key);
    if (old) table.write(key, old, undefined);
  }
}

/** Applies a journal record; `state.streams` may be left out for a record made live (its changes are applied already). */
export function applyRecord(state: Pick<DynamoState, "tables"> & Partial<DynamoState>, record: JournalRecord): void {
  applyChange(state, record);
  if (record.stream && state.streams) for (const change of record.stream) state.streams.apply(change);
}

function applyChange(state: Pick<DynamoState, "tables"> & Partial<DynamoState>, record: JournalRecord): void {
  switch (record.op) {
    case "createTable": {
      const copy = record.copyFrom;
      // A restore fills the table first, then adds its global indexes with UpdateTable's backfill.
      const table = new Table(copy ? { ...record.meta, GlobalSecondaryIndexes: [] } : record.meta);
      if (copy) {
        for (const item of sourceItems(state, copy)) table.write(table.codec.encode(item), undefined, item);
        table.setMeta(record.meta);
      }
      state.tables.set(record.meta.TableName, table);
      return;
    }
    case "updateTable":
      state.tables.get(record.meta.TableName)?.setMeta(record.meta);
      return;
    case "deleteTable":
      state.tables.delete(record.table);
      return;
    case "writes":
      for (const write of record.writes) applyItemWrite(state, write);
      if (record.token && state.tokens) rememberToken(state.tokens, record.token);
      return;
    case "streams":
      return;
    case "createBackup":
    case "deleteBackup":
      applyBackupRecord(state, record);
      return;
    case "export":
    case "import":
      applyTransferRecord(state.transfers, record);
      return;
    default:
      applyItemWrite(state, record);
  }
}

export const dynamoCodec: StateCodec<DynamoState, JournalRecord> = {
  empty: () => ({ tables: new Map(), streams: new StreamStore(), backups: new Map(), tokens: new Map(), transfers: emptyTransfers() }),

  fromSnapshot(json: unknown): DynamoState {
    const snapshot = json as Partial<Snapshot> | null;
    const state: DynamoState = { tables: new Map(), streams: StreamStore.fromJSON(snapshot?.streams), backups: backupsFromJSON(snapshot?.backups), tokens: tokensFromJSON(snapshot?.tokens), transfers: transfersFromJSON(snapshot?.transfers) };
    for (const stored of snapshot?.tables ?? []) {
      const table = new Table(stored.meta);
      for (const item of stored.items) {
        const key = table.codec.encode(item);
        table.write(key, table.get(key), item);
      }
      state.tables.set(table.name, table);
    }
    return state;
  },

  /**
   * Stored items are never mutated (a write replaces the item), so the snapshot shares
   * them and FileStore turns it into text while requests go on (stableSnapshot); the
   * small rest (metadata, streams, tokens), which may change in place, is copied.
   */
  toSnapshot(state: DynamoState): Snapshot {
    return {
      version: 1,
      tables: [...state.tables.values()].map((table) => ({
        meta: structuredClone(table.meta),
        items: table.tree.valuesArray().map((entry) => entry.item),
      })),
      streams: structuredClone(state.streams.toJSON()),
      backups: backupsToJSON(state.backups).map((backup) => ({ meta: structuredClone(backup.meta), items: [...backup.items] })),
      tokens: structuredClone(tokensToJSON(state.tokens)),
      transfers: structuredClone(transfersToJSON(state.transfers)),
    };
  },

  stableSnapshot: true,

  apply: applyRecord,
};
