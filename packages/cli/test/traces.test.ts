import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStore, SandboxError, VirtualClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { createXRay } from "@sam-sandbox/xray";
import { traces } from "../src/traces.js";
import { runBin } from "./bin.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const TRACE = `1-${Math.floor(NOW / 1000).toString(16)}-000000000000000000000001`;

function collector(): { out: Writable & { isTTY?: boolean; columns?: number }; text: () => string } {
  let text = "";
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { out, text: () => text };
}

describe("sandbox traces", () => {
  let server: Awaited<ReturnType<typeof serveHandler>>;

  beforeAll(async () => {
    const xray = await createXRay({ store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
    server = await serveHandler(xray.service.handle);
    const api = { id: "00000000000000a1", trace_id: TRACE, name: "api/prod", origin: "AWS::ApiGateway::Stage", start_time: NOW / 1000, end_time: NOW / 1000 + 0.1, http: { request: { method: "GET", url: "http://127.0.0.1:3000/orders" }, response: { status: 200 } } };
    const fn = { id: "00000000000000a2", trace_id: TRACE, parent_id: api.id, name: "listOrders", origin: "AWS::Lambda::Function", start_time: NOW / 1000 + 0.01, end_time: NOW / 1000 + 0.09 };
    await xray.service.handle({ method: "POST", path: "/TraceSegments", rawQuery: "", headers: {}, body: Buffer.from(JSON.stringify({ TraceSegmentDocuments: [JSON.stringify(api), JSON.stringify(fn)] })) });
  });

  afterAll(async () => {
    await server.close();
  });

  it("lists recent traces", async () => {
    const { out, text } = collector();
    await traces(server.url, undefined, { out, color: false });
    expect(text()).toBe(
      `${TRACE}  2026-11-25 12:00:00    100.0 ms  200     GET /orders                       api/prod › listOrders\nShow one with: sandbox traces <id>\n`,
    );
  });

  it("prints one trace as a waterfall", async () => {
    const { out, text } = collector();
    await traces(server.url, TRACE, { out, color: false, width: 80 });
    const lines = text().trimEnd().split("\n");
    expect(lines[0]).toBe(`Trace ${TRACE}  ·  100.0 ms  ·  GET http://127.0.0.1:3000/orders → 200`);
    expect(lines.slice(2).map((l) => l.replace(/\s+█+\s+/, " | "))).toEqual([
      "api/prod (ApiGateway::Stage) | 100.0 ms 200",
      "  listOrders (Lambda::Function) | 80.0 ms",
    ]);
  });

  it("says so for an unknown trace or a sandbox that is not running", async () => {
    const missing = await traces(server.url, "1-00000000-000000000000000000000000", { out: collector().out }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SandboxError);
    expect((missing as SandboxError).message).toBe("No trace 1-00000000-000000000000000000000000 in the sandbox.");
    const down = await traces("http://127.0.0.1:9", undefined, { out: collector().out }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(SandboxError);
    expect((down as SandboxError).message).toBe("No sandbox answers at http://127.0.0.1:9.");
  });

  it("prints only the traces through the bin, on Node.js 20 too (no SDK version notice)", async () => {
    const { code, stdout, stderr } = await runBin(["traces", "--endpoint", server.url], { env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined } }).result();
    expect(code).toBe(0);
    expect(stdout).toContain(TRACE);
    expect(stderr).toBe("");
  });
});
