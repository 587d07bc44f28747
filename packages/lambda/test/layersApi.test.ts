import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AdmZip from "adm-zip";
import {
  AddLayerVersionPermissionCommand,
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  InvokeCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, json, payloadOf, startLambda, type TestLambda, failure } from "./helpers.js";

let lambda: TestLambda;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const layerArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${name}`;

function zipOf(files: Record<string, string>): Uint8Array {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}

/** A Node.js layer as zipped for Lambda: nodejs/node_modules/<package>, extracted to /opt. */
const greetingLayer = (word: string) =>
  zipOf({
    "nodejs/node_modules/greeting/package.json": '{ "name": "greeting", "main": "index.js" }\n',
    "nodejs/node_modules/greeting/index.js": `exports.greet = (name) => "${word} " + name;\n`,
  });


beforeAll(async () => {
  lambda = await startLambda([]);
});

afterAll(async () => {
  await lambda?.close();
});

describe("PublishLayerVersion", () => {
  it("numbers versions from 1 and answers Lambda's LayerVersion shape", async () => {
    const zip = greetingLayer("hello");
    const out = await lambda.client.send(
      new PublishLayerVersionCommand({ LayerName: "greeting", Content: { ZipFile: zip }, CompatibleRuntimes: ["nodejs20.x"], CompatibleArchitectures: ["x86_64"], LicenseInfo: "MIT" }),
    );
    expect(out).toMatchObject({
      LayerArn: layerArn("greeting"),
      LayerVersionArn: `${layerArn("greeting")}:1`,
      Version: 1,
      Description: "",
      CompatibleRuntimes: ["nodejs20.x"],
      CompatibleArchitectures: ["x86_64"],
      LicenseInfo: "MIT",
      Content: { CodeSize: zip.length },
    });
    expect(out.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    // The content can be downloaded from Location, as from Lambda's presigned URL.
    const download = await fetch(out.Content?.Location ?? "");
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(zip));
    const second = await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "greeting", Description: "v2", Content: { ZipFile: greetingLayer("hi") }, CompatibleRuntimes: ["python3.12"] }));
    expect(second.Version).toBe(2);
  });

  it("makes the layer importable by functions that list its ARN, as from /opt", async () => {
    await lambda.client.send(
      new CreateFunctionCommand({
        FunctionName: "layered",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: zipOf({ "index.js": 'const { greet } = require("greeting");\nexports.handler = async () => greet("layer");\n' }) },
        Layers: [`${layerArn("greeting")}:1`],
      }),
    );
    const invoke = async () => payloadOf(await lambda.client.send(new InvokeCommand({ FunctionName: "layered", Payload: json({}) })));
    expect(await invoke()).toBe("hello layer");
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "layered", Layers: [`${layerArn("greeting")}:2`] }));
    expect(await invoke()).toBe("hi layer");
  });
});

describe("GetLayerVersion / ListLayers / ListLayerVersions", () => {
  it("finds a version by name and number or by ARN", async () => {
    const byName = await lambda.client.send(new GetLayerVersionCommand({ LayerName: "greeting", VersionNumber: 2 }));
    const byArn = await lambda.client.send(new GetLayerVersionByArnCommand({ Arn: `${layerArn("greeting")}:2` }));
    expect(byName.Description).toBe("v2");
    expect(byArn.LayerVersionArn).toBe(byName.LayerVersionArn);
    const e = await failure(lambda.client.send(new GetLayerVersionCommand({ LayerName: "greeting", VersionNumber: 9 })));
    expect(e).toEqual({ name: "ResourceNotFoundException", message: "The resource you requested does not exist.", status: 404 });
  });

  it("lists each layer's latest version matching the runtime and architecture filters", async () => {
    await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "another", Content: { ZipFile: greetingLayer("x") } }));
    const all = await lambda.client.send(new ListLayersCommand({}));
    expect(all.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version])).toEqual([["another", 1], ["greeting", 2]]);
    const node = await lambda.client.send(new ListLayersCommand({ CompatibleRuntime: "nodejs20.x" }));
    expect(node.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version])).toEqual([["greeting", 1]]);
    const arm = await lambda.client.send(new ListLayersCommand({ CompatibleArchitecture: "arm64" }));
    expect(arm.Layers).toEqual([]);
  });

  it("lists versions newest first, a page at a time", async () => {
    const first = await lambda.client.send(new ListLayerVersionsCommand({ LayerName: "greeting", MaxItems: 1 }));
    expect(first.LayerVersions?.map((v) => v.Version)).toEqual([2]);
    expect(first.NextMarker).toBeDefined();
    const next = await lambda.client.send(new ListLayerVersionsCommand({ LayerName: "greeting", Marker: first.NextMarker }));
    expect(next.LayerVersions?.map((v) => v.Version)).toEqual([1]);
    expect(next.NextMarker).toBeUndefined();
    const python = await lambda.client.send(new ListLayerVersionsCommand({ LayerName: layerArn("greeting"), CompatibleRuntime: "python3.12" }));
    expect(python.LayerVersions?.map((v) => v.Version)).toEqual([2]);
  });
});

describe("Layer version permissions", () => {
  it("adds, shows and removes statements", async () => {
    const added = await lambda.client.send(
      new AddLayerVersionPermissionCommand({ LayerName: "greeting", VersionNumber: 1, StatementId: "xaccount", Action: "lambda:GetLayerVersion", Principal: "223456789012" }),
    );
    expect(JSON.parse(added.Statement ?? "")).toEqual({
      Sid: "xaccount",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::223456789012:root" },
      Action: "lambda:GetLayerVersion",
      Resource: `${layerArn("greeting")}:1`,
    });
    const policy = await lambda.client.send(new GetLayerVersionPolicyCommand({ LayerName: "greeting", VersionNumber: 1 }));
    expect(JSON.parse(policy.Policy ?? "")).toMatchObject({ Version: "2012-10-17", Id: "default", Statement: [{ Sid: "xaccount" }] });
    expect(policy.RevisionId).toBe(added.RevisionId);
    const duplicate = await failure(
      lambda.client.send(new AddLayerVersionPermissionCommand({ LayerName: "greeting", VersionNumber: 1, StatementId: "xaccount", Action: "lambda:GetLayerVersion", Principal: "*" })),
    );
    expect(duplicate.name).toBe("ResourceConflictException");
    await lambda.client.send(new RemoveLayerVersionPermissionCommand({ LayerName: "greeting", VersionNumber: 1, StatementId: "xaccount" }));
    const gone = await failure(lambda.client.send(new RemoveLayerVersionPermissionCommand({ LayerName: "greeting", VersionNumber: 1, StatementId: "xaccount" })));
    expect(gone).toEqual({ name: "ResourceNotFoundException", message: "Statement xaccount is not found in resource policy.", status: 404 });
  });

  it("answers AWS's texts for a version without a policy or that does not exist", async () => {
    expect(await failure(lambda.client.send(new GetLayerVersionPolicyCommand({ LayerName: "greeting", VersionNumber: 2 })))).toEqual({
      name: "ResourceNotFoundException",
      message: "No policy is associated with the given resource.",
      status: 404,
    });
    expect(await failure(lambda.client.send(new GetLayerVersionPolicyCommand({ LayerName: "greeting", VersionNumber: 7 })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Layer version ${layerArn("greeting")}:7 does not exist.`,
      status: 404,
    });
  });
});

describe("DeleteLayerVersion", () => {
  it("removes the version (functions keep their copy)", async () => {
    await lambda.client.send(new DeleteLayerVersionCommand({ LayerName: "greeting", VersionNumber: 2 }));
    await lambda.client.send(new DeleteLayerVersionCommand({ LayerName: "greeting", VersionNumber: 2 }));
    const versions = await lambda.client.send(new ListLayerVersionsCommand({ LayerName: "greeting" }));
    expect(versions.LayerVersions?.map((v) => v.Version)).toEqual([1]);
    expect(payloadOf(await lambda.client.send(new InvokeCommand({ FunctionName: "layered", Payload: json({}) })))).toBe("hi layer");
  });
});
