import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { fn, json, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const lines: Array<{ requestId?: string; line: string }> = [];

beforeAll(async () => {
  lambda = await startLambda([
    fn("jsonHello", "ts-app", "src/handlers/hello.handler", { logFormat: "JSON" }),
    fn("jsonThrows", "esm-app", "index.throws", { logFormat: "JSON", memorySizeMb: 256 }),
    fn("jsonTimesOut", "esm-app", "index.slow", { logFormat: "JSON", timeoutSeconds: 1 }),
    fn("textHello", "ts-app", "src/handlers/hello.handler"),
  ]);
  lambda.events.on("functionLog", (e) => lines.push({ requestId: e.requestId, line: e.line }));
});

afterAll(async () => {
  await lambda?.close();
});

interface PlatformRecord {
  time: string;
  type: string;
  record: Record<string, unknown> & { metrics?: Record<string, number> };
}

/** The platform records of one invocation (its own JSON log lines are left out). */
function recordsOf(requestId: string | undefined): PlatformRecord[] {
  return lines
    .filter((l) => l.requestId === requestId && l.line.startsWith('{"time"'))
    .map((l) => JSON.parse(l.line) as PlatformRecord)
    .filter((r) => r.type?.startsWith("platform."));
}

async function invoke(FunctionName: string, payload: unknown = {}) {
  const out = await lambda.client.send(new InvokeCommand({ FunctionName, Payload: json(payload) }));
  return String(out.$metadata.requestId);
}

describe("LogFormat JSON platform records", () => {
  it("writes platform.initStart, initRuntimeDone, initReport, start, runtimeDone and report on a cold start", async () => {
    const requestId = await invoke("jsonHello");
    const records = recordsOf(requestId);
    expect(records.map((r) => r.type)).toEqual([
      "platform.initStart",
      "platform.initRuntimeDone",
      "platform.initReport",
      "platform.start",
      "platform.runtimeDone",
      "platform.report",
    ]);
    for (const r of records) expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(records[0].record).toEqual({
      initializationType: "on-demand",
      phase: "init",
      runtimeVersion: expect.stringMatching(/^nodejs:20\.v\d+$/),
      runtimeVersionArn: expect.stringMatching(/^arn:aws:lambda:us-east-1::runtime:/),
      functionName: "jsonHello",
      functionVersion: "$LATEST",
    });
    expect(records[1].record).toEqual({ initializationType: "on-demand", phase: "init", status: "success" });
    expect(records[2].record).toEqual({ initializationType: "on-demand", phase: "init", status: "success", metrics: { durationMs: expect.any(Number) } });
    expect(records[3].record).toEqual({ requestId, version: "$LATEST" });
    expect(records[4].record).toEqual({ requestId, status: "success", metrics: { durationMs: expect.any(Number), producedBytes: expect.any(Number) } });
    const report = records[5].record;
    expect(report).toEqual({
      requestId,
      status: "success",
      metrics: {
        durationMs: expect.any(Number),
        billedDurationMs: expect.any(Number),
        memorySizeMB: 128,
        maxMemoryUsedMB: expect.any(Number),
        initDurationMs: expect.any(Number),
      },
    });
    const m = report.metrics ?? {};
    // Since August 2025 the Init phase is billed: Billed Duration covers Init Duration + Duration, rounded up.
    expect(m.billedDurationMs).toBe(Math.max(1, Math.ceil(m.durationMs + m.initDurationMs)));
    expect(m.initDurationMs).toBe(records[2].record.metrics?.durationMs);
    expect(Number.isInteger(m.maxMemoryUsedMB)).toBe(true);
    expect(String(m.durationMs)).toMatch(/^\d+(\.\d{1,3})?$/);
  });

  it("writes only start, runtimeDone and report on a warm invocation, billed without Init", async () => {
    const requestId = await invoke("jsonHello");
    const records = recordsOf(requestId);
    expect(records.map((r) => r.type)).toEqual(["platform.start", "platform.runtimeDone", "platform.report"]);
    const m = records[2].record.metrics ?? {};
    expect(m.initDurationMs).toBeUndefined();
    expect(m.billedDurationMs).toBe(Math.max(1, Math.ceil(m.durationMs)));
  });

  it("reports the function's MemorySize and the bytes of an error response", async () => {
    const requestId = await invoke("jsonThrows");
    const records = recordsOf(requestId);
    const done = records.find((r) => r.type === "platform.runtimeDone")?.record;
    expect(done?.metrics?.producedBytes).toBeGreaterThan(0);
    expect(records.find((r) => r.type === "platform.report")?.record).toMatchObject({ requestId, metrics: { memorySizeMB: 256 } });
  });

  it("reports a timeout with status timeout", async () => {
    const requestId = await invoke("jsonTimesOut", { ms: 5000 });
    const report = recordsOf(requestId).find((r) => r.type === "platform.report");
    expect(report?.record).toMatchObject({ requestId, status: "timeout" });
    expect(report?.record.errorType).toBeUndefined();
  });
});

describe("Text REPORT line", () => {
  it("bills a cold start's Init Duration with its Duration", async () => {
    const requestId = await invoke("textHello");
    const report = lines.filter((l) => l.requestId === requestId).at(-1)?.line ?? "";
    const m = /Duration: ([\d.]+) ms\tBilled Duration: (\d+) ms\t.*Init Duration: ([\d.]+) ms/.exec(report);
    expect(m).not.toBeNull();
    const [duration, billed, init] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    // The line shows two decimals; the bill is computed from the exact durations.
    expect(billed).toBeGreaterThanOrEqual(Math.ceil(duration + init - 0.01));
    expect(billed).toBeLessThanOrEqual(Math.ceil(duration + init + 0.01));
  });
});
