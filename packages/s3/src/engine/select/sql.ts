/**
 * S3 Select's SQL (Amazon S3 User Guide, "SQL reference for Amazon S3 Select"), the subset the
 * sandbox runs: SELECT * | expressions [AS alias] | aggregates, FROM S3Object[[*].path] [[AS] alias],
 * WHERE, LIMIT; operators AND OR NOT, = != <> < <= > >=, + - * / %, ||, LIKE [ESCAPE], BETWEEN,
 * IN (…), IS [NOT] NULL / MISSING; CAST, the string and conditional functions; COUNT SUM AVG MIN MAX.
 * What it cannot parse is S3's UnsupportedSyntax.
 */
import { unsupportedSyntax } from "../../errors.js";

export type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** One step of a column path: a field (quoted names match exactly, bare ones ignoring case) or an array index. */
export type Step = { name: string; quoted: boolean } | { index: number };

export type Expr =
  | { k: "lit"; v: Value }
  | { k: "col"; path: Step[] }
  | { k: "bin"; op: string; l: Expr; r: Expr }
  | { k: "not"; e: Expr }
  | { k: "neg"; e: Expr }
  | { k: "like"; e: Expr; pattern: Expr; escape?: Expr; not: boolean }
  | { k: "between"; e: Expr; lo: Expr; hi: Expr; not: boolean }
  | { k: "in"; e: Expr; list: Expr[]; not: boolean }
  | { k: "is"; e: Expr; what: "null" | "missing"; not: boolean }
  | { k: "call"; name: string; args: Expr[] }
  | { k: "cast"; e: Expr; type: string }
  | { k: "agg"; fn: string; arg?: Expr };

export interface Query {
  /** undefined: SELECT *. */
  items?: { expr: Expr; alias?: string }[];
  /** The path after S3Object[*] that records come from (JSON). */
  from: Step[];
  iterate: boolean;
  alias?: string;
  where?: Expr;
  limit?: number;
}

interface Token {
  t: "id" | "qid" | "str" | "num" | "op";
  v: string;
}

const OPS = ["<=", ">=", "<>", "!=", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", "[", "]"];
const AGGREGATES = new Set(["COUNT", "SUM", "AVG", "MIN", "MAX"]);
const RESERVED = new Set(["SELECT", "FROM", "WHERE", "LIMIT", "AS", "AND", "OR", "NOT", "LIKE", "ESCAPE", "BETWEEN", "IN", "IS"]);

const NUMBER = /[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Sticky matches at `at`: no slicing, so a long expression tokenizes in one pass. */
function matchAt(pattern: RegExp, sql: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(sql)?.[0];
}

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = "";
      for (i++; ; i++) {
        if (i >= sql.length) throw unsupportedSyntax();
        if (sql[i] === "'" && sql[i + 1] === "'") (v += "'"), i++;
        else if (sql[i] === "'") break;
        else v += sql[i];
      }
      i++;
      out.push({ t: "str", v });
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) throw unsupportedSyntax();
      out.push({ t: "qid", v: sql.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      const v = matchAt(NUMBER, sql, i);
      if (v === undefined) throw unsupportedSyntax();
      out.push({ t: "num", v });
      i += v.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const v = matchAt(WORD, sql, i) ?? c;
      out.push({ t: "id", v });
      i += v.length;
    } else {
      const op = OPS.find((o) => sql.startsWith(o, i));
      if (!op) throw unsupportedSyntax();
      out.push({ t: "op", v: op });
      i += op.length;
    }
  }
  return out;
}

/** How deeply expressions may nest (parentheses, NOT, unary minus): deeper is refused, not a stack overflow. */
const MAX_NESTING = 200;

