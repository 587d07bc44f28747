import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand, TooManyRequestsException } from "@aws-sdk/client-lambda";
import type { SandboxEvents } from "@sam-sandbox/core";
import { fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const invocations: SandboxEvents["invocation"][0][] = [];

// An account limit of 3, one function reserving 2 of it: the others share 1.
beforeAll(async () => {
  lambda = await startLambda(
    [
      fn("reserved", "esm-app", "index.slow", { reservedConcurrency: 2 }),
      fn("shared", "esm-app", "index.slow"),
      fn("sharedToo", "esm-app", "index.slow"),
      fn("hog", "esm-app", "index.hog", { memorySizeMb: 64 }),
    ],
    { lambda: { concurrencyLimit: 4 } },
  );
  lambda.events.on("invocation", (e) => invocations.push(e));
});

afterAll(async () => {
  await lambda?.close();
});

const invoke = (FunctionName: string, event: unknown = {}) => lambda.client.send(new InvokeCommand({ FunctionName, Payload: json(event) }));

function throttled(results: PromiseSettledResult<unknown>[]): TooManyRequestsException[] {
  return results.flatMap((r) => (r.status === "rejected" ? [r.reason as TooManyRequestsException] : []));
}

describe("Concurrency", () => {
  it("throttles a function at its ReservedConcurrentExecutions with Reason ReservedFunctionConcurrentInvocationLimitExceeded", async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => invoke("reserved", { ms: 150 })));
    const rejected = throttled(results);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(TooManyRequestsException);
    expect(rejected[0]).toMatchObject({
      message: "Rate Exceeded.",
      Reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
      $metadata: { httpStatusCode: 429 },
    });
  });

  it("shares the account's unreserved concurrency (limit less reservations) among the other functions", async () => {
    // 4 - 2 reserved = 2 for shared and sharedToo together.
    const results = await Promise.allSettled([invoke("shared", { ms: 150 }), invoke("sharedToo", { ms: 150 }), invoke("shared", { ms: 150 })]);
    const rejected = throttled(results);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ message: "Rate Exceeded.", Reason: "ConcurrentInvocationLimitExceeded" });
  });

  it("queues asynchronous invocations instead of throttling them", async () => {
    const before = invocations.filter((i) => i.functionName === "shared").length;
    const accepted = await Promise.all([1, 2, 3].map(() => lambda.client.send(new InvokeCommand({ FunctionName: "shared", InvocationType: "Event", Payload: json({ ms: 50 }) }))));
    expect(accepted.map((a) => a.StatusCode)).toEqual([202, 202, 202]);
    await expect.poll(() => invocations.filter((i) => i.functionName === "shared").length - before, { timeout: 5000 }).toBe(3);
  });
});

describe("MemorySize", () => {
  it("stops an environment that outgrows its memory with Runtime.OutOfMemory, as Lambda does", async () => {
    const out = await invoke("hog");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toEqual({
      errorType: "Runtime.OutOfMemory",
      errorMessage: `RequestId: ${out.$metadata.requestId} Error: Runtime exited with error: signal: killed`,
    });
    expect(invocations.find((i) => i.requestId === out.$metadata.requestId)).toMatchObject({ status: "error", error: "Runtime.OutOfMemory" });
  });
});
