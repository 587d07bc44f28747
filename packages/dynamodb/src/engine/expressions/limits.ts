/**
 * DynamoDB's expression limits (developer guide, "Quotas: Expression parameters").
 * Checked on the syntax tree, so a tree that passes is cached as valid.
 */
import { isArithmetic, type ConditionAst, type ConditionNode, type OperandNode, type UpdateAst } from "./ast.js";
import { isKnownFunction } from "./functions.js";
import { EXPRESSION_MESSAGES as M, invalidExpression, type ExpressionKind } from "./messages.js";
import { firstCall } from "./operands.js";

/** "The maximum length of any expression string is 4 KB." (bytes of the raw text) */
export const MAX_EXPRESSION_BYTES = 4096;
/** "The maximum number of operators or functions allowed in an expression is 300." */
export const MAX_OPERATORS = 300;
/** "The maximum number of operands for the IN comparator is 100" (the left operand counts). */
export const MAX_IN_OPERANDS = 100;

export function checkConditionLimits(ast: ConditionAst, kind: ExpressionKind): ConditionAst {
  const count = conditionOperators(ast.root);
  if (count > MAX_OPERATORS) {
    // An unknown function is named before the count: a < f(f(…(b)…)) 1355 deep answers "Invalid
    // function name; function: f" (Alternator's test_limits.py::test_deeply_nested_expression_5, run against DynamoDB).
    const unknown = unknownCall(ast.root);
    throw invalidExpression(kind, unknown !== undefined ? M.unknownFunction(unknown) : M.tooManyOperators(count));
  }
  const operands = oversizedIn(ast.root);
  if (operands !== undefined) throw invalidExpression(kind, M.tooManyInOperands(operands));
  return ast;
}

export function checkUpdateLimits(ast: UpdateAst): UpdateAst {
  let count = 0;
  for (const action of ast.actions) {
    if (action.kind !== "SET") continue;
    const value = action.value;
    if (isArithmetic(value)) count += 1 + operandOperators(value.left) + operandOperators(value.right);
    else count += operandOperators(value);
  }
  if (count > MAX_OPERATORS) throw invalidExpression("UpdateExpression", M.tooManyOperators(count));
  return ast;
}

function operandOperators(node: OperandNode): number {
  if (node.kind !== "call") return 0;
  return node.args.reduce((sum, arg) => sum + operandOperators(arg), 1);
}

function conditionOperators(node: ConditionNode): number {
  switch (node.kind) {
    case "and":
    case "or":
      return 1 + conditionOperators(node.left) + conditionOperators(node.right);
    case "not":
      return 1 + conditionOperators(node.operand);
    case "compare":
      return 1 + operandOperators(node.left) + operandOperators(node.right);
    case "between":
      return 1 + operandOperators(node.operand) + operandOperators(node.low) + operandOperators(node.high);
    case "in":
      return node.list.reduce((sum, operand) => sum + operandOperators(operand), 1 + operandOperators(node.operand));
    case "call":
      return operandOperators(node);
  }
}

/** The name of the first call of a function DynamoDB does not know, left to right. */
function unknownCall(node: ConditionNode): string | undefined {
  const unknown = (operands: OperandNode[]) => firstCall(operands, (call) => !isKnownFunction(call.name))?.name;
  switch (node.kind) {
    case "and":
    case "or":
      return unknownCall(node.left) ?? unknownCall(node.right);
    case "not":
      return unknownCall(node.operand);
    case "compare":
      return unknown([node.left, node.right]);
    case "between":
      return unknown([node.operand, node.low, node.high]);
    case "in":
      return unknown([node.operand, ...node.list]);
    case "call":
      return unknown([node]);
  }
}

/** Operand count of the first IN with too many operands. */
function oversizedIn(node: ConditionNode): number | undefined {
  switch (node.kind) {
    case "and":
    case "or":
      return oversizedIn(node.left) ?? oversizedIn(node.right);
    case "not":
      return oversizedIn(node.operand);
    case "in":
      return 1 + node.list.length > MAX_IN_OPERANDS ? 1 + node.list.length : undefined;
    default:
      return undefined;
  }
}
