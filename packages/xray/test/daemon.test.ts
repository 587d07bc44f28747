import { createSocket } from "node:dgram";
import { BatchGetTracesCommand, XRayClient } from "@aws-sdk/client-xray";
import { MemoryStore, VirtualClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createXRay, documentOfDatagram, type XRay } from "../src/index.js";
import { NOW, at, segId, traceIdFor } from "./helpers.js";

let xray: XRay;
let client: XRayClient;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  xray = await createXRay({ store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000", daemonPort: 0 });
  const server = await serveHandler(xray.service.handle);
  closeServer = server.close;
  client = new XRayClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
});

afterAll(async () => {
  client?.destroy();
  await closeServer?.();
  await xray?.close();
});

/** One datagram as the X-Ray SDKs send it: the daemon header, a newline, the document. */
function send(body: string, header = '{"format": "json", "version": 1}'): Promise<void> {
  const socket = createSocket("udp4");
  const port = xray.daemon?.port ?? 0;
  return new Promise((resolve, reject) => socket.send(`${header}\n${body}`, port, "127.0.0.1", (error) => {
    socket.close();
    if (error) reject(error);
    else resolve();
  }));
}

async function documentsOf(traceId: string): Promise<Array<Record<string, unknown>>> {
  const { Traces } = await client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
  return (Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? "{}") as Record<string, unknown>);
}

describe("X-Ray daemon (UDP)", () => {
  it("reads the header line and the segment document of a datagram", () => {
    expect(documentOfDatagram(Buffer.from('{"format":"json","version":1}\n{"id":"a"}'))).toBe('{"id":"a"}');
    expect(documentOfDatagram(Buffer.from('{"format":"json","version":2}\n{"id":"a"}'))).toBeUndefined();
    expect(documentOfDatagram(Buffer.from('{"id":"a"}'))).toBeUndefined();
    expect(documentOfDatagram(Buffer.from("not json\n{}"))).toBeUndefined();
  });

  it("records a segment and a subsegment sent on its own, merged into one trace", async () => {
    expect(xray.daemon?.address).toBe(`127.0.0.1:${xray.daemon?.port}`);
    const traceId = traceIdFor(0xd1);
    await send(JSON.stringify({ id: segId(1), trace_id: traceId, name: "handler", start_time: at(0), end_time: at(1) }));
    await send(JSON.stringify({ type: "subsegment", id: segId(2), parent_id: segId(1), trace_id: traceId, name: "## work", start_time: at(0.1), end_time: at(0.5) }));
    const docs = await vi.waitFor(async () => {
      const found = await documentsOf(traceId);
      const subsegments = (found[0]?.subsegments ?? []) as Array<Record<string, unknown>>;
      if (subsegments.length === 0) throw new Error("not yet recorded");
      return found;
    }, { timeout: 10_000, interval: 20 });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: segId(1), name: "handler", subsegments: [{ id: segId(2), name: "## work" }] });
  });

  it("drops a datagram without the daemon header or with a document X-Ray rejects, and keeps serving", async () => {
    const traceId = traceIdFor(0xd2);
    await send(JSON.stringify({ id: segId(3), trace_id: traceId, name: "no header", start_time: at(0), end_time: at(1) }), "{}");
    await send(JSON.stringify({ id: segId(4), trace_id: traceId, start_time: at(0), end_time: at(1) }));
    await send("{not json");
    await send(JSON.stringify({ id: segId(5), trace_id: traceId, name: "kept", start_time: at(0), end_time: at(1) }));
    const docs = await vi.waitFor(async () => {
      const found = await documentsOf(traceId);
      if (found.length === 0) throw new Error("not yet recorded");
      return found;
    }, { timeout: 10_000, interval: 20 });
    expect(docs.map((d) => d.name)).toEqual(["kept"]);
  });

  it("listens on a free port when the asked one is taken, so the functions' AWS_XRAY_DAEMON_ADDRESS still reaches it", async () => {
    const holder = createSocket("udp4");
    await new Promise<void>((resolve) => holder.bind(0, "127.0.0.1", () => resolve()));
    const taken = holder.address().port;
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
    const second = await createXRay({ store: new MemoryStore(), clock: new VirtualClock(NOW), logger, region: "us-east-1", accountId: "000000000000", daemonPort: taken });
    try {
      expect(second.daemon?.port).toBeGreaterThan(0);
      expect(second.daemon?.port).not.toBe(taken);
      expect(warnings.join("\n")).toContain(`UDP port ${taken} is in use`);
      const traceId = traceIdFor(0xd3);
      const socket = createSocket("udp4");
      const body = JSON.stringify({ id: segId(6), trace_id: traceId, name: "fallback", start_time: at(0), end_time: at(1) });
      await new Promise<void>((resolve, reject) => socket.send(`{"format": "json", "version": 1}\n${body}`, second.daemon?.port ?? 0, "127.0.0.1", (error) => {
        socket.close();
        if (error) reject(error);
        else resolve();
      }));
      await vi.waitFor(() => {
        if (!second.traces.trace(traceId)) throw new Error("not yet recorded");
      }, { timeout: 10_000, interval: 20 });
    } finally {
      await second.close();
      holder.close();
    }
  });
});
