import { describe, expect, it } from "vitest";
import { AwsError, VirtualClock, type AwsDispatcher, type LambdaInvoker } from "@sam-sandbox/core";
import { createTaskRunner } from "../src/engine/tasks/runner.js";
import { parseResource, TaskError, type TaskCall } from "../src/engine/asl/ports.js";
import type { Json } from "../src/engine/asl/json.js";

const clock = new VirtualClock(Date.UTC(2026, 0, 1));

function call(resource: string, parameters: Json): TaskCall {
  const parsed = parseResource(resource);
  if (!parsed) throw new Error(`bad resource ${resource}`);
  return { resource: parsed, parameters, region: "us-east-1", accountId: "000000000000", executionArn: "arn", stateName: "S", timeoutSeconds: 60 };
}

async function failure(promise: Promise<unknown>): Promise<TaskError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TaskError) return error;
    throw error;
  }
  throw new Error("did not fail");
}

const invoker: LambdaInvoker = {
  async invoke(request) {
    if (request.functionName === "missing") throw new AwsError("ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing", 404);
    if (request.functionName === "throws") {
      return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from('{"errorType": "TypeError", "errorMessage": "x is not a function", "trace": []}') };
    }
    if (request.functionName === "timeout") {
      return { statusCode: 200, functionError: "Unhandled", executedVersion: "$LATEST", payload: Buffer.from('{"errorMessage":"Task timed out after 3.00 seconds"}') };
    }
    return { statusCode: 200, executedVersion: "$LATEST", payload: Buffer.concat([Buffer.from('{"echo":'), request.payload, Buffer.from("}")]) };
  },
};

const calls: [string, string, Record<string, unknown>][] = [];
const dispatcher: AwsDispatcher = {
  async call(service, action, input) {
    calls.push([service, action, input]);
    if (input.TableName === "missing") throw new AwsError("ResourceNotFoundException", "Requested resource not found", 400);
    if (input.TableName === "invalid") throw new AwsError("ValidationException", "1 validation error detected", 400);
    if (service === "sns") return { MessageId: "m-1" };
    if (action === "GetItem") return { Item: { id: { S: "1" } } };
    if (service === "s3") throw new AwsError("NoSuchBucket", "The specified bucket does not exist", 404);
    return {};
  },
};

const runner = createTaskRunner({ invoker, dispatcher, clock });

