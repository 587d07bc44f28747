/**
 * Validation of a parsed condition against the request's placeholders, in DynamoDB's order
 * (as dynalite recorded it): unknown functions anywhere, then misused functions, then
 * reserved words, then — condition by condition, left to right — undefined placeholders,
 * wrong operand counts, identical operands, and wrong operand types.
 */
import type { AttributeValue } from "../types.js";
import type { CallNode, ConditionAst, ConditionNode, OperandNode } from "./ast.js";
import { compareValues } from "./compare.js";
import type { ExpressionContext } from "./context.js";
import { ATTRIBUTE_TYPES, CONDITION_FUNCTIONS, isKnownFunction, operandType, UPDATE_FUNCTIONS } from "./functions.js";
import { EXPRESSION_MESSAGES as M, invalidExpression, type ExpressionKind } from "./messages.js";
import { firstCall, reservedWordIn, undefinedPlaceholder } from "./operands.js";
import { formatPath, resolvePath } from "./paths.js";

type Leaf = Exclude<ConditionNode, { kind: "and" | "or" | "not" }>;

export function validateCondition(ast: ConditionAst, ctx: ExpressionContext, kind: ExpressionKind): void {
  const leaves: Leaf[] = [];
  collectLeaves(ast.root, leaves);

  for (const leaf of leaves) {
    const unknown = firstCall(leafOperands(leaf), (call) => !isKnownFunction(call.name));
    if (unknown !== undefined) throw invalidExpression(kind, M.unknownFunction(unknown.name));
  }
  const misused = misusedFunction(ast.root) ?? (isSizeCall(ast.root) ? "size" : undefined);
  if (misused !== undefined) throw invalidExpression(kind, M.misusedFunction(misused));
  for (const leaf of leaves) {
    const reserved = reservedWordIn(leafOperands(leaf));
    if (reserved !== undefined) throw invalidExpression(kind, M.reservedWord(reserved));
  }
  for (const leaf of leaves) {
    const message = leafError(leaf, ctx);
    if (message !== undefined) throw invalidExpression(kind, message);
  }
}

function collectLeaves(node: ConditionNode, out: Leaf[]): void {
  switch (node.kind) {
    case "and":
    case "or":
      collectLeaves(node.left, out);
      collectLeaves(node.right, out);
      return;
    case "not":
      collectLeaves(node.operand, out);
      return;
    default:
      out.push(node);
  }
}

/** The operands of a leaf; a function used as a condition is its own only operand. */
function leafOperands(leaf: Leaf): OperandNode[] {
  switch (leaf.kind) {
    case "compare":
      return [leaf.left, leaf.right];
    case "between":
      return [leaf.operand, leaf.low, leaf.high];
    case "in":
      return [leaf.operand, ...leaf.list];
    case "call":
      return [leaf];
  }
}

function isSizeCall(node: ConditionNode | OperandNode): boolean {
  return node.kind === "call" && node.name === "size";
}

/** Only size() may be an operand; size() may not be a condition; update functions never. */
function misusedFunction(node: ConditionNode): string | undefined {
  switch (node.kind) {
    case "and":
    case "or":
      return misusedFunction(node.left) ?? misusedFunction(node.right) ?? sizeAsCondition([node.left, node.right]);
    case "not":
      return misusedFunction(node.operand) ?? sizeAsCondition([node.operand]);
    case "call":
      return misusedOperand(node.args) ?? (UPDATE_FUNCTIONS.has(node.name) ? node.name : undefined);
    default:
      return misusedOperand(leafOperands(node));
  }
}

function sizeAsCondition(nodes: ConditionNode[]): string | undefined {
  return nodes.some(isSizeCall) ? "size" : undefined;
}

function misusedOperand(operands: OperandNode[]): string | undefined {
  for (const operand of operands) {
    if (operand.kind !== "call") continue;
    const inner = misusedOperand(operand.args);
    if (inner !== undefined) return inner;
  }
  for (const operand of operands) {
    if (operand.kind === "call" && operand.name !== "size") return operand.name;
  }
  return undefined;
}

