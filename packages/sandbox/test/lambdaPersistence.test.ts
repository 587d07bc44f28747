/**
 * DESIGN.md rule 5 for the Lambda API, through the whole sandbox: functions created from
 * zips, their versions, aliases, permissions and URLs, published layers and event source
 * mappings are there after a restart on the same data directory (a clean stop, and
 * `kill -9` of `sandbox up`), and the mappings poll on from where they stopped.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import AdmZip from "adm-zip";
import { DescribeTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  GetAliasCommand,
  GetEventSourceMappingCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  GetLayerVersionCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
} from "@aws-sdk/client-lambda";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { sandboxUp, type SandboxProcess } from "../../../test/helpers/sandboxUp.js";

const fixture = join(import.meta.dirname, "fixtures", "lambda-persist");
const REGION = "us-east-1";
const ROLE = "arn:aws:iam::000000000000:role/lambda-role";
const silent = { info() {}, debug() {}, error() {}, warn() {} };
const credentials = { accessKeyId: "x", secretAccessKey: "x" };

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-lambda-persist-"));
  dirs.push(dir);
  return dir;
}

function zipOf(files: Record<string, string>): Uint8Array {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}

/** Stream batches append their item ids to OUT_FILE; other events get a greeting from the layer. */
const HANDLER = `const fs = require("node:fs");
const { greet } = require("greeting");
exports.handler = async (event) => {
  if (event.Records) {
    fs.appendFileSync(process.env.OUT_FILE, event.Records.map((r) => r.dynamodb.NewImage.id.S + "\\n").join(""));
    return {};
  }
  return { said: greet("there") };
};
`;

const decoder = new TextDecoder();

function clients(sandbox: RunningSandbox): { lambda: LambdaClient; dynamodb: DynamoDBClient } {
  return {
    lambda: new LambdaClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 }),
    dynamodb: new DynamoDBClient({ endpoint: sandbox.endpoint, region: REGION, credentials, maxAttempts: 1 }),
  };
}

/** The ids the mapping delivered so far, once `id` is among them (real time: the poller runs on its own). */
async function delivered(outFile: string, id: string): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ids = existsSync(outFile) ? readFileSync(outFile, "utf8").split("\n").filter(Boolean) : [];
    if (ids.includes(id) || Date.now() > deadline) return ids;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** GET on a function URL: the edge answers by Host (<id>.lambda-url.<region>.localhost). */
