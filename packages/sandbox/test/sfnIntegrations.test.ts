import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StartSyncExecutionCommand,
} from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("Step Functions integrations with EventBridge, SQS, SSM, Secrets Manager and STS", () => {
  let sandbox: RunningSandbox;
  let sfn: SFNClient;
  let sqs: SQSClient;
  const output = (name: string) => sandbox.app.outputs[name].value;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sfn-integrations"), port: 0, edgePort: 0, inMemory: true });
    sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, disableHostPrefix: true });
    sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    sfn?.destroy();
    sqs?.destroy();
    await sandbox?.stop();
  });

  it("puts an event a rule delivers to a queue, then reads a parameter, a secret and the caller", async () => {
    const run = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: output("FlowArn"), input: JSON.stringify({ order: { id: "o-1" } }) }));
    expect(run.status).toBe("SUCCEEDED");
    const result = JSON.parse(run.output ?? "{}") as Record<string, unknown>;
    expect(result.announced).toEqual({ Entries: [{ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) }], FailedEntryCount: 0 });
    expect(result.threshold).toEqual({ value: "100", modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/) });
    expect(result.secret).toEqual({ key: { key: "k-123" } });
    expect(result.inbox).toEqual({ Attributes: { QueueArn: output("InboxArn") } });
    expect(result.caller).toEqual({ Account: "000000000000", Arn: expect.stringMatching(/^arn:aws:iam::000000000000:/), UserId: expect.any(String) });

    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("InboxUrl"), WaitTimeSeconds: 10 }));
    const event = JSON.parse(got.Messages?.[0]?.Body ?? "{}") as Record<string, unknown>;
    const eventId = (result.announced as { Entries: { EventId: string }[] }).Entries[0].EventId;
    expect(event).toMatchObject({ id: eventId, source: "orders.workflow", "detail-type": "OrderReceived", detail: { order: { id: "o-1" } } });
    // The optimized integration appends the state machine's and the execution's ARNs.
    expect(event.resources).toEqual([output("FlowArn"), run.executionArn]);
  });

  it("fails with EventBridge.FailedEntry when an entry is refused, PutEvents' answer as the cause", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: output("BrokenArn") }));
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status, { timeout: 10_000 }).toBe("FAILED");
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = history.events?.map((e) => e.type);
    expect(types).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed"]);
    const scheduled = history.events?.[2]?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resource: "putEvents", resourceType: "events", region: "us-east-1" });
    const failed = history.events?.[4]?.taskFailedEventDetails;
    expect(failed).toMatchObject({ resource: "putEvents", resourceType: "events", error: "EventBridge.FailedEntry" });
    expect(JSON.parse(failed?.cause ?? "{}")).toEqual({
      Entries: [{ ErrorCode: "InvalidArgument", ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument." }],
      FailedEntryCount: 1,
    });
  });

  it("waits for the task token an event carried to a queue (events:putEvents.waitForTaskToken)", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: output("HandoffArn") }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("HandoffQueueUrl"), WaitTimeSeconds: 10 }));
    const event = JSON.parse(got.Messages?.[0]?.Body ?? "{}") as { detail: { token: string } };
    await sfn.send(new SendTaskSuccessCommand({ taskToken: event.detail.token, output: JSON.stringify({ approved: true }) }));
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status, { timeout: 10_000 }).toBe("SUCCEEDED");
    expect(JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output ?? "{}")).toEqual({ approved: true });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual([
      "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
    ]);
    expect(history.events?.[2]?.taskScheduledEventDetails).toMatchObject({ resource: "putEvents.waitForTaskToken", resourceType: "events" });
  });

  it("names a missing secret and a missing parameter as the aws-sdk integrations do", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: output("LookupsArn") }));
    await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status, { timeout: 10_000 }).toBe("SUCCEEDED");
    const out = JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).output ?? "{}") as Record<string, { Error: string; Cause: string }>;
    expect(out.error.Error).toBe("SecretsManager.ResourceNotFoundException");
    expect(out.error.Cause).toMatch(/^Secrets Manager can't find the specified secret\. \(Service: SecretsManager, Status Code: 400, Request ID: [0-9a-f-]+\)$/);
    expect(out.error2.Error).toBe("Ssm.ParameterNotFoundException");
    expect(out.error2.Cause).toMatch(/ \(Service: Ssm, Status Code: 400, Request ID: [0-9a-f-]+\)$/);
  });

  it("reaches SSM, Secrets Manager and STS through the dispatcher with the aws-sdk integrations' names", async () => {
    const parameter = await sandbox.dispatcher.call("ssm", "GetParameter", { Name: "/orders/threshold" }, { sdkNames: true });
    expect(parameter.Parameter).toMatchObject({ Name: "/orders/threshold", Value: "100", Type: "String", Version: 1 });
    const secret = await sandbox.dispatcher.call("secretsmanager", "DescribeSecret", { SecretId: "orders/api-key" }, { sdkNames: true });
    expect(secret).toMatchObject({ Name: "orders/api-key", CreatedDate: expect.stringMatching(/Z$/) });
    const role = await sandbox.dispatcher.call(
      "sts",
      "AssumeRole",
      { RoleArn: "arn:aws:iam::000000000000:role/worker", RoleSessionName: "s1", Tags: [{ Key: "team", Value: "orders" }] },
      { sdkNames: true },
    );
    expect(role.AssumedRoleUser).toEqual({ AssumedRoleId: expect.stringMatching(/:s1$/), Arn: "arn:aws:sts::000000000000:assumed-role/worker/s1" });
    expect(role.Credentials).toMatchObject({ AccessKeyId: expect.any(String), Expiration: expect.stringMatching(/Z$/) });
    await expect(sandbox.dispatcher.call("sts", "AssumeRole", { RoleArn: "arn:aws:iam::000000000000:role/worker" }, { sdkNames: true })).rejects.toMatchObject({ code: "ValidationError" });
  });

  it("refuses a LoggingConfiguration whose log group the Logs service does not have", async () => {
    const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const roleArn = "arn:aws:iam::000000000000:role/sfn";
    const loggingConfiguration = (name: string) => ({
      level: "ERROR" as const, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:000000000000:log-group:${name}:*` } }],
    });
    const refused = await sfn.send(new CreateStateMachineCommand({ name: "logged", roleArn, definition, loggingConfiguration: loggingConfiguration("/aws/vendedlogs/states/logged") })).catch((e: unknown) => e as Error);
    expect(refused).toMatchObject({ name: "InvalidLoggingConfiguration", message: "Invalid Logging Configuration: Log Destination not found." });
    await sandbox.dispatcher.call("logs", "CreateLogGroup", { logGroupName: "/aws/vendedlogs/states/logged" });
    const created = await sfn.send(new CreateStateMachineCommand({ name: "logged", roleArn, definition, loggingConfiguration: loggingConfiguration("/aws/vendedlogs/states/logged") }));
    expect(created.stateMachineArn).toBe("arn:aws:states:us-east-1:000000000000:stateMachine:logged");
  });
});
