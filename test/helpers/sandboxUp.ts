// `sandbox up` as a child process, for the tests that restart or kill the real process
// (durability after SIGKILL, persistence across restarts).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const bin = join(import.meta.dirname, "..", "..", "packages", "cli", "bin", "sandbox.js");

export interface SandboxProcess {
  child: ChildProcess;
  endpoint: string;
  exited: Promise<number | null>;
}

/**
 * `sandbox up <template> …args` on free ports; resolves with the edge endpoint from its JSON
 * ready line. The child is pushed onto `children` so the caller's afterEach can kill it.
 */
export function sandboxUp(template: string, args: string[], children: ChildProcess[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [bin, "up", template, "--port", "0", "--edge-port", "0", "--log-format", "json", ...args], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      // Whole lines only: a long line may come in two chunks.
      for (const line of out.split("\n").slice(0, -1)) {
        if (!line.startsWith("{")) continue;
        const event = JSON.parse(line) as { type?: string; endpoint?: string };
        if (event.type === "ready" && event.endpoint) resolve({ child, endpoint: event.endpoint, exited });
      }
    });
    void exited.then((code) => reject(new Error(`sandbox exited (${code}) before it was ready:\n${out}\n${err}`)));
  });
}
