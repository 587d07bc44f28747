/**
 * An awsQuery form carries every value as text; core's reader converts the numbers and booleans
 * it can and leaves the rest as text. A member that is still text where the model wants a
 * number or a boolean ("DurationSeconds=abc"), or a fraction where it wants an integer
 * ("DelaySeconds=1.5"), reached the engine, which answered an "Invalid Date" expiration or a
 * NaN delay. AWS's text for such a value was not found; this answers the Query APIs' common
 * error for it (AWS API reference, "Common Errors": InvalidParameterValue, 400).
 *
 * The reader also leaves a null for an entry the form names without its value
 * ("MessageAttribute.1.Name=a" alone, "Attributes.entry.1.key=k" alone, "Keys.member.1.x=…"),
 * which crashed the engines (HTTP 500). Such entries are read as the JSON form's nulls are: a
 * structure in a map is empty (Coral's reading, whose own checks then answer), a scalar map
 * value or list element is dropped; a null structure in a list is left for the model's
 * "Member must not be null".
 */
import { AwsError } from "../errors.js";
import { compact } from "../jsonNulls.js";
import type { ServiceModel } from "../model.js";

const INTEGRAL = new Set(["byte", "short", "integer", "intEnum", "long", "bigInteger"]);
const NUMERIC = new Set([...INTEGRAL, "float", "double", "bigDecimal"]);

export function checkQueryScalars(model: ServiceModel, inputShape: string, input: Record<string, unknown>): void {
  const pending: Array<[unknown, string]> = [[input, inputShape]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, shapeName] = next;
    const shape = model.shapes[shapeName];
    if (shape === undefined || value === null || value === undefined) continue;
    if (NUMERIC.has(shape.type) || shape.type === "boolean") {
      if (!fits(shape.type, value)) throw invalidValue();
    } else if (shape.type === "list" && Array.isArray(value) && shape.member !== undefined) {
      if (!isStructure(model, shape.member)) compact(value);
      for (const item of value) pending.push([item, shape.member]);
    } else if (shape.type === "map" && typeof value === "object" && shape.value !== undefined) {
      const entries = value as Record<string, unknown>;
      const structures = isStructure(model, shape.value);
      for (const [key, item] of Object.entries(entries)) {
        if (item === null && structures) entries[key] = {};
        else if (item === null) delete entries[key];
        else pending.push([item, shape.value]);
      }
    } else if ((shape.type === "structure" || shape.type === "union") && typeof value === "object") {
      const record = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (Object.hasOwn(record, name)) pending.push([record[name], member.target]);
      }
    }
  }
}

function fits(type: string, value: unknown): boolean {
  if (type === "boolean") return typeof value === "boolean";
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  return !INTEGRAL.has(type) || Number.isInteger(value);
}

function invalidValue(): AwsError {
  return new AwsError("InvalidParameterValue", "An invalid or out-of-range value was supplied for the input parameter.", 400);
}

function isStructure(model: ServiceModel, shapeName: string): boolean {
  const type = model.shapes[shapeName]?.type;
  return type === "structure" || type === "union";
}
