/**
 * ConsumedCapacity, when a request asks for it (ReturnConsumedCapacity TOTAL or INDEXES),
 * counted as DynamoDB's developer guide ("Read/write capacity mode", "Capacity unit
 * consumption") counts:
 * - reads: one unit per 4 KB, half for eventually consistent reads; GetItem and each
 *   BatchGetItem item round on their own, a Query or Scan page rounds the sum of the sizes
 *   of the items it read (before FilterExpression); reads of an index are charged to it;
 * - writes: one unit per 1 KB of the larger of the item before and after; a secondary index
 *   pays only when its entry changes (rules captured from DynamoDB by dynoxide: joining or
 *   leaving costs the entry, an in-place change the larger image, a key move both);
 * - transactions: twice the units, each item rounded first.
 * INDEXES adds the table's and each index's share (Table, GlobalSecondaryIndexes,
 * LocalSecondaryIndexes); TOTAL gives the sum alone.
 */
import { itemSize } from "./items.js";
import type { ReadTarget } from "./readTarget.js";
import { sameItem } from "./streams/records.js";
import type { Entry, SecondaryIndex, Table } from "./table.js";
import type { Item } from "./types.js";

const WRITE_UNIT_BYTES = 1024;
const READ_UNIT_BYTES = 4096;
/** TransactWriteItems and TransactGetItems cost twice the units (developer guide: "Capacity management for transactions"). */
export const TRANSACTION_FACTOR = 2;

export type CapacityMode = "TOTAL" | "INDEXES" | "NONE" | undefined;

interface Capacity {
  CapacityUnits: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
  /** Transactions only. */
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: Capacity;
  GlobalSecondaryIndexes?: Record<string, Capacity>;
  LocalSecondaryIndexes?: Record<string, Capacity>;
}

/** Units a request consumed on one table: the table's own, and each index's. */
export interface Cost {
  table: number;
  indexes?: Map<SecondaryIndex, number>;
}

export function wanted(mode: string | undefined): boolean {
  return mode === "TOTAL" || mode === "INDEXES";
}

/** Write units of `size` bytes (at least one). */
export function writeUnits(size: number): number {
  return Math.max(1, Math.ceil(size / WRITE_UNIT_BYTES));
}

