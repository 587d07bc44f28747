/**
 * The Lambda Runtime API as AWS serves it to custom runtimes (provided.al2023), checked with a
 * raw runtime client (fixtures/runtime-api-app/bootstrap) through the SDK's Invoke, and the
 * behaviours AWS's Node.js runtime interface client (aws-lambda-ric) relies on. Texts and
 * statuses: Lambda developer guide "Using the Lambda runtime API for custom runtimes" and
 * AWS's runtime interface emulator (internal/lambda/rapi: router.go, middleware.go,
 * handler/invocationresponse.go, invocationerror.go, initerror.go, core/states.go).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { RuntimeApi, type RuntimeApiEvents } from "../src/engine/runtimeApi.js";
import { FIXTURES, fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const markers = mkdtempSync(join(tmpdir(), "sandbox-runtime-api-"));
const lines: { functionName: string; line: string }[] = [];
const listeners: (() => void)[] = [];

const raw = (name: string, extra = {}) => fn(name, "runtime-api-app", name, { runtime: "provided.al2023", ...extra });

beforeAll(async () => {
  lambda = await startLambda([
    raw("states"),
    raw("badMode"),
    raw("context", { timeoutSeconds: 20, memorySizeMb: 256, layerDirs: [`${FIXTURES}python-layer`] }),
    raw("large"),
    raw("oneShot"),
    raw("bytes"),
    raw("slowInit", { timeoutSeconds: 30, environment: { INIT_MARKER: join(markers, "slowInit") } }),
  ]);
  lambda.events.on("functionLog", (e) => {
    lines.push({ functionName: e.functionName, line: e.line });
    for (const listener of listeners) listener();
  });
});

afterAll(async () => {
  await lambda?.close();
  rmSync(markers, { recursive: true, force: true });
});

const invoke = (FunctionName: string, event: unknown = {}, ClientContext?: string) =>
  lambda.client.send(new InvokeCommand({ FunctionName, Payload: json(event), ClientContext, LogType: "Tail" }));

/** Resolves when the function has printed `text`. */
function printed(functionName: string, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (lines.some((l) => l.functionName === functionName && l.line === text)) resolve();
    };
    listeners.push(check);
    check();
  });
}

const forbidden = (from: string, to: string) => ({
  status: 403,
  contentType: "application/json",
  body: JSON.stringify({ errorMessage: `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`, errorType: "InvalidStateTransition" }),
});
const invalidRequestId = { status: 400, contentType: "application/json", body: JSON.stringify({ errorMessage: "Invalid request ID", errorType: "InvalidRequestID" }) };

describe("the Runtime API's answers to a custom runtime", () => {
  let records: Record<string, unknown>;

  beforeAll(async () => {
    const first = await invoke("states");
    expect(payloadOf(first)).toBe("first");
    await printed("states", "probed");
    records = payloadOf(await invoke("states")) as Record<string, unknown>;
  });

  it("accepts the current invocation's response with 202 {status: OK}", () => {
    expect(records.response).toEqual({ status: 202, contentType: "application/json", body: JSON.stringify({ status: "OK" }) });
  });

  it("refuses an id that is not the current invocation's with 400 InvalidRequestID, before the first event too", () => {
    expect(records.beforeNext).toEqual(invalidRequestId);
    expect(records.otherId).toEqual(invalidRequestId);
    // The previous invocation's id once the next one runs.
    expect(records.lateWhileRunning).toEqual(invalidRequestId);
  });

  it("refuses a second answer to the same invocation with 403 InvalidStateTransition", () => {
    expect(records.secondResponse).toEqual(forbidden("RuntimeResponseSentState", "InvocationResponse"));
    expect(records.errorAfterResponse).toEqual(forbidden("RuntimeResponseSentState", "InvocationErrorResponse"));
  });

  it("refuses a late answer while the runtime waits for the next event, naming state Ready", () => {
    // As AWS answered the Node.js runtime's late post (DataDog/datadog-lambda-extension#899).
    expect(records.lateWhileReady).toEqual(forbidden("Ready", "InvocationErrorResponse"));
  });

  it("refuses /runtime/init/error once the runtime has asked for an event", () => {
    expect(records.initErrorAfterInit).toEqual(forbidden("RuntimeResponseSentState", "InitError"));
  });

  it("hands the running invocation's event again to a second /next", () => {
    expect(records.nextWhileRunning).toEqual({ sameId: true, event: "{}" });
  });

  it("answers paths it does not serve as Go's router does: 404 page not found, 405 for another method", () => {
    expect(records.unknownPath).toEqual({ status: 404, contentType: "text/plain; charset=utf-8", body: "404 page not found\n" });
    expect(records.wrongMethod).toMatchObject({ status: 405, body: "" });
    expect(records.ping).toMatchObject({ status: 200, body: "pong" });
  });

  it("sends the event with its headers, only those that have a value", () => {
    const headers = records.firstHeaders as Record<string, string>;
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["lambda-runtime-invoked-function-arn"]).toBe("arn:aws:lambda:us-east-1:000000000000:function:states");
    expect(headers["lambda-runtime-trace-id"]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(headers["lambda-runtime-client-context"]).toBeUndefined();
    expect(headers["lambda-runtime-cognito-identity"]).toBeUndefined();
  });
});

