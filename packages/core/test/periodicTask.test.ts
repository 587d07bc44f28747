import { describe, expect, it } from "vitest";
import { PeriodicTask, VirtualClock } from "../src/index.js";

const INTERVAL = 1000;

function counting(clock: VirtualClock, errors: unknown[] = []) {
  const starts: number[] = [];
  let fail = false;
  let gate: Promise<void> | undefined;
  const task = new PeriodicTask({
    clock,
    intervalMs: INTERVAL,
    task: async () => {
      starts.push(clock.now());
      await gate;
      if (fail) throw new Error("sweep failed");
      return starts.length;
    },
    onError: (error) => errors.push(error),
  });
  return {
    task,
    starts,
    failNext: (value: boolean) => (fail = value),
    hold: () => {
      let release = () => {};
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe("PeriodicTask", () => {
  it("runs once per interval of clock time after start(), and not before", async () => {
    const clock = new VirtualClock(0);
    const { task, starts } = counting(clock);
    await clock.advance(5 * INTERVAL);
    expect(starts).toEqual([]);
    task.start();
    await clock.advance(3 * INTERVAL);
    expect(starts).toEqual([6 * INTERVAL, 7 * INTERVAL, 8 * INTERVAL]);
    task.stop();
    await clock.advance(3 * INTERVAL);
    expect(starts).toHaveLength(3);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("run() asked during a run waits for it, then runs again", async () => {
    const clock = new VirtualClock(0);
    const { task, starts, hold } = counting(clock);
    const release = hold();
    const first = task.run();
    const second = task.run();
    await Promise.resolve();
    expect(starts).toHaveLength(1);
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(starts).toHaveLength(2);
  });

  it("reports a scheduled run that fails and keeps running", async () => {
    const clock = new VirtualClock(0);
    const errors: unknown[] = [];
    const { task, starts, failNext } = counting(clock, errors);
    task.start();
    failNext(true);
    await clock.advance(INTERVAL);
    failNext(false);
    await clock.advance(INTERVAL);
    expect(errors).toEqual([new Error("sweep failed")]);
    expect(starts).toHaveLength(2);
    task.stop();
  });

  it("rejects a run() that fails, to its caller", async () => {
    const clock = new VirtualClock(0);
    const errors: unknown[] = [];
    const { task, failNext } = counting(clock, errors);
    failNext(true);
    await expect(task.run()).rejects.toThrow("sweep failed");
    expect(errors).toEqual([]);
  });
});
