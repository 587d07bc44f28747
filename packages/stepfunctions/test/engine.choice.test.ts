import { describe, expect, it } from "vitest";
import { run, types } from "./helpers.js";
import type { ChoiceRule, StateMachineDefinition } from "../src/engine/asl/types.js";
import { stringMatches } from "../src/engine/asl/choice.js";

function machine(rule: ChoiceRule, extra: Partial<StateMachineDefinition["States"][string]> = {}): StateMachineDefinition {
  return {
    StartAt: "C",
    States: {
      C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" }], Default: "No", ...extra },
      Yes: { Type: "Pass", Result: "yes", End: true },
      No: { Type: "Pass", Result: "no", End: true },
    },
  };
}

async function choose(rule: ChoiceRule, input: unknown): Promise<unknown> {
  const { outcome } = await run(machine(rule), input as never);
  return outcome.status === "SUCCEEDED" ? outcome.output : outcome;
}

describe("Choice state (JSONPath)", () => {
  const cases: [string, ChoiceRule, unknown, string][] = [
    ["StringEquals", { Variable: "$.s", StringEquals: "a" }, { s: "a" }, "yes"],
    ["StringEquals on a number", { Variable: "$.s", StringEquals: "1" }, { s: 1 }, "no"],
    ["StringLessThan", { Variable: "$.s", StringLessThan: "b" }, { s: "a" }, "yes"],
    ["StringGreaterThan", { Variable: "$.s", StringGreaterThan: "b" }, { s: "a" }, "no"],
    ["StringLessThanEquals", { Variable: "$.s", StringLessThanEquals: "a" }, { s: "a" }, "yes"],
    ["StringGreaterThanEquals", { Variable: "$.s", StringGreaterThanEquals: "b" }, { s: "c" }, "yes"],
    ["StringMatches", { Variable: "$.s", StringMatches: "log-*.txt" }, { s: "log-2026.txt" }, "yes"],
    ["StringMatches miss", { Variable: "$.s", StringMatches: "log-*.txt" }, { s: "log-2026.csv" }, "no"],
    ["NumericEquals", { Variable: "$.n", NumericEquals: 3 }, { n: 3 }, "yes"],
    ["NumericEquals on a string", { Variable: "$.n", NumericEquals: 3 }, { n: "3" }, "no"],
    ["NumericLessThan", { Variable: "$.n", NumericLessThan: 3 }, { n: 2.5 }, "yes"],
    ["NumericGreaterThan", { Variable: "$.n", NumericGreaterThan: 3 }, { n: 2.5 }, "no"],
    ["NumericLessThanEquals", { Variable: "$.n", NumericLessThanEquals: 3 }, { n: 3 }, "yes"],
    ["NumericGreaterThanEquals", { Variable: "$.n", NumericGreaterThanEquals: 3 }, { n: 4 }, "yes"],
    ["BooleanEquals", { Variable: "$.b", BooleanEquals: false }, { b: false }, "yes"],
    ["TimestampEquals", { Variable: "$.t", TimestampEquals: "2026-01-01T00:00:00Z" }, { t: "2026-01-01T00:00:00.000Z" }, "yes"],
    ["TimestampLessThan", { Variable: "$.t", TimestampLessThan: "2026-01-01T00:00:00Z" }, { t: "2025-12-31T23:59:59+00:00" }, "yes"],
    ["TimestampGreaterThan", { Variable: "$.t", TimestampGreaterThan: "2026-01-01T00:00:00Z" }, { t: "2026-01-01T00:00:01Z" }, "yes"],
    ["TimestampLessThanEquals", { Variable: "$.t", TimestampLessThanEquals: "2026-01-01T00:00:00Z" }, { t: "2026-01-01T00:00:00Z" }, "yes"],
    ["TimestampGreaterThanEquals", { Variable: "$.t", TimestampGreaterThanEquals: "2026-01-01T00:00:00Z" }, { t: "not a time" }, "no"],
    ["StringEqualsPath", { Variable: "$.a", StringEqualsPath: "$.b" }, { a: "x", b: "x" }, "yes"],
    ["NumericLessThanPath", { Variable: "$.a", NumericLessThanPath: "$.b" }, { a: 1, b: 2 }, "yes"],
    ["BooleanEqualsPath", { Variable: "$.a", BooleanEqualsPath: "$.b" }, { a: true, b: false }, "no"],
    ["TimestampGreaterThanPath", { Variable: "$.a", TimestampGreaterThanPath: "$.b" }, { a: "2026-02-01T00:00:00Z", b: "2026-01-01T00:00:00Z" }, "yes"],
    ["IsNull", { Variable: "$.v", IsNull: true }, { v: null }, "yes"],
    ["IsPresent true", { Variable: "$.v", IsPresent: true }, {}, "no"],
    ["IsPresent false", { Variable: "$.v", IsPresent: false }, {}, "yes"],
    ["IsNumeric", { Variable: "$.v", IsNumeric: true }, { v: 1.5 }, "yes"],
    ["IsString", { Variable: "$.v", IsString: false }, { v: 1 }, "yes"],
    ["IsBoolean", { Variable: "$.v", IsBoolean: true }, { v: true }, "yes"],
    ["IsTimestamp", { Variable: "$.v", IsTimestamp: true }, { v: "2026-01-01T10:00:00.5-05:00" }, "yes"],
    ["And", { And: [{ Variable: "$.n", NumericGreaterThan: 1 }, { Variable: "$.n", NumericLessThan: 3 }] }, { n: 2 }, "yes"],
    ["Or", { Or: [{ Variable: "$.n", NumericEquals: 1 }, { Variable: "$.n", NumericEquals: 3 }] }, { n: 2 }, "no"],
    ["Not", { Not: { Variable: "$.s", StringEquals: "a" } }, { s: "b" }, "yes"],
    ["a context path", { Variable: "$$.State.Name", StringEquals: "C" }, {}, "yes"],
  ];
  for (const [name, rule, input, expected] of cases) {
    it(`${name}`, async () => {
      expect(await choose(rule, input)).toBe(expected);
    });
  }

  it("fails with States.Runtime when the Variable selects nothing", async () => {
    expect(await choose({ Variable: "$.missing", StringEquals: "a" }, {})).toEqual({
      status: "FAILED",
      error: "States.Runtime",
      cause: "An error occurred while executing the state 'C' (entered at the event id #2). Invalid path '$.missing': The choice state's condition path references an invalid value.",
    });
  });

  it("fails with States.NoChoiceMatched when nothing matches and there is no Default", async () => {
    const { outcome, events } = await run(
      { StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericEquals: 1, Next: "E" }] }, E: { Type: "Succeed" } } },
      { n: 2 },
    );
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.NoChoiceMatched" });
    expect(types(events)).toEqual(["ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed"]);
  });

  it("records ChoiceStateEntered / ChoiceStateExited and applies InputPath and OutputPath", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "C",
        States: {
          C: { Type: "Choice", InputPath: "$.in", OutputPath: "$.v", Choices: [{ Variable: "$.v", IsPresent: true, Next: "E" }] },
          E: { Type: "Succeed" },
        },
      },
      { in: { v: 7 } },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: 7 });
    expect(types(events)).toEqual(["ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]);
  });
});

