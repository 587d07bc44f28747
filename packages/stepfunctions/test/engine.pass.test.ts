import { describe, expect, it } from "vitest";
import { run, shape } from "./helpers.js";

describe("Pass state", () => {
  it("records AWS's event sequence for a Pass-only execution", async () => {
    const { outcome, events } = await run({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }, { a: 1 });
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { a: 1 } });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 2, "PassStateExited"],
      [4, 3, "ExecutionSucceeded"],
    ]);
    expect(events[0].executionStartedEventDetails).toEqual({ input: '{"a":1}', inputDetails: { truncated: false }, roleArn: expect.any(String) });
    expect(events[1].stateEnteredEventDetails).toEqual({ name: "P", input: '{"a":1}', inputDetails: { truncated: false } });
    expect(events[2].stateExitedEventDetails).toEqual({ name: "P", output: '{"a":1}', outputDetails: { truncated: false } });
    expect(events[3].executionSucceededEventDetails).toEqual({ output: '{"a":1}', outputDetails: { truncated: false } });
  });

  it("applies InputPath, Parameters, ResultPath and OutputPath", async () => {
    const { outcome } = await run(
      {
        StartAt: "P",
        States: {
          P: {
            Type: "Pass",
            InputPath: "$.in",
            Parameters: { "x.$": "$.v", fixed: "f", "ctx.$": "$$.State.Name", "fmt.$": "States.Format('v={}', $.v)" },
            ResultPath: "$.out.r",
            OutputPath: "$.out",
            End: true,
          },
        },
      },
      { in: { v: 7 }, keep: true },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { r: { x: 7, fixed: "f", ctx: "P", fmt: "v=7" } } });
  });

  it("fails with States.Runtime when a Parameters path selects nothing", async () => {
    const { outcome, events } = await run(
      { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "Value.$": "$.missing" }, End: true } } },
      {},
    );
    expect(outcome).toEqual({
      status: "FAILED",
      error: "States.Runtime",
      cause:
        "An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'Value.$' could not be found in the input '{}'",
    });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 0, "ExecutionFailed"],
    ]);
  });
});
