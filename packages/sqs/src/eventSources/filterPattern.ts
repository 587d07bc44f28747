/**
 * Lambda event filtering (FilterCriteria), the EventBridge pattern language applied to
 * each SQS record ("Control which events Lambda sends to your function"; the same
 * language as DynamoDB's stream mappings, whose package this file mirrors: services share
 * only core):
 * - a pattern object mirrors the record; a leaf is an array of conditions, any of which
 *   may match; "$or" holds alternative patterns;
 * - conditions: a literal (string, number, boolean, null: exact match), "prefix",
 *   "suffix", "equals-ignore-case", "wildcard", "anything-but" (a value, a list, or
 *   prefix/suffix/equals-ignore-case/wildcard), "numeric" ([">", 0, "<=", 5]), "exists";
 * - a record array matches when one of its elements does.
 * Numeric conditions also read numeric strings (message attributes carry numbers as text).
 */
import { SandboxError } from "@sam-sandbox/core";

type Literal = string | number | boolean | null;

type Condition =
  | { kind: "exact"; value: Literal }
  | { kind: "prefix" | "suffix"; value: string; ignoreCase: boolean }
  | { kind: "equals-ignore-case"; value: string }
  | { kind: "wildcard"; regex: RegExp }
  | { kind: "anything-but"; not: Condition[] }
  | { kind: "numeric"; terms: [string, number][] }
  | { kind: "exists"; value: boolean };

type PatternNode = { fields: Map<string, PatternNode | Condition[]>; or: PatternNode[][] };

export interface FilterPattern {
  matches(event: unknown): boolean;
}

const NUMERIC_OPERATORS = new Set(["=", "<", "<=", ">", ">="]);

