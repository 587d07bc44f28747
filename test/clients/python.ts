// Finds a python3 that imports boto3 (CI installs python3-boto3 from Debian); tests that
// need one skip, saying why, where there is none.
import { execFile, execFileSync } from "node:child_process";

function probe(command: string): boolean {
  try {
    execFileSync(command, ["-c", "import boto3"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** SANDBOX_PYTHON when set, else the first of python3 and /usr/bin/python3 that can import boto3. */
export const boto3Python: string | undefined = (process.env.SANDBOX_PYTHON ? [process.env.SANDBOX_PYTHON] : ["python3", "/usr/bin/python3"]).find(probe);

/** Runs `python <script> <args>` with `env` added to the environment; resolves with its stdout parsed as JSON. */
export function runPythonJson(python: string, script: string, args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(python, [script, ...args], { env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}
