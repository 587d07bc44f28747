/** API Gateway v1's PatchOperation lists (Update* actions): paths, their escapes, and AWS's refusals. */
import { badRequest } from "../../errors.js";

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

/** "/requestTemplates/application~1json" → { head: "requestTemplates", key: "application/json" } (JSON Pointer escapes ~1, ~0). */
export function patchPath(path: string | undefined): { head: string; key?: string } {
  if (path === undefined) throw badRequest("Invalid patch path null");
  const [head = "", ...rest] = path.replace(/^\//, "").split("/");
  if (rest.length === 0) return { head: unescape(head) };
  return { head: unescape(head), key: rest.map(unescape).join("/") };
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

// AWS's texts (localstack's test_apigateway_api snapshot, recorded on AWS).
export const invalidPatchPath = (path: string | undefined) => badRequest(`Invalid patch path ${path ?? "null"}`);
export const notOneOf = (op: string, path: string, allowed: string[]) =>
  badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Must be one of: [${allowed.join(", ")}]`);
export const unsupportedOp = (op: string, path: string) => badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`);
export const replaceOnly = () => badRequest("Invalid patch operation specified. Must be one of: [replace]");

/** A map member patched by key: add / replace set it, remove deletes it. */
export function patchMap<T>(map: Record<string, T> | undefined, op: string, key: string, value: T | undefined): Record<string, T> | undefined {
  // Computed members, never assignments: a key "__proto__" is a member like any other.
  let out: Record<string, T>;
  if (op === "remove") {
    const { [key]: _removed, ...rest } = map ?? {};
    out = rest;
  } else {
    out = value === undefined ? { ...map } : { ...map, [key]: value };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** "true" / "false" as API Gateway reads a boolean patch value. */
export function patchBoolean(value: string | undefined): boolean {
  return String(value).toLowerCase() === "true";
}
