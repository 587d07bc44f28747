/** `at(yyyy-mm-ddThh:mm:ss)`: EventBridge Scheduler's one-time schedules, read in the schedule's time zone. */
import { InvalidScheduleExpression } from "../errors.js";
import { DAY_MS } from "../limits.js";
import { daysInMonth } from "./cron.js";
import { instantsOf, offsetAt } from "./timeZone.js";

const AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** The wall-clock time (a local epoch) of `at(<body>)`. */
export function parseAt(body: string): number {
  const match = AT.exec(body);
  if (!match) throw new InvalidScheduleExpression(`A one-time schedule is at(yyyy-mm-ddThh:mm:ss), such as at(2030-01-01T09:00:00); got at(${body}).`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new InvalidScheduleExpression(`at(${body}) is not a date and time that exists.`);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * The instant of a wall-clock time: its first occurrence when clocks fall back; inside a
 * spring-forward gap, the instant the same time names with the earlier offset (just after the gap).
 */
export function atInstant(wall: number, timeZone: string): number {
  const [first] = instantsOf(wall, timeZone);
  return first ?? wall - offsetAt(wall - DAY_MS, timeZone);
}
