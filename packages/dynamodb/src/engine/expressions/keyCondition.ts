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
  /** Every HASH attribute's value in key schema order (one, unless the key is multi-attribute). */
  hashValues: AttributeValue[];
  /** Equalities on the leading RANGE attributes before `range` (multi-attribute keys only). */
  rangePrefix: AttributeValue[];
  range?: { name: string; op: KeyOperator; values: AttributeValue[] };
}

/** One key attribute of the schema queried; its type, when given, is checked. */
export interface KeyAttributeInfo {
  name: string;
  type?: "S" | "N" | "B";
}

/** The key schema of the table or index queried; a global index may have several HASH and RANGE attributes. */
export interface KeySchemaInfo {
  hashes: readonly KeyAttributeInfo[];
  ranges: readonly KeyAttributeInfo[];
}

export interface Condition {
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
  return keyConditionFrom(keyConditions(ast, ctx), schema);
}

/**
 * The conditions of a KeyConditionExpression by attribute, checked for what needs no key
 * schema (operators, nesting, one condition per key): DynamoDB reports those before it looks
 * the table up (dynalite test/query.js, recorded against DynamoDB).
 */
export function keyConditions(ast: ConditionAst, ctx: ExpressionContext): Map<string, Condition> {
  const conditions = new Map<string, Condition>();
  collect(ast.root, ctx, conditions);
  return conditions;
}

/** The key condition of conditions from keyConditions(), held to the read key schema. */
export function keyConditionFrom(conditions: Map<string, Condition>, schema: KeySchemaInfo): KeyCondition {
  const attributes = schema.hashes.length + schema.ranges.length;
  if (conditions.size > attributes) fail(M.keyConditionCount(conditions.size, attributes));
  if (schema.hashes.length > 1 || schema.ranges.length > 1) return multiAttributeCondition(conditions, schema);

  const hashName = schema.hashes[0].name;
  const rangeName = schema.ranges[0]?.name;
  for (const attribute of rangeName === undefined ? [schema.hashes[0]] : [schema.hashes[0], schema.ranges[0]]) {
    const isHash = attribute.name === hashName;
    if (isHash && rangeName === undefined && conditions.size > 1) fail(M.keyConditionNotSupported);
    const condition = conditions.get(attribute.name);
    if (condition === undefined) {
      if (isHash || conditions.size > 1) fail(M.keyMissedSchemaElement(attribute.name));
      continue;
    }
    const type = attribute.type;
    if (type !== undefined && condition.values.some((value) => !(type in value))) fail(M.keyTypeMismatch);
    if (isHash && condition.op !== "=") fail(M.keyConditionNotSupported);
  }

  const hash = conditions.get(hashName) as Condition;
  const result: KeyCondition = { hashName, hashValue: hash.values[0], hashValues: [hash.values[0]], rangePrefix: [] };
  const range = rangeName === undefined ? undefined : conditions.get(rangeName);
  if (range !== undefined && rangeName !== undefined) result.range = { name: rangeName, ...range };
  return result;
}

/**
 * A multi-attribute key: an equality on every HASH attribute, equalities on a leading run
 * of RANGE attributes, and any condition on the last RANGE attribute it names; the
 * clauses may come in any order (DynamoDB developer guide, "Multi-attribute keys").
 */
function multiAttributeCondition(conditions: Map<string, Condition>, schema: KeySchemaInfo): KeyCondition {
  for (const attribute of schema.hashes) {
    const condition = conditions.get(attribute.name);
    if (condition === undefined) fail(M.keyMissedSchemaElement(attribute.name));
    checkType(condition, attribute);
    if (condition.op !== "=") fail(M.keyConditionNotSupported);
  }
  const known = new Set([...schema.hashes, ...schema.ranges].map((a) => a.name));
  for (const name of conditions.keys()) {
    if (known.has(name)) continue;
    const missing = schema.ranges.find((a) => !conditions.has(a.name));
    fail(missing ? M.keyMissedSchemaElement(missing.name) : M.keyConditionNotSupported);
  }
  let last = -1;
  schema.ranges.forEach((a, i) => {
    if (conditions.has(a.name)) last = i;
  });
  const unequal = schema.ranges.slice(0, Math.max(last, 0)).filter((a) => conditions.get(a.name)?.op !== "=");
  // DynamoDB names the first RANGE attribute lacking an equality.
  if (unequal.length > 0) fail(M.keyRangeNeedsEquality(unequal[0].name, schema.ranges[last].name));
  for (const attribute of schema.ranges) {
    const condition = conditions.get(attribute.name);
    if (condition) checkType(condition, attribute);
  }
  const hashValues = schema.hashes.map((a) => (conditions.get(a.name) as Condition).values[0]);
  const result: KeyCondition = {
    hashName: schema.hashes[0].name,
    hashValue: hashValues[0],
    hashValues,
    rangePrefix: schema.ranges.slice(0, Math.max(last, 0)).map((a) => (conditions.get(a.name) as Condition).values[0]),
  };
  if (last >= 0) result.range = { name: schema.ranges[last].name, ...(conditions.get(schema.ranges[last].name) as Condition) };
  return result;
}

function checkType(condition: Condition, attribute: KeyAttributeInfo): void {
  const type = attribute.type;
  if (type !== undefined && condition.values.some((value) => !(type in value))) fail(M.keyTypeMismatch);
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
