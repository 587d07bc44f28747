/**
 * Histories recorded on real AWS (LocalStack's snapshot tests under
 * tests/aws/services/stepfunctions/), replayed with the same definitions and inputs and
 * compared on ids, previousEventIds, types and the error texts AWS writes.
 */
import { describe, expect, it } from "vitest";
import { fakeRunner, OUTER_SCOPE_SUMS, run, shape } from "./helpers.js";
import type { StateMachineDefinition } from "../src/engine/asl/types.js";
import type { Json } from "../src/engine/asl/json.js";

const FAILING_ITEM = {
  ProcessorConfig: { Mode: "INLINE" as const },
  StartAt: "HandleItemFail",
  States: { HandleItemFail: { Type: "Fail" as const, Error: "HandleItemFailError", Cause: "HandleItemFailCause" } },
};

describe("Map state (recorded)", () => {
  it("records no MapStateFailed between retried attempts (test_map_state_retry)", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "StartState",
        States: {
          StartState: { Type: "Pass", Result: [1], ResultPath: "$.arr", Next: "MapState" },
          MapState: {
            Type: "Map",
            ResultPath: null,
            InputPath: "$.arr",
            MaxConcurrency: 1,
            ItemProcessor: FAILING_ITEM,
            Retry: [{ ErrorEquals: ["HandleItemFailError"], MaxAttempts: 2 }],
            Next: "Final",
          },
          Final: { Type: "Pass", End: true },
        },
      },
      {},
    );
    expect(outcome).toEqual({ status: "FAILED", error: "HandleItemFailError", cause: "HandleItemFailCause" });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 2, "PassStateExited"],
      [4, 3, "MapStateEntered"],
      [5, 4, "MapStateStarted"],
      [6, 5, "MapIterationStarted"],
      [7, 6, "FailStateEntered"],
      [8, 7, "MapIterationFailed"],
      [9, 7, "MapStateStarted"],
      [10, 9, "MapIterationStarted"],
      [11, 10, "FailStateEntered"],
      [12, 11, "MapIterationFailed"],
      [13, 11, "MapStateStarted"],
      [14, 13, "MapIterationStarted"],
      [15, 14, "FailStateEntered"],
      [16, 15, "MapIterationFailed"],
      [17, 15, "MapStateFailed"],
      [18, 17, "ExecutionFailed"],
    ]);
  });

  it("exits a caught Map with the error output (test_map_state_catch)", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "StartState",
        States: {
          StartState: { Type: "Pass", Result: [1], ResultPath: "$.arr", Next: "MapState" },
          MapState: {
            Type: "Map",
            InputPath: "$.arr",
            MaxConcurrency: 1,
            ItemProcessor: FAILING_ITEM,
            Catch: [{ ErrorEquals: ["HandleItemFailError"], Next: "FinalCaught" }],
            Next: "Final",
          },
          FinalCaught: { Type: "Pass", End: true },
          Final: { Type: "Pass", End: true },
        },
      },
      {},
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { Error: "HandleItemFailError", Cause: "HandleItemFailCause" } });
    expect(shape(events).slice(6)).toEqual([
      [7, 6, "FailStateEntered"],
      [8, 7, "MapIterationFailed"],
      [9, 7, "MapStateFailed"],
      [10, 9, "MapStateExited"],
      [11, 10, "PassStateEntered"],
      [12, 11, "PassStateExited"],
      [13, 12, "ExecutionSucceeded"],
    ]);
  });

  it("chains the aborted siblings of a failed iteration to its last event (test_service_lambda_map_timeout)", async () => {
    const item = { FunctionName: "fn", Payload: null };
    const { outcome, events } = await run(
      {
        StartAt: "MapWait",
        States: {
          MapWait: {
            Type: "Map",
            ItemsPath: "$.Inputs",
            ItemProcessor: {
              StartAt: "LambdaInvoke",
              States: { LambdaInvoke: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" }, TimeoutSeconds: 5, End: true } },
            },
            End: true,
          },
        },
      },
      { Inputs: [item, item, item] },
      { tasks: fakeRunner(() => new Promise(() => {})) },
    );
    expect(outcome).toEqual({ status: "FAILED", error: "States.Timeout" });
    const timedOut = events.find((e) => e.type === "TaskTimedOut");
    const tail = shape(events).slice(-8);
    const id = timedOut?.id as number;
    expect(tail).toEqual([
      [id, timedOut?.previousEventId, "TaskTimedOut"],
      [id + 1, id, "MapIterationFailed"],
      [id + 2, id, "TaskStateAborted"],
      [id + 3, id, "MapIterationAborted"],
      [id + 4, id, "TaskStateAborted"],
      [id + 5, id, "MapIterationAborted"],
      [id + 6, id, "MapStateFailed"],
      [id + 7, id + 6, "ExecutionFailed"],
    ]);
  });
});

