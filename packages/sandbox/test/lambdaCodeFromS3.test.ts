/**
 * Lambda reads deployment packages from the sandbox's S3 (FunctionCode and
 * LayerVersionContentInput S3Bucket / S3Key / S3ObjectVersion) through the dispatcher, as
 * Lambda reads them with GetObject, and answers S3's failures as Lambda does.
 */
import AdmZip from "adm-zip";
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

let sandbox: RunningSandbox;
let lambda: LambdaClient;
let s3: S3Client;
const ROLE = "arn:aws:iam::123456789012:role/lambda-role";

function zipOf(files: Record<string, string>): Buffer {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return zip.toBuffer();
}

const handlerZip = (answer: string) => zipOf({ "index.mjs": `export const handler = async () => ({ answer: ${JSON.stringify(answer)} });\n` });

async function invoke(name: string): Promise<unknown> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
  return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString("utf8"));
}

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { name: string; message: string; $metadata?: { httpStatusCode?: number } },
  );
  expect(error, "the call should fail").toBeDefined();
  return { name: error?.name ?? "", message: error?.message ?? "", status: error?.$metadata?.httpStatusCode };
}

beforeAll(async () => {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true });
  const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 };
  lambda = new LambdaClient(config);
  s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: "deployments" }));
  await s3.send(new CreateBucketCommand({ Bucket: "versioned" }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: "versioned", VersioningConfiguration: { Status: "Enabled" } }));
});

afterAll(async () => {
  await sandbox?.stop();
});

describe("CreateFunction with Code.S3Bucket / S3Key", () => {
  it("reads the zip from S3 and runs it", async () => {
    const zip = handlerZip("from s3");
    await s3.send(new PutObjectCommand({ Bucket: "deployments", Key: "app/v1.zip", Body: zip }));
    const out = await lambda.send(
      new CreateFunctionCommand({ FunctionName: "fromS3", Runtime: "nodejs20.x", Handler: "index.handler", Role: ROLE, Code: { S3Bucket: "deployments", S3Key: "app/v1.zip" } }),
    );
    expect(out.CodeSize).toBe(zip.length);
    expect(await invoke("fromS3")).toEqual({ answer: "from s3" });
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: "fromS3" }));
    expect(fn.Code?.RepositoryType).toBe("S3");
  });

  it("answers NoSuchKey and NoSuchBucket as Lambda words them", async () => {
    const base = { Runtime: "nodejs20.x" as const, Handler: "index.handler", Role: ROLE };
    expect(await refusal(lambda.send(new CreateFunctionCommand({ ...base, FunctionName: "noKey", Code: { S3Bucket: "deployments", S3Key: "missing.zip" } })))).toEqual({
      name: "InvalidParameterValueException",
      message: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.",
      status: 400,
    });
    expect(await refusal(lambda.send(new CreateFunctionCommand({ ...base, FunctionName: "noBucket", Code: { S3Bucket: "no-such-bucket-here", S3Key: "a.zip" } })))).toEqual({
      name: "InvalidParameterValueException",
      message: "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist",
      status: 400,
    });
  });

  it("refuses an object that is no zip, and leaves no function behind", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "deployments", Key: "notes.txt", Body: "not a zip at all" }));
    const error = await refusal(
      lambda.send(new CreateFunctionCommand({ FunctionName: "notZip", Runtime: "nodejs20.x", Handler: "index.handler", Role: ROLE, Code: { S3Bucket: "deployments", S3Key: "notes.txt" } })),
    );
    expect(error).toEqual({ name: "InvalidParameterValueException", message: "Could not unzip uploaded file. Please check your file, then try to upload again.", status: 400 });
    expect((await refusal(lambda.send(new GetFunctionCommand({ FunctionName: "notZip" })))).name).toBe("ResourceNotFoundException");
  });

  it("refuses ZipFile together with S3 members, and a code without a source", async () => {
    const base = { Runtime: "nodejs20.x" as const, Handler: "index.handler", Role: ROLE };
    expect(
      await refusal(lambda.send(new CreateFunctionCommand({ ...base, FunctionName: "both", Code: { ZipFile: handlerZip("x"), S3Bucket: "deployments", S3Key: "app/v1.zip" } }))),
    ).toMatchObject({ name: "InvalidParameterValueException", message: "Please do not provide other FunctionCode parameters when providing a ZipFile." });
    expect(await refusal(lambda.send(new CreateFunctionCommand({ ...base, FunctionName: "keyless", Code: { S3Bucket: "deployments" } })))).toMatchObject({
      name: "InvalidParameterValueException",
      message: "Please provide a source for function code.",
    });
  });
});

