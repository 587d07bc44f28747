import type { Expr } from "./ast.js";
import { compare, evaluate, toNumber } from "./evaluate.js";
import type { LogRecord, Value } from "./records.js";

/** The aggregation functions of stats ("stats" in the Insights query syntax). */
export const AGGREGATES = new Set(["count", "count_distinct", "sum", "avg", "min", "max", "pct", "percentile", "stddev", "earliest", "latest"]);

export function aggregate(call: Extract<Expr, { k: "call" }>, rows: LogRecord[]): Value {
  const arg = call.args[0];
  if (call.name === "count") {
    if (!arg || arg.k === "star") return rows.length;
    return rows.filter((r) => present(evaluate(arg, r))).length;
  }
  const values = rows.map((r) => evaluate(arg, r)).filter(present);
  switch (call.name) {
    case "count_distinct":
      return new Set(values.map(String)).size;
    case "earliest":
    case "latest": {
      const dated = rows.filter((r) => present(evaluate(arg, r)));
      if (dated.length === 0) return undefined;
      const pick = dated.reduce((best, r) => {
        const c = compare(r.get("@timestamp"), best.get("@timestamp"));
        return (call.name === "earliest" ? c < 0 : c > 0) ? r : best;
      });
      return evaluate(arg, pick);
    }
    case "min":
    case "max":
      if (values.length === 0) return undefined;
      return values.reduce((m, v) => ((call.name === "min" ? compare(v, m) < 0 : compare(v, m) > 0) ? v : m));
    default:
      break;
  }
  const numbers = values.map(toNumber).filter((n): n is number => n !== undefined);
  if (numbers.length === 0) return undefined;
  const sum = numbers.reduce((a, b) => a + b, 0);
  switch (call.name) {
    case "sum":
      return sum;
    case "avg":
      return sum / numbers.length;
    case "stddev": {
      const mean = sum / numbers.length;
      const variance = numbers.reduce((a, n) => a + (n - mean) ** 2, 0) / numbers.length;
      return Math.sqrt(variance);
    }
    default: {
      // pct(field, 95): the value below which 95 % of the values fall.
      const p = toNumber(call.args[1] ? evaluate(call.args[1], new Map()) : 50) ?? 50;
      const sorted = [...numbers].sort((a, b) => a - b);
      const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
      return sorted[index];
    }
  }
}

function present(v: Value): boolean {
  return v !== undefined && v !== null;
}
