import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Starts bench/servers/<name>.mjs in its own process (so the server never shares a CPU
 * account with the load generator), sends it `config` and waits for its first message.
 * BENCH_CPU_PROF=<dir> profiles the servers (node --cpu-prof; the profile is written on exit);
 * BENCH_EXEC_ARGV passes other node flags (e.g. "--trace-gc"), BENCH_CHILD_STDOUT=1 shows their output.
 */
export function startServer(name, config = {}) {
  const script = fileURLToPath(new URL(`../servers/${name}.mjs`, import.meta.url));
  const profile = process.env.BENCH_CPU_PROF;
  const execArgv = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : (process.env.BENCH_EXEC_ARGV ?? "").split(" ").filter(Boolean);
  const child = fork(script, [], { stdio: ["ignore", process.env.BENCH_CHILD_STDOUT ? "inherit" : "ignore", "inherit", "ipc"], execArgv });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${name} server exited with ${code} before it was ready`)));
    child.once("message", (info) => {
      child.removeAllListeners("exit");
      resolve({
        ...info,
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
            child.once("exit", () => {
              clearTimeout(timer);
              done();
            });
            child.disconnect();
          }),
      });
    });
    child.send(config);
  });
}
