/**
 * The JSONPath of `$input.json(…)` / `$input.path(…)` ("JSONPath for Java", Jayway, which the
 * variable reference points to): `$`, dotted members (`$.a.b`), bracketed names (`$['a']`,
 * `$["a"]`, `$['a','b']`), array indexes (`$.items[0]`, `[-1]` from the end, `[0,2]`), slices
 * (`[1:3]`, `[:2]`, `[-2:]`), `[*]` / `.*` wildcards and `..name` / `..*` deep scans. A path that
 * reaches nothing yields `undefined`; an indefinite one (wildcard, scan, slice, union) the list
 * of what it reached. A filter keeps the items whose member exists (`[?(@.name)]`) or compares
 * (`[?(@.price < 10)]`, `[?(@.type == 'fish')]`: ==, !=, <, <=, >, >= against a number, a quoted
 * string, true, false or null); other filters (&&, ||, regex, functions) reach nothing.
 */
import { isJavaMap } from "./javaValues.js";

type Step =
  | { kind: "member"; names: string[] }
  | { kind: "index"; indexes: number[] }
  | { kind: "slice"; start?: number; end?: number }
  | { kind: "wildcard" }
  | { kind: "scan"; name?: string }
  | { kind: "filter"; path: string[]; operator?: string; operand?: unknown };

const NAME = "'([^']*)'|\"([^\"]*)\"";
const STEP = new RegExp(
  [
    String.raw`^\.\.(?:([^.[\]]+)|\[\*\])`, // ..name, ..* and ..[*]
    String.raw`^\.([^.[\]]+)`, // .name, .*
    String.raw`^\[\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*\]`, // [0], [-1], [0,2]
    String.raw`^\[\s*(-?\d*)\s*:\s*(-?\d*)\s*\]`, // [1:3], [:2], [-2:]
    String.raw`^\[\s*((?:${NAME})(?:\s*,\s*(?:${NAME}))*)\s*\]`, // ['a'], ["a"], ['a','b']
    String.raw`^\[\*\]`, // [*]
    String.raw`^\[\?\(\s*@((?:\.[A-Za-z_$][\w$-]*)+)\s*(?:(==|!=|<=|>=|<|>)\s*('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\s*)?\)\]`, // [?(@.a.b op value)]
  ].join("|"),
);

export function parseJsonPath(path: string): Step[] | undefined {
  const text = path.trim();
  if (!text.startsWith("$")) return undefined;
  const steps: Step[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (!match) return undefined;
    const [whole, scanned, dotted, indexes, sliceStart, sliceEnd, names, , , , , filterPath, operator, operand] = match;
    if (whole.startsWith("..")) steps.push({ kind: "scan", name: scanned === undefined || scanned === "*" ? undefined : scanned });
    else if (dotted !== undefined) steps.push(dotted === "*" ? { kind: "wildcard" } : { kind: "member", names: [dotted] });
    else if (indexes !== undefined) steps.push({ kind: "index", indexes: indexes.split(",").map((i) => Number(i.trim())) });
    else if (sliceStart !== undefined) steps.push({ kind: "slice", start: bound(sliceStart), end: bound(sliceEnd) });
    else if (filterPath !== undefined) steps.push({ kind: "filter", path: filterPath.slice(1).split("."), operator, operand: operand === undefined ? undefined : literal(operand) });
    else if (names !== undefined) steps.push({ kind: "member", names: [...names.matchAll(new RegExp(NAME, "g"))].map((m) => m[1] ?? m[2]) });
    else steps.push({ kind: "wildcard" });
    rest = rest.slice(whole.length);
  }
  return steps;
}

function literal(text: string): unknown {
  if (text.startsWith("'") || text.startsWith('"')) return text.slice(1, -1);
  return JSON.parse(text) as unknown;
}

function bound(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

/** A step that may reach several values makes the whole result a list, as Jayway answers an indefinite path. */
function isIndefinite(step: Step): boolean {
  if (step.kind === "member") return step.names.length > 1;
  if (step.kind === "index") return step.indexes.length > 1;
  return true;
}

/** Evaluates `path` against a parsed JSON document; an indefinite path collects its matches in an array. */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  const steps = parseJsonPath(path);
  if (!steps) return undefined;
  let current: unknown[] = [document];
  for (const step of steps) current = current.flatMap((value) => apply(step, value));
  return steps.some(isIndefinite) ? current : current[0];
}

function apply(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case "wildcard":
      return Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
    case "member":
      return isObject(value) ? step.names.filter((name) => Object.hasOwn(value, name)).map((name) => value[name]) : [];
    case "index": {
      if (!Array.isArray(value)) return [];
      const at = step.indexes.map((i) => (i < 0 ? value.length + i : i));
      return at.filter((i) => i >= 0 && i < value.length).map((i) => value[i]);
    }
    case "slice": {
      if (!Array.isArray(value)) return [];
      const from = (i: number | undefined, fallback: number) => (i === undefined ? fallback : i < 0 ? Math.max(0, value.length + i) : Math.min(i, value.length));
      return value.slice(from(step.start, 0), from(step.end, value.length));
    }
    case "filter": {
      const items = Array.isArray(value) ? value : isObject(value) ? [value] : [];
      return items.filter((item) => matches(step, item));
    }
    case "scan": {
      const found: unknown[] = [];
      scan(value, step.name, found);
      return found;
    }
  }
}

/** Whether `item` passes a `[?(@.path op value)]` filter: numbers compare by value, strings by text, equality across types is false. */
function matches(step: Extract<Step, { kind: "filter" }>, item: unknown): boolean {
  let value: unknown = item;
  for (const name of step.path) {
    if (!isObject(value) || !Object.hasOwn(value, name)) return false;
    value = value[name];
  }
  if (step.operator === undefined) return true;
  const operand = step.operand;
  const left = value instanceof Object && !isObject(value) && !Array.isArray(value) ? Number(value) : value;
  if (step.operator === "==") return left === operand;
  if (step.operator === "!=") return left !== operand;
  const comparable = (typeof left === "number" && typeof operand === "number") || (typeof left === "string" && typeof operand === "string");
  if (!comparable) return false;
  const a = left as number | string;
  const b = operand as number | string;
  if (step.operator === "<") return a < b;
  if (step.operator === "<=") return a <= b;
  if (step.operator === ">") return a > b;
  return a >= b;
}

/**
 * Jayway's scan (ScanPathToken.walk): at each list or object, what the next step reaches there
 * (the member `name`, or every child for a wildcard), then the same inside each child in turn.
 */
function scan(value: unknown, name: string | undefined, found: unknown[]): void {
  if (!Array.isArray(value) && !isObject(value)) return;
  const children = Array.isArray(value) ? value : Object.values(value);
  if (name === undefined) found.push(...children);
  else if (isObject(value) && Object.hasOwn(value, name)) found.push(value[name]);
  for (const child of children) scan(child, name, found);
}

/** A JSON object (a JavaDouble, a number read from JSON, is none). */
function isObject(value: unknown): value is Record<string, unknown> {
  return isJavaMap(value);
}
