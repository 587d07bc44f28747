/**
 * The AWS CLI against the S3 wire (`aws s3 mb/cp/ls/rm`, `aws s3api …`), where `aws` is
 * installed (CI: Debian's awscli package). Skipped, with a message, when it is not.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type S3Fixture } from "./helpers.js";

const version = spawnSync("aws", ["--version"], { encoding: "utf8" });
const installed = version.error === undefined && version.status === 0;
if (!installed) console.warn("awscli.test.ts: `aws` is not installed; skipping the AWS CLI tests (apt-get install -y awscli).");

let f: S3Fixture;
let env: NodeJS.ProcessEnv;
let dir: string;

/** Runs `aws <args>` against the sandbox's S3 and returns its standard output. */
function aws(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // --endpoint-url too: awscli before 2.13 ignores AWS_ENDPOINT_URL.
    execFile("aws", [...args, "--endpoint-url", f.url], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`aws ${args.slice(0, 2).join(" ")} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

describe.skipIf(!installed)(`AWS CLI (${version.stdout?.trim() || version.stderr?.trim() || "not installed"})`, () => {
  beforeAll(async () => {
    f = await startS3();
    dir = mkdtempSync(join(tmpdir(), "s3-awscli-"));
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
    await f?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("makes a bucket, copies files up (one multipart) and down, lists and removes them", { timeout: 120_000 }, async () => {
    await aws("s3", "mb", "s3://cli-bucket");
    const small = join(dir, "hello.txt");
    writeFileSync(small, "hello from awscli\n");
    const big = join(dir, "big.bin");
    // Above awscli's 8 MiB multipart threshold: CreateMultipartUpload, UploadPart, CompleteMultipartUpload.
    writeFileSync(big, Buffer.alloc(9 * 1024 * 1024, 7));
    await aws("s3", "cp", small, "s3://cli-bucket/docs/hello.txt");
    await aws("s3", "cp", big, "s3://cli-bucket/big.bin");
    const listing = await aws("s3", "ls", "s3://cli-bucket/");
    expect(listing).toContain("PRE docs/");
    expect(listing).toMatch(/9437184 big\.bin/);
    expect(await aws("s3", "ls", "s3://cli-bucket/docs/")).toMatch(/18 hello\.txt/);
    const down = join(dir, "down.txt");
    await aws("s3", "cp", "s3://cli-bucket/docs/hello.txt", down);
    expect(readFileSync(down, "utf8")).toBe("hello from awscli\n");
    const head = JSON.parse(await aws("s3api", "head-object", "--bucket", "cli-bucket", "--key", "big.bin", "--output", "json")) as { ETag: string; ContentLength: number };
    expect(head.ContentLength).toBe(9 * 1024 * 1024);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    await aws("s3", "rm", "s3://cli-bucket", "--recursive");
    await aws("s3", "rb", "s3://cli-bucket");
    expect(await aws("s3", "ls")).not.toContain("cli-bucket");
  });

  it("reports S3's error codes (s3api get-object on a missing key)", { timeout: 60_000 }, async () => {
    await aws("s3", "mb", "s3://cli-errors");
    const error = await aws("s3api", "get-object", "--bucket", "cli-errors", "--key", "missing", join(dir, "x")).catch((e: Error) => e);
    expect(String(error)).toContain("NoSuchKey");
  });
});