describe("Wait state (recorded)", () => {
  const wait = (field: Record<string, string>): StateMachineDefinition => ({ StartAt: "State_1", States: { State_1: { Type: "Wait", ...field, End: true } } });

  it("names the value of a TimestampPath that is not an ISO-8601 offset date-time (test_wait_timestamppath)", async () => {
    const { outcome, events } = await run(wait({ TimestampPath: "$.start_at" }), { start_at: "2026-01-01T00:00:00.000" });
    expect(outcome).toEqual({
      status: "FAILED",
      error: "States.Runtime",
      cause:
        "An error occurred while executing the state 'State_1' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.start_at == 2026-01-01T00:00:00.000",
    });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "WaitStateEntered"],
      [3, 2, "ExecutionFailed"],
    ]);
  });

  it("accepts fractional seconds of any length before Z", async () => {
    for (const t of ["2026-01-01T00:00:10Z", "2026-01-01T00:00:10.00Z", "2026-01-01T00:00:10.0000000Z"]) {
      const { outcome } = await run(wait({ TimestampPath: "$.start_at" }), { start_at: t });
      expect(outcome.status).toBe("SUCCEEDED");
    }
  });

  it("explains a SecondsPath that is missing, not an integer or negative", async () => {
    const missing = await run(wait({ SecondsPath: "$.s" }), {});
    expect(missing.outcome).toMatchObject({ cause: expect.stringContaining("The SecondsPath parameter does not reference an input value: $.s") });
    const text = await run(wait({ SecondsPath: "$.s" }), { s: "ten" });
    expect(text.outcome).toMatchObject({ cause: expect.stringContaining("The SecondsPath parameter cannot be parsed as a long value: $.s == ten") });
    const negative = await run(wait({ SecondsPath: "$.s" }), { s: -1 });
    expect(negative.outcome).toMatchObject({ cause: expect.stringContaining("The SecondsPath parameter references a negative value: $.s == -1") });
  });
});

describe("Context object (recorded)", () => {
  it("gives RetryCount only to the states that retry (test_query_context_object_values)", async () => {
    const tasks = fakeRunner((call) => call.parameters);
    const { outcome } = await run(
      {
        StartAt: "P",
        States: {
          P: { Type: "Pass", Parameters: { "state.$": "$$.State" }, ResultPath: "$.pass", Next: "T" },
          T: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { "state.$": "$$.State" }, ResultPath: "$.task", End: true },
        },
      },
      {},
      { tasks },
    );
    const output = (outcome as unknown as { output: { pass: { state: object }; task: { state: object } } }).output;
    expect(Object.keys(output.pass.state)).toEqual(["Name", "EnteredTime"]);
    expect(Object.keys(output.task.state)).toEqual(["Name", "EnteredTime", "RetryCount"]);
  });
});

describe("Map state JSONata Items (recorded)", () => {
  const machine = (map: Record<string, unknown>): StateMachineDefinition =>
    ({
      QueryLanguage: "JSONata",
      StartAt: "Start",
      States: {
        Start: { Type: "Pass", Assign: { ItemsVar: "{% $states.input.v %}" }, Output: {}, Next: "MapIterateState" },
        MapIterateState: { Type: "Map", ...map, ItemProcessor: { StartAt: "Pass", States: { Pass: { Type: "Pass", End: true } } }, End: true },
      },
    }) as StateMachineDefinition;

  it("names the type and value of Items that are not an array, chained before MapStateEntered (test_map_state_items_variable_sampling)", async () => {
    const cases: [unknown, string][] = [
      [1, "'number' for value: 1"],
      ["string", `'string' for value: "string"`],
      [true, "'boolean' for value: true"],
      [{ foo: "bar" }, `'object' for value: {"foo":"bar"}`],
      [null, "'null' for value: null"],
    ];
    for (const [v, text] of cases) {
      const { outcome, events } = await run(machine({ Items: "{% $ItemsVar %}" }), { v } as never);
      const cause = `An error occurred while executing the state 'MapIterateState' (entered at the event id #4). The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was ${text}`;
      expect(outcome).toEqual({ status: "FAILED", error: "States.QueryEvaluationError", cause });
      expect(shape(events).slice(3)).toEqual([
        [4, 3, "MapStateEntered"],
        [5, 3, "EvaluationFailed"],
        [6, 5, "MapStateFailed"],
        [7, 6, "ExecutionFailed"],
      ]);
      expect(events[4].evaluationFailedEventDetails).toEqual({ error: "States.QueryEvaluationError", cause, state: "MapIterateState", location: "Items" });
    }
  });

  it("fails a Map without Items whose input is not an array (test_map_state_items_input_types)", async () => {
    const { outcome, events } = await run(
      { QueryLanguage: "JSONata", StartAt: "M", States: { M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } } },
      1,
    );
    expect(outcome).toMatchObject({ error: "States.QueryEvaluationError", cause: expect.stringContaining("Map state input must be an array but was: 1") });
    expect(events[2].evaluationFailedEventDetails).not.toHaveProperty("location");
    expect(shape(events).slice(1)).toEqual([
      [2, 0, "MapStateEntered"],
      [3, 0, "EvaluationFailed"],
      [4, 3, "MapStateFailed"],
      [5, 4, "ExecutionFailed"],
    ]);
  });
});

