import { InvalidRequestException } from "../errors.js";

/**
 * restJson timestamps arrive as epoch seconds (numbers, maybe fractional); strings of
 * digits and ISO-8601 dates are accepted too.
 */
export function epochSeconds(value: unknown, member: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const numeric = Number(value);
    if (value.trim() !== "" && Number.isFinite(numeric)) return numeric;
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed / 1000;
  }
  throw new InvalidRequestException(`${member} is not a valid timestamp.`);
}
