/**
 * Wire JSON of stored items, kept on their entries. A stored item never changes, so the
 * first read serializes it and later Query/Scan pages splice that text into their answers
 * (wire.ts) instead of running JSON.stringify over every item again: serializing a page
 * is most of what a Query costs.
 */
import { jsonWithDoubles } from "@sam-sandbox/core";
import type { Entry } from "./table.js";

/** Characters of item JSON one table keeps at most: the bound on the memory the cache adds. */
export const MAX_CACHED_JSON_CHARS = 16 * 1024 * 1024;

const WIRE_JSON = Symbol("wireJson");

export class ItemJsonCache {
  private chars = 0;

  /** The entry's item as JSON; kept on the entry while the table's budget lasts. */
  of(entry: Entry): string {
    const cached = entry.json;
    if (cached !== undefined) return cached;
    const json = JSON.stringify(entry.item);
    if (this.chars + json.length <= MAX_CACHED_JSON_CHARS) {
      entry.json = json;
      this.chars += json.length;
    }
    return json;
  }

  /** Forgets an entry's JSON: its item is being replaced or deleted. */
  release(entry: Entry): void {
    const json = entry.json;
    if (json === undefined) return;
    this.chars -= json.length;
    entry.json = undefined;
  }
}

/**
 * Gives an engine output the JSON text of some of its members, ready for the wire. The
 * property is a non-enumerable symbol: the output stays a plain object for other readers.
 */
export function withWireJson<T extends object>(output: T, members: Record<string, string>): T {
  Object.defineProperty(output, WIRE_JSON, { value: members });
  return output;
}

/** An output's JSON: members with ready text are spliced in, the rest stringified. */
export function outputJson(output: unknown): string {
  if (typeof output !== "object" || output === null) return JSON.stringify(output);
  let ready = (output as { [WIRE_JSON]?: Record<string, string> })[WIRE_JSON];
  if (ready === undefined) {
    // DynamoDB writes their doubles with a ".0" ("CapacityUnits":1.0: the AWS CLI's example put-item.rst).
    if (!("ConsumedCapacity" in output) && !("ItemCollectionMetrics" in output)) return JSON.stringify(output);
    ready = {};
  }
  const members = output as Record<string, unknown>;
  let json = "";
  for (const name in members) {
    const value = members[name];
    if (value === undefined) continue;
    json += `${json === "" ? "{" : ","}${JSON.stringify(name)}:${ready[name] ?? memberJson(name, value)}`;
  }
  return json === "" ? "{}" : `${json}}`;
}

// Every number in a ConsumedCapacity or ItemCollectionMetrics is a double in DynamoDB's model (attribute values' N are strings).
const DOUBLE_MEMBERS: ReadonlySet<string> = new Set(["ConsumedCapacity", "ItemCollectionMetrics"]);

function memberJson(name: string, value: unknown): string {
  return DOUBLE_MEMBERS.has(name) ? jsonWithDoubles(value, DOUBLE_MEMBERS, true) : JSON.stringify(value);
}
