/**
 * KeyConditionExpression: after it validates as a condition, DynamoDB checks its shape
 * (an AND of at most two simple conditions on top-level key attributes) and then the
 * table's key schema. The result tells the engine which partition to read and which
 * sort-key range to seek in the ordered index.
 */
import { ValidationException } from "@sam-sandbox/core";
import type { AttributeValue } from "../types.js";
import type { ConditionAst, ConditionNode, OperandNode } from "./ast.js";
import type { ExpressionContext } from "./context.js";
import { EXPRESSION_MESSAGES as M } from "./messages.js";

export type KeyOperator = "=" | "<" | "<=" | ">" | ">=" | "BETWEEN" | "BEGINS_WITH";

export interface KeyCondition {
  hashName: string;
  hashValue: AttributeValue;
  range?: { name: string; op: KeyOperator; values: AttributeValue[] };
}

/** The key schema of the table or index queried; types, when given, are checked. */
export interface KeySchemaInfo {
  hash: string;
  range?: string;
  hashType?: "S" | "N" | "B";
  rangeType?: "S" | "N" | "B";
}

interface Condition {
  op: KeyOperator;
  values: AttributeValue[];
}

const FLIPPED: Record<string, KeyOperator> = { "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const NOT_KEY_FUNCTIONS = new Set(["attribute_exists", "attribute_not_exists", "attribute_type", "contains"]);

function fail(message: string): never {
  throw new ValidationException(message);
}

/**
 * The key condition of a validated KeyConditionExpression. DynamoDB reports these errors
 * after every expression of the request parsed and after the unused-placeholder check.
 */
export function keyConditionOf(ast: ConditionAst, ctx: ExpressionContext, schema: KeySchemaInfo): KeyCondition {
  const conditions = new Map<string, Condition>();
  collect(ast.root, ctx, conditions);
  if (conditions.size > 2) fail(M.keyConditionCount);

  for (const name of schema.range === undefined ? [schema.hash] : [schema.hash, schema.range]) {
    const isHash = name === schema.hash;
    if (isHash && schema.range === undefined && conditions.size > 1) fail(M.keyConditionNotSupported);
    const condition = conditions.get(name);
    if (condition === undefined) {
      if (isHash || conditions.size > 1) fail(M.keyMissedSchemaElement(name));
      continue;
    }
    const type = isHash ? schema.hashType : schema.rangeType;
    if (type !== undefined && condition.values.some((value) => !(type in value))) fail(M.keyTypeMismatch);
    if (isHash && condition.op !== "=") fail(M.keyConditionNotSupported);
  }

  const hash = conditions.get(schema.hash) as Condition;
  const result: KeyCondition = { hashName: schema.hash, hashValue: hash.values[0] };
  const range = schema.range === undefined ? undefined : conditions.get(schema.range);
  if (range !== undefined && schema.range !== undefined) result.range = { name: schema.range, ...range };
  return result;
}

/** Walks the condition as DynamoDB does, outermost operator first. */
function collect(node: ConditionNode, ctx: ExpressionContext, conditions: Map<string, Condition>): void {
  let operands: OperandNode[];
  let op: KeyOperator;
  switch (node.kind) {
    case "or":
    case "not":
    case "in":
      return fail(M.keyInvalidOperator(node.kind.toUpperCase()));
    case "and":
      collect(node.left, ctx, conditions);
      collect(node.right, ctx, conditions);
      return;
    case "compare":
      if (node.op === "<>") return fail(M.keyInvalidOperator("<>"));
      operands = [node.left, node.right];
      op = node.op;
      break;
    case "between":
      if (node.operand.kind !== "path") return fail(M.keyFirstOperand("BETWEEN"));
      operands = [node.operand, node.low, node.high];
      op = "BETWEEN";
      break;
    case "call":
      if (NOT_KEY_FUNCTIONS.has(node.name)) return fail(M.keyInvalidOperator(node.name));
      if (node.name === "size") return fail(M.keyNestedOperation);
      if (node.args[0].kind !== "path") return fail(M.keyFirstOperand(node.name));
      operands = node.args;
      op = "BEGINS_WITH";
      break;
  }
  let name: string | undefined;
  let position = 0;
  const values: AttributeValue[] = [];
  operands.forEach((operand, i) => {
    if (operand.kind === "path") {
      if (name !== undefined) fail(M.keyMultipleNames);
      if (operand.steps.length > 1) fail(M.keyNestedAttribute);
      const step = operand.steps[0];
      name = step.kind === "name" ? (step.placeholder ? ctx.names[step.name] : step.name) : String(step);
      position = i;
    } else if (operand.kind === "value") {
      values.push(ctx.values[operand.ref]);
    } else {
      collect(operand, ctx, conditions);
    }
  });
  if (name === undefined) return fail(M.keyNoAttribute);
  if (conditions.has(name)) fail(M.keyOneConditionPerKey);
  conditions.set(name, { op: position === 0 ? op : (FLIPPED[op] ?? op), values });
}
