/**
 * DESIGN.md rule 5 for the Lambda API: what it created and changed is journaled through
 * core's Store and is there again after a restart on the same data directory; the
 * template's functions come back as the template defines them.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import AdmZip from "adm-zip";
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateCodeSigningConfigCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetCodeSigningConfigCommand,
  GetEventSourceMappingCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionUrlConfigCommand,
  GetLayerVersionCommand,
  GetPolicyCommand,
  InvokeCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  TagResourceCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { FileStore, silentLogger, type EventSourceMappingSettings, type EventSourcePoller } from "@sam-sandbox/core";
import { ACCOUNT, REGION, fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const STREAM = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function zipOf(files: Record<string, string>): Uint8Array {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}

/** A stand-in for DynamoDB's stream pollers: records what Lambda starts. */
function recordingPoller(): EventSourcePoller & { started: Array<{ uuid?: string; settings: EventSourceMappingSettings }> } {
  const started: Array<{ uuid?: string; settings: EventSourceMappingSettings }> = [];
  return {
    started,
    sourceExists: (arn) => arn === STREAM,
    start: (settings, uuid) => {
      started.push({ uuid, settings });
      return uuid ?? "not-given";
    },
    update: () => undefined,
    stop: async () => undefined,
  };
}

/** One run of the service on `dataDir` (state in dataDir/state, zips under dataDir/build). */
async function run(dataDir: string, poller = recordingPoller()): Promise<{ lambda: TestLambda; poller: ReturnType<typeof recordingPoller>; stop(): Promise<void> }> {
  const store = new FileStore({ dir: join(dataDir, "state"), logger: silentLogger });
  const lambda = await startLambda([fn("from-template", "cjs-app", "index.handler")], {
    lambda: { store, buildDir: join(dataDir, "build"), eventSources: { dynamodb: poller } },
  });
  return {
    lambda,
    poller,
    async stop() {
      await lambda.close();
      await store.close();
    },
  };
}

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-lambda-persist-"));
  dirs.push(dir);
  return dir;
}

