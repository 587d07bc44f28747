import { describe, expect, it } from "vitest";
import { deliverStreamBatch, STREAM_BATCH_PROBLEM, type LambdaInvokeRequest, type StreamBatchHooks, type StreamBatchItem } from "../src/index.js";
import { silentLogger } from "../src/logger.js";

const items = (...ids: string[]): StreamBatchItem[] => ids.map((id) => ({ id, json: JSON.stringify({ id }) }));

/** Hooks around a function that answers each batch (ids) with `respond`; records what happened. */
function run(respond: (ids: string[]) => { functionError?: string; payload?: unknown }, settings: Partial<ReturnType<StreamBatchHooks<StreamBatchItem>["settings"]>> = {}) {
  const log = { invoked: [] as string[][], handled: [] as string[], exhausted: [] as Array<{ ids: string[]; attempts: number }>, slept: [] as number[], processed: [] as string[] };
  const hooks: StreamBatchHooks<StreamBatchItem> = {
    source: "test",
    logger: silentLogger,
    invoker: {
      invoke: async (request: LambdaInvokeRequest) => {
        const ids = (JSON.parse(request.payload.toString()) as { Records: Array<{ id: string }> }).Records.map((r) => r.id);
        log.invoked.push(ids);
        const answer = respond(ids);
        return { statusCode: 200, executedVersion: "$LATEST", payload: Buffer.from(JSON.stringify(answer.payload ?? null)), ...(answer.functionError ? { functionError: answer.functionError } : {}) };
      },
    },
    settings: () => ({ functionName: "fn", maximumRetryAttempts: -1, bisectBatchOnFunctionError: false, functionResponseTypes: [], ...settings }),
    stopped: () => false,
    unexpired: (chunk) => chunk,
    handled: async (last) => void log.handled.push(last.id),
    exhausted: (chunk, attempts) => void log.exhausted.push({ ids: chunk.map((c) => c.id), attempts }),
    sleep: async (ms) => void log.slept.push(ms),
    processed: (result) => void log.processed.push(result),
  };
  return { hooks, log };
}

describe("deliverStreamBatch", () => {
  it("retries a failing batch with exponential back-off, then gives it up after MaximumRetryAttempts", async () => {
    const { hooks, log } = run(() => ({ functionError: "Unhandled" }), { maximumRetryAttempts: 2 });
    await deliverStreamBatch(items("1", "2"), hooks);
    expect(log.invoked).toEqual([["1", "2"], ["1", "2"], ["1", "2"]]);
    expect(log.slept).toEqual([1000, 2000]);
    expect(log.exhausted).toEqual([{ ids: ["1", "2"], attempts: 3 }]);
    expect(log.handled).toEqual(["2"]);
    expect(log.processed).toEqual([STREAM_BATCH_PROBLEM, STREAM_BATCH_PROBLEM, STREAM_BATCH_PROBLEM]);
  });

  it("bisects a failing batch without counting a retry", async () => {
    const { hooks, log } = run((ids) => (ids.includes("2") ? { functionError: "Unhandled" } : {}), { maximumRetryAttempts: 0, bisectBatchOnFunctionError: true });
    await deliverStreamBatch(items("1", "2", "3", "4"), hooks);
    expect(log.invoked).toEqual([["1", "2", "3", "4"], ["1", "2"], ["1"], ["2"], ["3", "4"]]);
    expect(log.exhausted).toEqual([{ ids: ["2"], attempts: 1 }]);
    expect(log.handled).toEqual(["1", "2", "4"]);
  });

  it("a partial batch response retries from the first failed record; an unknown identifier fails the whole batch", async () => {
    let calls = 0;
    const { hooks, log } = run(() => {
      calls++;
      if (calls === 1) return { payload: { batchItemFailures: [{ itemIdentifier: "3" }, { itemIdentifier: "2" }] } };
      if (calls === 2) return { payload: { batchItemFailures: [{ itemIdentifier: "nope" }] } };
      return { payload: { batchItemFailures: [] } };
    }, { functionResponseTypes: ["ReportBatchItemFailures"] });
    await deliverStreamBatch(items("1", "2", "3"), hooks);
    expect(log.invoked).toEqual([["1", "2", "3"], ["2", "3"], ["2", "3"]]);
    expect(log.handled).toEqual(["1", "3"]);
  });
});
