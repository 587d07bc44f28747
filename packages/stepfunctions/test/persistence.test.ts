import { afterEach, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { createStepFunctions } from "../src/index.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function open(dir: string, clock: VirtualClock) {
  const store = new FileStore({ dir, clock, idleCompactMs: 60 * 60 * 1000 });
  const sfn = await createStepFunctions({ store, clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
  return { store, sfn };
}

describe("durable executions", () => {
  it("keeps state machines, executions and histories across a restart and resumes a running execution", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sfn-"));
    dirs.push(dir);
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const first = await open(dir, clock);
    const definition = JSON.stringify({
      StartAt: "A",
      States: {
        A: { Type: "Pass", Assign: { seen: "a" }, Result: { step: "a" }, Next: "Sleep" },
        Sleep: { Type: "Wait", Seconds: 86_400, Next: "B" },
        B: { Type: "Pass", Parameters: { "step.$": "$.step", "seen.$": "$seen" }, End: true },
      },
    });
    const { stateMachineArn } = await first.sfn.engine.createStateMachine({ name: "long", definition, roleArn: ROLE });
    const { executionArn } = await first.sfn.engine.startExecution({ stateMachineArn, name: "e1", input: "{}" });
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    await clock.advance(3600_000);
    await first.sfn.close();
    await first.store.close();

    const later = new VirtualClock(Date.UTC(2026, 0, 1, 2));
    const second = await open(dir, later);
    expect(second.sfn.engine.describeStateMachine({ stateMachineArn })).toMatchObject({ name: "long", definition });
    expect(second.sfn.engine.describeExecution({ executionArn })).toMatchObject({ status: "RUNNING" });
    await later.advance(22 * 3600_000 - 1);
    expect(second.sfn.engine.describeExecution({ executionArn })).toMatchObject({ status: "RUNNING" });
    await later.advance(1);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(second.sfn.engine.describeExecution({ executionArn })).toMatchObject({ status: "SUCCEEDED", output: '{"step":"a","seen":"a"}' });
    const history = second.sfn.engine.getExecutionHistory({ executionArn }) as { events: { id: number; previousEventId: number; type: string }[] };
    expect(history.events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 2, "PassStateExited"],
      [4, 3, "WaitStateEntered"],
      [5, 4, "WaitStateExited"],
      [6, 5, "PassStateEntered"],
      [7, 6, "PassStateExited"],
      [8, 7, "ExecutionSucceeded"],
    ]);
    await second.sfn.close();
    await second.store.close();
  });
});
