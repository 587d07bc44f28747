/**
 * A REST API's binaryMediaTypes: SAM's and CloudFormation's `BinaryMediaTypes` write "/" as "~1"
 * ("image~1png", JSON Pointer escaping, which SAM turns into "image/png"); an OpenAPI definition's
 * top-level x-amazon-apigateway-binary-media-types lists them as they are.
 */
import { isRecord } from "../util.js";

/** The media types of all sources, "~1" unescaped, duplicates dropped; undefined when none names any. */
export function binaryMediaTypes(property: unknown, definition: unknown): string[] | undefined {
  const extension = isRecord(definition) ? definition["x-amazon-apigateway-binary-media-types"] : undefined;
  const types = [...strings(property), ...strings(extension)].map(unescape);
  return types.length > 0 ? [...new Set(types)] : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
}

function unescape(type: string): string {
  return type.replace(/~1/g, "/").replace(/~0/g, "~");
}
