/**
 * When a cron expression fires next. The search runs on wall-clock minutes of the schedule's
 * time zone (UTC for EventBridge rules), then maps the wall-clock time to an instant the way
 * EventBridge Scheduler handles daylight saving time: a time that does not exist (clocks
 * spring forward) is skipped, and a time that happens twice (clocks fall back) fires once,
 * the first time.
 */
import { MAX_CRON_YEAR, MINUTE_MS } from "../limits.js";
import type { CronSchedule, DayRule } from "./cronFields.js";
import { instantsOf, wallClock } from "./timeZone.js";

/** Enough for any expression: each round moves at least to the next matching day. */
const MAX_ROUNDS = 1_000_000;

/** The first instant strictly after `after` at which `cron` fires in `timeZone`; undefined when it never fires again. */
export function nextCronFire(cron: CronSchedule, timeZone: string, after: number): number | undefined {
  let wall = wallClock(after, timeZone);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const candidate = nextCronWall(cron, wall);
    if (candidate === undefined) return undefined;
    // No instant: skipped by a spring-forward gap. An earliest instant not after `after`:
    // the repeated hour of a fall-back, already fired the first time round.
    const [first] = instantsOf(candidate, timeZone);
    if (first !== undefined && first > after) return first;
    wall = candidate;
  }
  return undefined;
}

/** The first wall-clock minute (as a local epoch) strictly after `wall` that `cron` selects. */
export function nextCronWall(cron: CronSchedule, wall: number): number | undefined {
  const start = new Date(Math.floor(wall / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let hour = start.getUTCHours();
  let minute = start.getUTCMinutes();
  const reset = (level: "month" | "day" | "hour" | "minute") => {
    if (level === "month") month = 1;
    if (level === "month" || level === "day") day = 1;
    if (level !== "minute") hour = 0;
    minute = 0;
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (minute > 59) { hour++; minute = 0; }
    if (hour > 23) { day++; hour = 0; minute = 0; }
    if (day > daysInMonth(year, month)) { month++; reset("day"); }
    if (month > 12) { year++; reset("month"); }
    const y = firstAtLeast(cron.years, year);
    if (y === undefined || y > MAX_CRON_YEAR) return undefined;
    if (y !== year) { year = y; reset("month"); }
    const m = firstAtLeast(cron.months, month);
    if (m === undefined) { year++; reset("month"); continue; }
    if (m !== month) { month = m; reset("day"); }
    const d = firstAtLeast(daysOfMonth(cron.day, year, month), day);
    if (d === undefined) { month++; reset("day"); continue; }
    if (d !== day) { day = d; reset("hour"); }
    const h = firstAtLeast(cron.hours, hour);
    if (h === undefined) { day++; reset("hour"); continue; }
    if (h !== hour) { hour = h; reset("minute"); }
    const min = firstAtLeast(cron.minutes, minute);
    if (min === undefined) { hour++; reset("minute"); continue; }
    return Date.UTC(year, month - 1, day, hour, min);
  }
  return undefined;
}

/** The days of `month` (1-12) of `year` that `rule` selects, ascending. */
export function daysOfMonth(rule: DayRule, year: number, month: number): number[] {
  const last = daysInMonth(year, month);
  const weekDay = (day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
  const all = Array.from({ length: last }, (_, i) => i + 1);
  switch (rule.kind) {
    case "monthDays":
      return rule.days.filter((day) => day <= last);
    case "lastDay":
      return [last];
    case "lastWeekday":
      return [nearestWeekday(last, last, weekDay)];
    case "nearestWeekday":
      // 31W selects nothing in a month of 30 days, as Quartz (whose syntax EventBridge follows) does.
      return rule.day <= last ? [nearestWeekday(rule.day, last, weekDay)] : [];
    case "weekDays":
      return all.filter((day) => rule.days.includes(weekDay(day)));
    case "lastOfWeekDay": {
      const matches = all.filter((day) => weekDay(day) === rule.weekDay);
      return matches.slice(-1);
    }
    case "nthWeekDay": {
      const match = all.filter((day) => weekDay(day) === rule.weekDay)[rule.n - 1];
      return match === undefined ? [] : [match];
    }
  }
}

/** The Monday-Friday day nearest `day`, never leaving the month: the 1st on a Saturday moves to Monday the 3rd. */
function nearestWeekday(day: number, last: number, weekDay: (day: number) => number): number {
  const wd = weekDay(day);
  if (wd === 7) return day === 1 ? day + 2 : day - 1;
  if (wd === 1) return day === last ? day - 2 : day + 1;
  return day;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function firstAtLeast(sorted: readonly number[], min: number): number | undefined {
  for (const value of sorted) if (value >= min) return value;
  return undefined;
}
