/**
 * Service integration failures as LocalStack's snapshot tests recorded them on real AWS
 * (tests/aws/services/stepfunctions/v2/error_handling/*.snapshot.json), through the SFN SDK client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, type HistoryEvent, type SFNClient } from "@aws-sdk/client-sfn";
import { AwsError, type AwsDispatcher, type LambdaInvoker } from "@sam-sandbox/core";
import { startApi, type ApiHarness } from "./apiHarness.js";

const ROLE = "arn:aws:iam::000000000000:role/sfn";
const REQUEST_ID = "[0-9a-f-]{36}";

const dispatcher: AwsDispatcher = {
  async call(service, action, input) {
    if (service === "s3") throw new AwsError("NoSuchBucket", "The specified bucket does not exist", 404);
    if (service === "dynamodb" && input.Item === null) {
      throw new AwsError("ValidationException", "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null", 400);
    }
    // DynamoDB's own answers for these requests (test_put_item_no_such_table / _invalid_table_name).
    if (input.TableName === "missing") throw new AwsError("ResourceNotFoundException", "Requested resource not found", 400);
    if (typeof input.TableName === "string" && input.TableName.startsWith("/")) {
      throw new AwsError("ValidationException", `1 validation error detected: Value '${input.TableName}' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`, 400);
    }
    if (typeof input.ConditionExpression === "string") throw new AwsError("ConditionalCheckFailedException", "The conditional request failed", 400);
    if (service === "sns") return { MessageId: "5d5b1c2e-0000-4000-8000-000000000001" };
    if (action === "GetItem") return { Item: { data: { S: "HelloWorld" }, id: { S: "id1" } } };
    return {};
  },
};

const invoker: LambdaInvoker = {
  async invoke(request) {
    if (request.functionName.includes(" ")) {
      throw new AwsError("ValidationException", `1 validation error detected: Value '${request.functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`, 400);
    }
    if (request.functionName.startsWith("no_such_")) {
      throw new AwsError("ResourceNotFoundException", `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${request.functionName}`, 404);
    }
    if (request.functionName === "tail") {
      return { statusCode: 200, executedVersion: "$LATEST", payload: Buffer.from("{}"), ...(request.logType === "Tail" ? { logTail: Buffer.from("START RequestId: x\n").toString("base64") } : {}) };
    }
    if (request.functionName.endsWith(":python-raises")) {
      // The Python runtime's error document, spaced as json.dumps writes it.
      const text = '{"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "5d5b1c2e-0000-4000-8000-000000000000", "stackTrace": ["  File \\"/var/task/handler.py\\", line 2, in handler\\n"]}';
      return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from(text) };
    }
    const payload = { errorMessage: "Some exception was raised.", errorType: "Exception", requestId: "5d5b1c2e-0000-4000-8000-000000000000", stackTrace: ['  File "/var/task/handler.py", line 2, in handler\n'] };
    return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify(payload)) };
  },
};

let api: ApiHarness;
let client: SFNClient;

beforeAll(async () => {
  api = await startApi({ invoker, dispatcher });
  client = api.client;
});

afterAll(async () => {
  await api.close();
});

async function history(name: string, definition: object, input: object): Promise<HistoryEvent[]> {
  const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }));
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return (await client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

function task(resource: string, parameters: object, extra: object = {}): object {
  return { StartAt: "Start", States: { Start: { Type: "Task", Resource: resource, Parameters: parameters, End: true, ...extra } } };
}

describe("dynamodb:putItem failures (recorded, test_task_service_dynamodb)", () => {
  it("names a missing table DynamoDB.ResourceNotFoundException with the SDK v1 cause", async () => {
    const events = await history("ddb-missing", task("arn:aws:states:::dynamodb:putItem", { TableName: "missing", Item: { id: { S: "id1" } } }), {});
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("DynamoDB.ResourceNotFoundException");
    expect(failed?.cause).toMatch(new RegExp(`^Requested resource not found \\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: ${REQUEST_ID}; Proxy: null\\)$`));
    expect(events.at(-1)?.executionFailedEventDetails).toEqual({ error: failed?.error, cause: failed?.cause });
  });

  it("names a ValidationException DynamoDB.AmazonDynamoDBException (SDK v1 has no class for it)", async () => {
    const events = await history("ddb-invalid", task("arn:aws:states:::dynamodb:putItem", { TableName: "/bad", Item: { id: { S: "id1" } } }), {});
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed).toMatchObject({ error: "DynamoDB.AmazonDynamoDBException", resource: "putItem", resourceType: "dynamodb" });
    expect(failed?.cause).toMatch(
      new RegExp(
        `^1 validation error detected: Value '/bad' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: \\[a-zA-Z0-9_.-\\]\\+ \\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: ${REQUEST_ID}; Proxy: null\\)$`,
      ),
    );
  });
});

describe("lambda:invoke failures (recorded, test_task_service_lambda)", () => {
  it("names a missing function Lambda.ResourceNotFoundException with the SDK v1 cause", async () => {
    const events = await history("lambda-missing", task("arn:aws:states:::lambda:invoke", { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" }), { FunctionName: "no_such_fn", Payload: null });
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("Lambda.ResourceNotFoundException");
    expect(failed?.cause).toMatch(
      new RegExp(`^Function not found: arn:aws:lambda:us-east-1:000000000000:function:no_such_fn \\(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ${REQUEST_ID}; Proxy: null\\)$`),
    );
  });

  it("catches a function error with its compact payload as Cause (test_raise_exception_catch)", async () => {
    const definition = task(
      "arn:aws:states:::lambda:invoke",
      { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" },
      { Catch: [{ ErrorEquals: ["States.TaskFailed", "Exception"], Next: "Handler" }], End: undefined, Next: "Done" },
    ) as { States: Record<string, object> };
    definition.States.Handler = { Type: "Pass", Parameters: { "Error.$": "$.Error", "Cause.$": "$.Cause", "task_failed_error.$": "$" }, End: true };
    definition.States.Done = { Type: "Succeed" };
    const events = await history("lambda-catch", definition, { FunctionName: "raises", Payload: null });
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("Exception");
    const cause = '{"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":"5d5b1c2e-0000-4000-8000-000000000000","stackTrace":["  File \\"/var/task/handler.py\\", line 2, in handler\\n"]}';
    expect(failed?.cause).toBe(cause);
    const exited = events.find((e) => e.type === "TaskStateExited")?.stateExitedEventDetails;
    expect(JSON.parse(exited?.output ?? "null")).toEqual({ Error: "Exception", Cause: cause });
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
  });
});

describe("states:startExecution failures (recorded, test_task_service_sfn)", () => {
  it("names a missing state machine StepFunctions.StateMachineDoesNotExistException", async () => {
    const missing = "arn:aws:states:us-east-1:000000000000:stateMachine:nope";
    const events = await history("sfn-missing", task("arn:aws:states:::states:startExecution", { "StateMachineArn.$": "$.StateMachineArn", "Input.$": "$.Input", "Name.$": "$.Name" }), {
      StateMachineArn: missing,
      Input: null,
      Name: "TestStartTarget",
    });
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed).toMatchObject({ error: "StepFunctions.StateMachineDoesNotExistException", resource: "startExecution", resourceType: "states" });
    expect(failed?.cause).toMatch(
      new RegExp(`^State Machine Does Not Exist: '${missing}' \\(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: ${REQUEST_ID}; Proxy: null\\)$`),
    );
  });
});

describe("aws-sdk task failures (recorded, test_aws_sdk)", () => {
  it("catches S3.NoSuchBucketException into ResultPath with the SDK v2 cause (test_no_such_bucket)", async () => {
    const definition = task("arn:aws:states:::aws-sdk:s3:listObjects", { "Bucket.$": "$.Bucket" }, {
      Catch: [{ ErrorEquals: ["States.TaskFailed"], ResultPath: "$.TaskFailedError", Next: "TaskFailedHandler" }],
      End: undefined,
      Next: "TaskFailedHandler",
    }) as { States: Record<string, object> };
    definition.States.TaskFailedHandler = { Type: "Pass", End: true };
    const events = await history("sdk-s3-missing", definition, { Bucket: "someNonexistentBucketName" });
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed).toMatchObject({ error: "S3.NoSuchBucketException", resource: "listObjects", resourceType: "aws-sdk:s3" });
    expect(failed?.cause).toMatch(new RegExp(`^The specified bucket does not exist \\(Service: S3, Status Code: 404, Request ID: ${REQUEST_ID}, Extended Request ID: [A-Za-z0-9+/=]+\\)$`));
    const output = JSON.parse(events.at(-1)?.executionSucceededEventDetails?.output ?? "null");
    expect(output).toEqual({ Bucket: "someNonexistentBucketName", TaskFailedError: { Error: "S3.NoSuchBucketException", Cause: failed?.cause } });
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
  });

  it("names DynamoDB's ValidationException DynamoDb.DynamoDbException (test_dynamodb_invalid_param)", async () => {
    const events = await history("sdk-ddb-invalid", task("arn:aws:states:::aws-sdk:dynamodb:putItem", { "TableName.$": "$.TableName", "Item.$": "$.Item" }), { TableName: "t", Key: null, Item: null });
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed).toMatchObject({ error: "DynamoDb.DynamoDbException", resource: "putItem", resourceType: "aws-sdk:dynamodb" });
    expect(failed?.cause).toMatch(new RegExp(`^1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null \\(Service: DynamoDb, Status Code: 400, Request ID: ${REQUEST_ID}\\)$`));
    expect(JSON.parse(events.find((e) => e.type === "TaskScheduled")?.taskScheduledEventDetails?.parameters ?? "null")).toEqual({ TableName: "t", Item: null });
  });
});

describe("states:startExecution output (recorded, test_sfn_task_service test_start_execution)", () => {
  it("returns ExecutionArn, the SDK v1 metadata and StartDate in epoch milliseconds", async () => {
    const { stateMachineArn } = await client.send(
      new CreateStateMachineCommand({ name: "sfn-target", definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }), roleArn: ROLE }),
    );
    const events = await history("sfn-start", task("arn:aws:states:::states:startExecution", { "StateMachineArn.$": "$.StateMachineArn", "Input.$": "$.Input", "Name.$": "$.Name" }), {
      StateMachineArn: stateMachineArn,
      Input: null,
      Name: "TestStartTarget",
    });
    const output = JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "null");
    expect(Object.keys(output)).toEqual(["ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"]);
    expect(output.ExecutionArn).toBe(`${stateMachineArn?.replace(":stateMachine:", ":execution:")}:TestStartTarget`);
    expect(typeof output.StartDate).toBe("number");
    const requestId = output.SdkResponseMetadata.RequestId;
    expect(Object.keys(output.SdkHttpMetadata.AllHttpHeaders).sort()).toEqual(["Content-Length", "Content-Type", "Date", "connection", "x-amzn-RequestId"]);
    expect(output.SdkHttpMetadata).toMatchObject({
      AllHttpHeaders: { "x-amzn-RequestId": [requestId], connection: ["keep-alive"], "Content-Type": ["application/x-amz-json-1.0"] },
      HttpHeaders: { "x-amzn-RequestId": requestId, connection: "keep-alive", "Content-Type": "application/x-amz-json-1.0" },
      HttpStatusCode: 200,
    });
  });
});

describe("optimized integration outputs (recorded, test_dynamodb_task_service / test_sns_task_service)", () => {
  it("adds DynamoDB's headers after the response members, Content-Length of the JSON body (DYNAMODB_PUT_GET_ITEM)", async () => {
    const events = await history("ddb-get", task("arn:aws:states:::dynamodb:getItem", { TableName: "t", Key: { id: { S: "id1" } } }), {});
    const output = JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "null");
    expect(Object.keys(output)).toEqual(["Item", "SdkHttpMetadata", "SdkResponseMetadata"]);
    expect(Object.keys(output.SdkHttpMetadata.HttpHeaders).sort()).toEqual(["Connection", "Content-Length", "Content-Type", "Date", "Server", "x-amz-crc32", "x-amzn-RequestId"]);
    expect(output.SdkHttpMetadata.HttpHeaders).toMatchObject({ "Content-Length": "53", "Content-Type": "application/x-amz-json-1.0", Server: "Server" });
    expect(output.SdkHttpMetadata.AllHttpHeaders["Content-Length"]).toEqual(["53"]);
  });

  it("reports SNS's XML answer: a lowercase connection header, Content-Length of the PublishResponse (test_publish_message_attributes, 2024-02)", async () => {
    const events = await history("sns-publish", task("arn:aws:states:::sns:publish", { TopicArn: "arn:aws:sns:us-east-1:000000000000:t", Message: { Message: "HelloWorld!" } }), {});
    const output = JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "null");
    expect(Object.keys(output)).toEqual(["MessageId", "SdkHttpMetadata", "SdkResponseMetadata"]);
    const requestId = output.SdkResponseMetadata.RequestId;
    expect(output.SdkHttpMetadata.AllHttpHeaders).toEqual({ "x-amzn-RequestId": [requestId], connection: ["keep-alive"], "Content-Length": ["294"], Date: [expect.any(String)], "Content-Type": ["text/xml"] });
    expect(output.SdkHttpMetadata.HttpHeaders).toEqual({ connection: "keep-alive", "x-amzn-RequestId": requestId, "Content-Length": "294", Date: expect.any(String), "Content-Type": "text/xml" });
    expect(output.SdkHttpMetadata.HttpStatusCode).toBe(200);
  });
});

describe("lambda:invoke output (recorded, test_lambda_task_service)", () => {
  it("returns the SDK v1 shape with the log tail as LogResult and X-Amz-Log-Result header (test_invoke_unsupported_param)", async () => {
    const events = await history("lambda-tail", task("arn:aws:states:::lambda:invoke", { FunctionName: "tail", "Payload.$": "$.Payload", LogType: "Tail" }), { Payload: null });
    const output = JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "null");
    const tail = Buffer.from("START RequestId: x\n").toString("base64");
    expect(Object.keys(output)).toEqual(["ExecutedVersion", "LogResult", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]);
    expect(output).toMatchObject({ ExecutedVersion: "$LATEST", LogResult: tail, Payload: {}, StatusCode: 200 });
    expect(Object.keys(output.SdkHttpMetadata.AllHttpHeaders)).toEqual([
      "X-Amz-Log-Result", "X-Amz-Executed-Version", "x-amzn-Remapped-Content-Length", "Connection", "x-amzn-RequestId", "Content-Length", "Date", "X-Amzn-Trace-Id", "Content-Type",
    ]);
    expect(Object.keys(output.SdkHttpMetadata.HttpHeaders)).toEqual([
      "Connection", "Content-Length", "Content-Type", "Date", "X-Amz-Executed-Version", "X-Amz-Log-Result", "x-amzn-Remapped-Content-Length", "x-amzn-RequestId", "X-Amzn-Trace-Id",
    ]);
    expect(output.SdkHttpMetadata.HttpHeaders).toMatchObject({ "X-Amz-Log-Result": tail, "Content-Length": "2", "Content-Type": "application/json" });
    expect(output.SdkHttpMetadata.AllHttpHeaders["X-Amz-Log-Result"]).toEqual([tail]);
  });

  it("leaves the header out without LogType Tail (test_invoke)", async () => {
    const events = await history("lambda-notail", task("arn:aws:states:::lambda:invoke", { FunctionName: "tail", "Payload.$": "$.Payload" }), { Payload: null });
    const output = JSON.parse(events.find((e) => e.type === "TaskSucceeded")?.taskSucceededEventDetails?.output ?? "null");
    expect(Object.keys(output)).toEqual(["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]);
    expect(output.SdkHttpMetadata.HttpHeaders).not.toHaveProperty("X-Amz-Log-Result");
  });
});

describe("Lambda function ARN task failures (recorded, test_task_lambda)", () => {
  it("passes the function's error document on as the runtime wrote it (test_raise_exception_catch)", async () => {
    const arn = "arn:aws:lambda:us-east-1:000000000000:function:python-raises";
    const definition = task(arn, { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" }, {
      Catch: [{ ErrorEquals: ["Exception"], Next: "Handler" }],
      End: undefined,
      Next: "Handler",
    }) as { States: Record<string, object> };
    definition.States.Handler = { Type: "Pass", End: true };
    const events = await history("arn-raises", definition, { FunctionName: "python-raises", Payload: null });
    const cause = '{"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "5d5b1c2e-0000-4000-8000-000000000000", "stackTrace": ["  File \\"/var/task/handler.py\\", line 2, in handler\\n"]}';
    expect(events.map((e) => e.type)).toEqual([
      "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
    ]);
    expect(events.find((e) => e.type === "LambdaFunctionFailed")?.lambdaFunctionFailedEventDetails).toEqual({ error: "Exception", cause });
    expect(JSON.parse(events.find((e) => e.type === "TaskStateExited")?.stateExitedEventDetails?.output ?? "null")).toEqual({ Error: "Exception", Cause: cause });
  });
});

describe("DynamoDB conditional check failures (aws-sdk-java #1945, serverless-coffee-workshop #40)", () => {
  it("names it DynamoDB.ConditionalCheckFailedException on dynamodb:updateItem, retried then caught into ResultPath", async () => {
    const definition = task("arn:aws:states:::dynamodb:updateItem", { TableName: "t", Key: { id: { S: "1" } }, UpdateExpression: "SET a = :a", ConditionExpression: "attribute_exists(id)", ExpressionAttributeValues: { ":a": { S: "x" } } }, {
      Retry: [{ ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"], MaxAttempts: 1, IntervalSeconds: 0 }],
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Handler" }],
      End: undefined,
      Next: "Handler",
    }) as { States: Record<string, object> };
    definition.States.Handler = { Type: "Pass", End: true };
    const events = await history("ddb-condition", definition, { order: 1 });
    const failures = events.filter((e) => e.type === "TaskFailed").map((e) => e.taskFailedEventDetails);
    expect(failures).toHaveLength(2);
    expect(failures[0]?.error).toBe("DynamoDB.ConditionalCheckFailedException");
    expect(failures[0]?.cause).toMatch(new RegExp(`^The conditional request failed \\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: ${REQUEST_ID}; Proxy: null\\)$`));
    const output = JSON.parse(events.at(-1)?.executionSucceededEventDetails?.output ?? "null");
    expect(output).toEqual({ order: 1, error: { Error: "DynamoDB.ConditionalCheckFailedException", Cause: failures[1]?.cause } });
  });

  it("names it DynamoDb.ConditionalCheckFailedException on aws-sdk:dynamodb with the SDK v2 cause", async () => {
    const events = await history("sdk-ddb-condition", task("arn:aws:states:::aws-sdk:dynamodb:putItem", { TableName: "t", Item: { id: { S: "1" } }, ConditionExpression: "attribute_not_exists(id)" }), {});
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("DynamoDb.ConditionalCheckFailedException");
    expect(failed?.cause).toMatch(new RegExp(`^The conditional request failed \\(Service: DynamoDb, Status Code: 400, Request ID: ${REQUEST_ID}\\)$`));
  });
});

describe("lambda:invoke errors Lambda's SDK v1 client has no class for", () => {
  it("names a ValidationException Lambda.AWSLambdaException, keeping the code in the cause", async () => {
    const events = await history("lambda-invalid-name", task("arn:aws:states:::lambda:invoke", { FunctionName: "bad name", Payload: {} }), {});
    const failed = events.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails;
    expect(failed?.error).toBe("Lambda.AWSLambdaException");
    expect(failed?.cause).toMatch(new RegExp(`^1 validation error detected: Value 'bad name' at 'functionName' .* \\(Service: AWSLambda; Status Code: 400; Error Code: ValidationException; Request ID: ${REQUEST_ID}; Proxy: null\\)$`));
  });
});
