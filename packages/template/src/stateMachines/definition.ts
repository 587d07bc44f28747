/**
 * A state machine's Amazon States Language definition, from wherever the template keeps it —
 * SAM Definition (inline) or DefinitionUri (a local JSON/YAML file), CloudFormation
 * DefinitionString (what CDK writes, usually an Fn::Join) or Definition — with
 * DefinitionSubstitutions applied to the text as CloudFormation applies them: every
 * "${Name}" whose Name is a substitution key is replaced, anything else is left alone.
 */
import { readFileSync } from "node:fs";
import { SandboxError } from "@sam-sandbox/core";
import { resolve as resolvePath } from "node:path";
import { messages, templateError } from "../errors.js";
import type { Where } from "../errors.js";
import type { ResolvedResource } from "../model.js";
import { parseTemplateText } from "../parse/index.js";
import { keyLineOf } from "../parse/located.js";
import type { Stack } from "../stack.js";
import { intrinsicName, isRecord } from "../util.js";

export interface LoadedDefinition {
  definition: Record<string, unknown>;
  definitionString: string;
  substitutions: Record<string, string>;
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** "${Key}" → value for every key of `substitutions`; other placeholders stay as written. */
export function applySubstitutions(text: string, substitutions: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (Object.prototype.hasOwnProperty.call(substitutions, key) ? substitutions[key] : whole));
}

/** DefinitionSubstitutions resolved: each value a string (CloudFormation takes strings, numbers and booleans). */
export function substitutionsOf(stack: Stack, resource: ResolvedResource): Record<string, string> {
  const value = resource.properties.DefinitionSubstitutions;
  if (value === undefined) return {};
  const where = { file: stack.info.file, line: keyLineOf(resource.properties, "DefinitionSubstitutions") ?? resource.line };
  if (!isRecord(value)) throw templateError(`DefinitionSubstitutions of ${resource.logicalId} must be a map of names to values`, where);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") out[key] = String(item);
    else {
      throw templateError(`DefinitionSubstitutions ${key} of ${resource.logicalId} must resolve to a string, a number or a boolean`, where,
        "Build a string with Fn::Sub or Fn::Join; lists and objects cannot be substituted into a definition.");
    }
  }
  return out;
}

/** AWS::Serverless::StateMachine: Definition (inline) or DefinitionUri (a local file), exactly one. */
export function samDefinition(stack: Stack, resource: ResolvedResource, substitutions: Record<string, string>): LoadedDefinition {
  const props = resource.properties;
  const where = (key?: string): Where => ({ file: stack.info.file, line: (key ? keyLineOf(props, key) : undefined) ?? resource.line });
  if (props.Definition !== undefined && props.DefinitionUri !== undefined) {
    throw templateError(messages.samResource(resource.logicalId, "Specify either 'Definition' or 'DefinitionUri' property and not both."), where("DefinitionUri"));
  }
  if (props.Definition !== undefined) {
    if (!isRecord(props.Definition)) throw templateError(`Definition of ${resource.logicalId} must be a map (the state machine's States Language definition)`, where("Definition"));
    const raw = stack.resources.get(resource.logicalId)?.properties.Definition;
    // SAM turns each intrinsic inside Definition into a "${definition_substitution_N}" string placeholder.
    const definition = stringifyIntrinsicResults(raw, props.Definition);
    return fromText(samJson(definition), substitutions, "Definition", resource, where("Definition"));
  }
  if (props.DefinitionUri !== undefined) return fromUri(stack, resource, substitutions, where("DefinitionUri"));
  throw templateError(messages.samResource(resource.logicalId, "Either 'Definition' or 'DefinitionUri' property must be specified."), where());
}

/** AWS::StepFunctions::StateMachine: DefinitionString (what CDK writes) or Definition; an S3 location cannot be read. */
export function cfnDefinition(stack: Stack, resource: ResolvedResource, substitutions: Record<string, string>): LoadedDefinition {
  const props = resource.properties;
  const where = (key?: string): Where => ({ file: stack.info.file, line: (key ? keyLineOf(props, key) : undefined) ?? resource.line });
  if (props.DefinitionS3Location !== undefined) {
    throw templateError(`DefinitionS3Location of ${resource.logicalId} is in S3; the sandbox reads state machine definitions from the template`, where("DefinitionS3Location"),
      "Put the definition in DefinitionString or Definition, or use AWS::Serverless::StateMachine with DefinitionUri naming a local file.");
  }
  if (typeof props.DefinitionString === "string") return fromText(props.DefinitionString, substitutions, "DefinitionString", resource, where("DefinitionString"));
  if (props.DefinitionString !== undefined) throw templateError(`DefinitionString of ${resource.logicalId} must resolve to a string`, where("DefinitionString"));
  // CloudFormation hands Step Functions a Definition map with its keys sorted, at every depth: DescribeStateMachine
  // showed {"End":true,"Result":…,"Type":"Pass"} for a template's {Type, Result, End} (LocalStack's AWS-recorded
  // test_sfn_api test_cloudformation_definition_create_describe[dumps, dump]; DefinitionString kept its order).
  if (isRecord(props.Definition)) return fromText(JSON.stringify(sortedKeys(props.Definition)), substitutions, "Definition", resource, where("Definition"));
  if (props.Definition !== undefined) throw templateError(`Definition of ${resource.logicalId} must be a map (the state machine's States Language definition)`, where("Definition"));
  throw templateError(`${resource.type} ${resource.logicalId} has no definition`, where(), "Add DefinitionString (JSON text) or Definition (a map).");
}

