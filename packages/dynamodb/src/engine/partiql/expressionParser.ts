/**
 * The expression half of the PartiQL parser: a Pratt parser after partiql-lang-kotlin's
 * SqlParser (operator precedences, paths, literals, calls), whose failures carry the
 * detail DynamoDB reports inside "Statement wasn't well formed, can't be processed: …".
 */
import type { Expr } from "./ast.js";
import { FUNCTION_NAME_KEYWORDS, INFIX_PRECEDENCE, NOT_PRECEDENCE, TYPE_NAMES } from "./keywords.js";
import { PARTIQL_MESSAGES as M, syntaxError } from "./messages.js";
import type { Token, TokenType } from "./tokenizer.js";

const AGGREGATES = new Set(["count", "avg", "max", "min", "sum"]);

/** Names partiql-lang-kotlin gives the token types it expects ("Expected RIGHT_PAREN"). */
const TOKEN_NAMES: Partial<Record<TokenType, string>> = {
  ")": "RIGHT_PAREN",
  "]": "RIGHT_BRACKET",
  "}": "RIGHT_CURLY",
  ">>": "RIGHT_DOUBLE_ANGLE_BRACKET",
  ":": "COLON",
  "*": "STAR",
};

export abstract class ExpressionParser {
  protected i = 0;
  parameters = 0;

  constructor(private readonly tokens: Token[]) {}

  /** SELECT, INSERT INTO, UPDATE, DELETE FROM and FROM terms (parser.ts). */
  protected abstract statementTerm(keyword: Token): Expr | undefined;

  protected get head(): Token {
    return this.tokens[this.i];
  }

