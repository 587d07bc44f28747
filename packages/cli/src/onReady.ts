/**
 * `sandbox up --on-ready <command>`: a shell command run once the sandbox is ready (as
 * LocalStack's ready.d init hooks), typically to seed tables, queues or buckets with the AWS CLI
 * or a script. It runs with the sandbox's AWS environment (AWS_ENDPOINT_URL, region, test
 * credentials unless set), SANDBOX_API_URL, SANDBOX_STACK_NAME and each template output as
 * SANDBOX_OUTPUT_<Name> (API URLs as the sandbox serves them); its output shows in the terminal.
 * A failing command is reported; the sandbox keeps running.
 */
import { spawn } from "node:child_process";
import pc from "picocolors";
import { localApiUrls, type RunningSandbox } from "@sam-sandbox/sandbox";

export interface OnReadyReport {
  exitCode: number | null;
  durationMs: number;
}

/** The variables the command sees, beside this process's own. */
export function onReadyEnvironment(sandbox: RunningSandbox, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const local = localApiUrls(sandbox.app, sandbox.apiUrl);
  const outputs = Object.fromEntries(Object.entries(sandbox.app.outputs).map(([name, o]) => [`SANDBOX_OUTPUT_${name}`, local(String(o.value))]));
  return {
    ...base,
    AWS_ENDPOINT_URL: sandbox.endpoint,
    AWS_REGION: sandbox.region,
    AWS_DEFAULT_REGION: sandbox.region,
    AWS_ACCESS_KEY_ID: base.AWS_ACCESS_KEY_ID ?? "test",
    AWS_SECRET_ACCESS_KEY: base.AWS_SECRET_ACCESS_KEY ?? "test",
    SANDBOX_API_URL: sandbox.apiUrl,
    SANDBOX_STACK_NAME: sandbox.app.stackName,
    ...outputs,
  };
}

/** Runs the command; each line it prints goes to `line`. Resolves when it has exited. */
export function runOnReady(command: string, sandbox: RunningSandbox, line: (text: string, stream: "stdout" | "stderr") => void): Promise<OnReadyReport> {
  const started = performance.now();
  const child = spawn(command, { shell: true, env: onReadyEnvironment(sandbox), stdio: ["ignore", "pipe", "pipe"] });
  const forward = (stream: "stdout" | "stderr") => {
    let pending = "";
    child[stream].on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const text of lines) line(text, stream);
    });
    child[stream].on("end", () => {
      if (pending !== "") line(pending, stream);
    });
  };
  forward("stdout");
  forward("stderr");
  return new Promise((resolve) => {
    child.on("error", () => resolve({ exitCode: null, durationMs: performance.now() - started }));
    child.on("close", (code) => resolve({ exitCode: code, durationMs: performance.now() - started }));
  });
}

/** The terminal's lines for the command (text format). */
export function onReadyLine(text: string, stream: "stdout" | "stderr"): string {
  return `${pc.dim("    on-ready │")} ${stream === "stderr" ? pc.red(text) : text}`;
}

export function onReadyResult(command: string, report: OnReadyReport): string {
  const ms = Math.round(report.durationMs);
  return report.exitCode === 0
    ? `${pc.green("✔")} on-ready ${pc.dim(command)} finished ${pc.dim(`${ms} ms`)}`
    : `${pc.yellow("⚠")} on-ready ${pc.dim(command)} ${report.exitCode === null ? "could not run" : `exited with ${report.exitCode}`} ${pc.dim(`${ms} ms`)}; the sandbox keeps running`;
}
