/**
 * The pre-expression parameters (Expected, ConditionalOperator, AttributesToGet,
 * KeyConditions, QueryFilter, ScanFilter, AttributeUpdates), which DynamoDB still serves.
 * Conditions and projections are checked with DynamoDB's texts (recorded by dynalite, the
 * Expected ones checked again by the paritysuite conformance suite), then rewritten as the
 * equivalent expressions over generated placeholders, so one engine evaluates both forms.
 * AttributeUpdates keeps its own semantics (ADD appends to a list) and texts.
 */
import { ValidationException } from "../errors.js";
import { addNumbers } from "./numbers.js";
import { compareValues, valuesEqual } from "./expressions/compare.js";
import { EXPRESSION_MESSAGES as M } from "./expressions/messages.js";
import type { Update } from "./expr.js";
import { checkValue, sortMembers } from "./items.js";
import type { ExpressionInput, LegacyInput } from "./shapes.js";
import type { AttributeValue, Item, Key } from "./types.js";

const INVALID = "One or more parameter values were invalid: ";

export interface LegacyCondition {
  Value?: AttributeValue;
  Exists?: boolean;
  ComparisonOperator?: string;
  AttributeValueList?: AttributeValue[];
}

interface AttributeValueUpdate {
  Value?: AttributeValue;
  Action?: string;
}

/** Values each ComparisonOperator takes, and the AttributeValue types it accepts in a filter or Expected. */
const ARITY: Record<string, [number, number]> = {
  NULL: [0, 0],
  NOT_NULL: [0, 0],
  EQ: [1, 1],
  NE: [1, 1],
  LE: [1, 1],
  LT: [1, 1],
  GE: [1, 1],
  GT: [1, 1],
  CONTAINS: [1, 1],
  NOT_CONTAINS: [1, 1],
  BEGINS_WITH: [1, 1],
  IN: [1, Number.POSITIVE_INFINITY],
  BETWEEN: [2, 2],
};
const SCALARS = ["S", "N", "B"];
const FILTER_TYPES: Record<string, string[]> = {
  EQ: [...SCALARS, "SS", "NS", "BS"],
  NE: [...SCALARS, "SS", "NS", "BS"],
  LE: SCALARS,
  LT: SCALARS,
  GE: SCALARS,
  GT: SCALARS,
  CONTAINS: SCALARS,
  NOT_CONTAINS: SCALARS,
  BEGINS_WITH: ["S", "B"],
  IN: SCALARS,
  BETWEEN: SCALARS,
};
/** KeyConditions may only use what a sort key range can answer. */
const KEY_OPERATORS = new Set(["EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN"]);
const NOT_INDEXABLE = "Attempted conditional constraint is not an indexable operation";
const COMPARISONS: Record<string, string> = { EQ: "=", NE: "<>", LE: "<=", LT: "<", GE: ">=", GT: ">" };

function fail(message: string): never {
  throw new ValidationException(message);
}

function typeOf(value: AttributeValue): string {
  return Object.keys(value)[0] ?? "";
}

/** Generated ExpressionAttributeNames and ExpressionAttributeValues. */
class Placeholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private next = 0;

  constructor(private readonly prefix: string) {}

  name(attribute: string): string {
    const key = `#${this.prefix}${this.next++}`;
    this.names[key] = attribute;
    return key;
  }

  value(value: AttributeValue): string {
    const key = `:${this.prefix}${this.next++}`;
    this.values[key] = value;
    return key;
  }
}

/** One condition as expression text. */
function clause(attribute: string, operator: string, values: AttributeValue[], p: Placeholders): string {
  const name = p.name(attribute);
  const v = values.map((value) => p.value(value));
  switch (operator) {
    case "NULL":
      return `attribute_not_exists(${name})`;
    case "NOT_NULL":
      return `attribute_exists(${name})`;
    case "CONTAINS":
      return `contains(${name}, ${v[0]})`;
    case "NOT_CONTAINS":
      // A missing attribute fails NOT_CONTAINS as it fails CONTAINS (Alternator's
      // test_expected.py::test_update_expected_1_not_contains, run against DynamoDB).
      return `(attribute_exists(${name}) AND NOT contains(${name}, ${v[0]}))`;
    case "BEGINS_WITH":
      return `begins_with(${name}, ${v[0]})`;
    case "IN":
      return `${name} IN (${v.join(", ")})`;
    case "BETWEEN":
      return `${name} BETWEEN ${v[0]} AND ${v[1]}`;
    default:
      return `${name} ${COMPARISONS[operator]} ${v[0]}`;
  }
}

