import type { Expr } from "./ast.js";
import type { LogRecord, Value } from "./records.js";

/** Evaluates one expression over one record (an event, or a row after stats). */
export function evaluate(e: Expr, rec: LogRecord): Value {
  switch (e.k) {
    case "num":
      return e.v;
    case "str":
      return e.v;
    case "dur":
      return e.ms;
    case "re":
      return e.re.source;
    case "star":
      return "*";
    case "list":
      return JSON.stringify(e.items.map((i) => evaluate(i, rec)));
    case "field":
      return rec.get(e.name);
    case "not":
      return !truthy(evaluate(e.e, rec));
    case "neg": {
      const v = toNumber(evaluate(e.e, rec));
      return v === undefined ? undefined : -v;
    }
    case "call":
      // After stats, a row holds the aggregate under its text: "count(*)".
      if (rec.has(e.text)) return rec.get(e.text);
      return callFunction(e.name, e.args, rec);
    case "bin":
      return binary(e.op, e.l, e.r, rec);
  }
}

export function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === "") return false;
  if (typeof v === "number") return v !== 0;
  return true;
}

export function toNumber(v: Value): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function binary(op: string, l: Expr, r: Expr, rec: LogRecord): Value {
  if (op === "and") return truthy(evaluate(l, rec)) && truthy(evaluate(r, rec));
  if (op === "or") return truthy(evaluate(l, rec)) || truthy(evaluate(r, rec));
  const left = evaluate(l, rec);
  if (op === "like" || op === "=~" || op === "not like") {
    if (left === undefined || left === null) return false;
    const text = String(left);
    const matched = r.k === "re" ? r.re.test(text) : text.includes(String(evaluate(r, rec) ?? ""));
    return op === "not like" ? !matched : matched;
  }
  if (op === "in" || op === "not in") {
    const items = r.k === "list" ? r.items.map((i) => evaluate(i, rec)) : [evaluate(r, rec)];
    const found = left !== undefined && items.some((i) => compare(left, i) === 0);
    return op === "in" ? found : !found;
  }
  const right = evaluate(r, rec);
  if (["=", "!=", "<", "<=", ">", ">="].includes(op)) {
    if (left === undefined || right === undefined || left === null || right === null) return false;
    const c = compare(left, right);
    switch (op) {
      case "=": return c === 0;
      case "!=": return c !== 0;
      case "<": return c < 0;
      case "<=": return c <= 0;
      case ">": return c > 0;
      default: return c >= 0;
    }
  }
  const a = toNumber(left);
  const b = toNumber(right);
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": return b === 0 ? undefined : a / b;
    case "%": return b === 0 ? undefined : a % b;
    default: return a ** b;
  }
}

/** Numbers compare as numbers when both sides are numeric, otherwise as text. */
export function compare(a: Value, b: Value): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

type Fn = (args: Value[]) => Value;

const num = (f: (...n: number[]) => number): Fn => (args) => {
  const ns = args.map(toNumber);
  if (ns.some((n) => n === undefined)) return undefined;
  return f(...(ns as number[]));
};
const str = (f: (s: string, ...rest: Value[]) => Value): Fn => (args) => (args[0] === undefined || args[0] === null ? undefined : f(String(args[0]), ...args.slice(1)));

/** Insights' general-purpose functions ("Functions" in the query syntax reference). */
const FUNCTIONS: Record<string, Fn> = {
  abs: num(Math.abs),
  ceil: num(Math.ceil),
  floor: num(Math.floor),
  round: num((n, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits),
  sqrt: num(Math.sqrt),
  log: num(Math.log),
  pow: num((a, b) => a ** b),
  greatest: (args) => args.filter((a) => a !== undefined).reduce((m, a) => (m === undefined || compare(a, m) > 0 ? a : m), undefined as Value),
  least: (args) => args.filter((a) => a !== undefined).reduce((m, a) => (m === undefined || compare(a, m) < 0 ? a : m), undefined as Value),
  concat: (args) => args.map((a) => (a === undefined || a === null ? "" : String(a))).join(""),
  strlen: str((s) => s.length),
  tolower: str((s) => s.toLowerCase()),
  toupper: str((s) => s.toUpperCase()),
  trim: str((s) => s.trim()),
  ltrim: str((s) => s.trimStart()),
  rtrim: str((s) => s.trimEnd()),
  substr: str((s, start, length) => {
    const from = toNumber(start) ?? 0;
    const len = toNumber(length);
    return len === undefined ? s.slice(from) : s.slice(from, from + len);
  }),
  replace: str((s, find, repl) => s.split(String(find ?? "")).join(String(repl ?? ""))),
  strcontains: str((s, sub) => (s.includes(String(sub ?? "")) ? 1 : 0)),
  ispresent: (args) => args[0] !== undefined && args[0] !== null,
  isempty: (args) => args[0] === undefined || args[0] === null || args[0] === "",
  isblank: (args) => args[0] === undefined || args[0] === null || String(args[0]).trim() === "",
  coalesce: (args) => args.find((a) => a !== undefined && a !== null),
  if: (args) => (truthy(args[0]) ? args[1] : args[2]),
  bin: num((ms) => ms),
  frommillis: num((ms) => ms),
  tomillis: num((ms) => ms),
};

/** Functions whose value is a point in time (shown formatted, as @timestamp is). */
export const TIME_FUNCTIONS = new Set(["bin", "datefloor", "dateceil", "frommillis"]);

function callFunction(name: string, args: Expr[], rec: LogRecord): Value {
  if (name === "bin") {
    const period = toNumber(evaluate(args[0], rec)) ?? 0;
    const ts = toNumber(rec.get("@timestamp"));
    return ts === undefined || period <= 0 ? undefined : Math.floor(ts / period) * period;
  }
  if (name === "datefloor" || name === "dateceil") {
    const ts = toNumber(evaluate(args[0], rec));
    const period = toNumber(evaluate(args[1], rec)) ?? 0;
    if (ts === undefined || period <= 0) return undefined;
    return (name === "datefloor" ? Math.floor(ts / period) : Math.ceil(ts / period)) * period;
  }
  const fn = FUNCTIONS[name];
  if (!fn) return undefined;
  return fn(args.map((a) => evaluate(a, rec)));
}

export function isKnownFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name) || name === "datefloor" || name === "dateceil";
}
