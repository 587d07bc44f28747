/** ListMapRuns / DescribeMapRun through the SDK (LocalStack's AWS-recorded test_list_map_runs_and_describe_map_run). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHarness } from "./apiHarness.js";
import { SFNClient, CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, ListMapRunsCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";

let api: ApiHarness;
let client: SFNClient;

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

describe("Map Runs", () => {
  it("lists and describes the Map Run of a Distributed Map", async () => {
    const definition = JSON.stringify({
      StartAt: "MapState",
      States: {
        MapState: {
          Type: "Map",
          MaxConcurrency: 1,
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } },
          End: true,
        },
      },
    });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "mapruns", definition, roleArn: "arn:aws:iam::000000000000:role/sfn" }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: "[1,2]" }));
    for (let i = 0; i < 100 && (await client.send(new DescribeExecutionCommand({ executionArn }))).status === "RUNNING"; i++) await new Promise((r) => setTimeout(r, 5));
    const list = await client.send(new ListMapRunsCommand({ executionArn }));
    expect(list.mapRuns).toHaveLength(1);
    const run = list.mapRuns?.[0];
    expect(run).toMatchObject({ executionArn, stateMachineArn: `${stateMachineArn}/MapState` });
    expect(run?.mapRunArn).toMatch(/^arn:aws:states:us-east-1:000000000000:mapRun:mapruns\/MapState:[0-9a-f-]+$/);
    const described = await client.send(new DescribeMapRunCommand({ mapRunArn: run?.mapRunArn }));
    const counts = { aborted: 0, failed: 0, pending: 0, resultsWritten: 2, running: 0, succeeded: 2, timedOut: 0, total: 2 };
    expect(described).toMatchObject({ status: "SUCCEEDED", maxConcurrency: 1, toleratedFailureCount: 0, toleratedFailurePercentage: 0, itemCounts: counts, executionCounts: counts });
    expect(described.stopDate).toBeInstanceOf(Date);
  });
});