function fromUri(stack: Stack, resource: ResolvedResource, substitutions: Record<string, string>, where: Where): LoadedDefinition {
  const uri = resource.properties.DefinitionUri;
  if (isRecord(uri) || (typeof uri === "string" && /^s3:\/\//i.test(uri))) {
    throw templateError(`DefinitionUri of ${resource.logicalId} points to S3; the sandbox reads state machine definitions from local files`, where,
      "Set DefinitionUri to the definition file's path, relative to the template (sam deploy uploads it for you).");
  }
  if (typeof uri !== "string") throw templateError(`DefinitionUri of ${resource.logicalId} must be a path`, where);
  const file = resolvePath(stack.info.dir, uri);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw templateError(`DefinitionUri ${uri} of ${resource.logicalId} cannot be read (${file})`, where,
      "Point DefinitionUri at the state machine's definition file (JSON or YAML), relative to the template.");
  }
  const substituted = applySubstitutions(text, substitutions);
  let parsed: unknown;
  try {
    parsed = parseTemplateText(substituted, file);
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    const applied = Object.keys(substitutions).length > 0 ? " once DefinitionSubstitutions are applied" : "";
    throw templateError(`DefinitionUri ${uri} of ${resource.logicalId} is not valid${applied}: ${error.message}`, { file, line: error.line },
      "A substituted value lands in the definition text as it is: keep placeholders inside strings (\"${Name}\") unless the value is a number or a boolean.");
  }
  if (!isRecord(parsed)) throw templateError(`${uri} (DefinitionUri of ${resource.logicalId}) must hold a States Language definition (a map with StartAt and States)`, where);
  const isJson = /\.json$/i.test(file);
  return { definition: parsed, definitionString: isJson ? substituted : JSON.stringify(parsed), substitutions };
}

function fromText(text: string, substitutions: Record<string, string>, property: string, resource: ResolvedResource, where: Where): LoadedDefinition {
  const definitionString = applySubstitutions(text, substitutions);
  let parsed: unknown;
  try {
    parsed = JSON.parse(definitionString);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw templateError(`${property} of ${resource.logicalId} is not valid JSON${Object.keys(substitutions).length > 0 ? " once DefinitionSubstitutions are applied" : ""}: ${detail}`, where,
      "A substituted value lands in the definition text as it is: keep placeholders inside JSON strings (\"${Name}\") unless the value is a number or a boolean.");
  }
  if (!isRecord(parsed)) throw templateError(`${property} of ${resource.logicalId} must be a States Language definition (a JSON object with StartAt and States)`, where);
  return { definition: parsed, definitionString, substitutions };
}

/**
 * SAM writes an intrinsic inside Definition as the string "${definition_substitution_N}", so
 * what it resolves to reaches the definition as a string, even a number.
 */
function stringifyIntrinsicResults(raw: unknown, resolved: unknown): unknown {
  if (intrinsicName(raw) && (typeof resolved === "number" || typeof resolved === "boolean")) return String(resolved);
  if (Array.isArray(raw) && Array.isArray(resolved)) {
    return raw.length === resolved.length ? resolved.map((item, i) => stringifyIntrinsicResults(raw[i], item)) : resolved;
  }
  if (isRecord(raw) && isRecord(resolved) && !intrinsicName(raw)) {
    return Object.fromEntries(Object.entries(resolved).map(([key, item]) => [key, stringifyIntrinsicResults(raw[key], item)]));
  }
  return resolved;
}

/** The definition text SAM writes for an inline Definition: Python's json.dumps(sort_keys=True, indent=4), ASCII only. */
export function samJson(value: unknown, depth = 0): string {
  const pad = "    ".repeat(depth + 1);
  const end = "    ".repeat(depth);
  if (Array.isArray(value)) {
    return value.length === 0 ? "[]" : `[\n${value.map((item) => pad + samJson(item, depth + 1)).join(",\n")}\n${end}]`;
  }
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return keys.length === 0 ? "{}" : `{\n${keys.map((key) => `${pad}${asciiJson(key)}: ${samJson(value[key], depth + 1)}`).join(",\n")}\n${end}}`;
  }
  if (typeof value === "string") return asciiJson(value);
  return JSON.stringify(value ?? null);
}

/** A JSON string with every character outside printable ASCII escaped as \uXXXX (Python's ensure_ascii). */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A copy of a JSON value whose maps list their keys in code unit order, at every depth. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys(value[key]);
  return out;
}
