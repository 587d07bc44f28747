/** RedriveExecution through the SDK: a failed execution runs again from the state it failed in. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHarness } from "./apiHarness.js";
import {
  SFNClient,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { type LambdaInvoker } from "@sam-sandbox/core";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
let api: ApiHarness;
let client: SFNClient;
let healthy = false;
const payloads: unknown[] = [];

const invoker: LambdaInvoker = {
  async invoke(request) {
    const payload = JSON.parse(request.payload.toString("utf8")) as unknown;
    payloads.push(payload);
    if (!healthy) {
      return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify({ errorType: "Broken", errorMessage: "not yet" })) };
    }
    return { statusCode: 200, executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify({ fixed: true })) };
  },
};

async function settled(executionArn: string | undefined): Promise<string | undefined> {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d.status;
    await new Promise((r) => setTimeout(r, 5));
  }
  return "RUNNING";
}

beforeAll(async () => {
  api = await startApi({ invoker });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

describe("RedriveExecution", () => {
  it("runs a failed execution again from the failed state, keeping its history, input and variables", async () => {
    const definition = JSON.stringify({
      StartAt: "Prepare",
      States: {
        Prepare: { Type: "Pass", Result: "ready", ResultPath: "$.step", Assign: { prepared: true }, Next: "Work" },
        Work: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:000000000000:function:work",
          Parameters: { "step.$": "$.step", "prepared.$": "$prepared", "redrives.$": "$$.Execution.RedriveCount" },
          End: true,
        },
      },
    });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "redrive", definition, roleArn: ROLE }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: "r1", input: '{"order":7}' }));
    expect(await settled(executionArn)).toBe("FAILED");
    expect(await client.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ redriveCount: 0, redriveStatus: "REDRIVABLE", error: "Broken" });

    healthy = true;
    const redriven = await client.send(new RedriveExecutionCommand({ executionArn }));
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    expect(await settled(executionArn)).toBe("SUCCEEDED");
    expect(payloads.at(-1)).toEqual({ step: "ready", prepared: true, redrives: 1 });

    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: "SUCCEEDED", output: '{"fixed":true}', redriveCount: 1, redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution is SUCCEEDED and cannot be redriven" });
    expect(described.redriveDate).toBeInstanceOf(Date);
    expect(described.error).toBeUndefined();

    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    const shape = history.events?.map((e) => [e.id, e.previousEventId, e.type]);
    expect(shape).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 2, "PassStateExited"],
      [4, 3, "TaskStateEntered"],
      [5, 4, "LambdaFunctionScheduled"],
      [6, 5, "LambdaFunctionStarted"],
      [7, 6, "LambdaFunctionFailed"],
      [8, 7, "ExecutionFailed"],
      [9, 8, "ExecutionRedriven"],
      [10, 9, "TaskStateEntered"],
      [11, 10, "LambdaFunctionScheduled"],
      [12, 11, "LambdaFunctionStarted"],
      [13, 12, "LambdaFunctionSucceeded"],
      [14, 13, "TaskStateExited"],
      [15, 14, "ExecutionSucceeded"],
    ]);
    expect(history.events?.[8].executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions?.[0]).toMatchObject({ redriveCount: 1 });

    await expect(client.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({
      name: "ExecutionNotRedrivable",
      message: "Execution is SUCCEEDED and cannot be redriven",
    });
  });
});
