/**
 * JSONata states ("Transforming data with JSONata in Step Functions"): "{% expr %}"
 * strings anywhere in Arguments, Output, Assign, Items, ItemSelector, Condition, …, with
 * the reserved $states variable, workflow variables, and the six functions Step Functions
 * adds ($partition, $range, $hash, $random, $uuid, $parse). Failures are
 * States.QueryEvaluationError with AWS's texts.
 */
import { createHash, randomUUID } from "node:crypto";
import jsonata from "jsonata";
import { isObject, type Json } from "./json.js";
import { queryError, type StatesFailure } from "./failure.js";
import { jacksonNestingError } from "../jackson.js";
import { GuardedRegExp } from "./guardedRegex.js";
import { JSONATA_EVALUATION_TIMEOUT_MS, JSONATA_MAX_EVALUATION_DEPTH, JSONATA_MAX_RANGE_ITEMS } from "../../limits.js";

export function isJsonataTemplate(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("{%") && value.endsWith("%}");
}

export function jsonataBody(template: string): string {
  return template.slice(2, -2).trim();
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

function toward0(n: number): number {
  return Math.trunc(n);
}

function registerStepFunctionsFunctions(expr: jsonata.Expression): void {
  expr.registerFunction(
    "partition",
    (array: unknown[], size: number) => {
      const chunk = toward0(size);
      if (!Array.isArray(array) || array.length === 0 || chunk <= 0) return undefined;
      const out: unknown[][] = [];
      for (let i = 0; i < array.length; i += chunk) out.push(array.slice(i, i + chunk));
      return out;
    },
    "<an:a>",
  );
  expr.registerFunction(
    "range",
    (start: number, end: number, step?: number) => {
      if (step === undefined) return undefined;
      const s = toward0(start);
      const e = toward0(end);
      const st = toward0(step);
      if (st === 0 || (e > s && st < 0) || (e < s && st > 0)) return undefined;
      // Counted before allocating: $range(0, 1e9, 1) built a billion-item array and froze the sandbox.
      const count = Math.floor((e - s) / st) + 1;
      if (count > JSONATA_MAX_RANGE_ITEMS) {
        // jsonata writes its D2014 text from the value ("… must not exceed 1e7.  Attempted to allocate <n>.").
        throw { code: "D2014", value: count };
      }
      const out: number[] = [];
      for (let v = s; st > 0 ? v <= e : v >= e; v += st) out.push(v);
      return out.length === 1 ? out[0] : out;
    },
    "<nnn?:a>",
  );
  expr.registerFunction(
    "hash",
    (value: string, algorithm?: string) => {
      if (algorithm === undefined) return undefined;
      const name = HASH_ALGORITHMS[algorithm];
      if (name === undefined) throw { code: "D3137", message: `The hash algorithm '${algorithm}' is not supported` };
      return createHash(name).update(value, "utf8").digest("hex");
    },
    "<ss?:s>",
  );
  expr.registerFunction("random", (seed?: number) => (seed === undefined ? Math.random() : seeded(toward0(seed))), "<n?:n>");
  expr.registerFunction("uuid", () => randomUUID(), "<:s>");
  expr.registerFunction("eval", evalOnce, "<sx?:x>");
  expr.registerFunction(
    "parse",
    (text: string) => {
      // Deeper than Jackson parses is malformed too (and deeper still overflowed every later step).
      if (jacksonNestingError(text) !== undefined) throw { code: "D3140", message: `Malformed JSON: ${text}` };
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw { code: "D3140", message: `Malformed JSON: ${text}` };
      }
    },
    "<s:j>",
  );
}

/** jsonata's own $eval, read once from an expression that names it. */
const builtinEval = jsonata("$eval").evaluate({}) as Promise<{ implementation: (this: unknown, ...args: unknown[]) => Promise<unknown> }>;

interface JsonataError {
  code?: string;
  error?: JsonataError;
}

/**
 * $eval as jsonata runs it, except that an error already wrapped by an inner $eval is not wrapped
 * again: each wrapping JSON-quotes the message before it, so a recursion through $eval built a
 * message of 2^depth characters and froze the sandbox.
 */