/** Read units of `size` bytes (at least one, halved unless strongly consistent). */
export function readUnits(size: number, consistent: boolean | undefined): number {
  const units = Math.max(1, Math.ceil(size / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

/** The ConsumedCapacity of one table, or undefined when the request did not ask for it. */
export function consumed(mode: string | undefined, tableName: string, cost: Cost | number): ConsumedCapacity | undefined {
  if (!wanted(mode)) return undefined;
  const { table, indexes } = typeof cost === "number" ? { table: cost, indexes: undefined } : cost;
  let total = table;
  if (indexes) for (const units of indexes.values()) total += units;
  if (mode === "TOTAL") return { TableName: tableName, CapacityUnits: total };
  const capacity: ConsumedCapacity = { TableName: tableName, CapacityUnits: total, Table: { CapacityUnits: table } };
  if (indexes) {
    for (const [index, units] of indexes) {
      const key = index.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
      (capacity[key] ??= {})[index.name] = { CapacityUnits: units };
    }
  }
  return capacity;
}

/**
 * The ConsumedCapacity of a transaction on one table. Unlike other operations it names the
 * read or write units too, at the top and (INDEXES) in the table's share (captured from
 * DynamoDB: nubo-db/dynamodb-conformance tests/tier2/partiql/executeTransaction). The
 * table's share is already doubled, and so are local indexes' shares; global index shares are not
 * (a transactional write costs a global index what the same write costs outside a transaction:
 * dynoxide's captures, tests/transact_index_capacity).
 */
export function consumedByTransaction(mode: string | undefined, tableName: string, cost: Cost | number, kind: "read" | "write"): ConsumedCapacity | undefined {
  if (!wanted(mode)) return undefined;
  const { table, indexes } = typeof cost === "number" ? { table: cost, indexes: undefined } : cost;
  const capacity = consumed(mode, tableName, { table, indexes });
  if (capacity === undefined) return undefined;
  const total = capacity.CapacityUnits;
  const units = kind === "read" ? { ReadCapacityUnits: total } : { WriteCapacityUnits: total };
  const out: ConsumedCapacity = { TableName: tableName, CapacityUnits: total, ...units };
  if (capacity.Table) out.Table = kind === "read" ? { CapacityUnits: table, ReadCapacityUnits: table } : { CapacityUnits: table, WriteCapacityUnits: table };
  if (capacity.GlobalSecondaryIndexes) out.GlobalSecondaryIndexes = capacity.GlobalSecondaryIndexes;
  if (capacity.LocalSecondaryIndexes) out.LocalSecondaryIndexes = capacity.LocalSecondaryIndexes;
  return out;
}

/** Adds `cost` into `into` (BatchWriteItem sums its items per table). */
export function addCost(into: Cost, cost: Cost): void {
  into.table += cost.table;
  if (!cost.indexes) return;
  into.indexes ??= new Map();
  for (const [index, units] of cost.indexes) into.indexes.set(index, (into.indexes.get(index) ?? 0) + units);
}

/** The cost of one item write (`undefined` item: absent before or after), in a transaction or not. */
export function itemWriteCost(
  table: Table,
  before: Item | undefined,
  beforeSize: number,
  after: Item | undefined,
  afterSize: number,
  factor = 1,
): Cost {
  const cost: Cost = { table: factor * writeUnits(Math.max(beforeSize, afterSize)) };
  for (const index of table.indexes) {
    const units = indexWriteUnits(index, before, beforeSize, after, afterSize);
    if (units === undefined) continue;
    (cost.indexes ??= new Map()).set(index, factor * units);
  }
  return cost;
}

/** Units one index pays for a write, or undefined when its entry does not change. */
function indexWriteUnits(index: SecondaryIndex, before: Item | undefined, beforeSize: number, after: Item | undefined, afterSize: number): number | undefined {
  const old = before && index.codec.covers(before) ? index.project({ item: before, size: beforeSize }) : undefined;
  const now = after && index.codec.covers(after) ? index.project({ item: after, size: afterSize }) : undefined;
  if (!old && !now) return undefined;
  if (!old || !now) return writeUnits((old ?? now ?? { size: 0 }).size);
  if (index.codec.encode(old.item) !== index.codec.encode(now.item)) return writeUnits(old.size) + writeUnits(now.size);
  if (sameItem(old.item, now.item)) return undefined;
  return Math.max(writeUnits(old.size), writeUnits(now.size));
}


/**
 * Read capacity of one Query or Scan page. An index read is charged to the index; a local
 * index that fetches attributes it does not project also reads each fetched item from the
 * table (one rounded read per item).
 */
export interface PageCost {
  /** The page's `fetch`, counting table reads when capacity is wanted. */
  fetch: ReadTarget["fetch"];
  /** ConsumedCapacity for a page that read items of `size` bytes in total. */
  consumed(size: number): ConsumedCapacity | undefined;
}

export function pageCost(mode: string | undefined, table: Table, target: ReadTarget, consistent: boolean | undefined, shownName = table.name): PageCost {
  if (!wanted(mode)) return { fetch: target.fetch, consumed: () => undefined };
  const index = target.index;
  const inner = target.fetch;
  let fetched = 0;
  const fetch = inner
    ? (entry: Entry): Item => {
        const item = inner(entry);
        if (item !== entry.item) fetched += readUnits(itemSize(item), consistent);
        return item;
      }
    : undefined;
  return {
    fetch,
    consumed(size) {
      const units = readUnits(size, consistent);
      if (!index) return consumed(mode, shownName, units);
      return consumed(mode, shownName, { table: fetched, indexes: new Map([[index, units]]) });
    },
  };
}

/** ConsumedCapacity of a single-item write (PutItem, UpdateItem, DeleteItem), when asked for. */
export function writeCapacity(
  mode: string | undefined,
  table: Table,
  before: Item | undefined,
  beforeSize: number,
  after: Item | undefined,
  afterSize: number,
  /** As the request named the table: DynamoDB echoes a table ARN given for its name. */
  shownName = table.name,
): ConsumedCapacity | undefined {
  return wanted(mode) ? consumed(mode, shownName, itemWriteCost(table, before, beforeSize, after, afterSize)) : undefined;
}

/**
 * The sum of two ConsumedCapacity entries of one table (a PartiQL statement that runs several
 * reads or writes on it): totals, the table's share and each index's share add up.
 */
export function sumConsumed(into: ConsumedCapacity | undefined, add: ConsumedCapacity): ConsumedCapacity {
  if (into === undefined) return structuredClone(add);
  into.CapacityUnits += add.CapacityUnits;
  if (add.Table) into.Table = addCapacity(into.Table, add.Table);
  for (const key of ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] as const) {
    const indexes = add[key];
    if (!indexes) continue;
    const target = (into[key] ??= {});
    for (const [name, capacity] of Object.entries(indexes)) target[name] = addCapacity(target[name], capacity);
  }
  return into;
}

function addCapacity(into: Capacity | undefined, add: Capacity): Capacity {
  if (into === undefined) return { ...add };
  into.CapacityUnits += add.CapacityUnits;
  if (add.ReadCapacityUnits !== undefined) into.ReadCapacityUnits = (into.ReadCapacityUnits ?? 0) + add.ReadCapacityUnits;
  if (add.WriteCapacityUnits !== undefined) into.WriteCapacityUnits = (into.WriteCapacityUnits ?? 0) + add.WriteCapacityUnits;
  return into;
}
