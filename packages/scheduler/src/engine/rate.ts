/**
 * `rate(value unit)`: every value minutes, hours or days of elapsed time. For a rule AWS wants
 * the singular unit for 1 and the plural for more: rate(1 hour), rate(5 hours), never
 * rate(1 hours) or rate(5 hour) (EventBridge "Rate expressions reference"). EventBridge
 * Scheduler takes either ("rate(2 minute)" is accepted by UpdateSchedule) but no space inside
 * the parentheses ("rate( 10 minutes )" is refused) — localstack
 * tests/aws/services/scheduler/test_scheduler.snapshot.json, recorded on AWS.
 */
import { InvalidScheduleExpression } from "../errors.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../limits.js";
import type { ScheduleKind } from "./expression.js";

const UNITS: Record<string, { ms: number; singular: boolean }> = {
  minute: { ms: MINUTE_MS, singular: true },
  minutes: { ms: MINUTE_MS, singular: false },
  hour: { ms: HOUR_MS, singular: true },
  hours: { ms: HOUR_MS, singular: false },
  day: { ms: DAY_MS, singular: true },
  days: { ms: DAY_MS, singular: false },
};

/** The period of `rate(<body>)` in milliseconds. */
export function parseRate(body: string, kind: ScheduleKind = "Schedule"): number {
  if (kind === "ScheduleV2" && body.trim() !== body) throw new InvalidScheduleExpression("rate(value unit) takes no space next to its parentheses.");
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 2) throw new InvalidScheduleExpression("A rate expression is rate(value unit), such as rate(5 minutes).");
  const [valueText, unitText] = parts;
  const value = /^\d+$/.test(valueText) ? Number(valueText) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidScheduleExpression(`The value of a rate is a positive whole number; got ${valueText}.`);
  }
  const unit = UNITS[unitText];
  if (!unit) throw new InvalidScheduleExpression(`The unit of a rate is minute, minutes, hour, hours, day or days; got ${unitText}.`);
  if (kind === "ScheduleV2") return value * unit.ms;
  if (value === 1 && !unit.singular) {
    throw new InvalidScheduleExpression(`A rate of 1 takes the singular unit: rate(1 ${unitText.slice(0, -1)}).`);
  }
  if (value > 1 && unit.singular) {
    throw new InvalidScheduleExpression(`A rate above 1 takes the plural unit: rate(${value} ${unitText}s).`);
  }
  return value * unit.ms;
}