describe("UpdateFunctionCode from S3", () => {
  it("takes the object version S3ObjectVersion names, not the latest", async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: "versioned", Key: "fn.zip", Body: handlerZip("one") }));
    const second = await s3.send(new PutObjectCommand({ Bucket: "versioned", Key: "fn.zip", Body: handlerZip("two") }));
    await s3.send(new PutObjectCommand({ Bucket: "versioned", Key: "fn.zip", Body: handlerZip("three") }));
    expect(first.VersionId).toBeDefined();
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "versioned",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: ROLE,
        Code: { S3Bucket: "versioned", S3Key: "fn.zip", S3ObjectVersion: first.VersionId },
      }),
    );
    expect(await invoke("versioned")).toEqual({ answer: "one" });
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "versioned", S3Bucket: "versioned", S3Key: "fn.zip", S3ObjectVersion: second.VersionId }));
    expect(await invoke("versioned")).toEqual({ answer: "two" });
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "versioned", S3Bucket: "versioned", S3Key: "fn.zip" }));
    expect(await invoke("versioned")).toEqual({ answer: "three" });
  });

  it("passes S3's answer for a version that does not exist, and keeps the old code", async () => {
    const error = await refusal(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: "versioned", S3Bucket: "versioned", S3Key: "fn.zip", S3ObjectVersion: "no-such-version" })),
    );
    expect(error.name).toBe("InvalidParameterValueException");
    expect(error.message).toMatch(/^Error occurred while GetObject\. S3 Error Code: (NoSuchVersion|InvalidArgument)\. S3 Error Message: /);
    expect(await invoke("versioned")).toEqual({ answer: "three" });
  });
});

describe("PublishLayerVersion with Content.S3Bucket / S3Key", () => {
  it("publishes the layer from S3, and a function uses it", async () => {
    const layer = zipOf({
      "nodejs/node_modules/greeting/package.json": '{ "name": "greeting", "main": "index.js" }\n',
      "nodejs/node_modules/greeting/index.js": 'exports.greet = (name) => "hello " + name;\n',
    });
    await s3.send(new PutObjectCommand({ Bucket: "deployments", Key: "layers/greeting.zip", Body: layer }));
    const published = await lambda.send(new PublishLayerVersionCommand({ LayerName: "greeting", Content: { S3Bucket: "deployments", S3Key: "layers/greeting.zip" } }));
    expect(published.Version).toBe(1);
    expect(published.Content?.CodeSize).toBe(layer.length);
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "withLayer",
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Role: ROLE,
        Layers: [published.LayerVersionArn ?? ""],
        Code: { ZipFile: zipOf({ "index.js": 'const { greet } = require("greeting");\nexports.handler = async () => greet("layer");\n' }) },
      }),
    );
    expect(await invoke("withLayer")).toBe("hello layer");
  });

  it("answers a missing layer object as Lambda does", async () => {
    expect(await refusal(lambda.send(new PublishLayerVersionCommand({ LayerName: "missing", Content: { S3Bucket: "deployments", S3Key: "layers/none.zip" } })))).toEqual({
      name: "InvalidParameterValueException",
      message: "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.",
      status: 400,
    });
  });
});
