import { describe, expect, it } from "vitest";
import {
  MemoryStore,
  NOOP_TRACER,
  VirtualClock,
  createTraceHeader,
  formatTraceHeader,
  isTracing,
  parseTraceHeader,
  silentLogger,
} from "@sam-sandbox/core";
import { createXRay, type SegmentDocument } from "../src/index.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const ROOT = "1-5759e988-bd862e3fe1be46a994272793";

async function setup() {
  const clock = new VirtualClock(NOW);
  const xray = await createXRay({ store: new MemoryStore(), clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
  const docs = (traceId: string): SegmentDocument[] => (xray.traces.trace(traceId)?.Segments ?? []).map((s) => JSON.parse(s.Document) as SegmentDocument);
  return { clock, xray, docs };
}

describe("X-Amzn-Trace-Id", () => {
  it("parses Root, Parent, Sampled and Lineage", () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0`)).toEqual({
      root: ROOT,
      parent: "53995c3f42cd8ad8",
      sampled: true,
      lineage: "a87bd80c:0",
    });
  });

  it("reads Sampled=0 and Sampled=? and keeps unknown fields", () => {
    expect(parseTraceHeader(`Root=${ROOT};Sampled=0`)).toEqual({ root: ROOT, sampled: false });
    expect(parseTraceHeader(`Root=${ROOT};Sampled=?`)).toEqual({ root: ROOT, sampleRequested: true });
    const header = parseTraceHeader(`Self=1-67891234-12456789abcdef012345678;Root=${ROOT};CalledFrom=app`);
    expect(header?.self).toBe("1-67891234-12456789abcdef012345678");
    expect(header?.extra).toEqual([["CalledFrom", "app"]]);
  });

  it("accepts spaces, any key case and the SDK's percent-encoding", () => {
    expect(parseTraceHeader(`root=${ROOT}; parent=53995c3f42cd8ad8; sampled=1`)?.parent).toBe("53995c3f42cd8ad8");
    expect(parseTraceHeader(`Root=${ROOT};Lineage=a87bd80c:1%7C68fd508a:5`)?.lineage).toBe("a87bd80c:1|68fd508a:5");
  });

  it("gives undefined without a valid Root (the receiver starts a new trace)", () => {
    expect(parseTraceHeader(undefined)).toBeUndefined();
    expect(parseTraceHeader("Parent=53995c3f42cd8ad8;Sampled=1")).toBeUndefined();
    expect(parseTraceHeader("Root=not-a-trace-id")).toBeUndefined();
  });

  it("formats back to the wire form", () => {
    const text = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0`;
    expect(formatTraceHeader(parseTraceHeader(text) ?? { root: "" })).toBe(text);
    expect(formatTraceHeader({ root: ROOT, sampled: false })).toBe(`Root=${ROOT};Sampled=0`);
    expect(formatTraceHeader({ root: ROOT, sampleRequested: true })).toBe(`Root=${ROOT};Sampled=?`);
  });

  it("creates headers with a trace id from the clock", () => {
    const clock = new VirtualClock(NOW);
    const header = parseTraceHeader(createTraceHeader(clock, true));
    expect(header?.root).toMatch(new RegExp(`^1-${Math.floor(NOW / 1000).toString(16)}-[0-9a-f]{24}$`));
    expect(header?.sampled).toBe(true);
  });
});

describe("Tracer", () => {
  it("is skipped with one check when the request carries no header or tracing is off", async () => {
    const { xray } = await setup();
    expect(isTracing(xray.tracer, undefined)).toBe(false);
    expect(isTracing(xray.tracer, `Root=${ROOT}`)).toBe(true);
    expect(isTracing(NOOP_TRACER, `Root=${ROOT}`)).toBe(false);
  });

  it("propagates the trace parent → child through header()", async () => {
    const { clock, xray, docs } = await setup();
    const api = xray.tracer.startSegment({
      name: "api/prod",
      origin: "AWS::ApiGateway::Stage",
      http: { method: "GET", url: "http://127.0.0.1:3000/orders" },
    });
    await clock.advance(2);
    const fn = xray.tracer.startSegment({ name: "createOrder", origin: "AWS::Lambda::Function", traceHeader: api.header() });
    const invocation = fn.addSubsegment({ name: "Invocation" });
    await clock.advance(1);
    const table = xray.tracer.startSegment({ name: "orders", origin: "AWS::DynamoDB::Table", traceHeader: invocation.header(), aws: { operation: "PutItem" } });
    await clock.advance(5);
    table.close({ status: 200 });
    invocation.close();
    await clock.advance(1);
    fn.close();
    api.close({ status: 200 });

    expect(fn.traceId).toBe(api.traceId);
    expect(table.traceId).toBe(api.traceId);
    const byName = new Map(docs(api.traceId).map((d) => [d.name, d]));
    expect(byName.get("api/prod")?.parent_id).toBeUndefined();
    expect(byName.get("createOrder")?.parent_id).toBe(api.id);
    expect(byName.get("orders")?.parent_id).toBe(invocation.id);
    expect(byName.get("createOrder")?.subsegments?.map((s) => s.name)).toEqual(["Invocation"]);
    expect(byName.get("orders")).toMatchObject({ start_time: (NOW + 3) / 1000, end_time: (NOW + 8) / 1000, aws: { operation: "PutItem" } });
    expect(byName.get("api/prod")).toMatchObject({ http: { request: { method: "GET" }, response: { status: 200 } } });
    expect(api.header()).toBe(`Root=${api.traceId};Parent=${api.id};Sampled=1`);
  });

  it("joins the caller's trace and keeps its Lineage", async () => {
    const { xray } = await setup();
    const segment = xray.tracer.startSegment({ name: "fn", traceHeader: `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0` });
    expect(segment.traceId).toBe(ROOT);
    expect(segment.header()).toBe(`Root=${ROOT};Parent=${segment.id};Sampled=1;Lineage=a87bd80c:0`);
    segment.close();
    expect(xray.traces.view(ROOT)?.root.parent_id).toBe("53995c3f42cd8ad8");
  });

  it("records nothing for Sampled=0 but passes the decision on", async () => {
    const { xray } = await setup();
    const segment = xray.tracer.startSegment({ name: "fn", traceHeader: `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=0` });
    expect(segment.sampled).toBe(false);
    const sub = segment.addSubsegment({ name: "DynamoDB", namespace: "aws" });
    sub.close();
    segment.close({ status: 500 });
    expect(xray.traces.size).toBe(0);
    expect(parseTraceHeader(segment.header())).toMatchObject({ root: ROOT, sampled: false });
  });

  it("sets error, throttle and fault from the status, and records the cause", async () => {
    const { xray, docs } = await setup();
    const flags = (status: number) => {
      const s = xray.tracer.startSegment({ name: `s${status}`, traceHeader: `Root=${ROOT};Sampled=1` });
      s.close({ status, cause: { message: "boom", type: "ValidationException" } });
      return docs(ROOT).find((d) => d.name === `s${status}`);
    };
    expect(flags(404)).toMatchObject({ error: true });
    expect(flags(404)?.fault).toBeUndefined();
    expect(flags(429)).toMatchObject({ error: true, throttle: true });
    expect(flags(503)).toMatchObject({ fault: true, cause: { exceptions: [{ message: "boom", type: "ValidationException" }] } });
  });

  it("sends a subsegment that outlives its segment on its own, placed under its parent", async () => {
    const { clock, xray, docs } = await setup();
    const segment = xray.tracer.startSegment({ name: "fn" });
    const late = segment.addSubsegment({ name: "SNS", namespace: "aws", aws: { operation: "Publish" } });
    segment.close();
    expect(docs(segment.traceId).find((d) => d.name === "fn")?.subsegments).toBeUndefined();
    await clock.advance(3);
    late.close();
    const fn = docs(segment.traceId).find((d) => d.name === "fn");
    expect(fn?.subsegments?.map((s) => [s.name, s.end_time])).toEqual([["SNS", (NOW + 3) / 1000]]);
    // The "aws" subsegment no segment answered becomes an inferred SNS segment.
    expect(docs(segment.traceId).find((d) => d.inferred === true)).toMatchObject({ name: "SNS", origin: "AWS::SNS", parent_id: late.id });
  });

  it("records annotations, searchable afterwards", async () => {
    const { xray } = await setup();
    const segment = xray.tracer.startSegment({ name: "fn", annotations: { tenant: "acme" } });
    segment.annotate("orderCount", 3);
    segment.close();
    expect(xray.traces.summary(segment.traceId)?.Annotations).toEqual({
      tenant: [{ AnnotationValue: { StringValue: "acme" }, ServiceIds: [{ Name: "fn", Names: ["fn"] }] }],
      orderCount: [{ AnnotationValue: { NumberValue: 3 }, ServiceIds: [{ Name: "fn", Names: ["fn"] }] }],
    });
  });

  it("NOOP_TRACER passes the incoming header through", () => {
    const header = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
    const segment = NOOP_TRACER.startSegment({ name: "x", traceHeader: header });
    expect(segment.sampled).toBe(false);
    expect(segment.header()).toBe(header);
    expect(segment.traceId).toBe(ROOT);
    segment.addSubsegment({ name: "y" }).close();
    segment.close();
  });
});
