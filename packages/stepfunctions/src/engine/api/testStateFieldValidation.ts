/**
 * TestState's mock.fieldValidationMode: a mocked result of an AWS SDK or optimized integration
 * is checked against the API's output shape (AWS's Smithy models, generated/outputShapes.ts).
 * STRICT (the default) also requires the required members; PRESENT checks only the members
 * given; NONE checks nothing. Members the API does not have are let through. AWS's texts are
 * LocalStack's AWS-recorded test_field_validation_mode / _present / _none (2025-11).
 */
import type { Json } from "../asl/json.js";
import { isObject } from "../asl/json.js";
import { parseResource } from "../asl/ports.js";
import type { StateDefinition } from "../asl/types.js";
import { SfnValidationException } from "../../errors.js";
import type { OutputShape } from "../../generated/outputShapes.js";

export type FieldValidationMode = "STRICT" | "PRESENT" | "NONE";

type Shapes = Readonly<Record<string, OutputShape>>;

/** Optimized integrations' service names → the aws-sdk service name of their API. */
const OPTIMIZED_SERVICES: Readonly<Record<string, string>> = { lambda: "lambda", dynamodb: "dynamodb", states: "sfn", events: "eventbridge", sns: "sns", sqs: "sqs" };

function failure(text: string): SfnValidationException {
  return new SfnValidationException(`Mock result schema validation error: ${text}`);
}

/** Throws AWS's ValidationException when a mocked Task result does not fit its API's output. */
export async function checkMockResult(def: StateDefinition, result: Json, mode: FieldValidationMode): Promise<void> {
  if (mode === "NONE" || def.Type !== "Task" || typeof def.Resource !== "string") return;
  const resource = parseResource(def.Resource);
  // Only a request-response call answers the API's own output (.sync and callbacks answer others).
  if (resource?.kind !== "service" || resource.pattern !== "request-response") return;
  const service = resource.sdk ? resource.service : OPTIMIZED_SERVICES[resource.service];
  if (service === undefined) return;
  const { OUTPUT_SHAPES } = await import("../../generated/outputShapes.js");
  const api = OUTPUT_SHAPES[service];
  const name = api?.ops[resource.action.charAt(0).toUpperCase() + resource.action.slice(1)];
  if (api === undefined || name === undefined || !isObject(result)) return;
  // The Lambda integration answers the function's Payload as JSON, not as the API's blob.
  const skip = !resource.sdk && service === "lambda" ? "Payload" : undefined;
  checkStructure(api.shapes, api.shapes[name], result, mode, skip);
}

function checkStructure(shapes: Shapes, shape: OutputShape, value: Record<string, Json>, mode: FieldValidationMode, skip?: string): void {
  const members = (shape[1] ?? []) as readonly (readonly [string, string, number?])[];
  // The required members first, then the given fields in their order.
  if (mode === "STRICT") {
    for (const [member, , required] of members) {
      if (required === 1 && member !== skip && !(member in value)) throw failure(`Required field '${member}' is missing`);
    }
  }
  for (const [field, item] of Object.entries(value)) {
    const member = field === skip ? undefined : members.find(([name]) => name === field);
    if (member !== undefined) checkValue(shapes, field, shapes[member[1]], item, mode);
  }
}

function checkValue(shapes: Shapes, field: string, shape: OutputShape | undefined, value: Json, mode: FieldValidationMode): void {
  if (shape === undefined || value === null) return;
  const [kind, a, b] = shape as readonly [string, unknown, unknown];
  switch (kind) {
    case "s":
    case "t":
    case "B":
      if (typeof value !== "string") throw failure(`Field '${field}' must be a string`);
      if (kind !== "t" && typeof a === "number" && value.length < a) throw failure(`Field '${field}' is smaller than the minimum length`);
      return;
    case "e":
      if (typeof value !== "string") throw failure(`Field '${field}' must be a string`);
      if (!(a as readonly string[]).includes(value)) throw failure(`Field '${field}' is not an expected value`);
      return;
    case "n":
      if (typeof value !== "number") throw failure(`Field '${field}' must be a number`);
      if (typeof a === "number" && value < a) throw failure(`Field '${field}' is less than the minimum value`);
      if (typeof b === "number" && value > b) throw failure(`Field '${field}' exceeds the maximum value`);
      return;
    case "b":
      if (typeof value !== "boolean") throw failure(`Field '${field}' must be a boolean`);
      return;
    case "l":
      if (!Array.isArray(value)) throw failure(`Field '${field}' must be an array`);
      for (const item of value) checkValue(shapes, field, shapes[a as string], item, mode);
      return;
    case "m":
      if (!isObject(value)) throw failure(`Field '${field}' must be an object`);
      for (const item of Object.values(value)) checkValue(shapes, field, shapes[a as string], item, mode);
      return;
    case "o":
      if (!isObject(value)) throw failure(`Field '${field}' must be an object`);
      checkStructure(shapes, shape, value, mode);
      return;
    default:
      return;
  }
}
