/**
 * Items as Amazon Ion text, as an ION export writes them ("DynamoDB table export output format",
 * Amazon Ion): one line per item, `$ion_1_0 {Item:{…}}`; S → string, N → decimal (an integer as
 * the guide's example shows it, `Id:103`), B → blob, BOOL → bool, NULL → null, L → list, M →
 * struct, and the sets as lists annotated $dynamodb_SS / $dynamodb_NS / $dynamodb_BS.
 */
import type { AttributeValue, Item } from "../types.js";

/** Ion's keywords, which an unquoted field name may not be. */
const KEYWORDS = new Set(["null", "true", "false", "nan"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** A field name: bare when Ion allows it, else a quoted string (JSON's escapes are Ion's). */
function fieldName(name: string): string {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name) ? name : JSON.stringify(name);
}

/** A DynamoDB number as an Ion decimal: an exponent is written with `d` (`e` would make a float). */
function decimal(n: string): string {
  return n.replace(/^(-?)\./, "$10.").replace(/[eE]/, "d");
}

function ionValue(value: AttributeValue): string {
  if ("S" in value) return JSON.stringify(value.S);
  if ("N" in value) return decimal(value.N);
  if ("B" in value) return `{{${value.B}}}`;
  if ("BOOL" in value) return value.BOOL ? "true" : "false";
  if ("NULL" in value) return "null";
  if ("SS" in value) return `$dynamodb_SS::[${value.SS.map((s) => JSON.stringify(s)).join(",")}]`;
  if ("NS" in value) return `$dynamodb_NS::[${value.NS.map(decimal).join(",")}]`;
  if ("BS" in value) return `$dynamodb_BS::[${value.BS.map((b) => `{{${b}}}`).join(",")}]`;
  if ("L" in value) return `[${value.L.map(ionValue).join(",")}]`;
  return ionStruct(value.M);
}

function ionStruct(fields: Record<string, AttributeValue>): string {
  return `{${Object.entries(fields)
    .map(([name, value]) => `${fieldName(name)}:${ionValue(value)}`)
    .join(",")}}`;
}

/** One exported item: the Ion version marker, then `{Item:{…}}`. */
export function ionLine(item: Item): string {
  return `$ion_1_0 {Item:${ionStruct(item as Record<string, AttributeValue>)}}`;
}
