// Invoke behaviour recorded on real AWS in localstack tests/aws/services/lambda_/test_lambda.py and
// test_lambda.snapshot.json (the test named in each describe), replayed through the real SDK v3 client.
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  InvokeAsyncCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { findPython } from "../src/engine/runtimes.js";
import { ACCOUNT, REGION, failure, payloadOf, startLambda, type TestLambda } from "./helpers.js";

const python = await findPython("python3.12", process.env.SANDBOX_PYTHON);

const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const arn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

function zipOf(name: string, text: string): Uint8Array {
  const zip = new AdmZip();
  zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}

const ECHO = "exports.handler = async (event) => { console.log(JSON.stringify(event)); return event; };\n";
const CONTEXT = "exports.handler = async (event, context) => ({ context });\n";
const LARGE = "exports.handler = async (event) => 'a'.repeat(event.bytenum);\n";
const VERSION = (id: string) => `exports.handler = async (event, context) => ({ version_id: "${id}", version_from_ctx: context.functionVersion });\n`;

// The recordings used an SQS queue; the sandbox delivers invocation records to SNS topics.
const QUEUE = `arn:aws:sns:${REGION}:${ACCOUNT}:rec3-destination`;
const THROWS = "exports.handler = async () => { throw new Error('intentional failure'); };\n";

let lambda: TestLambda;
/** Invocation records and dead-lettered events, as Lambda sends them. */
const sent: Array<{ arn: string; message: string }> = [];
beforeAll(async () => {
  lambda = await startLambda([], {
    lambda: {
      destinations: async (arn, message) => {
        sent.push({ arn, message });
      },
    },
  });
  await create("rec3-echo", ECHO);
});
afterAll(async () => {
  await lambda.close();
});