describe("StringMatches", () => {
  it("treats * as a wildcard and \\* and \\\\ as literals", () => {
    expect(stringMatches("a*b", "a\\*b")).toBe(true);
    expect(stringMatches("axb", "a\\*b")).toBe(false);
    expect(stringMatches("a\\b", "a\\\\b")).toBe(true);
    expect(stringMatches("anything", "*")).toBe(true);
    expect(stringMatches("x.y", "x.y")).toBe(true);
    expect(stringMatches("xzy", "x.y")).toBe(false);
  });
});

describe("Choice state (JSONata)", () => {
  it("picks the first rule whose Condition is true and applies its Output and Assign", async () => {
    const { outcome, events } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "C",
        States: {
          C: {
            Type: "Choice",
            Choices: [
              { Condition: "{% $states.input.n > 5 %}", Next: "Big", Output: { size: "big" } },
              { Condition: "{% $states.input.n > 1 %}", Next: "Mid", Assign: { seen: "{% $states.input.n %}" }, Output: "{% {'size': 'mid'} %}" },
            ],
            Default: "Small",
          },
          Big: { Type: "Succeed" },
          Mid: { Type: "Pass", Output: "{% $merge([$states.input, {'seen': $seen}]) %}", End: true },
          Small: { Type: "Succeed" },
        },
      },
      { n: 3 },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { size: "mid", seen: 3 } });
    expect(events[2].stateExitedEventDetails).toMatchObject({ assignedVariables: { seen: "3" }, assignedVariablesDetails: { truncated: false } });
  });

  it("fails with States.QueryEvaluationError when a Condition is not a boolean", async () => {
    const { outcome, events } = await run(
      { QueryLanguage: "JSONata", StartAt: "C", States: { C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.missing %}", Next: "E" }], Default: "E" }, E: { Type: "Succeed" } } },
      {},
    );
    expect(outcome).toEqual({
      status: "FAILED",
      error: "States.QueryEvaluationError",
      cause:
        "An error occurred while executing the state 'C' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Choices[0]/Condition' returned nothing (undefined).",
    });
    expect(types(events)).toEqual(["ExecutionStarted", "ChoiceStateEntered", "EvaluationFailed", "ExecutionFailed"]);
    expect(events[2].evaluationFailedEventDetails).toMatchObject({ error: "States.QueryEvaluationError", location: "Choices[0]/Condition", state: "C" });
  });
});
