/**
 * Schedule expressions as EventBridge reads them: `rate(...)` and `cron(...)` for rules
 * (SAM `Schedule`, always UTC), plus `at(...)` and a time zone for EventBridge Scheduler
 * (SAM `ScheduleV2`). Parsing validates as AWS does; `firstFire` and `nextFire` say when.
 */
import { InvalidScheduleExpression, unknownTimeZone } from "../errors.js";
import { DAY_MS, HOUR_MS } from "../limits.js";
import { atInstant, parseAt } from "./at.js";
import { nextCronFire } from "./cron.js";
import { parseCron, type CronSchedule } from "./cronFields.js";
import { parseRate } from "./rate.js";
import { isTimeZone, UTC } from "./timeZone.js";

/** "Schedule": an EventBridge rule. "ScheduleV2": an EventBridge Scheduler schedule. */
export type ScheduleKind = "Schedule" | "ScheduleV2";

export type ScheduleExpression =
  | { type: "rate"; text: string; periodMs: number }
  | { type: "cron"; text: string; cron: CronSchedule; timeZone: string }
  | { type: "at"; text: string; wall: number; timeZone: string };

const SHAPE = /^(rate|cron|at)\((.*)\)$/s;

/**
 * Reads `text` as PutRule (kind "Schedule") or CreateSchedule (kind "ScheduleV2") would.
 * Throws InvalidScheduleExpression with AWS's message, or a SandboxError for an unknown time zone.
 */
export function parseScheduleExpression(text: string, options: { kind?: ScheduleKind; timeZone?: string } = {}): ScheduleExpression {
  const kind = options.kind ?? "Schedule";
  // Rules run in UTC; only EventBridge Scheduler takes ScheduleExpressionTimezone.
  const timeZone = kind === "ScheduleV2" ? options.timeZone ?? UTC : UTC;
  if (!isTimeZone(timeZone)) throw unknownTimeZone(timeZone);
  const match = SHAPE.exec(text);
  const type = match?.[1];
  const body = match?.[2] ?? "";
  if (type === "rate") return { type, text, periodMs: parseRate(body, kind) };
  if (type === "cron") return { type, text, cron: parseCron(body), timeZone };
  if (type === "at" && kind === "ScheduleV2") return { type, text, wall: parseAt(body), timeZone };
  const forms = kind === "ScheduleV2" ? "rate(value unit), cron(fields) or at(yyyy-mm-ddThh:mm:ss)" : "rate(value unit) or cron(fields)";
  throw new InvalidScheduleExpression(`A schedule expression is ${forms}; got ${text}.`);
}

/**
 * When a schedule created at `created` fires first; undefined when never. A rule's rate
 * starts when the rule is created and first fires one period later; a Scheduler rate with
 * no StartDate "starts invoking the target immediately"; a one-time schedule in the past never fires.
 */
export function firstFire(expression: ScheduleExpression, kind: ScheduleKind, created: number): number | undefined {
  switch (expression.type) {
    case "rate":
      return kind === "ScheduleV2" ? created : created + expression.periodMs;
    case "cron":
      return nextCronFire(expression.cron, expression.timeZone, created);
    case "at": {
      const at = atInstant(expression.wall, expression.timeZone);
      return at >= created ? at : undefined;
    }
  }
}

/**
 * The fire strictly after `after` (a fire's time, or now after a jump of the clock), for a
 * schedule first armed at `anchor`: rates keep their grid (anchor + k × period), so a late
 * or skipped fire does not shift the ones after it. One-time schedules have none.
 */
export function nextFire(expression: ScheduleExpression, after: number, anchor: number): number | undefined {
  switch (expression.type) {
    case "rate": {
      const periods = Math.floor((after - anchor) / expression.periodMs) + 1;
      return anchor + Math.max(1, periods) * expression.periodMs;
    }
    case "cron":
      return nextCronFire(expression.cron, expression.timeZone, after);
    case "at":
      return undefined;
  }
}

/** Windows searched back from now for a cron's latest fire: the first that holds one keeps the search short. */
const LOOK_BACK_MS = [HOUR_MS, DAY_MS, 32 * DAY_MS, 367 * DAY_MS];

/**
 * The latest fire in [`due`, `now`] (`due` ≤ `now` being a fire that came due): the one a
 * schedule delivers after a jump of the clock passed over several. Its time is what the
 * scheduled event says, as the fire EventBridge would have sent last.
 */
export function latestFire(expression: ScheduleExpression, due: number, now: number, anchor: number): number {
  switch (expression.type) {
    case "rate":
      return Math.max(due, anchor + Math.floor((now - anchor) / expression.periodMs) * expression.periodMs);
    case "cron": {
      for (const window of [...LOOK_BACK_MS, now - due]) {
        let latest: number | undefined;
        let at = nextCronFire(expression.cron, expression.timeZone, Math.max(due, now - window) - 1);
        while (at !== undefined && at <= now) {
          latest = at;
          at = nextCronFire(expression.cron, expression.timeZone, at);
        }
        if (latest !== undefined) return latest;
      }
      return due;
    }
    case "at":
      return due;
  }
}
