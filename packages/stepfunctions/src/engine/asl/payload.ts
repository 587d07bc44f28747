/**
 * JSONPath payload templates (Parameters, ResultSelector, ItemSelector, Assign): a key
 * ending in ".$" takes its value from a path ($, $$, $var) or an intrinsic function.
 */
import { isObject, toJsonText, type Json, type JsonObject } from "./json.js";
import { runtimeError } from "./failure.js";
import { evaluatePath, type PathSources } from "./jsonpath.js";
import { evaluateIntrinsic } from "./intrinsics/evaluate.js";
import { isIntrinsic } from "./intrinsics/parser.js";
import { javaHashMapOrder } from "./javaHashOrder.js";

/** Evaluates a value string of a ".$" field. */
export function evaluateDynamic(field: string, expression: string, sources: PathSources, random: () => number): Json {
  return evaluateExpression(field, expression, isIntrinsic(expression), sources, random);
}

function evaluateExpression(field: string, expression: string, intrinsic: boolean, sources: PathSources, random: () => number): Json {
  if (intrinsic) return evaluateIntrinsic(expression, sources, random);
  const result = evaluatePath(expression, sources);
  if (!result.found) {
    const target = expression.startsWith("$$") ? sources.context() : sources.input;
    throw runtimeError(`The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${toJsonText(target)}'`);
  }
  return result.value;
}

/**
 * A template read once: its ".$" fields with their expressions, and the parts without any,
 * which every result shares as they are (values are never changed in place).
 */
type Compiled =
  | { readonly kind: "static"; readonly value: Json }
  | { readonly kind: "array"; readonly items: readonly Compiled[] }
  | { readonly kind: "object"; readonly fields: readonly CompiledField[] };

type CompiledField =
  | { readonly key: string; readonly dynamic: true; readonly field: string; readonly expression: string; readonly intrinsic: boolean }
  | { readonly key: string; readonly dynamic: false; readonly value: Compiled };

/** Templates come from definitions, which executions share (launch.ts): compiled once each. */
const compiledTemplates = new WeakMap<object, Compiled>();

function compile(template: Json): Compiled {
  if (Array.isArray(template)) {
    const items = template.map(compile);
    return items.every((item) => item.kind === "static") ? { kind: "static", value: template } : { kind: "array", items };
  }
  if (!isObject(template)) return { kind: "static", value: template };
  const fields: CompiledField[] = [];
  // An own "__proto__" key does not survive the copy (out["__proto__"] = … sets the prototype).
  let shared = !Object.prototype.hasOwnProperty.call(template, "__proto__");
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$") && typeof value === "string") {
      fields.push({ key: key.slice(0, -2), dynamic: true, field: key, expression: value, intrinsic: isIntrinsic(value) });
      shared = false;
    } else {
      const compiled = compile(value);
      if (compiled.kind !== "static") shared = false;
      fields.push({ key, dynamic: false, value: compiled });
    }
  }
  if (shared) return { kind: "static", value: template };
  const plain = fields.filter((f) => !f.dynamic);
  const dynamic = fields.filter((f) => f.dynamic);
  return { kind: "object", fields: dynamic.length === 0 ? fields : [...plain, ...javaHashMapOrder(dynamic, (f) => f.key)] };
}

function evaluate(node: Compiled, sources: PathSources, random: () => number): Json {
  if (node.kind === "static") return node.value;
  if (node.kind === "array") return node.items.map((item) => evaluate(item, sources, random));
  const out: JsonObject = {};
  for (const f of node.fields) {
    out[f.key] = f.dynamic ? evaluateExpression(f.field, f.expression, f.intrinsic, sources, random) : evaluate(f.value, sources, random);
  }
  return out;
}

export function resolvePayload(template: Json, sources: PathSources, random: () => number = Math.random): Json {
  if (template === null || typeof template !== "object") return template;
  let compiled = compiledTemplates.get(template);
  if (compiled === undefined) {
    compiled = compile(template);
    compiledTemplates.set(template, compiled);
  }
  return evaluate(compiled, sources, random);
}
