import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { DescribeParametersCommand, GetParameterCommand, ListTagsForResourceCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { FileStore, SandboxError, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { createSsm } from "@sam-sandbox/ssm";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const template = join(import.meta.dirname, "fixtures", "secrets");

interface ReaderResult {
  parameter: string;
  secret: Record<string, string>;
  env: Record<string, string>;
}

describe("AWS::SSM::Parameter, AWS::SecretsManager::Secret and dynamic references", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-secrets-"));
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;
  let ssm: SSMClient;
  let secrets: SecretsManagerClient;

  const invoke = async (): Promise<ReaderResult> => {
    const fn = sandbox.app.functions.find((f) => f.logicalId === "Reader")?.functionName;
    const out = await lambda.send(new InvokeCommand({ FunctionName: fn }));
    return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8")) as ReaderResult;
  };
  const start = async () => {
    sandbox = await createSandbox({ template, port: 0, edgePort: 0, dataDir });
    const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
    lambda = new LambdaClient(config);
    ssm = new SSMClient(config);
    secrets = new SecretsManagerClient(config);
  };
  const stop = async () => {
    for (const c of [lambda, ssm, secrets]) c?.destroy();
    await sandbox?.stop();
  };

  beforeAll(async () => {
    // The template reads a SecureString nothing has created yet: start-up fails, naming the template and the reference.
    const failed = await createSandbox({ template, port: 0, edgePort: 0, dataDir }).then(
      async (s) => {
        await s.stop();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(SandboxError);
    const error = failed as SandboxError;
    expect(error.file).toBe(join(template, "template.yaml"));
    expect(error.message).toContain("Reader: dynamic reference {{resolve:ssm-secure:/secrets-app/token}} cannot be resolved: no parameter /secrets-app/token");
    // An earlier run (or `aws ssm put-parameter`) created it.
    const store = new FileStore({ dir: dataDir, logger: silentLogger });
    const seeded = await createSsm({ clock: new VirtualClock(Date.now()), store });
    await seeded.engine.putParameter({ Name: "/secrets-app/token", Value: "t0k3n", Type: "SecureString" });
    await store.close();
    await start();
  });

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates the template's parameters with their names, types and tags", async () => {
    const greeting = await ssm.send(new GetParameterCommand({ Name: "/secrets-app/greeting" }));
    expect(greeting.Parameter).toMatchObject({ Value: "hello", Type: "String", Version: 1 });
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/secrets-app/greeting" }))).TagList).toEqual([{ Key: "team", Value: "platform" }]);
    const unnamed = sandbox.app.outputs.UnnamedName.value;
    expect(unnamed).toMatch(/^CFN-Unnamed-[A-Za-z0-9]{12}$/);
    expect(sandbox.app.outputs.UnnamedType.value).toBe("StringList");
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: [unnamed] }] }));
    expect(described.Parameters?.map((p) => p.Type)).toEqual(["StringList"]);
  });

  it("creates the secrets under the ARN their !Ref gives, generating GenerateSecretString's password", async () => {
    const api = await secrets.send(new GetSecretValueCommand({ SecretId: sandbox.app.outputs.ApiKeyArn.value }));
    expect(api.SecretString).toBe('{"key":"k-123","scopes":["read"]}');
    const db = await secrets.send(new GetSecretValueCommand({ SecretId: "secrets-app/db" }));
    expect(db.ARN).toBe(sandbox.app.outputs.DbSecretArn.value);
    const value = JSON.parse(db.SecretString ?? "{}") as Record<string, string>;
    expect(value.username).toBe("admin");
    expect(value.password).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it("gives the function its configuration: SDK reads at cold start and resolved environment variables", async () => {
    const db = JSON.parse((await secrets.send(new GetSecretValueCommand({ SecretId: "secrets-app/db" }))).SecretString ?? "{}") as Record<string, string>;
    const result = await invoke();
    expect(result.parameter).toBe("hello");
    expect(result.secret).toEqual(db);
    expect(result.env).toEqual({ GREETING: "hello", API_KEY: "k-123", DB_PASSWORD: db.password, SALUTATION: "hello, t0k3n!" });
  });

  it("keeps a generated password and unchanged parameters across a restart", async () => {
    const before = (await secrets.send(new GetSecretValueCommand({ SecretId: "secrets-app/db" }))).SecretString;
    await stop();
    await start();
    expect((await secrets.send(new GetSecretValueCommand({ SecretId: "secrets-app/db" }))).SecretString).toBe(before);
    expect((await ssm.send(new GetParameterCommand({ Name: "/secrets-app/greeting" }))).Parameter?.Version).toBe(1);
    expect((await invoke()).env.DB_PASSWORD).toBe((JSON.parse(before ?? "{}") as Record<string, string>).password);
  });
});
