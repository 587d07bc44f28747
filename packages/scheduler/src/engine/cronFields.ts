/**
 * The six fields of an EventBridge cron expression, `cron(Minutes Hours Day-of-month Month
 * Day-of-week Year)`, checked the way EventBridge checks them (AWS docs: "Schedule
 * expressions for rules"): , - * / everywhere; ? L W in day-of-month; ? L # in day-of-week;
 * names JAN-DEC and SUN-SAT in any case; one of day-of-month and day-of-week must be ?.
 */
import { InvalidScheduleExpression } from "../errors.js";
import { MAX_CRON_YEAR, MAX_NTH_WEEKDAY, MIN_CRON_YEAR } from "../limits.js";

/** How a cron expression picks days: from day-of-month, or (day-of-month `?`) from day-of-week. */
export type DayRule =
  /** Day-of-month values: 1,15 or 1-10/3 or *. */
  | { kind: "monthDays"; days: number[] }
  /** Day-of-month L: the last day of the month. */
  | { kind: "lastDay" }
  /** Day-of-month LW: the last weekday (Monday-Friday) of the month. */
  | { kind: "lastWeekday" }
  /** Day-of-month 15W: the weekday nearest the 15th, within the month. */
  | { kind: "nearestWeekday"; day: number }
  /** Day-of-week values, 1 = Sunday … 7 = Saturday: MON-FRI, 2,4, L (= 7), *. */
  | { kind: "weekDays"; days: number[] }
  /** Day-of-week 6L: the last Friday of the month. */
  | { kind: "lastOfWeekDay"; weekDay: number }
  /** Day-of-week 3#2: the second Tuesday of the month. */
  | { kind: "nthWeekDay"; weekDay: number; n: number };

export interface CronSchedule {
  /** Allowed values of each field, ascending. */
  minutes: number[];
  hours: number[];
  months: number[];
  years: number[];
  day: DayRule;
}

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names for min, min + 1, … (JAN-DEC, SUN-SAT). */
  names?: readonly string[];
  /** A range may wrap past max to min (hours 20-2 = 20…23, 0…2), except for years. */
  cyclic: boolean;
}

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

const MINUTES: Field = { name: "Minutes", min: 0, max: 59, cyclic: true };
const HOURS: Field = { name: "Hours", min: 0, max: 23, cyclic: true };
const MONTH_DAYS: Field = { name: "Day-of-month", min: 1, max: 31, cyclic: true };
const MONTHS: Field = { name: "Month", min: 1, max: 12, names: MONTH_NAMES, cyclic: true };
const WEEK_DAYS: Field = { name: "Day-of-week", min: 1, max: 7, names: DAY_NAMES, cyclic: true };
const YEARS: Field = { name: "Year", min: MIN_CRON_YEAR, max: MAX_CRON_YEAR, cyclic: false };

function fail(reason: string): never {
  throw new InvalidScheduleExpression(reason);
}

/** The fields of `cron(<body>)`. */
export function parseCron(body: string): CronSchedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    fail(`A cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year); got ${body.trim() === "" ? 0 : fields.length}.`);
  }
  const [minutes, hours, monthDays, months, weekDays, years] = fields.map((f) => f.toUpperCase());
  const byMonth = monthDays === "?" ? undefined : monthDayRule(monthDays);
  const byWeek = weekDays === "?" ? undefined : weekDayRule(weekDays);
  if (byMonth && byWeek) fail("Day-of-month and Day-of-week cannot both be given: use ? in one of them, as in cron(0 12 * * ? *).");
  const day = byMonth ?? byWeek;
  if (!day) return fail("Day-of-month and Day-of-week cannot both be ?: give one of them, as in cron(0 12 * * ? *).");
  return {
    minutes: values(minutes, MINUTES),
    hours: values(hours, HOURS),
    months: values(months, MONTHS),
    years: values(years, YEARS),
    day,
  };
}

function monthDayRule(text: string): DayRule {
  if (text === "L") return { kind: "lastDay" };
  if (text === "LW") return { kind: "lastWeekday" };
  const nearest = /^(\d+)W$/.exec(text);
  if (nearest) return { kind: "nearestWeekday", day: value(nearest[1], MONTH_DAYS) };
  if (/[LW?]/.test(text)) fail(`${MONTH_DAYS.name} takes L, LW or <day>W alone, and ? alone; got ${text}.`);
  return { kind: "monthDays", days: values(text, MONTH_DAYS) };
}

function weekDayRule(text: string): DayRule {
  // Alone, L is the last day of the week: Saturday.
  if (text === "L") return { kind: "weekDays", days: [7] };
  const last = /^(\w+)L$/.exec(text);
  if (last) return { kind: "lastOfWeekDay", weekDay: value(last[1], WEEK_DAYS) };
  const nth = /^(\w+)#(\d+)$/.exec(text);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > MAX_NTH_WEEKDAY) fail(`The number after # is 1 to ${MAX_NTH_WEEKDAY}; got ${nth[2]}.`);
    return { kind: "nthWeekDay", weekDay: value(nth[1], WEEK_DAYS), n };
  }
  if (/[L#?]/.test(text)) fail(`${WEEK_DAYS.name} takes <day>L or <day>#<n> as its only expression, and ? alone; got ${text}.`);
  return { kind: "weekDays", days: values(text, WEEK_DAYS) };
}

/** The values a list of items (`a`, `a-b`, `*`, each optionally `/step`) selects, ascending. */
function values(text: string, field: Field): number[] {
  const selected = new Set<number>();
  for (const item of text.split(",")) {
    const [range, stepText, ...rest] = item.split("/");
    if (range === "" || rest.length > 0 || stepText === "") fail(`${field.name}: ${item === "" ? "an empty list item" : item} is not a value, range or step.`);
    const step = stepText === undefined ? 1 : Number(/^\d+$/.test(stepText) ? stepText : NaN);
    if (!(step >= 1)) fail(`${field.name}: the step after / is a positive whole number; got ${stepText}.`);
    let start: number;
    let end: number;
    if (range === "*") {
      [start, end] = [field.min, field.max];
    } else if (range.includes("-")) {
      const bounds = range.split("-");
      if (bounds.length !== 2) fail(`${field.name}: ${range} is not a range.`);
      [start, end] = [value(bounds[0], field), value(bounds[1], field)];
      if (start > end && !field.cyclic) fail(`${field.name}: the range ${range} runs backwards.`);
    } else {
      start = value(range, field);
      // `a/step` runs from a to the end of the field; plain `a` is a single value.
      end = stepText === undefined ? start : field.max;
    }
    const sequence = start <= end ? span(start, end) : [...span(start, field.max), ...span(field.min, end)];
    for (let i = 0; i < sequence.length; i += step) selected.add(sequence[i]);
  }
  return [...selected].sort((a, b) => a - b);
}

function span(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function value(text: string, field: Field): number {
  const named = field.names?.indexOf(text) ?? -1;
  if (named >= 0) return field.min + named;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= field.min && n <= field.max)) {
    const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : "";
    fail(`${field.name} takes ${field.min}-${field.max}${names}; got ${text}.`);
  }
  return n;
}
