/**
 * The expression lexer, matching DynamoDB's token rules (the ANTLR lexer grammar AWS ships
 * in its DAX client, DynamoDbGrammar/Tokens.g4): longest match wins, a keyword beats an
 * identifier of the same length, and any other character is an UNKNOWN token of its own,
 * so bad input surfaces as a parser "Syntax error; token: …" rather than a lexer error.
 */

export type TokenType =
  | "ID" // [a-zA-Z][a-zA-Z0-9_]*
  | "NAME" // #[a-zA-Z0-9_]+  (ExpressionAttributeNames placeholder)
  | "VALUE" // :[a-zA-Z0-9_]+  (ExpressionAttributeValues placeholder)
  | "INDEX" // 0 | [1-9][0-9]*
  | "KEYWORD" // IN BETWEEN NOT AND OR SET ADD DELETE REMOVE, any case
  | "OP" // = <> < <= > >= + - ( ) [ ] , .
  | "STRING" // a quoted literal: lexed by DynamoDB, never valid in a parse
  | "UNKNOWN"
  | "EOF";

export interface Token {
  type: TokenType;
  /** Source text; upper-cased for keywords; "<EOF>" at the end. */
  text: string;
  /** Upper-case keyword, or the operator/punctuation text; "" otherwise. */
  value: string;
  start: number;
  end: number;
}

const KEYWORDS = new Set(["IN", "BETWEEN", "NOT", "AND", "OR", "SET", "ADD", "DELETE", "REMOVE"]);

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95 /* _ */;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const length = source.length;
  let i = 0;
  const push = (type: TokenType, start: number, end: number, value = ""): void => {
    tokens.push({ type, text: source.slice(start, end), value, start, end });
  };
  while (i < length) {
    const c = source.charCodeAt(i);
    const start = i;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isLetter(c)) {
      while (i < length && isIdChar(source.charCodeAt(i))) i++;
      const upper = source.slice(start, i).toUpperCase();
      if (KEYWORDS.has(upper)) push("KEYWORD", start, i, upper);
      else push("ID", start, i);
      continue;
    }
    if (isDigit(c)) {
      i++;
      if (c !== 48) while (i < length && isDigit(source.charCodeAt(i))) i++;
      push("INDEX", start, i);
      continue;
    }
    if ((c === 35 /* # */ || c === 58) /* : */ && i + 1 < length && isIdChar(source.charCodeAt(i + 1))) {
      i++;
      while (i < length && isIdChar(source.charCodeAt(i))) i++;
      push(c === 35 ? "NAME" : "VALUE", start, i);
      continue;
    }
    if (c === 60 /* < */ || c === 62 /* > */) {
      const next = source.charCodeAt(i + 1);
      i += c === 60 && (next === 61 || next === 62) ? 2 : c === 62 && next === 61 ? 2 : 1;
      push("OP", start, i, source.slice(start, i));
      continue;
    }
    if ("=+-()[],.".includes(source[i])) {
      i++;
      push("OP", start, i, source[start]);
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const end = stringEnd(source, i, c);
      if (end > 0) {
        i = end;
        push("STRING", start, i);
        continue;
      }
    }
    // One code point, as ANTLR's code point streams see it.
    i += c >= 0xd800 && c < 0xdc00 && i + 1 < length ? 2 : 1;
    push("UNKNOWN", start, i);
  }
  tokens.push({ type: "EOF", text: "<EOF>", value: "", start: length, end: length });
  return tokens;
}

/** End (exclusive) of a quoted literal starting at `start`, or -1 when unterminated. */
function stringEnd(source: string, start: number, quote: number): number {
  for (let i = start + 1; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 92 /* \ */ && source.charCodeAt(i + 1) === quote) i++;
    else if (c === quote) return i + 1;
  }
  return -1;
}
