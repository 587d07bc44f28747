import { describe, expect, it } from "vitest";
import { fakeRunner, run, shape, start, types } from "./helpers.js";
import { TaskError } from "../src/engine/asl/ports.js";
import type { StateMachineDefinition } from "../src/engine/asl/types.js";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:work";

describe("Task state", () => {
  it("records TaskScheduled / TaskStarted / TaskSucceeded for a service integration", async () => {
    const tasks = fakeRunner(() => ({ Payload: { ok: true } }));
    const { outcome, events } = await run(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: "arn:aws:states:::lambda:invoke",
            Parameters: { FunctionName: "work", "Payload.$": "$" },
            ResultSelector: { "ok.$": "$.Payload.ok" },
            ResultPath: "$.result",
            TimeoutSeconds: 30,
            End: true,
          },
        },
      },
      { in: 1 },
      { tasks },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { in: 1, result: { ok: true } } });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "TaskStateEntered"],
      [3, 2, "TaskScheduled"],
      [4, 3, "TaskStarted"],
      [5, 4, "TaskSucceeded"],
      [6, 5, "TaskStateExited"],
      [7, 6, "ExecutionSucceeded"],
    ]);
    expect(events[2].taskScheduledEventDetails).toEqual({
      resourceType: "lambda",
      resource: "invoke",
      region: "us-east-1",
      parameters: '{"FunctionName":"work","Payload":{"in":1}}',
      timeoutInSeconds: 30,
    });
    expect(events[3].taskStartedEventDetails).toEqual({ resourceType: "lambda", resource: "invoke" });
    expect(events[4].taskSucceededEventDetails).toEqual({ resourceType: "lambda", resource: "invoke", output: '{"Payload":{"ok":true}}', outputDetails: { truncated: false } });
    expect(tasks.calls[0].resource).toMatchObject({ kind: "service", service: "lambda", action: "invoke" });
  });

  it("records LambdaFunction* events for a function ARN", async () => {
    const { outcome, events } = await run({ StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true } } }, { a: 1 }, { tasks: fakeRunner((c) => ({ got: c.parameters })) });
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { got: { a: 1 } } });
    expect(types(events)).toEqual(["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"]);
    expect(events[2].lambdaFunctionScheduledEventDetails).toEqual({ resource: LAMBDA, input: '{"a":1}', inputDetails: { truncated: false } });
    expect(events[3]).not.toHaveProperty("lambdaFunctionStartedEventDetails");
  });

  it("fails the execution with the task's error when nothing catches it", async () => {
    const tasks = fakeRunner(() => {
      throw new TaskError("Error", '{"errorType":"Error","errorMessage":"boom"}');
    });
    const { outcome, events } = await run({ StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, End: true } } }, {}, { tasks });
    expect(outcome).toEqual({ status: "FAILED", error: "Error", cause: '{"errorType":"Error","errorMessage":"boom"}' });
    expect(shape(events).slice(4)).toEqual([
      [5, 4, "LambdaFunctionFailed"],
      [6, 5, "ExecutionFailed"],
    ]);
  });

  it("retries with IntervalSeconds × BackoffRate^n capped by MaxDelaySeconds, on the virtual clock", async () => {
    let attempts = 0;
    const times: number[] = [];
    const { outcome, events, clock } = await run(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: "arn:aws:states:::aws-sdk:dynamodb:getItem",
            Retry: [
              { ErrorEquals: ["Other"], MaxAttempts: 5 },
              { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 4, MaxDelaySeconds: 10 },
            ],
            Parameters: { "count.$": "$$.State.RetryCount" },
            End: true,
          },
        },
      },
      {},
      {
        tasks: fakeRunner((call) => {
          times.push(Date.now());
          attempts++;
          if (attempts <= 4) throw new TaskError("DynamoDb.ProvisionedThroughputExceededException", "slow down");
          return { attempt: (call.parameters as { count: number }).count };
        }),
      },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { attempt: 4 } });
    const scheduled = events.filter((e) => e.type === "TaskScheduled").map((e) => e.timestamp as number);
    const start = scheduled[0];
    // 2 s, then 6 s, then 18 → 10 s, then 54 → 10 s
    expect(scheduled.map((t) => (t - start) / 1000)).toEqual([0, 2, 8, 18, 28]);
    expect(clock.now() - start).toBe(28_000);
    expect(types(events).filter((t) => t.startsWith("Task"))).toEqual([
      "TaskStateEntered",
      ...Array(4).fill(["TaskScheduled", "TaskStarted", "TaskFailed"]).flat(),
      "TaskScheduled",
      "TaskStarted",
      "TaskSucceeded",
      "TaskStateExited",
    ]);
    // each retry's TaskScheduled follows the previous TaskFailed
    expect(shape(events).slice(5, 7)).toEqual([
      [6, 5, "TaskScheduled"],
      [7, 6, "TaskStarted"],
    ]);
  });

  it("uses the defaults IntervalSeconds 1, MaxAttempts 3, BackoffRate 2 and FULL jitter draws below the delay", async () => {
    const { outcome, events } = await run(
      { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, Retry: [{ ErrorEquals: ["States.ALL"] }], End: true } } },
      {},
      { tasks: fakeRunner(() => { throw new TaskError("E", "c"); }) },
    );
    expect(outcome).toMatchObject({ status: "FAILED", error: "E" });
    const scheduled = events.filter((e) => e.type === "LambdaFunctionScheduled").map((e) => e.timestamp as number);
    expect(scheduled.map((t) => (t - scheduled[0]) / 1000)).toEqual([0, 1, 3, 7]);

    const jitter = await run(
      { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, Retry: [{ ErrorEquals: ["E"], IntervalSeconds: 10, MaxAttempts: 1, JitterStrategy: "FULL" }], End: true } } },
      {},
      { tasks: fakeRunner(() => { throw new TaskError("E", "c"); }), random: () => 0.25 },
    );
    const times = jitter.events.filter((e) => e.type === "LambdaFunctionScheduled").map((e) => e.timestamp as number);
    expect((times[1] - times[0]) / 1000).toBe(2.5);
  });

  it("catches into ResultPath and continues at the catcher's Next", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: LAMBDA,
            Catch: [
              { ErrorEquals: ["Nope"], Next: "Never" },
              { ErrorEquals: ["States.TaskFailed"], ResultPath: "$.error", Next: "Handle" },
            ],
            End: true,
          },
          Never: { Type: "Fail" },
          Handle: { Type: "Pass", End: true },
        },
      },
      { keep: 1 },
      { tasks: fakeRunner(() => { throw new TaskError("Error", "boom"); }) },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { keep: 1, error: { Error: "Error", Cause: "boom" } } });
    expect(shape(events).slice(4)).toEqual([
      [5, 4, "LambdaFunctionFailed"],
      [6, 5, "TaskStateExited"],
      [7, 6, "PassStateEntered"],
      [8, 7, "PassStateExited"],
      [9, 8, "ExecutionSucceeded"],
    ]);
  });

  it("does not match States.Timeout with States.TaskFailed, but with States.ALL", async () => {
    const definition = (errors: string[]): StateMachineDefinition => ({
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: LAMBDA, TimeoutSeconds: 5, Catch: [{ ErrorEquals: errors, Next: "Caught" }], End: true },
        Caught: { Type: "Pass", End: true },
      },
    });
    const never = () => new Promise<never>(() => {});
    const taskFailed = await run(definition(["States.TaskFailed"]), {}, { tasks: fakeRunner(never) });
    expect(taskFailed.outcome).toEqual({ status: "FAILED", error: "States.Timeout" });
    expect(types(taskFailed.events)).toContain("LambdaFunctionTimedOut");
    expect(taskFailed.events.at(-1)?.timestamp).toBe(Date.UTC(2026, 0, 1) + 5000);
    const all = await run(definition(["States.ALL"]), {}, { tasks: fakeRunner(never) });
    expect(all.outcome).toEqual({ status: "SUCCEEDED", output: { Error: "States.Timeout", Cause: "" } });
  });

  it("never retries or catches States.Runtime", async () => {
    const { outcome, events } = await run(
      {
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: LAMBDA, Parameters: { "x.$": "$.missing" }, Retry: [{ ErrorEquals: ["States.ALL"] }], Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }], End: true },
          C: { Type: "Succeed" },
        },
      },
      {},
    );
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.Runtime" });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "TaskStateEntered"],
      [3, 0, "ExecutionFailed"],
    ]);
  });

  it("fails with States.DataLimitExceeded when a result is over 256 KiB", async () => {
    const { outcome, events } = await run(
      { StartAt: "T", States: { T: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "f" }, End: true } } },
      {},
      { tasks: fakeRunner(() => ({ big: "é".repeat(140_000) })) },
    );
    expect(outcome).toEqual({
      status: "FAILED",
      error: "States.DataLimitExceeded",
      cause: "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
    expect(events[4].taskFailedEventDetails).toMatchObject({ error: "States.DataLimitExceeded", resourceType: "lambda", resource: "invoke" });
  });

  it("waits for a task token, honours SendTaskHeartbeat and times out on a missed heartbeat", async () => {
    const seen: string[] = [];
    const def: StateMachineDefinition = {
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          Parameters: { "token.$": "$$.Task.Token" },
          HeartbeatSeconds: 10,
          TimeoutSeconds: 100,
          Catch: [{ ErrorEquals: ["States.HeartbeatTimeout"], Next: "Late" }],
          End: true,
        },
        Late: { Type: "Pass", End: true },
      },
    };
    const { handle, clock, tokens, history } = start(def, {}, { tasks: fakeRunner((c) => { seen.push(c.taskToken ?? ""); return { MessageId: "m" }; }) });
    await new Promise((r) => setImmediate(r));
    const token = seen[0];
    expect(token.length).toBeGreaterThan(100);
    await clock.advance(8000);
    expect(tokens.heartbeat(token)).toBe(true);
    await clock.advance(8000);
    expect(tokens.state(token)).toBe("waiting");
    await clock.advance(3000);
    const outcome = await handle.done;
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { Error: "States.HeartbeatTimeout", Cause: "" } });
    expect(history.events.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSubmitted",
      "TaskTimedOut",
      "TaskStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    expect(history.events[2].taskScheduledEventDetails).toMatchObject({ heartbeatInSeconds: 10, timeoutInSeconds: 100 });
    expect(history.events[5].taskTimedOutEventDetails).toEqual({ resourceType: "sqs", resource: "sendMessage.waitForTaskToken", error: "States.Timeout" });
  });

  it("reads TimeoutSecondsPath from the effective input", async () => {
    const { outcome } = await run(
      { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA, TimeoutSecondsPath: "$.t", End: true } } },
      { t: 3 },
      { tasks: fakeRunner(() => new Promise<never>(() => {})) },
    );
    expect(outcome).toEqual({ status: "FAILED", error: "States.Timeout" });
  });

  it("passes the state input to a JSONata Task without Arguments and shapes its Output", async () => {
    const tasks = fakeRunner((c) => ({ got: c.parameters }));
    const { outcome } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: LAMBDA, Output: "{% {'input': $states.input, 'result': $states.result} %}", End: true },
        },
      },
      { a: 1 },
      { tasks },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { input: { a: 1 }, result: { got: { a: 1 } } } });
  });

  it("gives a JSONata Catch $states.errorOutput and an Output", async () => {
    const { outcome } = await run(
      {
        QueryLanguage: "JSONata",
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: LAMBDA,
            Arguments: { x: "{% $states.input.x %}" },
            Catch: [{ ErrorEquals: ["States.ALL"], Output: { err: "{% $states.errorOutput.Error %}", in: "{% $states.input %}" }, Assign: { failed: true }, Next: "After" }],
            End: true,
          },
          After: { Type: "Pass", Output: { failed: "{% $failed %}", prev: "{% $states.input %}" }, End: true },
        },
      },
      { x: 1 },
      { tasks: fakeRunner(() => { throw new TaskError("Bad", "worse"); }) },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", output: { failed: true, prev: { err: "Bad", in: { x: 1 } } } });
  });
});
