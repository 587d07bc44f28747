/**
 * A pattern's JSON text as the token stream Jackson's streaming parser hands Amazon's event-ruler
 * (JsonRuleCompiler), with the parser location each refusal reports: EventBridge answers
 * "<reason>\n at [Source: (String)"<pattern>"; line: 1, column: 11]" (localstack
 * test_events_patterns.snapshot.json, recorded on AWS). Jackson reads lazily, so where it stands
 * depends on the token: past a number or literal, just inside a string until its text is read,
 * and a field name has already consumed the colon and the start of its value.
 */

export type TokenType = "{" | "}" | "[" | "]" | "field" | "string" | "number" | "true" | "false" | "null";

export interface Token {
  type: TokenType;
  /** Jackson's getText(): a string's or field name's decoded text, a number's source text. */
  text: string;
  /** Where the parser stands once nextToken() returned this token. */
  at: number;
  /** Where it stands once getText() read the token (past a string's closing quote). */
  end: number;
}

/** Tokenizes JSON text already known to be valid (JSON.parse accepted it). */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  /** The field name whose value comes next: Jackson's location for it is its value's start. */
  let field: Token | undefined;
  const stack: ("{" | "[")[] = [];
  const skip = (): void => {
    while (pos < source.length && " \t\r\n".includes(source[pos] as string)) pos++;
  };
  const push = (token: Token): void => {
    if (field !== undefined) {
      field.at = field.end = token.at;
      field = undefined;
    }
    tokens.push(token);
  };
  const readString = (): { text: string; start: number; end: number } => {
    const start = pos;
    let i = pos + 1;
    while (source[i] !== '"') i += source[i] === "\\" ? 2 : 1;
    const end = i + 1;
    pos = end;
    return { text: JSON.parse(source.slice(start, end)) as string, start, end };
  };
  for (;;) {
    skip();
    if (pos >= source.length) break;
    const char = source[pos] as string;
    if (char === "," || char === ":") {
      pos++;
      continue;
    }
    if (char === "{" || char === "[") {
      pos++;
      push({ type: char, text: char, at: pos, end: pos });
      stack.push(char);
      continue;
    }
    if (char === "}" || char === "]") {
      pos++;
      push({ type: char, text: char, at: pos, end: pos });
      stack.pop();
      continue;
    }
    if (char === '"') {
      const { text, start, end } = readString();
      // Inside an object, a string that a colon follows is a field name.
      let after = pos;
      while (after < source.length && " \t\r\n".includes(source[after] as string)) after++;
      if (stack[stack.length - 1] === "{" && source[after] === ":") {
        const name: Token = { type: "field", text, at: end, end };
        tokens.push(name);
        field = name;
        continue;
      }
      push({ type: "string", text, at: start + 1, end });
      continue;
    }
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(source.slice(pos))?.[0] ?? source[pos] ?? "";
    pos += literal.length;
    const type: TokenType = literal === "true" || literal === "false" || literal === "null" ? literal : "number";
    push({ type, text: literal, at: pos, end: pos });
  }
  return tokens;
}

/** Jackson's " at [Source: (String)"…"; line: L, column: C]" for a parser offset into `source`. */
export function jacksonLocation(source: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    const char = source[i];
    if (char === "\n" || (char === "\r" && source[i + 1] !== "\n")) {
      line++;
      lineStart = i + 1;
    }
  }
  return `\n at [Source: (String)"${sourceSnippet(source)}; line: ${line}, column: ${offset - lineStart + 1}]`;
}

/** Jackson shows at most 500 characters of the source. */
const MAX_SOURCE_SNIPPET = 500;

function sourceSnippet(source: string): string {
  if (source.length <= MAX_SOURCE_SNIPPET) return `${source}"`;
  return `${source.slice(0, MAX_SOURCE_SNIPPET)}"[truncated ${source.length - MAX_SOURCE_SNIPPET} chars]`;
}
