/**
 * Applications as `cdk synth` writes them (packages/template/test/fixtures/cdk-*, each with the
 * app.js it came from), started from a copy outside the repository: like a CDK project that
 * did not install the AWS SDK (NodejsFunction leaves `@aws-sdk/*` out of its bundle because
 * Lambda's runtime provides it).
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { InvokeCommand, LambdaClient, ListAliasesCommand } from "@aws-sdk/client-lambda";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "@sam-sandbox/core";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually } from "./helpers.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "template", "test", "fixtures");
const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const roots: string[] = [];

/** A copy of a CDK fixture in a fresh temporary directory; returns its cdk.out/<Stack>.template.json. */
function copyApp(fixture: string, stack: string): string {
  const root = mkdtempSync(join(tmpdir(), "sandbox-cdk-"));
  roots.push(root);
  cpSync(join(FIXTURES, fixture), join(root, fixture), { recursive: true });
  return join(root, fixture, "cdk.out", `${stack}.template.json`);
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Collects what the sandbox logs. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, error() {}, debug() {}, warn: (m) => warnings.push(m) };
}

describe("a synthesized RestApi + NodejsFunction + Table (cdk-rest)", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ template: copyApp("cdk-rest", "RestStack"), port: 0, edgePort: 0, inMemory: true });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("serves POST and GET /prod/items; the bundle's @aws-sdk/client-dynamodb import is the runtime's SDK", async () => {
    const created = await fetch(`${sandbox.apiUrl}/prod/items`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: "7", name: "seven" }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ ok: true });
    const listed = await fetch(`${sandbox.apiUrl}/prod/items`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ items: [{ id: { S: "7" }, name: { S: "seven" } }], claims: null });
    const table = sandbox.app.outputs.TableName.value;
    const ddb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      expect((await ddb.send(new GetItemCommand({ TableName: table, Key: { id: { S: "7" } } }))).Item).toEqual({ id: { S: "7" }, name: { S: "seven" } });
    } finally {
      ddb.destroy();
    }
  });

  it("answers the CORS preflight defaultCorsPreflightOptions configures", async () => {
    const preflight = await fetch(`${sandbox.apiUrl}/prod/items`, { method: "OPTIONS", headers: { origin: "https://example.com", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(204);
    // Its MOCK method's ResponseParameters, verbatim.
    expect(Object.fromEntries([...preflight.headers].filter(([name]) => name.startsWith("access-control-")))).toEqual({
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent",
      "access-control-allow-methods": "OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD",
    });
    expect(await preflight.text()).toBe("");
  });
});

describe("a synthesized bucket with autoDeleteObjects, addEventNotification and a BucketDeployment (cdk-bucket)", () => {
  let sandbox: RunningSandbox;
  let s3: S3Client;
  const logger = recordingLogger();
  beforeAll(async () => {
    sandbox = await createSandbox({ template: copyApp("cdk-bucket", "BucketStack"), port: 0, edgePort: 0, inMemory: true, logger });
    s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
  });
  afterAll(async () => {
    s3?.destroy();
    await sandbox?.stop();
  });

  it("starts without a warning: CDK's custom resources and their providers' layers are handled", () => {
    expect(logger.warnings).toEqual([]);
  });

  it("puts the deployment's files into the bucket under its prefix, with content types and deploy-time values", async () => {
    const site = sandbox.app.outputs.SiteBucket.value;
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: site }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["web/config.json", "web/index.html", "web/style.css"]);
    const index = await s3.send(new GetObjectCommand({ Bucket: site, Key: "web/index.html" }));
    expect(index.ContentType).toBe("text/html");
    expect(await index.Body?.transformToString()).toBe("<h1>hello from BucketDeployment</h1>\n");
    const config = await s3.send(new GetObjectCommand({ Bucket: site, Key: "web/config.json" }));
    expect(config.ContentType).toBe("application/json");
    expect(JSON.parse((await config.Body?.transformToString()) ?? "")).toEqual({ uploadsBucket: sandbox.app.outputs.UploadsBucket.value, region: "us-east-1" });
  });

  it("invokes the notification's function for an upload under its prefix", async () => {
    await s3.send(new PutObjectCommand({ Bucket: sandbox.app.outputs.UploadsBucket.value, Key: "in/photo.txt", Body: "hi" }));
    const fn = sandbox.app.functions.find((f) => f.logicalId === "OnUpload071E41C7");
    const logs = new CloudWatchLogsClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const read = async () => {
        try {
          return (await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn?.functionName}`, filterPattern: "EVENT" }))).events ?? [];
        } catch {
          return [];
        }
      };
      const events = await eventually(read, (found) => found.length > 0);
      expect(events.map((e) => e.message).join("")).toContain('"key":"in/photo.txt"');
    } finally {
      logs.destroy();
    }
  });
});

describe("a synthesized app with an asset layer, an alias, a Cognito authorizer and inline code (cdk-misc)", () => {
  let sandbox: RunningSandbox;
  const logger = recordingLogger();
  beforeAll(async () => {
    const template = copyApp("cdk-misc", "MiscStack");
    // The layer asset as Code.fromAsset("layer") copied it (node_modules directories are not committed).
    const layer = join(template, "..", "asset.fd6020be931a47adc4ca7bf8b3205b0caa551a62c7fbc927331e51663bab84ca", "nodejs", "node_modules", "greet");
    mkdirSync(layer, { recursive: true });
    writeFileSync(join(layer, "index.js"), 'exports.greet = (n) => "hello " + n + " from the layer";\n');
    sandbox = await createSandbox({ template, port: 0, edgePort: 0, inMemory: true, logger });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("creates the template's version and alias, so its permissions apply without a warning", async () => {
    expect(logger.warnings).toEqual([]);
    const lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const plain = sandbox.app.functions.find((f) => f.logicalId === "Plain295EB121");
      const { Aliases } = await lambda.send(new ListAliasesCommand({ FunctionName: plain?.functionName }));
      expect(Aliases?.map((a) => [a.Name, a.FunctionVersion])).toEqual([["live", "1"]]);
    } finally {
      lambda.destroy();
    }
  });

  it("serves GET /prod/me through the Cognito user pools authorizer to the alias, whose code requires the layer's package", async () => {
    expect((await fetch(`${sandbox.apiUrl}/prod/me`)).status).toBe(401);
    const cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const UserPoolId = sandbox.app.outputs.PoolId.value;
      await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: "ann@example.com", UserAttributes: [{ Name: "email", Value: "ann@example.com" }], MessageAction: "SUPPRESS" }));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: "ann@example.com", Password: "Passw0rd!x", Permanent: true }));
      const auth = await cognito.send(new InitiateAuthCommand({
        ClientId: sandbox.app.outputs.ClientId.value, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "ann@example.com", PASSWORD: "Passw0rd!x" },
      }));
      const me = await fetch(`${sandbox.apiUrl}/prod/me`, { headers: { authorization: auth.AuthenticationResult?.IdToken ?? "" } });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual({ msg: "hello cdk from the layer", user: "ann@example.com" });
    } finally {
      cognito.destroy();
    }
  });

  it("runs an ES module bundle (OutputFormat.ESM) whose `@aws-sdk/client-dynamodb` import is the runtime's SDK", async () => {
    const lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const esm = sandbox.app.functions.find((f) => f.logicalId === "Esm789A24BB");
      const out = await lambda.send(new InvokeCommand({ FunctionName: esm?.functionName }));
      expect(out.FunctionError).toBeUndefined();
      expect(JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString())).toEqual({ statusCode: 200, body: JSON.stringify({ tables: 0, esm: true }) });
    } finally {
      lambda.destroy();
    }
  });

  it("runs Code.fromInline", async () => {
    const inline = await fetch(`${sandbox.apiUrl}/prod/inline`);
    expect(await inline.text()).toBe("inline");
  });
});

describe("a synthesized app of two stacks (cdk-multi): ApiStack's function uses DataStack's table", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ template: copyApp("cdk-multi", "ApiStack"), port: 0, edgePort: 0, inMemory: true });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("creates DataStack's table and serves ApiStack's API writing to it", async () => {
    const created = await fetch(`${sandbox.apiUrl}/prod/items`, { method: "POST", body: JSON.stringify({ id: "m1", name: "multi" }) });
    expect(created.status).toBe(201);
    const ddb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const table = String(sandbox.app.tables[0].createTableInput.TableName);
      expect(table).toMatch(/^DataStack-SharedDACC02AA-/);
      expect((await ddb.send(new GetItemCommand({ TableName: table, Key: { id: { S: "m1" } } }))).Item).toEqual({ id: { S: "m1" }, name: { S: "multi" } });
    } finally {
      ddb.destroy();
    }
  });
});
