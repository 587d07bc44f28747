/**
 * A translated WHERE clause as the engine evaluates conditions: printed as expression text,
 * parsed and validated by the expression module (its messages without the
 * "Invalid FilterExpression: " prefix), then evaluated per item.
 */
import { evaluateCondition, ExpressionContext, parseCondition } from "../expressions/index.js";
import type { Item } from "../types.js";
import type { Cond } from "./condition.js";
import { conditionText, Placeholders } from "./expressionText.js";
import { withoutExpressionPrefix } from "./messages.js";

export type ItemTest = (item: Item) => boolean;

export function compileFilter(cond: Cond | undefined, partitionKey: string): ItemTest | undefined {
  if (cond === undefined || (cond.kind === "const" && cond.value)) return undefined;
  const p = new Placeholders();
  const text = conditionText(cond, p, partitionKey);
  const ctx = new ExpressionContext(p.attributeNames, p.attributeValues);
  try {
    const ast = parseCondition(text, ctx, "FilterExpression");
    return (item) => evaluateCondition(ast, item, ctx);
  } catch (error) {
    throw withoutExpressionPrefix(error);
  }
}

/** Runs an engine call whose expression errors DynamoDB reports without their prefix. */
export function unprefixed<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw withoutExpressionPrefix(error);
  }
}

export async function unprefixedAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw withoutExpressionPrefix(error);
  }
}