describe("lambda:invoke", () => {
  it("wraps the result as AWS does", async () => {
    const result = (await runner.run(call("arn:aws:states:::lambda:invoke", { FunctionName: "echo", Payload: { a: 1 } }))) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]);
    expect(result).toMatchObject({ ExecutedVersion: "$LATEST", Payload: { echo: { a: 1 } }, StatusCode: 200, SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect((result.SdkHttpMetadata as { HttpHeaders: Record<string, string> }).HttpHeaders["Content-Type"]).toBe("application/json");
  });

  it("names a function error by its errorType with the compact payload as cause", async () => {
    const error = await failure(runner.run(call("arn:aws:states:::lambda:invoke", { FunctionName: "throws" })));
    expect(error.error).toBe("TypeError");
    expect(error.cause).toBe('{"errorType":"TypeError","errorMessage":"x is not a function","trace":[]}');
  });

  it("reports Lambda.Unknown when the payload has no errorType", async () => {
    const error = await failure(runner.run(call("arn:aws:states:::lambda:invoke", { FunctionName: "timeout" })));
    expect(error.error).toBe("Lambda.Unknown");
    expect(error.cause).toBe('The cause could not be determined because Lambda did not return an error type. Returned payload: {"errorMessage":"Task timed out after 3.00 seconds"}');
  });

  it("names service errors Lambda.<Exception> with the SDK's cause", async () => {
    const error = await failure(runner.run(call("arn:aws:states:::lambda:invoke", { FunctionName: "missing" })));
    expect(error.error).toBe("Lambda.ResourceNotFoundException");
    expect(error.cause).toMatch(
      /^Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
  });

  it("returns the bare payload for a function ARN", async () => {
    expect(await runner.run(call("arn:aws:lambda:us-east-1:000000000000:function:echo", { b: 2 }))).toEqual({ echo: { b: 2 } });
  });
});

describe("dynamodb and sns optimized integrations", () => {
  it("calls DynamoDB actions through the dispatcher and adds the SDK metadata", async () => {
    const result = (await runner.run(call("arn:aws:states:::dynamodb:getItem", { TableName: "t", Key: { id: { S: "1" } } }))) as Record<string, unknown>;
    expect(calls.at(-1)).toEqual(["dynamodb", "GetItem", { TableName: "t", Key: { id: { S: "1" } } }]);
    expect(result.Item).toEqual({ id: { S: "1" } });
    expect(result).toHaveProperty("SdkHttpMetadata.HttpStatusCode", 200);
    for (const action of ["putItem", "updateItem", "deleteItem"]) await runner.run(call(`arn:aws:states:::dynamodb:${action}`, { TableName: "t" }));
    expect(calls.slice(-3).map((c) => c[1])).toEqual(["PutItem", "UpdateItem", "DeleteItem"]);
  });

  it("names DynamoDB errors DynamoDB.<Exception>", async () => {
    const error = await failure(runner.run(call("arn:aws:states:::dynamodb:putItem", { TableName: "missing" })));
    expect(error.error).toBe("DynamoDB.ResourceNotFoundException");
    expect(error.cause).toMatch(/^Requested resource not found \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: .+; Proxy: null\)$/);
  });

  it("publishes to SNS, sending a JSON Message as text", async () => {
    const result = (await runner.run(call("arn:aws:states:::sns:publish", { TopicArn: "arn:aws:sns:us-east-1:000000000000:t", Message: { hello: "world" } }))) as Record<string, unknown>;
    expect(calls.at(-1)).toEqual(["sns", "Publish", { TopicArn: "arn:aws:sns:us-east-1:000000000000:t", Message: '{"hello":"world"}' }]);
    expect(result.MessageId).toBe("m-1");
  });
});

describe("aws-sdk integrations", () => {
  it("calls <service>.<Action> and returns the response", async () => {
    expect(await runner.run(call("arn:aws:states:::aws-sdk:dynamodb:getItem", { TableName: "t" }))).toEqual({ Item: { id: { S: "1" } } });
    expect(calls.at(-1)?.slice(0, 2)).toEqual(["dynamodb", "GetItem"]);
  });

  it("names errors <Service>.<Code>Exception as SDK v2 does", async () => {
    const s3 = await failure(runner.run(call("arn:aws:states:::aws-sdk:s3:listObjects", { Bucket: "nope" })));
    expect(s3.error).toBe("S3.NoSuchBucketException");
    expect(s3.cause).toMatch(/^The specified bucket does not exist \(Service: S3, Status Code: 404, Request ID: .+\)$/);
    const validation = await failure(runner.run(call("arn:aws:states:::aws-sdk:dynamodb:putItem", { TableName: "invalid" })));
    expect(validation.error).toBe("DynamoDb.DynamoDbException");
  });
});

describe("resource ARNs", () => {
  it("parses service integrations, patterns, aws-sdk, Lambda functions and activities", () => {
    expect(parseResource("arn:aws:states:::lambda:invoke.waitForTaskToken")).toMatchObject({ kind: "service", resourceType: "lambda", resource: "invoke.waitForTaskToken", pattern: "waitForTaskToken" });
    expect(parseResource("arn:aws:states:::states:startExecution.sync:2")).toMatchObject({ resourceType: "states", resource: "startExecution.sync:2", pattern: "sync:2" });
    expect(parseResource("arn:aws:states:::aws-sdk:dynamodb:getItem")).toMatchObject({ resourceType: "aws-sdk:dynamodb", resource: "getItem", sdk: true });
    expect(parseResource("arn:aws:lambda:us-east-1:123456789012:function:f:prod")).toMatchObject({ kind: "lambda" });
    expect(parseResource("arn:aws:states:us-east-1:123456789012:activity:a")).toMatchObject({ kind: "activity" });
    expect(parseResource("not-an-arn")).toBeUndefined();
  });
});
