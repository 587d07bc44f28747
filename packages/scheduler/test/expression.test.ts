import { SandboxError } from "@sam-sandbox/core";
import { describe, expect, it } from "vitest";
import { INVALID_SCHEDULE_EXPRESSION, InvalidScheduleExpression, parseScheduleExpression, type ScheduleKind } from "../src/index.js";
import { fires } from "./helpers.js";

/** The reason an expression is refused (AWS's message is always the same). */
function refusal(expression: string, kind: ScheduleKind = "Schedule"): string {
  try {
    parseScheduleExpression(expression, { kind });
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidScheduleExpression);
    const invalid = error as InvalidScheduleExpression;
    expect(invalid.message).toBe(INVALID_SCHEDULE_EXPRESSION);
    expect(invalid.code).toBe("ValidationException");
    return invalid.reason;
  }
  throw new Error(`${expression} was accepted`);
}

describe("rate expressions", () => {
  it("fires a rule one period after it is created, then every period", () => {
    expect(fires("rate(5 minutes)", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z", "2026-01-01T00:15:00Z"]);
    expect(fires("rate(1 hour)", "2026-01-01T00:00:30Z", 2)).toEqual(["2026-01-01T01:00:30Z", "2026-01-01T02:00:30Z"]);
  });

  it("fires an EventBridge Scheduler rate at once (no StartDate), then every period", () => {
    expect(fires("rate(2 days)", "2026-01-01T00:00:00Z", 2, { kind: "ScheduleV2" })).toEqual(["2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z"]);
  });

  it("wants the singular unit for 1 and the plural above", () => {
    expect(refusal("rate(1 minutes)")).toBe("A rate of 1 takes the singular unit: rate(1 minute).");
    expect(refusal("rate(5 hour)")).toBe("A rate above 1 takes the plural unit: rate(5 hours).");
    expect(parseScheduleExpression("rate(1 day)")).toMatchObject({ type: "rate", periodMs: 86_400_000 });
    expect(parseScheduleExpression("rate(10 minutes)")).toMatchObject({ type: "rate", periodMs: 600_000 });
  });

  it("refuses a value that is not a positive whole number, and other units", () => {
    expect(refusal("rate(0 minutes)")).toBe("The value of a rate is a positive whole number; got 0.");
    expect(refusal("rate(-5 minutes)")).toBe("The value of a rate is a positive whole number; got -5.");
    expect(refusal("rate(1.5 hours)")).toBe("The value of a rate is a positive whole number; got 1.5.");
    expect(refusal("rate(2 weeks)")).toBe("The unit of a rate is minute, minutes, hour, hours, day or days; got weeks.");
    expect(refusal("rate(5)")).toBe("A rate expression is rate(value unit), such as rate(5 minutes).");
  });
});

describe("cron expressions", () => {
  it("needs six fields", () => {
    expect(refusal("cron(0 12 * * ?)")).toBe("A cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year); got 5.");
    expect(refusal("cron()")).toBe("A cron expression has six fields (Minutes Hours Day-of-month Month Day-of-week Year); got 0.");
  });

  it("needs ? in exactly one of day-of-month and day-of-week", () => {
    expect(refusal("cron(0 12 * * * *)")).toBe("Day-of-month and Day-of-week cannot both be given: use ? in one of them, as in cron(0 12 * * ? *).");
    expect(refusal("cron(0 12 1 * MON *)")).toBe("Day-of-month and Day-of-week cannot both be given: use ? in one of them, as in cron(0 12 * * ? *).");
    expect(refusal("cron(0 12 ? * ? *)")).toBe("Day-of-month and Day-of-week cannot both be ?: give one of them, as in cron(0 12 * * ? *).");
  });

  it("checks each field's range", () => {
    expect(refusal("cron(60 * * * ? *)")).toBe("Minutes takes 0-59; got 60.");
    expect(refusal("cron(0 24 * * ? *)")).toBe("Hours takes 0-23; got 24.");
    expect(refusal("cron(0 0 0 * ? *)")).toBe("Day-of-month takes 1-31; got 0.");
    expect(refusal("cron(0 0 1 13 ? *)")).toBe("Month takes 1-12 or JAN-DEC; got 13.");
    expect(refusal("cron(0 0 ? * 8 *)")).toBe("Day-of-week takes 1-7 or SUN-SAT; got 8.");
    expect(refusal("cron(0 0 ? * MONDAY *)")).toBe("Day-of-week takes 1-7 or SUN-SAT; got MONDAY.");
    expect(refusal("cron(0 0 * * ? 1969)")).toBe("Year takes 1970-2199; got 1969.");
    expect(refusal("cron(0 0 * * ? 2200)")).toBe("Year takes 1970-2199; got 2200.");
    expect(refusal("cron(0 0 * * ? 2030-2025)")).toBe("Year: the range 2030-2025 runs backwards.");
  });

  it("checks steps, lists and the special characters", () => {
    expect(refusal("cron(0/0 * * * ? *)")).toBe("Minutes: the step after / is a positive whole number; got 0.");
    expect(refusal("cron(0, * * * ? *)")).toBe("Minutes: an empty list item is not a value, range or step.");
    expect(refusal("cron(1-2-3 * * * ? *)")).toBe("Minutes: 1-2-3 is not a range.");
    expect(refusal("cron(? * * * ? *)")).toBe("Minutes takes 0-59; got ?.");
    expect(refusal("cron(0 0 L-2 * ? *)")).toBe("Day-of-month takes L, LW or <day>W alone, and ? alone; got L-2.");
    expect(refusal("cron(0 0 1,L * ? *)")).toBe("Day-of-month takes L, LW or <day>W alone, and ? alone; got 1,L.");
    expect(refusal("cron(0 0 32W * ? *)")).toBe("Day-of-month takes 1-31; got 32.");
    // AWS: with #, the day-of-week field holds one expression only.
    expect(refusal("cron(0 0 ? * 3#1,6#3 *)")).toBe("Day-of-week takes <day>L or <day>#<n> as its only expression, and ? alone; got 3#1,6#3.");
    expect(refusal("cron(0 0 ? * 3#6 *)")).toBe("The number after # is 1 to 5; got 6.");
  });
});

describe("at expressions", () => {
  it("are EventBridge Scheduler's only", () => {
    expect(refusal("at(2030-01-01T00:00:00)")).toBe("A schedule expression is rate(value unit) or cron(fields); got at(2030-01-01T00:00:00).");
    expect(parseScheduleExpression("at(2030-01-01T00:00:00)", { kind: "ScheduleV2" })).toMatchObject({ type: "at", wall: Date.UTC(2030, 0, 1) });
  });

  it("need a date and time that exist", () => {
    expect(refusal("at(2030-02-30T00:00:00)", "ScheduleV2")).toBe("at(2030-02-30T00:00:00) is not a date and time that exists.");
    expect(refusal("at(2030-1-1T00:00:00)", "ScheduleV2")).toBe(
      "A one-time schedule is at(yyyy-mm-ddThh:mm:ss), such as at(2030-01-01T09:00:00); got at(2030-1-1T00:00:00).",
    );
  });

  it("fire once, and never when the time has passed", () => {
    expect(fires("at(2026-01-01T10:00:00)", "2026-01-01T00:00:00Z", 3, { kind: "ScheduleV2" })).toEqual(["2026-01-01T10:00:00Z"]);
    expect(fires("at(2025-01-01T10:00:00)", "2026-01-01T00:00:00Z", 3, { kind: "ScheduleV2" })).toEqual([]);
  });
});

describe("expressions in general", () => {
  it("refuses anything else", () => {
    expect(refusal("every hour")).toBe("A schedule expression is rate(value unit) or cron(fields); got every hour.");
    expect(refusal("Rate(5 minutes)", "ScheduleV2")).toBe(
      "A schedule expression is rate(value unit), cron(fields) or at(yyyy-mm-ddThh:mm:ss); got Rate(5 minutes).",
    );
  });

  it("refuses an unknown time zone with a SandboxError", () => {
    const error = (() => {
      try {
        parseScheduleExpression("rate(1 hour)", { kind: "ScheduleV2", timeZone: "Mars/Olympus" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).message).toBe("ScheduleExpressionTimezone Mars/Olympus is not a time zone");
  });
});
