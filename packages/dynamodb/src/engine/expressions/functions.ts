/** The functions DynamoDB knows, their arity, and static operand types for validation. */
import { typeOf, type AttributeType } from "../types.js";
import type { OperandNode } from "./ast.js";
import type { ExpressionContext } from "./context.js";

/** Functions of ConditionExpression, FilterExpression and KeyConditionExpression. */
export const CONDITION_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ["attribute_exists", 1],
  ["attribute_not_exists", 1],
  ["attribute_type", 2],
  ["begins_with", 2],
  ["contains", 2],
  ["size", 1],
]);

/** Functions of UpdateExpression. */
export const UPDATE_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ["if_not_exists", 2],
  ["list_append", 2],
]);

/** DynamoDB knows both sets in every expression kind, and allows each set in its own. */
export function isKnownFunction(name: string): boolean {
  return CONDITION_FUNCTIONS.has(name) || UPDATE_FUNCTIONS.has(name);
}

export const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(["S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"]);

/** Type of an ExpressionAttributeValue operand (resolving it marks it used); null otherwise. */
export function valueType(node: OperandNode, ctx: ExpressionContext): AttributeType | null {
  if (node.kind !== "value") return null;
  const value = ctx.useValue(node.ref);
  return value === undefined ? null : typeOf(value);
}

/** Like valueType, but also knows what size() returns. */
export function operandType(node: OperandNode, ctx: ExpressionContext): AttributeType | null {
  if (node.kind === "call") return node.name === "size" ? "N" : null;
  return valueType(node, ctx);
}
