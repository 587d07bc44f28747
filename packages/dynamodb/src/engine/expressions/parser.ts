/**
 * Recursive-descent parsing shared by the four expression grammars (AWS's DynamoDbGrammar:
 * projection, condition, update). Where the grammar needs more than one token of look-ahead
 * (a "(" may open a grouped condition or a parenthesized operand) the parser tries one
 * alternative and backtracks; a syntax error is reported at the furthest token any
 * alternative reached, which is the token where DynamoDB's ANTLR parser stops.
 */
import type { CallNode, OperandNode, PathNode, PathStep, ValueNode } from "./ast.js";
import { isKnownFunction } from "./functions.js";
import { EXPRESSION_MESSAGES, invalidExpression, type ExpressionKind } from "./messages.js";
import { tokenize, type Token } from "./tokenizer.js";
import type { ValidationException } from "@sam-sandbox/core";

/** "DynamoDB supports nested attributes up to 32 levels deep" (developer guide, "Quotas: Nested attribute depth"). */
const MAX_PATH_DEPTH = 32;

/** Thrown to unwind an alternative that does not match; never leaves this module's callers. */
class NoMatch {}
const NO_MATCH = new NoMatch();

/**
 * Nesting the parser follows before it gives up (within 4 KB, "((((…" reaches 2048 levels, past
 * what the call stack holds). No expression nested this deep is valid: each "(" around a
 * parenthesized term is redundant, and NOT, comparisons and functions past 300 are too many
 * operators (Alternator's test_limits.py::test_deeply_nested_expression_*, run against DynamoDB).
 */
const MAX_NESTING = 400;
class TooDeep {}
const TOO_DEEP = new TooDeep();

