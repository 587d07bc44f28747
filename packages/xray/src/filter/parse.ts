/**
 * X-Ray filter expressions (X-Ray Developer Guide, "Using filter expressions"), the
 * common subset: boolean keywords (ok, error, fault, throttle, partial, inferred), number
 * keywords (responsetime, duration, http.status), string keywords (http.url, http.method,
 * http.useragent, http.clientip, user, id), annotation.key / annotation[key], service(…)
 * and edge(…, …) with id(name: …, type: …) and an optional { filter }, group.name / group.arn, combined with
 * AND/&&, OR/||, !/NOT, parentheses, and juxtaposition (`ok !partial` = `ok AND !partial`).
 */
import { InvalidRequestException, messages } from "../errors.js";
import { MAX_FILTER_DEPTH } from "../limits.js";

export type Literal = string | number | boolean;
export type Operator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "CONTAINS" | "BEGINSWITH" | "ENDSWITH";
export type BooleanKeyword = "ok" | "error" | "fault" | "throttle" | "partial" | "inferred";
export type NumberKeyword = "responsetime" | "duration" | "http.status";
export type StringKeyword = "http.url" | "http.method" | "http.useragent" | "http.clientip" | "user" | "id";

export interface NodeMatch {
  name?: string;
  type?: string;
}

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; expr: FilterNode }
  | { kind: "boolean"; keyword: BooleanKeyword; op?: "=" | "!="; value?: boolean }
  | { kind: "number"; keyword: NumberKeyword; op: Operator; value: number }
  | { kind: "string"; keyword: StringKeyword; op: Operator; value: string }
  | { kind: "annotation"; key: string; op?: Operator; value?: Literal }
  | { kind: "service"; match?: NodeMatch; inner?: FilterNode }
  | { kind: "edge"; from: NodeMatch; to: NodeMatch; inner?: FilterNode }
  /** group.name = "…" / group.arn = "…": the traces that group's filter expression matches (`filter`, set by resolveGroups). */
  | { kind: "group"; by: "name" | "arn"; value: string; filter?: FilterNode };

const BOOLEAN_KEYWORDS = new Set<string>(["ok", "error", "fault", "throttle", "partial", "inferred"]);
const NUMBER_KEYWORDS = new Set<string>(["responsetime", "duration", "http.status"]);
const STRING_KEYWORDS = new Set<string>(["http.url", "http.method", "http.useragent", "http.clientip", "user", "id"]);
const WORD_OPERATORS = new Set(["CONTAINS", "BEGINSWITH", "ENDSWITH"]);
const NUMBER_OPERATORS = new Set<Operator>(["=", "!=", "<", "<=", ">", ">="]);
const STRING_OPERATORS = new Set<Operator>(["=", "!=", "CONTAINS", "BEGINSWITH", "ENDSWITH"]);

type Token =
  | { t: "str"; v: string; at: number }
  | { t: "num"; v: number; at: number }
  | { t: "word"; v: string; at: number }
  | { t: "sym"; v: string; at: number };

const SYMBOLS = ["!=", "<=", ">=", "&&", "||", "=", "<", ">", "!", "(", ")", "{", "}", "[", "]", ",", ":"];

function fail(detail: string): never {
  throw new InvalidRequestException(messages.invalidFilter(detail));
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let value = "";
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\" && j + 1 < text.length) j++;
        value += text[j++];
      }
      if (j >= text.length) fail(`unterminated string at position ${i}`);
      tokens.push({ t: "str", v: value, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9.]/.test(text[i + 1] ?? "")) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const m = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      if (m === null) fail(`bad number at position ${i}`);
      tokens.push({ t: "num", v: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
      const word = m === null ? c : m[0];
      tokens.push({ t: "word", v: word, at: i });
      i += word.length;
    } else {
      const sym = SYMBOLS.find((s) => text.startsWith(s, i));
      if (sym === undefined) fail(`unexpected "${c}" at position ${i}`);
      tokens.push({ t: "sym", v: sym, at: i });
      i += sym.length;
    }
  }
  return tokens;
}

