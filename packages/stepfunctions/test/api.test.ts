import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type ApiHarness } from "./apiHarness.js";
import {
  SFNClient,
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartSyncExecutionCommand,
  ListExecutionsCommand,
  StopExecutionCommand,
  SendTaskSuccessCommand,
  ValidateStateMachineDefinitionCommand,
  UpdateStateMachineCommand,
  DeleteStateMachineCommand,
  TagResourceCommand,
  ListTagsForResourceCommand,
  UntagResourceCommand,
  DescribeStateMachineForExecutionCommand,
  SendTaskFailureCommand,
  TestStateCommand,
} from "@aws-sdk/client-sfn";
import { type LambdaInvoker } from "@sam-sandbox/core";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
let api: ApiHarness;
let client: SFNClient;
const tokens: string[] = [];

const invoker: LambdaInvoker = {
  async invoke(request) {
    const payload = JSON.parse(request.payload.toString("utf8")) as Record<string, unknown>;
    if (request.functionName.endsWith("boom")) {
      return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify({ errorType: "Error", errorMessage: "boom", trace: [] })) };
    }
    if (typeof payload.token === "string") tokens.push(payload.token);
    return { statusCode: 200, executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify({ echoed: payload })) };
  },
};

async function waitFor(arn: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (d.status !== "RUNNING") return d.status ?? "";
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("still running");
}

beforeAll(async () => {
  api = await startApi({ invoker });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

const PASS = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: { ok: true }, ResultPath: "$.r", End: true } } });

describe("state machines", () => {
  it("creates, describes, lists, updates and deletes", async () => {
    const created = await client.send(new CreateStateMachineCommand({ name: "crud", definition: PASS, roleArn: ROLE }));
    expect(created.stateMachineArn).toBe("arn:aws:states:us-east-1:000000000000:stateMachine:crud");
    expect(created.creationDate).toBeInstanceOf(Date);
    const again = await client.send(new CreateStateMachineCommand({ name: "crud", definition: PASS, roleArn: ROLE }));
    expect(again.stateMachineArn).toBe(created.stateMachineArn);
    await expect(client.send(new CreateStateMachineCommand({ name: "crud", definition: PASS.replace("true", "false"), roleArn: ROLE }))).rejects.toMatchObject({
      name: "StateMachineAlreadyExists",
      message: `State Machine Already Exists: '${created.stateMachineArn}'`,
    });
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described).toMatchObject({ name: "crud", status: "ACTIVE", type: "STANDARD", definition: PASS, roleArn: ROLE, loggingConfiguration: { level: "OFF", includeExecutionData: false } });
    const list = await client.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toContain("crud");
    const updated = await client.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: PASS.replace("true", "1") }));
    expect(updated.revisionId).toEqual(expect.any(String));
    await client.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    await expect(client.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).rejects.toMatchObject({
      name: "StateMachineDoesNotExist",
      message: `State Machine Does Not Exist: '${created.stateMachineArn}'`,
    });
  });

  it("rejects an invalid definition with AWS's InvalidDefinition format", async () => {
    const bad = JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Next: "Missing" }, B: { Type: "Succeed" } } });
    await expect(client.send(new CreateStateMachineCommand({ name: "bad", definition: bad, roleArn: ROLE }))).rejects.toMatchObject({
      name: "InvalidDefinition",
      message:
        // AWS's text for the same two problems (localstack/localstack#12487, run against AWS).
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Missing at /States/A/Next, MISSING_TRANSITION_TARGET: State \"B\" is not reachable. at /States/B'",
    });
  });

  it("refuses an aws-sdk Task naming an action its service does not have", async () => {
    const definition = JSON.stringify({ StartAt: "Put", States: { Put: { Type: "Task", Resource: "arn:aws:states:::aws-sdk:dynamodb:putThing", End: true } } });
    await expect(client.send(new CreateStateMachineCommand({ name: "sdk-unknown-action", definition, roleArn: ROLE }))).rejects.toMatchObject({
      name: "InvalidDefinition",
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::aws-sdk:dynamodb:putThing is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/Put/Resource'",
    });
  });

  it("validates a definition (ValidateStateMachineDefinition)", async () => {
    const ok = await client.send(new ValidateStateMachineDefinitionCommand({ definition: PASS }));
    expect(ok).toMatchObject({ result: "OK", diagnostics: [], truncated: false });
    const missing = await client.send(new ValidateStateMachineDefinitionCommand({ definition: "{}" }));
    expect(missing.result).toBe("FAIL");
    expect(missing.diagnostics).toEqual([{ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", message: "These fields are required: [States, StartAt]", location: "/" }]);
  });

  it("tags a state machine", async () => {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "tagged", definition: PASS, roleArn: ROLE, tags: [{ key: "a", value: "1" }] }));
    await client.send(new TagResourceCommand({ resourceArn: stateMachineArn, tags: [{ key: "b", value: "2" }] }));
    await client.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: ["a"] }));
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: stateMachineArn }));
    expect(tags.tags).toEqual([{ key: "b", value: "2" }]);
  });

  it("answers a model validation error for a missing required member", async () => {
    await expect(client.send(new DescribeStateMachineCommand({} as never))).rejects.toMatchObject({ name: "ValidationException" });
  });
});

