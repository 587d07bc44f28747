/**
 * The PartiQL statements DynamoDB runs, parsed as partiql-lang-kotlin parses them: a
 * statement is one expression whose terms may be SELECT, INSERT INTO, UPDATE, DELETE FROM
 * or FROM … SET; anything left over is "Unexpected token after expression".
 */
import { ValidationException } from "../../errors.js";
import type {
  DmlOperation,
  Expr,
  OrderItem,
  ParsedStatement,
  ProjectionItem,
  Returning,
  SelectStatement,
  Source,
  Statement,
} from "./ast.js";
import { ExpressionParser } from "./expressionParser.js";
import { PARTIQL_MESSAGES as M, syntaxError } from "./messages.js";
import { tokenize, type Token } from "./tokenizer.js";

const RETURNING: Record<string, Returning> = {
  all_old: "ALL OLD",
  modified_old: "MODIFIED OLD",
  all_new: "ALL NEW",
  modified_new: "MODIFIED NEW",
};

/** The AST class DynamoDB names when it refuses a statement that is a bare expression. */
function operationName(expr: Expr): string {
  switch (expr.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return "Lit";
    case "unary":
      return expr.op === "not" ? "Not" : expr.op === "-" ? "Neg" : "Pos";
    case "binary": {
      const names: Record<string, string> = {
        and: "And",
        or: "Or",
        "=": "Eq",
        "<>": "Ne",
        "<": "Lt",
        "<=": "Lte",
        ">": "Gt",
        ">=": "Gte",
        "+": "Plus",
        "-": "Minus",
        "*": "Times",
        "/": "Divide",
        "%": "Modulo",
        "||": "Concat",
        like: "Like",
      };
      return names[expr.op] ?? "NAry";
    }
    case "between":
      return expr.negated ? "Not" : "Between";
    case "in":
      return expr.negated ? "Not" : "InCollection";
    case "is":
      return expr.negated ? "Not" : "IsType";
    case "statement":
      return "DataManipulation";
    default:
      return expr.kind.charAt(0).toUpperCase() + expr.kind.slice(1);
  }
}

export function parseStatement(text: string): ParsedStatement {
  const parser = new Parser(tokenize(text));
  const expr = parser.expression();
  parser.expectEndOfStatement();
  return { statement: toStatement(expr), parameterCount: parser.parameters };
}

function toStatement(expr: Expr): Statement {
  if (expr.kind === "statement") return expr.statement;
  if (expr.kind === "call" && expr.name === "exists" && expr.args.length === 1) {
    const arg = expr.args[0];
    if (arg.kind === "statement" && arg.statement.kind === "select") return { kind: "exists", select: arg.statement };
  }
  return { kind: "other", operation: operationName(expr) };
}
class Parser extends ExpressionParser {
  protected statementTerm(token: Token): Expr | undefined {
    const statement = (s: Statement): Expr => ({ kind: "statement", statement: s, position: token.position });
    if (token.type !== "keyword") return undefined;
    switch (token.text) {
      case "select":
        this.next();
        return statement(this.select());
      case "insert_into":
        this.next();
        return statement(this.insert());
      case "update":
        this.next();
        return statement(this.update());
      case "delete":
        this.next();
        return statement(this.delete());
      case "from":
        this.next();
        return statement(this.fromFirst());
      default:
        return undefined;
    }
  }

  /** `AS name`, `AT name`, `BY name`, or a bare name after a source or projection. */
  private alias(allowAtBy: boolean): boolean {
    let aliased = false;
    const keywords = allowAtBy ? ["as", "at", "by"] : ["as"];
    for (const keyword of keywords) {
      if (this.isKeyword(keyword)) {
        this.next();
        if (!this.is("identifier") && !this.is("quoted")) {
          throw syntaxError(M.expectedIdentifierForAlias(keyword.toUpperCase()));
        }
        this.next();
        aliased = true;
      } else if (keyword === "as" && (this.is("identifier") || this.is("quoted"))) {
        this.next();
        aliased = true;
      }
    }
    return aliased;
  }

  private source(expr: Expr, aliased: boolean, joined: boolean): Source {
    const names: string[] = [];
    let complex = false;
    if (expr.kind === "id") {
      names.push(expr.name);
    } else if (expr.kind === "path" && expr.root.kind === "id") {
      names.push(expr.root.name);
      for (const step of expr.steps) {
        if (step.kind === "name") names.push(step.name);
        else complex = true;
      }
    } else {
      complex = true;
    }
    return { names, complex, aliased, joined };
  }

