import { DEFAULT_MAX_ITEMS } from "../limits.js";

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/**
 * One page of a list in its order, IAM-style: MaxItems (default 100) and an opaque Marker,
 * here the base64 of the last answered item's key. The next page starts after that key in
 * the list's order, so a page stays right while items come and go.
 */
export function page<T>(items: readonly T[], keyOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  const size = maxItems ?? DEFAULT_MAX_ITEMS;
  let start = 0;
  if (marker !== undefined && marker !== "") {
    const after = Buffer.from(marker, "base64").toString("utf8");
    const at = items.findIndex((item) => compareKeys(keyOf(item), after) > 0);
    start = at < 0 ? items.length : at;
  }
  const slice = items.slice(start, start + size);
  const last = slice.at(-1);
  if (start + size >= items.length || last === undefined) return { items: slice, IsTruncated: false };
  return { items: slice, IsTruncated: true, Marker: Buffer.from(keyOf(last)).toString("base64") };
}

/** Names in IAM's list order: case-insensitive, then exact. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedBy<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}
