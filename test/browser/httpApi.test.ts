// An HTTP API with CorsConfiguration, called from a page on another origin: API Gateway answers
// preflights itself and adds the configured headers to integration answers ("Configure CORS
// for HTTP APIs in API Gateway"), so the browser lets the page read exactly what AWS lets it.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noChromium, probe, startRig, type BrowserRig } from "./browser.js";

describe.skipIf(noChromium)("HTTP API CORS in a browser", () => {
  let rig: BrowserRig;
  let page: Page;
  let api: string;

  beforeAll(async () => {
    rig = await startRig();
    page = rig.page;
    api = rig.sandbox.apiUrl;
  });
  afterAll(async () => {
    await rig?.close();
  });

  it("a simple GET: the page reads the body and only the exposed headers", async () => {
    const seen = await probe(page, `${api}/items`);
    expect(seen.blocked).toBeUndefined();
    expect(seen.status).toBe(200);
    expect(JSON.parse(seen.body ?? "")).toMatchObject({ method: "GET" });
    // CORS-safelisted response headers plus ExposeHeaders; x-hidden stays unreadable.
    expect(seen.headers?.["x-request-tag"]).toBe("tag-1");
    expect(seen.headers?.["content-type"]).toBe("application/json");
    expect(seen.headers?.["x-hidden"]).toBeUndefined();
    // On the wire: the configured origin replaces the function's "*", ExposeHeaders is listed.
    const raw = await fetch(`${api}/items`, { headers: { origin: rig.origin } });
    expect(raw.headers.get("access-control-allow-origin")).toBe(rig.origin);
    expect(raw.headers.get("access-control-allow-credentials")).toBe("true");
    expect(raw.headers.get("access-control-expose-headers")).toBe("x-request-tag");
    expect(raw.headers.get("access-control-max-age")).toBeNull();
  });

  it("answers the preflight itself (204) with the configured origin, methods, headers and MaxAge", async () => {
    const preflight = await fetch(`${api}/items`, {
      method: "OPTIONS",
      headers: { origin: rig.origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries([...preflight.headers].filter(([name]) => name.startsWith("access-control-")))).toEqual({
      "access-control-allow-origin": rig.origin,
      "access-control-allow-credentials": "true",
      "access-control-allow-headers": "content-type,x-allowed,authorization",
      "access-control-allow-methods": "GET,POST",
      "access-control-max-age": "600",
    });
  });

  it("a POST with JSON goes through its preflight; the function's own Access-Control-Allow-Origin is replaced", async () => {
    // With credentials a "*" would be blocked: only the configured origin lets the page read it.
    const seen = await probe(page, `${api}/items`, { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "milk" }) });
    expect(seen.blocked).toBeUndefined();
    expect(seen.status).toBe(200);
    expect(JSON.parse(JSON.parse(seen.body ?? "").body)).toEqual({ title: "milk" });
  });

  it("a custom header in AllowHeaders is let through", async () => {
    const seen = await probe(page, `${api}/items`, { headers: { "x-allowed": "yes" } });
    expect(seen.blocked).toBeUndefined();
    expect(JSON.parse(seen.body ?? "").allowed).toBe("yes");
  });

  it("a custom header not in AllowHeaders is blocked by the browser at the preflight", async () => {
    const seen = await probe(page, `${api}/items`, { headers: { "x-denied": "no" } });
    expect(seen.blocked).toMatch(/^TypeError: Failed to fetch/);
  });

  it("a method not in AllowMethods is blocked", async () => {
    const seen = await probe(page, `${api}/items`, { method: "PATCH" });
    expect(seen.blocked).toMatch(/^TypeError/);
  });

  it("credentials mode: AllowCredentials lets the page send its cookies and read the answer", async () => {
    // Cookies ignore ports: the page's cookie for 127.0.0.1 goes to the API's port too.
    await page.evaluate(() => {
      (globalThis as unknown as { document: { cookie: string } }).document.cookie = "session=abc; SameSite=Lax";
    });
    const seen = await probe(page, `${api}/items`, { credentials: "include" });
    expect(seen.blocked).toBeUndefined();
    expect(JSON.parse(seen.body ?? "").cookie).toBe("session=abc");
  });

  it("XMLHttpRequest sees the same answer and headers", async () => {
    const seen = await page.evaluate(
      (url) => (globalThis as unknown as { probeXhr(m: string, u: string, h: Record<string, string>, b: string): Promise<{ status?: number; headers?: string; blocked?: string }> })
        .probeXhr("POST", url, { "content-type": "application/json" }, "{}"),
      `${api}/items`,
    );
    expect(seen.blocked).toBeUndefined();
    expect(seen.status).toBe(200);
    expect(seen.headers).toContain("x-request-tag: tag-1");
    expect(seen.headers).not.toContain("x-hidden");
  });
});
