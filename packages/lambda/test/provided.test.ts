import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const empty = mkdtempSync(join(tmpdir(), "sandbox-provided-empty-"));
const lines: string[] = [];

const provided = (name: string, handler: string, app = "provided-app") => fn(name, app, handler, { runtime: "provided.al2023" });

beforeAll(async () => {
  lambda = await startLambda([provided("echo", "echo"), provided("fail", "fail"), provided("noHandler", "nope"), provided("noBootstrap", "x", empty)]);
  lambda.events.on("functionLog", (e) => lines.push(e.line));
});

afterAll(async () => {
  await lambda?.close();
  rmSync(empty, { recursive: true, force: true });
});

const invoke = (FunctionName: string, event: unknown = {}, ClientContext?: string) =>
  lambda.client.send(new InvokeCommand({ FunctionName, Payload: json(event), ClientContext }));

describe("provided.al2023: the function's bootstrap behind the Lambda Runtime API", () => {
  it("delivers the event with the Runtime API's headers and returns the posted response", async () => {
    const context = Buffer.from(JSON.stringify({ custom: { a: 1 } })).toString("base64");
    const started = Date.now();
    const out = await invoke("echo", { n: 1 }, context);
    expect(out.FunctionError).toBeUndefined();
    const body = payloadOf(out) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: { n: 1 },
      handler: "echo",
      taskRoot: expect.stringMatching(/provided-app$/),
      cwd: expect.stringMatching(/provided-app$/),
      requestId: out.$metadata.requestId,
      arn: "arn:aws:lambda:us-east-1:000000000000:function:echo",
      clientContext: JSON.stringify({ custom: { a: 1 } }),
    });
    expect(body.deadline).toBeGreaterThan(started);
    expect(String(body.trace)).toMatch(/^Root=1-/);
    expect(lines).toContain(`handling ${out.$metadata.requestId}`);
  });

  it("keeps the process warm between invocations", async () => {
    const first = payloadOf(await invoke("echo")) as { pid: number };
    const second = payloadOf(await invoke("echo")) as { pid: number };
    expect(second.pid).toBe(first.pid);
  });

  it("returns the error document the runtime posted, with X-Amz-Function-Error", async () => {
    const out = await invoke("fail");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toEqual({ errorType: "Error", errorMessage: "custom runtime failure", stackTrace: [] });
  });

  it("returns an init error posted to /runtime/init/error", async () => {
    const out = await invoke("noHandler");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toEqual({ errorType: "Runtime.NoSuchHandler", errorMessage: "no handler nope" });
  });

  it("fails with Runtime.InvalidEntrypoint when there is no bootstrap", async () => {
    const out = await invoke("noBootstrap");
    expect(payloadOf(out)).toEqual({
      errorType: "Runtime.InvalidEntrypoint",
      errorMessage: `RequestId: ${out.$metadata.requestId} Error: Couldn't find valid bootstrap(s): [${join(empty, "bootstrap")}]`,
    });
  });
});
