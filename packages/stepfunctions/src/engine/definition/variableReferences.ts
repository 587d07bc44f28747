/**
 * DescribeStateMachine's variableReferences: for each state (nested ones included) the
 * variables its fields read, sorted; states that read none are left out, and so is the
 * member when no state reads any (LocalStack's AWS-recorded
 * test_sfn_api_variable_references). A JSONPath state reads "$name" in its Path fields,
 * Choice rules and the ".$" entries of its payload templates (intrinsic arguments
 * included); a JSONata state reads "$name" in its {% %} expressions, but not $states nor
 * a function it calls.
 */
import jsonata from "jsonata";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { isIntrinsic, parseIntrinsic, type IntrinsicCall } from "../asl/intrinsics/parser.js";
import { isJsonataTemplate, jsonataBody } from "../asl/jsonata.js";

const PATH_FIELDS = [
  "InputPath",
  "OutputPath",
  "ItemsPath",
  "SecondsPath",
  "TimestampPath",
  "TimeoutSecondsPath",
  "HeartbeatSecondsPath",
  "MaxConcurrencyPath",
  "ToleratedFailureCountPath",
  "ToleratedFailurePercentagePath",
  "ErrorPath",
  "CausePath",
];

const TEMPLATE_FIELDS = ["Parameters", "ResultSelector", "ItemSelector", "Assign", "Credentials"];

/** Fields holding other states: their references belong to those states. */
const NESTED_FIELDS = new Set(["Branches", "ItemProcessor", "Iterator"]);

export function variableReferences(definition: string): Record<string, string[]> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const out: Record<string, string[]> = {};
  collectStates(parsed, parsed.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath", out);
  return Object.keys(out).length > 0 ? out : undefined;
}

type Language = "JSONPath" | "JSONata";

function collectStates(container: JsonObject, language: Language, out: Record<string, string[]>): void {
  if (!isObject(container.States)) return;
  for (const [name, state] of Object.entries(container.States)) {
    if (!isObject(state)) continue;
    const own = state.QueryLanguage === "JSONata" || state.QueryLanguage === "JSONPath" ? state.QueryLanguage : language;
    const names = new Set<string>();
    if (own === "JSONata") jsonataState(state, names);
    else jsonPathState(state, names);
    if (names.size > 0) out[name] = [...names].sort();
    if (Array.isArray(state.Branches)) for (const b of state.Branches) if (isObject(b)) collectStates(b, language, out);
    for (const field of ["ItemProcessor", "Iterator"]) {
      const processor = state[field];
      if (isObject(processor)) collectStates(processor, language, out);
    }
  }
}

function jsonPathState(state: JsonObject, names: Set<string>): void {
  for (const field of PATH_FIELDS) pathVariable(state[field], names);
  for (const field of TEMPLATE_FIELDS) template(state[field], names);
  if (isObject(state.ItemReader)) {
    template(state.ItemReader.Parameters, names);
    if (isObject(state.ItemReader.ReaderConfig)) pathVariable(state.ItemReader.ReaderConfig.MaxItemsPath, names);
  }
  if (isObject(state.ItemBatcher)) {
    pathVariable(state.ItemBatcher.MaxItemsPerBatchPath, names);
    pathVariable(state.ItemBatcher.MaxInputBytesPerBatchPath, names);
    template(state.ItemBatcher.BatchInput, names);
  }
  if (Array.isArray(state.Choices)) for (const rule of state.Choices) choiceRule(rule, names);
  if (Array.isArray(state.Catch)) for (const c of state.Catch) if (isObject(c)) template(c.Assign, names);
}

function choiceRule(rule: Json, names: Set<string>): void {
  if (!isObject(rule)) return;
  for (const [key, value] of Object.entries(rule)) {
    if (key === "Variable" || key.endsWith("Path")) pathVariable(value, names);
    else if (key === "And" || key === "Or") for (const r of Array.isArray(value) ? value : []) choiceRule(r, names);
    else if (key === "Not") choiceRule(value, names);
    else if (key === "Assign") template(value, names);
  }
}

/** A payload template: only the ".$" entries are read as paths or intrinsic calls. */
function template(value: Json | undefined, names: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) template(v, names);
  if (!isObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (!key.endsWith(".$")) template(v, names);
    else if (typeof v === "string" && isIntrinsic(v)) intrinsic(v, names);
    else pathVariable(v, names);
  }
}

function intrinsic(text: string, names: Set<string>): void {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(text);
  } catch {
    return;
  }
  const visit = (c: IntrinsicCall): void => {
    for (const arg of c.args) {
      if (arg.kind === "call") visit(arg.call);
      else if (arg.kind === "path") pathVariable(arg.path, names);
    }
  };
  visit(call);
}

/** "$name", "$name.a", "$name[0]": a variable; "$", "$.a", "$$.a" are not. */
function pathVariable(value: Json | undefined, names: Set<string>): void {
  if (typeof value !== "string") return;
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(value);
  if (m) names.add(m[1]);
}

function jsonataState(state: JsonObject, names: Set<string>): void {
  for (const [key, value] of Object.entries(state)) if (!NESTED_FIELDS.has(key)) jsonataValues(value, names);
}

function jsonataValues(value: Json, names: Set<string>): void {
  if (isJsonataTemplate(value)) jsonataExpression(jsonataBody(value), names);
  else if (Array.isArray(value)) for (const v of value) jsonataValues(v, names);
  else if (isObject(value)) for (const v of Object.values(value)) jsonataValues(v, names);
}

function jsonataExpression(body: string, names: Set<string>): void {
  let ast: unknown;
  try {
    ast = jsonata(body).ast();
  } catch {
    return;
  }
  walkAst(ast, names, new WeakSet());
}

/** Collects variable nodes; a called function's name and a bound name are not references. */
function walkAst(node: unknown, names: Set<string>, seen: WeakSet<object>): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const n of node) walkAst(n, names, seen);
    return;
  }
  const n = node as Record<string, unknown>;
  // "$" is the context, "$$" the root: neither is a variable.
  if (n.type === "variable" && typeof n.value === "string" && !["", "$", "states"].includes(n.value)) names.add(n.value);
  for (const [key, child] of Object.entries(n)) {
    if ((n.type === "function" || n.type === "partial") && key === "procedure") continue;
    if (n.type === "bind" && key === "lhs") continue;
    walkAst(child, names, seen);
  }
}

const cache = new Map<string, Record<string, string[]> | undefined>();

/** Adds variableReferences to a DescribeStateMachine(ForExecution) answer when the definition has any. */
export function withVariableReferences(out: Record<string, unknown>, definition: string): void {
  if (!cache.has(definition)) {
    if (cache.size > 200) cache.clear();
    cache.set(definition, variableReferences(definition));
  }
  const refs = cache.get(definition);
  if (refs !== undefined) out.variableReferences = refs;
}