describe("Distributed Map tolerated failures (recorded)", () => {
  const machine = (field: Record<string, string>): StateMachineDefinition => ({
    StartAt: "MapState",
    States: {
      MapState: {
        Type: "Map",
        ItemsPath: "$.Items",
        ...field,
        ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } },
        End: true,
      },
    },
  });

  it("reads the Path fields after MapStateStarted with AWS's causes (test_map_state_tolerated_failure_*_path)", async () => {
    const cases: [Record<string, string>, Record<string, unknown>, string][] = [
      [{ ToleratedFailureCountPath: "$.T" }, { T: {} }, 'The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.T'],
      [{ ToleratedFailureCountPath: "$.T" }, { T: "NoNumber" }, 'The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.T'],
      [{ ToleratedFailureCountPath: "$.T" }, { T: -1 }, "ToleratedFailureCount cannot be negative."],
      [{ ToleratedFailurePercentagePath: "$.T" }, { T: "NoNumber" }, 'The ToleratedFailurePercentagePath field refers to value "NoNumber" which is not a valid float: $.T'],
      [{ ToleratedFailurePercentagePath: "$.T" }, { T: -1.1 }, "ToleratedFailurePercentage must be between 0 and 100."],
    ];
    for (const [field, input, text] of cases) {
      const { outcome, events } = await run(machine(field), { Items: [0], ...input } as never);
      expect(outcome).toEqual({
        status: "FAILED",
        error: "States.Runtime",
        cause: `An error occurred while executing the state 'MapState' (entered at the event id #2). ${text}`,
      });
      expect(shape(events)).toEqual([
        [1, 0, "ExecutionStarted"],
        [2, 0, "MapStateEntered"],
        [3, 2, "MapStateStarted"],
        [4, 3, "ExecutionFailed"],
      ]);
    }
  });

  it("records MapRunStarted / MapRunSucceeded around the child executions", async () => {
    const { outcome, events } = await run(machine({ ToleratedFailurePercentagePath: "$.T" }), { Items: [0], T: 1 } as never);
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [0] });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "MapStateEntered"],
      [3, 2, "MapStateStarted"],
      [4, 3, "MapRunStarted"],
      [5, 4, "MapRunSucceeded"],
      [6, 5, "MapStateSucceeded"],
      // After MapRunStarted, as every Distributed Map recorded 2024-11/12 (test_map_state_nested_config_distributed).
      [7, 4, "MapStateExited"],
      [8, 7, "ExecutionSucceeded"],
    ]);
  });
});

describe("Wait state JSONata Timestamp (recorded)", () => {
  it("records an EvaluationFailed chained to WaitStateEntered (test_wait_timestamp_jsonata)", async () => {
    const { outcome, events } = await run(
      { QueryLanguage: "JSONata", StartAt: "WaitState", States: { WaitState: { Type: "Wait", Timestamp: "{% $states.input.TimestampValue %}", End: true } } },
      { TimestampValue: "2016-12-05 21:29:29Z" },
    );
    const cause =
      "An error occurred while executing the state 'WaitState' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05 21:29:29Z";
    expect(outcome).toEqual({ status: "FAILED", error: "States.QueryEvaluationError", cause });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "WaitStateEntered"],
      [3, 2, "EvaluationFailed"],
      [4, 3, "ExecutionFailed"],
    ]);
    expect(events[2].evaluationFailedEventDetails).toEqual({ error: "States.QueryEvaluationError", cause, state: "WaitState", location: "Timestamp" });
  });
});

