/**
 * DescribeStateMachine's variableReferences, compared with the answers AWS recorded for the
 * same definitions (LocalStack's test_sfn_api_variable_references.snapshot.json).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, DescribeStateMachineCommand, DescribeStateMachineForExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { startApi, type ApiHarness } from "./apiHarness.js";
import { OUTER_SCOPE_SUMS } from "./helpers.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
let api: ApiHarness;
let counter = 0;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api.close();
});

async function references(definition: unknown): Promise<Record<string, string[]> | undefined> {
  const created = await api.client.send(new CreateStateMachineCommand({ name: `refs-${++counter}`, definition: JSON.stringify(definition), roleArn: ROLE }));
  const described = await api.client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
  return described.variableReferences;
}

describe("DescribeStateMachine variableReferences (recorded)", () => {
  it("lists the variables a ResultPath's Parameters read, not a literal '$result' (BASE_REFERENCE_IN_PARAMETERS)", async () => {
    const refs = await references({
      StartAt: "State0",
      States: {
        State0: { Type: "Pass", Parameters: { result: "$result" }, Assign: { result: "foobar" }, Next: "State1" },
        State1: { Type: "Pass", ResultPath: "$.result", Parameters: { "result.$": "$result" }, End: true },
      },
    });
    expect(refs).toEqual({ State1: ["result"] });
  });

  it("sorts the names a Choice rule and an Assign read (BASE_REFERENCE_IN_CHOICE)", async () => {
    const refs = await references({
      StartAt: "Setup",
      States: {
        Setup: { Type: "Pass", Assign: { guess: "the_guess", answer: "the_answer" }, Next: "CheckAnswer" },
        CheckAnswer: { Type: "Choice", Choices: [{ Variable: "$guess", StringEqualsPath: "$answer", Next: "CorrectAnswer" }], Default: "WrongAnswer" },
        CorrectAnswer: { Type: "Pass", Result: { state: "CORRECT" }, End: true },
        WrongAnswer: { Type: "Pass", Assign: { "guess.$": "$answer" }, Result: { state: "WRONG" }, Next: "CheckAnswer" },
      },
    });
    expect(refs).toEqual({ CheckAnswer: ["answer", "guess"], WrongAnswer: ["answer"] });
  });

  it("reads Wait, Fail and Map path fields (BASE_REFERENCE_IN_WAIT, BASE_REFERENCE_IN_FAIL, MAP_STATE_REFERENCE_IN_*_PATH)", async () => {
    expect(
      await references({
        StartAt: "Start",
        States: {
          Start: { Type: "Pass", Assign: { waitTime: 0, startAt: "date" }, Next: "WaitSecondsState" },
          WaitSecondsState: { Type: "Wait", SecondsPath: "$waitTime", Next: "WaitUntilState" },
          WaitUntilState: { Type: "Wait", TimestampPath: "$startAt", End: true },
        },
      }),
    ).toEqual({ WaitSecondsState: ["waitTime"], WaitUntilState: ["startAt"] });
    expect(
      await references({
        StartAt: "Pass",
        States: {
          Pass: { Type: "Pass", Assign: { errorVar: "Exception", causeVar: "An Exception was encountered" }, Next: "Fail" },
          Fail: { Type: "Fail", CausePath: "$causeVar", ErrorPath: "$errorVar" },
        },
      }),
    ).toEqual({ Fail: ["causeVar", "errorVar"] });
    expect(
      await references({
        StartAt: "Start",
        States: {
          Start: { Type: "Pass", Assign: { toleratedFailurePercentage: "1", toleratedFailureCount: "1" }, Result: { Values: [1, 2, 3] }, Next: "MapState" },
          MapState: {
            Type: "Map",
            ItemsPath: "$.Values",
            MaxConcurrency: 1,
            ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "HandleItem", States: { HandleItem: { Type: "Pass", End: true } } },
            ToleratedFailurePercentagePath: "$toleratedFailurePercentage",
            ToleratedFailureCountPath: "$toleratedFailureCount",
            End: true,
          },
        },
      }),
    ).toEqual({ MapState: ["toleratedFailureCount", "toleratedFailurePercentage"] });
  });

  it("names nested states by their own name and reads intrinsic arguments (BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE)", async () => {
    const refs = await references(OUTER_SCOPE_SUMS);
    expect(refs).toEqual({ Summate: ["bias", "xCurrent", "yCurrent", "zCurrent"] });
  });

  it("leaves the member out when no state reads a variable (BASE_ASSIGN_FROM_PARAMETERS, MAP_STATE_REFERENCE_IN_ITEM_SELECTOR, CHOICE_STATE_UNSORTED_CHOICE_PARAMETERS_JSONATA)", async () => {
    expect(
      await references({
        StartAt: "State0",
        States: {
          State0: { Type: "Pass", Parameters: { input: "PENDING" }, Assign: { "result.$": "$.input" }, Next: "State1" },
          State1: { Type: "Pass", Assign: { result: "SUCCESS", "originalResult.$": "$.input" }, End: true },
        },
      }),
    ).toBeUndefined();
    expect(
      await references({
        StartAt: "Start",
        States: {
          Start: { Type: "Pass", Assign: { bucket: "test-name" }, Result: { Values: [1, 2, 3] }, Next: "MapState" },
          MapState: {
            Type: "Map",
            MaxConcurrency: 1,
            ItemsPath: "$.Values",
            ItemSelector: { "value.$": "$$.Map.Item.Value", bucketName: "$bucket" },
            ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "MapPass", States: { MapPass: { Type: "Pass", End: true } } },
            End: true,
          },
        },
      }),
    ).toBeUndefined();
    expect(
      await references({
        StartAt: "CheckResult",
        States: {
          CheckResult: {
            Type: "Choice",
            QueryLanguage: "JSONata",
            Choices: [
              { Condition: "{% $states.input.result.done %}", Next: "FinishTrue" },
              { Condition: "{% $not($states.input.result.done) %}", Next: "FinishFalse" },
            ],
          },
          FinishTrue: { End: true, Type: "Pass" },
          FinishFalse: { End: true, Type: "Pass" },
        },
      }),
    ).toBeUndefined();
  });

  it("reads the variables of JSONata expressions, not $states nor the functions called", async () => {
    const refs = await references({
      QueryLanguage: "JSONata",
      StartAt: "Set",
      States: {
        Set: { Type: "Pass", Assign: { total: 1, label: "x" }, Next: "Use" },
        Use: { Type: "Pass", Output: { sum: "{% $total + $count($states.input.items) %}", text: "{% $uppercase($label) %}" }, End: true },
      },
    });
    expect(refs).toEqual({ Use: ["label", "total"] });
  });

  it("answers the same map in DescribeStateMachineForExecution", async () => {
    const definition = { StartAt: "A", States: { A: { Type: "Pass", Assign: { n: 1 }, Next: "B" }, B: { Type: "Pass", InputPath: "$n", End: true } } };
    const created = await api.client.send(new CreateStateMachineCommand({ name: `refs-${++counter}`, definition: JSON.stringify(definition), roleArn: ROLE }));
    const started = await api.client.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn }));
    const described = await api.client.send(new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }));
    expect(described.variableReferences).toEqual({ B: ["n"] });
  });
});
