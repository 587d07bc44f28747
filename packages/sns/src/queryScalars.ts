/**
 * An awsQuery form carries every value as text; core's reader converts the numbers and booleans
 * it can and leaves the rest as text. A member that is still text where the model wants a
 * number or a boolean ("DurationSeconds=abc"), or a fraction where it wants an integer
 * ("DelaySeconds=1.5"), reached the engine, which answered an "Invalid Date" expiration or a
 * NaN delay. AWS's text for such a value was not found; this answers the Query APIs' common
 * error for it (AWS API reference, "Common Errors": InvalidParameterValue, 400).
 */
import { AwsError, type ServiceModel } from "@sam-sandbox/core";

const INTEGRAL = new Set(["byte", "short", "integer", "intEnum", "long", "bigInteger"]);
const NUMERIC = new Set([...INTEGRAL, "float", "double", "bigDecimal"]);

export function checkQueryScalars(model: ServiceModel, inputShape: string, input: Record<string, unknown>): void {
  const pending: Array<[unknown, string]> = [[input, inputShape]];
  while (pending.length > 0) {
    const [value, shapeName] = pending.pop()!;
    const shape = model.shapes[shapeName];
    if (shape === undefined || value === null || value === undefined) continue;
    if (NUMERIC.has(shape.type) || shape.type === "boolean") {
      if (!fits(shape.type, value)) throw invalidValue();
    } else if (shape.type === "list" && Array.isArray(value) && shape.member !== undefined) {
      for (const item of value) pending.push([item, shape.member]);
    } else if (shape.type === "map" && typeof value === "object" && shape.value !== undefined) {
      for (const item of Object.values(value)) pending.push([item, shape.value]);
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
