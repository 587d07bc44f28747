/**
 * SAM REST `Cors` through a served sandbox: SAM adds an OPTIONS MOCK method to every path
 * (samtranslator SwaggerEditor.add_cors), whose integration response maps the header values
 * as the template wrote them; API Gateway answers them verbatim, spaces kept.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

/** The answer's status, Access-Control-* and Content-Type headers, and body. */
async function preflight(url: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const res = await fetch(url, { method: "OPTIONS", headers: { origin: "https://shop.example", "access-control-request-method": "POST" } });
  const headers = Object.fromEntries([...res.headers].filter(([name]) => name.startsWith("access-control-") || name === "content-type"));
  return { status: res.status, headers, body: await res.text() };
}

describe("SAM REST Cors (fixtures/rest-cors)", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "rest-cors"), port: 0, edgePort: 0, inMemory: true });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("Globals.Api `Cors: \"'*'\"` on the implicit API: origin alone, the path's methods plus OPTIONS, sorted", async () => {
    expect(await preflight(`${sandbox.apiUrl}/Prod/items`)).toEqual({
      status: 200,
      headers: { "content-type": "application/json", "access-control-allow-origin": "*", "access-control-allow-methods": "GET,OPTIONS,POST" },
      body: "{}\n",
    });
  });

  it("a path with ANY allows every method, as SAM's _ALL_HTTP_METHODS sorted", async () => {
    const answer = await preflight(`${sandbox.apiUrl}/Prod/things/a/b`);
    expect(answer.headers["access-control-allow-methods"]).toBe("DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT");
  });

  it("a Cors map answers each value as written (spaces kept), Max-Age and Allow-Credentials included", async () => {
    const expected = {
      status: 200,
      headers: {
        "content-type": "application/json",
        "access-control-allow-origin": "https://shop.example",
        "access-control-allow-methods": "OPTIONS, POST, GET",
        "access-control-allow-headers": "Content-Type, X-Api-Key",
        "access-control-max-age": "600",
        "access-control-allow-credentials": "true",
      },
      body: "{}\n",
    };
    expect(await preflight(`${sandbox.apiUrl}/v1/orders`)).toEqual(expected);
    expect(await preflight(`${sandbox.apiUrl}/v1/orders/7`)).toEqual(expected);
  });

  it("the DefaultAuthorizer guards SAM's OPTIONS methods too: a preflight without a token is a 401", async () => {
    const refused = await fetch(`${sandbox.apiUrl}/locked/secret`, { method: "OPTIONS", headers: { origin: "https://shop.example", "access-control-request-method": "GET" } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: "Unauthorized" });
    const allowed = await fetch(`${sandbox.apiUrl}/locked/secret`, { method: "OPTIONS", headers: { authorization: "allow" } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-methods")).toBe("GET,OPTIONS");
  });

  it("AddDefaultAuthorizerToCorsPreflight: false leaves them open", async () => {
    expect((await preflight(`${sandbox.apiUrl}/open/secret`)).status).toBe(200);
  });
});