describe("what the caller gets", () => {
  it("fails the invocation with Runtime.InvalidResponseModeHeader and no payload for an unknown response mode, and resets the environment", async () => {
    const out = await invoke("badMode");
    expect(out.FunctionError).toBe("Unhandled");
    expect(out.Payload?.length ?? 0).toBe(0);
    expect(Buffer.from(out.LogResult ?? "", "base64").toString()).toMatch(/Status: error\tError Type: Runtime.InvalidResponseModeHeader/);
    // A fresh environment (an Init Duration) for the next one.
    const again = await invoke("badMode");
    expect(Buffer.from(again.LogResult ?? "", "base64").toString()).toMatch(/Init Duration/);
  });

  it("runs an invocation in a fresh environment when the runtime exits after its last answer instead of asking for the next event", async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const out = await invoke("oneShot");
      expect(out.FunctionError).toBeUndefined();
      expect(Buffer.from(out.LogResult ?? "", "base64").toString()).toMatch(/^START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: .*Init Duration/);
      pids.add((payloadOf(out) as { pid: number }).pid);
    }
    expect(pids.size).toBe(3);
  });

  it("returns the bytes the runtime posted as they are, UTF-8 or not", async () => {
    const out = await invoke("bytes");
    expect(out.FunctionError).toBeUndefined();
    expect([...(out.Payload ?? [])]).toEqual([0xff, 0x00, 0xfe, 0x80, 0x41]);
  });

  it("starts the runtime again within the first invocation when the Init phase runs past 10 seconds, bounded by the function's timeout", async () => {
    const out = await invoke("slowInit");
    expect(out.FunctionError).toBeUndefined();
    const body = payloadOf(out) as { pid: number; first: boolean };
    // The second runtime answered: the first, still initializing, was stopped.
    expect(body.first).toBe(false);
    expect(body.pid).not.toBe(Number(readFileSync(join(markers, "slowInit"), "utf8")));
    expect(lines.filter((l) => l.functionName === "slowInit").map((l) => l.line)).toContainEqual(expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d{2} ms\tPhase: init\tStatus: timeout$/));
    // Warm afterwards.
    expect((payloadOf(await invoke("slowInit")) as { pid: number }).pid).toBe(body.pid);
  });

  it("answers a response over 6 MB with 413 RequestEntityTooLarge to the runtime and Function.ResponseSizeTooLarge to the caller", async () => {
    const out = await invoke("large");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toEqual({ errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).", errorType: "Function.ResponseSizeTooLarge" });
    // The runtime carries on: its next invocation answers what it heard.
    expect(payloadOf(await invoke("large"))).toEqual({
      status: 413,
      contentType: "application/json",
      body: JSON.stringify({ errorMessage: "Exceeded maximum allowed payload size (6291556 bytes).", errorType: "RequestEntityTooLarge" }),
    });
  });
});