export function parseFilter(text: string): FilterNode {
  const parser = new Parser(tokenize(text));
  if (parser.done()) fail("the expression is empty");
  const node = parser.or();
  if (!parser.done()) fail(`unexpected ${parser.describe()}`);
  return node;
}

class Parser {
  private pos = 0;
  /** Depth of the tree built so far along the current path: parentheses, !, braces and each link of an AND/OR chain. */
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  describe(): string {
    const token = this.tokens[this.pos];
    return token === undefined ? "end of expression" : `"${String(token.v)}" at position ${token.at}`;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isSym(value: string): boolean {
    const token = this.peek();
    return token?.t === "sym" && token.v === value;
  }

  private isWord(value: string): boolean {
    const token = this.peek();
    return token?.t === "word" && token.v.toUpperCase() === value;
  }

  private expect(value: string): void {
    if (!this.isSym(value)) fail(`expected "${value}" but found ${this.describe()}`);
    this.pos++;
  }

  /**
   * One level deeper; past MAX_FILTER_DEPTH the expression is refused, before parsing or
   * evaluating it runs out of stack (100,000 "(" answered HTTP 500).
   */
  private enter(): void {
    if (++this.depth > MAX_FILTER_DEPTH) fail(`the expression nests deeper than ${MAX_FILTER_DEPTH} levels`);
  }

  or(): FilterNode {
    const base = this.depth;
    let left = this.and();
    while (this.isWord("OR") || this.isSym("||")) {
      this.pos++;
      this.enter();
      left = { kind: "or", left, right: this.and() };
    }
    this.depth = base;
    return left;
  }

  private and(): FilterNode {
    const base = this.depth;
    let left = this.unary();
    for (;;) {
      if (this.isWord("AND") || this.isSym("&&")) this.pos++;
      else if (!this.startsOperand()) break;
      this.enter();
      left = { kind: "and", left, right: this.unary() };
    }
    this.depth = base;
    return left;
  }

  private startsOperand(): boolean {
    const token = this.peek();
    if (token === undefined) return false;
    if (token.t === "word") return !["OR", "AND"].includes(token.v.toUpperCase());
    return token.t === "sym" && (token.v === "(" || token.v === "!");
  }

  private unary(): FilterNode {
    if (this.isSym("!") || this.isWord("NOT")) {
      this.pos++;
      this.enter();
      const expr = this.unary();
      this.depth--;
      return { kind: "not", expr };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    if (this.isSym("(")) {
      this.pos++;
      this.enter();
      const node = this.or();
      this.expect(")");
      this.depth--;
      return node;
    }
    const token = this.peek();
    if (token?.t !== "word") fail(`expected a keyword but found ${this.describe()}`);
    this.pos++;
    const word = token.v.toLowerCase();
    if (word === "service") return this.service();
    if (word === "edge") return this.edge();
    if (word === "annotation" && this.isSym("[")) {
      this.pos++;
      const key = this.peek();
      if (key === undefined || (key.t !== "word" && key.t !== "str")) fail(`expected an annotation key but found ${this.describe()}`);
      this.pos++;
      this.expect("]");
      return this.annotation(String(key.v));
    }
    if (word.startsWith("annotation.") && word.length > "annotation.".length) return this.annotation(token.v.slice("annotation.".length));
    if (BOOLEAN_KEYWORDS.has(word)) return this.booleanKeyword(word as BooleanKeyword);
    if (NUMBER_KEYWORDS.has(word)) {
      const { op, value } = this.comparison(NUMBER_OPERATORS, word);
      if (typeof value !== "number") fail(`${word} compares with a number`);
      return { kind: "number", keyword: word as NumberKeyword, op, value };
    }
    if (word === "group.name" || word === "group.arn") {
      const { value } = this.comparison(new Set<Operator>(["="]), word);
      if (typeof value !== "string") fail(`${word} compares with a string`);
      return { kind: "group", by: word === "group.name" ? "name" : "arn", value };
    }
    if (STRING_KEYWORDS.has(word)) {
      const { op, value } = this.comparison(STRING_OPERATORS, word);
      if (typeof value !== "string") fail(`${word} compares with a string`);
      return { kind: "string", keyword: word as StringKeyword, op, value };
    }
    return fail(`unknown keyword "${token.v}" at position ${token.at}`);
  }

  private booleanKeyword(keyword: BooleanKeyword): FilterNode {
    const op = this.operator();
    if (op === undefined) return { kind: "boolean", keyword };
    if (op !== "=" && op !== "!=") fail(`${keyword} takes = or !=`);
    const value = this.literal();
    if (typeof value !== "boolean") fail(`${keyword} compares with true or false`);
    return { kind: "boolean", keyword, op, value };
  }

  private annotation(key: string): FilterNode {
    const op = this.operator();
    if (op === undefined) return { kind: "annotation", key };
    const value = this.literal();
    const allowed = typeof value === "string" ? STRING_OPERATORS : typeof value === "number" ? NUMBER_OPERATORS : new Set(["=", "!="]);
    if (!allowed.has(op)) fail(`operator ${op} does not apply to ${JSON.stringify(value)}`);
    return { kind: "annotation", key, op, value };
  }

  private comparison(allowed: Set<Operator>, keyword: string): { op: Operator; value: Literal } {
    const op = this.operator();
    if (op === undefined) fail(`${keyword} needs an operator and a value`);
    if (!allowed.has(op)) fail(`operator ${op} does not apply to ${keyword}`);
    return { op, value: this.literal() };
  }

  private operator(): Operator | undefined {
    const token = this.peek();
    if (token?.t === "sym" && ["=", "!=", "<", "<=", ">", ">="].includes(token.v)) {
      this.pos++;
      return token.v as Operator;
    }
    if (token?.t === "word" && WORD_OPERATORS.has(token.v.toUpperCase())) {
      this.pos++;
      return token.v.toUpperCase() as Operator;
    }
    return undefined;
  }

  private literal(): Literal {
    const token = this.peek();
    if (token === undefined) fail("expected a value but found end of expression");
    this.pos++;
    if (token.t === "str" || token.t === "num") return token.v;
    if (token.t === "word" && (token.v.toLowerCase() === "true" || token.v.toLowerCase() === "false")) return token.v.toLowerCase() === "true";
    return fail(`expected a value but found "${String(token.v)}" at position ${token.at}`);
  }

  private service(): FilterNode {
    this.expect("(");
    const match = this.isSym(")") ? undefined : this.nodeMatch();
    this.expect(")");
    return { kind: "service", ...(match ? { match } : {}), ...this.innerFilter() };
  }

  private edge(): FilterNode {
    this.expect("(");
    const from = this.nodeMatch();
    this.expect(",");
    const to = this.nodeMatch();
    this.expect(")");
    return { kind: "edge", from, to, ...this.innerFilter() };
  }

  private innerFilter(): { inner?: FilterNode } {
    if (!this.isSym("{")) return {};
    this.pos++;
    this.enter();
    const inner = this.or();
    this.expect("}");
    this.depth--;
    return { inner };
  }

  /** "name" or id(name: "…", type: "…"). */
  private nodeMatch(): NodeMatch {
    const token = this.peek();
    if (token?.t === "str") {
      this.pos++;
      return { name: token.v };
    }
    if (token?.t !== "word" || token.v.toLowerCase() !== "id") fail(`expected a service name or id(…) but found ${this.describe()}`);
    this.pos++;
    this.expect("(");
    const match: NodeMatch = {};
    for (;;) {
      const key = this.peek();
      if (key?.t !== "word" || !["name", "type"].includes(key.v.toLowerCase())) fail(`expected name: or type: but found ${this.describe()}`);
      this.pos++;
      this.expect(":");
      const value = this.peek();
      if (value?.t !== "str") fail(`expected a string but found ${this.describe()}`);
      this.pos++;
      match[key.v.toLowerCase() as "name" | "type"] = value.v;
      if (!this.isSym(",")) break;
      this.pos++;
    }
    this.expect(")");
    return match;
  }
}
