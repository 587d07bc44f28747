// `sandbox up --on-ready <command>`: the bin run as a user runs it.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const webApp = join(import.meta.dirname, "..", "..", "..", "examples", "web-app");

function up(onReady: string) {
  const r = runBin(["up", "--port", "0", "--edge-port", "0", "--in-memory", "--on-ready", onReady], { cwd: webApp, env: { AWS_ENDPOINT_URL: "" } });
  return { child: r.child, exited: r.exited, waitFor: async (pattern: RegExp) => (await r.waitFor(pattern)) as RegExpExecArray };
}

describe("sandbox up --on-ready", () => {
  it("runs the command once ready with the sandbox's AWS environment and outputs: the example's seed script fills the table", async () => {
    const r = up("node scripts/seed.mjs");
    const api = (await r.waitFor(/GET\s+(http:\/\/127\.0\.0\.1:\d+)\/todos/))[1];
    await r.waitFor(/^ {4}on-ready │ seeded 3 todos into web-app-todos$/m);
    await r.waitFor(/^✔ on-ready node scripts\/seed\.mjs finished \d+ ms$/m);
    const res = await fetch(`${api}/todos?status=open`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: Array<{ id: string }> }).items.map((t) => t.id)).toEqual(["seed-3"]);
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("gives the command SANDBOX_API_URL, SANDBOX_STACK_NAME and the outputs with local URLs; a failing command is reported and the sandbox keeps serving", async () => {
    const r = up('echo "$SANDBOX_STACK_NAME $SANDBOX_API_URL $SANDBOX_OUTPUT_ApiUrl $AWS_ENDPOINT_URL"; echo oops >&2; exit 3');
    const line = await r.waitFor(/^ {4}on-ready │ web-app (http:\/\/127\.0\.0\.1:\d+) (\S+) (http:\/\/127\.0\.0\.1:\d+)$/m);
    expect(line[2]).toBe(`${line[1]}/`);
    await r.waitFor(/^ {4}on-ready │ oops$/m);
    await r.waitFor(/^⚠ on-ready .* exited with 3 \d+ ms; the sandbox keeps running$/m);
    const res = await fetch(`${line[1]}/todos`);
    expect(res.status).toBe(200);
  });
});
