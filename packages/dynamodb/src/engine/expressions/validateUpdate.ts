/**
 * Validation of a parsed UpdateExpression, in DynamoDB's order (as dynalite recorded it):
 * reserved words, unknown then misused functions, repeated sections, undefined names, then
 * undefined values, overlapping then conflicting paths, ADD/DELETE operand types, and last
 * the operands of functions and of + and -.
 */
import type { AttributeType } from "../types.js";
import { isArithmetic, type OperandNode, type UpdateAction, type UpdateAst } from "./ast.js";
import type { ExpressionContext } from "./context.js";
import { CONDITION_FUNCTIONS, isKnownFunction, UPDATE_FUNCTIONS, valueType } from "./functions.js";
import { EXPRESSION_MESSAGES as M, invalidExpression } from "./messages.js";
import { pathOverlapError, resolvePath } from "./paths.js";
import { firstCall, reservedWordIn } from "./operands.js";

/** Names of AttributeValue types in ADD/DELETE messages. */
const TYPE_NAMES: Partial<Record<AttributeType, string>> = {
  S: "STRING",
  N: "NUMBER",
  B: "BINARY",
  NULL: "NULL",
  BOOL: "BOOLEAN",
  L: "LIST",
  M: "MAP",
};

function fail(detail: string): never {
  throw invalidExpression("UpdateExpression", detail);
}

/** Operands on the right-hand side of an action. */
function valueOperands(action: UpdateAction): OperandNode[] {
  switch (action.kind) {
    case "REMOVE":
      return [];
    case "SET":
      return isArithmetic(action.value) ? [action.value.left, action.value.right] : [action.value];
    default:
      return [action.value];
  }
}

export function validateUpdate(ast: UpdateAst, ctx: ExpressionContext): void {
  const actions = ast.actions;
  for (const action of actions) {
    const reserved = reservedWordIn([action.path, ...valueOperands(action)]);
    if (reserved !== undefined) fail(M.reservedWord(reserved));
  }
  for (const action of actions) {
    const unknown = firstCall(valueOperands(action), (call) => !isKnownFunction(call.name));
    if (unknown !== undefined) fail(M.unknownFunction(unknown.name));
  }
  for (const action of actions) {
    const misused = misusedFunction(valueOperands(action), false);
    if (misused !== undefined) fail(M.misusedFunction(misused));
  }
  const seen = new Set<string>();
  for (const section of ast.sections) {
    if (seen.has(section)) fail(M.sectionRepeated(section));
    seen.add(section);
  }
  checkPlaceholders(actions, ctx);
  const overlap = pathOverlapError(actions.map((action) => resolvePath(action.path, ctx)));
  if (overlap !== undefined) fail(overlap);
  for (const action of actions) {
    if (action.kind !== "ADD" && action.kind !== "DELETE") continue;
    const type = valueType(action.value, ctx);
    const name = type === null ? undefined : TYPE_NAMES[type];
    if (name !== undefined && !(action.kind === "ADD" && type === "N")) fail(M.updateOperandType(action.kind, name));
  }
  for (const action of actions) {
    if (action.kind !== "SET") continue;
    const message = setValueError(action, ctx);
    if (message !== undefined) fail(message);
  }
}

/** Condition functions are not update functions; list_append takes no list_append. */
function misusedFunction(operands: OperandNode[], inCall: boolean): string | undefined {
  for (const operand of operands) {
    if (operand.kind !== "call") continue;
    const inner = misusedFunction(operand.args, true);
    if (inner !== undefined) return inner;
    if (CONDITION_FUNCTIONS.has(operand.name)) return operand.name;
    if (inCall && operand.name === "list_append") return operand.name;
  }
  return undefined;
}

/** Undefined #names anywhere come before undefined :values. */
function checkPlaceholders(actions: UpdateAction[], ctx: ExpressionContext): void {
  const paths = (operands: OperandNode[], visit: (operand: OperandNode) => void): void => {
    for (const operand of operands) {
      if (operand.kind === "call") paths(operand.args, visit);
      else visit(operand);
    }
  };
  let missing: string | undefined;
  for (const action of actions) {
    paths([action.path, ...valueOperands(action)], (operand) => {
      if (operand.kind !== "path") return;
      for (const step of operand.steps) {
        if (step.kind === "name" && step.placeholder && ctx.useName(step.name) === undefined) {
          missing ??= M.undefinedName(step.name);
        }
      }
    });
  }
  if (missing !== undefined) fail(missing);
  for (const action of actions) {
    paths(valueOperands(action), (operand) => {
      if (operand.kind === "value" && ctx.useValue(operand.ref) === undefined) missing ??= M.undefinedValue(operand.ref);
    });
  }
  if (missing !== undefined) fail(missing);
}

function setValueError(action: UpdateAction & { kind: "SET" }, ctx: ExpressionContext): string | undefined {
  const value = action.value;
  let message: string | undefined;
  firstCall(valueOperands(action), (call) => {
    message ??= functionError(call.name, call.args, ctx);
    return false;
  });
  if (message !== undefined || !isArithmetic(value)) return message;
  const operator = value.kind === "plus" ? "+" : "-";
  for (const operand of [value.left, value.right]) {
    const type = valueType(operand, ctx);
    if (type !== null && type !== "N") return M.operandType(operator, type);
  }
  return undefined;
}

function functionError(name: string, args: OperandNode[], ctx: ExpressionContext): string | undefined {
  if (UPDATE_FUNCTIONS.get(name) !== args.length) return M.operandCount(name, args.length);
  if (name === "if_not_exists") return args[0].kind === "path" ? undefined : M.documentPathRequired(name);
  for (const arg of args) {
    const type = valueType(arg, ctx);
    if (type !== null && type !== "L") return M.operandType(name, type);
  }
  return undefined;
}
