import { describe, expect, it } from "vitest";
import { MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { createStepFunctions } from "../src/index.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const WAIT_AN_HOUR = { StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } };

async function engineAt(clock: VirtualClock) {
  const sfn = await createStepFunctions({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
  return sfn.engine;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe("executions' own timeouts", () => {
  it("times out executions started at the same instant together, but not one stopped before", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const engine = await engineAt(clock);
    const definition = JSON.stringify({ ...WAIT_AN_HOUR, TimeoutSeconds: 10 });
    const { stateMachineArn } = await engine.createStateMachine({ name: "together", definition, roleArn: ROLE });
    const arns: string[] = [];
    for (const name of ["a", "b", "c"]) arns.push((await engine.startExecution({ stateMachineArn, name, input: "{}" })).executionArn as string);
    await settle();
    await engine.stopExecution({ executionArn: arns[1] });
    await clock.advance(9_999);
    expect(arns.map((executionArn) => engine.describeExecution({ executionArn }).status)).toEqual(["RUNNING", "ABORTED", "RUNNING"]);
    await clock.advance(1);
    await settle();
    expect(arns.map((executionArn) => engine.describeExecution({ executionArn }).status)).toEqual(["TIMED_OUT", "ABORTED", "TIMED_OUT"]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("times out executions started at different instants each at its own deadline", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const engine = await engineAt(clock);
    const definition = JSON.stringify({ ...WAIT_AN_HOUR, TimeoutSeconds: 10 });
    const { stateMachineArn } = await engine.createStateMachine({ name: "apart", definition, roleArn: ROLE });
    const first = (await engine.startExecution({ stateMachineArn, name: "first", input: "{}" })).executionArn as string;
    await settle();
    await clock.advance(4_000);
    const second = (await engine.startExecution({ stateMachineArn, name: "second", input: "{}" })).executionArn as string;
    await settle();
    await clock.advance(6_000);
    await settle();
    expect([first, second].map((executionArn) => engine.describeExecution({ executionArn }).status)).toEqual(["TIMED_OUT", "RUNNING"]);
    await clock.advance(4_000);
    await settle();
    expect(engine.describeExecution({ executionArn: second }).status).toBe("TIMED_OUT");
    expect(clock.pendingTimers()).toBe(0);
  });

  it("ends Express executions started together at the 5-minute cap, and leaves no timer behind", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const engine = await engineAt(clock);
    const { stateMachineArn } = await engine.createStateMachine({ name: "capped", definition: JSON.stringify(WAIT_AN_HOUR), roleArn: ROLE, type: "EXPRESS" });
    const answers = [engine.startSyncExecution({ stateMachineArn, input: "{}" }), engine.startSyncExecution({ stateMachineArn, input: "{}" })];
    await settle();
    await clock.advance(300_000);
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual(["TIMED_OUT", "TIMED_OUT"]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
