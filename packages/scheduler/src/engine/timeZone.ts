/**
 * Wall-clock time in an IANA time zone (EventBridge Scheduler's ScheduleExpressionTimezone),
 * through Intl. A wall-clock time is written as a "local epoch": the milliseconds
 * Date.UTC would give for that year/month/day/hour/minute/second, so calendar arithmetic
 * runs on plain UTC dates and only the conversion knows about offsets and DST.
 */
import { DAY_MS } from "../limits.js";

export const UTC = "UTC";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows `timeZone` (an IANA name such as Europe/London, or UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `timeZone` at `instant`, as a local epoch. */
export function wallClock(instant: number, timeZone: string): number {
  if (timeZone === UTC) return instant;
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const millis = ((instant % 1000) + 1000) % 1000;
  // Some ICU versions write midnight as hour 24 even with h23.
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour % 24, fields.minute, fields.second) + millis;
}

/**
 * The instants whose wall clock in `timeZone` reads `wall`, earliest first: none inside a
 * spring-forward gap, two inside a fall-back overlap, one otherwise.
 */
export function instantsOf(wall: number, timeZone: string): number[] {
  if (timeZone === UTC) return [wall];
  // The offsets a day either side cover both sides of any transition near `wall`.
  const candidates = new Set([wall - offsetAt(wall - DAY_MS, timeZone), wall - offsetAt(wall + DAY_MS, timeZone)]);
  return [...candidates].filter((instant) => wallClock(instant, timeZone) === wall).sort((a, b) => a - b);
}

/** The offset from UTC in effect at `instant` (wall clock minus UTC). */
export function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant, timeZone) - instant;
}
