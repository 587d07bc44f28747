/**
 * The object formats of exports and imports: DYNAMODB_JSON (one `{"Item":{…}}` per line),
 * CSV (RFC 4180 rows, typed by the table's key attributes), and their compression.
 */
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import { parse } from "csv-parse/sync";
import { isRecord } from "../params.js";
import { ionLine } from "./ion.js";
import type { AttributeValue, Item } from "../types.js";

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/** An export data file: the items as DYNAMODB_JSON or Amazon Ion lines, gzipped. */
export async function exportDataFile(items: readonly Item[], format: string): Promise<Buffer> {
  const line = format === "ION" ? ionLine : (item: Item) => JSON.stringify({ Item: item });
  const text = items.map((item) => `${line(item)}\n`).join("");
  return gzip(Buffer.from(text, "utf8"));
}

/** An export data file's extension: .json.gz, or .ion.gz for ION (as DynamoDB names them). */
export function exportDataExtension(format: string): string {
  return format === "ION" ? "ion.gz" : "json.gz";
}

type Zstd = (buffer: Buffer, callback: (error: Error | null, result: Buffer) => void) => void;

/** node:zlib's Zstandard decompression, where this Node.js has it (22.15 and later). */
function zstdDecompress(): Zstd | undefined {
  const candidate = (zlib as unknown as Record<string, unknown>).zstdDecompress;
  return typeof candidate === "function" ? (candidate as Zstd) : undefined;
}

export function zstdAvailable(): boolean {
  return zstdDecompress() !== undefined;
}

export async function decompress(body: Buffer, compression: string): Promise<Buffer> {
  if (compression === "GZIP") return gunzip(body);
  if (compression === "ZSTD") {
    const zstd = zstdDecompress();
    if (!zstd) throw new Error("ZSTD is not available");
    return promisify(zstd)(body);
  }
  return body;
}

/** A DYNAMODB_JSON line's item, or why it is none. */
export function jsonLineItem(line: string): Item {
  const parsed: unknown = JSON.parse(line);
  if (!isRecord(parsed) || !isRecord(parsed.Item)) throw new Error("The line has no Item member");
  return parsed.Item as Item;
}

/**
 * RFC 4180 rows (csv-parse): quoted fields may hold the delimiter, "" and line breaks; a quote
 * inside an unquoted field is kept as text; blank lines are no rows. Throws on an unclosed quote.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/**
 * A CSV row as an item: "all columns other than the hash and range keys of your base table and
 * secondary indexes are imported as DynamoDB strings" (DynamoDB developer guide, importing CSV);
 * key columns take their AttributeDefinitions type. An empty field is no attribute.
 */
export function csvRowItem(header: readonly string[], row: readonly string[], keyTypes: ReadonlyMap<string, string>): Item {
  if (row.length > header.length) throw new Error(`The row has ${row.length} fields, the header ${header.length}`);
  const item: Item = {};
  header.forEach((name, index) => {
    const value = row[index] ?? "";
    if (value === "") return;
    const type = keyTypes.get(name) ?? "S";
    const attribute: AttributeValue = type === "N" ? { N: value } : type === "B" ? { B: value } : { S: value };
    Object.defineProperty(item, name, { value: attribute, enumerable: true, writable: true, configurable: true });
  });
  return item;
}
