/**
 * When a secret rotates next (User Guide, "Rotation schedules"; API reference, RotationRulesType):
 * - AutomaticallyAfterDays: that many days after the last rotation;
 * - rate(N hours|days): windows start at midnight UTC, then every N hours or days;
 * - cron(minutes hours day-of-month month day-of-week year): the next matching minute, UTC.
 * The sandbox rotates at the start of the window (AWS: any time within it).
 */
import type { Rotation } from "./types.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** How far a cron search looks ahead (a cron that never matches again has no next rotation). */
const CRON_SEARCH_DAYS = 366 * 5;
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The first window start strictly after the schedule's base; undefined when rotation is off or has no schedule. */
export function nextRotation(r: Rotation): number | undefined {
  if (!r.enabled) return undefined;
  const rules = r.rules;
  const base = Math.max(r.lastRotated ?? r.configured ?? 0, r.lastScheduled ?? 0);
  if (base === 0 || !rules) return undefined;
  // "Manually updating the secret value by calling PutSecretValue or UpdateSecret is considered a valid rotation" (RotationRulesType).
  if (rules.AutomaticallyAfterDays !== undefined) return Math.max(base, r.manuallyRotated ?? 0) + rules.AutomaticallyAfterDays * DAY_MS;
  const expression = rules.ScheduleExpression?.trim();
  if (expression === undefined) return undefined;
  const rate = /^rate\(\s*(\d+)\s+(hours?|days?)\s*\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    if (n <= 0) return undefined;
    if (rate[2]?.startsWith("day")) return startOfDay(base) + n * DAY_MS;
    const step = n * HOUR_MS;
    return startOfDay(base) + (Math.floor((base - startOfDay(base)) / step) + 1) * step;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  return cron?.[1] === undefined ? undefined : nextCron(cron[1], base);
}

/** The values a cron field selects in [min, max]; undefined for a field it cannot read. */
function field(text: string, min: number, max: number, names: string[] = [], nameBase = min): Set<number> | undefined {
  const out = new Set<number>();
  const value = (v: string): number => {
    const named = names.indexOf(v.toUpperCase());
    return named >= 0 ? named + nameBase : Number(v);
  };
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === "*" || range === "?") [from, to] = [min, max];
    else if (range.includes("-")) [from, to] = range.split("-").map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    if (![from, to, step].every(Number.isInteger) || step < 1 || from < min || to > max) return undefined;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function nextCron(body: string, after: number): number | undefined {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) return undefined;
  const [mi = "", ho = "", dom = "", mo = "", dow = "", yr = ""] = parts;
  const minutes = field(mi, 0, 59);
  const hours = field(ho, 0, 23);
  const days = field(dom, 1, 31);
  const months = field(mo, 1, 12, MONTH_NAMES, 1);
  // Day-of-week 1-7 is SUN-SAT in AWS cron expressions.
  const weekdays = field(dow, 1, 7, DAY_NAMES, 1);
  const years = yr === "*" ? undefined : field(yr, 1970, 2199);
  if (!minutes || !hours || !days || !months || !weekdays || (yr !== "*" && !years)) return undefined;
  const anyDom = dom === "?" || dom === "*";
  const anyDow = dow === "?" || dow === "*";
  for (let d = 0; d <= CRON_SEARCH_DAYS; d++) {
    const day = startOfDay(after) + d * DAY_MS;
    const date = new Date(day);
    if (years && !years.has(date.getUTCFullYear())) continue;
    if (!months.has(date.getUTCMonth() + 1)) continue;
    if (!anyDom && !days.has(date.getUTCDate())) continue;
    if (!anyDow && !weekdays.has(date.getUTCDay() + 1)) continue;
    for (const h of [...hours].sort((a, b) => a - b)) {
      for (const m of [...minutes].sort((a, b) => a - b)) {
        const at = day + h * HOUR_MS + m * MINUTE_MS;
        if (at > after) return at;
      }
    }
  }
  return undefined;
}
