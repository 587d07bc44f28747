/**
 * "Step Functions Execution Status Change" events: the detail builder, and the events executions
 * started through the SDK send to the EventBridge port, replayed against LocalStack's AWS-recorded
 * test_base test_event_bridge_events_base.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { MemoryStore, serveHandler, silentLogger, VirtualClock, type LambdaInvoker } from "@sam-sandbox/core";
import { createStepFunctions, type StepFunctions } from "@sam-sandbox/stepfunctions";
import { statusChangeDetail, type ExecutionEventBus, type StatusChangeEntry } from "../src/engine/api/statusEvents.js";
import type { ExecutionRecord } from "../src/engine/api/state.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const ACCOUNT = "000000000000";

function record(overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    arn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:m:e1`,
    stateMachineArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:m`,
    name: "e1",
    status: "RUNNING",
    startDate: 1_700_000_000_123,
    input: "{}",
    roleArn: ROLE,
    type: "STANDARD",
    definition: "{}",
    stateMachineName: "m",
    ...overrides,
  };
}

/** The members of the recorded detail, in AWS's order (test_event_bridge_events_base). */
const RECORDED_MEMBERS = [
  "executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "input", "output",
  "stateMachineVersionArn", "stateMachineAliasArn", "redriveCount", "redriveDate", "redriveStatus",
  "redriveStatusReason", "inputDetails", "outputDetails", "error", "cause",
];