function getUrl(edge: string, functionUrl: string): Promise<{ status: number; body: string }> {
  const { host } = new URL(functionUrl);
  const { hostname, port } = new URL(edge);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: "/", headers: { host } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the Lambda API's state across a restart of the sandbox", () => {
  it("keeps a zip function, its version, alias, permission and URL, a layer and a mapping that polls on", async () => {
    const dataDir = join(tempDir(), "data");
    const outFile = join(tempDir(), "delivered.txt");
    const first = await createSandbox({ template: fixture, port: 0, edgePort: 0, dataDir, logger: silent });
    let c = clients(first);
    let mappingUuid: string;
    try {
      const layer = await c.lambda.send(
        new PublishLayerVersionCommand({
          LayerName: "greeting",
          Content: {
            ZipFile: zipOf({
              "nodejs/node_modules/greeting/package.json": '{ "name": "greeting", "main": "index.js" }\n',
              "nodejs/node_modules/greeting/index.js": 'exports.greet = (name) => "hello " + name;\n',
            }),
          },
        }),
      );
      await c.lambda.send(
        new CreateFunctionCommand({
          FunctionName: "recorder",
          Runtime: "nodejs20.x",
          Role: ROLE,
          Handler: "index.handler",
          Code: { ZipFile: zipOf({ "index.js": HANDLER }) },
          Layers: [layer.LayerVersionArn ?? ""],
          Environment: { Variables: { OUT_FILE: outFile } },
        }),
      );
      const version = await c.lambda.send(new PublishVersionCommand({ FunctionName: "recorder" }));
      await c.lambda.send(new CreateAliasCommand({ FunctionName: "recorder", Name: "live", FunctionVersion: version.Version }));
      await c.lambda.send(new AddPermissionCommand({ FunctionName: "recorder", StatementId: "url", Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionUrlAuthType: "NONE" }));
      await c.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: "recorder", AuthType: "NONE" }));
      const table = await c.dynamodb.send(new DescribeTableCommand({ TableName: "persist-events" }));
      const mapping = await c.lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: "recorder:live", EventSourceArn: table.Table?.LatestStreamArn, StartingPosition: "LATEST", BatchSize: 1 }),
      );
      mappingUuid = mapping.UUID ?? "";
      await c.dynamodb.send(new PutItemCommand({ TableName: "persist-events", Item: { id: { S: "before" } } }));
      expect(await delivered(outFile, "before")).toEqual(["before"]);
    } finally {
      c.lambda.destroy();
      c.dynamodb.destroy();
      await first.stop();
    }

    const second = await createSandbox({ template: fixture, port: 0, edgePort: 0, dataDir, logger: silent });
    c = clients(second);
    try {
      const fn = await c.lambda.send(new GetFunctionCommand({ FunctionName: "recorder" }));
      expect(fn.Configuration).toMatchObject({ Runtime: "nodejs20.x", Handler: "index.handler", Environment: { Variables: { OUT_FILE: outFile } } });
      expect(await c.lambda.send(new GetAliasCommand({ FunctionName: "recorder", Name: "live" }))).toMatchObject({ FunctionVersion: "1" });
      expect(JSON.parse((await c.lambda.send(new GetPolicyCommand({ FunctionName: "recorder" }))).Policy ?? "{}")).toMatchObject({ Statement: [{ Sid: "url" }] });
      expect(await c.lambda.send(new GetLayerVersionCommand({ LayerName: "greeting", VersionNumber: 1 }))).toMatchObject({ Version: 1 });
      expect(await c.lambda.send(new GetEventSourceMappingCommand({ UUID: mappingUuid }))).toMatchObject({ State: "Enabled", BatchSize: 1 });

      const out = await c.lambda.send(new InvokeCommand({ FunctionName: "recorder", Qualifier: "live" }));
      expect(JSON.parse(decoder.decode(out.Payload))).toEqual({ said: "hello there" });
      const url = await c.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: "recorder" }));
      expect(await getUrl(second.endpoint, url.FunctionUrl ?? "")).toEqual({ status: 200, body: JSON.stringify({ said: "hello there" }) });

      // The mapping polls again from where it stopped: "before" is not delivered twice.
      await c.dynamodb.send(new PutItemCommand({ TableName: "persist-events", Item: { id: { S: "after" } } }));
      expect(await delivered(outFile, "after")).toEqual(["before", "after"]);
    } finally {
      c.lambda.destroy();
      c.dynamodb.destroy();
      await second.stop();
    }
  }, 30_000);

  it("keeps every acknowledged CreateFunction across kill -9 of sandbox up", async () => {
    const dataDir = join(tempDir(), "data");
    const first = await up(dataDir);
    const lambda = new LambdaClient({ endpoint: first.endpoint, region: REGION, credentials, maxAttempts: 1 });
    const names = Array.from({ length: 6 }, (_, i) => `crash-${i}`);
    try {
      await Promise.all(
        names.map((name) =>
          lambda.send(
            new CreateFunctionCommand({
              FunctionName: name,
              Runtime: "nodejs20.x",
              Role: ROLE,
              Handler: "index.handler",
              Code: { ZipFile: zipOf({ "index.js": `exports.handler = async () => ${JSON.stringify(name)};\n` }) },
            }),
          ),
        ),
      );
    } finally {
      lambda.destroy();
    }
    // Every answer came back: kill at once, with no stop and no snapshot.
    first.child.kill("SIGKILL");
    await first.exited;

    const second = await up(dataDir);
    const again = new LambdaClient({ endpoint: second.endpoint, region: REGION, credentials, maxAttempts: 1 });
    try {
      const listed = await again.send(new ListFunctionsCommand({}));
      expect(listed.Functions?.map((f) => f.FunctionName).sort()).toEqual(names);
      const out = await again.send(new InvokeCommand({ FunctionName: "crash-3" }));
      expect(JSON.parse(decoder.decode(out.Payload))).toBe("crash-3");
    } finally {
      again.destroy();
      second.child.kill("SIGTERM");
      await second.exited;
    }
  }, 30_000);
});

const up = (dataDir: string): Promise<SandboxProcess> => sandboxUp(fixture, ["--data-dir", dataDir], children);
