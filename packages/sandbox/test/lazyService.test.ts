// A service created on first use (packages/sandbox/src/lazyService.ts).
import type { AwsService } from "@sam-sandbox/core";
import { describe, expect, it } from "vitest";
import { lazyService } from "../src/lazyService.js";

function counted() {
  const made = { created: 0, closed: 0 };
  const service = lazyService("demo", { signingNames: ["demo"] }, async () => {
    made.created++;
    const inner: AwsService = { name: "demo", route: { signingNames: ["demo"] }, handle: async () => ({ status: 200, headers: {}, body: "ok" }) };
    return { service: inner, close: async () => void made.closed++ };
  });
  return { made, service };
}

describe("lazyService", () => {
  it("creates the service once, on first use, and closes it", async () => {
    const { made, service } = counted();
    expect(service.started).toBe(false);
    const [a, b] = await Promise.all([service.load(), service.load()]);
    expect(a).toBe(b);
    expect(made.created).toBe(1);
    await service.close();
    expect(made.closed).toBe(1);
  });

  it("starts nothing once closed: a late request or log line while the sandbox stops would open the store as it closes and never be closed", async () => {
    const { made, service } = counted();
    await service.close();
    let settled = false;
    void service.load().then(() => (settled = true));
    void service.service.handle({ method: "GET", path: "/", rawQuery: "", headers: {}, body: Buffer.alloc(0) } as never).then(() => (settled = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(made.created).toBe(0);
    expect(settled).toBe(false);
    expect(made.closed).toBe(0);
  });
});
