import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  parseTraceHeader,
  type CloseSegmentOptions,
  type SegmentHandle,
  type StartSegmentOptions,
  type SubsegmentOptions,
  type Tracer,
} from "@sam-sandbox/core";
import { type Harness, httpApi, restApi, startGateway } from "./helpers.js";

interface Recorded {
  options: StartSegmentOptions;
  subsegments: Array<{ id: string; options: SubsegmentOptions; closed?: CloseSegmentOptions }>;
  closed?: CloseSegmentOptions;
}

/** Records what the gateway asks of X-Ray. */
class FakeTracer implements Tracer {
  readonly enabled = true;
  readonly segments: Recorded[] = [];

  startSegment(options: StartSegmentOptions): SegmentHandle {
    const recorded: Recorded = { options, subsegments: [] };
    this.segments.push(recorded);
    const root = parseTraceHeader(options.traceHeader)?.root ?? "1-00000000-000000000000000000000000";
    const handle = (id: string, close: (r: CloseSegmentOptions) => void): SegmentHandle => ({
      id,
      traceId: root,
      sampled: true,
      header: () => `Root=${root};Parent=${id};Sampled=1`,
      addSubsegment: (sub) => {
        const entry: Recorded["subsegments"][number] = { id: `${recorded.subsegments.length + 1}`.padStart(16, "b"), options: sub };
        recorded.subsegments.push(entry);
        return handle(entry.id, (r) => (entry.closed = r));
      },
      annotate: () => {},
      close: (r = {}) => close(r),
    });
    return handle("aaaaaaaaaaaaaaaa", (r) => (recorded.closed = r));
  }
}

const SAMPLED = "Root=1-6759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

describe("X-Ray segments of API Gateway", () => {
  let h: Harness;
  const tracer = new FakeTracer();

  beforeAll(async () => {
    h = await startGateway(
      [
        restApi([{ method: "GET", path: "/traced", functionName: "fn", payloadFormatVersion: "1.0" }], { name: "shop", tracingEnabled: true }),
        restApi([{ method: "GET", path: "/plain", functionName: "fn", payloadFormatVersion: "1.0" }], { logicalId: "Other", apiId: "klmno12345" }),
        httpApi([{ method: "GET", path: "/http", functionName: "fn", payloadFormatVersion: "2.0" }]),
      ],
      { tracer },
    );
    h.lambda.script("fn", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());
  beforeEach(() => {
    tracer.segments.length = 0;
  });

  it("records a REST stage with TracingEnabled: a segment and a Lambda subsegment whose header the function gets", async () => {
    const res = await fetch(`${h.url}/traced?q=1`, { headers: { "user-agent": "test-agent" } });
    expect(res.status).toBe(200);
    const responseHeader = res.headers.get("x-amzn-trace-id") ?? "";
    expect(tracer.segments).toHaveLength(1);
    const [segment] = tracer.segments;
    expect(segment.options).toMatchObject({
      name: "shop/Prod",
      origin: "AWS::ApiGateway::Stage",
      traceHeader: responseHeader,
      http: { method: "GET", userAgent: "test-agent", xForwardedFor: false },
      aws: { api_gateway: { account_id: "123456789012", rest_api_id: "fghij67890", stage: "Prod" } },
      resourceArn: "arn:aws:apigateway:us-east-1::/restapis/fghij67890/stages/Prod",
      annotations: { "aws:api_id": "fghij67890", "aws:api_stage": "Prod" },
    });
    expect(segment.options.http?.url).toMatch(/\/Prod\/traced\?q=1$/);
    expect(segment.closed).toMatchObject({ status: 200 });
    expect(segment.subsegments).toHaveLength(1);
    const [call] = segment.subsegments;
    expect(call.options).toMatchObject({ name: "Lambda", namespace: "aws", aws: { operation: "Invoke", function_name: "fn" } });
    expect(call.closed).toMatchObject({ status: 200 });
    const root = parseTraceHeader(responseHeader)?.root;
    const expected = `Root=${root};Parent=${call.id};Sampled=1`;
    expect(h.lambda.calls.at(-1)?.traceHeader).toBe(expected);
    expect((h.lambda.lastEvent().headers as Record<string, string>)["X-Amzn-Trace-Id"]).toBe(expected);
  });

  it("records an untraced REST stage only when the caller sampled the trace (passive tracing)", async () => {
    await fetch(`${h.url}/plain`);
    expect(tracer.segments).toHaveLength(0);
    await fetch(`${h.url}/plain`, { headers: { "x-amzn-trace-id": SAMPLED } });
    expect(tracer.segments).toHaveLength(1);
    expect(tracer.segments[0].options).toMatchObject({ name: "klmno12345/Prod", traceHeader: SAMPLED });
  });

  it("records nothing for an HTTP API (no X-Ray on AWS) and passes the caller's header on", async () => {
    const res = await fetch(`${h.url}/http`, { headers: { "x-amzn-trace-id": SAMPLED } });
    expect(res.status).toBe(200);
    expect(tracer.segments).toHaveLength(0);
    expect(h.lambda.calls.at(-1)?.traceHeader).toBe(SAMPLED);
  });
});
