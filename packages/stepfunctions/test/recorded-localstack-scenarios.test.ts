/**
 * Distributed Map ItemReader histories found by replaying LocalStack's snapshot tests recorded on
 * real AWS (tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json,
 * test_map_item_reader_*, recorded 2023-09) against the sandbox, through the SFN SDK client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, GetExecutionHistoryCommand, StartExecutionCommand, type HistoryEvent, type SFNClient } from "@aws-sdk/client-sfn";
import type { AwsDispatcher } from "@sam-sandbox/core";
import { finished, startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const ROWS = "Value4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n";
const objects: Record<string, string> = {
  "typed.csv": `0,True,{}\n${ROWS}`,
  "plain.csv": `Value1,Value2,Value3\n${ROWS}`,
  "object.json": JSON.stringify({ Hello: "world" }),
};

const dispatcher: AwsDispatcher = {
  async call(service, action, input) {
    if (service === "s3" && action === "GetObject") return { Body: objects[String(input.Key)] ?? "" };
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
async function history(readerConfig: object, key: string): Promise<{ status?: string; events: HistoryEvent[] }> {
  const definition = {
    StartAt: "MapState",
    States: {
      MapState: {
        Type: "Map",
        MaxConcurrency: 1,
        ItemReader: { ReaderConfig: readerConfig, Resource: "arn:aws:states:::s3:getObject", Parameters: { Bucket: "bucket-name", "Key.$": "$.Key" } },
        ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "PassItem", States: { PassItem: { Type: "Pass", End: true } } },
        End: true,
      },
    },
  };
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: `reader-${++machines}`, definition: JSON.stringify(definition), roleArn: ROLE }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ Key: key }) }));
  const { status } = await finished(client, executionArn);
  return { status, events: (await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [] };
}

describe("Distributed Map ItemReader (recorded, scenarios/test_base_scenarios test_map_item_reader_*)", () => {
  it("reports MapStateStarted length 0 and writes each CSV row in java.util.HashMap order (csv_headers_first_row_typed_headers)", async () => {
    const { status, events } = await history({ InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, "typed.csv");
    expect(status).toBe("SUCCEEDED");
    expect(events.find((e) => e.type === "MapStateStarted")?.mapStateStartedEventDetails).toEqual({ length: 0 });
    expect(events.find((e) => e.type === "MapStateExited")?.stateExitedEventDetails?.output).toBe(
      '[{"0":"Value4","{}":"Value6","True":"Value5"},{"0":"","{}":"","True":""},{"0":"true","{}":"\'HelloWorld\'","True":"1"},{"0":"Null","{}":"","True":"None"},{"0":"   ","{}":"","True":""}]',
    );
  });

  it("fails the Map Run it started when the CSV headers repeat (csv_headers_decl_duplicate_headers)", async () => {
    const { status, events } = await history({ InputType: "CSV", CSVHeaderLocation: "GIVEN", CSVHeaders: ["H1", "H1", "H3"] }, "plain.csv");
    expect(status).toBe("FAILED");
    expect(events.map((e) => [e.type, e.previousEventId])).toEqual([
      ["ExecutionStarted", 0], ["MapStateEntered", 0], ["MapStateStarted", 2], ["MapRunStarted", 3], ["MapRunFailed", 4], ["MapStateFailed", 5], ["ExecutionFailed", 6],
    ]);
    const failure = { error: "States.ItemReaderFailed", cause: "CSV headers cannot contain duplicates." };
    expect(events[4]?.mapRunFailedEventDetails).toEqual(failure);
    expect(events[6]?.executionFailedEventDetails).toEqual(failure);
  });

  it("fails the Map Run on a JSON object that is not a list (json_no_json_list_object)", async () => {
    const { events } = await history({ InputType: "JSON" }, "object.json");
    expect(events.find((e) => e.type === "MapRunFailed")?.mapRunFailedEventDetails).toEqual({
      error: "States.ItemReaderFailed",
      cause: "Attempting to map over non-iterable node.",
    });
    expect(events.at(-1)?.type).toBe("ExecutionFailed");
  });
});