describe("executions", () => {
  it("runs an execution and reads its history", async () => {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "run", definition: PASS, roleArn: ROLE }));
    const started = await client.send(new StartExecutionCommand({ stateMachineArn, name: "first", input: '{"a":1}' }));
    expect(started.executionArn).toBe("arn:aws:states:us-east-1:000000000000:execution:run:first");
    expect(await waitFor(started.executionArn ?? "")).toBe("SUCCEEDED");
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({ name: "first", status: "SUCCEEDED", input: '{"a":1}', output: '{"a":1,"r":{"ok":true}}' });
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
    expect(history.events?.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "PassStateEntered"],
      [3, 2, "PassStateExited"],
      [4, 3, "ExecutionSucceeded"],
    ]);
    expect(history.events?.[0].timestamp).toBeInstanceOf(Date);
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, maxResults: 3, reverseOrder: true, includeExecutionData: false }));
    expect(page.events?.map((e) => e.id)).toEqual([4, 3, 2]);
    expect(page.events?.[0].executionSucceededEventDetails).toEqual({});
    const next = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, maxResults: 3, reverseOrder: true, nextToken: page.nextToken }));
    expect(next.events?.map((e) => e.id)).toEqual([1]);
    expect(next.nextToken).toBeUndefined();
    const forExecution = await client.send(new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }));
    expect(forExecution).toMatchObject({ name: "run", definition: PASS });
  });

  it("treats a repeated name as idempotent while running, then ExecutionAlreadyExists", async () => {
    const wait = JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "idem", definition: wait, roleArn: ROLE }));
    const a = await client.send(new StartExecutionCommand({ stateMachineArn, name: "n", input: "{}" }));
    const b = await client.send(new StartExecutionCommand({ stateMachineArn, name: "n", input: "{}" }));
    expect(b.executionArn).toBe(a.executionArn);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, name: "n", input: '{"x":1}' }))).rejects.toMatchObject({
      name: "ExecutionAlreadyExists",
      message: `Execution Already Exists: '${a.executionArn}'`,
    });
    const stopped = await client.send(new StopExecutionCommand({ executionArn: a.executionArn, error: "E", cause: "C" }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const d = await client.send(new DescribeExecutionCommand({ executionArn: a.executionArn }));
    expect(d).toMatchObject({ status: "ABORTED", error: "E", cause: "C" });
    const list = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: "ABORTED" }));
    expect(list.executions?.map((e) => e.name)).toEqual(["n"]);
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn: a.executionArn }));
    // AWS records no WaitStateAborted for a stopped execution (LocalStack's AWS-recorded test_stop_execution).
    expect(history.events?.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "WaitStateEntered"],
      [3, 0, "ExecutionAborted"],
    ]);
  });

  it("rejects input that is not JSON", async () => {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "badinput", definition: PASS, roleArn: ROLE }));
    // Jackson's parser messages, as AWS answers (LocalStack's AWS-recorded test_invalid_start_execution_input).
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input: "{nope" }))).rejects.toMatchObject({
      name: "InvalidExecutionInput",
      message: "Invalid State Machine Execution Input: 'Unexpected character ('n' (code 110)): was expecting double-quote to start field name'",
    });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input: "not json" }))).rejects.toMatchObject({
      message: "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'",
    });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input: "{'not': 'json'}" }))).rejects.toMatchObject({
      message: "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'",
    });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input: "" }))).rejects.toMatchObject({
      message: "Invalid State Machine Execution Input: 'Invalid execution input.'",
    });
    for (const input of ["2", '"some text"', "null"]) {
      expect((await client.send(new StartExecutionCommand({ stateMachineArn, input }))).executionArn).toEqual(expect.any(String));
    }
  });

  it("runs an EXPRESS machine with StartSyncExecution", async () => {
    const def = JSON.stringify({
      StartAt: "Call",
      States: { Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "echo", "Payload.$": "$" }, OutputPath: "$.Payload", End: true } },
    });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "express", definition: def, roleArn: ROLE, type: "EXPRESS" }));
    const result = await client.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"n":1}' }));
    expect(result).toMatchObject({ status: "SUCCEEDED", output: '{"echoed":{"n":1}}', input: '{"n":1}' });
    expect(result.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:express:[^:]+:[^:]+$/);
  });

  it("keeps no history of an EXPRESS execution: GetExecutionHistory refuses its ARN as AWS does", async () => {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "express-history", definition: PASS, roleArn: ROLE, type: "EXPRESS" }));
    const result = await client.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"a":1}' }));
    expect(result).toMatchObject({ status: "SUCCEEDED", output: '{"a":1,"r":{"ok":true}}' });
    await expect(client.send(new GetExecutionHistoryCommand({ executionArn: result.executionArn }))).rejects.toMatchObject({
      name: "InvalidArn",
      message: "Invalid Arn: 'Resource type not valid in this context: express'",
    });
    const invalid = { name: "InvalidArn", message: "Invalid Arn: 'Resource type not valid in this context: express'" };
    await expect(client.send(new DescribeExecutionCommand({ executionArn: result.executionArn }))).rejects.toMatchObject(invalid);
    await expect(client.send(new DescribeStateMachineForExecutionCommand({ executionArn: result.executionArn }))).rejects.toMatchObject(invalid);
    await expect(client.send(new ListExecutionsCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: "StateMachineTypeNotSupported",
      message: "This operation is not supported by this type of state machine",
    });
  });

  it("refuses StopExecution of a running EXPRESS execution by its ARN (\"not supported by EXPRESS state machines\")", async () => {
    // LocalStack's AWS-recorded test_sfn_api_express: InvalidArn for an Express execution's ARN.
    const wait = JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "express-stop", definition: wait, roleArn: ROLE, type: "EXPRESS" }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    await expect(client.send(new StopExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: "InvalidArn", message: "Invalid Arn: 'Resource type not valid in this context: express'" });
  });

  it("refuses StartSyncExecution on a STANDARD machine", async () => {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "std-sync", definition: PASS, roleArn: ROLE }));
    await expect(client.send(new StartSyncExecutionCommand({ stateMachineArn }))).rejects.toMatchObject({ name: "StateMachineTypeNotSupported" });
  });

  it("surfaces a Lambda function error as its errorType", async () => {
    const def = JSON.stringify({ StartAt: "Call", States: { Call: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:000000000000:function:boom", End: true } } });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "boom", definition: def, roleArn: ROLE }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    expect(await waitFor(executionArn ?? "")).toBe("FAILED");
    const d = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({ error: "Error", cause: '{"errorType":"Error","errorMessage":"boom","trace":[]}' });
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "LambdaFunctionScheduled",
      "LambdaFunctionStarted",
      "LambdaFunctionFailed",
      "ExecutionFailed",
    ]);
  });

  it("completes a .waitForTaskToken task with SendTaskSuccess / SendTaskFailure", async () => {
    const def = JSON.stringify({
      StartAt: "Wait",
      States: {
        Wait: {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
          Parameters: { FunctionName: "worker", Payload: { "token.$": "$$.Task.Token" } },
          End: true,
        },
      },
    });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "callback", definition: def, roleArn: ROLE }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: "ok" }));
    for (let i = 0; i < 100 && tokens.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const token = tokens.shift() ?? "";
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"done":true}' }));
    expect(await waitFor(executionArn ?? "")).toBe("SUCCEEDED");
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSubmitted",
      "TaskSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }))).rejects.toMatchObject({ name: "TaskTimedOut" });

    const second = await client.send(new StartExecutionCommand({ stateMachineArn, name: "ko" }));
    for (let i = 0; i < 100 && tokens.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await client.send(new SendTaskFailureCommand({ taskToken: tokens.shift() ?? "", error: "Nope", cause: "because" }));
    expect(await waitFor(second.executionArn ?? "")).toBe("FAILED");
    expect(await client.send(new DescribeExecutionCommand({ executionArn: second.executionArn }))).toMatchObject({ error: "Nope", cause: "because" });
  });
});

