/**
 * A log event as a transformer sees it: a JSON object the processors fill and change, keys
 * addressed in dot notation ("store.book"), and the original text read as "@message"
 * (CloudWatch Logs User Guide, "Processors that you can use": "The original @message content
 * is not changed, the new keys are added to the message").
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** The key a processor reads the original message by. */
export const MESSAGE_KEY = "@message";

/** A processor could not transform this event: CloudWatch Logs keeps it untransformed (@transformationError). */
export class TransformationFailed extends Error {}

export interface LogEvent {
  /** The original text. */
  readonly message: string;
  /** What the processors built. */
  readonly fields: JsonObject;
  /**
   * Regular expressions that already ran past their deadline in this request: they fail the
   * next events at once, so one request blocks for one deadline per pattern, not per event.
   */
  readonly timedOut: Set<string>;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function segments(path: string): string[] {
  return path.split(".");
}

/** The value at a dot-notation path ("@message" is the original text). */
export function getPath(event: LogEvent, path: string): Json | undefined {
  if (path === MESSAGE_KEY) return event.message;
  let node: Json | undefined = event.fields;
  for (const key of segments(path)) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

export function hasPath(event: LogEvent, path: string): boolean {
  return getPath(event, path) !== undefined;
}

/**
 * Sets a key of an object as its own property: a key named "__proto__" (a log's JSON may hold
 * one, a processor's config may name one) is data like any other, never the object's prototype.
 */
export function putKey(node: JsonObject, key: string, value: Json): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Sets the value at a path, making the objects on the way (a non-object on the way is replaced). */
export function setPath(event: LogEvent, path: string, value: Json): void {
  const keys = segments(path);
  let node: JsonObject = event.fields;
  for (const key of keys.slice(0, -1)) {
    // Own keys only: "__proto__.x" or "constructor.x" must not reach Object.prototype.
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (isObject(next)) node = next;
    else {
      const made: JsonObject = {};
      putKey(node, key, made);
      node = made;
    }
  }
  putKey(node, keys[keys.length - 1], value);
}

/** Removes the value at a path; true when there was one. */
export function deletePath(event: LogEvent, path: string): boolean {
  const keys = segments(path);
  let node: Json | undefined = event.fields;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return false;
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (!isObject(node) || !Object.hasOwn(node, last)) return false;
  delete node[last];
  return true;
}

/** The string a processor reads; a missing or non-string source fails the event. */
export function sourceText(event: LogEvent, path: string | undefined): string {
  const value = getPath(event, path ?? MESSAGE_KEY);
  if (typeof value !== "string") throw new TransformationFailed(`source ${path ?? MESSAGE_KEY} is not a string`);
  return value;
}

/** Puts parsed keys under a destination, or at the root when there is none. */
export function putParsed(event: LogEvent, destination: string | undefined, parsed: JsonObject, overwrite = true): void {
  if (destination !== undefined) {
    setPath(event, destination, parsed);
    return;
  }
  for (const [key, value] of Object.entries(parsed)) if (overwrite || !Object.hasOwn(event.fields, key)) putKey(event.fields, key, value);
}
