import type { Command, Expr, Named, Query } from "./ast.js";
import { isKeyword, syntaxError, tokenize, type Token } from "./lexer.js";

/** AWS's answer where a command is expected (recorded: "mismatched input 'count' expecting {…}"). */
const COMMAND_EXPECTED = "{K_PARSE, K_SEARCH, K_FIELDS, K_DISPLAY, K_FILTER, K_SORT, K_ORDER, K_HEAD, K_LIMIT, K_TAIL}";
const COMPARISONS = new Set(["=", "!=", "<", "<=", ">", ">=", "=~"]);

/** Parses a Logs Insights query: commands separated by "|". */
export function parseQuery(query: string): Query {
  return new Parser(query).parse();
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(private readonly src: string) {
    this.tokens = tokenize(src);
  }

  private get tok(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private mismatch(expecting: string): never {
    const t = this.tok;
    throw syntaxError(`mismatched input '${t.text}' expecting ${expecting}`, t.start, t.end);
  }

  private isOp(text: string): boolean {
    return this.tok.kind === "op" && this.tok.text === text;
  }

  private expectOp(text: string): void {
    if (!this.isOp(text)) this.mismatch(`'${text}'`);
    this.i++;
  }

  private text(from: Token): string {
    return this.src.slice(from.start, this.tokens[this.i - 1].end);
  }

  parse(): Query {
    const commands: Command[] = [];
    for (;;) {
      commands.push(this.command());
      if (this.tok.kind === "eof") break;
      if (this.tok.kind !== "pipe") this.mismatch("{<EOF>, '|'}");
      this.i++;
    }
    return { commands };
  }

  private command(): Command {
    const t = this.tok;
    if (t.kind !== "ident") this.mismatch(COMMAND_EXPECTED);
    const word = t.text.toLowerCase();
    this.i++;
    switch (word) {
      case "fields":
        return { c: "fields", items: this.namedList(true) };
      case "display":
        return { c: "display", items: this.namedList(false) };
      case "filter":
        return { c: "filter", expr: this.expr() };
      case "sort":
      case "order":
        return { c: "sort", keys: this.sortKeys() };
      case "limit":
      case "head":
        return { c: "limit", n: this.count() };
      case "stats":
        return this.stats();
      case "parse":
        return this.parseCommand();
      case "dedup":
        return { c: "dedup", exprs: this.exprList() };
      default:
        this.i--;
        return this.mismatch(COMMAND_EXPECTED);
    }
  }

  private count(): number {
    const t = this.tok;
    if (t.kind !== "number" || !Number.isInteger(t.value)) this.mismatch("INTEGER_LITERAL");
    this.i++;
    return t.value as number;
  }

  private namedList(aliases: boolean): Named[] {
    const items: Named[] = [];
    do {
      const expr = this.expr();
      let name = expr.k === "field" ? expr.name : expr.text;
      if (aliases && isKeyword(this.tok, "as")) {
        this.i++;
        name = this.identifier();
      }
      items.push({ expr, name });
    } while (this.isOp(",") && this.next());
    return items;
  }

  private exprList(): Expr[] {
    const items: Expr[] = [];
    do items.push(this.expr());
    while (this.isOp(",") && this.next());
    return items;
  }

  private identifier(): string {
    const t = this.tok;
    if (t.kind !== "ident") this.mismatch("IDENTIFIER");
    this.i++;
    return t.value as string;
  }

  private sortKeys(): Array<{ expr: Expr; desc: boolean }> {
    const keys: Array<{ expr: Expr; desc: boolean }> = [];
    do {
      const expr = this.expr();
      let desc = false;
      if (isKeyword(this.tok, "desc")) {
        desc = true;
        this.i++;
      } else if (isKeyword(this.tok, "asc")) this.i++;
      keys.push({ expr, desc });
    } while (this.isOp(",") && this.next());
    return keys;
  }

  private stats(): Command {
    const aggs = this.namedList(true);
    let by: Named[] = [];
    if (isKeyword(this.tok, "by")) {
      this.i++;
      by = this.namedList(true);
    }
    return { c: "stats", aggs, by };
  }

  /** parse @message "glob * pattern" as a, b | parse @message /(?<a>…)/ */
  private parseCommand(): Command {
    let source: Expr = { k: "field", name: "@message", text: "@message" };
    if (this.tok.kind !== "string" && this.tok.kind !== "regex") source = this.primary();
    const t = this.next();
    if (t.kind === "regex") {
      const regex = compileRegex(t);
      const names = [...(t.value as string).matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
      if (names.length === 0) throw syntaxError("Expected named capture group in regex", t.start, t.end);
      return { c: "parse", source, regex, names };
    }
    if (t.kind !== "string") {
      this.i--;
      this.mismatch("{STRING_LITERAL, REGEX}");
    }
    if (!isKeyword(this.tok, "as")) this.mismatch("K_AS");
    this.i++;
    const names: string[] = [];
    do names.push(this.identifier());
    while (this.isOp(",") && this.next());
    const glob = t.value as string;
    const stars = glob.split("*").length - 1;
    if (stars !== names.length) {
      throw syntaxError(`Number of fields (${names.length}) does not match number of wildcards (${stars}) in parse pattern`, t.start, t.end);
    }
    return { c: "parse", source, glob, names };
  }

  // ---- expressions: or < and < not < comparison < additive < multiplicative < unary ----

  expr(): Expr {
    const start = this.tok;
    let left = this.and();
    while (isKeyword(this.tok, "or")) {
      this.i++;
      left = { k: "bin", op: "or", l: left, r: this.and(), text: "" };
      left.text = this.text(start);
    }
    return left;
  }

  private and(): Expr {
    const start = this.tok;
    let left = this.not();
    while (isKeyword(this.tok, "and")) {
      this.i++;
      left = { k: "bin", op: "and", l: left, r: this.not(), text: "" };
      left.text = this.text(start);
    }
    return left;
  }

  private not(): Expr {
    const start = this.tok;
    if (isKeyword(this.tok, "not") || this.isOp("!")) {
      this.i++;
      const e = this.not();
      return { k: "not", e, text: this.text(start) };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const start = this.tok;
    const left = this.additive();
    const t = this.tok;
    let op: string | undefined;
    if (t.kind === "op" && COMPARISONS.has(t.text)) op = t.text;
    else if (isKeyword(t, "like") || isKeyword(t, "in")) op = t.text.toLowerCase();
    else if (isKeyword(t, "not") && (isKeyword(this.tokens[this.i + 1], "like") || isKeyword(this.tokens[this.i + 1], "in"))) {
      this.i++;
      op = `not ${this.tok.text.toLowerCase()}`;
    }
    if (op === undefined) return left;
    this.i++;
    const right = this.additive();
    return { k: "bin", op, l: left, r: right, text: this.text(start) };
  }

  private additive(): Expr {
    const start = this.tok;
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().text;
      left = { k: "bin", op, l: left, r: this.multiplicative(), text: "" };
      left.text = this.text(start);
    }
    return left;
  }

  private multiplicative(): Expr {
    const start = this.tok;
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%") || this.isOp("^")) {
      const op = this.next().text;
      left = { k: "bin", op, l: left, r: this.unary(), text: "" };
      left.text = this.text(start);
    }
    return left;
  }

  private unary(): Expr {
    const start = this.tok;
    if (this.isOp("-")) {
      this.i++;
      const e = this.unary();
      return { k: "neg", e, text: this.text(start) };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case "number":
        return { k: "num", v: t.value as number, text: t.text };
      case "duration":
        return { k: "dur", ms: t.value as number, text: t.text };
      case "string":
        return { k: "str", v: t.value as string, text: t.text };
      case "regex":
        return { k: "re", re: compileRegex(t), text: t.text };
      case "ident": {
        if (this.isOp("(")) {
          this.i++;
          const args: Expr[] = [];
          if (!this.isOp(")")) {
            do args.push(this.isOp("*") ? this.star() : this.expr());
            while (this.isOp(",") && this.next());
          }
          this.expectOp(")");
          return { k: "call", name: (t.value as string).toLowerCase(), args, text: this.text(t) };
        }
        return { k: "field", name: t.value as string, text: t.text };
      }
      case "op":
        if (t.text === "(") {
          const inner = this.expr();
          this.expectOp(")");
          return { ...inner, text: this.text(t) };
        }
        if (t.text === "[") {
          const items: Expr[] = [];
          if (!this.isOp("]")) {
            do items.push(this.expr());
            while (this.isOp(",") && this.next());
          }
          this.expectOp("]");
          return { k: "list", items, text: this.text(t) };
        }
        break;
      default:
        break;
    }
    this.i--;
    throw syntaxError(`no viable alternative at input '${t.text}'`, t.start, t.end);
  }

  private star(): Expr {
    const t = this.next();
    return { k: "star", text: t.text };
  }
}

function compileRegex(t: Token): RegExp {
  const flags = (t.flags ?? "").replace(/[^imsu]/g, "");
  // Insights regexes are Java's: (?i) at the start, or just after its ^ (the query syntax's own
  // example: `filter f1 =~ /^(?i)Exception$/`), makes the whole regex case-insensitive.
  let source = t.value as string;
  let extra = "";
  const inline = /^(\^?)\(\?i\)/.exec(source);
  if (inline) {
    source = inline[1] + source.slice(inline[0].length);
    extra = "i";
  }
  try {
    return new RegExp(source, [...new Set(flags + extra)].join(""));
  } catch {
    throw syntaxError(`Invalid regex: ${t.text}`, t.start, t.end);
  }
}
