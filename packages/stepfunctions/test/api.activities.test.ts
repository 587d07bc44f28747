/**
 * Activities through the SDK: the API (LocalStack's AWS-recorded test_sfn_api_activities) and
 * Task states on an activity ARN worked by GetActivityTask + SendTask* (test_activities).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStepFunctions } from "@sam-sandbox/stepfunctions";
import { startApi, type ApiHarness } from "./apiHarness.js";
import {
  SFNClient,
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
let api: ApiHarness;
let client: SFNClient;

async function settled(executionArn: string | undefined): Promise<string | undefined> {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d.status;
    await new Promise((r) => setTimeout(r, 5));
  }
  return "RUNNING";
}

function activityMachine(activityArn: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ StartAt: "ActivityTask", States: { ActivityTask: { Type: "Task", Resource: activityArn, ...extra, End: true } } });
}

beforeAll(async () => {
  api = await startApi();
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

describe("activity API", () => {
  it("creates (idempotently), describes, lists and deletes an activity", async () => {
    const created = await client.send(new CreateActivityCommand({ name: "activity_name" }));
    expect(created.activityArn).toBe("arn:aws:states:us-east-1:000000000000:activity:activity_name");
    const duplicate = await client.send(new CreateActivityCommand({ name: "activity_name" }));
    expect(duplicate).toMatchObject({ activityArn: created.activityArn, creationDate: created.creationDate });
    expect(await client.send(new DescribeActivityCommand({ activityArn: created.activityArn }))).toMatchObject({ name: "activity_name", activityArn: created.activityArn });
    expect((await client.send(new ListActivitiesCommand({}))).activities?.map((a) => a.name)).toContain("activity_name");
    await client.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    await client.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    await expect(client.send(new DescribeActivityCommand({ activityArn: created.activityArn }))).rejects.toMatchObject({
      name: "ActivityDoesNotExist",
      message: `Activity Does Not Exist: '${created.activityArn}'`,
    });
    await expect(client.send(new GetActivityTaskCommand({ activityArn: created.activityArn }))).rejects.toMatchObject({ name: "ActivityDoesNotExist" });
  });

  it("answers the encryptionConfiguration it was created with", async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: "encrypted-activity", encryptionConfiguration: { type: "AWS_OWNED_KEY" } }));
    expect((await client.send(new DescribeActivityCommand({ activityArn }))).encryptionConfiguration).toEqual({ type: "AWS_OWNED_KEY" });
    await client.send(new DeleteActivityCommand({ activityArn }));
  });

  it("refuses an invalid name", async () => {
    await expect(client.send(new CreateActivityCommand({ name: "TestActivity InvalidName$" }))).rejects.toMatchObject({
      name: "InvalidName",
      message: "Invalid Name: 'TestActivity InvalidName$'",
    });
  });
});

describe("activity tasks", () => {
  it("hands the task to a waiting worker and records AWS's events (test_activity_task)", async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: "worker-ok" }));
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "act-ok", definition: activityMachine(activityArn ?? ""), roleArn: ROLE }));
    // The worker polls first: the long poll answers once the execution schedules the task.
    const polling = client.send(new GetActivityTaskCommand({ activityArn, workerName: "BASE_ID_ACTIVITY_CONSUMER" }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: '{"Value1":"Hello","Value2":"World"}' }));
    const task = await polling;
    expect(JSON.parse(task.input ?? "")).toEqual({ Value1: "Hello", Value2: "World" });
    await client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: task.input }));
    expect(await settled(executionArn)).toBe("SUCCEEDED");
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "TaskStateEntered"],
      [3, 2, "ActivityScheduled"],
      [4, 3, "ActivityStarted"],
      [5, 4, "ActivitySucceeded"],
      [6, 5, "TaskStateExited"],
      [7, 6, "ExecutionSucceeded"],
    ]);
    expect(history.events?.[2].activityScheduledEventDetails).toEqual({ resource: activityArn, input: '{"Value1":"Hello","Value2":"World"}', inputDetails: { truncated: false } });
    expect(history.events?.[3].activityStartedEventDetails).toEqual({ workerName: "BASE_ID_ACTIVITY_CONSUMER" });
  });

  it("fails the state with the worker's error and lists the timeouts it sets (test_activity_task_failure)", async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: "worker-ko" }));
    const definition = activityMachine(activityArn ?? "", { TimeoutSeconds: 60, HeartbeatSeconds: 10 });
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "act-ko", definition, roleArn: ROLE }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    // The task waits for a worker: this poll takes it at once.
    const task = await client.send(new GetActivityTaskCommand({ activityArn }));
    await client.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: "Programmatic Error", cause: '{"Value1":"Hello"}' }));
    expect(await settled(executionArn)).toBe("FAILED");
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivityFailed", "ExecutionFailed"]);
    expect(history.events?.[2].activityScheduledEventDetails).toMatchObject({ timeoutInSeconds: 60, heartbeatInSeconds: 10 });
    expect(history.events?.[3].activityStartedEventDetails).toEqual({});
    expect(history.events?.[4].activityFailedEventDetails).toEqual({ error: "Programmatic Error", cause: '{"Value1":"Hello"}' });
  });

  it("fails with States.Runtime when the activity does not exist (test_activity_task_on_deleted)", async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: "worker-gone" }));
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: "act-gone", definition: activityMachine(activityArn ?? ""), roleArn: ROLE }));
    await client.send(new DeleteActivityCommand({ activityArn }));
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
    expect(await settled(executionArn)).toBe("FAILED");
    expect(await client.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      error: "States.Runtime",
      cause: `An error occurred while executing the state 'ActivityTask' (entered at the event id #2). The activity ${activityArn} does not exist.`,
    });
  });
});

describe("GetActivityTask long poll", () => {
  it("answers an empty task after 60 seconds on the clock", async () => {
    const clock = new VirtualClock();
    const local = await createStepFunctions({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
    const { activityArn } = await local.engine.createActivity({ name: "idle" });
    let answer: Record<string, unknown> | undefined;
    void local.engine.getActivityTask({ activityArn }).then((a) => (answer = a));
    await clock.advance(59_000);
    expect(answer).toBeUndefined();
    await clock.advance(1_000);
    expect(answer).toEqual({});
    await local.close();
  });
});
