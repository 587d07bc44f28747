/**
 * S3 Select expressions over one record. CSV fields are strings: compared with a number, a field
 * that reads as one compares as a number. NULL and MISSING follow SQL's three-valued logic (a
 * WHERE that is not TRUE drops the record).
 */
import { castFailed, unsupportedSyntax } from "../../errors.js";
import type { Expr, Step, Value } from "./sql.js";

/** A record as the query sees it: a CSV row (with its header when FileHeaderInfo is USE) or a JSON value. */
export type Row = { csv: string[]; header?: string[] } | { json: Value };

function isObject(v: Value): v is { [key: string]: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function field(v: Value, step: Step): Value {
  if ("index" in step) return Array.isArray(v) ? v[step.index] : undefined;
  if (!isObject(v)) return undefined;
  if (step.quoted || Object.hasOwn(v, step.name)) return v[step.name];
  const lower = step.name.toLowerCase();
  const key = Object.keys(v).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : v[key];
}

/** `_3` names the third column of a CSV row; else the header's name (quoted: exactly, bare: any case). */
function csvColumn(row: { csv: string[]; header?: string[] }, step: Step): Value {
  if ("index" in step) return undefined;
  const positional = /^_([1-9][0-9]*)$/.exec(step.name);
  if (positional) return row.csv[Number(positional[1]) - 1];
  if (!row.header) return undefined;
  const at = step.quoted ? row.header.indexOf(step.name) : row.header.findIndex((h) => h.toLowerCase() === step.name.toLowerCase());
  return at < 0 ? undefined : (row.csv[at] ?? undefined);
}

export function resolve(row: Row, path: Step[], alias: string | undefined): Value {
  let steps = path;
  const first = steps[0];
  // s.name / S3Object.name: the table's alias is no column.
  if (first && "name" in first && !first.quoted && steps.length > 1 && (first.name.toLowerCase() === alias?.toLowerCase() || first.name.toLowerCase() === "s3object")) steps = steps.slice(1);
  if (steps.length === 0) return "csv" in row ? undefined : row.json;
  let v: Value = "csv" in row ? csvColumn(row, steps[0]) : field(row.json, steps[0]);
  for (const step of steps.slice(1)) v = typeof v === "string" && "csv" in row ? undefined : field(v, step);
  return v;
}

function numeric(v: Value): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function compare(a: Value, b: Value): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (typeof a === "number" || typeof b === "number") {
    const x = numeric(a);
    const y = numeric(b);
    if (x === undefined || y === undefined) return undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "boolean" || typeof b === "boolean") return a === b ? 0 : undefined;
  const x = typeof a === "string" ? a : JSON.stringify(a);
  const y = typeof b === "string" ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function truth(v: Value): boolean | null {
  if (typeof v === "boolean") return v;
  if (v === null || v === undefined) return null;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  return null;
}

/** SQL LIKE: % any run, _ any one character, `escape` making the next one literal; linear backtracking, no regular expression. */
function like(value: string, pattern: string, escape: string | undefined): boolean {
  const tokens: { any?: true; one?: true; ch?: string }[] = [];
  const p = [...pattern];
  for (let i = 0; i < p.length; i++) {
    if (escape !== undefined && p[i] === escape && i + 1 < p.length) tokens.push({ ch: p[++i] });
    else if (p[i] === "%") tokens.push({ any: true });
    else if (p[i] === "_") tokens.push({ one: true });
    else tokens.push({ ch: p[i] });
  }
  const v = [...value];
  let vi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const t = tokens[ti];
    if (t && !t.any && (t.one || t.ch === v[vi])) (vi++, ti++);
    else if (t?.any) (star = ti++, (mark = vi));
    else if (star >= 0) (ti = star + 1, (vi = ++mark));
    else return false;
  }
  while (tokens[ti]?.any) ti++;
  return ti === tokens.length;
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (op === "||") return a === null || a === undefined || b === null || b === undefined ? null : `${String(a)}${String(b)}`;
  const x = numeric(a);
  const y = numeric(b);
  if (x === undefined || y === undefined) return null;
  if (op === "+") return x + y;
  if (op === "-") return x - y;
  if (op === "*") return x * y;
  if (op === "/") return Number.isInteger(x) && Number.isInteger(y) && y !== 0 ? Math.trunc(x / y) : x / y;
  return x % y;
}

export function cast(v: Value, type: string): Value {
  if (v === null || v === undefined) return v;
  switch (type) {
    case "INT":
    case "INTEGER":
    case "BIGINT": {
      const n = numeric(typeof v === "boolean" ? Number(v) : v);
      if (n === undefined) throw castFailed();
      return Math.trunc(n);
    }
    case "FLOAT":
    case "REAL":
    case "DOUBLE":
    case "DECIMAL":
    case "NUMERIC": {
      const n = numeric(typeof v === "boolean" ? Number(v) : v);
      if (n === undefined) throw castFailed();
      return n;
    }
    case "STRING":
    case "VARCHAR":
    case "CHAR":
      return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
    case "BOOL":
    case "BOOLEAN": {
      const b = truth(v);
      if (b === null) throw castFailed();
      return b;
    }
    default:
      throw unsupportedSyntax();
  }
}

