/**
 * Choice rules in JSONPath states ("Choice workflow state"): comparison operators, their
 * *Path forms, Is* tests and And/Or/Not. A Variable (or *Path operand) that selects
 * nothing fails the state with States.Runtime, except under IsPresent.
 */
import type { Json } from "./json.js";
import { runtimeError } from "./failure.js";
import { evaluatePath, type PathSources } from "./jsonpath.js";
import type { ChoiceRule } from "./types.js";
import { wildcardMatches } from "@sam-sandbox/core";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(value: Json): number | undefined {
  if (typeof value !== "string" || !RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const patterns = new Map<string, string[]>();

/** A StringMatches pattern as its literal pieces between the unescaped "*"s ("\*" and "\\" are literal). */
function pieces(pattern: string): string[] {
  let cached = patterns.get(pattern);
  if (cached === undefined) {
    cached = [""];
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "\\" && i + 1 < pattern.length) cached[cached.length - 1] += pattern[++i];
      else if (c === "*") cached.push("");
      else cached[cached.length - 1] += c;
    }
    if (patterns.size > 5_000) patterns.clear();
    patterns.set(pattern, cached);
  }
  return cached;
}

/**
 * StringMatches: "*" matches any run of characters. Matched piece by piece (prefix, suffix, each
 * piece between at its leftmost place), in linear time: the regular expression it was compiled to
 * backtracked for minutes on "*a*a*a*a*b" against a long value and froze the sandbox.
 */
export function stringMatches(value: string, pattern: string): boolean {
  return wildcardMatches(pieces(pattern), value);
}

type Compare = (a: Json, b: Json) => boolean;

function strings(test: (a: string, b: string) => boolean): Compare {
  return (a, b) => typeof a === "string" && typeof b === "string" && test(a, b);
}
function numbers(test: (a: number, b: number) => boolean): Compare {
  return (a, b) => typeof a === "number" && typeof b === "number" && test(a, b);
}
function timestamps(test: (a: number, b: number) => boolean): Compare {
  return (a, b) => {
    const x = parseTimestamp(a);
    const y = parseTimestamp(b);
    return x !== undefined && y !== undefined && test(x, y);
  };
}

const COMPARISONS: Record<string, Compare> = {
  StringEquals: strings((a, b) => a === b),
  StringLessThan: strings((a, b) => a < b),
  StringGreaterThan: strings((a, b) => a > b),
  StringLessThanEquals: strings((a, b) => a <= b),
  StringGreaterThanEquals: strings((a, b) => a >= b),
  StringMatches: strings((a, b) => stringMatches(a, b)),
  NumericEquals: numbers((a, b) => a === b),
  NumericLessThan: numbers((a, b) => a < b),
  NumericGreaterThan: numbers((a, b) => a > b),
  NumericLessThanEquals: numbers((a, b) => a <= b),
  NumericGreaterThanEquals: numbers((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === "boolean" && a === b,
  TimestampEquals: timestamps((a, b) => a === b),
  TimestampLessThan: timestamps((a, b) => a < b),
  TimestampGreaterThan: timestamps((a, b) => a > b),
  TimestampLessThanEquals: timestamps((a, b) => a <= b),
  TimestampGreaterThanEquals: timestamps((a, b) => a >= b),
};

const TESTS: Record<string, (value: Json) => boolean> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === "number",
  IsString: (v) => typeof v === "string",
  IsBoolean: (v) => typeof v === "boolean",
  IsTimestamp: (v) => parseTimestamp(v) !== undefined,
};

function invalidPath(path: string): Error {
  return runtimeError(`Invalid path '${path}': The choice state's condition path references an invalid value.`);
}

function read(path: string, sources: PathSources): Json {
  const result = evaluatePath(path, sources);
  if (!result.found) throw invalidPath(path);
  return result.value;
}

/** Evaluates one rule (a top-level rule or a nested one inside And/Or/Not). */
export function evaluateRule(rule: ChoiceRule, sources: PathSources): boolean {
  if (rule.And) return rule.And.every((r) => evaluateRule(r, sources));
  if (rule.Or) return rule.Or.some((r) => evaluateRule(r, sources));
  if (rule.Not) return !evaluateRule(rule.Not, sources);
  const variable = rule.Variable;
  if (typeof variable !== "string") return false;
  if (typeof rule.IsPresent === "boolean") return evaluatePath(variable, sources).found === rule.IsPresent;
  const value = read(variable, sources);
  for (const operator in rule) {
    const expected = rule[operator];
    if (operator === "Variable" || operator === "Next" || operator === "Comment" || operator === "Assign" || operator === "Output") continue;
    const test = TESTS[operator];
    if (test) return test(value) === expected;
    if (operator.endsWith("Path") && COMPARISONS[operator.slice(0, -4)]) {
      return COMPARISONS[operator.slice(0, -4)](value, read(expected as string, sources));
    }
    const compare = COMPARISONS[operator];
    if (compare) return compare(value, expected as Json);
  }
  return false;
}
