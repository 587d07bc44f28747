// `sandbox up --no-template`: the bin run as a user runs it, in a directory with no template.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBin } from "./bin.js";

const dir = mkdtempSync(join(tmpdir(), "sandbox-no-template-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sandbox up --no-template", () => {
  it("starts the AWS APIs alone where no template is, says so, and answers on its edge", async () => {
    const r = runBin(["up", "--no-template", "--in-memory", "--port", "0", "--edge-port", "0"], { cwd: dir, env: { AWS_ENDPOINT_URL: "" } });
    await r.waitFor("Ctrl-C to stop");
    expect(r.stdout()).toMatch(/^sandbox · no template: the AWS APIs alone ready in \d+ ms$/m);
    expect(r.stdout()).toMatch(/^AWS APIs DynamoDB and Streams, Lambda, S3, SQS/m);
    const endpoint = /export AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(r.stdout())?.[1];
    const res = await fetch(`${endpoint}/_sandbox/health`);
    expect(res.status).toBe(200);
    // LocalStack's health check, which compose files and scripts wait on.
    const localstack = await fetch(`${endpoint}/_localstack/health`);
    expect(localstack.status).toBe(200);
    const health = (await localstack.json()) as { services: Record<string, string>; edition: string };
    expect(health.edition).toBe("community");
    expect(health.services).toMatchObject({ dynamodb: "running", lambda: "running", s3: "running", sqs: "running", stepfunctions: "running" });
    expect(Object.keys(health.services).some((name) => name.startsWith("sandbox"))).toBe(false);
    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
  });

  it("without --no-template, a directory with no template is still an error that says what to do", async () => {
    const { code, stderr } = await runBin(["up", "--in-memory", "--port", "0", "--edge-port", "0"], { cwd: dir }).result();
    expect(code).toBe(1);
    expect(stderr).toContain(`No template found in ${dir}`);
    expect(stderr).toContain("--no-template serves the AWS APIs alone");
  });
});