describe("TestState", () => {
  it("runs one state and reports its output and next state", async () => {
    const result = await client.send(
      new TestStateCommand({ definition: JSON.stringify({ Type: "Pass", Parameters: { "x.$": "$.a" }, Next: "Later" }), roleArn: ROLE, input: '{"a":1}' }),
    );
    expect(result).toMatchObject({ status: "SUCCEEDED", output: '{"x":1}', nextState: "Later" });
  });

  it("reports RETRIABLE, CAUGHT_ERROR and FAILED", async () => {
    const task = { Type: "Task", Resource: "arn:aws:lambda:us-east-1:000000000000:function:boom", End: true };
    const retriable = await client.send(new TestStateCommand({ definition: JSON.stringify({ ...task, Retry: [{ ErrorEquals: ["Error"] }] }), roleArn: ROLE }));
    expect(retriable).toMatchObject({ status: "RETRIABLE", error: "Error" });
    const caught = await client.send(new TestStateCommand({ definition: JSON.stringify({ ...task, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handler" }] }), roleArn: ROLE }));
    expect(caught).toMatchObject({ status: "CAUGHT_ERROR", error: "Error", nextState: "Handler" });
    const failed = await client.send(new TestStateCommand({ definition: JSON.stringify({ Type: "Fail", Error: "E", Cause: "C" }), roleArn: ROLE }));
    expect(failed).toMatchObject({ status: "FAILED", error: "E", cause: "C" });
  });
});
