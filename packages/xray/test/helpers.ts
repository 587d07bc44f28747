import { MemoryStore, VirtualClock, serveHandler, silentLogger, type Store } from "@sam-sandbox/core";
import { PutTraceSegmentsCommand, XRayClient } from "@aws-sdk/client-xray";
import { expect } from "vitest";
import { createXRay, type XRay } from "../src/index.js";

export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
export const EPOCH_HEX = Math.floor(NOW / 1000).toString(16);

/** "1-<now>-<24 hex>" with a recognizable tail. */
export function traceIdFor(n: number): string {
  return `1-${EPOCH_HEX}-${n.toString(16).padStart(24, "0")}`;
}

export function segId(n: number): string {
  return n.toString(16).padStart(16, "0");
}

/** GetTraceSummaries / GetServiceGraph's window: a minute either side of NOW, holding the sample traces. */
export const WINDOW = { StartTime: new Date(NOW - 60_000), EndTime: new Date(NOW + 60_000) };

/** The call's rejection (undefined when it succeeds). */
export async function failure(call: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  return (await call.then(() => undefined, (e: unknown) => e)) as Error & { $metadata?: { httpStatusCode?: number } };
}

/** Seconds since the test's NOW. */
export function at(offsetSeconds: number): number {
  return NOW / 1000 + offsetSeconds;
}

export interface Harness {
  clock: VirtualClock;
  xray: XRay;
  client: XRayClient;
  url: string;
  close(): Promise<void>;
}

export async function startXRay(store: Store = new MemoryStore()): Promise<Harness> {
  const clock = new VirtualClock(NOW);
  const xray = await createXRay({ store, clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
  const server = await serveHandler(xray.service.handle);
  const client = new XRayClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  return {
    clock,
    xray,
    client,
    url: server.url,
    close: async () => {
      client.destroy();
      await server.close();
      await xray.close();
    },
  };
}

/** startXRay() holding sampleDocuments(), all of them accepted. */
export async function startXRayWithSamples(): Promise<Harness> {
  const h = await startXRay();
  const out = await h.client.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: sampleDocuments() }));
  expect(out.UnprocessedTraceSegments).toEqual([]);
  return h;
}

/**
 * Three traces:
 *  1: client → api/prod (GET /orders 200) → createOrder (Lambda) → DynamoDB PutItem (inferred);
 *     annotation tenant=acme, user alice.
 *  2: client → api/prod (POST /orders 502, fault) → createOrder (fault, 1.5 s).
 *  3: worker (404 error), annotation tenant=globex, flag=true.
 */
export function sampleDocuments(): string[] {
  const t1 = traceIdFor(1);
  const t2 = traceIdFor(2);
  const t3 = traceIdFor(3);
  return [
    {
      id: segId(0x11), trace_id: t1, name: "api/prod", origin: "AWS::ApiGateway::Stage", start_time: at(0), end_time: at(0.25),
      http: { request: { method: "GET", url: "http://127.0.0.1:3000/orders", user_agent: "curl/8", client_ip: "127.0.0.1" }, response: { status: 200 } },
    },
    {
      id: segId(0x12), trace_id: t1, parent_id: segId(0x11), name: "createOrder", origin: "AWS::Lambda::Function", start_time: at(0.01), end_time: at(0.21),
      user: "alice", annotations: { tenant: "acme" },
      subsegments: [
        { id: segId(0x13), name: "Invocation", start_time: at(0.02), end_time: at(0.2),
          subsegments: [{ id: segId(0x14), name: "DynamoDB", namespace: "aws", start_time: at(0.05), end_time: at(0.062), aws: { operation: "PutItem", table_name: "orders" }, http: { response: { status: 200 } } }] },
      ],
    },
    {
      id: segId(0x21), trace_id: t2, name: "api/prod", origin: "AWS::ApiGateway::Stage", start_time: at(10), end_time: at(11.6), fault: true,
      http: { request: { method: "POST", url: "http://127.0.0.1:3000/orders" }, response: { status: 502 } },
    },
    {
      id: segId(0x22), trace_id: t2, parent_id: segId(0x21), name: "createOrder", origin: "AWS::Lambda::Function", start_time: at(10.05), end_time: at(11.55), fault: true,
      cause: { exceptions: [{ id: segId(0x99), message: "boom", type: "Error" }] },
    },
    {
      id: segId(0x31), trace_id: t3, name: "worker", start_time: at(20), end_time: at(20.03), error: true,
      http: { request: { method: "GET", url: "http://worker.local/jobs/7" }, response: { status: 404 } }, annotations: { tenant: "globex", flag: true },
    },
  ].map((doc) => JSON.stringify(doc));
}
