import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;

beforeAll(async () => {
  lambda = await startLambda([
    fn("throws", "esm-app", "index.throws"),
    fn("throwsString", "esm-app", "index.throwsString"),
    fn("tsFails", "ts-app", "src/handlers/hello.fails"),
    fn("callbackError", "cjs-app", "index.callbackError"),
    fn("exits", "esm-app", "index.exits"),
    fn("unhandled", "esm-app", "index.unhandled"),
    fn("uncaught", "esm-app", "index.uncaught"),
    fn("throwsLater", "esm-app", "index.throwsLater"),
    // Timeout 1 s; the test wall clock runs 4x fast, so these expire after 250 ms.
    fn("timesOut", "esm-app", "index.slow", { timeoutSeconds: 1 }),
    fn("loops", "esm-app", "index.loops", { timeoutSeconds: 1 }),
    fn("big", "esm-app", "index.big"),
    fn("missingExport", "esm-app", "index.nope"),
    fn("notAFunction", "cjs-app", "index.notAFunction"),
    fn("missingModule", "esm-app", "missing.handler"),
    fn("badHandler", "esm-app", "index"),
    fn("callback24", "cjs-app", "index.handler", { runtime: "nodejs24.x" }),
    fn("async24", "esm-app", "index.nested.handler", { runtime: "nodejs24.x" }),
    fn("reserved", "esm-app", "index.slow", { reservedConcurrency: 1 }),
    fn("java", "esm-app", "index.handler", { runtime: "java21" }),
  ]);
});

afterAll(async () => {
  await lambda?.close();
});

const invoke = (FunctionName: string, event: unknown = {}) =>
  lambda.client.send(new InvokeCommand({ FunctionName, Payload: json(event) }));

describe("Errors thrown by the handler", () => {
  it("returns errorType, errorMessage and trace with X-Amz-Function-Error: Unhandled", async () => {
    const out = await invoke("throws");
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    const body = payloadOf(out) as { errorType: string; errorMessage: string; trace: string[] };
    expect(body.errorType).toBe("Error");
    expect(body.errorMessage).toBe("something broke");
    expect(body.trace[0]).toBe("Error: something broke");
  });

  it("serializes a thrown string as the runtime does", async () => {
    expect(payloadOf(await invoke("throwsString"))).toEqual({ errorType: "string", errorMessage: "just a string", trace: [] });
  });

  it("maps a TypeScript error's stack to the .ts source", async () => {
    const body = payloadOf(await invoke("tsFails")) as { errorType: string; trace: string[] };
    expect(body.errorType).toBe("TypeError");
    expect(body.trace.join("\n")).toMatch(/src\/handlers\/hello\.ts:\d+:\d+/);
  });

  it("returns the error given to callback(err)", async () => {
    const out = await invoke("callbackError");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toMatchObject({ errorType: "Error", errorMessage: "callback failure" });
  });

  it("keeps the environment after a handled error", async () => {
    await invoke("throws");
    const events: boolean[] = [];
    lambda.events.on("invocation", (e) => {
      if (e.functionName === "throws") events.push(e.cold);
    });
    await invoke("throws");
    expect(events).toEqual([false]);
  });
});

