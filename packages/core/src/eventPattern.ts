/**
 * The EventBridge event-pattern language, shared by EventBridge rules (EventPattern,
 * TestEventPattern) and Lambda event filtering (FilterCriteria of stream and queue mappings):
 * - a pattern object mirrors the event; a leaf is an array of conditions, any of which
 *   may match; "$or" holds alternative patterns;
 * - conditions: a literal (string, number, boolean, null: exact match), "prefix",
 *   "suffix" (each maybe {"equals-ignore-case": …}), "equals-ignore-case", "wildcard",
 *   "anything-but" (a value, a list, or prefix/suffix/equals-ignore-case/wildcard),
 *   "numeric" ([">", 0, "<=", 5]), "exists", "cidr" ("10.0.0.0/24");
 * - an event array (of arrays) matches when one of its elements does, the fields of one nested
 *   pattern all from the same element (event-ruler's array consistency).
 * A pattern AWS refuses throws EventPatternError whose `message` is what EventBridge writes after
 * "Event pattern is not valid. Reason: " (event-ruler's text and Jackson's location; `reason`
 * the text alone). The compiler is eventPatternRules.ts.
 */
import { SandboxError } from "./errors.js";
import { EventPatternError } from "./eventPatternError.js";
import { ipLiteralBits } from "./eventPatternIp.js";
import { compileRules, type Condition, type Literal, type PatternNode } from "./eventPatternRules.js";
import { wildcardMatches } from "./wildcard.js";

export { EventPatternError } from "./eventPatternError.js";

export interface EventPattern {
  matches(event: unknown): boolean;
}

export interface EventPatternOptions {
  /**
   * Numeric conditions also read numeric strings: Lambda filtering of DynamoDB records
   * ({"N": "5"}) and SQS message attributes. EventBridge compares JSON numbers only.
   */
  numericStrings?: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLiteral(value: unknown): value is Literal {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/**
 * Parses a pattern's JSON text; EventPatternError when it is refused, its `reason` event-ruler's
 * text and its `message` that text with Jackson's location as EventBridge reports it.
 */
export function parseEventPattern(text: string, options: EventPatternOptions = {}): EventPattern {
  try {
    JSON.parse(text);
  } catch {
    throw new EventPatternError("Filter is not valid JSON");
  }
  const root = compileRules(text);
  const numericStrings = options.numericStrings === true;
  return { matches: (event) => matchNode(root, event, numericStrings) };
}

/** Compiles a pattern already parsed from JSON. */
export function compileEventPattern(json: unknown, options: EventPatternOptions = {}): EventPattern {
  return parseEventPattern(JSON.stringify(json) ?? "null", options);
}

function matchNode(node: PatternNode, value: unknown, numericStrings: boolean): boolean {
  // An array (of arrays) of objects matches a nested pattern when one of its elements does, each
  // element on its own: event-ruler's array consistency (ArrayMembership).
  if (Array.isArray(value)) return value.some((element) => (Array.isArray(element) || isObject(element)) && matchNode(node, element, numericStrings));
  const object = isObject(value) ? value : undefined;
  for (const [key, pattern] of node.fields) {
    const field = object === undefined ? undefined : Object.prototype.hasOwnProperty.call(object, key) ? object[key] : dottedField(object, key);
    if (Array.isArray(pattern) ? !matchLeaf(pattern, field, numericStrings) : !matchNode(pattern, field, numericStrings)) return false;
  }
  return node.or.every((alternatives) => alternatives.some((alternative) => matchNode(alternative, value, numericStrings)));
}

/** The event's "key.rest" members as {rest: …}: event-ruler joins field names with ".", in events as in patterns. */
function dottedField(object: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  for (const name in object) {
    if (name.length > key.length + 1 && name.charCodeAt(key.length) === 46 && name.startsWith(key)) {
      found ??= {};
      found[name.slice(key.length + 1)] = object[name];
    }
  }
  return found;
}

/** A field's leaf values: event-ruler flattens arrays, arrays of arrays too; objects have none. */
function leafValues(field: unknown, into: Literal[]): Literal[] {
  if (Array.isArray(field)) for (const element of field) leafValues(element, into);
  else if (isLiteral(field)) into.push(field);
  return into;
}

function matchLeaf(conditions: Condition[], field: unknown, numericStrings: boolean): boolean {
  const values = field === undefined ? [] : isLiteral(field) ? [field] : leafValues(field, []);
  // Each value of an array is matched on its own: one that matches is enough, for anything-but too.
  return conditions.some((condition) => {
    if (condition.kind === "exists") return condition.value === values.length > 0;
    return values.some((v) => matchValue(condition, v, numericStrings));
  });
}

function matchValue(condition: Condition, value: Literal, numericStrings: boolean): boolean {
  switch (condition.kind) {
    case "exact":
      return value === condition.value;
    case "ip":
      return typeof value === "string" && ipLiteralBits(value) === condition.bits;
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
      return typeof value === "string" && wildcardMatches(condition.parts, value);
    case "cidr": {
      if (typeof value !== "string") return false;
      const bits = ipLiteralBits(value);
      return bits !== undefined && bits.length === condition.low.length && bits >= condition.low && bits <= condition.high;
    }
    case "anything-but":
      return !condition.not.some((c) => matchValue(c, value, numericStrings));
    case "numeric": {
      const n = typeof value === "number" ? value : numericStrings && typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
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

/** How one kind of event source mapping reads Lambda's FilterCriteria. */
export interface FilterCriteriaOptions extends EventPatternOptions {
  /** An example pattern for the source's records, shown when a pattern is refused. */
  example: string;
}

/** Parses one Filters[].Pattern of a mapping's FilterCriteria; a SandboxError names what is wrong with it. */
export function parseFilterPattern(text: string, options: FilterCriteriaOptions): EventPattern {
  // An empty filter lets every record through (EventBridge refuses "{}", event-ruler's top-level empty object).
  if (/^\s*\{\s*\}\s*$/.test(text)) return { matches: () => true };
  try {
    return parseEventPattern(text, options);
  } catch (error) {
    if (!(error instanceof EventPatternError)) throw error;
    throw new SandboxError(`Invalid filter pattern ${text}: ${error.reason}`, { hint: `Patterns use the EventBridge syntax, e.g. ${options.example}.` });
  }
}

/** Lambda's FilterCriteria: a record passes when it matches any of the filters (or when there are none). */
export function parseFilterCriteria(criteria: { Filters?: { Pattern?: string }[] } | undefined, options: FilterCriteriaOptions): EventPattern | undefined {
  const patterns = (criteria?.Filters ?? []).map((f) => parseFilterPattern(f.Pattern ?? "{}", options));
  if (patterns.length === 0) return undefined;
  return { matches: (event) => patterns.some((p) => p.matches(event)) };
}
