import { describe, expect, it } from "vitest";
import { fires } from "./helpers.js";

describe("cron next fire", () => {
  it("fires at a fixed time every day", () => {
    expect(fires("cron(0 12 * * ? *)", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z"]);
  });

  it("fires strictly after the moment it is armed", () => {
    expect(fires("cron(0 12 * * ? *)", "2026-01-01T12:00:00Z", 1)).toEqual(["2026-01-02T12:00:00Z"]);
    expect(fires("cron(0 12 * * ? *)", "2026-01-01T11:59:59Z", 1)).toEqual(["2026-01-01T12:00:00Z"]);
  });

  it("steps from a start value (0/15 every quarter hour, 1/10 at minutes 1, 11, 21, …) and from * (*/20)", () => {
    expect(fires("cron(0/15 * * * ? *)", "2026-01-01T00:07:00Z", 4)).toEqual([
      "2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z", "2026-01-01T01:00:00Z",
    ]);
    expect(fires("cron(1/10 * * * ? *)", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-01T00:01:00Z", "2026-01-01T00:11:00Z", "2026-01-01T00:21:00Z"]);
    expect(fires("cron(*/20 9 * * ? *)", "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-01-01T09:00:00Z", "2026-01-01T09:20:00Z", "2026-01-01T09:40:00Z", "2026-01-02T09:00:00Z",
    ]);
  });

  it("takes lists and ranges with steps", () => {
    expect(fires("cron(5,35 14 * * ? *)", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-01T14:05:00Z", "2026-01-01T14:35:00Z", "2026-01-02T14:05:00Z"]);
    expect(fires("cron(10-30/10 8,20 * * ? *)", "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-01-01T08:10:00Z", "2026-01-01T08:20:00Z", "2026-01-01T08:30:00Z", "2026-01-01T20:10:00Z",
    ]);
    expect(fires("cron(0 0 1 1/3 ? *)", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z"]);
  });

  it("wraps a range past midnight (hours 22-1), as AWS's 20-2 example does", () => {
    expect(fires("cron(0 22-1 * * ? *)", "2026-01-01T12:00:00Z", 5)).toEqual([
      "2026-01-01T22:00:00Z", "2026-01-01T23:00:00Z", "2026-01-02T00:00:00Z", "2026-01-02T01:00:00Z", "2026-01-02T22:00:00Z",
    ]);
  });

  it("reads day names and month names in any case (2026-01-01 is a Thursday)", () => {
    expect(fires("cron(0 18 ? * MON-FRI *)", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-01T18:00:00Z", "2026-01-02T18:00:00Z", "2026-01-05T18:00:00Z"]);
    expect(fires("cron(0 8 ? feb mon *)", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-02-02T08:00:00Z", "2026-02-09T08:00:00Z"]);
    expect(fires("cron(0 8 ? * 2,4 *)", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-05T08:00:00Z", "2026-01-07T08:00:00Z"]);
    expect(fires("cron(0 0 ? * FRI-MON *)", "2026-01-01T00:00:00Z", 4)).toEqual([
      "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z",
    ]);
  });

  it("L in day-of-month is the month's last day, leap years included", () => {
    expect(fires("cron(0 0 L * ? *)", "2028-02-01T00:00:00Z", 3)).toEqual(["2028-02-29T00:00:00Z", "2028-03-31T00:00:00Z", "2028-04-30T00:00:00Z"]);
  });

  it("LW is the last weekday; nW the weekday nearest the nth, never leaving the month", () => {
    // 2026-01-31 and 2026-02-28 are Saturdays, 2026-05-31 a Sunday.
    expect(fires("cron(0 0 LW * ? *)", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z"]);
    expect(fires("cron(0 0 LW 5 ? *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-05-29T00:00:00Z"]);
    // 2026-02-15 is a Sunday (→ Monday 16th), 2026-08-15 a Saturday (→ Friday 14th).
    expect(fires("cron(0 9 15W 2 ? *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-02-16T09:00:00Z"]);
    expect(fires("cron(0 9 15W 8 ? *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-08-14T09:00:00Z"]);
    // 2026-08-01 is a Saturday: 1W moves forward to Monday the 3rd, not back into July.
    expect(fires("cron(0 9 1W 8 ? *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-08-03T09:00:00Z"]);
    expect(fires("cron(0 9 31W * ? 2026)", "2026-04-01T00:00:00Z", 2)).toEqual(["2026-05-29T09:00:00Z", "2026-07-31T09:00:00Z"]);
  });

  it("# picks the nth such day of the week, skipping months that have none", () => {
    expect(fires("cron(0 10 ? * 3#2 *)", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-13T10:00:00Z", "2026-02-10T10:00:00Z"]);
    // 2026 has five Mondays in March, June, August and November only.
    expect(fires("cron(0 0 ? * MON#5 *)", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-03-30T00:00:00Z", "2026-06-29T00:00:00Z", "2026-08-31T00:00:00Z"]);
  });

  it("nL is the month's last such day; L alone in day-of-week is Saturday", () => {
    // AWS's example: 10:15 on the last Friday of each month during 2019-2022.
    expect(fires("cron(15 10 ? * 6L 2019-2022)", "2022-11-01T00:00:00Z", 5)).toEqual(["2022-11-25T10:15:00Z", "2022-12-30T10:15:00Z"]);
    expect(fires("cron(0 0 ? * L *)", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-03T00:00:00Z", "2026-01-10T00:00:00Z"]);
  });

  it("honours the Year field and stops when no year is left", () => {
    expect(fires("cron(0 0 1 1 ? 2027,2029)", "2026-01-01T00:00:00Z", 5)).toEqual(["2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z"]);
    expect(fires("cron(15 10 ? * 6L 2019-2022)", "2026-01-01T00:00:00Z", 1)).toEqual([]);
    expect(fires("cron(0 0 1 1 ? 2190/5)", "2196-06-01T00:00:00Z", 5)).toEqual([]);
    expect(fires("cron(0 0 31 2 ? *)", "2026-01-01T00:00:00Z", 1)).toEqual([]);
  });
});

describe("time zones (ScheduleV2 ScheduleExpressionTimezone)", () => {
  it("evaluates the fields in the schedule's time zone", () => {
    // 09:00 in Tokyo (UTC+9) on Monday 2026-01-05 is midnight UTC.
    expect(fires("cron(0 9 ? * MON *)", "2026-01-01T00:00:00Z", 2, { timeZone: "Asia/Tokyo" })).toEqual(["2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z"]);
  });

  it("skips a time that does not exist when clocks spring forward (New York, 2026-03-08)", () => {
    expect(fires("cron(30 2 * * ? *)", "2026-03-07T00:00:00Z", 3, { timeZone: "America/New_York" })).toEqual([
      "2026-03-07T07:30:00Z", // 02:30 EST
      "2026-03-09T06:30:00Z", // 02:30 EDT; 2026-03-08 02:30 never happened
      "2026-03-10T06:30:00Z",
    ]);
  });

  it("fires once in an hour that happens twice when clocks fall back (New York, 2026-11-01)", () => {
    expect(fires("cron(30 1 * * ? *)", "2026-10-31T12:00:00Z", 3, { timeZone: "America/New_York" })).toEqual([
      "2026-11-01T05:30:00Z", // 01:30 EDT, the first 01:30
      "2026-11-02T06:30:00Z", // 01:30 EST the next day
      "2026-11-03T06:30:00Z",
    ]);
    expect(fires("cron(0/15 * * * ? *)", "2026-11-01T05:40:00Z", 3, { timeZone: "America/New_York" })).toEqual([
      "2026-11-01T05:45:00Z", // 01:45 EDT
      "2026-11-01T07:00:00Z", // 02:00 EST: the repeated 01:00-01:59 does not fire again
      "2026-11-01T07:15:00Z",
    ]);
  });

  it("counts rate days as 24 hours of elapsed time across a DST change", () => {
    expect(fires("rate(1 day)", "2026-03-07T12:00:00Z", 3, { timeZone: "America/New_York" })).toEqual([
      "2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z",
    ]);
  });

  it("reads at() in the time zone: the first of a repeated time, and just after a skipped one", () => {
    expect(fires("at(2026-06-01T09:00:00)", "2026-01-01T00:00:00Z", 2, { timeZone: "Europe/London" })).toEqual(["2026-06-01T08:00:00Z"]);
    expect(fires("at(2026-11-01T01:30:00)", "2026-01-01T00:00:00Z", 1, { timeZone: "America/New_York" })).toEqual(["2026-11-01T05:30:00Z"]);
    expect(fires("at(2026-03-08T02:30:00)", "2026-01-01T00:00:00Z", 1, { timeZone: "America/New_York" })).toEqual(["2026-03-08T07:30:00Z"]);
  });
});
