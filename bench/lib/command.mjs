import { spawn } from "node:child_process";

/**
 * Runs a peer's own CLI (e.g. `serverless offline`) as a child process and waits until a
 * line of its output matches `ready`. Its output is read (and dropped) for as long as it
 * runs, so a chatty server never blocks on a full pipe.
 */
export function startCommand(command, args, { cwd, env, ready, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${command} ${args.join(" ")} was not ready after ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    const stop = () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const kill = setTimeout(() => process.kill(-child.pid, "SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(kill);
          done();
        });
        // The whole process group: the CLI and whatever it started.
        process.kill(-child.pid, "SIGTERM");
      });
    const watch = (chunk) => {
      if (output === undefined) return;
      output += chunk;
      if (ready.test(output)) {
        output = undefined;
        clearTimeout(timer);
        resolve({ pid: child.pid, stop });
      }
    };
    child.stdout.on("data", watch);
    child.stderr.on("data", watch);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (output !== undefined) reject(new Error(`${command} exited with ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
}
