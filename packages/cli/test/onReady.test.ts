// `sandbox up --on-ready <command>`: the bin run as a user runs it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "bin", "sandbox.js");
const webApp = join(import.meta.dirname, "..", "..", "..", "examples", "web-app");
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function up(onReady: string) {
  const child = spawn(process.execPath, [bin, "up", "--port", "0", "--edge-port", "0", "--in-memory", "--on-ready", onReady], {
    cwd: webApp,
    env: { ...process.env, NO_COLOR: "1", AWS_ENDPOINT_URL: "" },
  });
  stops.push(() => child.kill("SIGKILL"));
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const m = pattern.exec(out);
      if (m) return m;
      const done = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]);
      if (done) throw new Error(`exited before printing ${pattern}:\n${out}`);
    }
  };
  return { child, exited, waitFor };
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
