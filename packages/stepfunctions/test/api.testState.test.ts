/**
 * TestState's inspection levels through the SDK, against the responses AWS records
 * (LocalStack's AWS-recorded test_test_state_scenarios).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHarness } from "./apiHarness.js";
import { SFNClient, TestStateCommand, type InspectionLevel } from "@aws-sdk/client-sfn";
import { type LambdaInvoker } from "@sam-sandbox/core";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
let api: ApiHarness;
let client: SFNClient;

const invoker: LambdaInvoker = {
  async invoke(request) {
    if (request.functionName.endsWith(":boom")) {
      return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify({ errorType: "MockException", errorMessage: "x" })) };
    }
    return { statusCode: 200, executedVersion: "$LATEST", payload: request.payload };
  },
};

beforeAll(async () => {
  api = await startApi({ invoker });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

async function test(state: unknown, input: unknown, inspectionLevel?: InspectionLevel, variables?: unknown) {
  const response = await client.send(
    new TestStateCommand({
      definition: JSON.stringify(state),
      roleArn: ROLE,
      input: JSON.stringify(input),
      inspectionLevel,
      ...(variables !== undefined ? { variables: JSON.stringify(variables) } : {}),
    }),
  );
  const data = response.inspectionData as Record<string, unknown> | undefined;
  const inspection = data === undefined ? undefined : Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === "string" ? JSON.parse(v) : v]));
  return { ...response, output: response.output === undefined ? undefined : JSON.parse(response.output), inspection };
}

const IO_INPUT = { initialData: { fieldFromInput: "value from input", otherField: "other" }, unrelatedData: { someOtherField: 1234 } };
const IO_PASS = {
  Type: "Pass",
  InputPath: "$.initialData",
  Parameters: { staticValue: "some value", "inputValue.$": "$.fieldFromInput" },
  ResultPath: "$.modifiedData",
  End: true,
};

describe("TestState inspection", () => {
  it("answers no inspectionData at INFO", async () => {
    const info = await test({ Type: "Pass", End: true }, { Value: "HelloWorld" }, "INFO");
    expect(info).toMatchObject({ status: "SUCCEEDED", output: { Value: "HelloWorld" } });
    expect(info.inspectionData).toBeUndefined();
    expect(info.nextState).toBeUndefined();
  });

  it("shows each step of a Pass state at DEBUG and TRACE (IO_PASS_STATE)", async () => {
    for (const level of ["DEBUG", "TRACE"] as const) {
      const result = await test(IO_PASS, IO_INPUT, level);
      const modified = { staticValue: "some value", inputValue: "value from input" };
      expect(result.inspection).toEqual({
        input: IO_INPUT,
        afterInputPath: IO_INPUT.initialData,
        afterParameters: modified,
        afterResultSelector: modified,
        afterResultPath: { ...IO_INPUT, modifiedData: modified },
      });
    }
  });

  it("shows a Pass state's Result without reading its input (IO_RESULT_PASS_STATE)", async () => {
    const result = await test({ Type: "Pass", Result: { resultKey: "result value" }, ResultPath: "$.modifiedData", End: true }, IO_INPUT, "DEBUG");
    expect(result.inspection).toEqual({
      input: IO_INPUT,
      result: { resultKey: "result value" },
      afterResultSelector: { resultKey: "result value" },
      afterResultPath: { ...IO_INPUT, modifiedData: { resultKey: "result value" } },
    });
  });

  it("shows the input of Fail and Choice states and the Choice's next state", async () => {
    const failed = await test({ Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." }, { Value: "HelloWorld" }, "DEBUG");
    expect(failed).toMatchObject({ status: "FAILED", error: "SomeFailure", cause: "This state machines raises a 'SomeFailure' failure." });
    expect(failed.inspection).toEqual({ input: { Value: "HelloWorld" }, afterInputPath: { Value: "HelloWorld" } });
    const choice = await test(
      { Type: "Choice", Choices: [{ Variable: "$.value", NumericGreaterThanEquals: 20, Next: "ValueInTwenties" }], Default: "Other" },
      { type: "Private", value: 22 },
      "DEBUG",
    );
    expect(choice).toMatchObject({ status: "SUCCEEDED", nextState: "ValueInTwenties", output: { type: "Private", value: 22 } });
    expect(choice.inspection).toEqual({ input: { type: "Private", value: 22 }, afterInputPath: { type: "Private", value: 22 } });
  });

  it("shows a Task's parameters, raw result and result after ResultSelector / ResultPath (test_base_lambda_service_task_state)", async () => {
    const result = await test(
      { Type: "Task", Resource: "arn:aws:lambda:us-east-1:000000000000:function:echo", Parameters: { "n.$": "$.n" }, ResultSelector: { "double.$": "States.MathAdd($.n, $.n)" }, ResultPath: "$.out", End: true },
      { n: 2 },
      "TRACE",
    );
    expect(result.inspection).toEqual({
      input: { n: 2 },
      afterInputPath: { n: 2 },
      afterParameters: { n: 2 },
      result: { n: 2 },
      afterResultSelector: { double: 4 },
      afterResultPath: { n: 2, out: { double: 4 } },
    });
  });

  it("shows a JSONata Task's arguments and result, and the variables after the state", async () => {
    const result = await test(
      {
        Type: "Task",
        QueryLanguage: "JSONata",
        Resource: "arn:aws:lambda:us-east-1:000000000000:function:echo",
        Arguments: { "v": "{% $states.input.v + $base %}" },
        Assign: { last: "{% $states.result.v %}" },
        Next: "After",
      },
      { v: 1 },
      "DEBUG",
      { base: 10 },
    );
    expect(result).toMatchObject({ status: "SUCCEEDED", nextState: "After", output: { v: 11 } });
    expect(result.inspection).toEqual({ input: { v: 1 }, afterArguments: { v: 11 }, result: { v: 11 }, variables: { base: 10, last: 11 } });
  });

  it("reports a caught error with the catcher's next state", async () => {
    const caught = await test(
      { Type: "Task", Resource: "arn:aws:lambda:us-east-1:000000000000:function:boom", Catch: [{ ErrorEquals: ["MockException"], Next: "HandleMockError" }], End: true },
      { Value: "HelloWorld" },
    );
    expect(caught).toMatchObject({ status: "CAUGHT_ERROR", error: "MockException", nextState: "HandleMockError" });
  });

  it("runs the state as in an Express execution named StateName", async () => {
    const result = await test({ Type: "Pass", Parameters: { "context.$": "$$" }, End: true }, {});
    const context = (result.output as { context: { Execution: Record<string, unknown>; State: Record<string, unknown> } }).context;
    expect(context.Execution.Id).toMatch(/^arn:aws:states:us-east-1:000000000000:express:/);
    expect(context.Execution).not.toHaveProperty("RedriveCount");
    expect(context.State.Name).toBe("StateName");
  });
});
