/**
 * What standalone UpdateItem holds against the 400 KB item limit besides the finished item:
 * the attributes its statement writes plus a cost per clause, so an update of a short-keyed
 * item cannot write a full 400 KB. Measured byte by byte against DynamoDB (eu-west-2 and 21
 * other regions; ten regions size UpdateItem by the finished item alone) by the paritysuite
 * conformance suite, 2026-08 to 2026-10:
 *   3 for the update; SET 19 + target + value; ADD 19 + target + the members it adds;
 *   REMOVE and DELETE 1 + target; a target costs its first name plus 4 and the element for
 *   each later step; a path operand 1 plus 14 and the element per step; a value operand its
 *   size; + 34, - 37, if_not_exists 39, list_append 37, each plus its operands.
 */
import { utf8Length, valueSize } from "../items.js";
import type { AttributeValue, Item } from "../types.js";
import { isArithmetic, type OperandNode, type PathNode, type SetValueNode, type UpdateAst } from "./ast.js";
import { valuesEqual } from "./compare.js";
import type { ExpressionContext } from "./context.js";
import { resolvePath, valueAtPath } from "./paths.js";

const UPDATE_COST = 3;
const WRITE_COST = 19;
const REMOVE_COST = 1;
const TARGET_STEP_COST = 4;
const OPERAND_COST = 1;
const OPERAND_STEP_COST = 14;
const FUNCTION_COST: Record<string, number> = { if_not_exists: 39, list_append: 37 };
const ARITHMETIC_COST = { plus: 34, minus: 37 };

function element(step: string | number): number {
  return typeof step === "number" ? String(step).length : utf8Length(step);
}

function targetCost(path: PathNode, ctx: ExpressionContext): number {
  const [first, ...rest] = resolvePath(path, ctx);
  return element(first) + rest.reduce<number>((sum, step) => sum + TARGET_STEP_COST + element(step), 0);
}

function operandCost(node: SetValueNode, ctx: ExpressionContext): number {
  if (isArithmetic(node)) return ARITHMETIC_COST[node.kind] + operandCost(node.left, ctx) + operandCost(node.right, ctx);
  return operand(node, ctx);
}

function operand(node: OperandNode, ctx: ExpressionContext): number {
  if (node.kind === "value") return valueSize(ctx.values[node.ref]);
  if (node.kind === "path") {
    return OPERAND_COST + resolvePath(node, ctx).reduce<number>((sum, step) => sum + OPERAND_STEP_COST + element(step), 0);
  }
  return (FUNCTION_COST[node.name] ?? 0) + node.args.reduce((sum, arg) => sum + operand(arg, ctx), 0);
}

/** The size of the members of `added` that `existing` does not hold (ADD writes only those). */
function addedSize(existing: AttributeValue | undefined, added: AttributeValue): number {
  if (existing === undefined || "N" in added) return valueSize(added);
  for (const [type, scalar] of [["SS", "S"], ["NS", "N"], ["BS", "B"]] as const) {
    if (!(type in added) || !(type in existing)) continue;
    const have = (existing as Record<string, string[]>)[type];
    const fresh = (added as Record<string, string[]>)[type].filter(
      (m) => !have.some((h) => valuesEqual({ [scalar]: h } as AttributeValue, { [scalar]: m } as AttributeValue)),
    );
    return valueSize({ [type]: fresh } as AttributeValue);
  }
  return valueSize(added);
}

/** The statement's figure for the item it updates (`item`: the stored item, if any). */
export function updateCost(ast: UpdateAst, item: Item | undefined, ctx: ExpressionContext): number {
  let cost = UPDATE_COST;
  for (const action of ast.actions) {
    switch (action.kind) {
      case "SET":
        cost += WRITE_COST + targetCost(action.path, ctx) + operandCost(action.value, ctx);
        break;
      case "ADD": {
        const existing = valueAtPath(item, resolvePath(action.path, ctx));
        cost += WRITE_COST + targetCost(action.path, ctx) + addedSize(existing, ctx.values[action.value.ref]);
        break;
      }
      default:
        cost += REMOVE_COST + targetCost(action.path, ctx);
    }
  }
  return cost;
}
