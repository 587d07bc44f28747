import { MalformedQueryException } from "../../errors.js";

/** Tokens of the CloudWatch Logs Insights query language (the CWLI dialect). */
export type TokenKind = "ident" | "number" | "duration" | "string" | "regex" | "op" | "pipe" | "eof";

export interface Token {
  kind: TokenKind;
  text: string;
  /** The value: a name, a number, unescaped string text, regex source, or duration ms. */
  value: string | number;
  flags?: string;
  start: number;
  end: number;
}

const KEYWORDS = new Set(["and", "or", "not", "like", "in", "as", "by", "asc", "desc"]);
const OPERATORS = ["=~", "!=", "!", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "%", "^", "(", ")", "[", "]", ","];

/** Units of bin() periods and durations ("Supported time units", Insights query syntax). */
const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
  mo: 2_592_000_000, month: 2_592_000_000, months: 2_592_000_000,
  q: 7_776_000_000, qtr: 7_776_000_000, quarter: 7_776_000_000, quarters: 7_776_000_000,
  y: 31_536_000_000, yr: 31_536_000_000, year: 31_536_000_000, years: 31_536_000_000,
};

export function isKeyword(token: Token, word: string): boolean {
  return token.kind === "ident" && token.text.toLowerCase() === word;
}

/** A regex may start only where an operand is expected (after an operator, keyword, "(" or ","). */
function regexAllowed(prev: Token | undefined, before: Token | undefined): boolean {
  if (!prev) return true;
  // parse @message /(?<a>…)/: the field after parse is followed by the pattern.
  if (prev.kind === "ident" && before !== undefined && isKeyword(before, "parse")) return true;
  if (prev.kind === "op") return prev.text !== ")" && prev.text !== "]";
  if (prev.kind === "pipe") return true;
  if (prev.kind === "ident") return KEYWORDS.has(prev.text.toLowerCase()) || prev.text.toLowerCase() === "parse" || prev.text.toLowerCase() === "filter";
  return false;
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const push = (kind: TokenKind, start: number, value: string | number, flags?: string) => {
    tokens.push({ kind, text: query.slice(start, pos), value, start, end: pos, ...(flags !== undefined ? { flags } : {}) });
  };
  while (pos < query.length) {
    const ch = query[pos];
    const start = pos;
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    if (ch === "#") {
      // A comment runs to the end of the line.
      while (pos < query.length && query[pos] !== "\n") pos++;
      continue;
    }
    if (ch === "|") {
      pos++;
      push("pipe", start, "|");
      continue;
    }
    if (ch === '"' || ch === "'") {
      let text = "";
      pos++;
      while (pos < query.length && query[pos] !== ch) {
        if (query[pos] === "\\" && pos + 1 < query.length) {
          const next = query[pos + 1];
          text += next === "n" ? "\n" : next === "t" ? "\t" : next;
          pos += 2;
        } else text += query[pos++];
      }
      if (pos >= query.length) throw syntaxError(`token recognition error at: '${query.slice(start)}'`, start, query.length);
      pos++;
      push("string", start, text);
      continue;
    }
    if (ch === "`") {
      const close = query.indexOf("`", pos + 1);
      if (close < 0) throw syntaxError(`token recognition error at: '${query.slice(start)}'`, start, query.length);
      pos = close + 1;
      push("ident", start, query.slice(start + 1, close));
      continue;
    }
    if (ch === "/" && regexAllowed(tokens[tokens.length - 1], tokens[tokens.length - 2])) {
      let source = "";
      pos++;
      while (pos < query.length && query[pos] !== "/") {
        if (query[pos] === "\\" && pos + 1 < query.length) {
          source += query[pos] + query[pos + 1];
          pos += 2;
        } else source += query[pos++];
      }
      if (pos >= query.length) throw syntaxError(`token recognition error at: '${query.slice(start)}'`, start, query.length);
      pos++;
      const flagStart = pos;
      while (pos < query.length && /[a-z]/.test(query[pos])) pos++;
      push("regex", start, source, query.slice(flagStart, pos));
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(query[pos + 1] ?? ""))) {
      while (pos < query.length && /[0-9.]/.test(query[pos])) pos++;
      if (/[eE]/.test(query[pos] ?? "") && /[-+0-9]/.test(query[pos + 1] ?? "")) {
        pos += 2;
        while (pos < query.length && /[0-9]/.test(query[pos])) pos++;
      }
      const numberEnd = pos;
      const unit = /^[a-zA-Z]+/.exec(query.slice(pos))?.[0];
      const n = Number(query.slice(start, numberEnd));
      if (unit !== undefined && DURATION_UNITS[unit] !== undefined) {
        pos += unit.length;
        push("duration", start, n * DURATION_UNITS[unit]);
      } else push("number", start, n);
      continue;
    }
    if (/[A-Za-z_@$]/.test(ch)) {
      while (pos < query.length && /[A-Za-z0-9_.@$]/.test(query[pos])) pos++;
      push("ident", start, query.slice(start, pos));
      continue;
    }
    const op = OPERATORS.find((o) => query.startsWith(o, pos));
    if (!op) throw syntaxError(`token recognition error at: '${ch}'`, start, start + 1);
    pos += op.length;
    push("op", start, op);
  }
  tokens.push({ kind: "eof", text: "<EOF>", value: "", start: query.length, end: query.length });
  return tokens;
}

/** MalformedQueryException carries AWS's queryCompileError: where and what. */
export function syntaxError(message: string, start: number, end: number): MalformedQueryException {
  return new MalformedQueryException(message, { location: { startCharOffset: start, endCharOffset: Math.max(start, end - 1) }, message });
}
