/**
 * Differences found by replaying LocalStack's snapshot tests recorded on real AWS
 * (tests/aws/services/stepfunctions/v2/**\/*.snapshot.json) against the sandbox, through the
 * SFN SDK client. Each case asserts what AWS recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  PublishStateMachineVersionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TestStateCommand,
  ValidateStateMachineDefinitionCommand,
  type HistoryEvent,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";

let api: ApiHarness;
let client: SFNClient;
let n = 0;

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

async function create(definition: object): Promise<string> {
  const out = await client.send(new CreateStateMachineCommand({ name: `replay-${++n}`, roleArn: ROLE, definition: JSON.stringify(definition) }));
  return out.stateMachineArn ?? "";
}

async function execute(definition: object, input: unknown) {
  const stateMachineArn = await create(definition);
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  let described = await client.send(new DescribeExecutionCommand({ executionArn }));
  for (let i = 0; i < 200 && described.status === "RUNNING"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    described = await client.send(new DescribeExecutionCommand({ executionArn }));
  }
  const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  return { described, events };
}

/** [id, previousEventId, type] of each event. */
const shape = (events: HistoryEvent[]) => events.map((e) => [e.id, e.previousEventId, e.type]);

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return { name: error.name, message: error.message };
  }
  throw new Error("expected an error");
}

describe("JSONata Map Items (recorded, test_base_evaluate_expressions test_base_map[ITEMS])", () => {
  it("evaluates the {% %} elements of an Items array", async () => {
    const { described, events } = await execute(
      {
        QueryLanguage: "JSONata",
        StartAt: "Start",
        States: {
          Start: {
            Type: "Map",
            Items: [1, '{% $number("2") %}', 3],
            MaxConcurrency: 1,
            ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "Process", States: { Process: { Type: "Pass", End: true } } },
            End: true,
          },
        },
      },
      {},
    );
    expect(described.output).toBe("[1,2,3]");
    const entered = events.filter((e) => e.type === "PassStateEntered").map((e) => e.stateEnteredEventDetails?.input);
    expect(entered).toEqual(["1", "2", "3"]);
  });
});

describe("Assign literals (recorded, test_assign_base BASE_CONSTANT_LITERALS)", () => {
  const LIST = [null, 0, 0.1, true, "$.no.such.path", "$varname", "{% $varname %}", "$$", "States.Format('{}', $varname)", [], { constant: 0 }];

  it("accepts null and {% %}-looking strings inside arrays and assigns them as written", async () => {
    const { events } = await execute({ StartAt: "State0", States: { State0: { Type: "Pass", Assign: { constant_lst: LIST, constant_obj: { in_obj_constant_lst: LIST } }, End: true } } }, {
      input_value: "input_value_literal",
    });
    const exited = events.find((e) => e.type === "PassStateExited")?.stateExitedEventDetails;
    expect(exited?.assignedVariables?.constant_lst).toBe('[null,0,0.1,true,"$.no.such.path","$varname","{% $varname %}","$$","States.Format(\'{}\', $varname)",[],{"constant":0}]');
    expect(JSON.parse(exited?.assignedVariables?.constant_obj ?? "null")).toEqual({ in_obj_constant_lst: LIST });
  });
});