async function evalOnce(this: unknown, ...args: unknown[]): Promise<unknown> {
  const original = await builtinEval;
  try {
    return await original.implementation.apply(this, args);
  } catch (error) {
    const e = error as JsonataError;
    if (e?.code === "D3121" && e.error?.code === "D3121") throw e.error;
    throw error;
  }
}

function seeded(seed: number): number {
  let t = (seed + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const compiled = new Map<string, jsonata.Expression>();

/**
 * An expression that throws or returns nothing: when the state has recorded nothing since
 * its Entered event and has no Retry or Catch, AWS chains the EvaluationFailed to the event
 * before that Entered event (LocalStack's AWS-recorded test_undefined_reference).
 */
function evaluationError(cause: string, field: string): StatesFailure {
  return queryError(cause, field, true);
}

function compile(body: string, field: string): jsonata.Expression {
  let expr = compiled.get(body);
  if (expr === undefined) {
    try {
      // Guardrails: infinite recursion ended by D1011, an endless evaluation by D1012 (it froze the sandbox).
      expr = jsonata(body, { stack: JSONATA_MAX_EVALUATION_DEPTH, timeout: JSONATA_EVALUATION_TIMEOUT_MS, RegexEngine: GuardedRegExp as unknown as RegExpConstructor });
    } catch (error) {
      throw evaluationError(describe(body, field, error), field);
    }
    registerStepFunctionsFunctions(expr);
    if (compiled.size > 5_000) compiled.clear();
    compiled.set(body, expr);
  }
  return expr;
}

function describe(body: string, field: string, error: unknown): string {
  const e = error as { code?: string; message?: string };
  const detail = e && typeof e === "object" && e.code ? `${e.code}: ${e.message ?? ""}` : error instanceof Error ? error.message : String(error);
  return `The JSONata expression '${body}' specified for the field '${field}' threw an error during evaluation. ${detail}`;
}

/** A JSONata function value (a lambda or a native function), which has no JSON form. */
function isFunction(value: unknown): boolean {
  if (typeof value === "function") return true;
  return typeof value === "object" && value !== null && "_jsonata_lambda" in value;
}

/** JSONata values to plain JSON (sequences lose their flags, functions disappear). */
function toJson(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as Json);
}

/** Evaluates one "{% %}" string; fails when it returns nothing. */
export async function evaluateJsonata(template: string, bindings: Record<string, unknown>, field: string): Promise<Json> {
  const body = jsonataBody(template);
  const expr = compile(body, field);
  let result: unknown;
  try {
    result = await expr.evaluate(undefined, bindings);
  } catch (error) {
    throw evaluationError(describe(body, field, error), field);
  }
  if (isFunction(result)) throw evaluationError(`The JSONata expression '${body}' specified for the field '${field}' returned an unsupported result type.`, field);
  const json = toJson(result);
  if (json === undefined) throw evaluationError(`The JSONata expression '${body}' specified for the field '${field}' returned nothing (undefined).`, field);
  return json;
}

/** Evaluates every "{% %}" string inside a JSON template (Arguments, Output, Assign, …). */
export async function evaluateTemplate(template: Json, bindings: Record<string, unknown>, field: string): Promise<Json> {
  if (isJsonataTemplate(template)) return evaluateJsonata(template, bindings, field);
  if (Array.isArray(template)) {
    const out: Json[] = [];
    for (let i = 0; i < template.length; i++) out.push(await evaluateTemplate(template[i], bindings, `${field}[${i}]`));
    return out;
  }
  if (isObject(template)) {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(template)) out[key] = await evaluateTemplate(value, bindings, `${field}/${key}`);
    return out;
  }
  return template;
}

/** True when a template holds no "{% %}" at all (it can be used as is). */
export function isStatic(template: Json): boolean {
  if (typeof template === "string") return !isJsonataTemplate(template);
  if (Array.isArray(template)) return template.every(isStatic);
  if (isObject(template)) return Object.values(template).every(isStatic);
  return true;
}
