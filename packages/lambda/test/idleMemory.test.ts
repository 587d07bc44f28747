import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;

beforeAll(async () => {
  lambda = await startLambda([fn("heap", "esm-app", "heap.handler", { memorySizeMb: 512 })]);
});

afterAll(async () => {
  await lambda?.close();
});

const heap = async (allocate: number) =>
  (payloadOf(await lambda.client.send(new InvokeCommand({ FunctionName: "heap", Payload: json({ allocate }) }))) as { totalHeapSize: number }).totalHeapSize;

describe("an idle execution environment", () => {
  // Real time: the environment's own watcher looks every 0.5 s and releases after 2 s without an invocation.
  it("gives back the young generation a burst of invocations grew, once they stop", { timeout: 20_000 }, async () => {
    let grown = 0;
    for (let i = 0; i < 40; i++) grown = Math.max(grown, await heap(20_000));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const after = await heap(0);
    expect(after).toBeLessThan(grown);
  });
});
