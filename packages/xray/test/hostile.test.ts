import { createSocket } from "node:dgram";
import { BatchGetTracesCommand, CreateGroupCommand, GetTraceSummariesCommand, InvalidRequestException, PutTraceSegmentsCommand, XRayClient } from "@aws-sdk/client-xray";
import { MemoryStore, VirtualClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { wildcard } from "../src/engine/sampler.js";
import { createXRay, type XRay } from "../src/index.js";
import { NOW, WINDOW, at, segId, traceIdFor } from "./helpers.js";

let xray: XRay;
let client: XRayClient;
let closeServer: () => Promise<void>;
let url: string;

beforeAll(async () => {
  xray = await createXRay({ store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000", daemonPort: 0 });
  const server = await serveHandler(xray.service.handle);
  closeServer = server.close;
  url = server.url;
  client = new XRayClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
});

afterAll(async () => {
  client?.destroy();
  await closeServer?.();
  await xray?.close();
});

/** A segment whose subsegments nest `levels` deep. */
function nestedDocument(traceId: string, levels: number): string {
  let inner = JSON.stringify({ id: segId(0xfff), name: "leaf", start_time: at(0), end_time: at(0.1) });
  for (let i = 0; i < levels; i++) inner = `{"id":"${segId(0x1000 + i)}","name":"level","start_time":${at(0)},"end_time":${at(0.1)},"subsegments":[${inner}]}`;
  return `{"id":"${segId(0xabc)}","trace_id":"${traceId}","name":"root","start_time":${at(0)},"end_time":${at(1)},"subsegments":[${inner}]}`;
}

describe("GetTraceSummaries filter expressions", () => {
  it.each([
    ["100,000 parentheses", `${"(".repeat(100_000)}ok${")".repeat(100_000)}`],
    ["100,000 negations", `${"!".repeat(100_000)}ok`],
    ["an AND chain of 50,000 terms", Array(50_000).fill("ok").join(" AND ")],
    ["100,000 nested service filters", `${'service("a") { '.repeat(20_000)}ok${" }".repeat(20_000)}`],
  ])("refuses %s with InvalidRequestException (not HTTP 500)", async (_what, FilterExpression) => {
    const err = await client.send(new GetTraceSummariesCommand({ ...WINDOW, FilterExpression })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestException);
    expect((err as Error).message).toBe("Invalid filter expression: the expression nests deeper than 1000 levels");
  });

  it("refuses such an expression as a group's filter too", async () => {
    const err = await client.send(new CreateGroupCommand({ GroupName: "deep", FilterExpression: `${"(".repeat(5000)}ok${")".repeat(5000)}` })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestException);
  });

  it("still takes an expression nested a few hundred levels", async () => {
    const out = await client.send(new GetTraceSummariesCommand({ ...WINDOW, FilterExpression: `${"(".repeat(300)}ok${")".repeat(300)}` }));
    expect(out.TraceSummaries).toBeDefined();
  });
});

describe("members sent as JSON null", () => {
  it.each([
    ["/TraceSummaries", "FilterExpression"],
    ["/TimeSeriesServiceStatistics", "EntitySelectorExpression"],
  ])("%s reads %s: null as absent, as AWS's Coral does (it answered HTTP 500)", async (path, member) => {
    const post = (body: object) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const window = { StartTime: WINDOW.StartTime.getTime() / 1000, EndTime: WINDOW.EndTime.getTime() / 1000 };
    const absent = await post(window);
    const nulled = await post({ ...window, [member]: null });
    expect(nulled.status).toBe(absent.status);
    expect(nulled.status).toBeLessThan(500);
    expect(await nulled.json()).toEqual(await absent.json());
  });
});

describe("PutTraceSegments with deep documents", () => {
  it("answers a document nested past Jackson's 1000 levels InvalidJson (not HTTP 500)", async () => {
    const out = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [nestedDocument(traceIdFor(0xd0), 20_000)] }));
    expect(out.UnprocessedTraceSegments).toEqual([{ ErrorCode: "InvalidJson", Message: "Invalid segment. ErrorCode: InvalidJson" }]);
  });

  it("stores and returns a document nested 400 subsegments deep", async () => {
    const traceId = traceIdFor(0xd1);
    const out = await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [nestedDocument(traceId, 400)] }));
    expect(out.UnprocessedTraceSegments).toEqual([]);
    const { Traces } = await client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    expect(Traces?.[0]?.Segments).toHaveLength(1);
  });

  it("returns a trace whose standalone subsegments chain 3000 deep (BatchGetTraces answered HTTP 500)", async () => {
    const traceId = traceIdFor(0xd2);
    const docs = [JSON.stringify({ id: segId(1), trace_id: traceId, name: "root", start_time: at(0), end_time: at(1) })];
    for (let i = 2; i <= 3000; i++) {
      docs.push(JSON.stringify({ type: "subsegment", id: segId(i), parent_id: segId(i - 1), trace_id: traceId, name: "link", start_time: at(0), end_time: at(1) }));
    }
    for (let i = 0; i < docs.length; i += 50) await client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: docs.slice(i, i + 50) }));
    const { Traces } = await client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    expect(Traces?.[0]?.Segments).toHaveLength(1);
    const summaries = await client.send(new GetTraceSummariesCommand({ ...WINDOW, FilterExpression: 'service("link")' }));
    expect(summaries.TraceSummaries).toBeDefined();
  });
});

