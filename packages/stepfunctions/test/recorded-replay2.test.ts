/**
 * More differences found by replaying LocalStack's snapshot tests recorded on real AWS
 * (tests/aws/services/stepfunctions/v2/**\/*.snapshot.json) against the sandbox, through the
 * SFN SDK client. Each case asserts what AWS recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  StartExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { AwsError, type AwsDispatcher, type LambdaInvoker } from "@sam-sandbox/core";
import { startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const FN = "arn:aws:lambda:us-east-1:000000000000:function:raises";
const PYTHON_ERROR = {
  errorMessage: "Some exception was raised.",
  errorType: "Exception",
  requestId: "5d5b1c2e-0000-4000-8000-000000000000",
  stackTrace: ['  File "/var/task/handler.py", line 2, in handler\n    raise Exception("Some exception was raised.")\n'],
};

/** Every function raises, as LocalStack's lambda_raise_exception.py. */
const invoker: LambdaInvoker = {
  async invoke() {
    return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify(PYTHON_ERROR)) };
  },
};

/** The message bodies sent to SQS, newest last. */
const sentBodies: string[] = [];

/** SQS answers SendMessage with MessageId first, as the sandbox's SQS does; a missing body is SQS's MissingParameter. */
const dispatcher: AwsDispatcher = {
  async call(service, action, input) {
    if (service === "sqs" && input.MessageBody === undefined) throw new AwsError("MissingParameter", "The request must contain the parameter MessageBody.", 400);
    if (service === "sqs" && typeof input.MessageBody === "string") sentBodies.push(input.MessageBody);
    if (service === "sqs" && action === "SendMessage") return { MessageId: "5d5b1c2e-0000-4000-8000-000000000001", MD5OfMessageBody: "0123456789abcdef0123456789abcdef" };
    return {};
  },
};

let api: ApiHarness;
let client: SFNClient;
let n = 0;

beforeAll(async () => {
  api = await startApi({ invoker, dispatcher });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

async function execute(definition: object, input: unknown, during?: () => Promise<void>) {
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: `replay2-${++n}`, roleArn: ROLE, definition: JSON.stringify(definition) }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  await during?.();
  let described = await client.send(new DescribeExecutionCommand({ executionArn }));
  for (let i = 0; i < 400 && described.status === "RUNNING"; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    described = await client.send(new DescribeExecutionCommand({ executionArn }));
  }
  const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));
  return { described, events };
}

/** [id, previousEventId, type] of each event. */
const shape = (events: HistoryEvent[]) => events.map((e) => [e.id, e.previousEventId, e.type]);

describe("Parallel branch failure (recorded, states_variables/test_error_output PARALLEL_CATCH_ERROR_*)", () => {
  const parallel = (extra: object) => ({
    QueryLanguage: "JSONata",
    StartAt: "ParallelState",
    States: {
      ParallelState: {
        Type: "Parallel",
        Next: "Finish",
        Branches: [
          {
            StartAt: "ExecuteLambdaTask",
            States: { ExecuteLambdaTask: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: FN, Payload: { foo: "foobar" } }, End: true } },
          },
        ],
        Catch: [{ ErrorEquals: ["States.ALL"], Output: { stateInput: "{% $states.input %}", stateError: "{% $states.errorOutput %}" }, Next: "Fallback" }],
        ...extra,
      },
      Fallback: { Type: "Pass", Output: { result: "{% $states.input %}" }, End: true },
      Finish: { Type: "Pass", Output: { result: "{% $states.input %}" }, End: true },
    },
  });

  it("records TaskStateAborted for the Task whose failure fails the branch", async () => {
    const { described, events } = await execute(parallel({}), { inputData: "dummy" });
    expect(described.status).toBe("SUCCEEDED");
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "ParallelStateEntered"],
      [3, 2, "ParallelStateStarted"],
      [4, 3, "TaskStateEntered"],
      [5, 4, "TaskScheduled"],
      [6, 5, "TaskStarted"],
      [7, 6, "TaskFailed"],
      [8, 7, "TaskStateAborted"],
      // ParallelStateFailed points to the TaskFailed too (test_callback test_sqs_failure_in_wait_for_task_tok_no_error_field)
      [9, 7, "ParallelStateFailed"],
      [10, 9, "ParallelStateExited"],
      [11, 10, "PassStateEntered"],
      [12, 11, "PassStateExited"],
      [13, 12, "ExecutionSucceeded"],
    ]);
    const output = JSON.parse(described.output ?? "null") as { result: { stateError: { Error: string; Cause: string } } };
    expect(output.result.stateError).toEqual({ Error: "Exception", Cause: JSON.stringify(PYTHON_ERROR) });
  });

  it("chains the retried ParallelStateStarted to the TaskFailed, not to the TaskStateAborted", async () => {
    const { described, events } = await execute(parallel({ Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 1 }] }), { inputData: "dummy" });
    expect(described.status).toBe("SUCCEEDED");
    expect(shape(events).slice(2, 16)).toEqual([
      [3, 2, "ParallelStateStarted"],
      [4, 3, "TaskStateEntered"],
      [5, 4, "TaskScheduled"],
      [6, 5, "TaskStarted"],
      [7, 6, "TaskFailed"],
      [8, 7, "TaskStateAborted"],
      [9, 7, "ParallelStateStarted"],
      [10, 9, "TaskStateEntered"],
      [11, 10, "TaskScheduled"],
      [12, 11, "TaskStarted"],
      [13, 12, "TaskFailed"],
      [14, 13, "TaskStateAborted"],
      [15, 13, "ParallelStateFailed"],
      [16, 15, "ParallelStateExited"],
    ]);
  });
});

