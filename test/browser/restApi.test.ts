// A REST API with SAM `Cors:` from a page on another origin. SAM adds an OPTIONS MOCK method to
// each resource that answers preflights; every other answer carries CORS headers only when the
// Lambda proxy sets them. API Gateway's own errors (DEFAULT_4XX) carry none unless
// GatewayResponses add them, so the browser hides them from the page, as on AWS.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noChromium, probe, startRig, type BrowserRig } from "./browser.js";

describe.skipIf(noChromium)("REST API CORS in a browser", () => {
  let rig: BrowserRig;
  let page: Page;
  let api: string;

  beforeAll(async () => {
    rig = await startRig();
    page = rig.page;
    api = `${rig.sandbox.apiUrl}/Prod`;
  });
  afterAll(async () => {
    await rig?.close();
  });

  it("SAM's OPTIONS mock answers the preflight: 200 with the Cors values, methods from the resource", async () => {
    const preflight = await fetch(`${api}/rest/items`, {
      method: "OPTIONS",
      headers: { origin: rig.origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(200);
    expect(Object.fromEntries([...preflight.headers].filter(([name]) => name.startsWith("access-control-")))).toEqual({
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "content-type,x-allowed,authorization",
      "access-control-allow-methods": "GET,OPTIONS,POST",
      "access-control-max-age": "300",
    });
  });

  it("a simple GET reads the Lambda proxy's answer (the function sets Access-Control-Allow-Origin)", async () => {
    const seen = await probe(page, `${api}/rest/items`);
    expect(seen.blocked).toBeUndefined();
    expect(seen.status).toBe(200);
    expect(JSON.parse(seen.body ?? "")).toMatchObject({ method: "GET" });
    // No Access-Control-Expose-Headers from the function: only safelisted headers are readable.
    expect(seen.headers?.["x-request-tag"]).toBeUndefined();
  });

  it("a POST with JSON and an allowed custom header passes the mock preflight", async () => {
    const seen = await probe(page, `${api}/rest/items`, { method: "POST", headers: { "content-type": "application/json", "x-allowed": "yes" }, body: "{\"n\":1}" });
    expect(seen.blocked).toBeUndefined();
    expect(JSON.parse(seen.body ?? "")).toMatchObject({ method: "POST", body: "{\"n\":1}", allowed: "yes" });
  });

  it("a header the Cors AllowHeaders does not list is blocked", async () => {
    const seen = await probe(page, `${api}/rest/items`, { headers: { "x-denied": "no" } });
    expect(seen.blocked).toMatch(/^TypeError: Failed to fetch/);
  });

  it("credentials mode is blocked: SAM's Cors answers Access-Control-Allow-Origin '*'", async () => {
    const seen = await probe(page, `${api}/rest/items`, { credentials: "include" });
    expect(seen.blocked).toMatch(/^TypeError/);
  });

  it("a missing route's 403 (Missing Authentication Token) has no CORS headers: blocked", async () => {
    const raw = await fetch(`${api}/rest/nothing`, { headers: { origin: rig.origin } });
    expect(raw.status).toBe(403);
    expect(raw.headers.get("access-control-allow-origin")).toBeNull();
    const seen = await probe(page, `${api}/rest/nothing`);
    expect(seen.blocked).toMatch(/^TypeError/);
  });

  it("an authorizer's 401 and Deny 403 have no CORS headers: blocked; its Allow reaches the function", async () => {
    // The Authorization header makes these preflighted; SAM's mock on /rest/secret lets them go.
    expect((await probe(page, `${api}/rest/secret`, { headers: { authorization: "nope" } })).blocked).toMatch(/^TypeError/);
    const raw = await fetch(`${api}/rest/secret`, { headers: { origin: rig.origin, authorization: "nope" } });
    expect(raw.status).toBe(403);
    expect(raw.headers.get("access-control-allow-origin")).toBeNull();
    expect((await probe(page, `${api}/rest/secret`)).blocked).toMatch(/^TypeError/);
    const allowed = await probe(page, `${api}/rest/secret`, { headers: { authorization: "allow" } });
    expect(allowed.blocked).toBeUndefined();
    expect(allowed.status).toBe(200);
  });

  it("DEFAULT_4XX with Access-Control-Allow-Origin: the page reads the authorizer's 401 and 403 and a missing route's 403", async () => {
    // Its own stage: on one port, /v1/… addresses this API alone (/Prod/… is the other REST API's).
    const api = `${rig.sandbox.apiUrl}/v1`;
    const unauthorized = await probe(page, `${api}/readable/secret`);
    expect(unauthorized).toMatchObject({ status: 401, body: "{\"message\":\"Unauthorized\"}" });
    const denied = await probe(page, `${api}/readable/secret`, { headers: { authorization: "nope" } });
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body ?? "")).toEqual({ Message: "User is not authorized to access this resource with an explicit deny in an identity-based policy" });
    const missing = await probe(page, `${api}/readable/nothing`);
    expect(missing).toMatchObject({ status: 403, body: "{\"message\":\"Missing Authentication Token\"}" });
  });
});
