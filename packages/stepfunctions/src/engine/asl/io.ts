/**
 * Input and output processing ("Processing input and output in Step Functions"):
 * JSONPath's InputPath → Parameters → ResultSelector → ResultPath → OutputPath, and
 * JSONata's Arguments / Output / Assign.
 */
import { isObject, type Json, type JsonObject } from "./json.js";
import { applyResultPath, requirePath } from "./jsonpath.js";
import { resolvePayload } from "./payload.js";
import { evaluateTemplate } from "./jsonata.js";
import { jsonataBindings, pathSources, type StateRun } from "./execution.js";
import { StatesFailure } from "./failure.js";

/** Marks the runtime failures of reading a state's input (they chain before its Entered event). */
export function readingInput<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof StatesFailure && error.kind === "runtime" && !error.beforeEntry) {
      throw new StatesFailure(error.error, error.cause, "runtime", { located: error.located, location: error.location, beforeEntry: true });
    }
    throw error;
  }
}

/** TestState's inspection of this state (only when it is the state under test). */
export function inspect<T extends Json>(run: StateRun, stage: string, value: T): T {
  run.frame.inspector?.record(stage, value);
  return value;
}

export function inputPath(run: StateRun, raw: Json): Json {
  const path = run.def.InputPath;
  if (path === null) return inspect(run, "afterInputPath", {});
  if (path === undefined || path === "$") return inspect(run, "afterInputPath", raw);
  return inspect(run, "afterInputPath", readingInput(() => requirePath(path, pathSources(run, raw))));
}

export function outputPath(run: StateRun, value: Json): Json {
  const path = run.def.OutputPath;
  if (path === null) return {};
  if (path === undefined || path === "$") return value;
  return requirePath(path, pathSources(run, value));
}

export function parameters(run: StateRun, effective: Json): Json {
  const template = run.def.Parameters;
  if (template === undefined) return inspect(run, "afterParameters", effective);
  return inspect(run, "afterParameters", readingInput(() => resolvePayload(template, pathSources(run, effective), run.frame.env.random)));
}

export function resultSelector(run: StateRun, result: Json): Json {
  inspect(run, "result", result);
  if (run.def.ResultSelector === undefined) return inspect(run, "afterResultSelector", result);
  return inspect(run, "afterResultSelector", resolvePayload(run.def.ResultSelector, pathSources(run, result), run.frame.env.random));
}

export function resultPath(run: StateRun, raw: Json, result: Json, path: string | null | undefined = run.def.ResultPath): Json {
  if (path === null) return raw;
  if (path === undefined || path === "$") return result;
  return applyResultPath(raw, path, result);
}

/** JSONPath Assign: a payload template whose "$" is `dollar`. */
export function jsonPathAssign(run: StateRun, assign: JsonObject | undefined, dollar: Json): Record<string, Json> | undefined {
  if (assign === undefined) return undefined;
  const value = resolvePayload(assign, pathSources(run, dollar), run.frame.env.random);
  return isObject(value) ? value : undefined;
}

export async function jsonataAssign(
  run: StateRun,
  assign: JsonObject | undefined,
  extra: { result?: Json; errorOutput?: Json },
  field = "Assign",
): Promise<Record<string, Json> | undefined> {
  if (assign === undefined) return undefined;
  const value = await evaluateTemplate(assign, jsonataBindings(run, extra), field);
  return isObject(value) ? value : undefined;
}

export async function jsonataOutput(
  run: StateRun,
  output: Json | undefined,
  extra: { result?: Json; errorOutput?: Json },
  fallback: Json,
  field = "Output",
): Promise<Json> {
  if (output === undefined) return fallback;
  return evaluateTemplate(output, jsonataBindings(run, extra), field);
}

/** JSONata fields such as Arguments, Items, ItemSelector, Seconds. */
export async function jsonataField(run: StateRun, template: Json, field: string, extra: { result?: Json } = {}): Promise<Json> {
  return evaluateTemplate(template, jsonataBindings(run, extra), field);
}
