import type { Command, Expr, Named, Query } from "./ast.js";
import { AGGREGATES, aggregate } from "./aggregate.js";
import { compare, evaluate, isKnownFunction, TIME_FUNCTIONS, truthy } from "./evaluate.js";
import { syntaxError } from "./lexer.js";
import { formatTimestamp, type LogRecord, type Value } from "./records.js";

export interface ResultField {
  field: string;
  value: string;
}

export interface QueryOutput {
  results: ResultField[][];
  recordsMatched: number;
}

/** Columns shown when a query names none (no fields, display or stats). */
const DEFAULT_COLUMNS = ["@timestamp", "@message", "@logStream", "@log"];

/** Rejects calls Insights does not know before any event is read. */
export function checkQuery(query: Query, source: string): void {
  const visit = (e: Expr, inStats: boolean): void => {
    if (e.k === "call") {
      const aggregateCall = AGGREGATES.has(e.name);
      if ((!aggregateCall || !inStats) && !isKnownFunction(e.name)) {
        const at = source.indexOf(e.text);
        throw syntaxError(`no viable alternative at input '${e.text}'`, Math.max(0, at), Math.max(0, at) + e.text.length);
      }
      for (const a of e.args) visit(a, false);
    } else if (e.k === "bin") {
      visit(e.l, inStats);
      visit(e.r, inStats);
    } else if (e.k === "not" || e.k === "neg") visit(e.e, inStats);
    else if (e.k === "list") for (const i of e.items) visit(i, inStats);
  };
  for (const c of query.commands) {
    if (c.c === "stats") {
      for (const a of c.aggs) visit(a.expr, true);
      for (const b of c.by) visit(b.expr, false);
    } else if (c.c === "fields" || c.c === "display") for (const i of c.items) visit(i.expr, false);
    else if (c.c === "filter") visit(c.expr, false);
    else if (c.c === "sort") for (const k of c.keys) visit(k.expr, true);
    else if (c.c === "dedup") for (const e of c.exprs) visit(e, false);
  }
}

/** Whether a query holds a regular expression (`like /…/`, `=~ /…/`, `parse … /…/`). */
export function usesRegex(query: Query): boolean {
  const inExpr = (e: Expr): boolean => {
    switch (e.k) {
      case "re":
        return true;
      case "call":
        return e.args.some(inExpr);
      case "bin":
        return inExpr(e.l) || inExpr(e.r);
      case "not":
      case "neg":
        return inExpr(e.e);
      case "list":
        return e.items.some(inExpr);
      default:
        return false;
    }
  };
  return query.commands.some((c) => {
    switch (c.c) {
      case "fields":
      case "display":
        return c.items.some((i) => inExpr(i.expr));
      case "filter":
        return inExpr(c.expr);
      case "sort":
        return c.keys.some((k) => inExpr(k.expr));
      case "stats":
        return [...c.aggs, ...c.by].some((n) => inExpr(n.expr));
      case "parse":
        return c.regex !== undefined || inExpr(c.source);
      case "dedup":
        return c.exprs.some(inExpr);
      default:
        return false;
    }
  });
}

/** Runs a parsed query over records (in ascending time order). */
export function runQuery(query: Query, records: LogRecord[], maxRows: number): QueryOutput {
  // Without a sort command, newest events come first.
  let rows = query.commands.some((c) => c.c === "sort") ? [...records] : [...records].reverse();
  let columns: string[] | undefined;
  let aggregated = false;
  let matched = rows.length;
  let timeColumns = new Set(["@timestamp", "@ingestionTime"]);
  for (const command of query.commands) {
    switch (command.c) {
      case "fields":
      case "display":
        assign(rows, command.items);
        for (const item of command.items) if (isTime(item.expr, timeColumns)) timeColumns.add(item.name);
        columns = command.c === "display" ? command.items.map((i) => i.name) : unique([...(columns ?? []), ...command.items.map((i) => i.name)]);
        break;
      case "filter":
        rows = rows.filter((r) => truthy(evaluate(command.expr, r)));
        if (!aggregated) matched = rows.length;
        break;
      case "sort":
        rows = sortRows(rows, command.keys);
        break;
      case "limit":
        rows = rows.slice(0, command.n);
        break;
      case "parse":
        parseRows(rows, command);
        break;
      case "dedup":
        rows = dedup(rows, command.exprs);
        break;
      case "stats": {
        const out = stats(rows, command.aggs, command.by);
        const times = new Set<string>();
        for (const n of [...command.by, ...command.aggs]) if (isTime(n.expr, timeColumns)) times.add(n.name);
        timeColumns = times;
        rows = out;
        columns = [...command.by, ...command.aggs].map((n) => n.name);
        aggregated = true;
        break;
      }
    }
  }
  const shown = columns ?? DEFAULT_COLUMNS;
  const results = rows.slice(0, maxRows).map((row) => {
    const fields: ResultField[] = [];
    for (const name of aggregated ? shown : [...shown, "@ptr"]) {
      const value = row.get(name);
      if (value === undefined || value === null) continue;
      fields.push({ field: name, value: format(value, timeColumns.has(name)) });
    }
    return fields;
  });
  return { results, recordsMatched: matched };
}

