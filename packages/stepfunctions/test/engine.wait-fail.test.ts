import { describe, expect, it } from "vitest";
import { VirtualClock } from "@sam-sandbox/core";
import { run, start, types } from "./helpers.js";

describe("Wait state", () => {
  it("waits a year on the virtual clock in no real time", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const { handle, history } = start({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 365 * 24 * 3600, Next: "Done" }, Done: { Type: "Succeed" } } }, { a: 1 }, { clock });
    await new Promise((r) => setImmediate(r));
    expect(history.events.map((e) => e.type)).toEqual(["ExecutionStarted", "WaitStateEntered"]);
    await clock.advance(365 * 24 * 3600 * 1000 - 1);
    expect(history.events.map((e) => e.type)).toEqual(["ExecutionStarted", "WaitStateEntered"]);
    await clock.advance(1);
    expect(await handle.done).toEqual({ status: "SUCCEEDED", output: { a: 1 } });
    expect(history.events.at(-1)?.timestamp).toBe(Date.UTC(2027, 0, 1));
  });

  it("waits until Timestamp, TimestampPath and SecondsPath", async () => {
    const at = await run({ StartAt: "W", States: { W: { Type: "Wait", Timestamp: "2026-01-01T00:01:00Z", End: true } } }, {});
    expect(at.clock.now()).toBe(Date.UTC(2026, 0, 1, 0, 1));
    const path = await run({ StartAt: "W", States: { W: { Type: "Wait", TimestampPath: "$.when", End: true } } }, { when: "2026-01-02T00:00:00+00:00" });
    expect(path.clock.now()).toBe(Date.UTC(2026, 0, 2));
    const seconds = await run({ StartAt: "W", States: { W: { Type: "Wait", SecondsPath: "$.s", End: true } } }, { s: 90 });
    expect(seconds.clock.now()).toBe(Date.UTC(2026, 0, 1, 0, 1, 30));
    const past = await run({ StartAt: "W", States: { W: { Type: "Wait", Timestamp: "2020-01-01T00:00:00Z", End: true } } }, {});
    expect(past.outcome.status).toBe("SUCCEEDED");
  });

  it("fails with States.Runtime when SecondsPath does not select a number", async () => {
    const { outcome } = await run({ StartAt: "W", States: { W: { Type: "Wait", SecondsPath: "$.s", End: true } } }, { s: "x" });
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  });

  it("evaluates JSONata Seconds and Timestamp", async () => {
    const seconds = await run({ QueryLanguage: "JSONata", StartAt: "W", States: { W: { Type: "Wait", Seconds: "{% $states.input.n * 2 %}", End: true } } }, { n: 5 });
    expect(seconds.clock.now()).toBe(Date.UTC(2026, 0, 1, 0, 0, 10));
    const ts = await run({ QueryLanguage: "JSONata", StartAt: "W", States: { W: { Type: "Wait", Timestamp: "{% $states.input.t %}", End: true } } }, { t: "2026-03-01T00:00:00Z" });
    expect(ts.clock.now()).toBe(Date.UTC(2026, 2, 1));
  });

  it("times out the execution (ExecutionTimedOut, chained to nothing)", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const { handle, history } = start({ TimeoutSeconds: 5, StartAt: "W", States: { W: { Type: "Wait", Seconds: 60, End: true } } }, {}, { clock, timeoutMs: 5000 });
    await clock.advance(5000);
    expect(await handle.done).toEqual({ status: "TIMED_OUT" });
    expect(history.events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "WaitStateEntered"],
      [3, 0, "ExecutionTimedOut"],
    ]);
    expect(history.events[2].executionTimedOutEventDetails).toEqual({ error: "States.Timeout" });
  });
});

describe("Fail state", () => {
  it("fails with Error and Cause and records no exit event", async () => {
    const { outcome, events } = await run({ StartAt: "F", States: { F: { Type: "Fail", Error: "Custom", Cause: "why" } } }, {});
    expect(outcome).toEqual({ status: "FAILED", error: "Custom", cause: "why" });
    expect(types(events)).toEqual(["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]);
    expect(events[2]).toMatchObject({ previousEventId: 2, executionFailedEventDetails: { error: "Custom", cause: "why" } });
  });

  it("reads ErrorPath and CausePath (paths and intrinsics)", async () => {
    const { outcome } = await run({ StartAt: "F", States: { F: { Type: "Fail", ErrorPath: "$.e", CausePath: "States.Format('code {}', $.c)" } } }, { e: "E1", c: 42 });
    expect(outcome).toEqual({ status: "FAILED", error: "E1", cause: "code 42" });
  });

  it("evaluates JSONata Error and Cause", async () => {
    const { outcome } = await run({ QueryLanguage: "JSONata", StartAt: "F", States: { F: { Type: "Fail", Error: "{% 'E' & $states.input.n %}", Cause: "{% $string($states.input) %}" } } }, { n: 1 });
    expect(outcome).toEqual({ status: "FAILED", error: "E1", cause: '{"n":1}' });
  });

  it("leaves error and cause out when the Fail state has none", async () => {
    const { outcome, events } = await run({ StartAt: "F", States: { F: { Type: "Fail" } } }, {});
    expect(outcome).toEqual({ status: "FAILED" });
    expect(events[2].executionFailedEventDetails).toEqual({});
  });
});

describe("Succeed state", () => {
  it("ends the execution with its (filtered) input", async () => {
    const { outcome, events } = await run({ StartAt: "S", States: { S: { Type: "Succeed", OutputPath: "$.a" } } }, { a: { b: 1 } });
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { b: 1 } });
    expect(types(events)).toEqual(["ExecutionStarted", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]);
  });
});
