import { OffsetClock, SandboxError, silentLogger, VirtualClock, type AwsDispatcher, type LambdaInvokeRequest, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import { afterEach, describe, expect, it } from "vitest";
import { createScheduler, type SchedulerHandle } from "../src/index.js";

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 1);

/** A scheduler on `clock` whose ports record what they are asked to do. */
function setup(clock: VirtualClock | OffsetClock = new VirtualClock(START), options: { failInvoke?: boolean } = {}) {
  const invocations: LambdaInvokeRequest[] = [];
  const calls: { service: string; action: string; input: Record<string, unknown> }[] = [];
  const warnings: string[] = [];
  const invoker: LambdaInvoker = {
    invoke: async (request) => {
      invocations.push(request);
      if (options.failInvoke) throw new Error("Function not found");
      return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
    },
  };
  const dispatcher: AwsDispatcher = {
    call: async (service, action, input) => {
      calls.push({ service, action, input });
      return { executionArn: "arn" };
    },
  };
  const logger: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
  const scheduler = createScheduler({ clock, logger, invoker, dispatcher, region: "us-east-1", accountId: "000000000000" });
  opened.push(scheduler);
  const payloads = () => invocations.map((i) => JSON.parse(i.payload.toString()) as Record<string, unknown>);
  return { scheduler, invocations, calls, warnings, payloads };
}

const opened: SchedulerHandle[] = [];
afterEach(() => {
  for (const scheduler of opened.splice(0)) scheduler.close();
});

