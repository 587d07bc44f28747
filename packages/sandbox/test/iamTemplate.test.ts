/**
 * A template's IAM resources and the roles SAM generates exist in the sandbox's IAM, and a
 * restart with the same data directory keeps one of each.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  GetGroupCommand, GetInstanceProfileCommand, GetPolicyCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import { createSandbox } from "@sam-sandbox/sandbox";

const template = join(import.meta.dirname, "fixtures", "iam-template");
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function withSandbox<T>(dataDir: string, run: (iam: IAMClient, outputs: Record<string, { value: string }>) => Promise<T>): Promise<T> {
  const sandbox = await createSandbox({ template, port: 0, edgePort: 0, dataDir });
  const iam = new IAMClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  try {
    return await run(iam, sandbox.app.outputs);
  } finally {
    iam.destroy();
    await sandbox.stop();
  }
}

describe("the template's IAM resources", () => {
  it("are in IAM from the first request, SAM's function role included, and a restart does not duplicate them", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-iam-template-"));
    dirs.push(dataDir);
    const first = await withSandbox(dataDir, async (iam, outputs) => {
      const worker = (await iam.send(new GetRoleCommand({ RoleName: "app-worker" }))).Role;
      expect(worker).toMatchObject({ Arn: outputs.WorkerArn?.value, MaxSessionDuration: 7200 });
      expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "app-worker" }))).PolicyNames).toEqual(["extra", "tables"]);
      expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "app-worker" }))).AttachedPolicies?.map((p) => p.PolicyName)).toEqual([
        "app-read",
        "AWSLambdaBasicExecutionRole",
      ]);
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::000000000000:policy/app/app-read" }))).Policy?.AttachmentCount).toBe(1);
      expect((await iam.send(new GetGroupCommand({ GroupName: "app-admins" }))).Users?.map((u) => u.Arn)).toEqual([outputs.OperatorArn?.value]);
      expect((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: "app-profile" }))).InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual(["app-worker"]);

      const roles = (await iam.send(new ListRolesCommand({}))).Roles ?? [];
      const helloRole = roles.find((r) => r.RoleName?.includes("HelloRole"));
      expect(helloRole).toBeDefined();
      expect(JSON.parse(decodeURIComponent(helloRole?.AssumeRolePolicyDocument ?? ""))).toMatchObject({ Statement: [{ Principal: { Service: ["lambda.amazonaws.com"] } }] });
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: helloRole?.RoleName }));
      expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(["AmazonSQSReadOnlyAccess", "AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess"]);
      // SAM's Policies: a name is attached, a document is the inline policy "<LogicalId>RolePolicy<index>".
      expect((await iam.send(new ListRolePoliciesCommand({ RoleName: helloRole?.RoleName }))).PolicyNames).toEqual(["HelloRolePolicy1"]);
      return { count: roles.length, workerId: worker?.RoleId };
    });
    await withSandbox(dataDir, async (iam) => {
      const roles = (await iam.send(new ListRolesCommand({}))).Roles ?? [];
      expect(roles).toHaveLength(first.count);
      expect((await iam.send(new GetRoleCommand({ RoleName: "app-worker" }))).Role?.RoleId).toBe(first.workerId);
    });
  });
});
