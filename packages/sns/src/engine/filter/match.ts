/**
 * Evaluates a parsed filter policy against a message's attributes or its JSON body, as
 * AWS documents it ("Amazon SNS subscription filter policies"):
 * - a String.Array attribute (or a body array) matches when one of its elements does;
 *   anything-but matches when none of them is listed;
 * - numeric conditions and numeric values match Number attributes (and JSON numbers);
 *   strings match String attributes (and JSON strings); Binary attributes match nothing;
 * - "exists": true needs a non-null, non-empty value; "exists": false needs the key to be
 *   absent from a message that has at least one attribute (a body that is a non-empty object).
 */
import { ipLiteralBits } from "@sam-sandbox/core";
import type { Condition, FilterPolicy, Literal } from "./policy.js";
import { isObject } from "./policy.js";

/** A message attribute as published (DataType plus StringValue or BinaryValue). */
export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** The values one key contributes: its scalar leaves, or undefined when the key is absent. */
type Values = readonly Literal[] | undefined;

export function matchesAttributes(policy: FilterPolicy, attributes: Readonly<Record<string, AttributeValue>>): boolean {
  const nonEmpty = Object.keys(attributes).length > 0;
  return policy.alternatives.some((alt) =>
    [...alt].every(([key, conditions]) => {
      const attribute = Object.prototype.hasOwnProperty.call(attributes, key) ? attributes[key] : undefined;
      return matchesKey(conditions, attribute === undefined ? undefined : attributeValues(attribute), nonEmpty);
    }),
  );
}

/** MessageBody scope: the message must be a JSON object; "a.b" paths follow nested objects (and arrays). */
export function matchesBody(policy: FilterPolicy, body: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return false;
  }
  if (!isObject(json)) return false;
  const nonEmpty = Object.keys(json).length > 0;
  return policy.alternatives.some((alt) =>
    [...alt].every(([path, conditions]) => matchesKey(conditions, bodyValues(json, path), nonEmpty)),
  );
}

function matchesKey(conditions: readonly Condition[], values: Values, messageHasKeys: boolean): boolean {
  return conditions.some((condition) => {
    if (condition.kind === "exists") {
      const present = values !== undefined && values.some((v) => v !== null && v !== "");
      return condition.value ? present : values === undefined && messageHasKeys;
    }
    if (values === undefined || values.length === 0) return false;
    if (condition.kind === "anything-but") return values.every((v) => !condition.values.some((listed) => sameLiteral(listed, v)));
    if (condition.kind === "anything-but-prefix") return values.every((v) => typeof v !== "string" || !v.startsWith(condition.value));
    return values.some((v) => matchesValue(condition, v));
  });
}

function matchesValue(condition: Condition, value: Literal): boolean {
  switch (condition.kind) {
    case "exact":
      return sameLiteral(condition.value, value);
    case "prefix":
      return typeof value === "string" && value.startsWith(condition.value);
    case "suffix":
      return typeof value === "string" && value.endsWith(condition.value);
    case "equals-ignore-case":
      return typeof value === "string" && value.toLowerCase() === condition.value.toLowerCase();
    case "numeric":
      return typeof value === "number" && condition.terms.every(([op, bound]) => compare(op, value, bound));
    case "cidr": {
      if (typeof value !== "string") return false;
      const bits = ipLiteralBits(value);
      return bits !== undefined && bits.length === condition.low.length && bits >= condition.low && bits <= condition.high;
    }
    default:
      return false;
  }
}

function sameLiteral(a: Literal, b: Literal): boolean {
  // Numbers compare by value (301.5 = 3.015e2), with AWS's five decimal places.
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 5e-6;
  return a === b;
}

function compare(op: string, value: number, bound: number): boolean {
  switch (op) {
    case "=":
      return sameLiteral(value, bound);
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

/** String → [text]; Number → [number]; String.Array → its elements; Binary → [] (never matches a value). */
function attributeValues(attribute: AttributeValue): Literal[] {
  const type = attribute.DataType;
  const text = attribute.StringValue;
  if (type.startsWith("Binary") || text === undefined) return [];
  if (type === "String.Array") {
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? parsed.filter(isLiteralValue) : [];
    } catch {
      return [];
    }
  }
  if (type.startsWith("Number")) {
    const n = Number(text);
    return Number.isFinite(n) ? [n] : [];
  }
  return [text];
}

/**
 * The literals at `path` in a message body. Arrays at any level are looked through, so the walk
 * keeps its own stack: a 256 KB body can nest arrays 100,000 deep, past the call stack (HTTP 500).
 */
function bodyValues(json: Record<string, unknown>, path: string): Values {
  const out: Literal[] = [];
  let found = false;
  const pending: Array<[unknown, readonly string[]]> = [[json, path.split(".")]];
  while (pending.length > 0) {
    const [node, segments] = pending.pop()!;
    if (Array.isArray(node)) {
      // Reversed onto the stack, so elements are visited in order.
      for (let i = node.length - 1; i >= 0; i--) pending.push([node[i], segments]);
      continue;
    }
    if (segments.length === 0) {
      if (isLiteralValue(node)) {
        out.push(node);
        found = true;
      }
      continue;
    }
    if (!isObject(node)) continue;
    // A dotted key in the body ({"a.b": 1}) matches the path "a.b" too.
    for (let i = 1; i <= segments.length; i++) {
      const key = segments.slice(0, i).join(".");
      if (Object.prototype.hasOwnProperty.call(node, key)) pending.push([node[key], segments.slice(i)]);
    }
  }
  return found ? out : undefined;
}

function isLiteralValue(value: unknown): value is Literal {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