  protected peek(offset = 1): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.tokens[this.i];
    if (token.type !== "eof") this.i++;
    return token;
  }

  /** A method, not a property test: TypeScript would narrow `this.head` across `next()`. */
  protected is(type: TokenType): boolean {
    return this.head.type === type;
  }

  protected isKeyword(text: string, token = this.head): boolean {
    return token.type === "keyword" && token.text === text;
  }

  protected expect(type: TokenType): Token {
    if (this.head.type !== type) throw syntaxError(M.expectedToken(TOKEN_NAMES[type] ?? type.toUpperCase()));
    return this.next();
  }

  protected onlyEndOfStatement(from = this.i): boolean {
    const token = this.tokens[from];
    return token.type === "eof" || (token.type === ";" && this.tokens[from + 1]?.type === "eof");
  }

  expectEndOfStatement(): void {
    if (this.onlyEndOfStatement()) return;
    if (this.is(";")) throw syntaxError(M.afterSemicolon);
    throw syntaxError(M.leftover);
  }

  private infixPrecedence(token: Token): number {
    if (token.type === "operator") return INFIX_PRECEDENCE.get(token.text) ?? 0;
    if (token.type === "*") return INFIX_PRECEDENCE.get("*") ?? 0;
    return 0;
  }

  // ---- expressions ------------------------------------------------------------------

  expression(precedence = -1): Expr {
    let expr = this.unaryTerm();
    for (;;) {
      const op = this.head;
      const opPrecedence = this.infixPrecedence(op);
      if (opPrecedence === 0 || !(precedence < opPrecedence)) return expr;
      const name = op.type === "*" ? "*" : op.text;
      const position = op.position;
      const rightHandSide = (): Expr => {
        // partiql-lang-kotlin: an operator followed by nothing but the end of input.
        if (this.peek().type === "eof") throw syntaxError(M.missingRightHandSide);
        this.next();
        return this.expression(opPrecedence);
      };
      switch (name) {
        case "is":
        case "is_not": {
          this.next();
          const type = this.typeName();
          expr = { kind: "is", negated: name === "is_not", operand: expr, type, position };
          break;
        }
        case "in":
        case "not_in": {
          let list: Expr;
          if (this.peek().type === "(" && !this.isKeyword("select", this.peek(2)) && !this.isKeyword("values", this.peek(2))) {
            this.next();
            const open = this.next();
            list = { kind: "list", items: this.argumentList(), position: open.position };
            this.expect(")");
          } else {
            list = rightHandSide();
          }
          expr = { kind: "in", negated: name === "not_in", operand: expr, list, position };
          break;
        }
        case "between":
        case "not_between": {
          const low = rightHandSide();
          if (!(this.is("operator") && this.head.text === "and")) throw syntaxError(M.expectedKeyword("and"));
          if (this.onlyEndOfStatement(this.i + 1)) throw syntaxError(M.expressionAfterAnd);
          this.next();
          const high = this.expression(opPrecedence);
          expr = { kind: "between", negated: name === "not_between", operand: expr, low, high, position };
          break;
        }
        default: {
          const right = rightHandSide();
          expr = { kind: "binary", op: name === "not_like" ? "like" : name, left: expr, right, position };
          if (name === "not_like") expr = { kind: "unary", op: "not", operand: expr, position };
        }
      }
    }
  }

  private typeName(): string {
    const token = this.head;
    const name = token.type === "null" || token.type === "missing" || token.type === "keyword" ? token.text : undefined;
    if (name === undefined || !TYPE_NAMES.has(name)) throw syntaxError(M.typeName);
    this.next();
    if (this.is("(")) {
      this.next();
      this.argumentList();
      this.expect(")");
    }
    return name;
  }

  private unaryTerm(): Expr {
    const token = this.head;
    if (token.type === "operator" && (token.text === "-" || token.text === "+")) {
      this.next();
      const term = this.unaryTerm();
      if (term.kind === "number") {
        // The parser folds a sign into a number literal (and keeps the number's position).
        if (token.text === "+") return term;
        return { ...term, text: term.text.startsWith("-") ? term.text.slice(1) : `-${term.text}` };
      }
      return { kind: "unary", op: token.text, operand: term, position: token.position };
    }
    if (token.type === "operator" && token.text === "not") {
      this.next();
      const operand = this.expression(NOT_PRECEDENCE);
      return { kind: "unary", op: "not", operand, position: token.position };
    }
    return this.pathTerm(false);
  }

  /** A term and its `.name`, `."name"`, `[expr]` steps; a simple path starts with a name. */
  protected pathTerm(simple: boolean): Expr {
    let root: Expr;
    if (simple) {
      const token = this.head;
      if (token.type !== "identifier" && token.type !== "quoted") throw syntaxError(M.simplePath);
      this.next();
      root = { kind: "id", name: token.text, quoted: token.type === "quoted", position: token.position };
    } else {
      root = this.term();
    }
    const steps: Extract<Expr, { kind: "path" }>["steps"] = [];
    for (;;) {
      if (this.is(".")) {
        this.next();
        const part = this.head;
        if (part.type === "identifier" || part.type === "quoted") {
          steps.push({ kind: "name", name: part.text, position: part.position });
        } else if (part.type === "*") {
          if (simple) throw syntaxError("Invalid path dot component for simple path");
          steps.push({ kind: "unpivot", position: part.position });
        } else {
          throw syntaxError(M.invalidDotComponent);
        }
        this.next();
      } else if (this.is("[")) {
        const open = this.next();
        if (this.is("*")) {
          steps.push({ kind: "wildcard", position: this.next().position });
        } else {
          const expr = this.expression();
          if (simple && expr.kind !== "number" && expr.kind !== "string") throw syntaxError("Invalid path component for simple path");
          steps.push({ kind: "index", expr, position: open.position });
        }
        this.expect("]");
      } else {
        break;
      }
    }
    return steps.length === 0 ? root : { kind: "path", root, steps, position: root.position };
  }

  private term(): Expr {
    const token = this.head;
    switch (token.type) {
      case "operator":
        throw syntaxError(M.unexpectedOperator);
      case "keyword":
        return this.keywordTerm(token);
      case "(": {
        this.next();
        const items = this.argumentList();
        this.expect(")");
        return items.length === 1 ? items[0] : { kind: "list", items, position: token.position };
      }
      case "[": {
        this.next();
        if (this.is("]")) {
          this.next();
          return { kind: "list", items: [], position: token.position };
        }
        const items = this.argumentList();
        this.expect("]");
        return { kind: "list", items, position: token.position };
      }
      case "<<": {
        this.next();
        if (this.is(">>")) {
          this.next();
          return { kind: "bag", items: [], position: token.position };
        }
        const items = this.argumentList();
        this.expect(">>");
        return { kind: "bag", items, position: token.position };
      }
      case "{":
        return this.struct(token);
      case "identifier":
      case "quoted":
        this.next();
        if (this.is("(")) return this.call(token);
        return { kind: "id", name: token.text, quoted: token.type === "quoted", position: token.position };
      case "parameter":
        this.next();
        return { kind: "parameter", index: this.parameters++, position: token.position };
      case "string":
        this.next();
        return { kind: "string", value: token.text, position: token.position };
      case "number":
        this.next();
        return { kind: "number", text: token.text, position: token.position };
      case "boolean":
        this.next();
        return { kind: "boolean", value: token.text === "true", position: token.position };
      case "null":
        this.next();
        return { kind: "null", position: token.position };
      case "missing":
        this.next();
        return { kind: "missing", position: token.position };
      default:
        throw syntaxError(M.unexpectedTerm);
    }
  }

  private keywordTerm(token: Token): Expr {
    const statement = this.statementTerm(token);
    if (statement !== undefined) return statement;
    switch (token.text) {
      case "values": {
        // A table value constructor: VALUES (a, b), (c, d) is a bag of lists.
        this.next();
        const rows: Expr[] = [];
        for (;;) {
          const open = this.head;
          if (!this.is("(")) throw syntaxError("Expected LEFT_PAREN for row value constructor");
          this.next();
          rows.push({ kind: "list", items: this.argumentList(), position: open.position });
          this.expect(")");
          if (!this.is(",")) break;
          this.next();
        }
        return { kind: "bag", items: rows, position: token.position };
      }
      case "pivot":
        throw syntaxError(M.unexpectedKeyword);
      default:
        if (FUNCTION_NAME_KEYWORDS.has(token.text) && this.peek().type === "(") {
          this.next();
          return this.call(token);
        }
        throw syntaxError(M.unexpectedKeyword);
    }
  }

  private struct(open: Token): Expr {
    this.next();
    if (this.is("}")) {
      this.next();
      return { kind: "struct", fields: [], position: open.position };
    }
    const fields: { key: Expr; value: Expr }[] = [];
    for (;;) {
      const key = this.expression();
      this.expect(":");
      const value = this.expression();
      fields.push({ key, value });
      if (!this.is(",")) break;
      this.next();
    }
    this.expect("}");
    return { kind: "struct", fields, position: open.position };
  }

  /** `name(` has been read up to the name; the head is "(". */
  private call(name: Token): Expr {
    this.next();
    const lower = name.text.toLowerCase();
    const position = name.position;
    if (this.is("*")) {
      if (lower !== "count") throw syntaxError(M.callWithStar(name.text));
      this.next();
      this.expect(")");
      return { kind: "call", name: lower, args: [], position };
    }
    if (this.is(")")) {
      if (AGGREGATES.has(lower)) throw syntaxError("Aggregate functions are always unary");
      this.next();
      return { kind: "call", name: lower, args: [], position };
    }
    if (AGGREGATES.has(lower) && (this.isKeyword("distinct") || this.isKeyword("all"))) this.next();
    const args = this.argumentList();
    this.expect(")");
    return { kind: "call", name: lower, args, position };
  }

  /** Comma-separated expressions; always at least one (the parser reads one before looking for a comma). */
  protected argumentList(): Expr[] {
    const items: Expr[] = [];
    for (;;) {
      items.push(this.expression());
      if (!this.is(",")) return items;
      this.next();
    }
  }
}
