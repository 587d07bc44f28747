// The `sandbox` bin run as a user runs it, for the CLI's tests: output collected, waited on by
// pattern, the process killed after each test.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { afterEach } from "vitest";

export const bin = join(import.meta.dirname, "..", "bin", "sandbox.js");

export interface BinRun {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Both streams as they interleaved. */
  output: () => string;
  exited: Promise<number | null>;
  /** Waits until stdout and stderr together show `pattern`; fails if the process exits first. */
  waitFor: (pattern: RegExp | string) => Promise<RegExpExecArray | undefined>;
  /** Waits for the exit: the code and everything printed. */
  result: () => Promise<{ code: number | null; stdout: string; stderr: string }>;
}

const running: BinRun[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill("SIGKILL");
});

export function runBin(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): BinRun {
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env } });
  let out = "";
  let err = "";
  let both = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    both += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
    both += d.toString();
  });
  child.stdin.end(options.stdin ?? "");
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const waitFor = async (pattern: RegExp | string): Promise<RegExpExecArray | undefined> => {
    for (;;) {
      if (typeof pattern === "string" ? both.includes(pattern) : pattern.test(both)) return typeof pattern === "string" ? undefined : (pattern.exec(both) ?? undefined);
      const done = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20))]);
      // The last lines may come in the same wait as the exit: look once more before failing.
      if (done && !(typeof pattern === "string" ? both.includes(pattern) : pattern.test(both))) throw new Error(`exited before printing ${String(pattern)}:\n${both}`);
    }
  };
  const r: BinRun = {
    child,
    stdout: () => out,
    stderr: () => err,
    output: () => both,
    exited,
    waitFor,
    result: async () => ({ code: await exited, stdout: out, stderr: err }),
  };
  running.push(r);
  return r;
}
