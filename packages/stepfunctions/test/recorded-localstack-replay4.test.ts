/**
 * Histories found by replaying more of LocalStack's snapshot tests recorded on real AWS
 * (tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json) against the
 * sandbox, through the SFN SDK client: ItemReader MaxItems, ToleratedFailurePercentage, the
 * execution input's text and a Distributed Map's MapStateExited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, GetExecutionHistoryCommand, StartExecutionCommand, type HistoryEvent, type SFNClient } from "@aws-sdk/client-sfn";
import type { AwsDispatcher } from "@sam-sandbox/core";
import { finished, startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const CSV = "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n";
const ALL = '[{"Col1":"Value1","Col2":"Value2"},{"Col1":"Value3","Col2":"Value4"},{"Col1":"Value5","Col2":"Value6"},{"Col1":"Value7","Col2":"Value8"}]';

const dispatcher: AwsDispatcher = {
  async call(service, action) {
    if (service === "s3" && action === "GetObject") return { Body: CSV };
    return {};
  },
};

let api: ApiHarness;
let client: SFNClient;

beforeAll(async () => {
  api = await startApi({ dispatcher });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

let machines = 0;
async function create(definition: object): Promise<string> {
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: `replay4-${++machines}`, definition: JSON.stringify(definition), roleArn: ROLE }));
  return stateMachineArn ?? "";
}

async function execute(definition: object, input: string): Promise<{ status?: string; error?: string; cause?: string; events: HistoryEvent[] }> {
  const stateMachineArn = await create(definition);
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input }));
  const described = await finished(client, executionArn);
  const events = (await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  return { status: described.status, error: described.error, cause: described.cause, events };
}

const shape = (events: HistoryEvent[]): [string | undefined, number | undefined][] => events.map((e) => [e.type, e.previousEventId]);
const passItem = { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "PassItem", States: { PassItem: { Type: "Pass", End: true } } };
const csvMap = (readerConfig: object) => ({
  StartAt: "MapState",
  States: {
    MapState: {
      Type: "Map",
      MaxConcurrency: 1,
      ItemReader: { ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW", ...readerConfig }, Resource: "arn:aws:states:::s3:getObject", Parameters: { Bucket: "bucket-name", Key: "file.csv" } },
      ItemProcessor: passItem,
      End: true,
    },
  },
});

describe("ItemReader MaxItems (recorded, test_map_item_reader_csv_max_items*)", () => {
  it("accepts MaxItems 0 as no limit (test_map_item_reader_csv_max_items[0])", async () => {
    const { status, events } = await execute(csvMap({ MaxItems: 0 }), "{}");
    expect(status).toBe("SUCCEEDED");
    expect(events.find((e) => e.type === "MapStateExited")?.stateExitedEventDetails?.output).toBe(ALL);
  });

  it("fails the Map Run on a negative MaxItemsPath value (test_map_item_reader_csv_max_items_paths[-1])", async () => {
    const { status, error, cause, events } = await execute(csvMap({ MaxItemsPath: "$.MaxItems" }), JSON.stringify({ MaxItems: -1 }));
    expect([status, error, cause]).toEqual(["FAILED", "States.ItemReaderFailed", "field MaxItems must be positive"]);
    expect(shape(events)).toEqual([
      ["ExecutionStarted", 0], ["MapStateEntered", 0], ["MapStateStarted", 2], ["MapRunStarted", 3], ["MapRunFailed", 4], ["MapStateFailed", 5], ["ExecutionFailed", 6],
    ]);
    expect(events[4]?.mapRunFailedEventDetails).toEqual({ error: "States.ItemReaderFailed", cause: "field MaxItems must be positive" });
  });

  it("fails the execution after MapStateStarted on a MaxItemsPath value that is no integer (test_map_item_reader_csv_max_items_paths[1.5])", async () => {
    const { status, error, cause, events } = await execute(csvMap({ MaxItemsPath: "$.MaxItems" }), JSON.stringify({ MaxItems: 1.5 }));
    const expected =
      "An error occurred while executing the state 'MapState' (entered at the event id #2). The MaxItemsPath field refers to value \"1.5\" which is not a valid integer: $.MaxItems";
    expect([status, error, cause]).toEqual(["FAILED", "States.Runtime", expected]);
    expect(shape(events)).toEqual([["ExecutionStarted", 0], ["MapStateEntered", 0], ["MapStateStarted", 2], ["ExecutionFailed", 3]]);
  });
});

describe("Distributed Map events (recorded, test_base_scenarios 2024-11/12)", () => {
  it("chains MapStateExited to MapRunStarted (test_map_state_config_distributed_item_selector_parameters)", async () => {
    const { status, events } = await execute(
      {
        StartAt: "Start",
        States: {
          Start: { Type: "Pass", Parameters: { bucket: "test-bucket", values: ["1", "2", "3"] }, ResultPath: "$.content", Next: "MapState" },
          MapState: {
            Type: "Map",
            MaxConcurrency: 1,
            ItemsPath: "$.content.values",
            ItemSelector: { "bucketName.$": "$.content.bucket", "value.$": "$$.Map.Item.Value" },
            ItemProcessor: { StartAt: "IteratorInner", States: { IteratorInner: { Type: "Pass", End: true } }, ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } },
            Next: "Finish",
          },
          Finish: { Type: "Succeed" },
        },
      },
      "{}",
    );
    expect(status).toBe("SUCCEEDED");
    expect(shape(events).slice(4)).toEqual([
      ["MapStateStarted", 4], ["MapRunStarted", 5], ["MapRunSucceeded", 6], ["MapStateSucceeded", 7], ["MapStateExited", 6], ["SucceedStateEntered", 9], ["SucceedStateExited", 10], ["ExecutionSucceeded", 11],
    ]);
  });

  it("accepts a decimal ToleratedFailurePercentage (test_map_state_tolerated_failure_values[percentage_literal])", async () => {
    const { status, events } = await execute({ StartAt: "MapState", States: { MapState: { Type: "Map", ItemProcessor: passItem, ToleratedFailurePercentage: 0.5, End: true } } }, "[0]");
    expect(status).toBe("SUCCEEDED");
    expect(events.find((e) => e.type === "MapStateExited")?.stateExitedEventDetails?.output).toBe("[0]");
  });
});

describe("the execution input's text (recorded, test_map_state_label, test_map_state_result_writer)", () => {
  it("shows the input as given in ExecutionStarted and its compact JSON in the states", async () => {
    const { status, events } = await execute({ StartAt: "MapState", States: { MapState: { Type: "Map", Label: "TestMap", ItemProcessor: passItem, End: true } } }, '["Hello", "World"]');
    expect(status).toBe("SUCCEEDED");
    expect(events[0]?.executionStartedEventDetails?.input).toBe('["Hello", "World"]');
    expect(events[1]?.stateEnteredEventDetails?.input).toBe('["Hello","World"]');
    expect(events[3]?.mapRunStartedEventDetails?.mapRunArn).toMatch(/:mapRun:replay4-\d+\/TestMap:[0-9a-f-]{36}$/);
  });
});
