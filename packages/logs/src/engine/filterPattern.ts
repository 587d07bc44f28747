import { InvalidParameterException } from "../errors.js";
import { compileFilterRegex, FilterRegexSyntaxError, type RegexMatcher } from "./filterRegex.js";
import { wildcardMatches } from "@sam-sandbox/core";

/**
 * CloudWatch Logs filter patterns ("Filter pattern syntax for metric filters,
 * subscription filters, filter log events"): terms, "quoted phrases", ?OR terms,
 * -exclusions, %regex%, JSON patterns `{ $.a = "x" && $.n > 3 }` and space-delimited
 * patterns `[ip, user, status = 4*]`.
 */
export type LogMatcher = (message: string) => boolean;

const cache = new Map<string, LogMatcher>();

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const text = (pattern ?? "").trim();
  if (text === "") return () => true;
  let matcher = cache.get(text);
  if (!matcher) {
    matcher = compile(text);
    if (cache.size > 500) cache.clear();
    cache.set(text, matcher);
  }
  return matcher;
}

/**
 * The matcher of a pattern already stored (a subscription filter): one this sandbox refuses,
 * though an earlier one took it (a %(a|b)% before regex groups were refused, as AWS refuses
 * them), matches nothing instead of failing every later PutLogEvents of the group.
 */
export function compileStoredFilterPattern(pattern: string | undefined): LogMatcher {
  try {
    return compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof InvalidParameterException) return () => false;
    throw error;
  }
}

function invalid(): InvalidParameterException {
  return new InvalidParameterException("Invalid filter pattern");
}

function compile(text: string): LogMatcher {
  if (text.startsWith("{")) return compileJson(text);
  if (text.startsWith("[")) return compileDelimited(text);
  if (text.startsWith("%") && text.endsWith("%") && text.length > 1) return compileRegex(text.slice(1, -1));
  return compileTerms(text);
}

/** A %regex%, matched in time linear in the message (filterRegex.ts). */
function compileRegex(source: string): RegexMatcher {
  try {
    return compileFilterRegex(source);
  } catch (error) {
    if (error instanceof FilterRegexSyntaxError) throw invalid();
    throw error;
  }
}

/** Terms: all plain terms must occur; ?terms: any; -terms: none. Case-sensitive. */
function compileTerms(text: string): LogMatcher {
  const tokens = text.match(/[?-]?"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const token of tokens) {
    const prefix = token[0] === "?" || token[0] === "-" ? token[0] : "";
    let term = prefix ? token.slice(1) : token;
    if (term.startsWith('"') && term.endsWith('"') && term.length >= 2) term = term.slice(1, -1).replace(/\\(.)/g, "$1");
    if (term === "") throw invalid();
    (prefix === "?" ? any : prefix === "-" ? none : all).push(term);
  }
  return (m) =>
    all.every((t) => m.includes(t)) && none.every((t) => !m.includes(t)) && (any.length === 0 || any.some((t) => m.includes(t)));
}

// ---- JSON patterns -------------------------------------------------------------

type JsonTest = (doc: unknown) => boolean;

function compileJson(text: string): LogMatcher {
  if (!text.endsWith("}")) throw invalid();
  const parser = new JsonPatternParser(text.slice(1, -1));
  const test = parser.parse();
  return (m) => {
    const start = m.indexOf("{");
    if (start < 0) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(m.slice(start));
    } catch {
      return false;
    }
    return test(doc);
  };
}

class JsonPatternParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): JsonTest {
    const test = this.or();
    this.ws();
    if (this.pos !== this.src.length) throw invalid();
    return test;
  }

  private ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private eat(s: string): boolean {
    this.ws();
    if (this.src.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  private or(): JsonTest {
    let left = this.and();
    while (this.eat("||")) {
      const l = left;
      const r = this.and();
      left = (d) => l(d) || r(d);
    }
    return left;
  }

  private and(): JsonTest {
    let left = this.primary();
    while (this.eat("&&")) {
      const l = left;
      const r = this.primary();
      left = (d) => l(d) && r(d);
    }
    return left;
  }

  private primary(): JsonTest {
    if (this.eat("(")) {
      const inner = this.or();
      if (!this.eat(")")) throw invalid();
      return inner;
    }
    return this.comparison();
  }

  private comparison(): JsonTest {
    this.ws();
    const m = /^\$((?:\.[A-Za-z0-9_@-]+|\[\d+\]|\.\*|\[\*\])*)/.exec(this.src.slice(this.pos));
    if (!m) throw invalid();
    this.pos += m[0].length;
    const path = parsePath(m[1]);
    this.ws();
    const rest = this.src.slice(this.pos);
    const keyword = /^(IS\s+NULL|IS\s+TRUE|IS\s+FALSE|NOT\s+EXISTS|EXISTS)\b/i.exec(rest);
    if (keyword) {
      this.pos += keyword[0].length;
      const kw = keyword[1].toUpperCase().replace(/\s+/g, " ");
      return (d) => {
        const values = select(d, path);
        if (kw === "NOT EXISTS") return values.length === 0;
        if (kw === "EXISTS") return values.length > 0;
        const want = kw === "IS NULL" ? null : kw === "IS TRUE";
        return values.some((v) => v === want);
      };
    }
    const op = /^(!=|=|>=|<=|>|<)/.exec(rest);
    if (!op) throw invalid();
    this.pos += op[0].length;
    this.ws();
    const value = this.value();
    return (d) => select(d, path).some((v) => compare(v, op[1], value));
  }

  private value(): Expected {
    const rest = this.src.slice(this.pos);
    const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
    if (quoted) {
      this.pos += quoted[0].length;
      return wildcard(quoted[1].replace(/\\(.)/g, "$1"));
    }
    const regex = /^%((?:[^%\\]|\\.)*)%/.exec(rest);
    if (regex) {
      this.pos += regex[0].length;
      return { matches: compileRegex(regex[1]) };
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    const bare = /^[^\s()&|]+/.exec(rest);
    if (!bare) throw invalid();
    this.pos += bare[0].length;
    return wildcard(bare[0]);
  }
}

/** A string to compare with, or a test for the texts that match (a * wildcard or a %regex%). */
type Expected = string | number | { matches: (text: string) => boolean };

function wildcard(s: string): Expected {
  if (!s.includes("*")) return s;
  const parts = s.split("*");
  return { matches: (text) => wildcardMatches(parts, text) };
}

type PathStep = string | number | "*";

function parsePath(text: string): PathStep[] {
  const steps: PathStep[] = [];
  for (const m of text.matchAll(/\.([A-Za-z0-9_@-]+|\*)|\[(\d+|\*)\]/g)) {
    const step = m[1] ?? m[2];
    steps.push(step === "*" ? "*" : m[2] !== undefined ? Number(step) : step);
  }
  return steps;
}

function select(doc: unknown, path: PathStep[]): unknown[] {
  let current: unknown[] = [doc];
  for (const step of path) {
    const next: unknown[] = [];
    for (const node of current) {
      if (node === null || typeof node !== "object") continue;
      if (step === "*") next.push(...Object.values(node as object));
      else if (Array.isArray(node)) {
        if (typeof step === "number" && step < node.length) next.push(node[step]);
      } else if (typeof step === "string" && Object.hasOwn(node, step)) {
        next.push((node as Record<string, unknown>)[step]);
      }
    }
    current = next;
  }
  return current;
}

function compare(actual: unknown, op: string, expected: Expected): boolean {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return false;
    switch (op) {
      case "=": return actual === expected;
      case "!=": return actual !== expected;
      case ">": return actual > expected;
      case "<": return actual < expected;
      case ">=": return actual >= expected;
      default: return actual <= expected;
    }
  }
  if (typeof actual !== "string" && typeof actual !== "number" && typeof actual !== "boolean") return false;
  const text = String(actual);
  const equal = typeof expected === "string" ? text === expected : expected.matches(text);
  if (op === "=") return equal;
  if (op === "!=") return !equal;
  return false;
}

// ---- space-delimited patterns ------------------------------------------------

function compileDelimited(text: string): LogMatcher {
  if (!text.endsWith("]")) throw invalid();
  // "[]" names no fields and so sets no condition (CloudWatch takes it: localstack test_put_subscription_filter_update, recorded on AWS).
  if (text.slice(1, -1).trim() === "") return () => true;
  const fields = text.slice(1, -1).split(",").map((f) => f.trim());
  const tests: Array<((v: string) => boolean) | undefined> = fields.map((field) => {
    const m = /^([A-Za-z0-9_.]+|\.\.\.)\s*(!=|=|>=|<=|>|<)?\s*(.*)$/.exec(field);
    if (!m) throw invalid();
    if (!m[2]) return undefined;
    const raw = m[3].replace(/^"(.*)"$/, "$1");
    const op = m[2];
    if (/^-?\d+(\.\d+)?$/.test(raw) && op !== "=" && op !== "!=") {
      const n = Number(raw);
      return (v) => compare(Number(v), op, n);
    }
    const expected = wildcard(raw);
    return (v) => compare(v, op, expected);
  });
  const variadic = fields.includes("...");
  return (m) => {
    const words = splitDelimited(m);
    if (!variadic && words.length !== fields.length) return false;
    return tests.every((test, i) => !test || (i < words.length && test(words[i])));
  };
}

/** Splits on spaces, keeping "quoted" and [bracketed] fields whole, as CloudWatch does. */
function splitDelimited(message: string): string[] {
  return (message.match(/"[^"]*"|\[[^\]]*\]|\S+/g) ?? []).map((w) => w.replace(/^"(.*)"$/, "$1"));
}

/**
 * The values TestMetricFilter shows for a matching message: a space-delimited pattern's
 * named fields ("$status": "404"); other patterns extract none.
 */
export function extractedValues(pattern: string, message: string): Record<string, string> {
  const text = pattern.trim();
  if (!text.startsWith("[") || !text.endsWith("]")) return {};
  const names = text.slice(1, -1).split(",").map((f) => /^([A-Za-z0-9_.]+)/.exec(f.trim())?.[1]);
  const words = splitDelimited(message);
  const values: Record<string, string> = {};
  names.forEach((name, i) => {
    if (name !== undefined && i < words.length) values[`$${name}`] = words[i];
  });
  return values;
}
