/**
 * Reads one Query/Scan page from a B-tree range: O(log n) to the first key, then one
 * step per item. DynamoDB stops a page after Limit items *read* or 1 MB read (before
 * FilterExpression), and then returns the last read item's key as LastEvaluatedKey.
 */
import { MAX_PAGE_BYTES } from "../limits.js";
import type { Condition, Projection } from "./expr.js";
import { pageSize } from "./items.js";
import type { Entry, Tree } from "./table.js";
import type { Item, Key } from "./types.js";

export interface PageRequest {
  tree: Tree;
  /** First key of the range (inclusive); undefined: the tree's start. */
  low?: string;
  /** End of the range (exclusive); undefined: the tree's end. */
  high?: string;
  /** ExclusiveStartKey, encoded for this tree. */
  after?: string;
  forward: boolean;
  limit?: number;
  /** Sort key of the read table or index (stored once per block in DynamoDB's page accounting). */
  rangeKey?: string;
  /** Entries are the table's own (table reads), so their page size may be cached on them. */
  ownEntries: boolean;
  /** Attributes of LastEvaluatedKey: the table's key, then the index's. */
  keyNames: readonly string[];
  filter?: Condition;
  projection?: Projection;
  countOnly: boolean;
  /** Maps an index entry to the item returned (LSI reads of non-projected attributes). */
  fetch?: (entry: Entry) => Item;
}

export interface Page {
  Items?: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Key;
}

/** The page, and the bytes read for it (ConsumedCapacity). */
export function readPage(request: PageRequest): { page: Page; bytes: number } {
  const { tree, low, high, after, forward, limit, filter, projection, countOnly, fetch, rangeKey } = request;
  const reused: [string, Entry] = ["", undefined as unknown as Entry];
  let iterator: IterableIterator<[string, Entry]>;
  if (forward) {
    const start = after !== undefined && (low === undefined || after >= low) ? after : low;
    iterator = tree.entries(start, reused as unknown as (string | Entry)[]);
  } else {
    const start = after !== undefined && (high === undefined || after < high) ? after : high;
    iterator = start === undefined ? tree.entriesReversed(undefined, reused as unknown as (string | Entry)[]) : tree.entriesReversed(start, reused as unknown as (string | Entry)[], true);
  }
  const items: Item[] = [];
  let scanned = 0;
  let count = 0;
  let bytes = 0;
  let last: Entry | undefined;
  for (const [key, entry] of iterator) {
    if (forward) {
      if (high !== undefined && key >= high) break;
      if (key === after) continue;
    } else if (low !== undefined && key < low) {
      break;
    }
    if ((limit !== undefined && scanned >= limit) || bytes >= MAX_PAGE_BYTES) break;
    scanned++;
    if (request.ownEntries) bytes += entry.page ?? (entry.page = pageSize(entry.item, rangeKey));
    else bytes += pageSize(entry.item, rangeKey);
    last = entry;
    const item = fetch ? fetch(entry) : entry.item;
    if (filter && !filter.test(item)) continue;
    count++;
    if (!countOnly) items.push(projection ? projection.apply(item) : item);
  }
  const page: Page = countOnly ? { Count: count, ScannedCount: scanned } : { Items: items, Count: count, ScannedCount: scanned };
  if (last && ((limit !== undefined && scanned >= limit) || bytes >= MAX_PAGE_BYTES)) {
    const key: Key = {};
    for (const name of request.keyNames) {
      const value = last.item[name];
      if (value !== undefined) key[name] = value;
    }
    page.LastEvaluatedKey = key;
  }
  return { page, bytes };
}
