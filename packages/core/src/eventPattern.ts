/**
 * The EventBridge event-pattern language, shared by EventBridge rules (EventPattern,
 * TestEventPattern) and Lambda event filtering (FilterCriteria of stream and queue mappings):
 * - a pattern object mirrors the event; a leaf is an array of conditions, any of which
 *   may match; "$or" holds alternative patterns;
 * - conditions: a literal (string, number, boolean, null: exact match), "prefix",
 *   "suffix" (each maybe {"equals-ignore-case": …}), "equals-ignore-case", "wildcard",
 *   "anything-but" (a value, a list, or prefix/suffix/equals-ignore-case/wildcard),
 *   "numeric" ([">", 0, "<=", 5]), "exists", "cidr" ("10.0.0.0/24");
 * - an event array matches when one of its elements does.
 * A pattern AWS refuses throws EventPatternError whose `reason` is AWS's text (the part after
 * "Event pattern is not valid. Reason: ", as Amazon's event-ruler words it).
 */
import { SandboxError } from "./errors.js";
import { wildcardMatches } from "./wildcard.js";

type Literal = string | number | boolean | null;

type Condition =
  | { kind: "exact"; value: Literal }
  | { kind: "prefix" | "suffix"; value: string; ignoreCase: boolean }
  | { kind: "equals-ignore-case"; value: string }
  /** The pattern's literal pieces between its stars: "a*b*c" → ["a", "b", "c"]. */
  | { kind: "wildcard"; parts: string[] }
  | { kind: "anything-but"; not: Condition[] }
  | { kind: "numeric"; terms: [string, number][] }
  | { kind: "exists"; value: boolean }
  | { kind: "cidr"; match: (ip: string) => boolean };

type PatternNode = { fields: Map<string, PatternNode | Condition[]>; or: PatternNode[][] };

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

/** A pattern AWS refuses; `reason` is AWS's wording. */
export class EventPatternError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "EventPatternError";
  }
}

const NUMERIC_OPERATORS = new Set(["=", "<", "<=", ">", ">="]);
/** "Rule is too complex" past this many wildcard characters (localstack's reading of AWS's limit). */
const MAX_WILDCARDS = 5;

