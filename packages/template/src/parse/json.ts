/**
 * JSON templates (CDK's cdk.out/*.template.json) → plain values with source lines.
 * A small strict JSON reader: JSON.parse cannot say which line an object came from.
 */
import { messages, templateError } from "../errors.js";
import { setKeyLine, setLine } from "./located.js";

export function parseJson(text: string, file: string, cloudFormation = false): unknown {
  const reader = new JsonReader(text.replace(/^\uFEFF/, ""), file, cloudFormation);
  reader.skipSpace();
  const value = reader.value();
  reader.skipSpace();
  if (!reader.atEnd()) reader.fail("Unexpected content after the end of the JSON document");
  return value;
}

class JsonReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly cloudFormation: boolean,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    const column = this.pos - this.lineStart + 1;
    const hint = "Fix the JSON syntax at this line (a missing comma, quote or bracket, or a trailing comma).";
    // CloudFormation's parser counts the column after the character it stopped at.
    if (this.cloudFormation) throw templateError(messages.notWellFormed("JSON", this.line, column + 1), { file: this.file, line: this.line }, `${message}. ${hint}`);
    throw templateError(`Invalid JSON: ${message} (line ${this.line}, column ${column})`, { file: this.file, line: this.line }, hint);
  }

  skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === "\n") {
        this.line++;
        this.lineStart = this.pos + 1;
      } else if (c !== " " && c !== "\t" && c !== "\r") return;
      this.pos++;
    }
  }

  value(): unknown {
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(c === undefined ? "Unexpected end of input" : `Unexpected character '${c}'`);
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`Expected '${c}'`);
    this.pos++;
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    setLine(out, this.line);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail("Expected a property name in double quotes");
      const keyLine = this.line;
      const key = this.string();
      this.skipSpace();
      this.expect(":");
      this.skipSpace();
      setKeyLine(out, key, keyLine);
      out[key] = this.value();
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("}");
      return out;
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    setLine(out, this.line);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      setKeyLine(out, out.length, this.line);
      out.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("]");
      return out;
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        try {
          return JSON.parse(this.text.slice(start, this.pos)) as string;
        } catch {
          return this.fail("Invalid escape sequence in string");
        }
      }
      if (c === "\\") this.pos++;
      else if (c === "\n") this.fail("Unterminated string");
      this.pos++;
    }
    return this.fail("Unterminated string");
  }

  private number(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!match) return this.fail("Invalid number");
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