describe("Distributed Map with a literal \"$bucket\" in ItemSelector (recorded, test_assign_reference_variables MAP_STATE_REFERENCE_IN_ITEM_SELECTOR)", () => {
  it("keeps a field without .$ as it is and runs the items as a map run", async () => {
    const { described, events } = await execute(
      {
        StartAt: "Start",
        States: {
          Start: { Type: "Pass", Assign: { bucket: "test-name" }, Result: { Values: [1, 2, 3] }, Next: "MapState" },
          MapState: {
            Type: "Map",
            MaxConcurrency: 1,
            ItemsPath: "$.Values",
            ItemSelector: { "value.$": "$$.Map.Item.Value", bucketName: "$bucket" },
            ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "MapPass", States: { MapPass: { Type: "Pass", End: true } } },
            End: true,
          },
        },
      },
      {},
    );
    expect(described.status).toBe("SUCCEEDED");
    expect(JSON.parse(described.output ?? "null")).toEqual([1, 2, 3].map((value) => ({ bucketName: "$bucket", value })));
    // MapStateExited's previousEventId: MapRunSucceeded in test_base_scenarios
    // test_map_state_config_distributed_item_selector (2024-02); every Distributed Map recorded
    // 2024-11/12 (this one included, test_map_state_nested_config_distributed, …) points to MapRunStarted.
    expect(shape(events).slice(4)).toEqual([
      [5, 4, "MapStateStarted"],
      [6, 5, "MapRunStarted"],
      [7, 6, "MapRunSucceeded"],
      [8, 7, "MapStateSucceeded"],
      [9, 6, "MapStateExited"],
      [10, 9, "ExecutionSucceeded"],
    ]);
  });
});

describe("States.MathAdd (recorded, intrinsic_functions/test_math_operations test_math_add)", () => {
  it("rounds each operand half up, as Java's Math.round", async () => {
    const definition = { StartAt: "State_0", States: { State_0: { Type: "Pass", Parameters: { "FunctionResult.$": "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)" }, End: true } } };
    const recorded: [number, number, number][] = [
      [-9, 3, -6],
      [1.49, 1.5, 3],
      [1.5, 1.51, 4],
      [-1.49, -1.5, -2],
      [-1.5, -1.51, -3],
    ];
    for (const [fst, snd, sum] of recorded) {
      const { described } = await execute(definition, { FunctionInput: { fst, snd } });
      expect(JSON.parse(described.output ?? "null")).toEqual({ FunctionResult: sum });
    }
  });
});