describe("Lambda API state across a restart", () => {
  it("keeps functions from zips, versions, aliases, policies, URLs, settings, layers, mappings and code signing configs", async () => {
    const dataDir = newDataDir();
    const first = await run(dataDir);
    const client = first.lambda.client;
    const layer = await client.send(
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
    const created = await client.send(
      new CreateFunctionCommand({
        FunctionName: "zipped",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: zipOf({ "index.js": 'const { greet } = require("greeting");\nexports.handler = async (e) => ({ said: greet(e.name), v: process.env.WORD });\n' }) },
        Layers: [layer.LayerVersionArn ?? ""],
        Environment: { Variables: { WORD: "one" } },
        Tags: { team: "blue" },
      }),
    );
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "zipped", Timeout: 7 }));
    const version = await client.send(new PublishVersionCommand({ FunctionName: "zipped", Description: "first" }));
    const alias = await client.send(new CreateAliasCommand({ FunctionName: "zipped", Name: "live", FunctionVersion: version.Version }));
    await client.send(new AddPermissionCommand({ FunctionName: "zipped", StatementId: "sns", Action: "lambda:InvokeFunction", Principal: "sns.amazonaws.com" }));
    const url = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "zipped", AuthType: "NONE" }));
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: "zipped", ReservedConcurrentExecutions: 3 }));
    await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "zipped", MaximumRetryAttempts: 1 }));
    const mapping = await client.send(new CreateEventSourceMappingCommand({ FunctionName: "zipped", EventSourceArn: STREAM, StartingPosition: "LATEST", BatchSize: 10 }));
    const csc = await client.send(new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [`arn:aws:signer:${REGION}:${ACCOUNT}:/signing-profiles/p/v1`] } }));
    await client.send(new TagResourceCommand({ Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:from-template`, Tags: { api: "yes" } }));
    // Lambda chose the mapping's UUID and gave it to the poller, which keeps its position under it.
    expect(first.poller.started).toEqual([{ uuid: mapping.UUID, settings: expect.objectContaining({ eventSourceArn: STREAM, batchSize: 10 }) }]);
    const before = await client.send(new GetFunctionCommand({ FunctionName: "zipped" }));
    const policyBefore = await client.send(new GetPolicyCommand({ FunctionName: "zipped" }));
    await first.stop();

    const second = await run(dataDir);
    const again = second.lambda.client;
    try {
      const after = await again.send(new GetFunctionCommand({ FunctionName: "zipped" }));
      expect(after.Configuration).toEqual(before.Configuration);
      expect(after.Tags).toEqual({ team: "blue" });
      expect(after.Concurrency).toEqual({ ReservedConcurrentExecutions: 3 });
      expect(after.Configuration?.CodeSha256).toBe(created.CodeSha256);
      const versions = await again.send(new ListVersionsByFunctionCommand({ FunctionName: "zipped" }));
      expect(versions.Versions?.map((v) => [v.Version, v.Description])).toEqual([["$LATEST", ""], ["1", "first"]]);
      expect(await again.send(new GetAliasCommand({ FunctionName: "zipped", Name: "live" }))).toMatchObject({ AliasArn: alias.AliasArn, FunctionVersion: "1", RevisionId: alias.RevisionId });
      expect((await again.send(new GetPolicyCommand({ FunctionName: "zipped" }))).Policy).toBe(policyBefore.Policy);
      // The same id; the URL names the edge port of this run.
      const urlAfter = await again.send(new GetFunctionUrlConfigCommand({ FunctionName: "zipped" }));
      expect(urlAfter).toMatchObject({ AuthType: "NONE", CreationTime: url.CreationTime });
      expect(urlAfter.FunctionUrl).toBe(`${(url.FunctionUrl ?? "").split(":").slice(0, 2).join(":")}:${new URL(second.lambda.url).port}/`);
      expect(second.lambda.runtime.functionUrls().map((u) => u.functionName)).toContain("zipped");
      expect(await again.send(new GetFunctionConcurrencyCommand({ FunctionName: "zipped" }))).toMatchObject({ ReservedConcurrentExecutions: 3 });
      expect(await again.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "zipped" }))).toMatchObject({ MaximumRetryAttempts: 1 });
      // Content.Location is served by this run's edge: the same zip, at the new port.
      const layerAfter = await again.send(new GetLayerVersionCommand({ LayerName: "greeting", VersionNumber: 1 }));
      expect(layerAfter).toMatchObject({ LayerVersionArn: layer.LayerVersionArn, Content: { CodeSha256: layer.Content?.CodeSha256, CodeSize: layer.Content?.CodeSize } });
      const content = await fetch(layerAfter.Content?.Location ?? "");
      expect(createHash("sha256").update(Buffer.from(await content.arrayBuffer())).digest("base64")).toBe(layer.Content?.CodeSha256);
      expect(await again.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).toMatchObject({ UUID: mapping.UUID, BatchSize: 10, State: "Enabled" });
      expect(await again.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: csc.CodeSigningConfig?.CodeSigningConfigArn }))).toMatchObject({ CodeSigningConfig: csc.CodeSigningConfig });
      // A published layer's next version keeps counting.
      expect((await again.send(new PublishLayerVersionCommand({ LayerName: "greeting", Content: { ZipFile: zipOf({ "x.txt": "x" }) } }))).Version).toBe(2);

      // The mapping polls again, under the same UUID (from the position its poller kept).
      expect(second.poller.started).toEqual([]);
      second.lambda.runtime.resumeEventSourceMappings();
      expect(second.poller.started).toEqual([{ uuid: mapping.UUID, settings: expect.objectContaining({ eventSourceArn: STREAM, batchSize: 10 }) }]);

      // The version behind the alias runs its own code and configuration, with its layer.
      const out = await again.send(new InvokeCommand({ FunctionName: "zipped", Qualifier: "live", Payload: json({ name: "again" }) }));
      expect(out.FunctionError).toBeUndefined();
      expect(payloadOf(out)).toEqual({ said: "hello again", v: "one" });

      // The template's function is the template's: the tag added through the API is not kept.
      expect((await again.send(new ListTagsCommand({ Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:from-template` }))).Tags).toEqual({});
    } finally {
      await second.stop();
    }
  });

  it("keeps a deletion", async () => {
    const dataDir = newDataDir();
    const first = await run(dataDir);
    const zip = zipOf({ "index.js": "exports.handler = async () => 1;\n" });
    await first.lambda.client.send(new CreateFunctionCommand({ FunctionName: "short-lived", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zip } }));
    await first.lambda.client.send(new CreateFunctionCommand({ FunctionName: "kept", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zip } }));
    // Code.Location serves the uploaded zip kept beside the unpacked code: <build>/.code/<name>/<dir>.zip.
    const codeOf = async (client: TestLambda["client"], name: string) => {
      const location = (await client.send(new GetFunctionCommand({ FunctionName: name }))).Code?.Location ?? "";
      return join(dataDir, "build", ".code", name, basename(new URL(location).pathname, ".zip"));
    };
    const deletedCode = await codeOf(first.lambda.client, "short-lived");
    const keptCode = await codeOf(first.lambda.client, "kept");
    await first.lambda.client.send(new DeleteFunctionCommand({ FunctionName: "short-lived" }));
    await first.stop();
    expect(existsSync(deletedCode)).toBe(true);

    const second = await run(dataDir);
    try {
      const error = await second.lambda.client.send(new GetFunctionCommand({ FunctionName: "short-lived" })).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "ResourceNotFoundException" });
      const kept = await second.lambda.client.send(new InvokeCommand({ FunctionName: "kept" }));
      expect(payloadOf(kept)).toBe(1);
      // The deleted function's extracted zip is removed at start; the kept one's stays.
      expect(existsSync(deletedCode)).toBe(false);
      expect(existsSync(`${deletedCode}.zip`)).toBe(false);
      expect(await codeOf(second.lambda.client, "kept")).toBe(keptCode);
      expect(existsSync(keptCode)).toBe(true);
      expect(existsSync(`${keptCode}.zip`)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it("drops a function created through the API whose name the template now uses", async () => {
    const dataDir = newDataDir();
    const first = await run(dataDir);
    const zip = zipOf({ "index.js": "exports.handler = async () => 'from the api';\n" });
    await first.lambda.client.send(new CreateFunctionCommand({ FunctionName: "later-in-template", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zip } }));
    await first.stop();

    const store = new FileStore({ dir: join(dataDir, "state"), logger: silentLogger });
    const warnings: string[] = [];
    const lambda = await startLambda([fn("later-in-template", "cjs-app", "index.handler")], {
      lambda: { store, buildDir: join(dataDir, "build"), logger: { ...silentLogger, warn: (m: string) => void warnings.push(m) } },
    });
    try {
      const config = await lambda.client.send(new GetFunctionCommand({ FunctionName: "later-in-template" }));
      expect(config.Configuration?.Handler).toBe("index.handler");
      expect(config.Code?.Location).not.toContain(dataDir);
      expect(warnings.join("\n")).toContain("later-in-template");
    } finally {
      await lambda.close();
      await store.close();
    }
  });
});
