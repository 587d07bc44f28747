/**
 * SNS subscription filter policies: parsed and checked once (Subscribe /
 * SetSubscriptionAttributes), with AWS's "Invalid parameter: FilterPolicy: …" texts, into
 * alternatives ($or expanded) of key paths → conditions. match.ts evaluates them.
 */
import { cidrRange, EventPatternError } from "@sam-sandbox/core";
import { invalidAttribute } from "../../errors.js";
import { MAX_FILTER_POLICY_BYTES, MAX_FILTER_POLICY_COMBINATIONS, MAX_FILTER_POLICY_KEYS } from "../../limits.js";
import { jacksonDetail } from "../jsonError.js";

export type FilterScope = "MessageAttributes" | "MessageBody";

export type Literal = string | number | boolean | null;

export type NumericOp = "=" | "<" | "<=" | ">" | ">=";

export type Condition =
  | { readonly kind: "exact"; readonly value: Literal }
  | { readonly kind: "prefix"; readonly value: string }
  | { readonly kind: "suffix"; readonly value: string }
  | { readonly kind: "equals-ignore-case"; readonly value: string }
  | { readonly kind: "anything-but"; readonly values: readonly Literal[] }
  | { readonly kind: "anything-but-prefix"; readonly value: string }
  | { readonly kind: "numeric"; readonly terms: readonly (readonly [NumericOp, number])[] }
  | { readonly kind: "exists"; readonly value: boolean }
  /** Addresses of one family (bit strings of one length) from `low` to `high`, inclusive. */
  | { readonly kind: "cidr"; readonly low: string; readonly high: string };

/** One way for a message to match: every path must satisfy one of its conditions. */
export type Alternative = ReadonlyMap<string, readonly Condition[]>;

export interface FilterPolicy {
  readonly scope: FilterScope;
  /** Any one alternative matching accepts the message. */
  readonly alternatives: readonly Alternative[];
}

/**
 * Parses a FilterPolicy attribute. `subscribing` selects Subscribe's wording
 * ("Invalid parameter: Attributes Reason: FilterPolicy: …") over SetSubscriptionAttributes'.
 * An empty text or "{}" means no filtering (undefined).
 */
export function parseFilterPolicy(text: string, scope: FilterScope, subscribing: boolean): FilterPolicy | undefined {
  const fail = (reason: string) => invalidAttribute(reason, subscribing);
  if (text.trim() === "") return undefined;
  if (Buffer.byteLength(text) > MAX_FILTER_POLICY_BYTES) throw fail("FilterPolicy: Filter policy is too long");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail(`FilterPolicy: failed to parse JSON.${jacksonDetail(text)}`);
  }
  if (!isObject(json)) throw fail("FilterPolicy: failed to parse JSON.");
  if (Object.keys(json).length === 0) return undefined;
  if (Object.keys(json).length > MAX_FILTER_POLICY_KEYS) throw fail("FilterPolicy: Filter policy can not have more than 5 keys");
  const checker = new Checker(scope, fail);
  const combinations = checker.combinations(json, 1);
  if (combinations > MAX_FILTER_POLICY_COMBINATIONS) throw fail("FilterPolicy: Filter policy is too complex");
  const alternatives = checker.alternatives(json, "", [new Map()]);
  // Checked last: AWS names a malformed nested rule ("\"suffix\" must be an object or an array") before the scope
  // (localstack test_sns_filter_policy.snapshot.json, test_validate_policy_string_operators, recorded on AWS).
  if (checker.nested && scope === "MessageAttributes") throw fail("Filter policy scope MessageAttributes does not support nested filter policy");
  return { scope, alternatives };
}

class Checker {
  /** A nested object was seen: MessageAttributes scope refuses it once the policy is otherwise valid. */
  nested = false;

  constructor(
    private readonly scope: FilterScope,
    private readonly fail: (reason: string) => Error,
  ) {}

  /**
   * AWS's complexity: the product over leaf arrays of (values × nesting depth); $or branches add up.
   * Every level of objects or $or adds at least one combination, so a policy nested deeper than the
   * limit is too complex without walking further: the walk would run out of stack (HTTP 500) on a
   * 256 KB policy of nested $or.
   */
  combinations(policy: Record<string, unknown>, depth: number, level = 1): number {
    if (level > MAX_FILTER_POLICY_COMBINATIONS) throw this.fail("FilterPolicy: Filter policy is too complex");
    let total = 1;
    for (const [key, value] of Object.entries(policy)) {
      if (isOr(key, value)) {
        let sum = 0;
        for (const branch of value) sum += this.combinations(branch, depth, level + 1) * total;
        total = sum;
      } else if (Array.isArray(value)) {
        if (value.length === 0) throw this.fail("FilterPolicy: Empty arrays are not allowed");
        total *= value.length * depth;
      } else if (isObject(value)) {
        this.nested = true;
        total = this.combinations(value, depth + 1, level + 1) * total;
      } else {
        throw this.fail(`FilterPolicy: "${key}" must be an object or an array`);
      }
    }
    return total;
  }

  /** Expands $or into alternatives and compiles each leaf's rules. */
  alternatives(policy: Record<string, unknown>, parent: string, current: Map<string, Condition[]>[]): Map<string, Condition[]>[] {
    let out = current;
    for (const [key, value] of Object.entries(policy)) {
      if (isOr(key, value)) {
        out = value.flatMap((branch) => this.alternatives(branch, parent, out.map((alt) => new Map(alt))));
        continue;
      }
      const path = parent === "" ? key : `${parent}.${key}`;
      if (Array.isArray(value)) {
        const conditions = value.map((rule) => this.rule(rule));
        out = out.map((alt) => new Map(alt).set(path, [...(alt.get(path) ?? []), ...conditions]));
      } else if (isObject(value)) {
        out = this.alternatives(value, path, out);
      }
    }
    return out;
  }

