/**
 * IAM through a running sandbox's edge: the SDK signs for us-east-1 and "iam", the edge routes
 * by that name, and what is created is kept across a restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient, type STSServiceException } from "@aws-sdk/client-sts";
import { createSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("IAM on the edge", () => {
  it("is listed in the health endpoint, serves the SDK, and keeps roles across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-iam-"));
    dirs.push(dataDir);
    const first = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir });
    try {
      const health = (await (await fetch(`${first.endpoint}/_sandbox/health`)).json()) as { services: string[] };
      expect(health.services).toContain("iam");
      const iam = new IAMClient({ endpoint: first.endpoint, region: "us-east-1", credentials });
      const created = await iam.send(new CreateRoleCommand({ RoleName: "fn-role", AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: "fn-role", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }));
      expect(created.Role?.Arn).toBe("arn:aws:iam::000000000000:role/fn-role");
      // STS honours the MaxSessionDuration of a role created through IAM (default 3600).
      const sts = new STSClient({ endpoint: first.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
      const refused = await sts.send(new AssumeRoleCommand({ RoleArn: created.Role?.Arn, RoleSessionName: "session", DurationSeconds: 7200 })).catch((e: STSServiceException) => e);
      expect(refused).toMatchObject({ name: "ValidationError", message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." });
      await sts.send(new AssumeRoleCommand({ RoleArn: created.Role?.Arn, RoleSessionName: "session", DurationSeconds: 3600 }));
      sts.destroy();
      // Step Functions' aws-sdk:iam integrations reach it through the dispatcher.
      const viaDispatcher = await first.dispatcher.call("iam", "GetRole", { RoleName: "fn-role" }, { sdkNames: true });
      expect(viaDispatcher.Role).toMatchObject({ RoleName: "fn-role", RoleId: created.Role?.RoleId, MaxSessionDuration: 3600 });
      iam.destroy();
    } finally {
      await first.stop();
    }
    const second = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir });
    try {
      const iam = new IAMClient({ endpoint: second.endpoint, region: "us-east-1", credentials });
      expect((await iam.send(new GetRoleCommand({ RoleName: "fn-role" }))).Role?.RoleName).toBe("fn-role");
      expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "fn-role" }))).AttachedPolicies).toEqual([
        { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
      ]);
      iam.destroy();
    } finally {
      await second.stop();
    }
  });
});
