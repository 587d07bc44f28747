import { beforeAll, describe, expect, it } from "vitest";
import { MemoryStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
import { createXRay, renderTraceList, renderWaterfall, type XRay } from "../src/index.js";
import { NOW, at, sampleDocuments, segId, traceIdFor } from "./helpers.js";

describe("terminal rendering", () => {
  let xray: XRay;

  beforeAll(async () => {
    xray = await createXRay({ store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
    const out = await xray.service.handle({
      method: "POST",
      path: "/TraceSegments",
      rawQuery: "",
      headers: {},
      body: Buffer.from(JSON.stringify({ TraceSegmentDocuments: sampleDocuments() })),
    });
    expect(out.status).toBe(200);
  });

  const trace = (n: number) => {
    const found = xray.traces.trace(traceIdFor(n));
    if (found === undefined) throw new Error(`trace ${n} missing`);
    return found;
  };

  it("draws a waterfall: one line per (sub)segment, indented by caller, bars placed in time", () => {
    expect(renderWaterfall(trace(1), { width: 100 }).split("\n")).toEqual([
      "Trace 1-6b06cdc0-000000000000000000000001  ·  250.0 ms  ·  GET http://127.0.0.1:3000/orders → 200",
      "                                         0                              250.0 ms",
      "api/prod (ApiGateway::Stage)             ███████████████████████████████████████   250.0 ms 200",
      "  createOrder (Lambda::Function)          ████████████████████████████████         200.0 ms",
      "    Invocation                              ████████████████████████████           180.0 ms",
      "      DynamoDB PutItem                          ███                                 12.0 ms 200",
      "        DynamoDB (DynamoDB::Table, infe…        ███                                 12.0 ms 200",
    ]);
  });

  it("shows faults and fits the width asked for", () => {
    const lines = renderWaterfall(trace(2), { width: 60 }).split("\n");
    expect(lines[0]).toBe("Trace 1-6b06cdc0-000000000000000000000002  ·  1.60 s  ·  POST http://127.0.0.1:3000/orders → 502");
    expect(lines.slice(1).every((line) => [...line].length <= 60)).toBe(true);
    expect(lines.slice(2)).toEqual([
      "api/prod (ApiGateway::S… ███████████████     1.60 s 502",
      "  createOrder (Lambda::… ███████████████     1.50 s fault",
    ]);
  });

  it("colors by outcome when asked", () => {
    const colored = renderWaterfall(trace(2), { width: 80, color: true });
    expect(colored).toContain("\x1b[31m502\x1b[39m");
    expect(colored).toContain("\x1b[31mfault\x1b[39m");
    expect(renderWaterfall(trace(3), { color: true })).toContain("\x1b[33m404\x1b[39m");
    expect(renderWaterfall(trace(1))).not.toContain("\x1b[");
  });

  it("marks segments still in progress", async () => {
    const t = traceIdFor(77);
    await xray.traces.put([
      { id: segId(0x71), trace_id: t, name: "slow", start_time: at(0), end_time: at(1) },
      { id: segId(0x72), trace_id: t, parent_id: segId(0x71), name: "pending", start_time: at(0.5), in_progress: true },
    ]);
    const lines = renderWaterfall(trace(77), { width: 50 }).split("\n");
    expect(lines.slice(2)).toEqual(["slow         █████████████████     1.00 s", "  pending            ░░░░░░░░░          …"]);
    expect(lines.slice(1).every((line) => [...line].length <= 50)).toBe(true);
  });

  it("lists trace summaries one per line", () => {
    const list = renderTraceList([1, 2, 3].map((n) => xray.traces.summary(traceIdFor(n)) ?? { Id: "?" }));
    expect(list.split("\n")).toEqual([
      "1-6b06cdc0-000000000000000000000001  2026-11-25 12:00:00    250.0 ms  200     GET /orders                       api/prod › createOrder › DynamoDB",
      "1-6b06cdc0-000000000000000000000002  2026-11-25 12:00:10      1.60 s  502     POST /orders                      api/prod › createOrder",
      "1-6b06cdc0-000000000000000000000003  2026-11-25 12:00:20     30.0 ms  404     GET /jobs/7                       worker",
    ]);
    expect(renderTraceList([])).toBe("No traces.");
    expect(renderTraceList([{ Id: "1-x", StartTime: new Date(NOW), Duration: 0.002, HasFault: true }])).toBe(
      "1-x  2026-11-25 12:00:00      2.0 ms  fault",
    );
  });
});
