import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { FileStore, SandboxError, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { createSsm } from "@sam-sandbox/ssm";
import { createSandbox, type RunningSandbox, type SandboxOptions } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const template = join(import.meta.dirname, "fixtures", "ssm-parameters");
const templateFile = join(template, "template.yaml");

/** Start-up's error, or undefined when the sandbox started (it is stopped again). */
async function startUpError(options: SandboxOptions): Promise<unknown> {
  return createSandbox(options).then(
    async (s) => {
      await s.stop();
      return undefined;
    },
    (error: unknown) => error,
  );
}

describe("Parameters of type AWS::SSM::Parameter::Value<…>", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-ssm-params-"));
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;
  let ssm: SSMClient;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    // Nothing has put /app-config/db-host yet: start-up fails as the deploy would, naming the template and the parameter's line.
    const failed = await startUpError({ template, port: 0, edgePort: 0, dataDir });
    expect(failed).toBeInstanceOf(SandboxError);
    const error = failed as SandboxError;
    expect(error.message).toBe("Unable to fetch parameters [/app-config/db-host] from parameter store for this account.");
    expect(error.file).toBe(templateFile);
    expect(error.line).toBe(6);
    // An earlier run (or `aws ssm put-parameter` against a running sandbox) put it; it is kept in .sandbox/.
    const store = new FileStore({ dir: dataDir, logger: silentLogger });
    const seeded = await createSsm({ clock: new VirtualClock(Date.now()), store });
    await seeded.engine.putParameter({ Name: "/app-config/db-host", Value: "db.internal", Type: "String" });
    await seeded.engine.putParameter({ Name: "/app-config/token", Value: "s3cret", Type: "SecureString" });
    await store.close();

    sandbox = await createSandbox({ template, port: 0, edgePort: 0, dataDir });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    lambda = new LambdaClient(config);
    ssm = new SSMClient(config);
    cfn = new CloudFormationClient(config);
  });

  afterAll(async () => {
    for (const c of [lambda, ssm, cfn]) c?.destroy();
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("gives !Ref the SSM parameter's value: one put earlier, one the template creates (a StringList, as a list)", async () => {
    const fn = sandbox.app.functions.find((f) => f.logicalId === "Reader")?.functionName;
    const out = await lambda.send(new InvokeCommand({ FunctionName: fn }));
    expect(JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8"))).toEqual({
      DB_HOST: "db.internal",
      SUBNETS: "subnet-a;subnet-b",
      FIRST_SUBNET: "subnet-a",
      STAGE: "dev",
    });
    expect(sandbox.app.outputs.DbHost.value).toBe("db.internal");
    expect(sandbox.app.warnings.filter((w) => w.includes("SSM"))).toEqual([]);
    // The template's own parameter was put once, not again by the second reading of the template.
    expect((await ssm.send(new GetParameterCommand({ Name: "/app-config/subnets" }))).Parameter).toMatchObject({ Value: "subnet-a,subnet-b", Version: 1 });
  });

  it("shows the SSM parameter's name as ParameterValue and its value as ResolvedValue in DescribeStacks", async () => {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: sandbox.app.stackName }));
    const parameters = [...(Stacks?.[0]?.Parameters ?? [])].sort((a, b) => String(a.ParameterKey).localeCompare(String(b.ParameterKey)));
    expect(parameters).toEqual([
      { ParameterKey: "DbHost", ParameterValue: "/app-config/db-host", ResolvedValue: "db.internal" },
      { ParameterKey: "Stage", ParameterValue: "dev" },
      { ParameterKey: "Subnets", ParameterValue: "/app-config/subnets", ResolvedValue: "subnet-a,subnet-b" },
    ]);
  });

  it("reads a value put through the SSM API at the next start-up; an override names another parameter", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/app-config/db-host", Value: "db2.internal", Type: "String", Overwrite: true }));
    await ssm.send(new PutParameterCommand({ Name: "/app-config/replica-host", Value: "replica.internal", Type: "String" }));
    await sandbox.stop();
    const next = await createSandbox({ template, port: 0, edgePort: 0, dataDir });
    try {
      expect(next.app.outputs.DbHost.value).toBe("db2.internal");
    } finally {
      await next.stop();
    }
    const overridden = await createSandbox({ template, port: 0, edgePort: 0, dataDir, parameterOverrides: { DbHost: "/app-config/replica-host" } });
    try {
      expect(overridden.app.outputs.DbHost.value).toBe("replica.internal");
      expect(overridden.app.parameters.find((p) => p.name === "DbHost")).toMatchObject({ value: "/app-config/replica-host", resolvedValue: "replica.internal" });
    } finally {
      await overridden.stop();
    }
  });

  it("refuses a SecureString, as CloudFormation does", async () => {
    // (The sandbox was stopped by the test before: one process at a time on a data directory.)
    const secure = await startUpError({ template, port: 0, edgePort: 0, dataDir, parameterOverrides: { DbHost: "/app-config/token" } });
    expect(secure).toBeInstanceOf(SandboxError);
    expect((secure as SandboxError).message).toBe("Parameters [/app-config/token] referenced by template have types not supported by CloudFormation.");
    expect((secure as SandboxError).line).toBe(6);
  });
});

describe("AWS::SSM::Parameter::Value<…> parameters nothing reads", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-ssm-params-unread-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const templateWith = (name: string, parameters: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `Parameters:\n${parameters}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n`);
    return file;
  };

  it("are still read: one naming no parameter fails start-up", async () => {
    const file = templateWith("unread", "  Unread:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /app-config/nowhere");
    const failed = await startUpError({ template: file, port: 0, edgePort: 0, inMemory: true });
    expect((failed as SandboxError).message).toBe("Unable to fetch parameters [/app-config/nowhere] from parameter store for this account.");
    expect((failed as SandboxError).line).toBe(2);
  });

  it("let a CDK app start without a bootstrap stack (its /cdk-bootstrap/<qualifier>/version is read only by Rules)", async () => {
    const file = templateWith("cdk", "  BootstrapVersion:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /cdk-bootstrap/hnb659fds/version");
    const sandbox = await createSandbox({ template: file, port: 0, edgePort: 0, inMemory: true });
    try {
      expect(sandbox.app.parameters).toMatchObject([{ name: "BootstrapVersion", value: "/cdk-bootstrap/hnb659fds/version", referenced: false }]);
    } finally {
      await sandbox.stop();
    }
  });
});
