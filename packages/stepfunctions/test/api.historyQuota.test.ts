/**
 * The execution history quota ("Step Functions service quotas": 25,000 events, a hard quota for
 * Standard executions; unlimited for Express ones), through the SDK. AWS's history of a Choice
 * looping forever (recorded in floci-io/floci#2734): event 24,999 is the last ChoiceStateExited,
 * event 25,000 is ExecutionFailed with States.Runtime, chained to it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from "@aws-sdk/client-sfn";
import { finished, startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const CAUSE = "The execution reached the maximum number of history events (25000).";
let api: ApiHarness;
let client: SFNClient;

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

/** A Choice that sends itself its own input until $.spin is false: two events a turn. */
const SPIN = {
  StartAt: "Loop",
  States: {
    Loop: { Type: "Choice", Choices: [{ Variable: "$.spin", BooleanEquals: false, Next: "Done" }], Default: "Loop" },
    Done: { Type: "Succeed" },
  },
};

/** Counts to $.limit with a Pass and a Choice: four events a turn (Parameters keeps its keys in Java hash order, as AWS does). */
const COUNT = {
  StartAt: "Add",
  States: {
    Add: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)", "limit.$": "$.limit" }, Next: "Check" },
    Check: { Type: "Choice", Choices: [{ Variable: "$.n", NumericLessThanPath: "$.limit", Next: "Add" }], Default: "Done" },
    Done: { Type: "Succeed" },
  },
};

async function machine(name: string, definition: unknown, type?: "EXPRESS"): Promise<string | undefined> {
  const created = await client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, ...(type ? { type } : {}) }));
  return created.stateMachineArn;
}

describe("execution history quota", () => {
  it("fails a Standard execution with States.Runtime as its 25,000th event, and it cannot be redriven", async () => {
    const stateMachineArn = await machine("spin", SPIN);
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ spin: true }) }));
    const described = await finished(client, executionArn);
    expect(described).toMatchObject({ status: "FAILED", error: "States.Runtime", cause: CAUSE });

    const last = await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    expect(last.events?.map(({ timestamp: _t, ...event }) => event)).toEqual([
      { type: "ExecutionFailed", id: 25000, previousEventId: 24999, executionFailedEventDetails: { error: "States.Runtime", cause: CAUSE } },
      {
        type: "ChoiceStateExited",
        id: 24999,
        previousEventId: 24998,
        stateExitedEventDetails: { name: "Loop", output: '{"spin":true}', outputDetails: { truncated: false } },
      },
    ]);

    // DescribeExecution's documented reason; RedriveExecution refuses the execution with it.
    expect(described).toMatchObject({ redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution history event limit exceeded" });
    await expect(client.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({
      name: "ExecutionNotRedrivable",
      message: "Execution history event limit exceeded",
    });
  });

  it("lets a Standard execution that ends within the quota succeed", async () => {
    const stateMachineArn = await machine("count-standard", COUNT);
    // 1 + 4 × 6,000 + 2 events: ExecutionStarted, the turns, SucceedStateEntered/Exited, ExecutionSucceeded.
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ n: 0, limit: 6000 }) }));
    expect(await finished(client, executionArn)).toMatchObject({ status: "SUCCEEDED", output: '{"limit":6000,"n":6000}' });
    const last = await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    expect(last.events?.[0]).toMatchObject({ type: "ExecutionSucceeded", id: 24004 });
  });

  it("puts no quota on an Express execution's events", async () => {
    const stateMachineArn = await machine("count-express", COUNT, "EXPRESS");
    // 1 + 4 × 7,000 events: past 25,000.
    const answer = await client.send(new StartSyncExecutionCommand({ stateMachineArn, input: JSON.stringify({ n: 0, limit: 7000 }) }));
    expect(answer).toMatchObject({ status: "SUCCEEDED", output: '{"limit":7000,"n":7000}' });
  });

  it("is redrivable while the history has room for ExecutionRedriven and one more event", async () => {
    const stateMachineArn = await machine("fail-early", { StartAt: "F", States: { F: { Type: "Fail", Error: "Oops" } } });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    await finished(client, executionArn);
    expect(await client.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status: "FAILED", redriveStatus: "REDRIVABLE" });
  });
});
