/**
 * Source lines of parsed template values. Objects and arrays carry the line they start
 * on, and the line of each of their keys, so a later stage can point at the exact line.
 */
const objectLines = new WeakMap<object, number>();
const keyLines = new WeakMap<object, Map<string | number, number>>();

export function setLine(target: object, line: number): void {
  objectLines.set(target, line);
}

export function setKeyLine(target: object, key: string | number, line: number): void {
  let lines = keyLines.get(target);
  if (!lines) {
    lines = new Map();
    keyLines.set(target, lines);
  }
  lines.set(key, line);
}

/** Line an object or array starts on, if it came from the template. */
export function lineOf(value: unknown): number | undefined {
  return typeof value === "object" && value !== null ? objectLines.get(value) : undefined;
}

/** Line of `key` inside `value`, falling back to the line of `value` itself. */
export function keyLineOf(value: unknown, key: string | number): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return keyLines.get(value)?.get(key) ?? objectLines.get(value);
}

/** Carries the location of `from` over to `to` (used when a value is resolved into a new object). */
export function copyLocation(from: object, to: object): void {
  const line = objectLines.get(from);
  if (line !== undefined) objectLines.set(to, line);
  const keys = keyLines.get(from);
  if (keys) keyLines.set(to, new Map(keys));
}
