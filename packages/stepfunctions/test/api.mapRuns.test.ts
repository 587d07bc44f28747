/** ListMapRuns / DescribeMapRun through the SDK (LocalStack's AWS-recorded test_list_map_runs_and_describe_map_run). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SFNClient, CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, ListMapRunsCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { MemoryStore, RealClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { createStepFunctions, type StepFunctions } from "@sam-sandbox/stepfunctions";

let server: Awaited<ReturnType<typeof serveHandler>>;
let sfn: StepFunctions;
let client: SFNClient;

beforeAll(async () => {
  sfn = await createStepFunctions({ store: new MemoryStore(), clock: new RealClock(), logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
  server = await serveHandler(sfn.service.handle);
  client = new SFNClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});

afterAll(async () => {
  client.destroy();
  await sfn.close();
  await server.close();
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
