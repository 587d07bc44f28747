/**
 * ItemCollectionMetrics (ReturnItemCollectionMetrics SIZE): for a table with local secondary
 * indexes, the size of the written item's collection — every item with its partition key
 * and their local index entries — as a [lower, upper] estimate in GB. Tables without local
 * indexes return none (API_ItemCollectionMetrics).
 */
import type { Table } from "./table.js";
import type { Item, Key } from "./types.js";

const GB = 1024 * 1024 * 1024;

export interface ItemCollectionMetrics {
  ItemCollectionKey: Key;
  SizeEstimateRangeGB: [number, number];
}

/** Metrics of the collection holding `item` (or key), when asked for and the table has local indexes. */
export function itemCollectionMetrics(mode: string | undefined, table: Table, item: Item): ItemCollectionMetrics | undefined {
  if (mode !== "SIZE") return undefined;
  const locals = table.indexes.filter((i) => !i.global);
  if (locals.length === 0) return undefined;
  const hash = table.codec.hash.name;
  const value = item[hash];
  if (value === undefined) return undefined;
  let bytes = sizeOfRange(table.tree, table.codec.partition(value));
  for (const index of locals) bytes += sizeOfRange(index.tree, index.codec.partition(value));
  // DynamoDB answers a 1 GB-wide range around the estimate ([0.0, 1.0] for a small collection).
  const lower = Math.floor(bytes / GB);
  return { ItemCollectionKey: { [hash]: value }, SizeEstimateRangeGB: [lower, lower + 1] };
}

function sizeOfRange(tree: Table["tree"], prefix: string): number {
  let bytes = 0;
  for (const [key, entry] of tree.entries(prefix)) {
    if (!key.startsWith(prefix)) break;
    bytes += entry.size;
  }
  return bytes;
}

/** BatchWriteItem / TransactWriteItems: each table's affected collections, one entry per partition. */
export function collectionsByTable(
  mode: string | undefined,
  writes: Iterable<{ table: Table; item: Item }>,
): Record<string, ItemCollectionMetrics[]> | undefined {
  if (mode !== "SIZE") return undefined;
  const byTable: Record<string, ItemCollectionMetrics[]> = {};
  const seen = new Set<string>();
  let any = false;
  for (const { table, item } of writes) {
    const value = item[table.codec.hash.name];
    if (value === undefined) continue;
    const id = `${table.name}\u0000${table.codec.partition(value)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const metrics = itemCollectionMetrics(mode, table, item);
    if (!metrics) continue;
    (byTable[table.name] ??= []).push(metrics);
    any = true;
  }
  return any ? byTable : undefined;
}

