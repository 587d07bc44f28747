/**
 * Items of one TTL-enabled table ordered by expiry, so a sweep finds expired items in
 * O(log n + k) instead of scanning the table. Derived state: rebuilt from the items when
 * TTL is enabled or the engine starts, kept in step by the table's write observer.
 */
import btree from "sorted-btree";
import { TTL_MAX_PAST_SECONDS } from "../../limits.js";
import type { Table } from "../table.js";
import type { Item } from "../types.js";

// Node's ESM loader hands over the CommonJS exports object; bundlers (vitest) the class itself.
const loaded = btree as unknown as typeof btree.default | { default: typeof btree.default };
const BTree: typeof btree.default = "default" in loaded ? loaded.default : loaded;

/** Expiry in ms as a fixed-width prefix, so the tree's string order is expiry order. */
const EXPIRY_DIGITS = 16;

/**
 * The item's expiry in epoch milliseconds, or undefined when TTL ignores it: the attribute
 * must be a top-level Number of epoch seconds (TTL.html, "Formatting an item's TTL attribute").
 */
export function expiryOf(item: Item, attribute: string): number | undefined {
  const value = item[attribute];
  if (value === undefined || !("N" in value)) return undefined;
  const ms = Math.floor(Number(value.N) * 1000);
  if (!Number.isSafeInteger(ms) || ms < 0) return undefined;
  return ms;
}

export class TtlIndex {
  private readonly tree = new BTree<string, string>(undefined, (a: string, b: string) => (a > b ? 1 : a < b ? -1 : 0));
  /** Table key → its entry in the tree. */
  private readonly entries = new Map<string, string>();

  constructor(readonly attribute: string) {}

  static build(table: Table, attribute: string): TtlIndex {
    const index = new TtlIndex(attribute);
    table.tree.forEachPair((key, entry) => index.update(key, entry.item));
    return index;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Records the item stored at `key` (undefined: deleted). */
  update(key: string, item: Item | undefined): void {
    const previous = this.entries.get(key);
    const expiry = item === undefined ? undefined : expiryOf(item, this.attribute);
    const entry = expiry === undefined ? undefined : String(expiry).padStart(EXPIRY_DIGITS, "0") + key;
    if (previous === entry) return;
    if (previous !== undefined) {
      this.tree.delete(previous);
      this.entries.delete(key);
    }
    if (entry !== undefined) {
      this.tree.set(entry, key);
      this.entries.set(key, entry);
    }
  }

  /** Keys of items whose expiry is before `nowMs` (at most `limit`), oldest first. */
  expired(nowMs: number, limit: number): string[] {
    const keys: string[] = [];
    // Expiries more than five years old are never acted on (TTL.html): start after them.
    const oldest = String(Math.max(0, nowMs - TTL_MAX_PAST_SECONDS * 1000)).padStart(EXPIRY_DIGITS, "0");
    const end = String(nowMs).padStart(EXPIRY_DIGITS, "0");
    for (const [entry, key] of this.tree.entries(oldest)) {
      if (entry >= end || keys.length >= limit) break;
      keys.push(key);
    }
    return keys;
  }
}
