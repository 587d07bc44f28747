import { describe, expect, it } from "vitest";
import { OffsetClock, VirtualClock } from "../src/clock.js";

describe("OffsetClock", () => {
  it("fires its timers when due, not when cancelled", async () => {
    const base = new VirtualClock();
    const clock = new OffsetClock(base);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b"), 200);
    const cancelled = clock.setTimeout(() => fired.push("never"), 100);
    clock.setTimeout(() => fired.push("a"), 50);
    cancelled.cancel();
    cancelled.cancel();
    await base.advance(300);
    expect(fired).toEqual(["a", "b"]);
  });

  it("moves its timers forward when advanced: those now due fire, the others keep what is left", async () => {
    const base = new VirtualClock();
    const clock = new OffsetClock(base);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("hour"), 3_600_000);
    clock.setTimeout(() => fired.push("day"), 86_400_000);
    clock.setTimeout(() => fired.push("two days"), 2 * 86_400_000);
    clock.advance(86_400_000);
    expect(clock.now()).toBe(base.now() + 86_400_000);
    await base.advance(0);
    expect(fired).toEqual(["hour", "day"]);
    await base.advance(86_400_000 - 1);
    expect(fired).toEqual(["hour", "day"]);
    await base.advance(1);
    expect(fired).toEqual(["hour", "day", "two days"]);
  });
});
