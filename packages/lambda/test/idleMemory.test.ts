import { Session } from "node:inspector/promises";
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

/**
 * Reads the heap of the function's environment (a worker thread of this process) through the
 * inspector, as a debugger would: no invocation, so the environment stays idle while it is watched.
 */
async function watchEnvironmentHeap(): Promise<{ heapTotal: () => Promise<number>; close: () => void }> {
  const session = new Session();
  session.connect();
  const workers: string[] = [];
  // The function's environment only: a process running other tests may have other workers.
  session.on("NodeWorker.attachedToWorker", (m) => {
    if (m.params.workerInfo.title.includes("lambda:heap")) workers.push(m.params.sessionId);
  });
  const replies = new Map<number, (result: { result: { value: number } }) => void>();
  session.on("NodeWorker.receivedMessageFromWorker", (m) => {
    const reply = JSON.parse(m.params.message) as { id?: number; result?: { result: { value: number } } };
    if (reply.id !== undefined && reply.result) replies.get(reply.id)?.(reply.result);
  });
  await session.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
  expect(workers).toHaveLength(1);
  let id = 0;
  const heapTotal = () =>
    new Promise<number>((resolve) => {
      const n = ++id;
      replies.set(n, (r) => resolve(r.result.value));
      const message = JSON.stringify({ id: n, method: "Runtime.evaluate", params: { expression: "process.memoryUsage().heapTotal", returnByValue: true } });
      void session.post("NodeWorker.sendMessageToWorker", { sessionId: workers[0], message });
    });
  return { heapTotal, close: () => session.disconnect() };
}

describe("an idle execution environment", () => {
  // Real time: the environment's own watcher looks every 0.5 s and releases after 2 s without an
  // invocation. The test waits for that release itself (a fixed sleep raced the watcher under load).
  it("gives back the young generation a burst of invocations grew, once they stop", { timeout: 60_000 }, async () => {
    let grown = 0;
    for (let i = 0; i < 40; i++) grown = Math.max(grown, await heap(20_000));
    const environment = await watchEnvironmentHeap();
    try {
      await expect.poll(() => environment.heapTotal(), { timeout: 30_000, interval: 100 }).toBeLessThan(grown);
    } finally {
      environment.close();
    }
    const after = await heap(0);
    expect(after).toBeLessThan(grown);
  });
});