export class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  /** Furthest token index at which some alternative failed. */
  private furthest = 0;
  /** Current nesting of groups, NOTs and calls (`nested`). */
  private depth = 0;
  /** Token indexes of ")" closing a redundant pair of parentheses, on the committed path. */
  private redundant: number[] = [];

  constructor(
    private readonly source: string,
    private readonly kind: ExpressionKind,
  ) {
    this.tokens = tokenize(source);
  }

  /** Runs a start rule that must consume the whole input; throws DynamoDB's error. */
  parseAll<T>(rule: () => T): T {
    let result: T;
    try {
      result = rule();
      if (this.peek().type !== "EOF") this.fail();
    } catch (error) {
      if (error === TOO_DEEP) throw this.tooDeep();
      if (error !== NO_MATCH) throw error;
      const firstRedundant = this.redundant.length > 0 ? Math.min(...this.redundant) : Infinity;
      if (firstRedundant < this.furthest) throw this.error(EXPRESSION_MESSAGES.redundantParentheses);
      throw this.syntaxError(this.furthest);
    }
    if (this.redundant.length > 0) throw this.error(EXPRESSION_MESSAGES.redundantParentheses);
    return result;
  }

  /** Runs one level of nesting (a group, a NOT, a call); past MAX_NESTING the parse stops. */
  nested<T>(rule: () => T): T {
    if (++this.depth > MAX_NESTING) {
      this.depth--;
      throw TOO_DEEP;
    }
    try {
      return rule();
    } finally {
      this.depth--;
    }
  }

  /** What a too deeply nested expression is refused for: "((", an unknown function, else its operators. */
  private tooDeep(): ValidationException {
    const unknown = this.tokens.find((token, i) => token.type === "ID" && this.tokens[i + 1]?.value === "(" && !isKnownFunction(token.text));
    let operators = 0;
    for (let i = 0; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token.type === "OP" && token.value === "(" && this.tokens[i + 1]?.type === "OP" && this.tokens[i + 1].value === "(") {
        return this.error(EXPRESSION_MESSAGES.redundantParentheses);
      }
      if (token.type === "KEYWORD" || (token.type === "OP" && /^[=<>+-]/.test(token.value)) || (token.type === "ID" && this.tokens[i + 1]?.value === "(")) {
        operators++;
      }
    }
    return this.error(unknown !== undefined ? EXPRESSION_MESSAGES.unknownFunction(unknown.text) : EXPRESSION_MESSAGES.tooManyOperators(operators));
  }

  error(detail: string): ValidationException {
    return invalidExpression(this.kind, detail);
  }

  /** `token: "x", near: "<previous token> x <next token>"` as the source spells them. */
  private syntaxError(index: number): ValidationException {
    const token = this.tokens[index];
    const previous = index > 0 ? this.tokens[index - 1] : token;
    const next = token.type === "EOF" ? token : this.tokens[index + 1];
    return this.error(EXPRESSION_MESSAGES.syntax(token.text, this.source.slice(previous.start, next.end)));
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.tokens[this.pos];
    if (token.type !== "EOF") this.pos++;
    return token;
  }

  fail(): never {
    this.noteFailure();
    throw NO_MATCH;
  }

  /** Records that an alternative cannot continue at the current token. */
  noteFailure(): void {
    if (this.pos > this.furthest) this.furthest = this.pos;
  }

  isOp(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === "OP" && token.value === value;
  }

  isKeyword(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === "KEYWORD" && token.value === value;
  }

  expectOp(value: string): void {
    if (!this.isOp(value)) this.fail();
    this.pos++;
  }

  expectKeyword(value: string): void {
    if (!this.isKeyword(value)) this.fail();
    this.pos++;
  }

  /** Runs `rule`; on a mismatch rewinds and returns undefined. */
  attempt<T>(rule: () => T): T | undefined {
    const pos = this.pos;
    const redundant = this.redundant.length;
    try {
      return rule();
    } catch (error) {
      if (error !== NO_MATCH) throw error;
      this.rewind(pos, redundant);
      return undefined;
    }
  }

  mark(): { pos: number; redundant: number } {
    return { pos: this.pos, redundant: this.redundant.length };
  }

  reset(mark: { pos: number; redundant: number }): void {
    this.rewind(mark.pos, mark.redundant);
  }

  private rewind(pos: number, redundant: number): void {
    this.pos = pos;
    this.redundant.length = redundant;
  }

  /** Notes "((…))": DynamoDB refuses parentheses around an already parenthesized term. */
  redundantParentheses(closing: number): void {
    this.redundant.push(closing);
  }

  get position(): number {
    return this.pos;
  }

  // ---- shared rules -------------------------------------------------------------

  /** path : id ('.' id | '[' INDEX ']')* ; id : ID | #name */
  path(): PathNode {
    const steps: PathStep[] = [this.pathName()];
    for (;;) {
      if (this.isOp(".")) {
        this.pos++;
        steps.push(this.pathName());
      } else if (this.isOp("[")) {
        this.pos++;
        const token = this.peek();
        if (token.type !== "INDEX") this.fail();
        this.pos++;
        this.expectOp("]");
        steps.push({ kind: "index", index: Number(token.text) });
      } else {
        if (steps.length > MAX_PATH_DEPTH) throw this.error(EXPRESSION_MESSAGES.pathTooDeep(steps.length));
        return { kind: "path", steps };
      }
    }
  }

  private pathName(): PathStep {
    const token = this.peek();
    if (token.type === "ID") {
      this.pos++;
      return { kind: "name", name: token.text, placeholder: false };
    }
    if (token.type === "NAME") {
      this.pos++;
      return { kind: "name", name: token.text, placeholder: true };
    }
    this.fail();
  }

  /**
   * operand : path | :value | func | '(' operand ')'
   * Returns the operand and whether it was written inside parentheses.
   */
  operand(): { node: OperandNode; parenthesized: boolean } {
    const token = this.peek();
    if (token.type === "VALUE") {
      this.pos++;
      return { node: { kind: "value", ref: token.text } satisfies ValueNode, parenthesized: false };
    }
    if (token.type === "ID" && this.isOp("(", 1)) return { node: this.call(), parenthesized: false };
    if (token.type === "ID" || token.type === "NAME") return { node: this.path(), parenthesized: false };
    if (this.isOp("(")) {
      this.pos++;
      const inner = this.nested(() => this.operand());
      const closing = this.position;
      this.expectOp(")");
      if (inner.parenthesized) this.redundantParentheses(closing);
      return { node: inner.node, parenthesized: true };
    }
    this.fail();
  }

  /** func : ID '(' operand (',' operand)* ')' — any name parses; validation knows the functions. */
  call(): CallNode {
    const name = this.next().text;
    this.expectOp("(");
    return this.nested(() => {
      const args = [this.operand().node];
      while (this.isOp(",")) {
        this.pos++;
        args.push(this.operand().node);
      }
      this.expectOp(")");
      return { kind: "call", name, args };
    });
  }
}
