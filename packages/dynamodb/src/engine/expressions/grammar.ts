/**
 * The three start rules of DynamoDB's expression grammar:
 *
 *   condition  : operand comparator operand | operand IN '(' operand (',' operand)* ')'
 *              | operand BETWEEN operand AND operand | func | '(' condition ')'
 *              | NOT condition | condition AND condition | condition OR condition
 *   update     : (SET set_action, … | REMOVE path, … | ADD path :v, … | DELETE path :v, …)+
 *   set_value  : operand | operand ('+'|'-') operand | '(' arithmetic ')'
 *   projection : path (',' path)*
 *
 * Precedence: comparisons bind tightest, then NOT, then AND, then OR.
 */
import type {
  ArithmeticNode,
  Comparator,
  ConditionAst,
  ConditionNode,
  OperandNode,
  ProjectionAst,
  SetValueNode,
  UpdateAction,
  UpdateAst,
  UpdateSection,
  ValueNode,
} from "./ast.js";
import type { ExpressionKind } from "./messages.js";
import { Parser } from "./parser.js";

const COMPARATORS = new Set(["=", "<>", "<", "<=", ">", ">="]);

export function parseConditionSyntax(source: string, kind: ExpressionKind): ConditionAst {
  const parser = new Parser(source, kind);
  return { kind: "condition", root: parser.parseAll(() => orCondition(parser).node) };
}

export function parseUpdateSyntax(source: string): UpdateAst {
  const parser = new Parser(source, "UpdateExpression");
  return parser.parseAll(() => update(parser));
}

export function parseProjectionSyntax(source: string): ProjectionAst {
  const parser = new Parser(source, "ProjectionExpression");
  return parser.parseAll(() => {
    const paths = [parser.path()];
    while (parser.isOp(",")) {
      parser.next();
      paths.push(parser.path());
    }
    return { kind: "projection", paths };
  });
}

// ---- conditions ----------------------------------------------------------------

/** `grouped` is true when the whole condition is one parenthesized condition. */
interface Parsed {
  node: ConditionNode;
  grouped: boolean;
}

function orCondition(p: Parser): Parsed {
  const left = andCondition(p);
  if (!p.isKeyword("OR")) return left;
  p.next();
  return { node: { kind: "or", left: left.node, right: orCondition(p).node }, grouped: false };
}

function andCondition(p: Parser): Parsed {
  const left = notCondition(p);
  if (!p.isKeyword("AND")) return left;
  p.next();
  return { node: { kind: "and", left: left.node, right: andCondition(p).node }, grouped: false };
}

function notCondition(p: Parser): Parsed {
  if (!p.isKeyword("NOT")) return primary(p);
  p.next();
  return { node: { kind: "not", operand: p.nested(() => notCondition(p)).node }, grouped: false };
}

function primary(p: Parser): Parsed {
  if (p.isOp("(")) {
    // "(" opens either a grouped condition or a parenthesized first operand: "(a) = :v".
    const mark = p.mark();
    const group = p.attempt(() => {
      p.next();
      const inner = p.nested(() => orCondition(p));
      const closing = p.position;
      p.expectOp(")");
      return { inner, closing };
    });
    if (group !== undefined) {
      if (!startsComparison(p)) {
        if (group.inner.grouped) p.redundantParentheses(group.closing);
        return { node: group.inner.node, grouped: true };
      }
      p.noteFailure(); // no comparison follows a grouped condition: "(a = :v) = :w"
    }
    p.reset(mark);
  }
  return { node: comparison(p), grouped: false };
}

function startsComparison(p: Parser): boolean {
  const token = p.peek();
  if (token.type === "OP") return COMPARATORS.has(token.value);
  return p.isKeyword("IN") || p.isKeyword("BETWEEN");
}

function comparison(p: Parser): ConditionNode {
  const first = p.operand();
  const token = p.peek();
  if (token.type === "OP" && COMPARATORS.has(token.value)) {
    p.next();
    return { kind: "compare", op: token.value as Comparator, left: first.node, right: p.operand().node };
  }
  if (p.isKeyword("IN")) {
    p.next();
    p.expectOp("(");
    const list: OperandNode[] = [p.operand().node];
    while (p.isOp(",")) {
      p.next();
      list.push(p.operand().node);
    }
    p.expectOp(")");
    return { kind: "in", operand: first.node, list };
  }
  if (p.isKeyword("BETWEEN")) {
    p.next();
    const low = p.operand().node;
    p.expectKeyword("AND");
    return { kind: "between", operand: first.node, low, high: p.operand().node };
  }
  if (first.node.kind === "call" && !first.parenthesized) return first.node;
  return p.fail();
}

// ---- updates -------------------------------------------------------------------

const SECTIONS = new Set<string>(["SET", "REMOVE", "ADD", "DELETE"]);

function update(p: Parser): UpdateAst {
  const sections: UpdateSection[] = [];
  const actions: UpdateAction[] = [];
  do {
    const token = p.peek();
    if (token.type !== "KEYWORD" || !SECTIONS.has(token.value)) p.fail();
    p.next();
    const section = token.value as UpdateSection;
    sections.push(section);
    actions.push(action(p, section));
    while (p.isOp(",")) {
      p.next();
      actions.push(action(p, section));
    }
  } while (p.peek().type !== "EOF");
  return { kind: "update", sections, actions };
}

function action(p: Parser, section: UpdateSection): UpdateAction {
  const path = p.path();
  switch (section) {
    case "SET":
      p.expectOp("=");
      return { kind: "SET", path, value: setValue(p) };
    case "REMOVE":
      return { kind: "REMOVE", path };
    case "ADD":
      return { kind: "ADD", path, value: valueRef(p) };
    case "DELETE":
      return { kind: "DELETE", path, value: valueRef(p) };
  }
}

function valueRef(p: Parser): ValueNode {
  const token = p.peek();
  if (token.type !== "VALUE") p.fail();
  p.next();
  return { kind: "value", ref: token.text };
}

function setValue(p: Parser): SetValueNode {
  const plain = p.attempt(() => {
    const left = p.operand().node;
    if (!p.isOp("+") && !p.isOp("-")) return left;
    return plusMinus(p, left);
  });
  return plain ?? parenthesizedArithmetic(p).node;
}

function plusMinus(p: Parser, left: OperandNode): ArithmeticNode {
  const kind = p.next().value === "+" ? "plus" : "minus";
  return { kind, left, right: p.operand().node };
}

/** arithmetic : operand ('+'|'-') operand | '(' arithmetic ')' */
function arithmetic(p: Parser): { node: ArithmeticNode; parenthesized: boolean } {
  const plain = p.attempt(() => {
    const left = p.operand().node;
    if (!p.isOp("+") && !p.isOp("-")) p.fail();
    return plusMinus(p, left);
  });
  return plain !== undefined ? { node: plain, parenthesized: false } : parenthesizedArithmetic(p);
}

function parenthesizedArithmetic(p: Parser): { node: ArithmeticNode; parenthesized: boolean } {
  p.expectOp("(");
  const inner = p.nested(() => arithmetic(p));
  const closing = p.position;
  p.expectOp(")");
  if (inner.parenthesized) p.redundantParentheses(closing);
  return { node: inner.node, parenthesized: true };
}