function fail(reason: string): never {
  throw new EventPatternError(reason);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLiteral(value: unknown): value is Literal {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** Parses a pattern's JSON text; EventPatternError with AWS's reason when it is refused. */
export function parseEventPattern(text: string, options: EventPatternOptions = {}): EventPattern {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail("Filter is not valid JSON");
  }
  return compileEventPattern(json, options);
}

/** Compiles a pattern already parsed from JSON. */
export function compileEventPattern(json: unknown, options: EventPatternOptions = {}): EventPattern {
  if (!isObject(json)) fail("Filter is not an object");
  const root = parseNode(json);
  const numericStrings = options.numericStrings === true;
  return { matches: (event) => matchNode(root, event, numericStrings) };
}

/** Field names event-ruler keeps for operators, refused as field names inside "$or". */
const RESERVED_IN_OR = new Set([
  "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr", "=", "<", "<=", ">", ">=", "regex",
  "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after", "date-before", "date-on-or-before", "in-date-range",
  "ip-address-in-range", "ip-address-not-in-range",
]);

function parseNode(json: Record<string, unknown>, inOr = false): PatternNode {
  const node: PatternNode = { fields: new Map(), or: [] };
  for (const [key, value] of Object.entries(json)) {
    if (key === "$or") {
      node.or.push(parseOr(value));
      continue;
    }
    if (inOr && RESERVED_IN_OR.has(key)) fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    if (Array.isArray(value)) {
      if (value.length === 0) fail("Empty arrays are not allowed");
      setField(node, key, value.map((v) => parseCondition(v)));
    } else if (isObject(value)) {
      if (Object.keys(value).length === 0) fail("Empty objects are not allowed");
      setField(node, key, parseNode(value, inOr));
    } else {
      fail(`"${key}" must be an object or an array`);
    }
  }
  return node;
}

/** "$or": an array of at least two objects, each an alternative pattern. */
function parseOr(value: unknown): PatternNode[] {
  if (!Array.isArray(value)) fail("It must be an Array followed with $or.");
  if (!value.every(isObject)) fail("Only JSON object is allowed in array of $or relationship.");
  if (value.length < 2) fail("There must have at least 2 Objects in $or relationship.");
  return value.map((alternative) => {
    if (Object.keys(alternative).length === 0) fail("Empty objects are not allowed");
    return parseNode(alternative, true);
  });
}

/**
 * Field names join with "." as event-ruler flattens them: {"a.b": [1]} is {"a": {"b": [1]}}
 * (matchNode also reads an event's dotted keys). A dotted key that clashes stays as written.
 */
function setField(node: PatternNode, key: string, pattern: PatternNode | Condition[]): void {
  const dot = key.indexOf(".");
  if (dot > 0 && dot < key.length - 1) {
    const head = key.slice(0, dot);
    const existing = node.fields.get(head);
    if (existing === undefined || !Array.isArray(existing)) {
      const child = existing ?? { fields: new Map(), or: [] };
      setField(child, key.slice(dot + 1), pattern);
      node.fields.set(head, child);
      return;
    }
  }
  const existing = node.fields.get(key);
  if (existing !== undefined && !Array.isArray(existing) && !Array.isArray(pattern)) {
    for (const [k, v] of pattern.fields) setField(existing, k, v);
    existing.or.push(...pattern.or);
    return;
  }
  node.fields.set(key, pattern);
}

function parseCondition(value: unknown): Condition {
  if (isLiteral(value)) return { kind: "exact", value };
  if (!isObject(value)) fail("Match value must be String, number, true, false, or null");
  const entries = Object.entries(value);
  if (entries.length !== 1) fail("Only one key allowed in match expression");
  const [operator, operand] = entries[0] as [string, unknown];
  switch (operator) {
    case "prefix":
    case "suffix":
      if (typeof operand === "string") return { kind: operator, value: operand, ignoreCase: false };
      if (isObject(operand)) {
        const inner = Object.keys(operand).find((k) => k !== "equals-ignore-case");
        if (inner !== undefined) fail(`Unsupported anything-but pattern: ${inner}`);
        const text = operand["equals-ignore-case"];
        if (typeof text !== "string") fail("equals-ignore-case match pattern must be a string");
        return { kind: operator, value: text, ignoreCase: true };
      }
      return fail(`${operator} match pattern must be a string`);
    case "equals-ignore-case":
      if (typeof operand !== "string") fail("equals-ignore-case match pattern must be a string");
      return { kind: "equals-ignore-case", value: operand };
    case "wildcard":
      return { kind: "wildcard", parts: wildcardParts(operand) };
    case "anything-but":
      return { kind: "anything-but", not: anythingBut(operand) };
    case "numeric":
      return { kind: "numeric", terms: numericTerms(operand) };
    case "exists":
      if (typeof operand !== "boolean") fail("exists match pattern must be either true or false.");
      return { kind: "exists", value: operand };
    case "cidr":
      return { kind: "cidr", match: cidrMatcher(operand) };
    default:
      return fail(`Unrecognized match type ${operator}`);
  }
}

function anythingBut(operand: unknown): Condition[] {
  if (typeof operand === "string" || typeof operand === "number") return [{ kind: "exact", value: operand }];
  if (Array.isArray(operand)) {
    // event-ruler: strings only or numbers only, nothing else.
    if (!operand.every((v) => typeof v === "string" || typeof v === "number")) fail("Inside anything but list, start|null|boolean is not supported.");
    const numbers = operand.filter((v) => typeof v === "number").length;
    if (numbers === 0 ? operand.length === 0 : numbers < operand.length) {
      fail("Inside anything but list, either all values are number or string, mixed type is not supported");
    }
    return operand.map((v: string | number) => ({ kind: "exact", value: v }));
  }
  if (!isObject(operand)) fail("Value of anything-but must be an array or single string/number value.");
  const entries = Object.entries(operand);
  if (entries.length !== 1) fail("Only one key allowed in match expression");
  const [operator, inner] = entries[0] as [string, unknown];
  const strings = (v: unknown): string[] | undefined =>
    typeof v === "string" ? [v] : Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : undefined;
  switch (operator) {
    case "prefix":
    case "suffix": {
      if (isObject(inner)) fail("Value of anything-but must be an array or single string/number value.");
      const values = strings(inner);
      if (values === undefined) fail("prefix/suffix match pattern must be a string");
      if (values.length === 0 || values.some((s) => s === "")) fail("Null prefix/suffix not allowed");
      return values.map((value) => ({ kind: operator, value, ignoreCase: false }));
    }
    case "equals-ignore-case": {
      const values = strings(inner);
      if (values === undefined) fail("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
      return values.map((value) => ({ kind: "equals-ignore-case", value }));
    }
    case "wildcard": {
      const values = Array.isArray(inner) ? inner : [inner];
      return values.map((v) => ({ kind: "wildcard", parts: wildcardParts(v) }));
    }
    default:
      return fail(`Unsupported anything-but pattern: ${operator}`);
  }
}

function numericTerms(operand: unknown): [string, number][] {
  if (!Array.isArray(operand)) fail("Value of numeric must be an array.");
  if (operand.length === 0) fail("Invalid member in numeric match: ]");
  const [op, bound, op2, bound2] = operand as unknown[];
  if (typeof op !== "string") fail(`Invalid member in numeric match: ${String(op)}`);
  if (!NUMERIC_OPERATORS.has(op)) fail(`Unrecognized numeric range operator: ${op}`);
  if (typeof bound !== "number") fail(`Value of ${op === "=" ? "equals" : op} must be numeric`);
  if (operand.length === 2) return [[op, bound]];
  if (op !== ">" && op !== ">=") fail("Too many elements in numeric expression");
  if (typeof op2 !== "string") fail(`Bad value in numeric range: ${String(op2)}`);
  if (op2 !== "<" && op2 !== "<=") fail(`Bad numeric range operator: ${op2}`);
  if (typeof bound2 !== "number") fail(`Value of ${op2} must be numeric`);
  if (bound2 <= bound) fail("Bottom must be less than top");
  if (operand.length > 4) fail("Too many terms in numeric range expression");
  return [[op, bound], [op2, bound2]];
}

function wildcardParts(pattern: unknown): string[] {
  if (typeof pattern !== "string") fail("wildcard match pattern must be a string");
  const doubled = pattern.indexOf("**");
  if (doubled >= 0) fail(`Consecutive wildcard characters at pos ${doubled + 1}`);
  if (pattern.split("*").length - 1 > MAX_WILDCARDS) {
    fail("Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character");
  }
  // "\*" is a literal star in a wildcard pattern.
  return pattern.split(/(?<!\\)\*/).map((part) => part.replace(/\\\*/g, "*"));
}


function cidrMatcher(operand: unknown): (ip: string) => boolean {
  if (typeof operand !== "string") fail("prefix match pattern must be a string");
  const parts = operand.split("/");
  if (parts.length !== 2) fail("Malformed CIDR, one '/' required");
  const [address, maskText] = parts as [string, string];
  if (!/^\d+$/.test(maskText)) fail("Malformed CIDR, mask bits must be an integer");
  const base = ipBits(address);
  const bits = Number(maskText);
  if (base === undefined || bits > base.length) fail(`Nonstandard IP address: ${address}`);
  const prefix = base.slice(0, bits);
  return (ip) => {
    const value = ipBits(ip);
    return value !== undefined && value.length === base.length && value.startsWith(prefix);
  };
}

/** An IPv4 or IPv6 address as a string of "0"/"1"; undefined when it is neither. */
function ipBits(text: string): string | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return octets.map((o) => o.toString(2).padStart(8, "0")).join("");
  }
  if (!text.includes(":") || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return all.map((g) => parseInt(g, 16).toString(2).padStart(16, "0")).join("");
}

function matchNode(node: PatternNode, value: unknown, numericStrings: boolean): boolean {
  // An array of objects matches a nested pattern when one of its elements does.
  if (Array.isArray(value)) return value.some((element) => isObject(element) && matchNode(node, element, numericStrings));
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

function matchLeaf(conditions: Condition[], field: unknown, numericStrings: boolean): boolean {
  const values: unknown[] = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return conditions.some((condition) => {
    if (condition.kind === "exists") return condition.value === values.some((v) => !isObject(v) && !Array.isArray(v));
    if (condition.kind === "anything-but") {
      return values.length > 0 && values.every((v) => isLiteral(v) && !condition.not.some((c) => matchValue(c, v, numericStrings)));
    }
    return values.some((v) => isLiteral(v) && matchValue(condition, v, numericStrings));
  });
}

function matchValue(condition: Condition, value: Literal, numericStrings: boolean): boolean {
  switch (condition.kind) {
    case "exact":
      return value === condition.value;
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
    case "cidr":
      return typeof value === "string" && condition.match(value);
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
