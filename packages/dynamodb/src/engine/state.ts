/**
 * Persistence: the journal records that describe every change, and the snapshot format
 * (tables' metadata + items). Live writes and recovery apply records through the same
 * `Table.write`, so what is replayed is exactly what was acknowledged.
 */
import type { StateCodec } from "@sam-sandbox/core";
import { Table, type TableMeta } from "./table.js";
import type { Item, Key } from "./types.js";

export interface DynamoState {
  tables: Map<string, Table>;
}

export type ItemWrite = { op: "put"; table: string; item: Item } | { op: "delete"; table: string; key: Key };

export type JournalRecord =
  | { op: "createTable"; meta: TableMeta }
  | { op: "updateTable"; meta: TableMeta }
  | { op: "deleteTable"; table: string }
  | ItemWrite
  /** Several writes that must survive a crash together (transactions, batches). */
  | { op: "writes"; writes: ItemWrite[] };

interface Snapshot {
  version: 1;
  tables: { meta: TableMeta; items: Item[] }[];
}

export function applyItemWrite(state: DynamoState, write: ItemWrite): void {
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

export function applyRecord(state: DynamoState, record: JournalRecord): void {
  switch (record.op) {
    case "createTable":
      state.tables.set(record.meta.TableName, new Table(record.meta));
      return;
    case "updateTable":
      state.tables.get(record.meta.TableName)?.setMeta(record.meta);
      return;
    case "deleteTable":
      state.tables.delete(record.table);
      return;
    case "writes":
      for (const write of record.writes) applyItemWrite(state, write);
      return;
    default:
      applyItemWrite(state, record);
  }
}

export const dynamoCodec: StateCodec<DynamoState, JournalRecord> = {
  empty: () => ({ tables: new Map() }),

  fromSnapshot(json: unknown): DynamoState {
    const state: DynamoState = { tables: new Map() };
    const snapshot = json as Partial<Snapshot> | null;
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

  toSnapshot(state: DynamoState): Snapshot {
    // Items and metadata are never mutated once stored, so they are shared, not copied.
    return {
      version: 1,
      tables: [...state.tables.values()].map((table) => ({
        meta: table.meta,
        items: table.tree.valuesArray().map((entry) => entry.item),
      })),
    };
  },

  apply: applyRecord,
};
