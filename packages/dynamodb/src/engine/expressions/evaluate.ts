/**
 * Evaluating a validated condition against an item. A missing attribute makes every test
 * on it false except `<>` (true) and attribute_not_exists; values of different types are
 * unequal and unordered.
 */
import type { AttributeValue, Item } from "../types.js";
import type { Comparator, ConditionAst, ConditionNode, OperandNode } from "./ast.js";
import { beginsWith, compareValues, contains, sizeOf, valuesEqual } from "./compare.js";
import type { ExpressionContext } from "./context.js";
import { valueAt } from "./paths.js";

/** True when `item` (undefined: no item) satisfies the condition. */
export function evaluateCondition(ast: ConditionAst, item: Item | undefined, ctx: ExpressionContext): boolean {
  return test(ast.root, item, ctx);
}

function test(node: ConditionNode, item: Item | undefined, ctx: ExpressionContext): boolean {
  switch (node.kind) {
    case "and":
      return test(node.left, item, ctx) && test(node.right, item, ctx);
    case "or":
      return test(node.left, item, ctx) || test(node.right, item, ctx);
    case "not":
      return !test(node.operand, item, ctx);
    case "compare":
      return compare(node.op, operandValue(node.left, item, ctx), operandValue(node.right, item, ctx));
    case "between": {
      const value = operandValue(node.operand, item, ctx);
      const low = operandValue(node.low, item, ctx);
      const high = operandValue(node.high, item, ctx);
      if (value === undefined || low === undefined || high === undefined) return false;
      const above = compareValues(value, low);
      const below = compareValues(value, high);
      return above !== undefined && above >= 0 && below !== undefined && below <= 0;
    }
    case "in": {
      const value = operandValue(node.operand, item, ctx);
      if (value === undefined) return false;
      return node.list.some((candidate) => {
        const other = operandValue(candidate, item, ctx);
        return other !== undefined && valuesEqual(value, other);
      });
    }
    case "call":
      return testFunction(node.name, node.args, item, ctx);
  }
}

function compare(op: Comparator, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (op === "<>") return a === undefined || b === undefined || !valuesEqual(a, b);
  if (a === undefined || b === undefined) return false;
  if (op === "=") return valuesEqual(a, b);
  const order = compareValues(a, b);
  if (order === undefined) return false;
  switch (op) {
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    default:
      return order >= 0;
  }
}

function testFunction(name: string, args: OperandNode[], item: Item | undefined, ctx: ExpressionContext): boolean {
  const first = operandValue(args[0], item, ctx);
  switch (name) {
    case "attribute_exists":
      return first !== undefined;
    case "attribute_not_exists":
      return first === undefined;
    default: {
      const second = operandValue(args[1], item, ctx);
      if (first === undefined || second === undefined) return false;
      if (name === "attribute_type") return "S" in second && Object.hasOwn(first, second.S);
      if (name === "begins_with") return beginsWith(first, second);
      return contains(first, second);
    }
  }
}

/** An operand's value: a path's value in the item, a placeholder's value, or size(). */
export function operandValue(node: OperandNode, item: Item | undefined, ctx: ExpressionContext): AttributeValue | undefined {
  switch (node.kind) {
    case "path":
      return valueAt(item, node, ctx);
    case "value":
      return ctx.values[node.ref];
    case "call": {
      // size() is the only function validation lets through as an operand.
      const value = operandValue(node.args[0], item, ctx);
      const size = value === undefined ? undefined : sizeOf(value);
      return size === undefined ? undefined : { N: String(size) };
    }
  }
}