function callFunction(name: string, args: Value[]): Value {
  const [a, b, c] = args;
  switch (name) {
    case "LOWER":
      return typeof a === "string" ? a.toLowerCase() : a === null || a === undefined ? a : null;
    case "UPPER":
      return typeof a === "string" ? a.toUpperCase() : a === null || a === undefined ? a : null;
    case "CHAR_LENGTH":
    case "CHARACTER_LENGTH":
      return typeof a === "string" ? [...a].length : null;
    case "COALESCE":
      return args.find((v) => v !== null && v !== undefined) ?? null;
    case "NULLIF":
      return compare(a, b) === 0 ? null : a;
    case "SUBSTRING": {
      if (typeof a !== "string") return null;
      const chars = [...a];
      const start = numeric(b) ?? 1;
      const from = Math.max(start, 1);
      const end = c === undefined ? chars.length + 1 : start + (numeric(c) ?? 0);
      return chars.slice(from - 1, Math.max(end - 1, from - 1)).join("");
    }
    case "TRIM": {
      if (typeof a !== "string") return null;
      const set = new Set([...(typeof b === "string" ? b : " ")]);
      let chars = [...a];
      if (c !== "TRAILING") while (chars.length && set.has(chars[0])) chars = chars.slice(1);
      if (c !== "LEADING") while (chars.length && set.has(chars[chars.length - 1])) chars = chars.slice(0, -1);
      return chars.join("");
    }
    default:
      throw unsupportedSyntax();
  }
}

export function evaluate(e: Expr, row: Row, alias: string | undefined): Value {
  const ev = (x: Expr) => evaluate(x, row, alias);
  switch (e.k) {
    case "lit":
      return e.v;
    case "col":
      return resolve(row, e.path, alias);
    case "not": {
      const t = truth(ev(e.e));
      return t === null ? null : !t;
    }
    case "neg": {
      const n = numeric(ev(e.e));
      return n === undefined ? null : -n;
    }
    case "bin": {
      if (e.op === "AND" || e.op === "OR") {
        const l = truth(ev(e.l));
        const r = truth(ev(e.r));
        if (e.op === "AND") return l === false || r === false ? false : l === null || r === null ? null : true;
        return l === true || r === true ? true : l === null || r === null ? null : false;
      }
      const l = ev(e.l);
      const r = ev(e.r);
      if (["=", "!=", "<", "<=", ">", ">="].includes(e.op)) {
        const c = compare(l, r);
        if (c === undefined) return e.op === "!=" && l !== null && l !== undefined && r !== null && r !== undefined ? true : null;
        return e.op === "=" ? c === 0 : e.op === "!=" ? c !== 0 : e.op === "<" ? c < 0 : e.op === "<=" ? c <= 0 : e.op === ">" ? c > 0 : c >= 0;
      }
      return arithmetic(e.op, l, r);
    }
    case "like": {
      const v = ev(e.e);
      const p = ev(e.pattern);
      const esc = e.escape ? ev(e.escape) : undefined;
      if (typeof v !== "string" || typeof p !== "string") return null;
      const m = like(v, p, typeof esc === "string" ? esc : undefined);
      return e.not ? !m : m;
    }
    case "between": {
      const v = ev(e.e);
      const lo = compare(v, ev(e.lo));
      const hi = compare(v, ev(e.hi));
      if (lo === undefined || hi === undefined) return null;
      const inside = lo >= 0 && hi <= 0;
      return e.not ? !inside : inside;
    }
    case "in": {
      const v = ev(e.e);
      const found = e.list.some((x) => compare(v, ev(x)) === 0);
      return e.not ? !found : found;
    }
    case "is": {
      const v = ev(e.e);
      const hit = e.what === "missing" ? v === undefined : v === null || v === undefined;
      return e.not ? !hit : hit;
    }
    case "cast":
      return cast(ev(e.e), e.type);
    case "call":
      return callFunction(e.name, e.args.map(ev));
    case "agg":
      // Aggregates are folded over all records by the query (select.ts), never per record.
      throw unsupportedSyntax();
  }
}

export function isTrue(v: Value): boolean {
  return truth(v) === true;
}

/** An aggregate's running state, folded record by record. */
export class Aggregate {
  private count = 0;
  private sum = 0;
  private best: Value = null;
  constructor(private readonly fn: string) {}

  add(v: Value | "row"): void {
    if (v === "row") return void this.count++;
    if (v === null || v === undefined) return;
    this.count++;
    if (this.fn === "SUM" || this.fn === "AVG") {
      const n = numeric(v);
      if (n === undefined) throw castFailed();
      this.sum += n;
    }
    if (this.fn === "MIN" || this.fn === "MAX") {
      const c = this.best === null ? undefined : compare(v, this.best);
      if (this.best === null || (c !== undefined && (this.fn === "MIN" ? c < 0 : c > 0))) this.best = numeric(v) ?? v;
    }
  }

  result(): Value {
    if (this.fn === "COUNT") return this.count;
    if (this.count === 0) return null;
    if (this.fn === "SUM") return this.sum;
    if (this.fn === "AVG") return this.sum / this.count;
    return this.best;
  }
}
