/**
 * The texts of AWS's request validation: the summary line, each failure, how a failed
 * value is printed (Java's toString) and how a constraint is described.
 */
import { AwsError, SerializationException, ValidationException } from "./errors.js";
import type { ServiceModel, ShapeModel, ShapeType } from "./model.js";

/** "2 validation errors detected: Value … ; Value …" */
export function validationError(code: string, errors: readonly string[]): AwsError {
  const text = `${errors.length} validation error${errors.length === 1 ? "" : "s"} detected: ${errors.join("; ")}`;
  return code === "ValidationException" ? new ValidationException(text) : new AwsError(code, text, 400);
}

export function typeError(code: string, text: string): AwsError {
  return code === "SerializationException" ? new SerializationException(text) : new AwsError(code, text, 400);
}

/** "Value 'ab' at 'tableName' failed to satisfy constraint: Member must …" */
export function failureText(shown: string, path: readonly (string | number)[], constraint: string): string {
  return `${shown} at '${path.join(".")}' failed to satisfy constraint: ${constraint}`;
}

export interface ConstraintText {
  readonly lengthMax?: number;
  readonly lengthMin?: number;
  readonly pattern?: string;
  readonly values?: readonly (string | number)[];
  readonly rangeMax?: number;
  readonly rangeMin?: number;
  /** A float or double shape: Java prints its bounds as 1.0, not 1. */
  readonly decimal?: boolean;
  readonly notNull?: boolean;
}

/** A collection element's constraints as AWS lists them inside "[…]", in AWS's order. */
export function constraintListing(c: ConstraintText): string {
  const parts: string[] = [];
  if (c.lengthMax !== undefined) parts.push(lengthMaxText(c.lengthMax));
  if (c.lengthMin !== undefined) parts.push(lengthMinText(c.lengthMin));
  if (c.pattern !== undefined) parts.push(patternText(c.pattern));
  if (c.values !== undefined) parts.push(enumText(c.values));
  if (c.rangeMax !== undefined) parts.push(rangeMaxText(c.rangeMax, c.decimal));
  if (c.rangeMin !== undefined) parts.push(rangeMinText(c.rangeMin, c.decimal));
  if (c.notNull) parts.push("Member must not be null");
  return parts.join(", ");
}

export const lengthMaxText = (max: number): string => `Member must have length less than or equal to ${max}`;
export const lengthMinText = (min: number): string => `Member must have length greater than or equal to ${min}`;
export const patternText = (pattern: string): string => `Member must satisfy regular expression pattern: ${pattern}`;
export const enumText = (values: readonly (string | number)[]): string => `Member must satisfy enum value set: [${values.join(", ")}]`;
export const rangeMaxText = (max: number, decimal = false): string => `Member must have value less than or equal to ${javaNumber(max, decimal)}`;
export const rangeMinText = (min: number, decimal = false): string => `Member must have value greater than or equal to ${javaNumber(min, decimal)}`;

/** Java's Double.toString of a whole number keeps one decimal ("1.0"). */
function javaNumber(n: number, decimal: boolean): string {
  return decimal && Number.isInteger(n) ? `${n}.0` : String(n);
}

/** AWS prints its own patterns, which Java matches whole; the Smithy models wrapped most in ^…$. */
export function awsPattern(pattern: string): string {
  return pattern.startsWith("^") && pattern.endsWith("$") && !pattern.endsWith("\\$") ? pattern.slice(1, -1) : pattern;
}

/** Java's Pattern.matches: the whole value must match. */
export function fullMatch(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    // A few models use escapes (\-) that Unicode mode rejects.
    return new RegExp(`^(?:${pattern})$`);
  }
}

/** A value as AWS's Java toString prints it: [a, b], {k=v}, Shape(member=value, …). */
export function renderValue(model: ServiceModel, name: string, value: unknown): string {
  if (value === null || value === undefined) return "null";
  const shape: ShapeModel | undefined = model.shapes[name];
  if (shape === undefined) return typeof value === "object" ? JSON.stringify(value) : String(value);
  if (Array.isArray(value)) {
    const member = shape.member ?? "";
    return `[${value.map((item) => renderValue(model, member, item)).join(", ")}]`;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (shape.type === "map") {
      const valueName = shape.value ?? "";
      return `{${Object.keys(record).map((k) => `${k}=${renderValue(model, valueName, record[k])}`).join(", ")}}`;
    }
    if (shape.members) {
      const parts = Object.entries(shape.members).map(
        ([memberName, m]) => `${lowerFirst(memberName)}=${renderValue(model, m.target, record[m.jsonName ?? memberName])}`,
      );
      return `${name}(${parts.join(", ")})`;
    }
    return JSON.stringify(value);
  }
  if (typeof value === "number" && (shape.type === "double" || shape.type === "float")) return javaDouble(value);
  return String(value);
}

/** Java's Double.toString for the values a validation message shows. */
export function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) {
    const [mantissa, exponent] = n.toExponential().split("e");
    return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** "TableName" → "tableName", "SSESpecification" → "sSESpecification", as AWS names members in paths. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Length as AWS counts it: UTF-16 units of a string, bytes of a blob, entries of a list or map. */
export function sizeOf(type: ShapeType): (value: unknown) => number {
  if (type === "blob") return (v) => (typeof v === "string" ? base64Bytes(v) : 0);
  if (type === "map") return (v) => (typeof v === "object" && v !== null ? countKeys(v) : 0);
  return (v) => (typeof v === "string" || Array.isArray(v) ? v.length : 0);
}

function countKeys(obj: object): number {
  let n = 0;
  for (const _ in obj) n++;
  return n;
}

function base64Bytes(text: string): number {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}
