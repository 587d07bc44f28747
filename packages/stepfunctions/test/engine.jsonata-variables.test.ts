import { describe, expect, it } from "vitest";
import { fakeRunner, run, types } from "./helpers.js";
import type { StateMachineDefinition } from "../src/engine/asl/types.js";

function pass(output: unknown, input: unknown = {}) {
  return run({ QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", Output: output as never, End: true } } }, input as never);
}

describe("JSONata", () => {
  it("evaluates {% %} templates anywhere in Output", async () => {
    const { outcome } = await pass({ sum: "{% $sum($states.input.n) %}", literal: "text", nested: ["{% $states.input.n[0] %}", 2], name: "{% $states.context.State.Name %}" }, { n: [1, 2, 3] });
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { sum: 6, literal: "text", nested: [1, 2], name: "P" } });
  });

  it("provides $partition, $range, $hash, $random, $uuid and $parse", async () => {
    const { outcome } = await pass({
      partition: "{% $partition([1,2,3,4,5], 2) %}",
      range: "{% $range(0, 10, 5) %}",
      one: "{% $range(3, 3, 1) %}",
      hash: "{% $hash('input data', 'SHA-1') %}",
      random: "{% $random() < 1 %}",
      seeded: "{% $random(7) = $random(7) %}",
      uuid: "{% $length($uuid()) %}",
      parse: "{% $parse('{\"a\":[1]}') %}",
    });
    expect(outcome).toEqual({
      status: "SUCCEEDED",
      output: { partition: [[1, 2], [3, 4], [5]], range: [0, 5, 10], one: 3, hash: "aaff4a450a104cd177d28d18d74485e8cae074b7", random: true, seeded: true, uuid: 36, parse: { a: [1] } },
    });
  });

  it("fails with States.QueryEvaluationError and AWS's text when an expression returns nothing", async () => {
    const { outcome, events } = await pass({ v: "{% $states.input.absent %}" });
    expect(outcome).toEqual({
      status: "FAILED",
      error: "States.QueryEvaluationError",
      cause: "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.absent' specified for the field 'Output/v' returned nothing (undefined).",
    });
    expect(types(events)).toEqual(["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"]);
  });

  it("fails with States.QueryEvaluationError and the JSONata error code when an expression throws", async () => {
    const { outcome } = await pass("{% $range('0', 4, 1) %}");
    expect(outcome).toEqual({
      status: "FAILED",
      error: "States.QueryEvaluationError",
      cause:
        "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$range('0', 4, 1)' specified for the field 'Output' threw an error during evaluation. T0410: Argument 1 of function \"range\" does not match function signature",
    });
  });

  it("lets a Catch on States.QueryEvaluationError handle an Arguments failure", async () => {
    const { outcome, events } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", Arguments: { x: "{% 1 + 'a' %}" }, Catch: [{ ErrorEquals: ["States.QueryEvaluationError"], Next: "C" }], End: true },
          C: { Type: "Succeed" },
        },
      },
      {},
    );
    expect(outcome).toMatchObject({ status: "SUCCEEDED", output: { Error: "States.QueryEvaluationError" } });
    expect(types(events)).toEqual(["ExecutionStarted", "TaskStateEntered", "EvaluationFailed", "TaskStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]);
  });

  it("mixes query languages per state", async () => {
    const { outcome } = await run(
      {
        StartAt: "A",
        States: {
          A: { Type: "Pass", Parameters: { "x.$": "$.n" }, Next: "B" },
          B: { Type: "Pass", QueryLanguage: "JSONata", Output: "{% $states.input.x + 1 %}", End: true },
        },
      },
      { n: 1 },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: 2 });
  });
});

describe("variables", () => {
  it("assigns in JSONPath states and reads them later with $name", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "A",
        States: {
          A: { Type: "Pass", Assign: { "who.$": "$.name", count: 1, "upper.$": "States.Format('{}!', $.name)" }, Next: "B" },
          B: { Type: "Pass", Parameters: { "who.$": "$who", "count.$": "$count", "upper.$": "$upper" }, End: true },
        },
      },
      { name: "ann" },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { who: "ann", count: 1, upper: "ann!" } });
    expect(events[2].stateExitedEventDetails).toEqual({
      name: "A",
      output: '{"name":"ann"}',
      outputDetails: { truncated: false },
      assignedVariables: { who: '"ann"', count: "1", upper: '"ann!"' },
      assignedVariablesDetails: { truncated: false },
    });
  });

  it("evaluates Assign and Output against the values the state entered with", async () => {
    const { outcome } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "A",
        States: {
          A: { Type: "Pass", Assign: { x: 1 }, Next: "B" },
          B: { Type: "Pass", Assign: { x: "{% $x + 1 %}", y: "{% $x %}" }, Output: { x: "{% $x %}" }, Next: "C" },
          C: { Type: "Pass", Output: { x: "{% $x %}", y: "{% $y %}" }, End: true },
        },
      },
      {},
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { x: 2, y: 1 } });
  });

  it("lets a Task's Assign read $states.result", async () => {
    const { outcome } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", Assign: { got: "{% $states.result.v %}" }, Output: "{% $states.input %}", Next: "R" },
          R: { Type: "Pass", Output: "{% $got %}", End: true },
        },
      },
      { in: true },
      { tasks: fakeRunner(() => ({ v: 5 })) },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: 5 });
  });

  it("gives Parallel branches and Map iterations read-only access to outer variables", async () => {
    const def: StateMachineDefinition = {
      QueryLanguage: "JSONata",
      StartAt: "Init",
      States: {
        Init: { Type: "Pass", Assign: { base: 10 }, Next: "Par" },
        Par: {
          Type: "Parallel",
          Branches: [
            { StartAt: "B1", States: { B1: { Type: "Pass", Assign: { local: 1 }, Next: "B2" }, B2: { Type: "Pass", Output: "{% $base + $local %}", End: true } } },
            { StartAt: "M", States: { M: { Type: "Map", Items: [1, 2], ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", Output: "{% $base * $states.input %}", End: true } } }, End: true } } },
          ],
          Next: "After",
        },
        After: { Type: "Pass", Output: { result: "{% $states.input %}", local: "{% $exists($local) %}" }, End: true },
      },
    };
    const { outcome } = await run(def, {});
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { result: [11, [10, 20]], local: false } });
  });

  it("refuses to assign an outer variable from a branch", async () => {
    const { outcome } = await run(
      {
        StartAt: "Init",
        States: {
          Init: { Type: "Pass", Assign: { base: 1 }, Next: "Par" },
          Par: { Type: "Parallel", Branches: [{ StartAt: "B", States: { B: { Type: "Pass", Assign: { base: 2 }, End: true } } }], End: true },
        },
      },
      {},
    );
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.Runtime" });
  });
});
