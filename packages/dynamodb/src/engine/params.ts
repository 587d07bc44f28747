/**
 * Last-line guards for members the wire's model validation already checks, so the
 * engine never crashes when it is called directly with an incomplete request.
 */
import { ValidationException } from "../errors.js";

/** `path` as AWS prints it: "tableName", "keySchema", "transactItems.1.member.put". */
export function required<T>(value: T | null | undefined, path: string): T {
  if (value === undefined || value === null) {
    throw new ValidationException(
      `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
