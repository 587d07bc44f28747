import { firstFire, nextFire, parseScheduleExpression, type ScheduleKind } from "../src/index.js";

/** The first `count` fires of `expression` for a schedule created at `from`, as ISO strings. */
export function fires(expression: string, from: string, count: number, options: { kind?: ScheduleKind; timeZone?: string } = {}): string[] {
  const kind = options.kind ?? (options.timeZone ? "ScheduleV2" : "Schedule");
  const parsed = parseScheduleExpression(expression, { kind, timeZone: options.timeZone });
  const created = Date.parse(from);
  const out: string[] = [];
  let at = firstFire(parsed, kind, created);
  while (at !== undefined && out.length < count) {
    out.push(new Date(at).toISOString().replace(".000Z", "Z"));
    at = nextFire(parsed, at, created);
  }
  return out;
}
