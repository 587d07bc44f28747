/**
 * The PartiQL lexer, after partiql-lang-kotlin's SqlLexer (the one DynamoDB runs):
 * case-insensitive keywords, "quoted identifiers", 'strings' with '' escapes, decimal
 * numbers, `?` parameters, `--` and block comments. Text it cannot read at all (a `#`,
 * an unterminated quote or comment, an exponent beyond 32 bits) is a syntax error with
 * no detail after the colon, as DynamoDB answers it.
 */
import { KEYWORDS, MULTI_LEXEME, OPERATOR_KEYWORDS } from "./keywords.js";
import { syntaxError, type Position } from "./messages.js";

export type TokenType =
  | "identifier"
  | "quoted" // "quoted identifier"
  | "keyword"
  | "operator"
  | "string"
  | "number"
  | "boolean"
  | "null"
  | "missing"
  | "parameter"
  | "("
  | ")"
  | "["
  | "]"
  | "{"
  | "}"
  | "<<"
  | ">>"
  | ","
  | "."
  | ":"
  | ";"
  | "*"
  | "eof";

export interface Token {
  type: TokenType;
  /** Identifier text as written; keyword/operator text lower-cased (merged: "not_in"); string contents. */
  text: string;
  position: Position;
}

const LARGEST_INT = 2147483647;

function isIdentifierStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === "$";
}

function isIdentifierPart(c: string): boolean {
  return isIdentifierStart(c) || (c >= "0" && c <= "9");
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

const PUNCTUATION = new Set(["(", ")", "[", "]", "{", "}", ",", ":", ";", "*", "?"]);
const OPERATORS = ["<<", ">>", "<=", ">=", "<>", "!=", "||", "<", ">", "=", "+", "-", "/", "%"];

/** Ion reads a decimal whose exponent and scale fit 32 bits; anything else cannot be converted. */
function checkNumber(text: string): void {
  const e = text.search(/[eE]/);
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0n : BigInt(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const fraction = BigInt(dot < 0 ? 0 : mantissa.length - dot - 1);
  const scale = fraction - exponent;
  if (exponent > BigInt(LARGEST_INT) || exponent < -BigInt(LARGEST_INT) - 1n) throw syntaxError("");
  if (scale > BigInt(LARGEST_INT) || scale < -BigInt(LARGEST_INT) - 1n) throw syntaxError("");
}

export function tokenize(source: string): Token[] {
  const raw: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const position = (start: number, end: number): Position => ({ line, column: start - lineStart + 1, length: end - start });
  const push = (type: TokenType, text: string, start: number, end: number): void => {
    raw.push({ type, text, position: position(start, end) });
  };
  const newline = (index: number): void => {
    line++;
    lineStart = index + 1;
  };

  while (i < source.length) {
    const c = source[i];
    const start = i;
    if (c === "\n") {
      newline(i);
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      i++;
      continue;
    }
    if (c === "-" && source[i + 1] === "-") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) throw syntaxError("");
      for (let j = i; j < end; j++) if (source[j] === "\n") newline(j);
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      let text = "";
      i++;
      for (;;) {
        if (i >= source.length) throw syntaxError("");
        const d = source[i];
        if (d === c) {
          if (source[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === "\n") newline(i);
        text += d;
        i++;
      }
      push(c === "'" ? "string" : "quoted", text, start, i);
      continue;
    }
    if (isDigit(c) || (c === "." && isDigit(source[i + 1]))) {
      while (isDigit(source[i])) i++;
      if (source[i] === ".") {
        i++;
        while (isDigit(source[i])) i++;
      }
      if ((source[i] === "e" || source[i] === "E") && (isDigit(source[i + 1]) || ((source[i + 1] === "+" || source[i + 1] === "-") && isDigit(source[i + 2])))) {
        i += 2;
        while (isDigit(source[i])) i++;
      }
      const text = source.slice(start, i);
      checkNumber(text);
      push("number", text, start, i);
      continue;
    }
    if (isIdentifierStart(c)) {
      while (i < source.length && isIdentifierPart(source[i])) i++;
      const text = source.slice(start, i);
      const lower = text.toLowerCase();
      if (lower === "true" || lower === "false") push("boolean", lower, start, i);
      else if (lower === "null") push("null", lower, start, i);
      else if (lower === "missing") push("missing", lower, start, i);
      else if (OPERATOR_KEYWORDS.has(lower)) push("operator", lower, start, i);
      else if (KEYWORDS.has(lower)) push("keyword", lower, start, i);
      else push("identifier", text, start, i);
      continue;
    }
    if (c === ".") {
      push(".", ".", start, ++i);
      continue;
    }
    if (PUNCTUATION.has(c)) {
      i++;
      push(c === "?" ? "parameter" : (c as TokenType), c, start, i);
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, i));
    if (operator !== undefined) {
      i += operator.length;
      if (operator === "<<" || operator === ">>") push(operator, operator, start, i);
      else push("operator", operator === "!=" ? "<>" : operator, start, i);
      continue;
    }
    throw syntaxError("");
  }
  raw.push({ type: "eof", text: "", position: position(i, i) });
  return mergeLexemes(raw);
}

/** "NOT IN", "IS NOT", "INSERT INTO", "ALL OLD", … are single tokens. */
function mergeLexemes(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (next !== undefined && (token.type === "keyword" || token.type === "operator") && (next.type === "keyword" || next.type === "operator" || next.type === "null")) {
      const merged = MULTI_LEXEME.get(`${token.text} ${next.text}`);
      if (merged !== undefined) {
        const type = merged.endsWith("_in") || merged.startsWith("is_") || merged.startsWith("not_") ? "operator" : "keyword";
        const length = next.position.line === token.position.line ? next.position.column + next.position.length - token.position.column : token.position.length;
        out.push({ type, text: merged, position: { ...token.position, length } });
        i++;
        continue;
      }
    }
    out.push(token);
  }
  return out;
}