describe("heartbeat timeout (recorded, timeouts/test_heartbeats)", () => {
  const sendAndWait = (heartbeat: object) => ({
    StartAt: "SendMessageWithWait",
    States: {
      SendMessageWithWait: {
        Type: "Task",
        Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        Parameters: { "QueueUrl.$": "$.QueueUrl", MessageBody: { "Message.$": "$.Message", "TaskToken.$": "$$.Task.Token" } },
        TimeoutSeconds: 600,
        ...heartbeat,
        End: true,
      },
    },
  });

  it("fails the execution with States.Timeout, no cause, after TaskTimedOut", async () => {
    const { described, events } = await execute(sendAndWait({ HeartbeatSecondsPath: "$.HeartbeatSecondsPath" }), { QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/q", Message: "test_message_txt", HeartbeatSecondsPath: 1 });
    expect(described.status).toBe("FAILED");
    expect(described.error).toBe("States.Timeout");
    expect(described.cause).toBeUndefined();
    expect(shape(events).map((e) => e[2])).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskTimedOut", "ExecutionFailed"]);
    expect(events[5].taskTimedOutEventDetails).toEqual({ error: "States.Timeout", resource: "sendMessage.waitForTaskToken", resourceType: "sqs" });
    expect(events[6].executionFailedEventDetails).toEqual({ error: "States.Timeout" });
  });

  it("reports SendMessage's answer in alphabetical order with SQS's lowercase connection header", async () => {
    const { events } = await execute(sendAndWait({ HeartbeatSeconds: 1 }), { QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/q", Message: "test_message_txt" });
    const output = JSON.parse(events[4].taskSubmittedEventDetails?.output ?? "null");
    expect(Object.keys(output)).toEqual(["MD5OfMessageBody", "MessageId", "SdkHttpMetadata", "SdkResponseMetadata"]);
    expect(Object.keys(output.SdkHttpMetadata.AllHttpHeaders)).toEqual(["x-amzn-RequestId", "connection", "Content-Length", "Date", "Content-Type"]);
    expect(Object.keys(output.SdkHttpMetadata.HttpHeaders)).toEqual(["connection", "Content-Length", "Content-Type", "Date", "x-amzn-RequestId"]);
    expect(output.SdkHttpMetadata.HttpHeaders).toMatchObject({ connection: "keep-alive", "Content-Length": "106", "Content-Type": "application/x-amz-json-1.0" });
  });
});

describe("sqs:sendMessage errors (recorded, error_handling/test_task_service_sqs)", () => {
  it("sends no MessageBody for a null one: SQS.AmazonSQSException MissingParameter (test_send_message_empty_body)", async () => {
    const { described, events } = await execute(
      {
        StartAt: "Start",
        States: {
          Start: {
            Type: "Task",
            Resource: "arn:aws:states:::sqs:sendMessage",
            Parameters: { "QueueUrl.$": "$.QueueUrl", "MessageBody.$": "$.MessageBody" },
            Catch: [{ ErrorEquals: ["SQS.AmazonSQSException"], ResultPath: "$.aws_error", Next: "EndWithSQSException" }],
            End: true,
          },
          EndWithSQSException: { Type: "Pass", End: true },
        },
      },
      { QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/q", MessageBody: null },
    );
    expect(described.status).toBe("SUCCEEDED");
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("SQS.AmazonSQSException");
    expect(failed?.cause).toMatch(
      /^The request must contain the parameter MessageBody\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
  });
});

describe("SendTaskFailure without error nor cause (recorded, callback/test_callback test_sqs_failure_in_wait_for_task_tok_no_error_field)", () => {
  const sendAndWait = { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken", Parameters: { "QueueUrl.$": "$.QueueUrl", MessageBody: { "Context.$": "$", "TaskToken.$": "$$.Task.Token" } } };
  const catchAll = { Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.states_all_error", Next: "CaughtStatesALL" }] };
  /** Answers the first task token sent to SQS from now on with an empty SendTaskFailure. */
  function failNextToken(): () => Promise<void> {
    const from = sentBodies.length;
    return async () => {
      for (let i = 0; i < 200 && sentBodies.length === from; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      const body = JSON.parse(sentBodies[from] ?? "{}") as { TaskToken: string };
      await client.send(new SendTaskFailureCommand({ taskToken: body.TaskToken }));
    };
  }
  const input = { QueueUrl: "https://sqs.us-east-1.amazonaws.com/000000000000/q", Message: "test_message_txt" };

  it("records a TaskFailed with no error and catches { Error: null, Cause: null } (SQS_WAIT_FOR_TASK_TOKEN_CATCH)", async () => {
    const { described, events } = await execute({ StartAt: "SendMessageWithWait", States: { SendMessageWithWait: { ...sendAndWait, ...catchAll, End: true }, CaughtStatesALL: { Type: "Pass", End: true } } }, input, failNextToken());
    expect(described.status).toBe("SUCCEEDED");
    expect(events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails).toEqual({ resource: "sendMessage.waitForTaskToken", resourceType: "sqs" });
    expect(JSON.parse(described.output ?? "null")).toEqual({ ...input, states_all_error: { Error: null, Cause: null } });
  });

  it("aborts the failed Task of the branch and fails the Parallel (SQS_PARALLEL_WAIT_FOR_TASK_TOKEN)", async () => {
    const definition = {
      StartAt: "ParallelJob",
      States: {
        ParallelJob: { Type: "Parallel", Branches: [{ StartAt: "SendMessageWithWait", States: { SendMessageWithWait: { ...sendAndWait, End: true } } }], ...catchAll, End: true },
        CaughtStatesALL: { Type: "Pass", End: true },
      },
    };
    const { described, events } = await execute(definition, input, failNextToken());
    expect(JSON.parse(described.output ?? "null")).toEqual({ ...input, states_all_error: { Error: null, Cause: null } });
    expect(shape(events)).toEqual([
      [1, 0, "ExecutionStarted"],
      [2, 0, "ParallelStateEntered"],
      [3, 2, "ParallelStateStarted"],
      [4, 3, "TaskStateEntered"],
      [5, 4, "TaskScheduled"],
      [6, 5, "TaskStarted"],
      [7, 6, "TaskSubmitted"],
      [8, 7, "TaskFailed"],
      [9, 8, "TaskStateAborted"],
      [10, 8, "ParallelStateFailed"],
      [11, 10, "ParallelStateExited"],
      [12, 11, "PassStateEntered"],
      [13, 12, "PassStateExited"],
      [14, 13, "ExecutionSucceeded"],
    ]);
  });
});

describe("execution input null (recorded, services/test_lambda_task test_invoke_json_values[None])", () => {
  it("runs the states on null, not on {}", async () => {
    const { described, events } = await execute({ StartAt: "step1", States: { step1: { Type: "Pass", End: true } } }, null);
    expect(described.input).toBe("null");
    expect(described.output).toBe("null");
    expect(events[0].executionStartedEventDetails?.input).toBe("null");
    expect(events[1].stateEnteredEventDetails?.input).toBe("null");
    expect(events[2].stateExitedEventDetails?.output).toBe("null");
  });
});

describe("execution events logged to CloudWatch Logs (recorded, logs/test_logs and express/test_express_async)", () => {
  /** The Logs service as the dispatcher reaches it: the log group exists; the events put are kept per stream. */
  const streams = new Map<string, string[]>();
  const logsDispatcher: AwsDispatcher = {
    async call(service, action, input) {
      if (service !== "logs") return {};
      if (action === "DescribeLogGroups") return { logGroups: [{ logGroupName: "/aws/states/replay2", arn: "arn:aws:logs:us-east-1:000000000000:log-group:/aws/states/replay2:*" }] };
      if (action === "CreateLogStream") streams.set(String(input.logStreamName), []);
      if (action === "PutLogEvents") streams.get(String(input.logStreamName))?.push(...(input.logEvents as { message: string }[]).map((e) => e.message));
      return {};
    },
  };
  let logsApi: ApiHarness;
  let m = 0;
  beforeAll(async () => {
    logsApi = await startApi({ dispatcher: logsDispatcher });
  });
  afterAll(async () => {
    await logsApi.close();
  });
  const logging = (level: "ALL" | "ERROR" | "FATAL", includeExecutionData: boolean) => ({
    level,
    includeExecutionData,
    destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: "arn:aws:logs:us-east-1:000000000000:log-group:/aws/states/replay2:*" } }],
  });
  /** Runs `runs` executions of a new state machine; answers their ARNs and the records logged, by stream. */
  async function logged(definition: object, options: { level: "ALL" | "ERROR" | "FATAL"; data: boolean; type?: "STANDARD" | "EXPRESS"; runs?: number; count: number }) {
    const before = new Set(streams.keys());
    const { stateMachineArn } = await logsApi.client.send(
      new CreateStateMachineCommand({ name: `logs-${++m}`, roleArn: ROLE, type: options.type ?? "STANDARD", definition: JSON.stringify(definition), loggingConfiguration: logging(options.level, options.data) }),
    );
    const arns: string[] = [];
    for (let i = 0; i < (options.runs ?? 1); i++) {
      const { executionArn } = await logsApi.client.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
      arns.push(executionArn ?? "");
      for (let j = 0; j < 100 && options.type !== "EXPRESS" && (await logsApi.client.send(new DescribeExecutionCommand({ executionArn }))).status === "RUNNING"; j++) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const mine = () => [...streams.entries()].filter(([name]) => !before.has(name) && name !== VALIDATION_STREAM);
    for (let i = 0; i < 200 && mine().flatMap(([, messages]) => messages).length < options.count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return { arns, streams: mine().map(([name, messages]) => ({ name, records: messages.map((text) => JSON.parse(text) as Record<string, unknown>) })) };
  }
  const VALIDATION_STREAM = "log_stream_created_by_aws_to_validate_log_delivery_subscriptions";
  const PASS = { StartAt: "State_1", States: { State_1: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } } };
  const FAIL = { StartAt: "FailState", States: { FailState: { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." } } };

  it("writes each event with string ids, no execution data unless asked (test_base[pass_result.json5_ALL_False])", async () => {
    const { arns, streams: written } = await logged(PASS, { level: "ALL", data: false, count: 4 });
    expect(written).toHaveLength(1);
    expect(written[0].name).toMatch(/^states\/logs-\d+\/\d{4}-\d\d-\d\d-\d\d-\d\d\/[0-9a-f]{8}$/);
    const record = (id: number, type: string, details: object, prev: number) => ({
      id: String(id),
      type,
      details,
      previous_event_id: String(prev),
      event_timestamp: expect.stringMatching(/^\d+$/),
      execution_arn: arns[0],
      redrive_count: "0",
    });
    expect(written[0].records).toEqual([
      record(1, "ExecutionStarted", { roleArn: ROLE }, 0),
      record(2, "PassStateEntered", { name: "State_1" }, 0),
      record(3, "PassStateExited", { name: "State_1" }, 2),
      record(4, "ExecutionSucceeded", {}, 3),
    ]);
    expect(Object.keys(written[0].records[0])).toEqual(["id", "type", "details", "previous_event_id", "event_timestamp", "execution_arn", "redrive_count"]);
    // CreateStateMachine made AWS's empty delivery check stream too (test_logs waits for two streams).
    expect(streams.has(VALIDATION_STREAM)).toBe(true);
  });

  it("includes inputs and outputs with includeExecutionData (test_base[pass_result.json5_ALL_True])", async () => {
    const { streams: written } = await logged(PASS, { level: "ALL", data: true, count: 4 });
    const details = written[0].records.map((r) => r.details);
    expect(details).toEqual([
      { input: "{}", inputDetails: { truncated: false }, roleArn: ROLE },
      { name: "State_1", input: "{}", inputDetails: { truncated: false } },
      { name: "State_1", output: '{"Arg1":"argument1"}', outputDetails: { truncated: false } },
      { output: '{"Arg1":"argument1"}', outputDetails: { truncated: false } },
    ]);
  });

  it("logs only the ERROR level's events (test_partial_log_levels[raise_failure.json5_ERROR_False])", async () => {
    const { streams: written } = await logged(FAIL, { level: "ERROR", data: false, count: 2 });
    expect(written[0].records.map((r) => [r.id, r.type, r.details])).toEqual([
      ["2", "FailStateEntered", { name: "FailState" }],
      ["3", "ExecutionFailed", { error: "SomeFailure", cause: "This state machines raises a 'SomeFailure' failure." }],
    ]);
  });

  it("puts every execution of the state machine in one stream (test_log_group_with_multiple_runs)", async () => {
    const { arns, streams: written } = await logged(PASS, { level: "ALL", data: false, runs: 3, count: 12 });
    expect(written).toHaveLength(1);
    expect(written[0].records.map((r) => [r.execution_arn, r.id])).toEqual(arns.flatMap((arn) => ["1", "2", "3", "4"].map((id) => [arn, id])));
  });

  it("logs an Express execution, whose context object ends with RedriveCount 0 (test_express_async test_query_runtime_memory)", async () => {
    const query = { StartAt: "QueryValues1", States: { QueryValues1: { Type: "Pass", Parameters: { "execution.$": "$$.Execution" }, End: true } } };
    const { arns, streams: written } = await logged(query, { level: "ALL", data: true, type: "EXPRESS", count: 4 });
    const end = written[0].records[3];
    expect(end).toMatchObject({ id: "4", type: "ExecutionSucceeded", previous_event_id: "3", execution_arn: arns[0], redrive_count: "0" });
    const output = JSON.parse((end.details as { output: string }).output) as { execution: Record<string, unknown> };
    expect(Object.keys(output.execution)).toEqual(["Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount"]);
    expect(output.execution.RedriveCount).toBe(0);
  });
});

describe("Catch without ResultPath (recorded, express/test_express_async test_retry)", () => {
  it("replaces the whole input with the error output, whatever the state's ResultPath", async () => {
    const { described } = await execute(
      {
        StartAt: "InvokeLambdaWithRetry",
        States: {
          InvokeLambdaWithRetry: {
            Type: "Task",
            Resource: FN,
            Parameters: { "ThisState.$": "$" },
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "HandleError" }],
            ResultPath: "$.state_output",
            ResultSelector: { "FinalRetryCount.$": "$$.State.RetryCount" },
            End: true,
          },
          HandleError: { Type: "Pass", End: true },
        },
      },
      { kept: false },
    );
    expect(described.status).toBe("SUCCEEDED");
    expect(JSON.parse(described.output ?? "null")).toEqual({ Error: "Exception", Cause: JSON.stringify(PYTHON_ERROR) });
  });
});