  private rule(rule: unknown): Condition {
    if (rule === null || typeof rule === "string" || typeof rule === "boolean") return { kind: "exact", value: rule };
    if (typeof rule === "number") return { kind: "exact", value: rule };
    if (!isObject(rule)) throw this.fail("FilterPolicy: Match value must be String, number, true, false, or null");
    // event-ruler (whose texts SNS answers) reads the keys in turn: the first one's operand is judged
    // before a second key is noticed (JsonRuleCompiler.processMatchExpression).
    const entries = Object.entries(rule);
    const first = entries[0];
    if (first === undefined) throw this.fail("FilterPolicy: Match expression name not found");
    const condition = this.operator(first[0], first[1]);
    if (entries.length > 1) {
      const numeric = first[0] === "numeric" || first[0] === "anything-but";
      throw this.fail(numeric ? "FilterPolicy: Too many elements in numeric expression" : "FilterPolicy: Only one key allowed in match expression");
    }
    return condition;
  }

  private operator(operator: string, operand: unknown): Condition {
    switch (operator) {
      case "prefix":
      case "suffix":
      case "equals-ignore-case":
        if (typeof operand !== "string") throw this.fail(`FilterPolicy: ${operator} match pattern must be a string`);
        return { kind: operator, value: operand };
      case "anything-but":
        return this.anythingBut(operand);
      case "exists":
        if (typeof operand !== "boolean") throw this.fail("FilterPolicy: exists match pattern must be either true or false.");
        return { kind: "exists", value: operand };
      case "numeric":
        return { kind: "numeric", terms: this.numeric(operand) };
      case "cidr":
        return this.cidr(operand);
      default:
        throw this.fail(`FilterPolicy: Unrecognized match type ${operator}`);
    }
  }

  private anythingBut(operand: unknown): Condition {
    if (isObject(operand)) {
      const [first, ...rest] = Object.keys(operand);
      if (first === undefined) throw this.fail("FilterPolicy: Anything-But expression name not found");
      if (first !== "prefix") throw this.fail(`FilterPolicy: Unsupported anything-but pattern: ${first}`);
      const prefix = operand.prefix;
      if (typeof prefix !== "string") throw this.fail("FilterPolicy: prefix match pattern must be a string");
      if (rest.length > 0) throw this.fail("FilterPolicy: Too many elements in numeric expression");
      return { kind: "anything-but-prefix", value: prefix };
    }
    const values = Array.isArray(operand) ? operand : [operand];
    for (const v of values) {
      if (!isLiteral(v)) throw this.fail("FilterPolicy: Match value must be String, number, true, false, or null");
    }
    return { kind: "anything-but", values: values as Literal[] };
  }

  /** [">", 0, "<=", 150]: one operator and value, or a lower bound then an upper bound. */
  private numeric(operand: unknown): [NumericOp, number][] {
    const items = Array.isArray(operand) ? operand : [];
    if (items.length === 0) throw this.fail("FilterPolicy: Invalid member in numeric match: ]");
    const [op1, value1, op2, value2, ...rest] = items as unknown[];
    if (typeof op1 !== "string") throw this.fail(`FilterPolicy: Invalid member in numeric match: ${String(op1)}`);
    if (!isNumericOp(op1)) throw this.fail(`FilterPolicy: Unrecognized numeric range operator: ${op1}`);
    if (typeof value1 !== "number") throw this.fail(`FilterPolicy: Value of ${op1 === "=" ? "equals" : op1} must be numeric`);
    if (items.length === 2) return [[op1, value1]];
    if (op1 !== ">" && op1 !== ">=") throw this.fail("FilterPolicy: Too many elements in numeric expression");
    if (typeof op2 !== "string") throw this.fail(`FilterPolicy: Bad value in numeric range: ${String(op2)}`);
    if (op2 !== "<" && op2 !== "<=") throw this.fail(`FilterPolicy: Bad numeric range operator: ${op2}`);
    if (typeof value2 !== "number") throw this.fail(`FilterPolicy: Value of ${op2} must be numeric`);
    // event-ruler looks for the closing bracket before it builds the range.
    if (rest.length > 0) throw this.fail("FilterPolicy: Too many terms in numeric range expression");
    if (value2 <= value1) throw this.fail("FilterPolicy: Bottom must be less than top");
    return [[op1, value1], [op2, value2]];
  }

  /** event-ruler's CIDR.cidr, whose texts SNS answers ("Malformed CIDR, one '/' required"). */
  private cidr(operand: unknown): Condition {
    if (typeof operand !== "string") throw this.fail("FilterPolicy: prefix match pattern must be a string");
    try {
      return { kind: "cidr", ...cidrRange(operand) };
    } catch (error) {
      if (error instanceof EventPatternError) throw this.fail(`FilterPolicy: ${error.reason}`);
      throw error;
    }
  }
}

function isOr(key: string, value: unknown): value is Record<string, unknown>[] {
  return key === "$or" && Array.isArray(value) && value.length > 1 && value.every(isObject);
}

function isNumericOp(op: string): op is NumericOp {
  return op === "=" || op === "<" || op === "<=" || op === ">" || op === ">=";
}

function isLiteral(value: unknown): value is Literal {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
