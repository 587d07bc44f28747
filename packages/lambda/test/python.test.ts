import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { EdgeRequest, EdgeResponse, SandboxEvents } from "@sam-sandbox/core";
import { findPython } from "../src/engine/runtimes.js";
import { FIXTURES, fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

// Python functions run with the machine's python3; boto3 comes from the system packages
// (apt-get install python3-boto3) or pip. Without them these tests are skipped, saying why.
const python = await findPython("python3.12", process.env.SANDBOX_PYTHON);
if (!python) console.warn("python.test.ts: skipped: no python3 on this machine (apt-get install python3 python3-boto3)");
else if (!python.hasBoto3) console.warn(`python.test.ts: boto3 tests skipped: ${python.executable} cannot import boto3 (apt-get install python3-boto3)`);

const py = (name: string, handler: string, extra: Parameters<typeof fn>[3] = {}) =>
  fn(name, "python-app", handler, { runtime: "python3.12", ...extra });

let lambda: TestLambda;
const logs: SandboxEvents["functionLog"][0][] = [];
const invocations: SandboxEvents["invocation"][0][] = [];
const items = new Map<string, unknown>();

/** A two-action DynamoDB for boto3 to reach through AWS_ENDPOINT_URL. */
async function dynamoDbStub(req: EdgeRequest): Promise<EdgeResponse> {
  const action = req.headers["x-amz-target"]?.split(".")[1];
  const input = JSON.parse(req.body.toString("utf8")) as { Item?: { id: { S: string } }; Key?: { id: { S: string } } };
  const headers = { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "stub" };
  if (action === "PutItem" && input.Item) {
    items.set(input.Item.id.S, input.Item);
    return { status: 200, headers, body: "{}" };
  }
  if (action === "GetItem" && input.Key) return { status: 200, headers, body: JSON.stringify({ Item: items.get(input.Key.id.S) }) };
  return { status: 400, headers, body: JSON.stringify({ __type: "com.amazon.coral.validate#ValidationException", message: `stub: ${action}` }) };
}

beforeAll(async () => {
  if (!python) return;
  lambda = await startLambda(
    [
      py("hello", "app.hello", { environment: { GREETING: "hi" } }),
      py("fails", "app.fails"),
      py("slow", "app.slow", { timeoutSeconds: 1 }),
      py("exits", "app.exits"),
      py("notJson", "app.not_json"),
      py("bytes", "app.raw_bytes"),
      py("nested", "pkg/nested.handler"),
      py("broken", "broken.handler"),
      py("missingModule", "nope.handler"),
      py("missingHandler", "app.nope"),
      py("dynamodb", "app.dynamodb"),
      py("layered", "app.layered", { layerDirs: [`${FIXTURES}python-layer`] }),
    ],
    { otherService: dynamoDbStub },
  );
  lambda.events.on("functionLog", (e) => logs.push(e));
  lambda.events.on("invocation", (e) => invocations.push(e));
});

afterAll(async () => {
  await lambda?.close();
});

const invoke = (FunctionName: string, event: unknown = {}) =>
  lambda.client.send(new InvokeCommand({ FunctionName, Payload: json(event) }));
const linesOf = (requestId: string | undefined) => logs.filter((l) => l.requestId === requestId).map((l) => l.line);

describe.skipIf(!python)("Python runtime (Runtime API + the project's bootstrap.py)", () => {
  it("runs a handler and passes a context object like AWS's", async () => {
    const out = await invoke("hello", { name: "python" });
    expect(out.FunctionError).toBeUndefined();
    const body = payloadOf(out) as Record<string, unknown> & { context: Record<string, unknown>; env: Record<string, unknown> };
    expect(body).toMatchObject({ message: "hello python", count: 1, price: 1.5 });
    expect(body.context).toMatchObject({
      function_name: "hello",
      memory_limit_in_mb: "128",
      aws_request_id: out.$metadata.requestId,
      invoked_function_arn: "arn:aws:lambda:us-east-1:000000000000:function:hello",
      log_group_name: "/aws/lambda/hello",
      function_version: "$LATEST",
    });
    expect(body.context.remaining).toBeGreaterThan(20_000);
    expect(body.env).toMatchObject({ AWS_REGION: "us-east-1", AWS_LAMBDA_FUNCTION_NAME: "hello", AWS_ENDPOINT_URL: lambda.url, GREETING: "hi" });
    expect(String(body.env._X_AMZN_TRACE_ID)).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });

  it("reuses the warm process: module state survives", async () => {
    const first = payloadOf(await invoke("hello")) as { count: number; environmentId: string };
    const second = payloadOf(await invoke("hello")) as { count: number; environmentId: string };
    expect(second.environmentId).toBe(first.environmentId);
    expect(second.count).toBe(first.count + 1);
  });

  it("writes the logging module's lines as AWS's Python runtime does", async () => {
    const out = await invoke("hello", { name: "logs" });
    const lines = linesOf(out.$metadata.requestId);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[INFO\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${out.$metadata.requestId}\\thello logs$`)));
    expect(lines).toContain("printed line");
    expect(lines[0]).toBe(`START RequestId: ${out.$metadata.requestId} Version: $LATEST`);
    expect(lines.at(-1)).toMatch(/^REPORT RequestId: .*\tMax Memory Used: \d+ MB\t$/);
  });

  it("answers a raised exception as {errorMessage, errorType, requestId, stackTrace}", async () => {
    const out = await invoke("fails");
    expect(out.FunctionError).toBe("Unhandled");
    const body = payloadOf(out) as { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] };
    expect(body).toMatchObject({ errorMessage: "bad input from Python", errorType: "ValueError", requestId: out.$metadata.requestId });
    expect(body.stackTrace[0]).toMatch(/^ {2}File ".*app\.py", line \d+, in fails\n {4}raise ValueError\("bad input from Python"\)\n$/);
    expect(linesOf(out.$metadata.requestId)).toContainEqual(expect.stringMatching(/^\[ERROR\] ValueError: bad input from Python\rTraceback \(most recent call last\):\r\u00a0\u00a0File/));
    const report = invocations.find((i) => i.requestId === out.$metadata.requestId);
    expect(report).toMatchObject({ status: "error", error: "ValueError" });
  });

  it("kills the process at the timeout and starts a fresh one", async () => {
    const out = await invoke("slow");
    expect(payloadOf(out)).toEqual({
      errorType: "Sandbox.Timedout",
      errorMessage: `RequestId: ${out.$metadata.requestId} Error: Task timed out after 1.00 seconds`,
    });
    // As on Lambda, the REPORT of a timed-out invocation still shows the memory used (here, since Init).
    const used = /\tMax Memory Used: (\d+) MB\t.*Status: timeout\t$/.exec(linesOf(out.$metadata.requestId).at(-1) ?? "")?.[1];
    expect(Number(used)).toBeGreaterThan(0);
    expect(payloadOf(await invoke("slow", { seconds: 0 }))).toMatchObject({ slept: true });
  });

  it("reports sys.exit as Runtime.ExitError", async () => {
    const out = await invoke("exits");
    expect(payloadOf(out)).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${out.$metadata.requestId} Error: Runtime exited with error: exit status 3`,
    });
  });

  it("fails an answer that is not JSON with Runtime.MarshalError", async () => {
    expect(payloadOf(await invoke("notJson"))).toMatchObject({
      errorType: "Runtime.MarshalError",
      errorMessage: expect.stringMatching(/^Unable to marshal response: Object of type object is not JSON serializable/),
    });
  });

  it("returns the bytes a handler returns as they are (awslambdaric posts bytes unencoded)", async () => {
    const out = await invoke("bytes");
    expect(out.FunctionError).toBeUndefined();
    expect([...(out.Payload ?? [])]).toEqual([0xff, 0x00, 0xfe, 0x41]);
  });

  it("loads a handler in a package directory (pkg/nested.handler)", async () => {
    expect(payloadOf(await invoke("nested"))).toBe("nested ok");
  });

  it("reports init errors as the Python runtime does", async () => {
    expect(payloadOf(await invoke("broken"))).toMatchObject({
      errorType: "Runtime.UserCodeSyntaxError",
      errorMessage: expect.stringMatching(/^Syntax error in module 'broken': .*\(broken\.py, line 1\)$/),
    });
    expect(payloadOf(await invoke("missingModule"))).toEqual({
      errorType: "Runtime.ImportModuleError",
      errorMessage: "Unable to import module 'nope': No module named 'nope'",
      requestId: "",
      stackTrace: [],
    });
    expect(payloadOf(await invoke("missingHandler"))).toMatchObject({
      errorType: "Runtime.HandlerNotFound",
      errorMessage: "Handler 'nope' missing on module 'app'",
    });
  });

  it("imports a layer's modules from <layer>/python, as from /opt/python", async () => {
    expect(payloadOf(await invoke("layered"))).toBe("hello from the layer");
  });

  it.skipIf(!python?.hasBoto3)("lets boto3 reach DynamoDB on the edge through AWS_ENDPOINT_URL", async () => {
    const out = await invoke("dynamodb", { id: "a1" });
    expect(out.FunctionError).toBeUndefined();
    expect(payloadOf(out)).toMatchObject({ item: { id: "a1", n: 7 } });
    expect(items.get("a1")).toEqual({ id: { S: "a1" }, n: { N: "7" } });
  });
});

describe("Python without an interpreter", () => {
  it("refuses to invoke with a message naming the function and what to install", async () => {
    const alone = await startLambda([py("orphan", "app.hello")], { lambda: { python: "/nonexistent/python3" } });
    try {
      await expect(alone.client.send(new InvokeCommand({ FunctionName: "orphan" }))).rejects.toMatchObject({
        name: "InvalidRuntimeException",
        message: expect.stringMatching(/^Function orphan uses python3\.12, but no Python 3 interpreter was found .*apt-get install python3 python3-boto3/),
        $metadata: { httpStatusCode: 502 },
      });
    } finally {
      await alone.close();
    }
  });
});