describe("Environments that die", () => {
  it("reports process.exit as Runtime.ExitError and starts a fresh environment next time", async () => {
    const out = await invoke("exits");
    expect(out.FunctionError).toBe("Unhandled");
    const body = payloadOf(out) as { errorType: string; errorMessage: string };
    expect(body.errorType).toBe("Runtime.ExitError");
    expect(body.errorMessage).toBe(`RequestId: ${out.$metadata.requestId} Error: Runtime exited with error: exit status 3`);
    expect((payloadOf(await invoke("exits")) as { errorType: string }).errorType).toBe("Runtime.ExitError");
  });

  it("reports an unhandled promise rejection as Runtime.UnhandledPromiseRejection", async () => {
    const body = payloadOf(await invoke("unhandled")) as { errorType: string; errorMessage: string };
    expect(body).toMatchObject({ errorType: "Runtime.UnhandledPromiseRejection", errorMessage: "Error: nobody caught me" });
  });

  it("reports an uncaught exception with the exception itself", async () => {
    expect(payloadOf(await invoke("uncaught"))).toMatchObject({ errorType: "Error", errorMessage: "thrown from a timer" });
  });

  it("replaces an environment that crashes between invocations", async () => {
    const lines: string[] = [];
    lambda.events.on("functionLog", (e) => {
      if (e.functionName === "throwsLater") lines.push(e.line);
    });
    const first = payloadOf(await invoke("throwsLater")) as { environmentId: string };
    await expect.poll(() => lines.some((l) => l.includes("Uncaught Exception") && l.includes("thrown after answering")), { timeout: 5000 }).toBe(true);
    const second = payloadOf(await invoke("throwsLater")) as { environmentId: string };
    expect(second.environmentId).not.toBe(first.environmentId);
  });

  it("times out with Sandbox.Timedout and AWS's message", async () => {
    const out = await invoke("timesOut", { ms: 5000 });
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toEqual({
      errorType: "Sandbox.Timedout",
      errorMessage: `RequestId: ${out.$metadata.requestId} Error: Task timed out after 1.00 seconds`,
    });
    // The environment was discarded; the next call gets a new, working one.
    expect(payloadOf(await invoke("timesOut", { ms: 1 }))).toHaveProperty("environmentId");
  });

  it("stops an infinite loop at the timeout", async () => {
    const started = Date.now();
    const out = await invoke("loops");
    expect((payloadOf(out) as { errorType: string }).errorType).toBe("Sandbox.Timedout");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("never takes the sandbox down", async () => {
    expect(payloadOf(await invoke("throws"))).toMatchObject({ errorMessage: "something broke" });
  });
});

describe("Init errors", () => {
  it("Runtime.HandlerNotFound when the export is missing", async () => {
    const out = await invoke("missingExport");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toMatchObject({ errorType: "Runtime.HandlerNotFound", errorMessage: "index.nope is undefined or not exported" });
  });

  it("Runtime.HandlerNotFound when the export is not a function", async () => {
    expect(payloadOf(await invoke("notAFunction"))).toMatchObject({
      errorType: "Runtime.HandlerNotFound",
      errorMessage: "index.notAFunction is not a function",
    });
  });

  it("Runtime.ImportModuleError when the module does not exist", async () => {
    expect(payloadOf(await invoke("missingModule"))).toMatchObject({
      errorType: "Runtime.ImportModuleError",
      errorMessage: "Error: Cannot find module 'missing'\nRequire stack:\n- /var/runtime/index.mjs",
    });
  });

  it("Runtime.MalformedHandlerName for a handler without a function name", async () => {
    expect(payloadOf(await invoke("badHandler"))).toMatchObject({ errorType: "Runtime.MalformedHandlerName", errorMessage: "Bad handler" });
  });

  it("nodejs24.x refuses callback handlers but runs async ones", async () => {
    expect(payloadOf(await invoke("callback24"))).toMatchObject({ errorType: "Runtime.CallbackHandlerDeprecated" });
    expect(payloadOf(await invoke("async24"))).toBe("nested ok");
  });
});

describe("Limits", () => {
  it("fails a response over 6 MB with Function.ResponseSizeTooLarge", async () => {
    const out = await invoke("big");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toEqual({
      errorType: "Function.ResponseSizeTooLarge",
      errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
    });
  });

  it("throttles beyond the reserved concurrency", async () => {
    const results = await Promise.allSettled([invoke("reserved", { ms: 100 }), invoke("reserved", { ms: 100 })]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatchObject({ name: "TooManyRequestsException", message: "Rate Exceeded.", $metadata: { httpStatusCode: 429 } });
  });

  it("refuses runtimes it cannot run (Java, .NET, Ruby) with InvalidRuntimeException", async () => {
    await expect(invoke("java")).rejects.toMatchObject({
      name: "InvalidRuntimeException",
      message: expect.stringContaining("The runtime parameter of java21 is not supported by the sandbox"),
      $metadata: { httpStatusCode: 502 },
    });
  });
});
