import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const webApp = join(import.meta.dirname, "..", "..", "..", "examples", "web-app");
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await createSandbox({ template: webApp, port: 0, edgePort: 0, inMemory: true, watch: false });
});

afterAll(async () => {
  await sandbox?.stop();
});

describe("the application port", () => {
  it("answers a body past API Gateway's 10 MB quota with its 413 and keeps serving", async () => {
    const res = await fetch(`${sandbox.apiUrl}/todos`, { method: "POST", body: Buffer.alloc(24 * 1024 * 1024, 0x61) });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('{"message":"Request Entity Too Large"}');
    // The connection stays usable for the next request.
    expect((await fetch(`${sandbox.apiUrl}/todos`)).status).toBe(200);
  });
});
