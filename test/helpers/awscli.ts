// The AWS CLI, run as a user runs it against an endpoint, for tests (skipped where it is not installed).
import { execFile, execFileSync } from "node:child_process";

/** Whether `aws` runs on this machine (asked once). */
export const hasAws = (() => {
  try {
    execFileSync("aws", ["--version"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
})();

/** `aws --endpoint-url <endpoint> --region us-east-1 --output json <args>`: its JSON answer ({} for none); rejects with stderr on failure. */
export function awsCli(endpoint: string, ...args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      "aws",
      ["--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json", ...args],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x", AWS_PAGER: "", AWS_MAX_ATTEMPTS: "1" }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim() === "" ? {} : JSON.parse(stdout))),
    );
  });
}

/**
 * `aws <args> --endpoint-url <endpoint> --region us-east-1 --output json`: the text the CLI prints
 * (how it writes numbers and dates is what some tests check), run with dummy credentials and none
 * of the machine's config or credentials files; rejects with stderr on failure.
 */
export function awsCliText(endpoint: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "aws",
      [...args, "--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: "x",
          AWS_SECRET_ACCESS_KEY: "x",
          AWS_PAGER: "",
          AWS_MAX_ATTEMPTS: "1",
          AWS_CONFIG_FILE: "/nonexistent/aws-config",
          AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}
