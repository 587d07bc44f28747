/**
 * asl-validator's JSON schema check, compiled once. asl-validator builds a new Ajv instance and
 * compiles its fifteen schemas on every call: ~0.5 s of CPU for each definition a sandbox had not
 * seen (CreateStateMachine, UpdateStateMachine, ValidateStateMachineDefinition, TestState), 1.4 s
 * for the first. This keeps its schemas, its formats (paths and ARNs unchecked, as the sandbox
 * called it) and its choice of errors, and compiles them on first use. Only this check reports
 * SCHEMA_VALIDATION_FAILED in asl-validator, the one code the sandbox reads from it.
 */
import { createRequire } from "node:module";
import type { JsonObject } from "../asl/json.js";

export interface SchemaError {
  "Error code": "SCHEMA_VALIDATION_FAILED";
  Message: string;
  schemaError: { instancePath: string; schemaPath: string };
}

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string;
}

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

interface Ajv {
  addFormat(name: string, format: (value: string) => boolean): void;
  getSchema(id: string): ValidateFunction | undefined;
}

type AjvConstructor = new (options: { schemas: unknown[]; allowUnionTypes: boolean }) => Ajv;

const SCHEMAS = ["common", "paths", "jsonata", "choice", "fail", "parallel", "pass", "base-state-machine", "state-machine", "state", "succeed", "task", "wait", "map", "errors"];
const STATE_MACHINE_SCHEMA = "http://asl-validator.cloud/state-machine.json#";

let compiled: ValidateFunction | undefined;

/** Ajv, ajv-formats, jsonata and the schemas as asl-validator itself loads them. */
function compile(): ValidateFunction {
  const fromValidator = createRequire(createRequire(import.meta.url).resolve("asl-validator"));
  const ajvModule = fromValidator("ajv") as { default: AjvConstructor };
  const addFormats = (fromValidator("ajv-formats") as { default: (ajv: Ajv) => void }).default;
  const jsonata = fromValidator("jsonata") as (expression: string) => unknown;
  const ajv = new ajvModule.default({ schemas: SCHEMAS.map((name) => fromValidator(`./schemas/${name}.json`)), allowUnionTypes: true });
  addFormats(ajv);
  const jsonataString = (value: string): boolean => {
    const trimmed = value.trim();
    let expression = trimmed.startsWith("{%") ? trimmed.slice(2) : trimmed;
    expression = expression.endsWith("%}") ? expression.slice(0, -2) : expression;
    try {
      jsonata(expression);
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat("jsonata_string", jsonataString);
  ajv.addFormat("maybe_jsonata_string", (value) => {
    const trimmed = value.trim();
    return trimmed.startsWith("{%") || trimmed.endsWith("%}") ? jsonataString(trimmed) : true;
  });
  for (const format of ["asl_path", "asl_ref_path", "asl_payload_template", "asl_result_path", "asl_arn"]) ajv.addFormat(format, () => true);
  const validate = ajv.getSchema(STATE_MACHINE_SCHEMA);
  if (validate === undefined) throw new Error(`asl-validator has no schema ${STATE_MACHINE_SCHEMA}`);
  return validate;
}

/** The schema errors asl-validator reports for a definition; it may change the definition given (a copy). */
export function aslSchemaErrors(definition: JsonObject): SchemaError[] {
  // As asl-validator: every state without a QueryLanguage gets the machine's, JSONPath by default.
  const language = definition.QueryLanguage ?? "JSONPath";
  for (const states of statesObjects(definition)) {
    for (const state of Object.values(states)) {
      if (isRecord(state) && !state.QueryLanguage) state.QueryLanguage = language;
    }
  }
  compiled ??= compile();
  if (compiled(definition)) return [];
  const reported: SchemaError[] = [];
  for (const error of selectErrors(compiled.errors ?? [])) {
    const schemaError = { instancePath: error.instancePath, schemaPath: decodeURIComponent(error.schemaPath) };
    // Each instance path and schema path once.
    if (reported.some((r) => r.schemaError.instancePath === schemaError.instancePath && r.schemaError.schemaPath === schemaError.schemaPath)) continue;
    reported.push({ "Error code": "SCHEMA_VALIDATION_FAILED", Message: `${error.instancePath} is invalid. ${error.message ?? ""}`, schemaError });
  }
  return reported;
}

/** asl-validator's choice: the deepest errors, and only the oneOf one where a oneOf failed there. */
function selectErrors(errors: AjvError[]): AjvError[] {
  let selected: AjvError[] = [];
  let deepest = 0;
  for (const error of errors) {
    const depth = error.instancePath.split("/").length;
    if (depth === deepest) selected.push(error);
    else if (depth > deepest) selected = [error];
    deepest = Math.max(deepest, depth);
  }
  const oneOf = new Set(selected.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  return selected.filter((e) => e.keyword === "oneOf" || !oneOf.has(e.instancePath));
}

/** Every object named States, at any depth ($..States). */
function statesObjects(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const item of value) statesObjects(item, found);
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === "States" && isRecord(child)) found.push(child);
      statesObjects(child, found);
    }
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