function checkValues(values: AttributeValue[]): void {
  for (const value of values) checkValue(value);
}

/** Count, type and range checks of an AttributeValueList. */
function checkList(operator: string, list: AttributeValue[], allowed: string[] | undefined): void {
  const [min, max] = ARITY[operator] ?? [0, Number.POSITIVE_INFINITY];
  if (list.length < min || list.length > max) fail(`${INVALID}Invalid number of argument(s) for the ${operator} ComparisonOperator`);
  if (list.length > 0 && list.some((v) => typeOf(v) !== typeOf(list[0]))) {
    fail(`${INVALID}AttributeValues inside AttributeValueList must be of same type`);
  }
  if (allowed) {
    for (const value of list) {
      if (!allowed.includes(typeOf(value))) fail(`${INVALID}ComparisonOperator ${operator} is not valid for ${typeOf(value)} AttributeValue type`);
    }
  }
  if (operator === "BETWEEN" && compareValues(list[0], list[1]) === 1) {
    fail("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
}

/** Expected, as DynamoDB checks it, as a condition's text. */
function expectedText(expected: Record<string, LegacyCondition>, p: Placeholders): string[] {
  const clauses: string[] = [];
  for (const [attribute, condition] of Object.entries(expected)) {
    const { Value: value, Exists: exists, ComparisonOperator: operator, AttributeValueList: list } = condition;
    if (list !== undefined && value !== undefined) fail(`${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${attribute}`);
    if (operator !== undefined) {
      if (exists !== undefined) fail(`${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: ${attribute}`);
      if (operator !== "NULL" && operator !== "NOT_NULL" && list === undefined && value === undefined) {
        fail(`${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${operator} for Attribute: ${attribute}`);
      }
      const values = list ?? (value === undefined ? [] : [value]);
      checkValues(values);
      // The types a filter takes, but EQ and NE take every type here (API_ExpectedAttributeValue: "EQ is
      // supported for all data types, including lists and maps"); Alternator's test_expected.py, run
      // against DynamoDB, finds NOT_CONTAINS [[1]], IN [[1], [2]], BETWEEN of sets and BEGINS_WITH 3 refused.
      checkList(operator, values, operator === "EQ" || operator === "NE" ? undefined : FILTER_TYPES[operator]);
      clauses.push(clause(attribute, operator, values, p));
    } else if (list !== undefined) {
      fail(`${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: ${attribute}`);
    } else if (exists !== false) {
      if (value === undefined) fail(`${INVALID}Value must be provided when Exists is ${exists === undefined ? "null" : "true"} for Attribute: ${attribute}`);
      checkValue(value);
      clauses.push(clause(attribute, "EQ", [value], p));
    } else {
      if (value !== undefined) fail(`${INVALID}Value cannot be used when Exists is false for Attribute: ${attribute}`);
      clauses.push(clause(attribute, "NULL", [], p));
    }
  }
  return clauses;
}

/** QueryFilter, ScanFilter and KeyConditions, as DynamoDB checks them. */
function conditionsText(conditions: Record<string, LegacyCondition>, p: Placeholders, key: boolean): string[] {
  const clauses: string[] = [];
  for (const [attribute, condition] of Object.entries(conditions)) {
    const operator = condition.ComparisonOperator ?? "";
    const list = condition.AttributeValueList ?? [];
    checkValues(list);
    // A filter's EQ and NE take every type, as Expected's do (Alternator's test_query_filter.py
    // test_query_filter_eq / _ne, run against DynamoDB, filter on lists, maps and booleans).
    const filterEquality = !key && (operator === "EQ" || operator === "NE");
    checkList(operator, list, filterEquality ? undefined : FILTER_TYPES[operator]);
    clauses.push(clause(attribute, operator, list, p));
  }
  // An operator no key can use is refused later, in key schema order (unindexableKeyCondition).
  if (key && clauses.length !== 1 && clauses.length !== 2) fail("Conditions can be of length 1 or 2 only");
  return clauses;
}

/** True when a KeyConditions entry uses an operator a key condition cannot (NULL, NE, IN, …). */
export function unindexableKeyCondition(conditions: Record<string, LegacyCondition> | undefined | null): boolean {
  if (!conditions) return false;
  for (const condition of Object.values(conditions)) if (!KEY_OPERATORS.has(condition.ComparisonOperator ?? "")) return true;
  return false;
}

/**
 * KeyConditions with an operator no key can use: DynamoDB walks the key schema in order
 * (dynalite actions/query.js and test/query.js, recorded against DynamoDB). The failure and the
 * position of the key attribute it concerns.
 */
export function unindexableFailure(
  conditions: Record<string, LegacyCondition>,
  keyNames: readonly string[],
): { at: number; error: ValidationException } {
  const count = Object.keys(conditions).length;
  const failure = (at: number, message: string) => ({ at, error: new ValidationException(message) });
  for (const [at, name] of keyNames.entries()) {
    const isHash = at === 0;
    if (isHash && keyNames.length === 1 && count > 1) return failure(at, M.keyConditionNotSupported);
    const condition = conditions[name];
    if (condition === undefined) {
      if (isHash || count > 1) return failure(at, M.keyMissedSchemaElement(name));
      continue;
    }
    if (!KEY_OPERATORS.has(condition.ComparisonOperator ?? "")) return failure(at, NOT_INDEXABLE);
    if (isHash && condition.ComparisonOperator !== "EQ") return failure(at, M.keyConditionNotSupported);
  }
  return failure(keyNames.length, NOT_INDEXABLE);
}

function joined(clauses: string[], operator: unknown): string {
  if (operator !== undefined && clauses.length < 2) {
    fail("ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
  return clauses.join(operator === "OR" ? " OR " : " AND ");
}

function attributeList(names: string[], p: Placeholders): string {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) fail(`${INVALID}Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
  return names.map((name) => p.name(name)).join(", ");
}

function merged<T extends ExpressionInput>(input: T, p: Placeholders, extra: Partial<Record<string, string>>): T {
  const out: Record<string, unknown> = { ...input, ...extra };
  for (const legacy of ["Expected", "ConditionalOperator", "AttributesToGet", "KeyConditions", "QueryFilter", "ScanFilter"]) delete out[legacy];
  if (Object.keys(p.names).length > 0) out.ExpressionAttributeNames = { ...input.ExpressionAttributeNames, ...p.names };
  if (Object.keys(p.values).length > 0) out.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ...p.values };
  return out as T;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * The request with its legacy conditions and projection rewritten as expressions; the
 * request itself when it has none. Call after the expression/non-expression mixing checks.
 */
/**
 * The request with its legacy parameters as expressions, checked in DynamoDB's order:
 * AttributesToGet and the filter (Query checks its QueryFilter first, Scan its AttributesToGet),
 * then `afterFilter` (the starting key's values), then KeyConditions (dynalite test/query.js
 * and test/scan.js, recorded against DynamoDB).
 */
export function withExpressions<T extends ExpressionInput & LegacyInput>(input: T, afterFilter?: () => void, filterFirst = false): T {
  const { Expected, ConditionalOperator, AttributesToGet, KeyConditions, QueryFilter, ScanFilter } = input;
  if (![Expected, ConditionalOperator, AttributesToGet, KeyConditions, QueryFilter, ScanFilter].some(present)) {
    afterFilter?.();
    return input;
  }
  const p = new Placeholders("legacy");
  const extra: Partial<Record<string, string>> = {};
  const filter = QueryFilter ?? ScanFilter;
  let filterClauses: string[] | undefined;
  if (filterFirst && present(filter)) filterClauses = conditionsText(filter as Record<string, LegacyCondition>, p, false);
  if (present(AttributesToGet)) extra.ProjectionExpression = attributeList(AttributesToGet as string[], p);
  if (!filterFirst && present(filter)) filterClauses = conditionsText(filter as Record<string, LegacyCondition>, p, false);
  afterFilter?.();
  if (present(KeyConditions)) extra.KeyConditionExpression = conditionsText(KeyConditions as Record<string, LegacyCondition>, p, true).join(" AND ");
  // An empty Expected or filter map is no condition (Alternator's test_expected.py::test_update_expected_empty,
  // run against DynamoDB), though ConditionalOperator beside it is still refused.
  if (filterClauses) extra.FilterExpression = joined(filterClauses, ConditionalOperator) || undefined;
  if (present(Expected)) extra.ConditionExpression = joined(expectedText(Expected as Record<string, LegacyCondition>, p), ConditionalOperator) || undefined;
  if (present(ConditionalOperator) && !present(filter) && !present(Expected)) joined([], ConditionalOperator);
  return merged(input, p, extra);
}

/** AttributeUpdates, checked as DynamoDB checks it, as an Update. */
export function attributeUpdates(updates: Record<string, AttributeValueUpdate>): Update {
  for (const update of Object.values(updates)) {
    const value = update.Value;
    if (value !== undefined) checkValue(value);
    const type = value === undefined ? "" : typeOf(value);
    if (value === undefined && update.Action !== "DELETE") fail(`${INVALID}Only DELETE action is allowed when no attribute value is specified`);
    if (value !== undefined && update.Action === "DELETE" && !["SS", "NS", "BS"].includes(type)) {
      fail(`${INVALID}DELETE action with value is not supported for the type ${type}`);
    }
    if (value !== undefined && update.Action === "ADD" && !["L", "SS", "NS", "BS", "N"].includes(type)) {
      fail(`${INVALID}ADD action is not supported for the type ${type}`);
    }
  }
  const actions = Object.values(updates);
  return {
    paths: Object.keys(updates).map((name) => [name]),
    removesOnly: actions.length > 0 && actions.every((update) => update.Action === "DELETE"),
    staticTypes: () => {
      const types = new Map<string, string>();
      for (const [name, update] of Object.entries(updates)) if (update.Value !== undefined && update.Action !== "DELETE") types.set(name, typeOf(update.Value));
      return types;
    },
    apply: (old: Item | undefined, key: Key) => {
      const item: Item = { ...(old ?? key) };
      for (const [name, update] of Object.entries(updates)) applyOne(item, name, update);
      return item;
    },
  };
}

const MISMATCH = "Type mismatch for attribute to update";

function applyOne(item: Item, name: string, update: AttributeValueUpdate): void {
  const value = update.Value;
  const current = item[name];
  if (update.Action === "DELETE") {
    if (value === undefined) {
      delete item[name];
      return;
    }
    const type = typeOf(value) as "SS" | "NS" | "BS";
    if (current === undefined) return;
    if (!(type in current)) fail(MISMATCH);
    const members = (current as Record<string, string[]>)[type];
    const removed = (value as Record<string, string[]>)[type];
    const rest = members.filter((m) => !removed.some((r) => valuesEqual(scalar(type, m), scalar(type, r))));
    if (rest.length === 0) delete item[name];
    else item[name] = { [type]: rest } as AttributeValue;
    return;
  }
  if (value === undefined) return;
  if (update.Action !== "ADD") {
    item[name] = value;
    return;
  }
  if ("N" in value) {
    if (current !== undefined && !("N" in current)) fail(MISMATCH);
    item[name] = { N: addNumbers(current && "N" in current ? current.N : "0", value.N) };
    return;
  }
  if ("L" in value) {
    if (current !== undefined && !("L" in current)) fail(MISMATCH);
    item[name] = { L: [...(current && "L" in current ? current.L : []), ...value.L] };
    return;
  }
  const type = typeOf(value) as "SS" | "NS" | "BS";
  if (current !== undefined && !(type in current)) fail(MISMATCH);
  const members = current ? [...(current as Record<string, string[]>)[type]] : [];
  for (const member of (value as Record<string, string[]>)[type]) {
    if (!members.some((m) => valuesEqual(scalar(type, m), scalar(type, member)))) members.push(member);
  }
  item[name] = { [type]: sortMembers(members, type === "SS" ? "S" : type === "NS" ? "N" : "B") } as AttributeValue;
}

function scalar(type: "SS" | "NS" | "BS", member: string): AttributeValue {
  return type === "NS" ? { N: member } : type === "BS" ? { B: member } : { S: member };
}