function create(name: string, code: string, extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {}) {
  return lambda.client.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zipOf("index.js", code) }, ...extra }),
  );
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("test_invoke_exceptions and test_lambda_alias_moving", () => {
  it("names a missing function's $LATEST, and a missing alias by its qualified ARN", async () => {
    expect(await failure(lambda.client.send(new InvokeCommand({ FunctionName: "doesnotexist" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arn("doesnotexist")}:$LATEST`,
    });
    expect(await failure(lambda.client.send(new InvokeCommand({ FunctionName: "rec3-echo", Qualifier: "non-existent-alias" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arn("rec3-echo")}:non-existent-alias`,
    });
  });
});

describe("test_invocation_with_logs", () => {
  it("starts the LogType Tail at START: a cold start's INIT_START stays in CloudWatch only", async () => {
    await create("rec3-tail", ECHO);
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-tail", Payload: bytes("{}"), LogType: "Tail" }));
    const id = out.$metadata.requestId;
    const lines = Buffer.from(out.LogResult ?? "", "base64").toString("utf8").split("\n");
    expect(lines[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\t\\{\\}$`));
    expect(lines[2]).toBe(`END RequestId: ${id}`);
    expect(lines[3]).toMatch(/^REPORT RequestId: .*\tInit Duration: \d+\.\d\d ms\t$/);
  });
});

describe("test_lambda_too_large_response", () => {
  it("answers Function.ResponseSizeTooLarge with errorMessage first, and keeps answering it", async () => {
    await create("rec3-large", LARGE);
    for (let i = 0; i < 2; i++) {
      const out = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-large", Payload: bytes(JSON.stringify({ bytenum: 7 * 1024 * 1024 })) }));
      expect(out.FunctionError).toBe("Unhandled");
      expect(new TextDecoder().decode(out.Payload)).toBe(
        '{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
      );
    }
  });
});

describe("test_lambda_with_context", () => {
  it("passes the client context and lists the context's members in the runtime's order", async () => {
    await create("rec3-context", CONTEXT);
    const clientContext = { custom: { foo: "bar" }, client: { snap: ["crackle", "pop"] }, env: { fizz: "buzz" } };
    const out = await lambda.client.send(
      new InvokeCommand({ FunctionName: "rec3-context", Payload: bytes("{}"), ClientContext: Buffer.from(JSON.stringify(clientContext)).toString("base64") }),
    );
    const { context } = payloadOf(out) as { context: Record<string, unknown> };
    expect(Object.keys(context)).toEqual([
      "callbackWaitsForEmptyEventLoop",
      "functionVersion",
      "functionName",
      "memoryLimitInMB",
      "logGroupName",
      "logStreamName",
      "clientContext",
      "invokedFunctionArn",
      "awsRequestId",
    ]);
    expect(context).toMatchObject({ functionVersion: "$LATEST", functionName: "rec3-context", memoryLimitInMB: "128", clientContext, awsRequestId: out.$metadata.requestId });
  });
});

describe("test_lambda_versions_with_code_changes", () => {
  it("answers UpdateFunctionCode with Publish as the new version, still Pending", async () => {
    await create("rec3-versions", VERSION("version1"), { Description: "No version :(" });
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec3-versions" }));
    const out = await lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "rec3-versions", ZipFile: zipOf("index.js", VERSION("version2")), Publish: true }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out).toMatchObject({
      Version: "2",
      FunctionArn: `${arn("rec3-versions")}:2`,
      State: "Pending",
      StateReason: "The function is being created.",
      StateReasonCode: "Creating",
      Description: "No version :(",
    });
    expect(out.LastUpdateStatus).toBeUndefined();
    const v2 = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-versions", Qualifier: "2" }));
    expect([v2.ExecutedVersion, payloadOf(v2)]).toEqual(["2", { version_id: "version2", version_from_ctx: "2" }]);
    const v1 = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-versions", Qualifier: "1" }));
    expect([v1.ExecutedVersion, payloadOf(v1)]).toEqual(["1", { version_id: "version1", version_from_ctx: "1" }]);
  });
});

describe("test_reserved_provisioned_overlap", () => {
  it("refuses a reserved concurrency below the function's total provisioned concurrency", async () => {
    await create("rec3-overlap", ECHO);
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec3-overlap" }));
    await lambda.client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: "rec3-overlap", Qualifier: "1", ProvisionedConcurrentExecutions: 2 }));
    expect(await failure(lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "rec3-overlap", ReservedConcurrentExecutions: 1 })))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: " ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [2].",
    });
    // The recorded body has a message but no "Type" (other InvalidParameterValueExceptions there carry "Type": "User").
    const raw = await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "rec3-overlap", ReservedConcurrentExecutions: 1 })).catch((error: unknown) => error);
    expect(raw).toMatchObject({ name: "InvalidParameterValueException" });
    expect((raw as { Type?: string }).Type).toBeUndefined();
    const equal = await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "rec3-overlap", ReservedConcurrentExecutions: 2 }));
    expect(equal.ReservedConcurrentExecutions).toBe(2);
  });
});

describe("test_lambda_invoke_payload_encoding_error", () => {
  const invoke = (payload: number[] | string) =>
    failure(lambda.client.send(new InvokeCommand({ FunctionName: "rec3-echo", Payload: typeof payload === "string" ? bytes(payload) : new Uint8Array(payload) })));
  const at = (column: number) => `\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: 1, column: ${column}]`;
  const prefix = "Could not parse request body into json: Could not parse payload into json: ";

  it("answers Jackson's texts for what AWS CLI v2 sends when it base64-decodes a raw --payload", async () => {
    expect(await invoke([0x6e, 0x87, 0x72, 0x9e, 0xe9, 0xb5, 0xd7, 0x49, 0xee, 0x9b, 0x6d, 0x74])).toEqual({
      name: "InvalidRequestContentException",
      status: 400,
      message: `${prefix}Invalid UTF-8 start byte 0x87${at(3)}`,
    });
    expect(await invoke([0x99, 0xeb, 0x2c, 0x6a, 0x07, 0xa1, 0x7a, 0x59, 0x68])).toEqual({
      name: "InvalidRequestContentException",
      status: 400,
      message: `${prefix}Unexpected character ((CTRL-CHAR, code 153)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${at(1)}`,
    });
  });

  it("places an unrecognized token as Jackson does", async () => {
    expect((await invoke("not json")).message).toBe(
      `${prefix}Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${at(4)}`,
    );
  });
});

describe("test_lambda_url_invalid_invoke_mode", () => {
  it("lists InvokeMode's values in Lambda's order", async () => {
    expect(await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "rec3-echo", AuthType: "NONE", InvokeMode: "UNKNOWN" as "BUFFERED" })))).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value 'UNKNOWN' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]",
    });
  });
});

describe("test_reserved_concurrency", () => {
  it("sends an event for a function reserved at 0 straight to OnFailure, never run", async () => {
    await create("rec3-zero", ECHO);
    await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "rec3-zero", ReservedConcurrentExecutions: 0 }));
    expect(await failure(lambda.client.send(new InvokeCommand({ FunctionName: "rec3-zero" })))).toEqual({ name: "TooManyRequestsException", status: 429, message: "Rate Exceeded." });
    await lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec3-zero", MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: QUEUE } } }));
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-zero", InvocationType: "Event" }));
    expect(out.StatusCode).toBe(202);
    await expect.poll(() => sent.filter((s) => s.message.includes("rec3-zero")).length, { timeout: 5000 }).toBe(1);
    const record = JSON.parse(sent.find((s) => s.message.includes("rec3-zero"))?.message ?? "{}") as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(["version", "timestamp", "requestContext", "requestPayload"]);
    expect(record).toMatchObject({
      version: "1.0",
      requestContext: { requestId: out.$metadata.requestId, functionArn: `${arn("rec3-zero")}:$LATEST`, condition: "ZeroReservedConcurrency", approximateInvokeCount: 0 },
      requestPayload: {},
    });
  });
});

describe("test_maxeventage", () => {
  it("gives up at once when the next retry would start past MaximumEventAgeInSeconds", async () => {
    await create("rec3-age", THROWS);
    await lambda.client.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec3-age", MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: QUEUE } } }),
    );
    await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-age", InvocationType: "Event", Payload: bytes('{"message":"m"}') }));
    // The sandbox clock is not advanced: the record comes without waiting for the first retry's minute.
    await expect.poll(() => sent.filter((s) => s.message.includes("rec3-age")).length, { timeout: 5000 }).toBe(1);
    const record = JSON.parse(sent.find((s) => s.message.includes("rec3-age"))?.message ?? "{}") as Record<string, unknown>;
    expect(record).toMatchObject({
      requestContext: { functionArn: `${arn("rec3-age")}:$LATEST`, condition: "EventAgeExceeded", approximateInvokeCount: 1 },
      requestPayload: { message: "m" },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: "Error", errorMessage: "intentional failure" },
    });
  });
});

describe.skipIf(!python)("test_lambda_handler_error", () => {
  it("answers the Python error document, with uploaded code under /var/task", async () => {
    const code = 'def handler(event, context):\n    raise Exception("Handler fails")\n';
    await lambda.client.send(
      new CreateFunctionCommand({
        FunctionName: "rec3-py-error",
        Runtime: "python3.12",
        Role: ROLE,
        Handler: "lambda_handler_error.handler",
        Code: { ZipFile: zipOf("lambda_handler_error.py", code) },
      }),
    );
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-py-error" }));
    expect(out.FunctionError).toBe("Unhandled");
    const payload = payloadOf(out) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(["errorMessage", "errorType", "requestId", "stackTrace"]);
    expect(payload).toEqual({
      errorMessage: "Handler fails",
      errorType: "Exception",
      requestId: out.$metadata.requestId,
      stackTrace: ['  File "/var/task/lambda_handler_error.py", line 2, in handler\n    raise Exception("Handler fails")\n'],
    });
  });
});

describe.skipIf(!python)("test_dead_letter_queue: the Python runtime's log of a failed invocation", () => {
  it("writes LAMBDA_WARNING before the [ERROR] line", async () => {
    const code = 'def handler(event, context):\n    raise Exception("Test exception (this is intentional)")\n';
    await lambda.client.send(
      new CreateFunctionCommand({ FunctionName: "rec3-py", Runtime: "python3.12", Role: ROLE, Handler: "handler.handler", Code: { ZipFile: zipOf("handler.py", code) } }),
    );
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-py", Payload: bytes("{}"), LogType: "Tail" }));
    expect(out.FunctionError).toBe("Unhandled");
    const lines = Buffer.from(out.LogResult ?? "", "base64").toString("utf8").split("\n");
    const error = lines.findIndex((l) => l.startsWith("[ERROR] Exception: Test exception (this is intentional)\rTraceback (most recent call last):"));
    expect(error).toBeGreaterThan(0);
    expect(lines[error - 1]).toBe(
      "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html",
    );
  });
});

// The deprecated InvokeAsync still answers 202 on Lambda (AWS API reference, InvokeAsync; moto test_invoke_async_function).
describe("InvokeAsync", () => {
  it("runs the function as an Event invocation and answers 202", async () => {
    const ran = new Promise<string | undefined>((resolve) => {
      lambda.events.on("functionLog", (e) => {
        if (e.functionName === "rec3-echo" && e.line.includes('{"test":"event"}')) resolve(e.requestId);
      });
    });
    const out = await lambda.client.send(new InvokeAsyncCommand({ FunctionName: arn("rec3-echo"), InvokeArgs: bytes('{"test":"event"}') }));
    expect(out.Status).toBe(202);
    expect(await ran).toBe(out.$metadata.requestId);
    expect(await failure(lambda.client.send(new InvokeAsyncCommand({ FunctionName: "doesnotexist", InvokeArgs: bytes("{}") })))).toMatchObject({
      name: "ResourceNotFoundException",
      status: 404,
    });
  });
});

describe("test_lambda_concurrency_block", () => {
  const throttled = async (input: ConstructorParameters<typeof InvokeCommand>[0]) => {
    try {
      await lambda.client.send(new InvokeCommand(input));
    } catch (error) {
      const e = error as { name: string; message: string; Reason?: string; $metadata?: { httpStatusCode?: number } };
      return { name: e.name, message: e.message, reason: e.Reason, status: e.$metadata?.httpStatusCode };
    }
    throw new Error("expected a throttle");
  };
  const RATE_EXCEEDED = { name: "TooManyRequestsException", message: "Rate Exceeded.", reason: "ReservedFunctionConcurrentInvocationLimitExceeded", status: 429 };

  it("throttles $LATEST once provisioned concurrency takes the whole reservation, and still runs the provisioned version", async () => {
    await create("rec3-block", ECHO);
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec3-block" }));
    await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "rec3-block", ReservedConcurrentExecutions: 1 }));
    const before = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-block", Qualifier: "$LATEST", Payload: bytes('{"hello":"world"}') }));
    expect([before.ExecutedVersion, payloadOf(before)]).toEqual(["$LATEST", { hello: "world" }]);
    await lambda.client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: "rec3-block", Qualifier: "1", ProvisionedConcurrentExecutions: 1 }));
    expect(await throttled({ FunctionName: "rec3-block", Qualifier: "$LATEST", Payload: bytes('{"hello":"world"}') })).toEqual(RATE_EXCEEDED);
    const v1 = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-block", Qualifier: "1", Payload: bytes('{"hello":"world"}') }));
    expect([v1.ExecutedVersion, payloadOf(v1)]).toEqual(["1", { hello: "world" }]);
    expect(await throttled({ FunctionName: "rec3-block", Qualifier: "$LATEST", Payload: bytes('{"hello":"world"}') })).toEqual(RATE_EXCEEDED);
  });

  it("gives $LATEST its share back when the reservation grows (test_reserved_provisioned_overlap)", async () => {
    await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "rec3-block", ReservedConcurrentExecutions: 2 }));
    const latest = await lambda.client.send(new InvokeCommand({ FunctionName: "rec3-block", Payload: bytes("{}") }));
    expect(latest.ExecutedVersion).toBe("$LATEST");
  });
});
