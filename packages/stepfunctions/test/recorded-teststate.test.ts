/**
 * TestState's newer inputs through the SDK, against AWS's recorded answers (LocalStack's
 * AWS-recorded tests/aws/services/stepfunctions/v2/test_state/*.snapshot.json): stateName,
 * context, stateConfiguration, mock.fieldValidationMode and inspectionData.errorDetails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SFNClient, TestStateCommand, type TestStateCommandInput } from "@aws-sdk/client-sfn";
import { startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const VALUES = { Values: ["first", "second", "third"] };
let api: ApiHarness;
let client: SFNClient;

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

const parse = (value: unknown): unknown => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

async function test(request: Omit<TestStateCommandInput, "definition"> & { definition: unknown }) {
  const response = await client.send(new TestStateCommand({ roleArn: ROLE, ...request, definition: JSON.stringify(request.definition) }));
  const data = response.inspectionData as Record<string, unknown> | undefined;
  return {
    status: response.status,
    error: response.error,
    cause: response.cause,
    nextState: response.nextState,
    output: parse(response.output),
    inspection: data === undefined ? undefined : Object.fromEntries(Object.entries(data).map(([k, v]) => [k, parse(v)])),
  };
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error;
    return { name: e.name, message: e.message };
  }
  throw new Error("expected a failure");
}

const FAIL = { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." };
const MULTI = { QueryLanguage: "JSONata", StartAt: "State0", States: { State0: { Type: "Pass", Next: "State1" }, State1: FAIL } };
const PROCESSOR = { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "HandleItem", States: { HandleItem: { Type: "Pass", End: true } } };
const MAP_MACHINE = { StartAt: "State0", States: { State0: { Type: "Map", ItemsPath: "$.Values", ItemProcessor: PROCESSOR, ToleratedFailureCount: 2, End: true } } };

describe("TestState stateName (test_test_state_machine_scenarios.snapshot.json)", () => {
  it("tests the named state of a machine and reports its transition", async () => {
    const first = await test({ stateName: "State0", definition: MULTI, input: '{"Value":"HelloWorld"}', inspectionLevel: "DEBUG" });
    expect(first).toMatchObject({ status: "SUCCEEDED", nextState: "State1", output: { Value: "HelloWorld" }, inspection: { input: { Value: "HelloWorld" } } });
    const second = await test({ stateName: "State1", definition: MULTI, input: '{"Value":"HelloWorld"}' });
    expect(second).toMatchObject({ status: "FAILED", error: "SomeFailure", cause: FAIL.Cause, nextState: undefined });
  });

  it("finds a state inside a Map's ItemProcessor", async () => {
    const nested = await test({ stateName: "HandleItem", definition: MAP_MACHINE, input: '{"Value":"HelloWorld"}', inspectionLevel: "TRACE" });
    expect(nested.status).toBe("SUCCEEDED");
    expect(nested.inspection).toEqual({ input: { Value: "HelloWorld" }, afterInputPath: { Value: "HelloWorld" }, afterParameters: { Value: "HelloWorld" }, afterResultSelector: { Value: "HelloWorld" }, afterResultPath: { Value: "HelloWorld" } });
  });

  it("refuses a state the machine does not have", async () => {
    expect(await errorOf(test({ stateName: "dne", definition: MAP_MACHINE, input: "{}" }))).toEqual({ name: "ValidationException", message: "State not found in definition" });
    // The model's length 1..80 (AWS's recording shows botocore's client-side check of it).
    const empty = await errorOf(test({ stateName: "", definition: MAP_MACHINE, input: "{}" }));
    expect(empty).toEqual({ name: "ValidationException", message: "1 validation error detected: Value at 'stateName' failed to satisfy constraint: Member must have length greater than or equal to 1" });
  });
});

describe("TestState context (test_state_context_object.snapshot.json)", () => {
  const CONTEXT = {
    Execution: { Id: "arn:aws:states:::execution:MyStateMachine:execution-name-12345", Input: { values: ["charizard", "pikachu"] }, Name: "execution-name-12345", RoleArn: "arn:aws:iam:::role/StepFunctionsRole", StartTime: "2025-01-15T10:30:00.000Z" },
    State: { EnteredTime: "2025-01-15T10:30:01.500Z", Name: "MyTaskState", RetryCount: 0 },
    StateMachine: { Id: "arn:aws:states:::stateMachine:MyStateMachine", Name: "MyStateMachine" },
  };
  const task = (path: string) => ({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { "FunctionName.$": "$.FunctionName" }, ResultSelector: { "LambdaOutput.$": "$", "ContextObjectValue.$": path }, End: true });
  const mock = { result: '{"pokemon":"pikachu"}' };

  it("gives the state the context object as given", async () => {
    const all = await test({ definition: task("$$"), input: '{"FunctionName":"f"}', context: JSON.stringify(CONTEXT), mock });
    expect(all.output).toEqual({ LambdaOutput: { pokemon: "pikachu" }, ContextObjectValue: CONTEXT });
    const values = await test({ definition: task("$$.Execution.Input.values"), input: '{"FunctionName":"f"}', context: JSON.stringify(CONTEXT), mock });
    expect(values.output).toEqual({ LambdaOutput: { pokemon: "pikachu" }, ContextObjectValue: ["charizard", "pikachu"] });
    const empty = await test({ definition: task("$$"), input: '{"FunctionName":"f"}', context: "{}", mock });
    expect(empty.output).toEqual({ LambdaOutput: { pokemon: "pikachu" }, ContextObjectValue: {} });
  });

  it("answers a callback task from the context's token and the mock", async () => {
    const wait = {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      Parameters: { QueueUrl: "https://sqs.us-east-2.amazonaws.com/123456789012/myQueue", MessageBody: { "TaskToken.$": "$$.Task.Token" } },
      ResultPath: "$.SQS",
      Next: "NEXT_STATE",
    };
    const out = await test({ definition: wait, inspectionLevel: "TRACE", context: JSON.stringify({ ...CONTEXT, Task: { Token: "abcd123" } }), mock });
    expect(out).toMatchObject({ status: "SUCCEEDED", nextState: "NEXT_STATE", output: { SQS: { pokemon: "pikachu" } } });
    expect(out.inspection?.afterParameters).toEqual({ QueueUrl: "https://sqs.us-east-2.amazonaws.com/123456789012/myQueue", MessageBody: { TaskToken: "abcd123" } });
  });

  it("fails a Map whose ItemsPath reads no list from the context", async () => {
    const map = (path: string) => ({ Type: "Map", ItemsPath: path, MaxConcurrency: 1, ItemProcessor: { StartAt: "H", States: { H: { Type: "Pass", End: true } } }, End: true });
    const args = { input: '["fire","electricity","grass"]', inspectionLevel: "TRACE" as const, context: JSON.stringify(CONTEXT), mock: { result: '["A","B","C"]' } };
    const failed = await test({ definition: map("$$.Execution.Input"), ...args });
    expect(failed).toMatchObject({ status: "FAILED", error: "States.Runtime", cause: 'Reference path "$.Execution.Input" must point to array.' });
    const mapped = await test({ definition: map("$$.Execution.Input.values"), ...args });
    expect(mapped.inspection).toEqual({ input: ["fire", "electricity", "grass"], afterInputPath: ["fire", "electricity", "grass"], afterItemsPath: ["charizard", "pikachu"], maxConcurrency: 1, afterResultSelector: ["A", "B", "C"], afterResultPath: ["A", "B", "C"] });
  });

  it("checks the context object with AWS's texts", async () => {
    const start = { Type: "Task", Resource: "arn:aws:states:::states:startExecution", Parameters: { StateMachineArn: "arn" }, End: true };
    const refuse = async (definition: unknown, context: unknown) => errorOf(test({ definition, context: JSON.stringify(context), mock: { result: '{"ExecutionArn":"a","StartDate":"2025-01-01T00:00:00Z"}' } }));
    const invalid = (message: string) => ({ name: "ValidationException", message: `Invalid Context object provided: ${message}` });
    expect(await refuse(start, { Execution: { Id: 1 } })).toEqual(invalid("Execution.Id must be a string"));
    expect(await refuse(start, { Map: {} })).toEqual(invalid("'Map' field is not supported when mocking a Context object"));
    expect(await refuse(start, { Execution: { pokemon: "squirtle" } })).toEqual(invalid("Field 'pokemon' is not allowed"));
    expect(await refuse(start, { Pokedex: {} })).toEqual(invalid("Field 'Pokedex' is not allowed"));
    expect(await refuse(start, { Task: { Token: "t" } })).toEqual(invalid("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern"));
  });
});

describe("TestState stateConfiguration and errorDetails (test_state_configuration.snapshot.json)", () => {
  const error = { errorOutput: { error: "MockException", cause: "Mock the cause of the error." } };
  const retrying = { QueryLanguage: "JSONata", Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "foo", Payload: "bar" }, Retry: [{ ErrorEquals: ["MockException"], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2.0 }], End: true };
  const map = (extra: object) => ({ Type: "Map", QueryLanguage: "JSONata", Items: "{% $states.input.Values %}", ItemProcessor: PROCESSOR, ToleratedFailureCount: 1, End: true, ...extra });
  const failures = (definition: unknown, count: number, result: unknown) =>
    test({ definition, input: JSON.stringify(VALUES), inspectionLevel: "DEBUG", stateConfiguration: { mapIterationFailureCount: count }, mock: { result: JSON.stringify(result) } });

  it("reports the retrier and its back-off after retrierRetryCount retries, and its exhaustion", async () => {
    const below = await test({ definition: retrying, input: JSON.stringify(VALUES), inspectionLevel: "DEBUG", stateConfiguration: { retrierRetryCount: 4 }, mock: error });
    expect(below).toMatchObject({ status: "RETRIABLE", error: "MockException", inspection: { errorDetails: { retryBackoffIntervalSeconds: 16, retryIndex: 0 }, afterArguments: { FunctionName: "foo", Payload: "bar" } } });
    const exhausted = await test({ definition: retrying, input: JSON.stringify(VALUES), inspectionLevel: "DEBUG", stateConfiguration: { retrierRetryCount: 5 }, mock: error });
    expect(exhausted).toMatchObject({ status: "FAILED", error: "MockException", inspection: { errorDetails: { retryIndex: 0 } } });
  });

  it("fails a Map past its tolerated failures, caught or retried", async () => {
    const handlers = [{ ErrorEquals: ["MockException"], Output: "{% $states.errorOutput %}", Next: "HandleMockError" }, { ErrorEquals: ["States.ExceedToleratedFailureThreshold"], Output: "{% $states.errorOutput %}", Next: "HandleThreshold" }];
    const within = await failures(map({ Catch: handlers }), 0, [1, 1, 1]);
    expect(within).toMatchObject({ status: "SUCCEEDED", output: [1, 1, 1], inspection: { input: VALUES, maxConcurrency: 0, toleratedFailureCount: 1 } });
    const caught = await failures(map({ Catch: handlers }), 2, [0, 0, 1]);
    const exceeded = { Error: "States.ExceedToleratedFailureThreshold", Cause: "The specified tolerated failure threshold was exceeded" };
    expect(caught).toMatchObject({ status: "CAUGHT_ERROR", error: exceeded.Error, cause: exceeded.Cause, nextState: "HandleThreshold", output: exceeded, inspection: { errorDetails: { catchIndex: 1 } } });
    const retried = await failures(map({ Retry: [{ ErrorEquals: ["MockException"], MaxAttempts: 3 }, { ErrorEquals: ["States.ExceedToleratedFailureThreshold"], MaxAttempts: 2 }] }), 2, [0, 0, 1]);
    expect(retried).toMatchObject({ status: "RETRIABLE", error: exceeded.Error, inspection: { errorDetails: { retryBackoffIntervalSeconds: 1, retryIndex: 1 } } });
    const untolerant = await failures(map({ ToleratedFailureCount: undefined }), 2, [0, 0, 1]);
    expect(untolerant.status).toBe("SUCCEEDED");
  });

  it("reads a mocked Map's items and settings, and fails it with the mocked error", async () => {
    const out = await test({ stateName: "State0", definition: MAP_MACHINE, input: JSON.stringify(VALUES), inspectionLevel: "DEBUG", stateConfiguration: { mapIterationFailureCount: 2, errorCausedByState: "HandleItem" }, mock: error });
    expect(out).toMatchObject({ status: "FAILED", error: "MockException" });
    expect(out.inspection).toEqual({ input: VALUES, afterInputPath: VALUES, afterItemsPath: VALUES.Values, maxConcurrency: 0, toleratedFailureCount: 2 });
  });
});

describe("TestState mock.fieldValidationMode (test_field_validation_mode*.snapshot.json)", () => {
  const events = { Type: "Task", Resource: "arn:aws:states:::events:putEvents", Parameters: { "Entries.$": "$.Entries" }, End: true };
  const start = { Type: "Task", QueryLanguage: "JSONata", Resource: "arn:aws:states:::states:startExecution", Arguments: { StateMachineArn: "arn" }, Output: { targetExecutionResult: "{% $states.result %}" }, End: true };
  const mocked = (definition: unknown, result: unknown, fieldValidationMode?: "STRICT" | "PRESENT" | "NONE") => test({ definition, input: '{"Entries":[]}', mock: { result: JSON.stringify(result), fieldValidationMode } });
  const refusal = (text: string) => ({ name: "ValidationException", message: `Mock result schema validation error: ${text}` });

  it("checks a mocked result against the API's output shape (STRICT)", async () => {
    expect(await mocked(events, { random: "json" })).toMatchObject({ status: "SUCCEEDED", output: { random: "json" } });
    expect(await errorOf(mocked(events, { Entries: "x" }))).toEqual(refusal("Field 'Entries' must be an array"));
    expect(await errorOf(mocked(events, { Entries: [{ EventId: "ok" }, { EventId: ["x"] }] }))).toEqual(refusal("Field 'EventId' must be a string"));
    expect(await errorOf(mocked(start, { executionArn: "a", startDate: "b" }))).toEqual(refusal("Required field 'ExecutionArn' is missing"));
    expect(await errorOf(mocked(start, { ExecutionArn: "a", StartDate: true }))).toEqual(refusal("Field 'StartDate' must be a string"));
    expect(await errorOf(mocked({ Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true }, { StatusCode: "200" }))).toEqual(refusal("Field 'StatusCode' must be a number"));
    expect(await errorOf(mocked({ Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Parameters: { TableName: "t", Item: {} }, End: true }, { ConsumedCapacity: { CapacityUnits: "123.45" } }))).toEqual(refusal("Field 'CapacityUnits' must be a number"));
    const getObject = { Type: "Task", Resource: "arn:aws:states:::aws-sdk:s3:getObject", Parameters: { Bucket: "b", Key: "k" }, End: true };
    expect(await errorOf(mocked(getObject, { ContentLength: "9000" }))).toEqual(refusal("Field 'ContentLength' must be a number"));
    expect(await errorOf(mocked(getObject, { StorageClass: "Papyrus" }))).toEqual(refusal("Field 'StorageClass' is not an expected value"));
    const getFunction = { Type: "Task", Resource: "arn:aws:states:::aws-sdk:lambda:getFunction", Parameters: { FunctionName: "f" }, End: true };
    expect(await errorOf(mocked(getFunction, { Configuration: { MemorySize: 127 } }))).toEqual(refusal("Field 'MemorySize' is less than the minimum value"));
    expect(await errorOf(mocked(getFunction, { Configuration: { MemorySize: 10241 } }))).toEqual(refusal("Field 'MemorySize' exceeds the maximum value"));
  });

  it("checks only the fields given (PRESENT), or nothing (NONE)", async () => {
    expect(await mocked(start, {}, "PRESENT")).toMatchObject({ status: "SUCCEEDED", output: { targetExecutionResult: {} } });
    expect(await errorOf(mocked(start, { ExecutionArn: 1764103483 }, "PRESENT"))).toEqual(refusal("Field 'ExecutionArn' must be a string"));
    expect(await mocked(start, { ExecutionArn: "a", StartDate: true }, "NONE")).toMatchObject({ status: "SUCCEEDED", output: { targetExecutionResult: { ExecutionArn: "a", StartDate: true } } });
  });
});
