// The `sandbox` bin run as a user runs it, for the CLI's tests: output collected, waited on by
// pattern, the process killed when its test finishes.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { onTestFinished } from "vitest";

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

// Stopped when the test that started it finishes. Not a module-level afterEach: the suite runs
// files without isolation (vitest.config.ts), so this module, and a hook it registered, would
// belong to the first test file that imported it only.
const outsideTests = new Set<BinRun>();
process.once("exit", () => {
  for (const r of outsideTests) r.child.kill("SIGKILL");
});

/**
 * SIGTERM first: a `sandbox up` stopped so removes what it made (an in-memory sandbox's build
 * folder in the temp dir); SIGKILL only if it has not exited 3 s later.
 */
async function stop(r: BinRun): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  r.child.kill("SIGTERM");
  const timer = setTimeout(() => r.child.kill("SIGKILL"), 3000);
  await r.exited;
  clearTimeout(timer);
}

function killAfterTest(r: BinRun): void {
  try {
    onTestFinished(() => stop(r));
  } catch {
    // Started outside a test (a beforeAll): killed when the test process exits at the latest.
    outsideTests.add(r);
    void r.exited.then(() => outsideTests.delete(r));
  }
}

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
  killAfterTest(r);
  return r;
}
