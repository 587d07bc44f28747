/**
 * JSONPath as Step Functions reads it (Jayway JsonPath underneath): a definite path
 * ("$.a.b[0]", "$['a b']") selects one value or fails; an indefinite one ("$.a[*].b",
 * "$..x", "$.a[?(@.n > 1)]", "$.a[0:2]") selects a list, possibly empty.
 */
import { JSONPath } from "jsonpath-plus";
import { isObject, toJsonText, type Json, type JsonObject } from "./json.js";
import { StatesFailure, StatesErrors, runtimeError } from "./failure.js";

export type Segment = { readonly key: string } | { readonly index: number };

interface Parsed {
  /** Undefined for an indefinite path. */
  readonly segments: Segment[] | undefined;
}

/** Parsed paths by root length, then by path text (no key string built per lookup). */
const caches = new Map<number, Map<string, Parsed>>();

/** Segments of a definite path after its root ("$", "$$" or "$name"). */
export function parsePath(path: string, rootLength = 1): Segment[] | undefined {
  let cache = caches.get(rootLength);
  if (cache === undefined) {
    cache = new Map();
    caches.set(rootLength, cache);
  }
  let parsed = cache.get(path);
  if (parsed === undefined) {
    parsed = { segments: parseSegments(path, rootLength) };
    if (cache.size > 10_000) cache.clear();
    cache.set(path, parsed);
  }
  return parsed.segments;
}

function parseSegments(path: string, start: number): Segment[] | undefined {
  const out: Segment[] = [];
  let i = start;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      if (path[i + 1] === ".") return undefined;
      let j = i + 1;
      while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
      const name = path.slice(i + 1, j);
      if (name === "" || name === "*" || name.endsWith("()")) return undefined;
      out.push({ key: name });
      i = j;
    } else if (c === "[") {
      const q = path[i + 1];
      if (q === "'" || q === '"') {
        let j = i + 2;
        let name = "";
        while (j < path.length && path[j] !== q) {
          if (path[j] === "\\" && j + 1 < path.length) j++;
          name += path[j];
          j++;
        }
        if (path[j + 1] !== "]") return undefined;
        out.push({ key: name });
        i = j + 2;
      } else {
        const close = path.indexOf("]", i);
        if (close < 0) return undefined;
        const body = path.slice(i + 1, close).trim();
        if (!/^-?\d+$/.test(body)) return undefined;
        out.push({ index: Number(body) });
        i = close + 1;
      }
    } else {
      return undefined;
    }
  }
  return out;
}

/** Jayway's rendering of a path in messages: $['a']['b'][0]. */
export function jaywayPath(segments: readonly Segment[]): string {
  return `$${segments.map((s) => ("key" in s ? `['${s.key}']` : `[${s.index}]`)).join("")}`;
}

export interface PathResult {
  readonly found: boolean;
  readonly value: Json;
}

const NOT_FOUND: PathResult = { found: false, value: null };

/** Selects from `root` with a path whose root marker is `rootLength` characters long. */
export function selectPath(path: string, root: Json, rootLength = 1): PathResult {
  const segments = parsePath(path, rootLength);
  if (segments === undefined) return { found: true, value: selectIndefinite(`$${path.slice(rootLength)}`, root) };
  let current: Json = root;
  for (const segment of segments) {
    if ("key" in segment) {
      if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, segment.key)) return NOT_FOUND;
      current = current[segment.key];
    } else {
      if (!Array.isArray(current)) return NOT_FOUND;
      const index = segment.index < 0 ? current.length + segment.index : segment.index;
      if (index < 0 || index >= current.length) return NOT_FOUND;
      current = current[index];
    }
  }
  return { found: true, value: current };
}

function selectIndefinite(path: string, root: Json): Json {
  try {
    const result: unknown = JSONPath({ path, json: root as JsonObject, wrap: true });
    return Array.isArray(result) ? (result as Json[]) : [];
  } catch (error) {
    throw runtimeError(`Invalid path '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The kind of root a path starts with. */
export type PathRoot = { kind: "input" } | { kind: "context" } | { kind: "variable"; name: string; length: number };

const INPUT_ROOT: PathRoot = { kind: "input" };
const CONTEXT_ROOT: PathRoot = { kind: "context" };

export function pathRoot(path: string): PathRoot | undefined {
  if (!path.startsWith("$")) return undefined;
  if (path.startsWith("$$")) return CONTEXT_ROOT;
  if (path.length === 1 || path[1] === "." || path[1] === "[") return INPUT_ROOT;
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(path);
  if (!m) return undefined;
  return { kind: "variable", name: m[1], length: m[0].length };
}

/** Reads the variables a path can see. */
export interface PathSources {
  readonly input: Json;
  readonly context: () => Json;
  readonly variable: (name: string) => { found: boolean; value: Json };
}

/** Evaluates "$…", "$$…" or "$var…". */
export function evaluatePath(path: string, sources: PathSources): PathResult {
  const root = pathRoot(path);
  if (root === undefined) return NOT_FOUND;
  if (root.kind === "input") return selectPath(path, sources.input, 1);
  if (root.kind === "context") return selectPath(path, sources.context(), 2);
  const variable = sources.variable(root.name);
  if (!variable.found) return NOT_FOUND;
  return selectPath(path, variable.value, root.length);
}

/** InputPath / OutputPath / ItemsPath: a path that must select something. */
export function requirePath(path: string, sources: PathSources): Json {
  const result = evaluatePath(path, sources);
  if (result.found) return result.value;
  const root = pathRoot(path);
  const segments = root === undefined ? undefined : parsePath(path, root.kind === "context" ? 2 : root.kind === "variable" ? root.length : 1);
  throw runtimeError(`Invalid path '${path}' : No results for path: ${segments ? jaywayPath(segments) : path}`);
}

/**
 * ResultPath: puts `value` into (a copy of) `input` at a reference path, creating the
 * objects on the way, as Step Functions does.
 */
export function applyResultPath(input: Json, path: string, value: Json): Json {
  if (path === "$") return value;
  const segments = parsePath(path, 1);
  if (segments === undefined || segments.length === 0) throw runtimeError(`Invalid path '${path}'`);
  // Cause text not verified against AWS.
  const fail = () =>
    new StatesFailure(StatesErrors.ResultPathMatchFailure, `Unable to apply ReferencePath ${path} to input ${toJsonText(input)}`, "task", { located: false });
  if (!isObject(input) && !Array.isArray(input)) throw fail();
  const root: Json = Array.isArray(input) ? [...input] : { ...input };
  let current: Json = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if ("key" in segment) {
      if (!isObject(current)) throw fail();
      if (last) {
        current[segment.key] = value;
      } else {
        const next: Json | undefined = current[segment.key];
        const copy: Json = isObject(next) ? { ...next } : Array.isArray(next) ? [...next] : next === undefined || next === null ? {} : next;
        current[segment.key] = copy;
        current = copy;
      }
    } else {
      if (!Array.isArray(current)) throw fail();
      const index: number = segment.index < 0 ? current.length + segment.index : segment.index;
      if (index < 0 || index >= current.length) throw fail();
      if (last) {
        current[index] = value;
      } else {
        const next: Json = current[index];
        const copy: Json = isObject(next) ? { ...next } : Array.isArray(next) ? [...next] : next;
        current[index] = copy;
        current = copy;
      }
    }
  }
  return root;
}
