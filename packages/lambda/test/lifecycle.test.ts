import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import type { SandboxEvents } from "@sam-sandbox/core";
import { fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const invocations: SandboxEvents["invocation"][0][] = [];

beforeAll(async () => {
  lambda = await startLambda([fn("hello", "ts-app", "src/handlers/hello.handler"), fn("flaky", "esm-app", "index.throws")]);
  lambda.events.on("invocation", (e) => invocations.push(e));
});

afterAll(async () => {
  await lambda?.close();
});

const invoke = async (FunctionName: string) =>
  payloadOf(await lambda.client.send(new InvokeCommand({ FunctionName, Payload: json({}) }))) as { environmentId: string };
const coldStarts = () => invocations.filter((i) => i.functionName === "hello").map((i) => i.cold);

describe("Execution environment lifecycle", () => {
  it("keeps an idle environment warm, then reclaims it after 10 minutes of the sandbox clock", async () => {
    const first = await invoke("hello");
    await lambda.clock.advance(9 * 60_000);
    expect((await invoke("hello")).environmentId).toBe(first.environmentId);
    await lambda.clock.advance(10 * 60_000);
    expect((await invoke("hello")).environmentId).not.toBe(first.environmentId);
    expect(coldStarts()).toEqual([true, false, true]);
  });

  it("starts fresh environments after reload()", async () => {
    const before = await invoke("hello");
    lambda.runtime.reload(["hello"]);
    expect((await invoke("hello")).environmentId).not.toBe(before.environmentId);
  });

  it("retries a failed asynchronous invocation twice, 1 and 2 minutes later", async () => {
    const attempts = () => invocations.filter((i) => i.functionName === "flaky");
    await lambda.client.send(new InvokeCommand({ FunctionName: "flaky", InvocationType: "Event", Payload: json({}) }));
    await expect.poll(() => attempts().length, { timeout: 5000 }).toBe(1);
    await lambda.clock.advance(60_000);
    await expect.poll(() => attempts().length, { timeout: 5000 }).toBe(2);
    await lambda.clock.advance(120_000);
    await expect.poll(() => attempts().length, { timeout: 5000 }).toBe(3);
    await lambda.clock.advance(10 * 60_000);
    expect(attempts()).toHaveLength(3);
    // Retries keep the request id, as Lambda's do.
    expect(new Set(attempts().map((a) => a.requestId)).size).toBe(1);
  });
});
