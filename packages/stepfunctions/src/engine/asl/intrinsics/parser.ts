/**
 * The intrinsic function call syntax of JSONPath states:
 *   States.Format('Hello {}', States.ArrayGetItem($.names, 0))
 * Arguments are nested calls, quoted strings ('it\'s'), numbers, true/false/null and
 * paths ($.a, $$.Execution.Id, $var.a).
 */
import { runtimeError } from "../failure.js";

export type IntrinsicArg =
  | { readonly kind: "call"; readonly call: IntrinsicCall }
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "path"; readonly path: string };

export interface IntrinsicCall {
  /** "States.Format" */
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
  /** The call as written, for messages. */
  readonly text: string;
}

const cache = new Map<string, IntrinsicCall>();

export function isIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text);
}

export function parseIntrinsic(text: string): IntrinsicCall {
  let call = cache.get(text);
  if (call === undefined) {
    const parser = new Parser(text);
    call = parser.call();
    parser.space();
    if (!parser.done()) throw parser.error();
    if (cache.size > 5_000) cache.clear();
    cache.set(text, call);
  }
  return call;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  error(): Error {
    return runtimeError(`The value for the field is not a valid intrinsic function: '${this.text}'`);
  }

  space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  call(): IntrinsicCall {
    const start = this.pos;
    const m = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!m) throw this.error();
    this.pos += m[0].length;
    this.space();
    if (this.text[this.pos] !== "(") throw this.error();
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.space();
    if (this.text[this.pos] === ")") {
      this.pos++;
    } else {
      for (;;) {
        this.space();
        args.push(this.arg());
        this.space();
        const c = this.text[this.pos];
        this.pos++;
        if (c === ")") break;
        if (c !== ",") throw this.error();
      }
    }
    return { name: m[0], args, text: this.text.slice(start, this.pos) };
  }

  private arg(): IntrinsicArg {
    const rest = this.text.slice(this.pos);
    if (rest.startsWith("States.")) return { kind: "call", call: this.call() };
    if (rest.startsWith("'")) return { kind: "literal", value: this.string() };
    if (rest.startsWith("$")) return { kind: "path", path: this.path() };
    const word = /^(true|false|null)(?![A-Za-z0-9_])/.exec(rest);
    if (word) {
      this.pos += word[1].length;
      return { kind: "literal", value: word[1] === "null" ? null : word[1] === "true" };
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return { kind: "literal", value: Number(num[0]) };
    }
    throw this.error();
  }

  /** 'text' with \' \{ \} \\ escapes; \{ and \} stay escaped for States.Format. */
  private string(): string {
    this.pos++;
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === "\\" && this.pos + 1 < this.text.length) {
        const n = this.text[this.pos + 1];
        out += n === "{" || n === "}" ? `\\${n}` : n;
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        this.pos++;
        return out;
      }
      out += c;
      this.pos++;
    }
    throw this.error();
  }

  /** A path runs to the next top-level "," or ")". */
  private path(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === "\\") this.pos++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === "[" || c === "(") {
        depth++;
      } else if (c === "]" || (c === ")" && depth > 0)) {
        depth--;
      } else if (depth === 0 && (c === "," || c === ")")) {
        break;
      }
      this.pos++;
    }
    return this.text.slice(start, this.pos).trim();
  }
}
