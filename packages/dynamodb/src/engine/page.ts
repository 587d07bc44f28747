/**
 * Reads one Query/Scan page from a B-tree range: O(log n) to the first key, then one
 * step per item. DynamoDB stops a page after Limit items *read* or 1 MB read (before
 * FilterExpression), and then returns the last read item's key as LastEvaluatedKey.
 */
import { MAX_PAGE_BYTES } from "../limits.js";
import type { Condition, Projection } from "./expr.js";
import { withWireJson, type ItemJsonCache } from "./itemJson.js";
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
  /** The table's cache of item JSON: used for whole items of the table's own entries. */
  jsonCache?: ItemJsonCache;
}

export interface Page {
  Items?: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Key;
}

/** The page, the bytes it counts against 1 MB, and the size of the items read (ConsumedCapacity). */
export function readPage(request: PageRequest): { page: Page; bytes: number; size: number } {
  const { tree, low, high, after, forward, limit, filter, projection, countOnly, fetch, rangeKey } = request;
  const reused: [string, Entry] = ["", undefined as unknown as Entry];
  let iterator: IterableIterator<[string, Entry]>;
  if (forward) {
    const start = after !== undefined && (low === undefined || after >= low) ? after : low;
    iterator = tree.entries(start, reused);
  } else {
    const start = after !== undefined && (high === undefined || after < high) ? after : high;
    iterator = start === undefined ? tree.entriesReversed(undefined, reused) : tree.entriesReversed(start, reused, true);
  }
  const items: Item[] = [];
  let scanned = 0;
  let count = 0;
  let bytes = 0;
  let size = 0;
  let last: Entry | undefined;
  const cache = request.ownEntries && !projection && !fetch && !countOnly ? request.jsonCache : undefined;
  const json: string[] | undefined = cache ? [] : undefined;
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
    size += entry.size;
    last = entry;
    const item = fetch ? fetch(entry) : entry.item;
    if (filter && !filter.test(item)) continue;
    count++;
    if (!countOnly) items.push(projection ? projection.apply(item) : item);
    if (cache && json) json.push(cache.of(entry));
  }
  const page: Page = countOnly ? { Count: count, ScannedCount: scanned } : { Items: items, Count: count, ScannedCount: scanned };
  if (json) withWireJson(page, { Items: `[${json.join(",")}]` });
  if (last && ((limit !== undefined && scanned >= limit) || bytes >= MAX_PAGE_BYTES)) {
    const key: Key = {};
    for (const name of request.keyNames) {
      const value = last.item[name];
      if (value !== undefined) key[name] = value;
    }
    page.LastEvaluatedKey = key;
  }
  return { page, bytes, size };
}
