import { describe, expect, it } from "vitest";
import { fakeRunner, run, shape, start, types } from "./helpers.js";
import { TaskError } from "../src/engine/asl/ports.js";

describe("Parallel state", () => {
  it("runs every branch on the input and returns their outputs in order", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "Par",
        States: {
          Par: {
            Type: "Parallel",
            Branches: [
              { StartAt: "A", States: { A: { Type: "Pass", Result: "a", End: true } } },
              { StartAt: "B", States: { B: { Type: "Pass", Next: "B2" }, B2: { Type: "Pass", Result: "b", End: true } } },
            ],
            ResultPath: "$.out",
            End: true,
          },
        },
      },
      { x: 1 },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { x: 1, out: ["a", "b"] } });
    const parallel = events.filter((e) => (e.type as string).startsWith("Parallel"));
    expect(parallel.map((e) => e.type)).toEqual(["ParallelStateEntered", "ParallelStateStarted", "ParallelStateSucceeded", "ParallelStateExited"]);
    const started = events.find((e) => e.type === "ParallelStateStarted");
    // every branch's first state chains to ParallelStateStarted
    const firsts = events.filter((e) => (e.stateEnteredEventDetails as { name?: string } | undefined)?.name === "A" || (e.stateEnteredEventDetails as { name?: string } | undefined)?.name === "B");
    expect(firsts.map((e) => e.previousEventId)).toEqual([started?.id, started?.id]);
    const succeeded = events.find((e) => e.type === "ParallelStateSucceeded");
    const exited = events.find((e) => e.type === "ParallelStateExited");
    expect(succeeded?.previousEventId).toBe(exited?.previousEventId);
  });

  it("fails with the failing branch's error, aborting the others", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "Par",
        States: {
          Par: {
            Type: "Parallel",
            Branches: [
              { StartAt: "Slow", States: { Slow: { Type: "Wait", Seconds: 60, End: true } } },
              { StartAt: "Bad", States: { Bad: { Type: "Fail", Error: "BranchError", Cause: "it broke" } } },
            ],
            End: true,
          },
        },
      },
      {},
    );
    expect(outcome).toEqual({ status: "FAILED", error: "BranchError", cause: "it broke" });
    expect(types(events)).toEqual([
      "ExecutionStarted",
      "ParallelStateEntered",
      "ParallelStateStarted",
      "WaitStateEntered",
      "FailStateEntered",
      "WaitStateAborted",
      "ParallelStateFailed",
      "ExecutionFailed",
    ]);
    const failEntered = events.find((e) => e.type === "FailStateEntered");
    expect(events.find((e) => e.type === "ParallelStateFailed")?.previousEventId).toBe(failEntered?.id);
  });

  it("retries and catches a failed Parallel like a Task", async () => {
    let calls = 0;
    const { outcome, events } = await run(
      {
        StartAt: "Par",
        States: {
          Par: {
            Type: "Parallel",
            Branches: [{ StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", End: true } } }],
            Retry: [{ ErrorEquals: ["Flaky"], MaxAttempts: 1 }],
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "Done", ResultPath: "$.err" }],
            End: true,
          },
          Done: { Type: "Succeed" },
        },
      },
      {},
      { tasks: fakeRunner(() => { calls++; throw new TaskError(calls === 1 ? "Flaky" : "Broken", "x"); }) },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { err: { Error: "Broken", Cause: "x" } } });
    expect(types(events).filter((t) => t.startsWith("Parallel"))).toEqual([
      "ParallelStateEntered",
      "ParallelStateStarted",
      "ParallelStateStarted",
      "ParallelStateFailed",
      "ParallelStateExited",
    ]);
  });
});

