/**
 * The JSONPath subset mapping templates use in `$input.json(…)` / `$input.path(…)`: `$`, dotted
 * members (`$.a.b`), bracketed names (`$['a']`, `$["a"]`), array indexes (`$.items[0]`) and
 * `[*]` / `.*` wildcards. A path that reaches nothing yields `undefined`.
 */

import { isJavaMap } from "./javaValues.js";

type Step = { kind: "member"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

const STEP = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]|\[\*\]|\.\*)/;

export function parseJsonPath(path: string): Step[] | undefined {
  const text = path.trim();
  if (!text.startsWith("$")) return undefined;
  const steps: Step[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (!match) return undefined;
    const [whole, dotted, index, single, double] = match;
    if (index !== undefined) steps.push({ kind: "index", index: Number(index) });
    else if (dotted !== undefined && dotted !== "*") steps.push({ kind: "member", name: dotted });
    else if (single !== undefined || double !== undefined) steps.push({ kind: "member", name: single ?? double ?? "" });
    else steps.push({ kind: "wildcard" });
    rest = rest.slice(whole.length);
  }
  return steps;
}

/** Evaluates `path` against a parsed JSON document; wildcards collect their matches in an array. */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  const steps = parseJsonPath(path);
  if (!steps) return undefined;
  let current: unknown[] = [document];
  let multiple = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === "wildcard") {
        multiple = true;
        if (Array.isArray(value)) next.push(...value);
        else if (isObject(value)) next.push(...Object.values(value));
      } else if (step.kind === "index") {
        if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      } else if (isObject(value) && Object.hasOwn(value, step.name)) {
        next.push(value[step.name]);
      }
    }
    current = next;
  }
  return multiple ? current : current[0];
}

/** A JSON object (a JavaDouble, a number read from JSON, is none). */
function isObject(value: unknown): value is Record<string, unknown> {
  return isJavaMap(value);
}
