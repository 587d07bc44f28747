/**
 * Output values as Step Functions' aws-sdk integrations report them: members in PascalCase
 * (whatever the API's casing), timestamps as ISO-8601 text, numbers and booleans typed.
 */
import type { MemberModel, ServiceModel } from "@sam-sandbox/core";

type Input = Record<string, unknown>;

/** The member a parameter names: exact, else case-insensitive (PascalCase → camelCase APIs). */
export function memberFor(members: Readonly<Record<string, MemberModel>>, key: string): [string, MemberModel] | undefined {
  const exact = members[key];
  if (exact) return [key, exact];
  const lower = key.toLowerCase();
  for (const [name, member] of Object.entries(members)) if (name.toLowerCase() === lower) return [name, member];
  return undefined;
}

export function outputName(member: string): string {
  return member.charAt(0).toUpperCase() + member.slice(1);
}

/** An Instant as Java prints it: ISO-8601, milliseconds only when there are some. */
export function instantText(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function parseTimestamp(text: string): number {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  return new Date(text).getTime();
}

/** A scalar read from a header or an XML element. */
export function scalarValue(model: ServiceModel, target: string, text: string): unknown {
  const type = model.shapes[target]?.type ?? "string";
  switch (type) {
    case "boolean":
      return text === "true";
    case "byte":
    case "short":
    case "integer":
    case "intEnum":
    case "long":
    case "float":
    case "double":
    case "bigInteger":
    case "bigDecimal":
      return Number(text);
    case "timestamp": {
      const ms = parseTimestamp(text);
      return Number.isNaN(ms) ? text : instantText(ms);
    }
    default:
      return text;
  }
}

/** A restJson1 body value (JSON names) as the shape `target`, members in PascalCase. */
export function fromJson(model: ServiceModel, target: string, value: unknown): unknown {
  const shape = model.shapes[target];
  if (!shape || value === null || value === undefined) return value;
  if (shape.type === "structure" || shape.type === "union") {
    if (typeof value !== "object" || Array.isArray(value)) return value;
    const body = value as Input;
    const out: Input = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const v = body[member.jsonName ?? name];
      if (v !== undefined) out[outputName(name)] = fromJson(model, member.target, v);
    }
    return out;
  }
  if (shape.type === "list" && Array.isArray(value)) return value.map((v) => fromJson(model, shape.member ?? "", v));
  if (shape.type === "map" && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Input).map(([k, v]) => [k, fromJson(model, shape.value ?? "", v)]));
  }
  if (shape.type === "timestamp") return typeof value === "number" ? instantText(value * 1000) : scalarValue(model, target, String(value));
  return value;
}