describe("X-Ray daemon (UDP) against malformed datagrams", () => {
  function send(datagram: Buffer): Promise<void> {
    const socket = createSocket("udp4");
    return new Promise((resolve, reject) =>
      socket.send(datagram, xray.daemon?.port ?? 0, "127.0.0.1", (error) => {
        socket.close();
        if (error) reject(error);
        else resolve();
      }),
    );
  }

  it("drops them all and keeps recording", async () => {
    const header = '{"format":"json","version":1}\n';
    const hostile = [
      Buffer.alloc(0),
      Buffer.from("\n"),
      Buffer.from(header),
      Buffer.from([0xff, 0xfe, 0x0a, 0x00, 0xc3]),
      Buffer.from('null\n{}'),
      Buffer.from('{"format":"json","version":1,"__proto__":{"x":1}}\n{}'),
      Buffer.from(`${header}${"[".repeat(60_000)}`),
      Buffer.from(`${"{".repeat(60_000)}\n{}`),
      Buffer.from(`${header}null`),
      Buffer.from(`${header}{"id":{"toString":1},"trace_id":[1]}`),
      Buffer.from(header + nestedDocument(traceIdFor(0xd3), 2000).slice(0, 60_000)),
      Buffer.alloc(65_000, 0x7b),
    ];
    for (const datagram of hostile) await send(datagram);
    const traceId = traceIdFor(0xd4);
    await send(Buffer.from(header + JSON.stringify({ id: segId(1), trace_id: traceId, name: "after", start_time: at(0), end_time: at(1) })));
    await vi.waitFor(async () => {
      const { Traces } = await client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
      if (Traces?.length !== 1) throw new Error("not yet recorded");
    }, { timeout: 10_000, interval: 20 });
  });
});

describe("sampling rule wildcards", () => {
  it("match a long request path against many stars at once (a regex backtracked for minutes)", () => {
    const started = Date.now();
    expect(wildcard("*a*a*a*a*a*a*a*a*a*a*b", "/".concat("a".repeat(100_000)))).toBe(false);
    expect(wildcard("*a*a*a*a*a*a*a*a*a*a*b", "/".concat("a".repeat(100_000), "b"))).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("keep X-Ray's meaning: * any run, ? one character, case-insensitive", () => {
    expect(wildcard("/API/*/items?", "/api/v1/items/")).toBe(true);
    expect(wildcard("/api/*/items?", "/api/v1/items")).toBe(false);
    expect(wildcard("a*b*c", "axxbyyc")).toBe(true);
    expect(wildcard("a*b*c", "axxcyyb")).toBe(false);
    expect(wildcard("*", "")).toBe(true);
    expect(wildcard("a?", "a")).toBe(false);
  });
});
