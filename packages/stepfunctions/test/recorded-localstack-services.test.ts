/**
 * Service integration outputs and errors found by replaying LocalStack's snapshot tests recorded
 * on real AWS (tests/aws/services/stepfunctions/v2/services/*.snapshot.json,
 * error_handling/test_aws_sdk and callback/test_callback) against the sandbox, through the SFN SDK
 * client. Each case asserts what AWS recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crc32 } from "node:zlib";
import { CreateStateMachineCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, StartExecutionCommand, type HistoryEvent, type SFNClient } from "@aws-sdk/client-sfn";
import { AwsError, type AwsDispatcher } from "@sam-sandbox/core";
import { finished, startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const REQUEST_ID = "[0-9a-f-]{36}";
const MESSAGE_ID = "5d5b1c2e-0000-4000-8000-000000000001";

const dispatcher: AwsDispatcher = {
  async call(service, action, input) {
    if (service === "sns") {
      if (input.TopicArn === "arn:aws:sns:us-east-1:000000000000:deleted") throw new AwsError("NotFoundException", "Topic does not exist", 404);
      if (typeof input.TopicArn === "string" && input.TopicArn.endsWith(".fifo")) return { MessageId: MESSAGE_ID, SequenceNumber: "10000000000000003000" };
      return { MessageId: MESSAGE_ID };
    }
    if (service === "dynamodb" && action === "GetItem") return { Item: { data: { S: "HelloWorld" }, id: { S: "id1" } } };
    if (service === "s3" && action === "PutObject") {
      // S3's answer to a plain PUT carries its default full-object CRC64NVME checksum.
      return { ETag: '"2b5df3712557f503a9977a8ea893b2c9"', ChecksumCRC64NVME: "qiN6hRcjrX4=", ChecksumType: "FULL_OBJECT", ServerSideEncryption: "AES256" };
    }
    if (service === "secretsmanager") {
      // Secrets Manager's answer to a raw request without the token the SDKs fill in.
      if (typeof input.ClientRequestToken !== "string") throw new AwsError("InvalidRequestException", "You must provide a ClientRequestToken value. We recommend a UUID-type value.", 400);
      throw new AwsError("ValidationException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!", 400);
    }
    return {};
  },
};

let api: ApiHarness;
let client: SFNClient;

beforeAll(async () => {
  api = await startApi({ dispatcher });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

let machines = 0;
async function history(definition: object, input: object): Promise<HistoryEvent[]> {
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: `services-${++machines}`, definition: JSON.stringify(definition), roleArn: ROLE }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  await finished(client, executionArn);
  return (await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

function task(resource: string, parameters: object): object {
  return { StartAt: "Start", States: { Start: { Type: "Task", Resource: resource, Parameters: parameters, End: true } } };
}

function succeededOutput(events: HistoryEvent[]): Record<string, { AllHttpHeaders: Record<string, string[]>; HttpHeaders: Record<string, string> } & Record<string, unknown>> {
  return JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "null");
}

describe("sns:publish (recorded, test_sns_task_service)", () => {
  it("reports SNS's lowercase connection header (test_publish_message_attributes, recorded 2024-02)", async () => {
    const output = succeededOutput(await history(task("arn:aws:states:::sns:publish", { TopicArn: "arn:aws:sns:us-east-1:000000000000:t", Message: "HelloWorld" }), {}));
    expect(Object.keys(output)).toEqual(["MessageId", "SdkHttpMetadata", "SdkResponseMetadata"]);
    expect(Object.keys(output.SdkHttpMetadata.AllHttpHeaders)).toEqual(["x-amzn-RequestId", "connection", "Content-Length", "Date", "Content-Type"]);
    expect(Object.keys(output.SdkHttpMetadata.HttpHeaders)).toEqual(["connection", "Content-Length", "Content-Type", "Date", "x-amzn-RequestId"]);
    expect(output.SdkHttpMetadata.HttpHeaders).toMatchObject({ connection: "keep-alive", "Content-Length": "294", "Content-Type": "text/xml" });
  });

  it("puts a FIFO topic's SequenceNumber after SdkResponseMetadata, Content-Length 352 (test_fifo_message_attribute)", async () => {
    const definition = task("arn:aws:states:::sns:publish", { TopicArn: "arn:aws:sns:us-east-1:000000000000:t.fifo", Message: "m", MessageGroupId: "a-group", MessageDeduplicationId: "dedup-1" });
    const output = succeededOutput(await history(definition, {}));
    expect(Object.keys(output)).toEqual(["MessageId", "SdkHttpMetadata", "SdkResponseMetadata", "SequenceNumber"]);
    expect(output.SdkHttpMetadata.HttpHeaders["Content-Length"]).toBe("352");
  });

  it("names a missing topic SNS.NotFoundException with the query error code NotFound in the cause (test_publish_base_error_topic_arn)", async () => {
    const events = await history(task("arn:aws:states:::sns:publish", { TopicArn: "arn:aws:sns:us-east-1:000000000000:deleted", Message: { Message: "HelloWorld!" } }), {});
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("SNS.NotFoundException");
    expect(failed?.cause).toMatch(new RegExp(`^Topic does not exist \\(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: ${REQUEST_ID}; Proxy: null\\)$`));
    expect(events.at(-1)?.executionFailedEventDetails).toEqual({ error: "SNS.NotFoundException", cause: failed?.cause });
  });
});

describe("dynamodb:getItem (recorded, test_dynamodb_task_service test_base_integrations, 2025-02)", () => {
  it("lists DynamoDB's headers in the order it sends them, x-amz-crc32 the CRC32 of the body", async () => {
    const output = succeededOutput(await history(task("arn:aws:states:::dynamodb:getItem", { TableName: "t", Key: { id: { S: "id1" } } }), {}));
    expect(Object.keys(output)).toEqual(["Item", "SdkHttpMetadata", "SdkResponseMetadata"]);
    expect(Object.keys(output.SdkHttpMetadata.AllHttpHeaders)).toEqual(["Server", "Connection", "x-amzn-RequestId", "x-amz-crc32", "Content-Length", "Date", "Content-Type"]);
    const body = JSON.stringify({ Item: { data: { S: "HelloWorld" }, id: { S: "id1" } } });
    expect(output.SdkHttpMetadata.HttpHeaders).toMatchObject({ "Content-Length": "53", "x-amz-crc32": String(crc32(body)) });
  });
});

describe("SendTaskSuccess (recorded, test_aws_sdk_task_service test_sfn_send_task_outcome_with_no_such_token)", () => {
  it("answers InvalidToken for an unknown token before looking at an output that is not JSON", async () => {
    const error = await client.send(new SendTaskSuccessCommand({ taskToken: "NoSuchTaskToken", output: "ParameterOutput" })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "InvalidToken", message: "Invalid Token: 'Invalid token'" });
  });
});

describe("aws-sdk:secretsmanager:createSecret (recorded, error_handling/test_aws_sdk test_invalid_secret_name)", () => {
  it("fills ClientRequestToken as SDK v2 does, so Secrets Manager reports the invalid name", async () => {
    const definition = task("arn:aws:states:::aws-sdk:secretsmanager:createSecret", { "Name.$": "$.Name", "SecretString.$": "$.SecretString" });
    const events = await history(definition, { Name: "Invalid Name", SecretString: "HelloWorld" });
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("SecretsManager.SecretsManagerException");
    expect(failed?.cause).toMatch(new RegExp(`^Invalid name\\. Must be a valid name containing alphanumeric characters, or any of the following: -/_\\+=\\.@! \\(Service: SecretsManager, Status Code: 400, Request ID: ${REQUEST_ID}\\)$`));
    // The task's parameters are recorded as given, without the filled-in token.
    expect(JSON.parse(events.find((e) => e.type === "TaskScheduled")?.taskScheduledEventDetails?.parameters ?? "null")).toEqual({ Name: "Invalid Name", SecretString: "HelloWorld" });
  });
});

describe("states:startExecution.sync (recorded, callback/test_callback test_start_execution_sync*)", () => {
  async function target(name: string, definition: object): Promise<string> {
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }));
    return stateMachineArn ?? "";
  }
  const sync = (resource: string) => task(`arn:aws:states:::states:${resource}`, { "StateMachineArn.$": "$.StateMachineArn", "Input.$": "$.Input", "Name.$": "$.Name" });

  it("reports the StartExecution answer as TaskSubmitted, then the child's description in alphabetical order, a null Input started as {}", async () => {
    const arn = await target("sync-pass-target", { StartAt: "P", States: { P: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } } });
    const events = await history(sync("startExecution.sync"), { StateMachineArn: arn, Input: null, Name: "TestStartTarget" });
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]);
    const submitted = JSON.parse(events[4]?.taskSubmittedEventDetails?.output ?? "null");
    expect(Object.keys(submitted)).toEqual(["ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"]);
    expect(events[4]?.taskSubmittedEventDetails).toMatchObject({ resource: "startExecution.sync", resourceType: "states" });
    const output = JSON.parse(events[5]?.taskSucceededEventDetails?.output ?? "null");
    expect(Object.keys(output)).toEqual(["ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "StartDate", "StateMachineArn", "Status", "StopDate"]);
    expect(output).toMatchObject({ Input: "{}", Output: '{"Arg1":"argument1"}', Status: "SUCCEEDED", InputDetails: { Included: true } });
  });

  it("fails with States.TaskFailed and the failed child's description, Cause and Error first (test_start_execution_sync_delegate_failure)", async () => {
    const arn = await target("sync-fail-target", { StartAt: "F", States: { F: { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." } } });
    const events = await history(sync("startExecution.sync"), { StateMachineArn: arn, Input: null, Name: "TestStartTarget" });
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskFailed", "ExecutionFailed"]);
    const failed = events[5]?.taskFailedEventDetails;
    expect(failed?.error).toBe("States.TaskFailed");
    const cause = JSON.parse(failed?.cause ?? "null");
    expect(Object.keys(cause)).toEqual(["Cause", "Error", "ExecutionArn", "Input", "InputDetails", "Name", "StartDate", "StateMachineArn", "Status", "StopDate"]);
    expect(cause).toMatchObject({ Error: "SomeFailure", Status: "FAILED", Input: "{}" });
  });

  it("parses Input and Output with .sync:2 (test_start_execution_sync2)", async () => {
    const arn = await target("sync2-pass-target", { StartAt: "P", States: { P: { Type: "Pass", Result: { Arg1: "argument1" }, End: true } } });
    const events = await history(sync("startExecution.sync:2"), { StateMachineArn: arn, Input: null, Name: "TestStartTarget" });
    expect(events[4]?.type).toBe("TaskSubmitted");
    const output = JSON.parse(events[5]?.taskSucceededEventDetails?.output ?? "null");
    expect(output).toMatchObject({ Input: {}, Output: { Arg1: "argument1" } });
  });
});

describe("aws-sdk:s3:putObject (recorded, services/test_aws_sdk_task_service test_s3_put_object, 2024-12)", () => {
  it("leaves out the checksum members Step Functions' SDK client does not model", async () => {
    const events = await history(task("arn:aws:states:::aws-sdk:s3:putObject", { Bucket: "bucket-name", Key: "file-key", Body: "text data" }), {});
    expect(JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "null")).toEqual({
      ETag: '"2b5df3712557f503a9977a8ea893b2c9"',
      ServerSideEncryption: "AES256",
    });
  });
});