const lambda = { kind: "lambda" as const, functionName: "app-Tick-ABC", functionArn: "arn:aws:lambda:us-east-1:000000000000:function:app-Tick-ABC" };
const machine = { kind: "states" as const, stateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:nightly" };

describe("createScheduler", () => {
  it("invokes a function asynchronously with the Scheduled Event of its rule", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, invocations, payloads } = setup(clock);
    scheduler.add({ id: "TickFnTick", name: "app-TickFnTick-XYZ", expression: "rate(5 minutes)", enabled: true, target: lambda });
    await clock.advance(4 * MINUTE);
    expect(invocations).toHaveLength(0);
    await clock.advance(MINUTE);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatchObject({ functionName: "app-Tick-ABC", invocationType: "Event", source: "events" });
    const event = payloads()[0];
    expect(Object.keys(event)).toEqual(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]);
    expect(event).toEqual({
      version: "0",
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: "000000000000",
      time: "2026-01-01T00:05:00Z",
      region: "us-east-1",
      resources: ["arn:aws:events:us-east-1:000000000000:rule/app-TickFnTick-XYZ"],
      detail: {},
    });
  });

  it("re-arms after each fire, keeping a rate's grid", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, payloads } = setup(clock);
    scheduler.add({ id: "Tick", expression: "rate(5 minutes)", enabled: true, target: lambda });
    await clock.advance(16 * MINUTE);
    expect(payloads().map((e) => e.time)).toEqual(["2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z", "2026-01-01T00:15:00Z"]);
    expect(scheduler.list()[0]).toMatchObject({ id: "Tick", fires: 3, lastFiredAt: START + 15 * MINUTE, nextFireAt: START + 20 * MINUTE });
  });

  it("sends Input instead of the event when the schedule has one", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, invocations } = setup(clock);
    scheduler.add({ id: "Report", expression: "cron(0 * * * ? *)", enabled: true, target: lambda, input: '{"report": true}' });
    await clock.advance(60 * MINUTE);
    expect(invocations.map((i) => i.payload.toString())).toEqual(['{"report": true}']);
  });

  it("fires an EventBridge Scheduler rate at once, sending {} without Input", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, invocations } = setup(clock);
    scheduler.add({ id: "Sync", kind: "ScheduleV2", expression: "rate(1 hour)", enabled: true, target: lambda });
    await clock.advance(0);
    expect(invocations.map((i) => [i.payload.toString(), i.source])).toEqual([["{}", "scheduler"]]);
    await clock.advance(60 * MINUTE);
    expect(invocations).toHaveLength(2);
    expect(scheduler.list()[0].arn).toBe("arn:aws:scheduler:us-east-1:000000000000:schedule/default/Sync");
  });

  it("starts a state machine execution with the event as its input", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, calls } = setup(clock);
    scheduler.add({ id: "Nightly", expression: "cron(0 2 * * ? *)", enabled: true, target: machine });
    await clock.advance(2 * 60 * MINUTE);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ service: "states", action: "StartExecution", input: { stateMachineArn: machine.stateMachineArn } });
    const input = JSON.parse(String(calls[0].input.input)) as Record<string, unknown>;
    expect(input).toMatchObject({ "detail-type": "Scheduled Event", time: "2026-01-01T02:00:00Z", resources: ["arn:aws:events:us-east-1:000000000000:rule/Nightly"] });
  });

  it("fires a one-time schedule once, and one in the past never", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, invocations } = setup(clock);
    scheduler.add({ id: "Once", kind: "ScheduleV2", expression: "at(2026-01-01T09:00:00)", timezone: "Asia/Tokyo", enabled: true, target: lambda });
    scheduler.add({ id: "Past", kind: "ScheduleV2", expression: "at(2025-12-31T00:00:00)", enabled: true, target: lambda });
    await clock.advance(24 * 60 * MINUTE);
    // 09:00 in Tokyo is midnight UTC: due at once.
    expect(invocations).toHaveLength(1);
    expect(scheduler.list().map((s) => [s.id, s.fires, s.nextFireAt])).toEqual([["Once", 1, undefined], ["Past", 0, undefined]]);
  });

  it("does not run a disabled schedule", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, invocations } = setup(clock);
    scheduler.add({ id: "Off", expression: "rate(1 minute)", enabled: false, target: lambda });
    await clock.advance(10 * MINUTE);
    expect(invocations).toHaveLength(0);
    expect(scheduler.list()[0]).toMatchObject({ enabled: false, fires: 0 });
    expect(scheduler.list()[0].nextFireAt).toBeUndefined();
  });

  it("fires once, for the latest fire passed over, when the clock jumps past several; then keeps its grid", async () => {
    const base = new VirtualClock(START);
    const clock = new OffsetClock(base);
    const { scheduler, payloads } = setup(clock);
    scheduler.add({ id: "Tick", expression: "rate(5 minutes)", enabled: true, target: lambda });
    clock.advance(62 * MINUTE); // `sandbox time advance 62m`
    await base.advance(0);
    expect(payloads().map((e) => e.time)).toEqual(["2026-01-01T01:00:00Z"]);
    expect(scheduler.list()[0].nextFireAt).toBe(START + 65 * MINUTE);
    clock.advance(3 * MINUTE);
    await base.advance(0);
    expect(payloads().map((e) => e.time)).toEqual(["2026-01-01T01:00:00Z", "2026-01-01T01:05:00Z"]);
  });

  it("does the same for cron, and a jump of a year stays one delivery", async () => {
    const base = new VirtualClock(START);
    const clock = new OffsetClock(base);
    const { scheduler, payloads } = setup(clock);
    scheduler.add({ id: "Hourly", expression: "cron(0 * ? * MON-FRI *)", enabled: true, target: lambda });
    scheduler.add({ id: "Minutely", expression: "cron(* * * * ? *)", enabled: true, target: lambda });
    clock.advance(5 * 60 * MINUTE + 30 * MINUTE);
    await base.advance(0);
    expect(payloads().map((e) => e.time)).toEqual(["2026-01-01T05:00:00Z", "2026-01-01T05:30:00Z"]);
    clock.advance(365 * 24 * 60 * MINUTE);
    await base.advance(0);
    // 2027-01-01 05:30 is a Friday: the hourly schedule's latest fire was 05:00 that day.
    expect(payloads().slice(2).map((e) => e.time)).toEqual(["2027-01-01T05:00:00Z", "2027-01-01T05:30:00Z"]);
    expect(scheduler.list().map((s) => s.fires)).toEqual([2, 2]);
  });

  it("keeps firing when a delivery fails, and says so", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, invocations, warnings } = setup(clock, { failInvoke: true });
    scheduler.add({ id: "Tick", expression: "rate(1 minute)", enabled: true, target: lambda });
    await clock.advance(2 * MINUTE);
    expect(invocations).toHaveLength(2);
    expect(warnings[0]).toBe("Schedule Tick (rate(1 minute)) could not reach function app-Tick-ABC: Function not found");
  });

  it("stops every timer on close()", async () => {
    const clock = new VirtualClock(START);
    const { scheduler, invocations } = setup(clock);
    scheduler.add({ id: "Tick", expression: "rate(1 minute)", enabled: true, target: lambda });
    scheduler.close();
    await clock.advance(5 * MINUTE);
    expect(invocations).toHaveLength(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("refuses an invalid expression with AWS's message, the template's file and line, and what is wrong", () => {
    const { scheduler } = setup();
    const error = (() => {
      try {
        scheduler.add({ id: "FnTick", expression: "cron(0 12 * * * *)", enabled: true, target: lambda, file: "/app/template.yaml", line: 14 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SandboxError);
    const sandboxError = error as SandboxError;
    expect(sandboxError.message).toBe("FnTick: Parameter ScheduleExpression is not valid.");
    expect(sandboxError.file).toBe("/app/template.yaml");
    expect(sandboxError.line).toBe(14);
    expect(sandboxError.hint).toBe("Day-of-month and Day-of-week cannot both be given: use ? in one of them, as in cron(0 12 * * ? *).");
    expect(scheduler.list()).toEqual([]);
  });

  it("refuses an unknown time zone, Input that is not JSON, and the same id twice", () => {
    const { scheduler } = setup();
    const where = { file: "/app/template.yaml", line: 3 };
    expect(() => scheduler.add({ id: "A", kind: "ScheduleV2", expression: "rate(1 hour)", timezone: "Nowhere/Land", enabled: true, target: lambda, ...where }))
      .toThrow("A: ScheduleExpressionTimezone Nowhere/Land is not a time zone");
    expect(() => scheduler.add({ id: "B", expression: "rate(1 hour)", enabled: true, target: lambda, input: "{report: true}", ...where }))
      .toThrow(/^B: Input is not valid JSON \(/);
    scheduler.add({ id: "C", expression: "rate(1 hour)", enabled: true, target: lambda });
    expect(() => scheduler.add({ id: "C", expression: "rate(2 hours)", enabled: true, target: lambda, ...where })).toThrow("Schedule C is declared twice");
  });
});