describe("state output over the payload quota (recorded, test_states_errors test_start_large_input)", () => {
  it("fails the execution with States.DataLimitExceeded and no Exited event", async () => {
    const { described, events } = await execute({ StartAt: "State_1", States: { State_1: { Type: "Pass", Result: { Arg1: "a".repeat(257 * 1024) }, End: true } } }, {});
    expect(described.status).toBe("FAILED");
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 2, "ExecutionFailed"],
    ]);
    expect(events[2]?.executionFailedEventDetails).toEqual({
      error: "States.DataLimitExceeded",
      cause: "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });
});

describe("API answers (recorded)", () => {
  it("lists ExecutionStatus in AWS's order in a statusFilter error (test_sfn_api test_state_machine_status_filter)", async () => {
    const stateMachineArn = await create({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    // The SDK types statusFilter as an enum; AWS's server is what answers a lower-case value.
    const error = await errorOf(client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "succeeded" as "SUCCEEDED" })));
    expect(error).toEqual({
      name: "ValidationException",
      message:
        "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
    });
  });

  it("prints the alias name pattern with its anchors (test_sfn_api_aliasing test_error_create_alias_invalid_name)", async () => {
    const stateMachineArn = await create({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const { stateMachineVersionArn } = await client.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    const error = await errorOf(client.send(new CreateStateMachineAliasCommand({ name: "INVALID ALIAS", routingConfiguration: [{ stateMachineVersionArn, weight: 100 }] })));
    expect(error).toEqual({
      name: "ValidationException",
      message: "1 validation error detected: Value 'INVALID ALIAS' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$",
    });
  });

  it("wants exactly one log group for a logging level other than OFF (test_sfn_api_logs test_invalid_logging_configuration)", async () => {
    const group = { cloudWatchLogsLogGroup: { logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:g:*" } };
    const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const invalid = { name: "InvalidLoggingConfiguration", message: "Invalid Logging Configuration: Must specify exactly one Log Destination." };
    expect(await errorOf(client.send(new CreateStateMachineCommand({ name: `replay-${++n}`, roleArn: ROLE, definition, loggingConfiguration: { level: "ALL" } })))).toEqual(invalid);
    const two = { level: "ALL" as const, destinations: [group, group] };
    expect(await errorOf(client.send(new CreateStateMachineCommand({ name: `replay-${++n}`, roleArn: ROLE, definition, loggingConfiguration: two })))).toEqual(invalid);
    const ok = await client.send(new CreateStateMachineCommand({ name: `replay-${++n}`, roleArn: ROLE, definition, loggingConfiguration: { destinations: [] } }));
    expect(ok.stateMachineArn).toBeDefined();
  });

  it("answers an empty definition with a FAIL diagnostic (test_sfn_api_validation not_a_definition[EMPTY_STRING])", async () => {
    const out = await client.send(new ValidateStateMachineDefinitionCommand({ definition: "" }));
    expect({ result: out.result, diagnostics: out.diagnostics, truncated: out.truncated }).toEqual({
      result: "FAIL",
      diagnostics: [{ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", message: "Definition must be a valid JSON object" }],
      truncated: false,
    });
  });
});

describe("key order of JSONPath payload templates (recorded)", () => {
  it("writes plain fields first, then the .$ fields in Java HashMap order (test_base test_query_context_object_values)", async () => {
    const parameters = {
      "context_object.$": "$$",
      "execution.$": "$$.Execution",
      "execution_id.$": "$$.Execution.Id",
      "execution_input.$": "$$.Execution.Input",
      "execution_name.$": "$$.Execution.Name",
      "execution_rolearn.$": "$$.Execution.RoleArn",
      "execution_starttime.$": "$$.Execution.StartTime",
      "state.$": "$$.State",
      "state_enteredtime.$": "$$.State.EnteredTime",
      "state_name.$": "$$.State.Name",
      "statemachine.$": "$$.StateMachine",
      "statemachine_id.$": "$$.StateMachine.Id",
      "statemachine_name.$": "$$.StateMachine.Name",
    };
    const { described } = await execute({ StartAt: "Q", States: { Q: { Type: "Pass", Parameters: parameters, End: true } } }, { message: "TestMessage" });
    expect(Object.keys(JSON.parse(described.output ?? "{}"))).toEqual([
      "execution",
      "execution_rolearn",
      "execution_name",
      "statemachine_id",
      "execution_id",
      "execution_input",
      "execution_starttime",
      "state_name",
      "state_enteredtime",
      "statemachine",
      "state",
      "context_object",
      "statemachine_name",
    ]);
  });

  it("puts a plain field before .$ fields and orders .$ fields by hash (test_context_object test_result_selector)", async () => {
    const input = { FunctionName: "f", Payload: { "input-value": 0 } };
    const { events } = await execute(
      {
        StartAt: "Call",
        States: {
          // The recorded Task's Parameters and ResultSelector, written as two Pass states.
          Call: { Type: "Pass", Parameters: { "FunctionName.$": "$.FunctionName", Payload: { "Input.$": "$" } }, Next: "Select" },
          Select: { Type: "Pass", Parameters: { "LambdaOutput.$": "$.Payload", "ContextObjectValue.$": "$$.Execution.Input" }, End: true },
        },
      },
      input,
    );
    const outputs = events.filter((e) => e.type === "PassStateExited").map((e) => e.stateExitedEventDetails?.output);
    expect(outputs).toEqual([
      '{"Payload":{"Input":{"FunctionName":"f","Payload":{"input-value":0}}},"FunctionName":"f"}',
      '{"ContextObjectValue":{"FunctionName":"f","Payload":{"input-value":0}},"LambdaOutput":{"Input":{"FunctionName":"f","Payload":{"input-value":0}}}}',
    ]);
  });

  it("orders StateMachineArn.$, Input.$, Name.$ as Input, StateMachineArn, Name (test_sfn_task_service test_start_execution)", async () => {
    const { described } = await execute(
      { StartAt: "S", States: { S: { Type: "Pass", Parameters: { "StateMachineArn.$": "$.StateMachineArn", "Input.$": "$.Input", "Name.$": "$.Name" }, End: true } } },
      { StateMachineArn: "arn", Input: null, Name: "TestStartTarget" },
    );
    expect(described.output).toBe('{"Input":null,"StateMachineArn":"arn","Name":"TestStartTarget"}');
  });

  it("keeps a template without .$ fields as written (test_comments test_comment_in_parameters)", async () => {
    const { described } = await execute({ StartAt: "S", States: { S: { Type: "Pass", Parameters: { Comment: "Comment text", comment: "comment text", constant: "constant text" }, End: true } } }, {});
    expect(described.output).toBe('{"Comment":"Comment text","comment":"comment text","constant":"constant text"}');
  });
});

describe("StartSyncExecution (recorded, test_express_sync)", () => {
  async function sync(definition: object, input: unknown) {
    const out = await client.send(new CreateStateMachineCommand({ name: `replay-${++n}`, roleArn: ROLE, type: "EXPRESS", definition: JSON.stringify(definition) }));
    return client.send(new StartSyncExecutionCommand({ stateMachineArn: out.stateMachineArn, input: JSON.stringify(input) }));
  }

  it("answers outputDetails for a failed execution too (BASE_RAISE_FAILURE)", async () => {
    const out = await sync({ StartAt: "F", States: { F: { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." } } }, {});
    expect({ status: out.status, error: out.error, output: out.output, outputDetails: out.outputDetails }).toEqual({
      status: "FAILED",
      error: "SomeFailure",
      output: undefined,
      outputDetails: { included: true },
    });
  });

  it("gives an Express execution's context object no RedriveCount and StartTime last (test_query_runtime_memory)", async () => {
    const out = await sync({ StartAt: "Q", States: { Q: { Type: "Pass", Parameters: { "execution.$": "$$.Execution" }, End: true } } }, {});
    expect(Object.keys(JSON.parse(out.output ?? "{}").execution)).toEqual(["Id", "Input", "Name", "RoleArn", "StartTime"]);
  });
});

describe("Express state machines (recorded, test_sfn_api_express)", () => {
  async function createExpress(definition: object) {
    return client.send(new CreateStateMachineCommand({ name: `replay-${++n}`, roleArn: ROLE, type: "EXPRESS", definition: JSON.stringify(definition) }));
  }

  it("words the .sync refusal with one space before 'at', the .waitForTaskToken one with two (test_illegal_callbacks)", async () => {
    const sync = await errorOf(
      createExpress({ StartAt: "StartExecution", States: { StartExecution: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync", Parameters: { StateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:x" }, End: true } } }),
    );
    expect(sync).toEqual({
      name: "InvalidDefinition",
      message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration at /States/StartExecution/Resource'",
    });
    const wait = await errorOf(
      createExpress({ StartAt: "Publish", States: { Publish: { Type: "Task", Resource: "arn:aws:states:::sns:publish.waitForTaskToken", Parameters: { TopicArn: "arn:aws:sns:us-east-1:000000000000:t", "Message.$": "$$.Task.Token" }, End: true } } }),
    );
    expect(wait.message).toBe("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/Publish/Resource'");
  });

  it("refuses an activity Task (test_illegal_activity_task)", async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: `replay-activity-${++n}` }));
    const error = await errorOf(createExpress({ StartAt: "ActivityTask", States: { ActivityTask: { Type: "Task", Resource: activityArn, End: true } } }));
    expect(error).toEqual({
      name: "InvalidDefinition",
      message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/ActivityTask/Resource'",
    });
  });

  it("refuses StopExecution of an Express execution's ARN (test_start_async_describe_history_execution)", async () => {
    const { stateMachineArn } = await createExpress({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    expect(await errorOf(client.send(new StopExecutionCommand({ executionArn })))).toEqual({ name: "InvalidArn", message: "Invalid Arn: 'Resource type not valid in this context: express'" });
  });
});

describe("intrinsic functions (recorded, test_json_manipulation)", () => {
  const call = (expression: string, input: unknown) => execute({ StartAt: "S", States: { S: { Type: "Pass", Parameters: { "FunctionResult.$": expression }, End: true } } }, { FunctionInput: input });

  it("parses a blank text to null in States.StringToJson (test_string_to_json)", async () => {
    for (const text of ["", " "]) {
      const { described } = await call("States.StringToJson($.FunctionInput)", text);
      expect(described.output).toBe('{"FunctionResult":null}');
    }
  });

  it("writes objects and arrays into States.Format as Java's toString does (test_generic test_format_2, test_context_json_path)", async () => {
    const { described } = await call("States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $$.StateMachine.Name)", { fst: { Arg1: 1, Arg2: [] } });
    expect(JSON.parse(described.output ?? "{}").FunctionResult).toMatch(/^Formatting arguments fst=\{Arg1=1, Arg2=\[\]\} and snd=replay-\d+\.$/);
    const nested = await call("States.Format('{}', $.FunctionInput)", { a: [1, "x", null, { b: true }] });
    expect(nested.described.output).toBe('{"FunctionResult":"{a=[1, x, null, {b=true}]}"}');
  });

  it("writes States.JsonMerge's keys in the order AWS recorded (test_json_merge)", async () => {
    const { described } = await call("States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)", {
      fst: { a: { a1: 1, a2: 2 }, b: 2, d: 3 },
      snd: { a: { a3: 1, a4: 2 }, c: 3, d: 4 },
    });
    expect(described.output).toBe('{"FunctionResult":{"a":{"a3":1,"a4":2},"b":2,"c":3,"d":4}}');
  });
});

describe("TestState with a mock (recorded, test_state_mock_validation / test_test_state_mock_scenarios)", () => {
  const MAP = { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } }, ResultPath: "$.mapped", End: true };
  const PARALLEL = { Type: "Parallel", Branches: [{ StartAt: "A", States: { A: { Type: "Pass", End: true } } }, { StartAt: "B", States: { B: { Type: "Pass", End: true } } }], End: true };
  const testState = (state: object, extra: Partial<ConstructorParameters<typeof TestStateCommand>[0]> = {}) =>
    client.send(new TestStateCommand({ definition: JSON.stringify(state), roleArn: ROLE, input: '{"a":1}', ...extra }));

  it("answers a mocked Task with the mock's result, through ResultPath", async () => {
    const task = { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Parameters: { TableName: "t", "Item.$": "$" }, ResultPath: "$.putItemOutput", End: true };
    const out = await testState(task, { mock: { result: '{"SdkHttpMetadata":{"HttpStatusCode":200}}' } });
    expect({ status: out.status, output: out.output }).toEqual({ status: "SUCCEEDED", output: '{"a":1,"putItemOutput":{"SdkHttpMetadata":{"HttpStatusCode":200}}}' });
    const failed = await testState({ ...task, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handle" }] }, { mock: { errorOutput: { error: "MockException", cause: "mocked" } } });
    expect(failed).toMatchObject({ status: "CAUGHT_ERROR", error: "MockException", cause: "mocked", nextState: "Handle" });
  });

  it("refuses Map and Parallel without a mock, and runs them on one", async () => {
    const refused = "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]";
    expect(await errorOf(testState(MAP))).toEqual({ name: "InvalidDefinition", message: refused });
    expect(await errorOf(testState(PARALLEL))).toEqual({ name: "InvalidDefinition", message: refused });
    const map = await testState(MAP, { mock: { result: "[1,2]" } });
    expect({ status: map.status, output: map.output }).toEqual({ status: "SUCCEEDED", output: '{"a":1,"mapped":[1,2]}' });
  });

  it("checks the mock with AWS's texts", async () => {
    const invalid = (message: string) => ({ name: "ValidationException", message });
    expect(await errorOf(testState({ Type: "Pass", End: true }, { mock: { result: "{}" } }))).toEqual(invalid("State type 'Pass' is not supported when a mock is specified"));
    expect(await errorOf(testState(PARALLEL, { mock: { result: "{}", errorOutput: { error: "E" } } }))).toEqual(invalid("A test mock should have only one of the following fields: [result, errorOutput]."));
    expect(await errorOf(testState(PARALLEL, { mock: { result: "[]" }, revealSecrets: true }))).toEqual(invalid("TestState does not support RevealSecrets when a mock is specified."));
    expect(await errorOf(testState(MAP, { mock: { result: "{}" } }))).toEqual(invalid("Mocked result must be an array."));
    expect(await errorOf(testState(PARALLEL, { mock: { result: "[{}]" } }))).toEqual(invalid("Mocked result must contain the same number of items as number of Parallel branches."));
  });
});