describe("Map state", () => {
  it("records AWS's sequence for MaxConcurrency 1 (one worker chain)", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            ItemsPath: "$.items",
            MaxConcurrency: 1,
            ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } },
            ResultPath: "$.out",
            End: true,
          },
        },
      },
      { items: [1, "two"] },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { items: [1, "two"], out: [1, "two"] } });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "MapStateEntered"],
      [3, 2, "MapStateStarted"],
      [4, 3, "MapIterationStarted"],
      [5, 4, "PassStateEntered"],
      [6, 5, "PassStateExited"],
      [7, 6, "MapIterationSucceeded"],
      [8, 6, "MapIterationStarted"],
      [9, 8, "PassStateEntered"],
      [10, 9, "PassStateExited"],
      [11, 10, "MapIterationSucceeded"],
      [12, 11, "MapStateSucceeded"],
      [13, 11, "MapStateExited"],
      [14, 13, "ExecutionSucceeded"],
    ]);
    expect(events[2].mapStateStartedEventDetails).toEqual({ length: 2 });
    expect(events[3].mapIterationStartedEventDetails).toEqual({ index: 0, name: "M" });
  });

  it("builds each iteration's input with ItemSelector and $$.Map.Item", async () => {
    const { outcome } = await run(
      {
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            ItemsPath: "$.items",
            ItemSelector: { "index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "shared.$": "$.shared" },
            ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
            End: true,
          },
        },
      },
      { items: ["a", "b"], shared: 1 },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [{ index: 0, value: "a", shared: 1 }, { index: 1, value: "b", shared: 1 }] });
  });

  it("keeps at most MaxConcurrency iterations running", async () => {
    const pending: (() => void)[] = [];
    let running = 0;
    let peak = 0;
    const { handle } = start(
      {
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            MaxConcurrency: 2,
            ItemProcessor: { StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", End: true } } },
            End: true,
          },
        },
      },
      [1, 2, 3, 4, 5],
      {
        tasks: fakeRunner(
          (c) =>
            new Promise((resolve) => {
              running++;
              peak = Math.max(peak, running);
              pending.push(() => {
                running--;
                resolve(c.parameters);
              });
            }),
        ),
      },
    );
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      pending.shift()?.();
    }
    expect(await handle.done).toEqual({ status: "SUCCEEDED", output: [1, 2, 3, 4, 5] });
    expect(peak).toBe(2);
  });

  it("fails with the failing iteration's error and catches it", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            MaxConcurrency: 1,
            Iterator: { StartAt: "F", States: { F: { Type: "Fail", Error: "ItemError", Cause: "bad item" } } },
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }],
            End: true,
          },
          Caught: { Type: "Pass", End: true },
        },
      },
      [1, 2],
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { Error: "ItemError", Cause: "bad item" } });
    expect(shape(events).slice(0, 9)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "MapStateEntered"],
      [3, 2, "MapStateStarted"],
      [4, 3, "MapIterationStarted"],
      [5, 4, "FailStateEntered"],
      [6, 5, "MapIterationFailed"],
      [7, 5, "MapStateFailed"],
      [8, 7, "MapStateExited"],
      [9, 8, "PassStateEntered"],
    ]);
  });

  it("handles an empty item list", async () => {
    const { outcome, events } = await run({ StartAt: "M", States: { M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } } }, []);
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [] });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "MapStateEntered"],
      [3, 2, "MapStateStarted"],
      [4, 3, "MapStateSucceeded"],
      [5, 3, "MapStateExited"],
      [6, 5, "ExecutionSucceeded"],
    ]);
  });

  it("evaluates JSONata Items, ItemSelector and MaxConcurrency", async () => {
    const { outcome } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "M",
        States: {
          M: {
            Type: "Map",
            Items: "{% $states.input.list %}",
            MaxConcurrency: "{% 2 %}",
            ItemSelector: { v: "{% $states.context.Map.Item.Value * 10 %}", i: "{% $states.context.Map.Item.Index %}" },
            ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
            Output: "{% $sum($states.result.v) %}",
            End: true,
          },
        },
      },
      { list: [1, 2, 3] },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: 60 });
  });

  it("fails with States.Runtime when ItemsPath is not an array", async () => {
    const { outcome } = await run({ StartAt: "M", States: { M: { Type: "Map", ItemsPath: "$.x", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } } }, { x: 1 });
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  });
});

describe("Map state in Distributed mode", () => {
  const processor = (states: Record<string, unknown>) => ({ ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "P", States: states }) as never;

  it("runs items as child executions: MapRun events, no iteration events in the parent history", async () => {
    const { outcome, events } = await run(
      { StartAt: "M", States: { M: { Type: "Map", Label: "Items", ItemProcessor: processor({ P: { Type: "Pass", End: true } }), End: true } } },
      [1, 2, 3],
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [1, 2, 3] });
    expect(types(events)).toEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]);
    expect((events[3].mapRunStartedEventDetails as { mapRunArn: string }).mapRunArn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:Machine\/Items:[0-9a-f-]{36}$/);
  });

  it("batches items with ItemBatcher", async () => {
    const { outcome } = await run(
      {
        StartAt: "M",
        States: { M: { Type: "Map", ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { tag: "t" } }, ItemProcessor: processor({ P: { Type: "Pass", End: true } }), End: true } },
      },
      [1, 2, 3],
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [{ BatchInput: { tag: "t" }, Items: [1, 2] }, { BatchInput: { tag: "t" }, Items: [3] }] });
  });

  it("tolerates failures up to ToleratedFailureCount, then fails with States.ExceedToleratedFailureThreshold", async () => {
    const def = (count: number) => ({
      StartAt: "M",
      States: {
        M: {
          Type: "Map" as const,
          MaxConcurrency: 1,
          ToleratedFailureCount: count,
          ItemProcessor: processor({
            P: { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 2, Next: "F" }], Default: "Ok" },
            F: { Type: "Fail", Error: "Two", Cause: "no twos" },
            Ok: { Type: "Pass", End: true },
          }),
          End: true,
        },
      },
    });
    const tolerated = await run(def(1), [1, 2, 3]);
    expect(tolerated.outcome).toEqual({ status: "SUCCEEDED", output: [1, { Error: "Two", Cause: "no twos" }, 3] });
    const exceeded = await run(def(0), [1, 2, 3]);
    expect(exceeded.outcome).toEqual({ status: "FAILED", error: "States.ExceedToleratedFailureThreshold", cause: "The specified tolerated failure threshold was exceeded" });
    expect(types(exceeded.events)).toContain("MapRunFailed");
  });
});