class Parser {
  private at = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.t === "id" && t.v.toUpperCase() === word;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.t === "op" && t.v === op;
  }
  private keyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.at++;
    return true;
  }
  private op(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.at++;
    return true;
  }
  private expectKeyword(word: string): void {
    if (!this.keyword(word)) throw unsupportedSyntax();
  }
  private expectOp(op: string): void {
    if (!this.op(op)) throw unsupportedSyntax();
  }

  query(): Query {
    this.expectKeyword("SELECT");
    let items: Query["items"];
    if (this.op("*")) items = undefined;
    else {
      items = [];
      do {
        const expr = this.expr();
        let alias: string | undefined;
        if (this.keyword("AS")) alias = this.name();
        else if (this.peek()?.t === "qid" || (this.peek()?.t === "id" && !this.isKeyword("FROM"))) alias = this.name();
        items.push({ expr, ...(alias === undefined ? {} : { alias }) });
      } while (this.op(","));
    }
    this.expectKeyword("FROM");
    if (!this.isKeyword("S3OBJECT")) throw unsupportedSyntax();
    this.at++;
    const from: Step[] = [];
    let iterate = false;
    if (this.op("[")) {
      this.expectOp("*");
      this.expectOp("]");
      iterate = true;
      // S3Object[*].items[*]: the path's wildcards iterate the arrays they name.
      while (this.op(".")) {
        from.push(this.step());
        if (this.op("[")) {
          this.expectOp("*");
          this.expectOp("]");
        }
      }
    }
    let alias: string | undefined;
    if (this.keyword("AS")) alias = this.name();
    else if (this.peek()?.t === "id" && !RESERVED.has((this.peek()?.v ?? "").toUpperCase())) alias = this.name();
    const where = this.keyword("WHERE") ? this.expr() : undefined;
    let limit: number | undefined;
    if (this.keyword("LIMIT")) {
      const t = this.peek();
      if (t?.t !== "num" || !/^[0-9]+$/.test(t.v)) throw unsupportedSyntax();
      limit = Number(t.v);
      this.at++;
    }
    if (this.peek() !== undefined) throw unsupportedSyntax();
    return { ...(items === undefined ? {} : { items }), from, iterate, ...(alias === undefined ? {} : { alias }), ...(where === undefined ? {} : { where }), ...(limit === undefined ? {} : { limit }) };
  }

  private name(): string {
    const t = this.peek();
    if (t?.t !== "id" && t?.t !== "qid") throw unsupportedSyntax();
    this.at++;
    return t.v;
  }

  private step(): Step {
    const t = this.peek();
    if (t?.t !== "id" && t?.t !== "qid") throw unsupportedSyntax();
    this.at++;
    return { name: t.v, quoted: t.t === "qid" };
  }

  expr(): Expr {
    if (++this.depth > MAX_NESTING) throw unsupportedSyntax();
    let l = this.and();
    while (this.keyword("OR")) l = { k: "bin", op: "OR", l, r: this.and() };
    this.depth--;
    return l;
  }
  private and(): Expr {
    let l = this.not();
    while (this.keyword("AND")) l = { k: "bin", op: "AND", l, r: this.not() };
    return l;
  }
  private not(): Expr {
    if (!this.keyword("NOT")) return this.predicate();
    if (++this.depth > MAX_NESTING) throw unsupportedSyntax();
    const e = this.not();
    this.depth--;
    return { k: "not", e };
  }
  private predicate(): Expr {
    const e = this.additive();
    for (const op of ["=", "!=", "<>", "<=", ">=", "<", ">"]) if (this.op(op)) return { k: "bin", op: op === "<>" ? "!=" : op, l: e, r: this.additive() };
    if (this.keyword("IS")) {
      const not = this.keyword("NOT");
      if (this.keyword("NULL")) return { k: "is", e, what: "null", not };
      if (this.keyword("MISSING")) return { k: "is", e, what: "missing", not };
      throw unsupportedSyntax();
    }
    const not = this.isKeyword("NOT") && (this.isKeyword("LIKE", 1) || this.isKeyword("BETWEEN", 1) || this.isKeyword("IN", 1)) ? this.keyword("NOT") : false;
    if (this.keyword("LIKE")) {
      const pattern = this.additive();
      const escape = this.keyword("ESCAPE") ? this.additive() : undefined;
      return { k: "like", e, pattern, ...(escape ? { escape } : {}), not };
    }
    if (this.keyword("BETWEEN")) {
      const lo = this.additive();
      this.expectKeyword("AND");
      return { k: "between", e, lo, hi: this.additive(), not };
    }
    if (this.keyword("IN")) {
      this.expectOp("(");
      const list = [this.expr()];
      while (this.op(",")) list.push(this.expr());
      this.expectOp(")");
      return { k: "in", e, list, not };
    }
    if (not) throw unsupportedSyntax();
    return e;
  }
  private additive(): Expr {
    let l = this.multiplicative();
    for (;;) {
      const op = ["+", "-", "||"].find((o) => this.isOp(o));
      if (!op) return l;
      this.at++;
      l = { k: "bin", op, l, r: this.multiplicative() };
    }
  }
  private multiplicative(): Expr {
    let l = this.unary();
    for (;;) {
      const op = ["*", "/", "%"].find((o) => this.isOp(o));
      if (!op) return l;
      this.at++;
      l = { k: "bin", op, l, r: this.unary() };
    }
  }
  private unary(): Expr {
    if (!this.isOp("-") && !this.isOp("+")) return this.primary();
    const negate = this.op("-");
    if (!negate) this.at++;
    if (++this.depth > MAX_NESTING) throw unsupportedSyntax();
    const e = this.unary();
    this.depth--;
    return negate ? { k: "neg", e } : e;
  }
  private primary(): Expr {
    const t = this.peek();
    if (!t) throw unsupportedSyntax();
    if (this.op("(")) {
      const e = this.expr();
      this.expectOp(")");
      return e;
    }
    if (t.t === "str") return this.at++, { k: "lit", v: t.v };
    if (t.t === "num") return this.at++, { k: "lit", v: Number(t.v) };
    if (t.t === "qid") return this.path();
    if (t.t !== "id") throw unsupportedSyntax();
    const word = t.v.toUpperCase();
    if (word === "TRUE" || word === "FALSE") return this.at++, { k: "lit", v: word === "TRUE" };
    if (word === "NULL") return this.at++, { k: "lit", v: null };
    if (word === "MISSING") return this.at++, { k: "lit", v: undefined };
    if (this.peek(1)?.t === "op" && this.peek(1)?.v === "(") return this.call(word);
    if (RESERVED.has(word)) throw unsupportedSyntax();
    return this.path();
  }
  private path(): Expr {
    const path: Step[] = [this.step()];
    for (;;) {
      if (this.op(".")) path.push(this.step());
      else if (this.op("[")) {
        const t = this.peek();
        if (t?.t === "num" && /^[0-9]+$/.test(t.v)) path.push({ index: Number(t.v) });
        else if (t?.t === "str") path.push({ name: t.v, quoted: true });
        else throw unsupportedSyntax();
        this.at++;
        this.expectOp("]");
      } else return { k: "col", path };
    }
  }
  private call(name: string): Expr {
    this.at += 2;
    if (AGGREGATES.has(name)) {
      if (name === "COUNT" && this.op("*")) return this.expectOp(")"), { k: "agg", fn: name };
      const arg = this.expr();
      this.expectOp(")");
      return { k: "agg", fn: name, arg };
    }
    if (name === "CAST") {
      const e = this.expr();
      this.expectKeyword("AS");
      const type = this.name().toUpperCase();
      this.expectOp(")");
      return { k: "cast", e, type };
    }
    const args: Expr[] = [];
    if (name === "SUBSTRING" || name === "TRIM") return this.specialCall(name);
    if (!this.op(")")) {
      do args.push(this.expr());
      while (this.op(","));
      this.expectOp(")");
    }
    return { k: "call", name, args };
  }
  /** SUBSTRING(s FROM a [FOR b]) / SUBSTRING(s, a[, b]); TRIM([[BOTH|LEADING|TRAILING] [chars] FROM] s). */
  private specialCall(name: string): Expr {
    if (name === "SUBSTRING") {
      const args = [this.expr()];
      if (this.keyword("FROM")) {
        args.push(this.expr());
        if (this.keyword("FOR")) args.push(this.expr());
      } else while (this.op(",")) args.push(this.expr());
      this.expectOp(")");
      return { k: "call", name, args };
    }
    let mode = "BOTH";
    for (const m of ["BOTH", "LEADING", "TRAILING"]) if (this.keyword(m)) mode = m;
    let chars: Expr = { k: "lit", v: " " };
    let subject: Expr;
    if (this.keyword("FROM")) subject = this.expr();
    else {
      subject = this.expr();
      if (this.keyword("FROM")) (chars = subject), (subject = this.expr());
    }
    this.expectOp(")");
    return { k: "call", name, args: [subject, chars, { k: "lit", v: mode }] };
  }
}

export function parseQuery(sql: string): Query {
  return new Parser(tokenize(sql)).query();
}
