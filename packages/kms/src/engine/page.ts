import * as errors from "../errors.js";

/** A page of a list in a stable order: Marker is the index of the next entry, as an opaque string. */
export function page<T>(items: readonly T[], limit: number, marker: string | undefined): { page: T[]; next?: string } {
  let start = 0;
  if (marker !== undefined) {
    start = Number.parseInt(Buffer.from(marker, "base64url").toString("utf8"), 10);
    if (!Number.isInteger(start) || start < 0 || start > items.length) throw errors.invalidMarker();
  }
  const end = start + limit;
  const result = items.slice(start, end);
  return end < items.length ? { page: result, next: Buffer.from(String(end), "utf8").toString("base64url") } : { page: result };
}

/** ListKeys-style answer: NextMarker and Truncated true while more remain, Truncated false at the end. */
export function listed<K extends string, T>(name: K, items: readonly T[], limit: number, marker: string | undefined): Record<K, T[]> & { NextMarker?: string; Truncated: boolean } {
  const { page: p, next } = page(items, limit, marker);
  const out = { [name]: p, Truncated: next !== undefined } as Record<K, T[]> & { NextMarker?: string; Truncated: boolean };
  if (next !== undefined) out.NextMarker = next;
  return out;
}

/** Epoch milliseconds as KMS writes dates: seconds, with a fraction. */
export const seconds = (ms: number): number => ms / 1000;