function format(value: Value, time: boolean): string {
  if (time && typeof value === "number") return formatTimestamp(value);
  return String(value);
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

function isTime(e: Expr, timeColumns: Set<string>): boolean {
  if (e.k === "field") return timeColumns.has(e.name);
  if (e.k === "call") {
    if (TIME_FUNCTIONS.has(e.name)) return true;
    if (["earliest", "latest", "min", "max"].includes(e.name) && e.args[0]) return isTime(e.args[0], timeColumns);
  }
  return false;
}

function assign(rows: LogRecord[], items: Named[]): void {
  for (const item of items) {
    if (item.expr.k === "field" && item.expr.name === item.name) continue;
    for (const row of rows) row.set(item.name, evaluate(item.expr, row));
  }
}

function sortRows(rows: LogRecord[], keys: Array<{ expr: Expr; desc: boolean }>): LogRecord[] {
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const x = evaluate(key.expr, a);
      const y = evaluate(key.expr, b);
      // Rows without the field sort last either way.
      if (x === undefined || y === undefined) {
        if (x === y) continue;
        return x === undefined ? 1 : -1;
      }
      const c = compare(x, y);
      if (c !== 0) return key.desc ? -c : c;
    }
    return 0;
  });
}

function parseRows(rows: LogRecord[], command: Extract<Command, { c: "parse" }>): void {
  const glob = command.glob?.split("*") ?? [""];
  for (const row of rows) {
    const text = evaluate(command.source, row);
    if (text === undefined || text === null) continue;
    const values = command.regex ? regexCaptures(command.regex, command.names, String(text)) : globCaptures(glob, String(text));
    if (values === undefined) continue;
    command.names.forEach((name, i) => {
      const value = values[i];
      if (value !== undefined) row.set(name, value);
    });
  }
}

function regexCaptures(regex: RegExp, names: string[], text: string): Array<string | undefined> | undefined {
  const m = regex.exec(text);
  return m === null ? undefined : names.map((name) => m.groups?.[name]);
}

/**
 * "user=* action=*" (split on its stars): each * captures lazily, up to the leftmost next
 * piece, and a trailing * takes the rest — what a regex of lazy groups finds, found with
 * indexOf in one pass: that regex backtracked for minutes on many stars and a long message.
 */
function globCaptures(pieces: string[], text: string): string[] | undefined {
  let at = text.indexOf(pieces[0]);
  if (at < 0) return undefined;
  at += pieces[0].length;
  const captures: string[] = [];
  for (let i = 1; i < pieces.length; i++) {
    if (i === pieces.length - 1 && pieces[i] === "") {
      captures.push(text.slice(at));
      break;
    }
    const found = text.indexOf(pieces[i], at);
    if (found < 0) return undefined;
    captures.push(text.slice(at, found));
    at = found + pieces[i].length;
  }
  return captures;
}

function dedup(rows: LogRecord[], exprs: Expr[]): LogRecord[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const values = exprs.map((e) => evaluate(e, row));
    if (values.some((v) => v === undefined || v === null)) return true;
    const key = JSON.stringify(values);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function stats(rows: LogRecord[], aggs: Named[], by: Named[]): LogRecord[] {
  const groups = new Map<string, { key: Value[]; rows: LogRecord[] }>();
  for (const row of rows) {
    const key = by.map((b) => evaluate(b.expr, row));
    const id = JSON.stringify(key);
    let group = groups.get(id);
    if (!group) {
      group = { key, rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  const out: LogRecord[] = [];
  for (const group of groups.values()) {
    const row: LogRecord = new Map();
    by.forEach((b, i) => row.set(b.name, group.key[i]));
    // A later aggregate may use an earlier one's alias (max(a) as x, min(a) as y, x - y as spread).
    for (const a of aggs) row.set(a.name, evaluateAggregate(a.expr, group.rows, row));
    out.push(row);
  }
  return out;
}

/** An aggregate expression: aggregate calls inside arithmetic (sum(x) / count(*)). */
function evaluateAggregate(e: Expr, rows: LogRecord[], row: LogRecord): Value {
  const computed: LogRecord = new Map(row);
  const collect = (x: Expr): void => {
    if (x.k === "call" && AGGREGATES.has(x.name)) computed.set(x.text, aggregate(x, rows));
    else if (x.k === "bin") {
      collect(x.l);
      collect(x.r);
    } else if (x.k === "neg" || x.k === "not") collect(x.e);
    else if (x.k === "call") for (const a of x.args) collect(a);
  };
  collect(e);
  return evaluate(e, computed);
}
