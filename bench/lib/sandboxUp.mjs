// `sandbox up <dir> --log-format json` in a child process: resolves at its ready line with the
// API URL and the time it took; `events` collects every JSON line it prints (log lines, reloads).
import { spawn } from "node:child_process";
import { cliBin, repoRoot } from "./paths.mjs";

export async function startSandboxUp(dir, extraArgs = []) {
  const started = performance.now();
  const child = spawn(process.execPath, [cliBin, "up", dir, "--port", "0", "--edge-port", "0", "--log-format", "json", ...extraArgs], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const events = [];
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGINT");
    await exited;
  };
  try {
    const apiUrl = await new Promise((resolve, reject) => {
      let pending = "";
      child.stdout.on("data", (chunk) => {
        pending += chunk;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.startsWith("{")) continue;
          const event = JSON.parse(line);
          events.push(event);
          if (event.type === "ready") resolve(event.apiUrl);
        }
      });
      child.once("exit", (code) => reject(new Error(`sandbox up exited with ${code}: ${stderr}`)));
    });
    return { apiUrl, readyMs: performance.now() - started, started, pid: child.pid, events, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