function invalid(pattern: string, why: string): SandboxError {
  return new SandboxError(`Invalid filter pattern ${pattern}: ${why}`, {
    hint: 'Patterns use the EventBridge syntax, e.g. {"body": {"status": ["active"]}}.',
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLiteral(value: unknown): value is Literal {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** Parses one Filters[].Pattern string; a SandboxError names what is wrong with it. */
export function parseFilterPattern(text: string): FilterPattern {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(text, "it is not JSON");
  }
  if (!isObject(json)) throw invalid(text, "it must be a JSON object");
  const root = parseNode(json, text);
  return { matches: (event) => matchNode(root, event) };
}

/** The record passes when it matches any of the filters (or when there are none). */
export function parseFilterCriteria(criteria: { Filters?: { Pattern?: string }[] } | undefined): FilterPattern | undefined {
  const patterns = (criteria?.Filters ?? []).map((f) => parseFilterPattern(f.Pattern ?? "{}"));
  if (patterns.length === 0) return undefined;
  return { matches: (event) => patterns.some((p) => p.matches(event)) };
}

function parseNode(json: Record<string, unknown>, text: string): PatternNode {
  const node: PatternNode = { fields: new Map(), or: [] };
  for (const [key, value] of Object.entries(json)) {
    if (key === "$or") {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) {
        throw invalid(text, '"$or" takes a list of at least two patterns');
      }
      node.or.push(value.map((alternative) => parseNode(alternative, text)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw invalid(text, `"${key}" has an empty list of values`);
      node.fields.set(key, value.map((v) => parseCondition(v, text)));
    } else if (isObject(value)) {
      node.fields.set(key, parseNode(value, text));
    } else {
      throw invalid(text, `"${key}" must be an object or a list of values`);
    }
  }
  return node;
}

function parseCondition(value: unknown, text: string): Condition {
  if (isLiteral(value)) return { kind: "exact", value };
  if (!isObject(value)) throw invalid(text, `${JSON.stringify(value)} is not a value or a condition`);
  const entries = Object.entries(value);
  if (entries.length !== 1) throw invalid(text, `${JSON.stringify(value)} must have exactly one operator`);
  const [operator, operand] = entries[0];
  switch (operator) {
    case "prefix":
    case "suffix":
      if (typeof operand === "string") return { kind: operator, value: operand, ignoreCase: false };
      if (isObject(operand) && typeof operand["equals-ignore-case"] === "string") {
        return { kind: operator, value: operand["equals-ignore-case"], ignoreCase: true };
      }
      throw invalid(text, `"${operator}" takes a string`);
    case "equals-ignore-case":
      if (typeof operand !== "string") throw invalid(text, '"equals-ignore-case" takes a string');
      return { kind: "equals-ignore-case", value: operand };
    case "wildcard":
      if (typeof operand !== "string") throw invalid(text, '"wildcard" takes a string');
      return { kind: "wildcard", regex: wildcardRegex(operand) };
    case "anything-but":
      return { kind: "anything-but", not: anythingBut(operand, text) };
    case "numeric":
      return { kind: "numeric", terms: numericTerms(operand, text) };
    case "exists":
      if (typeof operand !== "boolean") throw invalid(text, '"exists" takes true or false');
      return { kind: "exists", value: operand };
    default:
      throw invalid(text, `unknown operator "${operator}"`);
  }
}

function anythingBut(operand: unknown, text: string): Condition[] {
  if (isLiteral(operand)) return [{ kind: "exact", value: operand }];
  if (Array.isArray(operand)) {
    if (operand.length === 0 || !operand.every(isLiteral)) throw invalid(text, '"anything-but" takes a non-empty list of values');
    return operand.map((v) => ({ kind: "exact", value: v }));
  }
  if (isObject(operand)) {
    const [operator, inner] = Object.entries(operand)[0] ?? [];
    if (operator === "equals-ignore-case" && Array.isArray(inner) && inner.every((v) => typeof v === "string")) {
      return inner.map((v) => ({ kind: "equals-ignore-case", value: v }));
    }
    if (["prefix", "suffix", "equals-ignore-case", "wildcard"].includes(operator ?? "")) return [parseCondition(operand, text)];
  }
  throw invalid(text, '"anything-but" takes a value, a list, or prefix/suffix/equals-ignore-case/wildcard');
}

function numericTerms(operand: unknown, text: string): [string, number][] {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    throw invalid(text, '"numeric" takes one or two [operator, number] pairs');
  }
  const terms: [string, number][] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const op: unknown = operand[i];
    const bound: unknown = operand[i + 1];
    if (typeof op !== "string" || !NUMERIC_OPERATORS.has(op) || typeof bound !== "number") {
      throw invalid(text, `"numeric" has an invalid term ${JSON.stringify([op, bound])}`);
    }
    terms.push([op, bound]);
  }
  return terms;
}

function wildcardRegex(pattern: string): RegExp {
  const source = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${source}$`, "s");
}

function matchNode(node: PatternNode, value: unknown): boolean {
  const object = isObject(value) ? value : undefined;
  for (const [key, pattern] of node.fields) {
    const field = object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
    if (Array.isArray(pattern) ? !matchLeaf(pattern, field) : !matchNode(pattern, field)) return false;
  }
  return node.or.every((alternatives) => alternatives.some((alternative) => matchNode(alternative, value)));
}

function matchLeaf(conditions: Condition[], field: unknown): boolean {
  const values: unknown[] = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return conditions.some((condition) => {
    if (condition.kind === "exists") return condition.value === values.some((v) => !isObject(v) && !Array.isArray(v));
    if (condition.kind === "anything-but") {
      return values.length > 0 && values.every((v) => isLiteral(v) && !condition.not.some((c) => matchValue(c, v)));
    }
    return values.some((v) => isLiteral(v) && matchValue(condition, v));
  });
}

function matchValue(condition: Condition, value: Literal): boolean {
  switch (condition.kind) {
    case "exact":
      return typeof value === "number" && typeof condition.value === "number" ? value === condition.value : value === condition.value;
    case "prefix":
    case "suffix": {
      if (typeof value !== "string") return false;
      const text = condition.ignoreCase ? value.toLowerCase() : value;
      const affix = condition.ignoreCase ? condition.value.toLowerCase() : condition.value;
      return condition.kind === "prefix" ? text.startsWith(affix) : text.endsWith(affix);
    }
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === condition.value.toLowerCase();
    case "wildcard":
      return typeof value === "string" && condition.regex.test(value);
    case "numeric": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      return Number.isFinite(n) && condition.terms.every(([op, bound]) => compare(op, n, bound));
    }
    default:
      return false;
  }
}

function compare(op: string, value: number, bound: number): boolean {
  switch (op) {
    case "=":
      return value === bound;
    case "<":
      return value < bound;
    case "<=":
      return value <= bound;
    case ">":
      return value > bound;
    default:
      return value >= bound;
  }
}
