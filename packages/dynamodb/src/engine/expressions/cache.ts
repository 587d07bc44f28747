/**
 * Syntax trees by expression text. Applications send the same few expression strings over
 * and over; their trees (and syntax errors) depend on the text alone, so each is parsed
 * once. Least recently used entries go first when the cache is full.
 */
import { ValidationException } from "@sam-sandbox/core";

/** Distinct expression texts kept per process; far more than an application uses. */
export const PARSE_CACHE_CAPACITY = 2000;

type Entry = { tree: unknown } | { error: string };

export class ParseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = PARSE_CACHE_CAPACITY) {}

  get<T>(key: string, parse: () => T): T {
    let entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key); // re-insert: Map order is recency order
    } else {
      try {
        entry = { tree: parse() };
      } catch (error) {
        if (!(error instanceof ValidationException)) throw error;
        entry = { error: error.message };
      }
      if (this.entries.size >= this.capacity) {
        const oldest = this.entries.keys().next();
        if (oldest.done !== true) this.entries.delete(oldest.value);
      }
    }
    this.entries.set(key, entry);
    if ("error" in entry) throw new ValidationException(entry.error);
    return entry.tree as T;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
