/** S3 Select's record formats: CSV and JSON records read from an object, and written back out. */
import { csvParsingError, jsonParsingError } from "../../errors.js";
import type { Value } from "./sql.js";

export interface CsvInput {
  FileHeaderInfo?: string;
  RecordDelimiter?: string;
  FieldDelimiter?: string;
  QuoteCharacter?: string;
  QuoteEscapeCharacter?: string;
  Comments?: string;
}

export interface CsvOutput {
  QuoteFields?: string;
  RecordDelimiter?: string;
  FieldDelimiter?: string;
  QuoteCharacter?: string;
  QuoteEscapeCharacter?: string;
}

/** A record and the byte offset of its first character (what a ScanRange selects records by). */
export interface Located<T> {
  record: T;
  offset: number;
}

/** CSV rows in file order; quoted fields may hold delimiters. */
export function readCsv(text: string, options: CsvInput): Located<string[]>[] {
  const recordDelimiter = options.RecordDelimiter || "\n";
  const fieldDelimiter = options.FieldDelimiter || ",";
  const quote = options.QuoteCharacter ?? '"';
  const escape = options.QuoteEscapeCharacter || quote;
  const rows: Located<string[]>[] = [];
  let row: string[] = [];
  let fieldText = "";
  let quoted = false;
  let rowOffset = 0;
  let rowStart = 0;
  const endRow = () => {
    row.push(fieldText);
    // "\r\n" files read with the default "\n" delimiter: the \r is the delimiter's.
    if (recordDelimiter === "\n" && row[row.length - 1].endsWith("\r")) row[row.length - 1] = row[row.length - 1].slice(0, -1);
    const blank = row.length === 1 && row[0] === "";
    const comment = options.Comments !== undefined && options.Comments !== "" && row[0].startsWith(options.Comments);
    if (!blank && !comment) rows.push({ record: row, offset: rowOffset });
    row = [];
    fieldText = "";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (quote !== "" && text.startsWith(escape + quote, i) && escape !== quote) {
        fieldText += quote;
        i += escape.length + quote.length;
      } else if (quote !== "" && text.startsWith(quote, i)) {
        if (escape === quote && text.startsWith(quote + quote, i)) {
          fieldText += quote;
          i += 2 * quote.length;
        } else {
          quoted = false;
          i += quote.length;
        }
      } else {
        fieldText += c;
        i++;
      }
    } else if (quote !== "" && text.startsWith(quote, i) && fieldText.trim() === "") {
      quoted = true;
      fieldText = "";
      i += quote.length;
    } else if (text.startsWith(fieldDelimiter, i)) {
      row.push(fieldText);
      fieldText = "";
      i += fieldDelimiter.length;
    } else if (text.startsWith(recordDelimiter, i)) {
      endRow();
      i += recordDelimiter.length;
      rowOffset += Buffer.byteLength(text.slice(rowStart, i));
      rowStart = i;
    } else {
      fieldText += c;
      i++;
    }
  }
  if (quoted) throw csvParsingError();
  if (fieldText !== "" || row.length > 0) endRow();
  return rows;
}

/** JSON records: one a line (LINES), or the values a DOCUMENT holds one after another. */
export function readJson(text: string, type: string | undefined): Located<Value>[] {
  const out: Located<Value>[] = [];
  if (type?.toUpperCase() === "LINES") {
    let offset = 0;
    for (const line of text.split("\n")) {
      if (line.trim() !== "") out.push({ record: parseJson(line), offset });
      offset += Buffer.byteLength(line) + 1;
    }
    return out;
  }
  // A DOCUMENT may hold several top-level values: split them where their brackets balance.
  let depth = 0;
  let inString = false;
  let begin = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (/\s/.test(c) && depth === 0) {
      if (begin >= 0 && !/[{["]/.test(text[begin])) (out.push({ record: parseJson(text.slice(begin, i)), offset: begin }), (begin = -1));
      continue;
    }
    if (begin < 0) begin = i;
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) {
        out.push({ record: parseJson(text.slice(begin, i + 1)), offset: Buffer.byteLength(text.slice(0, begin)) });
        begin = -1;
      }
    }
  }
  if (depth !== 0 || inString) throw jsonParsingError();
  if (begin >= 0) out.push({ record: parseJson(text.slice(begin)), offset: begin });
  return out;
}

function parseJson(source: string): Value {
  try {
    return JSON.parse(source) as Value;
  } catch {
    throw jsonParsingError();
  }
}

function scalarText(v: Value): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

export function writeCsv(values: Value[], options: CsvOutput): string {
  const recordDelimiter = options.RecordDelimiter || "\n";
  const fieldDelimiter = options.FieldDelimiter || ",";
  const quote = options.QuoteCharacter ?? '"';
  const escape = options.QuoteEscapeCharacter || quote;
  const always = options.QuoteFields?.toUpperCase() === "ALWAYS";
  const fields = values.map((v) => {
    const s = scalarText(v);
    const needs = always || (quote !== "" && (s.includes(fieldDelimiter) || s.includes(quote) || s.includes(recordDelimiter) || s.includes("\n") || s.includes("\r")));
    return needs ? `${quote}${quote === "" ? s : s.split(quote).join(escape + quote)}${quote}` : s;
  });
  return fields.join(fieldDelimiter) + recordDelimiter;
}

export function writeJson(record: Record<string, Value>, recordDelimiter: string | undefined): string {
  const present = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  return JSON.stringify(present) + (recordDelimiter || "\n");
}
