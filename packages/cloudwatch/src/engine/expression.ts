/**
 * Metric math, the arithmetic part: ids of other queries, numbers, + - * / and parentheses,
 * and the functions ABS, SUM, AVG, MIN, MAX over a list of series ([m1, m2]) or one series'
 * points (as CloudWatch's functions of one time series return one value per timestamp only for lists).
 */
import { validationError } from "../errors.js";

/** A time series: epoch ms → value. */
export type TimeSeries = Map<number, number>;
type Value = TimeSeries | number | TimeSeries[];

type Token = { kind: "num"; value: number } | { kind: "id"; name: string } | { kind: "op"; op: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),[\]]))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw invalid(text);
    if (m[1] !== undefined) tokens.push({ kind: "num", value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: "id", name: m[2] });
    else tokens.push({ kind: "op", op: m[3] ?? "" });
    at = re.lastIndex;
  }
  return tokens;
}

const invalid = (text: string) => validationError(`Invalid metrics math expression: ${text}`);

function combine(a: Value, b: Value, f: (x: number, y: number) => number, text: string): Value {
  if (Array.isArray(a) || Array.isArray(b)) throw invalid(text);
  if (typeof a === "number" && typeof b === "number") return f(a, b);
  const out: TimeSeries = new Map();
  if (typeof a === "number" && typeof b !== "number") for (const [t, v] of b) out.set(t, f(a, v));
  else if (typeof b === "number" && typeof a !== "number") for (const [t, v] of a) out.set(t, f(v, b));
  else if (typeof a !== "number" && typeof b !== "number") {
    for (const [t, v] of a) {
      const w = b.get(t);
      if (w !== undefined) out.set(t, f(v, w));
    }
  }
  for (const [t, v] of out) if (!Number.isFinite(v)) out.delete(t);
  return out;
}

const REDUCERS: Record<string, (values: number[]) => number> = {
  SUM: (v) => v.reduce((a, b) => a + b, 0),
  AVG: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  MIN: (v) => Math.min(...v),
  MAX: (v) => Math.max(...v),
};

function reduce(name: string, arg: Value, text: string): Value {
  const f = REDUCERS[name];
  if (!f) throw invalid(text);
  if (typeof arg === "number") return arg;
  const list = Array.isArray(arg) ? arg : [arg];
  const out: TimeSeries = new Map();
  const times = new Set(list.flatMap((s) => [...s.keys()]));
  for (const t of times) {
    const values = list.map((s) => s.get(t)).filter((v): v is number => v !== undefined);
    if (values.length > 0) out.set(t, f(values));
  }
  return out;
}

/** Evaluates an expression over the named series; throws ValidationError for what it cannot read. */
export function evaluateExpression(text: string, series: ReadonlyMap<string, TimeSeries>): TimeSeries {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (op: string) => {
    const t = peek();
    return t?.kind === "op" && t.op === op;
  };
  const expect = (op: string) => {
    if (!isOp(op)) throw invalid(text);
    i++;
  };
  const primary = (): Value => {
    const t = tokens[i++];
    if (!t) throw invalid(text);
    if (t.kind === "num") return t.value;
    if (t.kind === "op" && t.op === "(") {
      const v = sum();
      expect(")");
      return v;
    }
    if (t.kind === "op" && t.op === "-") return combine(0, primary(), (a, b) => a - b, text);
    if (t.kind === "op" && t.op === "[") {
      const list: TimeSeries[] = [];
      while (!isOp("]")) {
        const v = sum();
        if (typeof v === "number" || Array.isArray(v)) throw invalid(text);
        list.push(v);
        if (isOp(",")) i++;
      }
      i++;
      return list;
    }
    if (t.kind === "id") {
      if (isOp("(")) {
        i++;
        const arg = sum();
        expect(")");
        const upper = t.name.toUpperCase();
        if (upper === "ABS") return typeof arg === "number" ? Math.abs(arg) : combine(arg, 0, (a) => Math.abs(a), text);
        return reduce(upper, arg, text);
      }
      const s = series.get(t.name);
      if (!s) throw validationError(`Error in expression '${text}': Unrecognized token ${t.name}`);
      return s;
    }
    throw invalid(text);
  };
  const product = (): Value => {
    let v = primary();
    while (isOp("*") || isOp("/")) {
      const op = (tokens[i++] as { op: string }).op;
      v = combine(v, primary(), op === "*" ? (a, b) => a * b : (a, b) => a / b, text);
    }
    return v;
  };
  const sum = (): Value => {
    let v = product();
    while (isOp("+") || isOp("-")) {
      const op = (tokens[i++] as { op: string }).op;
      v = combine(v, product(), op === "+" ? (a, b) => a + b : (a, b) => a - b, text);
    }
    return v;
  };
  const result = sum();
  if (i !== tokens.length || Array.isArray(result)) throw invalid(text);
  if (typeof result === "number") return new Map();
  return result;
}