describe("statusChangeDetail", () => {
  it("gives every member, nulls for those without a value, dates in epoch milliseconds", () => {
    const detail = statusChangeDetail(record(), { redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution is RUNNING and cannot be redriven" });
    expect(Object.keys(detail)).toEqual(RECORDED_MEMBERS);
    expect(detail).toEqual({
      executionArn: `arn:aws:states:us-east-1:${ACCOUNT}:execution:m:e1`,
      stateMachineArn: `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:m`,
      name: "e1",
      status: "RUNNING",
      startDate: 1_700_000_000_123,
      stopDate: null,
      input: "{}",
      output: null,
      stateMachineVersionArn: null,
      stateMachineAliasArn: null,
      redriveCount: 0,
      redriveDate: null,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: "Execution is RUNNING and cannot be redriven",
      inputDetails: { included: true },
      outputDetails: null,
      error: null,
      cause: null,
    });
  });

  it("carries a failure's error and cause, and no output", () => {
    const detail = statusChangeDetail(record({ status: "FAILED", stopDate: 1_700_000_001_000, error: "Boom", cause: "it broke" }), { redriveStatus: "REDRIVABLE" });
    expect(detail).toMatchObject({ status: "FAILED", stopDate: 1_700_000_001_000, output: null, outputDetails: null, error: "Boom", cause: "it broke", redriveStatus: "REDRIVABLE", redriveStatusReason: null });
  });

  it("leaves out an output past 248 KB, then the input with it", () => {
    const big = JSON.stringify("x".repeat(200 * 1024));
    const withBigOutput = statusChangeDetail(record({ status: "SUCCEEDED", stopDate: 1, output: JSON.stringify("y".repeat(250 * 1024)) }), { redriveStatus: "NOT_REDRIVABLE" });
    expect(withBigOutput).toMatchObject({ input: "{}", inputDetails: { included: true }, output: null, outputDetails: { included: false } });
    const bothLarge = statusChangeDetail(record({ status: "SUCCEEDED", stopDate: 1, input: big, output: big }), { redriveStatus: "NOT_REDRIVABLE" });
    expect(bothLarge).toMatchObject({ input: null, inputDetails: { included: false }, output: big, outputDetails: { included: true } });
  });
});

describe("Execution status change events", () => {
  const clock = new VirtualClock();
  const sent: StatusChangeEntry[] = [];
  let listening = true;
  let built = 0;
  const bus: ExecutionEventBus = {
    listening: () => {
      built++;
      return listening;
    },
    putEvents: async (entries) => {
      sent.push(...entries);
    },
  };
  let healthy = false;
  const invoker: LambdaInvoker = {
    async invoke() {
      if (!healthy) return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify({ errorType: "Broken", errorMessage: "not yet" })) };
      return { statusCode: 200, executedVersion: "$LATEST", payload: Buffer.from("{}") };
    },
  };
  let sfn: StepFunctions;
  let server: Awaited<ReturnType<typeof serveHandler>>;
  let client: SFNClient;

  beforeAll(async () => {
    sfn = await createStepFunctions({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: ACCOUNT, eventBridge: bus, invoker });
    server = await serveHandler(sfn.service.handle);
    client = new SFNClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, disableHostPrefix: true });
  });

  afterAll(async () => {
    client.destroy();
    await sfn.close();
    await server.close();
  });

  async function machine(name: string, definition: object, type: "STANDARD" | "EXPRESS" = "STANDARD"): Promise<string> {
    const out = await client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, type }));
    return out.stateMachineArn ?? "";
  }

  /** The events sent for one execution, detail parsed. */
  function eventsOf(executionArn: string | undefined): Array<StatusChangeEntry & { detail: Record<string, unknown> }> {
    return sent.filter((e) => e.Resources[0] === executionArn).map((e) => ({ ...e, detail: JSON.parse(e.Detail) as Record<string, unknown> }));
  }

  async function until(done: () => boolean): Promise<void> {
    // Bounded by the test's timeout, not by a guess at how long a loaded machine takes.
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  it("replays test_event_bridge_events_base: RUNNING, then SUCCEEDED with the output", async () => {
    // BaseTemplate.BASE_WAIT_1_MIN, as recorded.
    const arn = await machine("test_event_bridge_events", {
      StartAt: "State_1",
      States: { State_1: { Type: "Wait", Seconds: 60, Next: "State_2" }, State_2: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } },
    });
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: "run-1", input: "{}" }));
    await until(() => eventsOf(started.executionArn).length >= 1);
    await clock.advance(60_000);
    await until(() => eventsOf(started.executionArn).length >= 2);
    const events = eventsOf(started.executionArn);
    expect(events.map((e) => e.detail.status)).toEqual(["RUNNING", "SUCCEEDED"]);
    const startDate = started.startDate?.getTime();
    // The recording, with LocalStack's snapshot reading: JSON strings parsed, dates and the name replaced.
    const recorded = (status: string, output: unknown, reason: string) => ({
      executionArn: started.executionArn,
      stateMachineArn: arn,
      name: "test_event_bridge_events-{short_uid()}",
      status,
      startDate: "start-date",
      stopDate: "stop-date",
      input: {},
      output,
      stateMachineVersionArn: null,
      stateMachineAliasArn: null,
      redriveCount: 0,
      redriveDate: null,
      redriveStatus: "NOT_REDRIVABLE",
      redriveStatusReason: reason,
      inputDetails: { included: true },
      outputDetails: output === null ? null : { included: true },
      error: null,
      cause: null,
    });
    const snapshot = (detail: Record<string, unknown>) => ({
      ...detail,
      name: "test_event_bridge_events-{short_uid()}",
      startDate: "start-date",
      stopDate: "stop-date",
      input: JSON.parse(detail.input as string) as unknown,
      output: detail.output === null ? null : (JSON.parse(detail.output as string) as unknown),
    });
    expect(events.map((e) => JSON.stringify(snapshot(e.detail)))).toEqual([
      JSON.stringify(recorded("RUNNING", null, "Execution is RUNNING and cannot be redriven")),
      JSON.stringify(recorded("SUCCEEDED", { Arg1: "argument1" }, "Execution is SUCCEEDED and cannot be redriven")),
    ]);
    expect(events.map((e) => [e.Source, e.DetailType, e.Resources])).toEqual([
      ["aws.states", "Step Functions Execution Status Change", [started.executionArn]],
      ["aws.states", "Step Functions Execution Status Change", [started.executionArn]],
    ]);
    // The input as given, the dates in epoch milliseconds; each event is timed when its status changed.
    expect(events[0]?.detail).toMatchObject({ input: "{}", startDate, stopDate: null });
    expect(events[1]?.detail).toMatchObject({ output: '{"Arg1":"argument1"}', startDate, stopDate: (startDate ?? 0) + 60_000 });
    expect(events.map((e) => e.Time.getTime())).toEqual([startDate, (startDate ?? 0) + 60_000]);
  });

  it("sends FAILED with the error and cause, then RUNNING again with redriveCount 1 on RedriveExecution", async () => {
    const arn = await machine("fails-then-redriven", {
      StartAt: "Work",
      States: { Work: { Type: "Task", Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:work`, End: true } },
    });
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"n": 1}' }));
    await until(() => eventsOf(started.executionArn).length >= 2);
    const [running, failed] = eventsOf(started.executionArn);
    expect(running?.detail).toMatchObject({ status: "RUNNING", input: '{"n": 1}', error: null, cause: null });
    expect(failed?.detail).toMatchObject({
      status: "FAILED", output: null, outputDetails: null, error: "Broken", cause: expect.stringContaining("not yet"),
      redriveCount: 0, redriveStatus: "REDRIVABLE", redriveStatusReason: null,
    });
    healthy = true;
    const redriven = await client.send(new RedriveExecutionCommand({ executionArn: started.executionArn }));
    await until(() => eventsOf(started.executionArn).length >= 4);
    const later = eventsOf(started.executionArn).slice(2);
    expect(later.map((e) => e.detail.status)).toEqual(["RUNNING", "SUCCEEDED"]);
    expect(later[0]?.detail).toMatchObject({ redriveCount: 1, redriveDate: redriven.redriveDate?.getTime(), stopDate: null, error: null, cause: null });
    expect(later[1]?.detail).toMatchObject({ redriveCount: 1, output: "{}", redriveStatus: "NOT_REDRIVABLE" });
  });

  it("sends ABORTED with StopExecution's error and cause", async () => {
    const arn = await machine("stopped", { StartAt: "Hold", States: { Hold: { Type: "Wait", Seconds: 3600, End: true } } });
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await client.send(new StopExecutionCommand({ executionArn: started.executionArn, error: "Manual", cause: "stopped by hand" }));
    await until(() => eventsOf(started.executionArn).length >= 2);
    expect(eventsOf(started.executionArn).map((e) => e.detail)).toEqual([
      expect.objectContaining({ status: "RUNNING" }),
      expect.objectContaining({ status: "ABORTED", error: "Manual", cause: "stopped by hand", redriveStatus: "REDRIVABLE" }),
    ]);
  });

  it("sends nothing for an Express execution, nor builds anything while no rule listens", async () => {
    const express = await machine("express", { StartAt: "Done", States: { Done: { Type: "Pass", End: true } } }, "EXPRESS");
    const asked = built;
    const before = sent.length;
    await client.send(new StartExecutionCommand({ stateMachineArn: express }));
    const standard = await machine("quiet", { StartAt: "Done", States: { Done: { Type: "Pass", End: true } } });
    listening = false;
    const quiet = await client.send(new StartExecutionCommand({ stateMachineArn: standard }));
    // Its end has been decided (and its SUCCEEDED event skipped) before anyone listens again.
    let status: string | undefined = "RUNNING";
    while (status === "RUNNING") status = (await client.send(new DescribeExecutionCommand({ executionArn: quiet.executionArn }))).status;
    listening = true;
    expect(sent.length).toBe(before);
    // Only the Standard execution asked (RUNNING, SUCCEEDED); the Express one never did.
    expect(built - asked).toBe(2);
  });
});
