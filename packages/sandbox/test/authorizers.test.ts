import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "authorizers");

let sandbox: RunningSandbox;
beforeAll(async () => {
  const logger = { info() {}, debug() {}, error() {}, warn() {} };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
});
afterAll(async () => {
  await sandbox?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sandbox.apiUrl}${path}`, { headers });

describe("a template's Lambda authorizers and API keys", () => {
  it("TOKEN authorizer: 401 without a token, 403 for a Deny policy, 200 with the authorizer's context", async () => {
    const missing = await get("/secure");
    expect(missing.status).toBe(401);
    expect(await missing.text()).toBe('{"message":"Unauthorized"}');

    const refused = await get("/secure", { Authorization: "nobody" });
    expect(refused.status).toBe(401);

    const denied = await get("/secure", { Authorization: "deny" });
    expect(denied.status).toBe(403);
    expect(denied.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");

    const allowed = await get("/secure", { Authorization: "allow" });
    expect(allowed.status).toBe(200);
    const context = (await allowed.json()) as { authorizer: Record<string, unknown> };
    expect(context.authorizer).toMatchObject({ principalId: "student", level: "3" });

    // Cached for ReauthorizeEvery: the same answer (the same callId) comes back without a new call.
    const again = (await (await get("/secure", { Authorization: "allow" })).json()) as { authorizer: Record<string, unknown> };
    expect(again.authorizer.callId).toBe(context.authorizer.callId);
  });

  it("API key: 403 Forbidden without a key, 200 with the key SAM's usage plan creates", async () => {
    const missing = await get("/keyed");
    expect(missing.status).toBe(403);
    expect(await missing.text()).toBe('{"message":"Forbidden"}');
    const key = sandbox.app.apis.find((a) => a.logicalId === "RestApi")?.apiKeys?.[0];
    expect(key?.generated).toBe(true);
    const ok = await get("/keyed", { "x-api-key": key?.value ?? "" });
    expect(ok.status).toBe(200);
    const context = (await ok.json()) as { identity: Record<string, unknown> };
    expect(context.identity.apiKey).toBe(key?.value);
    expect(context.identity.apiKeyId).toBe(key?.id);
  });

  it("HTTP API simple responses: 401, 403 {\"message\":\"Forbidden\"}, and authorizer.lambda on success", async () => {
    expect((await get("/simple")).status).toBe(401);
    const denied = await get("/simple", { Authorization: "wrong" });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toBe('{"message":"Forbidden"}');
    const ok = await get("/simple", { Authorization: "letmein" });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { authorizer: unknown }).authorizer).toEqual({ lambda: { user: "u1" } });
  });
});