describe("what a custom runtime builds its context from", () => {
  it("gives the deadline, ARN, request id and the client context as JSON (aws-lambda-ric's awsRequestId, invokedFunctionArn, getRemainingTimeInMillis, clientContext)", async () => {
    const clientContext = { custom: { a: 1 }, env: { locale: "en" }, client: { installation_id: "i-1" } };
    const out = await invoke("context", { n: 1 }, Buffer.from(JSON.stringify(clientContext)).toString("base64"));
    const body = payloadOf(out) as { headers: Record<string, string>; event: unknown; now: number };
    expect(body.event).toEqual({ n: 1 });
    expect(body.headers["lambda-runtime-aws-request-id"]).toBe(out.$metadata.requestId);
    expect(body.headers["lambda-runtime-invoked-function-arn"]).toBe("arn:aws:lambda:us-east-1:000000000000:function:context");
    expect(JSON.parse(body.headers["lambda-runtime-client-context"])).toEqual(clientContext);
    const remaining = Number(body.headers["lambda-runtime-deadline-ms"]) - body.now;
    expect(remaining).toBeGreaterThan(15_000);
    expect(remaining).toBeLessThanOrEqual(20_000);
  });

  it("sets Lambda's variables for an OS-only runtime, without AWS_EXECUTION_ENV", async () => {
    const { env } = payloadOf(await invoke("context")) as { env: Record<string, string> };
    // "Not defined for OS-only runtimes (the provided family)" (Defined runtime environment variables).
    expect(env.AWS_EXECUTION_ENV).toBeUndefined();
    expect(env).toMatchObject({
      _HANDLER: "context",
      AWS_LAMBDA_FUNCTION_NAME: "context",
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
      AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/context",
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
      TZ: ":UTC",
      LANG: "en_US.UTF-8",
    });
    expect(env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env.LAMBDA_TASK_ROOT).toMatch(/runtime-api-app$/);
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    // The layer stands for /opt: its bin ends PATH, its lib ends LD_LIBRARY_PATH after the task root's.
    expect(env.PATH.split(":").at(-1)).toBe(`${FIXTURES}python-layer/bin`);
    expect(env.LD_LIBRARY_PATH.split(":").slice(-3)).toEqual([env.LAMBDA_TASK_ROOT, `${env.LAMBDA_TASK_ROOT}/lib`, `${FIXTURES}python-layer/lib`]);
  });
});

describe("RuntimeApi", () => {
  const events = (): RuntimeApiEvents & { modes: string[] } => {
    const modes: string[] = [];
    return { modes, initDone() {}, taken() {}, initError() {}, response() {}, chunk() {}, error() {}, tooLarge() {}, invalidResponseMode: (id) => void modes.push(id) };
  };

  it("answers a response mode other than streaming with 400 InvalidFunctionResponseMode, then refuses /next", async () => {
    const heard = events();
    const api = new RuntimeApi(heard);
    const base = `http://${await api.listen()}/2018-06-01/runtime`;
    try {
      api.deliver({ requestId: "r-1", event: "{}", deadlineMs: 0, invokedFunctionArn: "arn", traceHeader: "Root=1-0-0" });
      await (await fetch(`${base}/invocation/next`)).text();
      const res = await fetch(`${base}/invocation/r-1/response`, { method: "POST", body: "{}", headers: { "Lambda-Runtime-Function-Response-Mode": "buffered" } });
      expect([res.status, await res.json()]).toEqual([400, { errorMessage: "Invalid function response mode", errorType: "InvalidFunctionResponseMode" }]);
      expect(heard.modes).toEqual(["r-1"]);
      const next = await fetch(`${base}/invocation/next`);
      expect([next.status, await next.json()]).toEqual([
        403,
        { errorMessage: "State transition from InvocationResponse to Ready failed for runtime. Error: State transition is not allowed", errorType: "InvalidStateTransition" },
      ]);
    } finally {
      api.close();
    }
  });
});
