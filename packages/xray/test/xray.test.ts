import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchGetTracesCommand,
  GetSamplingRulesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSegmentDestinationCommand,
  GetTraceSummariesCommand,
  InvalidRequestException,
  PutTelemetryRecordsCommand,
  PutTraceSegmentsCommand,
  type GetTraceSummariesCommandInput,
} from "@aws-sdk/client-xray";
import { NOW, at, segId, startXRay, startXRayWithSamples, traceIdFor, WINDOW, type Harness } from "./helpers.js";


describe("X-Ray API", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRayWithSamples();
  });

  afterAll(async () => {
    await h.close();
  });

  const summaries = async (input: Partial<GetTraceSummariesCommandInput> = {}) =>
    h.client.send(new GetTraceSummariesCommand({ ...WINDOW, ...input }));
  const ids = async (FilterExpression: string) => (await summaries({ FilterExpression })).TraceSummaries?.map((s) => s.Id);

  describe("GetTraceSummaries", () => {
    it("summarizes traces newest first with AWS's fields", async () => {
      const out = await summaries({ FilterExpression: 'service("api/prod") OR service("worker")' });
      expect(out.TraceSummaries?.map((s) => s.Id)).toEqual([traceIdFor(3), traceIdFor(2), traceIdFor(1)]);
      expect(out.TracesProcessedCount).toBeGreaterThanOrEqual(3);
      expect(out.ApproximateTime).toEqual(new Date(NOW));
      const first = out.TraceSummaries?.find((s) => s.Id === traceIdFor(1));
      expect(first).toMatchObject({
        StartTime: new Date(NOW),
        Duration: 0.25,
        ResponseTime: 0.25,
        HasError: false,
        HasFault: false,
        HasThrottle: false,
        IsPartial: false,
        Http: { HttpURL: "http://127.0.0.1:3000/orders", HttpStatus: 200, HttpMethod: "GET", UserAgent: "curl/8", ClientIp: "127.0.0.1" },
        EntryPoint: { Name: "api/prod", Names: ["api/prod"], Type: "AWS::ApiGateway::Stage" },
        Users: [{ UserName: "alice", ServiceIds: [{ Name: "createOrder", Names: ["createOrder"], Type: "AWS::Lambda::Function" }] }],
        Annotations: { tenant: [{ AnnotationValue: { StringValue: "acme" }, ServiceIds: [{ Name: "createOrder", Names: ["createOrder"], Type: "AWS::Lambda::Function" }] }] },
      });
      expect(first?.ServiceIds?.map((s) => `${s.Name}|${s.Type}`)).toEqual([
        "api/prod|AWS::ApiGateway::Stage",
        "createOrder|AWS::Lambda::Function",
        "DynamoDB|AWS::DynamoDB::Table",
      ]);
    });

    it("filters with the common X-Ray filter expressions", async () => {
      const [t1, t2, t3] = [traceIdFor(1), traceIdFor(2), traceIdFor(3)];
      expect(await ids('service("createOrder")')).toEqual([t2, t1]);
      expect(await ids("http.status = 502")).toEqual([t2]);
      expect(await ids("responsetime > 1")).toEqual([t2]);
      expect(await ids("fault")).toEqual([t2]);
      expect(await ids("error")).toEqual([t3]);
      expect(await ids('annotation.tenant = "acme"')).toEqual([t1]);
      expect(await ids('annotation[tenant] BEGINSWITH "glo" AND annotation.flag')).toEqual([t3]);
      expect(await ids(`id = "${t1}"`)).toEqual([t1]);
      expect(await ids('user = "alice"')).toEqual([t1]);
      expect(await ids('http.url CONTAINS "/orders" AND !fault')).toEqual([t1]);
      expect(await ids('(fault OR error) AND NOT service("worker")')).toEqual([t2]);
      expect(await ids('ok !partial duration < 1 http.method = "GET"')).toEqual([t1]);
      expect(await ids('service(id(name: "DynamoDB", type: "AWS::DynamoDB::Table")) { responsetime < 0.1 }')).toEqual([t1]);
      expect(await ids('service("createOrder") { fault = true OR responsetime > 2.5 }')).toEqual([t2]);
      expect(await ids('edge("api/prod", "createOrder") { fault }')).toEqual([t2]);
    });

    it("rejects a malformed filter expression", async () => {
      const err = await summaries({ FilterExpression: "responsetime >" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestException);
      const unknown = await summaries({ FilterExpression: "colour = 1" }).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(InvalidRequestException);
      expect((unknown as Error).message).toContain('unknown keyword "colour"');
    });

    it("selects by time range: trace id, event or service time", async () => {
      const later = { StartTime: new Date(NOW + 15_000), EndTime: new Date(NOW + 60_000) };
      expect((await summaries(later)).TraceSummaries).toEqual([]);
      const events = await summaries({ ...later, TimeRangeType: "Event" });
      expect(events.TraceSummaries?.map((s) => s.Id)).toEqual([traceIdFor(3)]);
      const service = await summaries({ StartTime: new Date(NOW + 11_000), EndTime: new Date(NOW + 12_000), TimeRangeType: "Service" });
      expect(service.TraceSummaries?.map((s) => s.Id)).toEqual([traceIdFor(2)]);
    });
  });

  describe("BatchGetTraces", () => {
    it("returns assembled segment documents, inferred ones included", async () => {
      const out = await h.client.send(new BatchGetTracesCommand({ TraceIds: [traceIdFor(1), traceIdFor(404)] }));
      expect(out.UnprocessedTraceIds).toEqual([]);
      expect(out.Traces).toHaveLength(1);
      const trace = out.Traces?.[0];
      expect(trace?.Id).toBe(traceIdFor(1));
      expect(trace?.Duration).toBe(0.25);
      const docs = (trace?.Segments ?? []).map((s) => JSON.parse(s.Document ?? "{}") as Record<string, unknown>);
      expect(docs.map((d) => d.name)).toEqual(["api/prod", "createOrder", "DynamoDB"]);
      expect(docs[2]).toMatchObject({ inferred: true, origin: "AWS::DynamoDB::Table", parent_id: segId(0x14), aws: { table_name: "orders" } });
      expect(trace?.Segments?.[1].Id).toBe(segId(0x12));
    });
  });

  describe("GetServiceGraph and GetTraceGraph", () => {
    it("computes services and edges from the segments", async () => {
      const out = await h.client.send(new GetServiceGraphCommand(WINDOW));
      const services = out.Services ?? [];
      const byName = new Map(services.map((s) => [s.Name ?? s.Type, s]));
      const ref = (name: string) => byName.get(name)?.ReferenceId;
      expect(byName.get("client")).toMatchObject({ Type: "client", Names: [] });
      expect(byName.get("client")?.Edges?.map((e) => e.ReferenceId).sort()).toEqual([ref("api/prod"), ref("worker")].sort());
      const api = byName.get("api/prod");
      expect(api).toMatchObject({ Root: true, Type: "AWS::ApiGateway::Stage", State: "active" });
      expect(api?.SummaryStatistics).toMatchObject({ OkCount: 1, FaultStatistics: { TotalCount: 1 }, TotalCount: 2 });
      expect(api?.Edges?.map((e) => e.ReferenceId)).toEqual([ref("createOrder")]);
      expect(api?.Edges?.[0].SummaryStatistics).toMatchObject({ OkCount: 1, TotalCount: 2, FaultStatistics: { OtherCount: 1, TotalCount: 1 } });
      expect(byName.get("createOrder")?.Edges?.map((e) => e.ReferenceId)).toEqual([ref("DynamoDB")]);
      expect(byName.get("DynamoDB")).toMatchObject({ Type: "AWS::DynamoDB::Table", Root: false, ResponseTimeHistogram: [{ Value: 0.012, Count: 1 }] });
    });

    it("graphs only the traces asked for", async () => {
      const out = await h.client.send(new GetTraceGraphCommand({ TraceIds: [traceIdFor(2)] }));
      expect(out.Services?.map((s) => s.Name ?? s.Type)).toEqual(["client", "api/prod", "createOrder"]);
    });
  });

  describe("other operations", () => {
    it("answers the daemon's and SDKs' housekeeping calls", async () => {
      await h.client.send(new PutTelemetryRecordsCommand({ TelemetryRecords: [{ Timestamp: new Date(NOW), SegmentsSentCount: 1 }] }));
      expect(await h.client.send(new GetTraceSegmentDestinationCommand({}))).toMatchObject({ Destination: "XRay", Status: "ACTIVE" });
      const rules = await h.client.send(new GetSamplingRulesCommand({}));
      expect(rules.SamplingRuleRecords?.[0].SamplingRule).toMatchObject({ RuleName: "Default", FixedRate: 0.05, ReservoirSize: 1, Priority: 10000 });
    });

    it("answers a path no X-Ray operation has with UnknownOperationException", async () => {
      const res = await fetch(`${h.url}/NoSuchOperation`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    });
  });
});