  private fromList(): Source {
    const expr = this.expression();
    const aliased = this.alias(true);
    let joined = false;
    while (this.is(",") || this.isKeyword("join") || this.isKeyword("cross") || this.isKeyword("inner") || this.isKeyword("left") || this.isKeyword("right") || this.isKeyword("outer") || this.isKeyword("full")) {
      joined = true;
      while (this.is("keyword") && this.head.text !== "join") this.next();
      this.next();
      this.expression();
      this.alias(true);
      if (this.isKeyword("on")) {
        this.next();
        this.expression();
      }
    }
    return this.source(expr, aliased, joined);
  }

  private where(): Expr | undefined {
    if (!this.isKeyword("where")) return undefined;
    this.next();
    return this.expression();
  }

  private select(): SelectStatement {
    let distinct = false;
    if (this.isKeyword("distinct")) {
      distinct = true;
      this.next();
    } else if (this.isKeyword("all")) {
      this.next();
    }
    const projection: ProjectionItem[] = [];
    let value = false;
    if (this.isKeyword("value")) {
      this.next();
      value = true;
      projection.push({ expr: this.expression(), aliased: false, star: false });
    } else {
      for (;;) {
        if (this.is("*")) {
          const star = this.next();
          projection.push({ expr: { kind: "id", name: "*", quoted: false, position: star.position }, aliased: false, star: true });
        } else {
          const expr = this.expression();
          projection.push({ expr, aliased: this.alias(false), star: false });
        }
        if (!this.is(",")) break;
        this.next();
      }
    }
    if (!this.isKeyword("from")) throw syntaxError(M.fromAfterSelectList);
    this.next();
    const from = this.fromList();
    const select: SelectStatement = { kind: "select", projection, value, distinct, from, where: this.where() };
    if (this.isKeyword("order")) {
      this.next();
      if (!this.isKeyword("by")) throw syntaxError(M.byAfterOrder);
      this.next();
      const orderBy: OrderItem[] = [];
      for (;;) {
        const expr = this.expression();
        let descending = false;
        if (this.isKeyword("asc") || this.isKeyword("desc")) descending = this.next().text === "desc";
        orderBy.push({ expr, descending });
        if (!this.is(",")) break;
        this.next();
      }
      select.orderBy = orderBy;
    }
    return select;
  }

  private simpleSource(): Source {
    const expr = this.pathTerm(true);
    return this.source(expr, this.alias(true), false);
  }

  private insert(): Statement {
    const term = this.pathTerm(true);
    const target = this.source(term, false, false);
    if (term.kind === "path") target.insertPath = term.root.position;
    if (!this.isKeyword("value")) {
      this.expression();
      return { kind: "insert", target, atPosition: false };
    }
    this.next();
    const value = this.expression();
    let atPosition = false;
    if (this.isKeyword("at")) {
      this.next();
      this.expression();
      atPosition = true;
    }
    return { kind: "insert", target, value, atPosition, returning: this.returning() };
  }

  private operations(): DmlOperation[] {
    const operations: DmlOperation[] = [];
    for (;;) {
      if (this.isKeyword("set")) {
        this.next();
        for (;;) {
          const target = this.pathTerm(true);
          if (!(this.is("operator") && this.head.text === "=")) throw syntaxError(M.expectedAssignment);
          this.next();
          const value = this.expression();
          operations.push({ kind: "set", target, value, position: target.position });
          if (!this.is(",")) break;
          this.next();
        }
      } else if (this.isKeyword("remove")) {
        this.next();
        const target = this.pathTerm(true);
        operations.push({ kind: "remove", target, position: target.position });
      } else {
        break;
      }
    }
    if (operations.length === 0) throw syntaxError(M.dataManipulation);
    return operations;
  }

  private update(): Statement {
    const target = this.simpleSource();
    const operations = this.operations();
    const where = this.where();
    return { kind: "update", target, operations, where, returning: this.returning() };
  }

  private delete(): Statement {
    if (!this.isKeyword("from")) throw syntaxError(M.fromAfterDelete);
    this.next();
    const target = this.simpleSource();
    const where = this.where();
    return { kind: "delete", target, where, returning: this.returning() };
  }

  /** `FROM "T" [WHERE …] SET … | REMOVE …` — PartiQL's FROM-first UPDATE. */
  private fromFirst(): Statement {
    const target = this.fromList();
    const where = this.where();
    const operations = this.operations();
    return { kind: "update", target, operations, where, returning: this.returning() };
  }

  private returning(): Returning | undefined {
    if (!this.isKeyword("returning")) return undefined;
    this.next();
    const variant = this.is("keyword") ? RETURNING[this.head.text] : undefined;
    if (variant === undefined) throw new ValidationException(M.returningSyntax);
    this.next();
    if (!this.is("*")) throw new ValidationException(M.returningSyntax);
    this.next();
    if (this.is(",")) throw new ValidationException(M.returningMultiple);
    return variant;
  }
}