function leafError(leaf: Leaf, ctx: ExpressionContext): string | undefined {
  const operands = leafOperands(leaf);
  const placeholder = undefinedPlaceholder(operands, ctx);
  let count: string | undefined;
  let distinct: string | undefined;
  let type: string | undefined;
  firstCall(operands, (call) => {
    const arity = CONDITION_FUNCTIONS.get(call.name);
    if (arity !== call.args.length) {
      count ??= M.operandCount(call.name, call.args.length);
      return false;
    }
    distinct ??= distinctError(call.name, call.args, ctx);
    type ??= functionError(call, ctx);
    return false;
  });
  if (leaf.kind === "compare") {
    distinct ??= distinctError(leaf.op, operands, ctx);
    if (leaf.op !== "=" && leaf.op !== "<>") type ??= orderedTypeError(leaf.op, operands, ctx);
  } else if (leaf.kind === "between") {
    type ??= orderedTypeError("BETWEEN", operands, ctx) ?? betweenBoundsError(leaf.low, leaf.high, ctx);
  }
  return placeholder ?? count ?? distinct ?? type;
}

/** `a = a`, `contains(a, a)`: DynamoDB wants the first operand distinct from the others. */
function distinctError(operator: string, operands: OperandNode[], ctx: ExpressionContext): string | undefined {
  if (operands.length !== 2) return undefined;
  const [first, second] = operands;
  if (first.kind !== "path" || second.kind !== "path" || first.steps.length !== second.steps.length) return undefined;
  const one = resolvePath(first, ctx);
  const two = resolvePath(second, ctx);
  for (let i = 0; i < one.length; i++) if (one[i] !== two[i]) return undefined;
  return M.notDistinct(operator, formatPath(one));
}

const ALL_TYPES = "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";

function functionError(call: CallNode, ctx: ExpressionContext): string | undefined {
  const args = call.args;
  switch (call.name) {
    case "attribute_exists":
    case "attribute_not_exists":
      return args[0].kind === "path" ? undefined : M.documentPathRequired(call.name);
    case "begins_with":
      for (const arg of args) {
        const type = operandType(arg, ctx);
        if (type !== null && type !== "S" && type !== "B") return M.operandType(call.name, type);
      }
      return undefined;
    case "attribute_type": {
      const arg = args[1];
      const value = arg.kind === "value" ? ctx.useValue(arg.ref) : undefined;
      if (value === undefined || !("S" in value)) return M.operandType(call.name, operandType(arg, ctx) ?? ALL_TYPES);
      return ATTRIBUTE_TYPES.has(value.S) ? undefined : M.invalidTypeName(value.S);
    }
    case "size": {
      const type = operandType(args[0], ctx);
      return type === "N" || type === "BOOL" || type === "NULL" ? M.operandType(call.name, type) : undefined;
    }
    default:
      return undefined;
  }
}

/** <, <=, >, >= and BETWEEN order strings, numbers and binaries only. */
function orderedTypeError(operator: string, operands: OperandNode[], ctx: ExpressionContext): string | undefined {
  for (const operand of operands) {
    const type = operandType(operand, ctx);
    if (type !== null && type !== "S" && type !== "N" && type !== "B") return M.operandType(operator, type);
  }
  return undefined;
}

function betweenBoundsError(low: OperandNode, high: OperandNode, ctx: ExpressionContext): string | undefined {
  if (low.kind !== "value" || high.kind !== "value") return undefined;
  const lower = ctx.values[low.ref];
  const upper = ctx.values[high.ref];
  const order = compareValues(lower, upper);
  if (order === undefined) return M.betweenTypes(formatValue(lower), formatValue(upper));
  return order > 0 ? M.betweenOrder(formatValue(lower), formatValue(upper)) : undefined;
}

/** "{N:5}" — how DynamoDB prints a scalar in BETWEEN messages. */
function formatValue(value: AttributeValue): string {
  const [type, inner] = Object.entries(value)[0] as [string, unknown];
  return `{${type}:${String(inner)}}`;
}
