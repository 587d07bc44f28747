/**
 * Why an EventPattern is not a JSON object, in the words of the Jackson parser EventBridge
 * reads patterns with ("Unrecognized token 'this': was expecting (…)\n at [Source: (String)"…";
 * line: 1, column: 5]", localstack test_events_patterns.snapshot.json, recorded on AWS).
 * Covers what patterns get wrong in practice: a bare word, a field name not in double quotes,
 * a value that is not an object; anything else is reported as "Filter is not valid JSON".
 */

/** What the scan found: a Jackson complaint and the column (1-based) it reports. */
interface Complaint {
  reason: string;
  column: number;
}

const EXPECTING_VALUE = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** The reason text AWS gives for a pattern that is not a JSON object, or undefined when it is one. */
export function patternJsonError(text: string): string | undefined {
  const complaint = scan(text);
  if (complaint === undefined) return undefined;
  if (text.includes("\n")) return complaint.reason; // the line arithmetic below only holds for one-line texts
  return `${complaint.reason}\n at [Source: (String)"${text}"; line: 1, column: ${complaint.column}]`;
}

function scan(text: string): Complaint | undefined {
  const parser = new Scanner(text);
  const start = parser.skipSpace();
  const first = text[start];
  try {
    parser.value();
  } catch (error) {
    if (error instanceof ScanError) return error.complaint;
    throw error;
  }
  if (first === "{") return undefined;
  // A value that is not an object: Jackson stops after its first token.
  const tokenEnd = first === "[" ? start + 1 : parser.firstTokenEnd;
  return { reason: "Filter is not an object", column: tokenEnd + 1 };
}

class ScanError extends Error {
  constructor(readonly complaint: Complaint) {
    super(complaint.reason);
  }
}

class Scanner {
  private pos = 0;
  firstTokenEnd = -1;

  constructor(private readonly text: string) {}

  skipSpace(): number {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos] as string)) this.pos++;
    return this.pos;
  }

  value(): void {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === "{") this.object();
    else if (char === "[") this.array();
    else if (char === '"') this.string();
    else this.word();
    if (this.firstTokenEnd < 0) this.firstTokenEnd = this.pos;
  }

  private object(): void {
    this.pos++;
    if (this.text[this.skipSpace()] === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      const at = this.skipSpace();
      const char = this.text[at];
      if (char !== '"') {
        const shown = char === undefined ? "end-of-input" : `'${char}' (code ${char.charCodeAt(0)})`;
        this.fail(`Unexpected character (${shown}): was expecting double-quote to start field name`, at + 1);
      }
      this.string();
      if (this.text[this.skipSpace()] !== ":") this.invalid();
      this.pos++;
      this.value();
      const next = this.text[this.skipSpace()];
      this.pos++;
      if (next === "}") return;
      if (next !== ",") this.invalid();
    }
  }

  private array(): void {
    this.pos++;
    if (this.text[this.skipSpace()] === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      const next = this.text[this.skipSpace()];
      this.pos++;
      if (next === "]") return;
      if (next !== ",") this.invalid();
    }
  }

  private string(): void {
    const end = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.text.slice(this.pos));
    if (!end) {
      // Jackson names an unknown escape, located just past it (event-ruler JsonRuleCompilerTest.testWildcardInvalidEscapeCharacter).
      const escape = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*\\([^"\\/bfnrtu])/.exec(this.text.slice(this.pos));
      const char = escape?.[1];
      if (escape !== null && char !== undefined) {
        this.fail(`Unrecognized character escape '${char}' (code ${char.charCodeAt(0)})`, this.pos + escape[0].length + 1);
      }
      this.invalid();
    }
    this.pos += end[0].length;
  }

  /** A number or true/false/null; any other run of letters is Jackson's "Unrecognized token". */
  private word(): void {
    const rest = this.text.slice(this.pos);
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?![A-Za-z0-9_$])/.exec(rest);
    if (literal) {
      this.pos += literal[0].length;
      return;
    }
    const token = /^[^\s,:{}[\]"]+/.exec(rest)?.[0];
    if (token === undefined) this.invalid();
    this.fail(`Unrecognized token '${token}': ${EXPECTING_VALUE}`, this.pos + token.length + 1);
  }

  private invalid(): never {
    throw new ScanError({ reason: "Filter is not valid JSON", column: this.pos + 1 });
  }

  private fail(reason: string, column: number): never {
    throw new ScanError({ reason, column });
  }
}
