/**
 * Step Functions parses JSON with Jackson and quotes its parser messages in
 * InvalidExecutionInput and in ValidateStateMachineDefinition's INVALID_JSON_DESCRIPTION
 * ("Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token
 * 'null', 'true' or 'false')", LocalStack's AWS-recorded test_invalid_start_execution_input
 * and test_validate_state_machine_definition_not_a_definition). This scanner finds the first
 * syntax error the way Jackson reports it: its message and its line and column.
 */

import { jsonNestingDepth } from "@sam-sandbox/core";
import { JACKSON_MAX_NESTING_DEPTH } from "../limits.js";

export interface JacksonError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

const EXPECTED_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

class Stop {
  constructor(readonly message: string) {}
}

/** Jackson's description of a character: 'x' (code 120), or (CTRL-CHAR, code 10). */
function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 32) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${c}' (code ${code} / 0x${code.toString(16)})`;
  return `'${c}' (code ${code})`;
}

function isIdentifierPart(c: string): boolean {
  return /[\p{L}\p{N}_$]/u.test(c);
}

class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  /** 1-based line and column of the position after what was read. */
  position(): { line: number; column: number } {
    const before = this.text.slice(0, this.i);
    const lines = before.split("\n");
    return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
  }

  private skipSpace(): void {
    while (this.i < this.text.length && /[ \t\r\n]/.test(this.text[this.i])) this.i++;
  }

  private next(): string | undefined {
    this.skipSpace();
    return this.text[this.i];
  }

  private unexpected(c: string, expecting: string): Stop {
    this.i++;
    return new Stop(`Unexpected character (${describeChar(c)}): ${expecting}`);
  }

  private endOfInput(container: "Object" | "Array", start: { line: number; column: number }): Stop {
    return new Stop(`Unexpected end-of-input: expected close marker for ${container} (start marker at ${sourceRef(this.text, start.line, start.column)})`);
  }

  value(): void {
    const c = this.next();
    if (c === undefined) throw new Stop("No content to map due to end-of-input");
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    if (isIdentifierPart(c)) return this.word();
    throw this.unexpected(c, "expected a value");
  }

  private word(): void {
    const start = this.i;
    while (this.i < this.text.length && isIdentifierPart(this.text[this.i])) this.i++;
    const token = this.text.slice(start, this.i);
    if (token === "true" || token === "false" || token === "null") return;
    throw new Stop(`Unrecognized token '${token}': was expecting ${EXPECTED_VALUE}`);
  }

  private number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i));
    if (!m || m[0] === "-") {
      this.i++;
      throw new Stop(`Unexpected character (${describeChar(this.text[this.i] ?? " ")}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`);
    }
    this.i += m[0].length;
  }

  private string(): void {
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i++];
      if (c === '"') return;
      if (c === "\\") {
        this.i++;
        continue;
      }
      if (c.charCodeAt(0) < 32) throw new Stop(`Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in string value`);
    }
    throw new Stop("Unexpected end-of-input: was expecting closing quote for a string value");
  }

  private object(): void {
    const start = this.position();
    this.i++;
    let c = this.next();
    if (c === "}") {
      this.i++;
      return;
    }
    for (;;) {
      if (c === undefined) throw this.endOfInput("Object", start);
      if (c !== '"') throw this.unexpected(c, "was expecting double-quote to start field name");
      this.string();
      c = this.next();
      if (c === undefined) throw this.endOfInput("Object", start);
      if (c !== ":") throw this.unexpected(c, "was expecting a colon to separate field name and value");
      this.i++;
      if (this.next() === undefined) throw this.endOfInput("Object", start);
      this.value();
      c = this.next();
      if (c === undefined) throw this.endOfInput("Object", start);
      if (c === "}") {
        this.i++;
        return;
      }
      if (c !== ",") throw this.unexpected(c, "was expecting comma to separate Object entries");
      this.i++;
      c = this.next();
    }
  }

  private array(): void {
    const start = this.position();
    this.i++;
    let c = this.next();
    if (c === "]") {
      this.i++;
      return;
    }
    for (;;) {
      if (c === undefined) throw this.endOfInput("Array", start);
      this.value();
      c = this.next();
      if (c === undefined) throw this.endOfInput("Array", start);
      if (c === "]") {
        this.i++;
        return;
      }
      if (c !== ",") throw this.unexpected(c, "was expecting comma to separate Array entries");
      this.i++;
      c = this.next();
    }
  }
}

// Jackson quotes at most 500 characters of the source in a location.
const MAX_SOURCE_CHARS = 500;

/** Jackson's "[Source: (String)"…"; line: L, column: C]". */
export function sourceRef(text: string, line: number, column: number): string {
  const shown = text.length > MAX_SOURCE_CHARS ? `${text.slice(0, MAX_SOURCE_CHARS)}"[truncated ${text.length - MAX_SOURCE_CHARS} chars]` : `${text}"`;
  return `[Source: (String)"${shown}; line: ${line}, column: ${column}]`;
}

/** The first syntax error in `text` as Jackson reports it; undefined when it parses. */
export function jacksonError(text: string): JacksonError | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const { line, column } = scanner.position();
    return { message: error.message, line, column };
  }
}

/**
 * Jackson's StreamConstraintsException for JSON nested deeper than it parses ("Document
 * nesting depth (1001) exceeds the maximum allowed (1000, from
 * `StreamReadConstraints.getMaxNestingDepth()`)", jackson-core 2.15's text); undefined within
 * the limit. Brackets inside strings do not count.
 */
export function jacksonNestingError(text: string): string | undefined {
  const depth = jsonNestingDepth(text, JACKSON_MAX_NESTING_DEPTH);
  if (depth <= JACKSON_MAX_NESTING_DEPTH) return undefined;
  return `Document nesting depth (${depth}) exceeds the maximum allowed (${JACKSON_MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`;
}