describe("Task state timeouts in TaskScheduled (recorded)", () => {
  it("lists the resolved TimeoutSecondsPath (test_fixed_timeout_service_lambda_with_path)", async () => {
    const { events } = await run(
      {
        StartAt: "Start",
        States: { Start: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" }, TimeoutSecondsPath: "$.TimeoutSecondsValue", End: true } },
      },
      { TimeoutSecondsValue: 5, FunctionName: "fn", Payload: null },
      { tasks: fakeRunner(() => new Promise(() => {})) },
    );
    expect(shape(events).map((e) => e[2])).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskTimedOut", "ExecutionFailed"]);
    expect(events[2].taskScheduledEventDetails).toMatchObject({ timeoutInSeconds: 5 });
  });
});

describe("Choice comparison operators (recorded)", () => {
  // choice_operators/test_*_operators: Variable is $.Variable, the operand a literal or "$.Value".
  const VALUES: Json[] = [null, 0, 1.1, "", " ", "HelloWorld", "2012-10-09T19:00:55Z", [], [""], {}, { A: 0 }, true, false];
  const T0 = "2012-10-09T19:00:55Z";
  const T1 = "2012-10-09T19:00:56Z";

  async function decide(operator: string, variable: Json, operand: Json): Promise<boolean> {
    const path = operator.endsWith("Path");
    const { outcome } = await run(
      {
        StartAt: "C",
        States: {
          C: { Type: "Choice", Choices: [{ Variable: "$.Variable", [operator]: path ? "$.Value" : operand, Next: "T" }], Default: "F" },
          T: { Type: "Pass", Result: true, End: true },
          F: { Type: "Pass", Result: false, End: true },
        },
      } as StateMachineDefinition,
      { Variable: variable, Value: operand },
    );
    if (outcome.status !== "SUCCEEDED") throw new Error(JSON.stringify(outcome));
    return outcome.output === true;
  }

  it("answers the type tests as recorded (test_is_operators)", async () => {
    const recorded: Record<string, (v: Json) => boolean> = {
      IsBoolean: (v) => typeof v === "boolean",
      IsNull: (v) => v === null,
      IsNumeric: (v) => typeof v === "number",
      IsPresent: () => true,
      IsString: (v) => typeof v === "string",
    };
    for (const [operator, holds] of Object.entries(recorded)) {
      for (const v of VALUES) {
        expect(await decide(operator, v, true), `${operator} ${JSON.stringify(v)} true`).toBe(holds(v));
        expect(await decide(operator, v, false), `${operator} ${JSON.stringify(v)} false`).toBe(!holds(v));
      }
    }
  });

  it("is false for operands of another type (test_numeric / test_string / test_timestamp equals)", async () => {
    for (const v of VALUES) {
      expect(await decide("NumericEquals", v, 0)).toBe(v === 0);
      expect(await decide("NumericEqualsPath", v, 1)).toBe(false);
      expect(await decide("StringEquals", v, "HelloWorld")).toBe(v === "HelloWorld");
      expect(await decide("TimestampEquals", v, T0)).toBe(v === T0);
    }
    expect(await decide("TimestampEquals", "2023-02-24 12:15:56.832957", T0)).toBe(false);
  });

  it("orders strings and timestamps as recorded", async () => {
    const cases: [string, Json, Json, boolean][] = [
      ["StringEquals", " ", "     ", false],
      ["StringEqualsPath", "\t\n", "\t\r\n", false],
      ["StringGreaterThan", "A", "A\t\n\r", false],
      ["StringGreaterThanPath", "AB", "ABC", false],
      ["StringGreaterThanEquals", "", "", true],
      ["StringLessThan", "A", "AB", true],
      ["StringLessThanEqualsPath", "AB", "A", false],
      ["NumericGreaterThanEquals", 0, 0, true],
      ["NumericLessThanPath", 0, 1, true],
      ["TimestampGreaterThan", T1, T0, true],
      ["TimestampGreaterThanPath", T0, T1, false],
      ["TimestampGreaterThanEquals", T0, T0, true],
      ["TimestampLessThanEqualsPath", T1, T0, false],
    ];
    for (const [operator, v, operand, expected] of cases) expect(await decide(operator, v, operand), operator).toBe(expected);
  });
});

describe("JSONata expressions that return nothing (recorded, test_undefined_reference)", () => {
  const jsonata = (states: Record<string, unknown>, startAt = "State0"): StateMachineDefinition => ({ QueryLanguage: "JSONata", StartAt: startAt, States: states }) as StateMachineDefinition;
  const cause = (state: string, entered: number, field: string) =>
    `An error occurred while executing the state '${state}' (entered at the event id #${entered}). The JSONata expression '$doesNotExist' specified for the field '${field}' returned nothing (undefined).`;

  it("chains the EvaluationFailed to the event before the state's Entered event", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["BASE_UNDEFINED_OUTPUT", { Type: "Pass", Output: "{% $doesNotExist %}", End: true }, "Output"],
      ["BASE_UNDEFINED_OUTPUT_FIELD", { Type: "Pass", Output: { result: "{% $doesNotExist %}" }, End: true }, "Output/result"],
      ["BASE_UNDEFINED_ASSIGN", { Type: "Pass", Assign: { result: "{% $doesNotExist %}" }, End: true }, "Assign/result"],
      ["BASE_UNDEFINED_ARGUMENTS", { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: "{% $doesNotExist %}", End: true }, "Arguments"],
      ["BASE_UNDEFINED_ARGUMENTS_FIELD", { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "{% $doesNotExist %}" }, End: true }, "Arguments/FunctionName"],
    ];
    for (const [name, state, field] of cases) {
      const { outcome, events } = await run(jsonata({ State0: state }), {});
      expect(outcome, name).toEqual({ status: "FAILED", error: "States.QueryEvaluationError", cause: cause("State0", 2, field) });
      expect(shape(events).slice(1), name).toEqual([
        [2, 0, `${String(state.Type)}StateEntered`],
        [3, 0, "EvaluationFailed"],
        [4, 3, "ExecutionFailed"],
      ]);
      expect(events[2].evaluationFailedEventDetails, name).toEqual({ error: "States.QueryEvaluationError", cause: cause("State0", 2, field), location: field, state: "State0" });
    }
  });

  it("chains to the previous state's last event in a longer run (BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES)", async () => {
    const { outcome, events } = await run(
      jsonata({
        State0: { Type: "Pass", Next: "State1" },
        State1: { Type: "Pass", Next: "State2" },
        State2: { Type: "Pass", Output: { result: "{% $doesNotExist %}" }, End: true },
      }),
      {},
    );
    expect(outcome).toEqual({ status: "FAILED", error: "States.QueryEvaluationError", cause: cause("State2", 6, "Output/result") });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 2, "PassStateExited"],
      [4, 3, "PassStateEntered"],
      [5, 4, "PassStateExited"],
      [6, 5, "PassStateEntered"],
      [7, 5, "EvaluationFailed"],
      [8, 7, "ExecutionFailed"],
    ]);
  });

  it("keeps the EvaluationFailed after the Entered event when a Retry handles the state's errors", async () => {
    const { events } = await run(
      jsonata({
        State0: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "{% $doesNotExist %}" }, Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 1, IntervalSeconds: 1 }], End: true },
      }),
      {},
    );
    expect(shape(events).slice(1)).toEqual([
      [2, 0, "TaskStateEntered"],
      [3, 2, "EvaluationFailed"],
      [4, 3, "EvaluationFailed"],
      [5, 4, "ExecutionFailed"],
    ]);
  });
});

describe("variables read from an outer Map scope (recorded, BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE)", () => {
  it("assigns the sums AWS recorded (States.MathAdd adds integers: 4.3 counts as 4)", async () => {
    const { outcome, events } = await run(OUTER_SCOPE_SUMS, {});
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [[9, 44, 6], [82, 25, 76], [18, 42, 2]] });
    const sums = events.filter((e) => (e.stateExitedEventDetails as { name?: string } | undefined)?.name === "Summate").map((e) => (e.stateExitedEventDetails as { assignedVariables: Record<string, string> }).assignedVariables.Sum);
    expect(sums).toEqual(["63", "63", "63", "187", "187", "187", "66", "66", "66"]);
    expect(shape(events).slice(20, 26)).toEqual([
      [21, 20, "PassStateExited"],
      [22, 21, "MapIterationSucceeded"],
      [23, 22, "MapStateSucceeded"],
      [24, 22, "MapStateExited"],
      [25, 24, "MapIterationSucceeded"],
      [26, 24, "MapIterationStarted"],
    ]);
  });
});
