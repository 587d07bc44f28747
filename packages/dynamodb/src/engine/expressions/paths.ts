/** Document paths: resolving placeholders, reading values, and DynamoDB's overlap rules. */
import type { AttributeValue, Item } from "../types.js";
import type { DocumentPath, PathNode } from "./ast.js";
import type { ExpressionContext } from "./context.js";
import { EXPRESSION_MESSAGES } from "./messages.js";

/** The path with #placeholders replaced (they are known to be defined after validation). */
export function resolvePath(path: PathNode, ctx: ExpressionContext): DocumentPath {
  const out: DocumentPath = new Array(path.steps.length);
  for (let i = 0; i < path.steps.length; i++) {
    const step = path.steps[i];
    out[i] = step.kind === "index" ? step.index : step.placeholder ? (ctx.names[step.name] ?? step.name) : step.name;
  }
  return out;
}

/** The value at `path` in `item`, or undefined when any step is missing or mistyped. */
export function valueAt(item: Item | undefined, path: PathNode, ctx: ExpressionContext): AttributeValue | undefined {
  if (item === undefined) return undefined;
  const steps = path.steps;
  const first = steps[0];
  if (first.kind !== "name") return undefined;
  const top = first.placeholder ? ctx.names[first.name] : first.name;
  let current: AttributeValue | undefined = Object.hasOwn(item, top) ? item[top] : undefined;
  for (let i = 1; i < steps.length && current !== undefined; i++) {
    const step = steps[i];
    if (step.kind === "index") {
      current = "L" in current ? current.L[step.index] : undefined;
    } else {
      const name = step.placeholder ? ctx.names[step.name] : step.name;
      current = "M" in current && Object.hasOwn(current.M, name) ? current.M[name] : undefined;
    }
  }
  return current;
}

/** The value at a resolved path, or undefined. */
export function valueAtPath(item: Item | undefined, path: DocumentPath): AttributeValue | undefined {
  if (item === undefined || typeof path[0] !== "string") return undefined;
  let current: AttributeValue | undefined = Object.hasOwn(item, path[0]) ? item[path[0]] : undefined;
  for (let i = 1; i < path.length && current !== undefined; i++) {
    const step = path[i];
    if (typeof step === "number") current = "L" in current ? current.L[step] : undefined;
    else current = "M" in current && Object.hasOwn(current.M, step) ? current.M[step] : undefined;
  }
  return current;
}

/** "[a, b, [1]]" — DynamoDB's rendering of a path in messages. */
export function formatPath(path: DocumentPath): string {
  return `[${path.map((step) => (typeof step === "number" ? `[${step}]` : step)).join(", ")}]`;
}

/**
 * DynamoDB refuses two paths where one is a prefix of the other ("overlap") or where they
 * agree up to a step that is a name in one and an index in the other ("conflict").
 * Returns the message for the first overlap, else the first conflict.
 */
export function pathOverlapError(paths: DocumentPath[]): string | undefined {
  let conflict: string | undefined;
  for (let i = 1; i < paths.length; i++) {
    for (let j = 0; j < i; j++) {
      const one = paths[j];
      const two = paths[i];
      const shared = Math.min(one.length, two.length);
      let k = 0;
      for (; k < shared; k++) {
        if (typeof one[k] !== typeof two[k]) {
          conflict ??= EXPRESSION_MESSAGES.pathsConflict(formatPath(one), formatPath(two));
          break;
        }
        if (one[k] !== two[k]) break;
      }
      if (k === shared) return EXPRESSION_MESSAGES.pathsOverlap(formatPath(one), formatPath(two));
    }
  }
  return conflict;
}
