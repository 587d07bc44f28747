/**
 * The developer guide's user import, command for command: `aws cognito-idp get-csv-header`,
 * `create-user-import-job`, `curl -T users.csv -H "x-amz-server-side-encryption:aws:kms" <PreSignedUrl>`,
 * `start-user-import-job`, `describe-user-import-job`, where `aws` is installed (CI: Debian's awscli).
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { VirtualClock } from "@sam-sandbox/core";
import { IMPORT_PENDING_MS } from "../src/engine/importJobs/jobs.js";
import { startCognito, type Harness } from "./helpers.js";

const version = spawnSync("aws", ["--version"], { encoding: "utf8" });
const installed = version.error === undefined && version.status === 0;
if (!installed) console.warn("userImportCli.test.ts: `aws` is not installed; skipping the AWS CLI tests (apt-get install -y awscli).");

const run = promisify(execFile);
let h: Harness;
let env: NodeJS.ProcessEnv;
let dir: string;

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  // --endpoint-url too: awscli before 2.13 ignores AWS_ENDPOINT_URL.
  const { stdout } = await run("aws", ["cognito-idp", ...args, "--endpoint-url", h.url, "--output", "json"], { env, timeout: 30_000 });
  return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}

describe.skipIf(!installed)(`User import with the AWS CLI (${version.stdout?.trim() || version.stderr?.trim() || "not installed"})`, () => {
  beforeAll(async () => {
    h = await startCognito({ clock: new VirtualClock(Date.UTC(2026, 10, 26, 6, 0, 0)) });
    dir = mkdtempSync(join(tmpdir(), "cognito-import-cli-"));
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_PAGER: "",
      AWS_CONFIG_FILE: "/nonexistent/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
      AWS_EC2_METADATA_DISABLED: "true",
    };
  });
  afterAll(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs the guide's commands unchanged", async () => {
    const poolId = (await h.client.send(new CreateUserPoolCommand({ PoolName: "cli", AutoVerifiedAttributes: ["email"] }))).UserPool?.Id ?? "";
    const header = (await aws("get-csv-header", "--user-pool-id", poolId)).CSVHeader as string[];
    const values: Record<string, string> = { "cognito:username": "johndoe", email: "johndoe@example.com", email_verified: "TRUE", "cognito:mfa_enabled": "FALSE", name: "John\\, Jr." };
    const file = join(dir, "users.csv");
    writeFileSync(file, `${header.join(",")}\n${header.map((column) => values[column] ?? "").join(",")}\n`);
    const created = (await aws("create-user-import-job", "--job-name", "JOB_NAME", "--user-pool-id", poolId, "--cloud-watch-logs-role-arn", "arn:aws:iam::000000000000:role/CognitoImport")).UserImportJob as Record<string, string>;
    expect(created.Status).toBe("Created");
    const { stderr } = await run("curl", ["-v", "-T", file, "-H", "x-amz-server-side-encryption:aws:kms", created.PreSignedUrl ?? ""]);
    expect(stderr).toContain("We are completely uploaded and fine");
    expect((await aws("start-user-import-job", "--user-pool-id", poolId, "--job-id", created.JobId ?? "")).UserImportJob).toMatchObject({ Status: "Pending" });
    await h.clock.advance(IMPORT_PENDING_MS);
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 100 && job.Status !== "Succeeded" && job.Status !== "Failed"; i++) {
      job = (await aws("describe-user-import-job", "--user-pool-id", poolId, "--job-id", created.JobId ?? "")).UserImportJob as Record<string, unknown>;
    }
    expect(job).toMatchObject({ Status: "Succeeded", ImportedUsers: 1, CompletionMessage: "Import Job Completed Successfully." });
    const user = await aws("admin-get-user", "--user-pool-id", poolId, "--username", "johndoe");
    expect(user.UserStatus).toBe("RESET_REQUIRED");
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: "name", Value: "John, Jr." }]));
  });
});
