import { describe, expect, it } from "vitest";
import { MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { createStepFunctions } from "../src/index.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";

async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
}

describe("states:startExecution", () => {
  it("starts a child execution and waits for it with .sync and .sync:2", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const sfn = await createStepFunctions({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
    const child = await sfn.engine.createStateMachine({
      name: "child",
      definition: JSON.stringify({ StartAt: "C", States: { C: { Type: "Pass", Parameters: { "doubled.$": "States.MathAdd($.n, $.n)" }, End: true } } }),
      roleArn: ROLE,
    });
    const failing = await sfn.engine.createStateMachine({ name: "failing", definition: JSON.stringify({ StartAt: "F", States: { F: { Type: "Fail", Error: "ChildError", Cause: "c" } } }), roleArn: ROLE });
    const parent = await sfn.engine.createStateMachine({
      name: "parent",
      definition: JSON.stringify({
        StartAt: "Fire",
        States: {
          Fire: { Type: "Task", Resource: "arn:aws:states:::states:startExecution", Parameters: { StateMachineArn: child.stateMachineArn, Input: { n: 1 } }, ResultPath: "$.fired", Next: "Sync" },
          Sync: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync", Parameters: { StateMachineArn: child.stateMachineArn, Input: { n: 2 } }, ResultSelector: { "out.$": "States.StringToJson($.Output)", "status.$": "$.Status" }, ResultPath: "$.sync", Next: "Sync2" },
          Sync2: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync:2", Parameters: { StateMachineArn: child.stateMachineArn, "Input.$": "$.in" }, ResultSelector: { "out.$": "$.Output" }, ResultPath: "$.sync2", Next: "Bad" },
          Bad: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync", Parameters: { StateMachineArn: failing.stateMachineArn }, Catch: [{ ErrorEquals: ["States.TaskFailed"], ResultPath: "$.bad", Next: "Done" }], End: true },
          Done: { Type: "Pass", End: true },
        },
      }),
      roleArn: ROLE,
    });
    const { executionArn } = await sfn.engine.startExecution({ stateMachineArn: parent.stateMachineArn, input: '{"in":{"n":5}}' });
    await settle();
    const out = JSON.parse(String(sfn.engine.describeExecution({ executionArn }).output)) as Record<string, { [k: string]: unknown }>;
    expect(out.fired.ExecutionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:execution:child:/);
    expect(out.sync).toEqual({ out: { doubled: 4 }, status: "SUCCEEDED" });
    expect(out.sync2).toEqual({ out: { doubled: 10 } });
    expect(out.bad.Error).toBe("States.TaskFailed");
    expect(JSON.parse(out.bad.Cause as string)).toMatchObject({ Status: "FAILED", Error: "ChildError", Cause: "c" });
    await sfn.close();
  });
});
