/**
 * JSONPath payload templates (Parameters, ResultSelector, ItemSelector, Assign): a key
 * ending in ".$" takes its value from a path ($, $$, $var) or an intrinsic function.
 */
import { isObject, toJsonText, type Json, type JsonObject } from "./json.js";
import { runtimeError } from "./failure.js";
import { evaluatePath, type PathSources } from "./jsonpath.js";
import { evaluateIntrinsic } from "./intrinsics/evaluate.js";
import { isIntrinsic } from "./intrinsics/parser.js";

/** Evaluates a value string of a ".$" field. */
export function evaluateDynamic(field: string, expression: string, sources: PathSources, random: () => number): Json {
  if (isIntrinsic(expression)) return evaluateIntrinsic(expression, sources, random);
  const result = evaluatePath(expression, sources);
  if (!result.found) {
    const target = expression.startsWith("$$") ? sources.context() : sources.input;
    throw runtimeError(`The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${toJsonText(target)}'`);
  }
  return result.value;
}

export function resolvePayload(template: Json, sources: PathSources, random: () => number = Math.random): Json {
  if (Array.isArray(template)) return template.map((item) => resolvePayload(item, sources, random));
  if (!isObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$") && typeof value === "string") {
      out[key.slice(0, -2)] = evaluateDynamic(key, value, sources, random);
    } else {
      out[key] = resolvePayload(value, sources, random);
    }
  }
  return out;
}
