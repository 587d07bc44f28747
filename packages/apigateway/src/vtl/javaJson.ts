/**
 * JSON read and written as API Gateway's Java side does for $input.path, $input.json and
 * $util.parseJson: a number written with a fraction or an exponent is a Double (`10.00` becomes
 * 10.0: "You can use $input.body to preserve entire floating point numbers, such as 10.00",
 * "Variables for data transformations for API Gateway", $input.body), others integers.
 */
import { JavaDouble } from "./javaValues.js";

/** Parses JSON text (JSON.parse's errors for text that is not JSON), its decimals as JavaDouble. */
export function parseJavaJson(text: string): unknown {
  // JSON.parse decides what is JSON and words the error; the reader below then only meets valid JSON.
  JSON.parse(text);
  const reader = { text, at: 0 };
  return readValue(reader);
}

interface Reader {
  text: string;
  at: number;
}

const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;
const LITERAL = /true|false|null/y;

function skipSpace(reader: Reader): void {
  while (reader.at < reader.text.length && " \t\n\r".includes(reader.text[reader.at])) reader.at++;
}

function readValue(reader: Reader): unknown {
  skipSpace(reader);
  const ch = reader.text[reader.at];
  if (ch === "{") return readObject(reader);
  if (ch === "[") return readArray(reader);
  if (ch === '"') return JSON.parse(match(reader, STRING));
  if (ch === "t" || ch === "f" || ch === "n") return JSON.parse(match(reader, LITERAL));
  NUMBER.lastIndex = reader.at;
  const number = NUMBER.exec(reader.text);
  if (!number) throw new SyntaxError(`Unexpected token at ${reader.at}`);
  reader.at += number[0].length;
  const value = Number(number[0]);
  if (number[1] !== undefined || number[2] !== undefined) return new JavaDouble(value);
  // An integer past 2^53 is a Long (or BigInteger) in Java, exact: a BigInt here, not a rounded number.
  return Number.isSafeInteger(value) ? value : BigInt(number[0]);
}

function match(reader: Reader, pattern: RegExp): string {
  pattern.lastIndex = reader.at;
  const found = pattern.exec(reader.text);
  if (!found) throw new SyntaxError(`Unexpected token at ${reader.at}`);
  reader.at += found[0].length;
  return found[0];
}

function readObject(reader: Reader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  reader.at++;
  skipSpace(reader);
  if (reader.text[reader.at] === "}") {
    reader.at++;
    return out;
  }
  for (;;) {
    skipSpace(reader);
    const key = JSON.parse(match(reader, STRING)) as string;
    skipSpace(reader);
    reader.at++; // ':'
    const value = readValue(reader);
    // A member named __proto__ is data, as JSON.parse keeps it; the last of a repeated name wins.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    skipSpace(reader);
    if (reader.text[reader.at++] === "}") return out;
  }
}

function readArray(reader: Reader): unknown[] {
  const out: unknown[] = [];
  reader.at++;
  skipSpace(reader);
  if (reader.text[reader.at] === "]") {
    reader.at++;
    return out;
  }
  for (;;) {
    out.push(readValue(reader));
    skipSpace(reader);
    if (reader.text[reader.at++] === "]") return out;
  }
}

/** Compact JSON of a template value, its Doubles as Java writes them (10.0, 1.0E7). */
export function javaJson(value: unknown): string {
  if (value instanceof JavaDouble) return Number.isFinite(value.value) ? value.toString() : "null";
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map((item) => javaJson(item ?? null)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const members = Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== "function");
    return `{${members.map(([key, item]) => `${JSON.stringify(key)}:${javaJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