describe("GetTraceSummaries paging", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRay();
  });

  afterAll(async () => {
    await h.close();
  });

  it("pages by 100 with NextToken", async () => {
    const docs = Array.from({ length: 130 }, (_, i) =>
      JSON.stringify({ id: segId(i + 1), trace_id: traceIdFor(1000 + i), name: "svc", start_time: at(i), end_time: at(i + 0.5) }),
    );
    await h.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: docs }));
    const first = await h.client.send(new GetTraceSummariesCommand({ ...WINDOW, EndTime: new Date(NOW + 600_000) }));
    expect(first.TraceSummaries).toHaveLength(100);
    expect(first.TraceSummaries?.[0].Id).toBe(traceIdFor(1129));
    const second = await h.client.send(new GetTraceSummariesCommand({ ...WINDOW, EndTime: new Date(NOW + 600_000), NextToken: first.NextToken }));
    expect(second.TraceSummaries).toHaveLength(30);
    expect(second.NextToken).toBeUndefined();
    expect(second.TraceSummaries?.at(-1)?.Id).toBe(traceIdFor(1000));
    const bad = await h.client.send(new GetTraceSummariesCommand({ ...WINDOW, NextToken: "nope" })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidRequestException);
  });
});

describe("PutTraceSegments", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startXRay();
  });

  afterAll(async () => {
    await h.close();
  });

  it("answers bad documents with UnprocessedTraceSegments as X-Ray does", async () => {
    const t = traceIdFor(9);
    const good = { id: segId(0x91), trace_id: t, name: "ok", start_time: at(0), end_time: at(1) };
    const out = await h.client.send(
      new PutTraceSegmentsCommand({
        TraceSegmentDocuments: [
          "not json",
          "[]",
          JSON.stringify({ ...good, id: segId(0x92), trace_id: "1-abc" }),
          JSON.stringify({ ...good, id: segId(0x93), end_time: undefined }),
          JSON.stringify({ ...good, id: segId(0x94), name: "bad?name" }),
          JSON.stringify({ ...good, id: segId(0x95), type: "subsegment" }),
          JSON.stringify({ ...good, id: segId(0x96), subsegments: [{ id: segId(0x97), name: "sub", start_time: at(0) }] }),
          JSON.stringify(good),
        ],
      }),
    );
    expect(out.UnprocessedTraceSegments).toEqual([
      { ErrorCode: "InvalidJson", Message: "Invalid segment. ErrorCode: InvalidJson" },
      { ErrorCode: "MissingId", Message: "Invalid segment. ErrorCode: MissingId" },
      { Id: segId(0x92), ErrorCode: "InvalidTraceId", Message: "Invalid segment. ErrorCode: InvalidTraceId" },
      { Id: segId(0x93), ErrorCode: "MissingEndTime", Message: "Invalid segment. ErrorCode: MissingEndTime" },
      { Id: segId(0x94), ErrorCode: "InvalidName", Message: "Invalid segment. ErrorCode: InvalidName" },
      { Id: segId(0x95), ErrorCode: "MissingParentId", Message: "Invalid subsegment. ErrorCode: MissingParentId, Cause: null" },
      { Id: segId(0x96), ErrorCode: "MissingEndTime", Message: "Invalid subsegment. ErrorCode: MissingEndTime, Cause: null" },
    ]);
    const stored = await h.client.send(new BatchGetTracesCommand({ TraceIds: [t] }));
    expect(stored.Traces?.[0].Segments?.map((s) => s.Id)).toEqual([segId(0x91)]);
  });

  it("keeps a completed segment over a later in-progress copy", async () => {
    const t = traceIdFor(8);
    const done = { id: segId(0x81), trace_id: t, name: "slow", start_time: at(0), end_time: at(2) };
    await h.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(done)] }));
    await h.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify({ ...done, end_time: undefined, in_progress: true })] }));
    const out = await h.client.send(new BatchGetTracesCommand({ TraceIds: [t] }));
    expect(JSON.parse(out.Traces?.[0].Segments?.[0].Document ?? "{}")).toMatchObject({ end_time: at(2) });
  });

  it("validates input against the model", async () => {
    const err = await h.client.send(new BatchGetTracesCommand({ TraceIds: ["x".repeat(36)] })).catch((e: unknown) => e);
    expect((err as Error).name).toBe("ValidationException");
    expect((err as Error).message).toBe(
      `1 validation error detected: Value '[${"x".repeat(36)}]' at 'traceIds' failed to satisfy constraint: ` +
        "Member must satisfy constraint: [Member must have length less than or equal to 35, Member must have length greater than or equal to 1]",
    );
  });

  // Found by test/robustness.test.ts: a string where the list belongs was walked character by
  // character (a 1 MB string took the server down for seconds); a boolean crashed the engine.
  it("answers a member of the wrong JSON type with a SerializationException", async () => {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${h.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, type: res.headers.get("x-amzn-errortype"), body: (await res.json()) as unknown };
    };
    expect(await post("/TraceSegments", { TraceSegmentDocuments: "x".repeat(1024 * 1024) })).toMatchObject({ status: 400, type: "SerializationException" });
    expect(await post("/Traces", { TraceIds: false })).toMatchObject({ status: 400, type: "SerializationException" });
    expect(await post("/TraceSummaries", { StartTime: 0, EndTime: 1, FilterExpression: 4.2 })).toEqual({
      status: 400,
      type: "SerializationException",
      body: { message: "DECIMAL_VALUE cannot be converted to String" },
    });
  });
});
