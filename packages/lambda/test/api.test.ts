import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AdmZip from "adm-zip";
import {
  CreateAliasCommand,
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

let lambda: TestLambda;
const delivered: Array<{ arn: string; record: Record<string, unknown> }> = [];
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const arn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/** A deployment package, as `zip function.zip index.mjs` makes it. */
function zipOf(files: Record<string, string>): Uint8Array {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}

const v1 = zipOf({
  "index.mjs": "export const handler = async (event) => ({ version: 'one', greeting: process.env.GREETING, fnVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION });\nexport const other = async () => 'other handler';\n",
});
const v2 = zipOf({ "index.mjs": "export const handler = async () => ({ version: 'two', fnVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION });\n" });

beforeAll(async () => {
  lambda = await startLambda([fn("template", "esm-app", "index.echo"), fn("flaky", "esm-app", "index.throws")], {
    lambda: {
      destinations: async (destination, record) => {
        delivered.push({ arn: destination, record: JSON.parse(record) as Record<string, unknown> });
      },
    },
  });
});

afterAll(async () => {
  await lambda?.close();
});

const invoke = async (FunctionName: string, Qualifier?: string) => {
  const out = await lambda.client.send(new InvokeCommand({ FunctionName, Qualifier, Payload: json({}) }));
  return { body: payloadOf(out) as Record<string, unknown>, executedVersion: out.ExecutedVersion };
};

describe("CreateFunction from a ZipFile, then Invoke", () => {
  it("creates a function and runs its code", async () => {
    const created = await lambda.client.send(
      new CreateFunctionCommand({
        FunctionName: "deployed",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Code: { ZipFile: v1 },
        Environment: { Variables: { GREETING: "hello" } },
        Tags: { team: "blue" },
      }),
    );
    expect(created).toMatchObject({
      FunctionName: "deployed",
      FunctionArn: arn("deployed"),
      Runtime: "nodejs20.x",
      Role: ROLE,
      Handler: "index.handler",
      Timeout: 3,
      MemorySize: 128,
      Version: "$LATEST",
      CodeSize: v1.length,
      State: "Pending",
    });
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(await invoke("deployed")).toEqual({ body: { version: "one", greeting: "hello", fnVersion: "$LATEST" }, executedVersion: "$LATEST" });
  });

  it("attaches the code signing config CreateFunction names, and refuses one that does not exist", async () => {
    const config = await lambda.client.send(new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [`arn:aws:signer:${REGION}:${ACCOUNT}:/signing-profiles/p/abcdefghij`] } }));
    const CodeSigningConfigArn = String(config.CodeSigningConfig?.CodeSigningConfigArn);
    await lambda.client.send(new CreateFunctionCommand({ FunctionName: "signed", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: v1 }, CodeSigningConfigArn }));
    expect(await lambda.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "signed" }))).toMatchObject({ CodeSigningConfigArn, FunctionName: "signed" });
    await lambda.client.send(new DeleteFunctionCommand({ FunctionName: "signed" }));
    const missing = `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`;
    await expect(
      lambda.client.send(new CreateFunctionCommand({ FunctionName: "unsigned", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: v1 }, CodeSigningConfigArn: missing })),
    ).rejects.toMatchObject({
      name: "CodeSigningConfigNotFoundException",
      message: `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${missing}.`,
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("refuses a second function with the same name", async () => {
    await expect(
      lambda.client.send(new CreateFunctionCommand({ FunctionName: "deployed", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: v1 } })),
    ).rejects.toMatchObject({ name: "ResourceConflictException", message: "Function already exist: deployed", $metadata: { httpStatusCode: 409 } });
  });

  it("refuses a package that is not a zip, and reserved environment variables", async () => {
    await expect(
      lambda.client.send(
        new CreateFunctionCommand({ FunctionName: "broken", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: new TextEncoder().encode("nope") } }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", message: "Could not unzip uploaded file. Please check your file, then try to upload again." });
    await expect(
      lambda.client.send(
        new CreateFunctionCommand({
          FunctionName: "reserved",
          Runtime: "nodejs20.x",
          Role: ROLE,
          Handler: "index.handler",
          Code: { ZipFile: v1 },
          Environment: { Variables: { AWS_REGION: "eu-west-1" } },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException", message: expect.stringMatching(/reserved keys .* Reserved keys used in this request: AWS_REGION$/) });
  });

  it("refuses a zip with nothing in it, as it is created and as its code is updated", async () => {
    const empty = zipOf({});
    const onlyEmptyFiles = zipOf({ ".placeholder": "" });
    const refusal = { name: "InvalidParameterValueException", message: "Uploaded file must be a non-empty zip", $metadata: { httpStatusCode: 400 } };
    for (const ZipFile of [empty, onlyEmptyFiles]) {
      await expect(
        lambda.client.send(new CreateFunctionCommand({ FunctionName: "empty", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile } })),
      ).rejects.toMatchObject(refusal);
      await expect(lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "deployed", ZipFile }))).rejects.toMatchObject(refusal);
    }
    await expect(lambda.client.send(new GetFunctionCommand({ FunctionName: "empty" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("validates input against AWS's model", async () => {
    await expect(
      lambda.client.send(new CreateFunctionCommand({ FunctionName: "tooLong", Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: v1 }, Timeout: 0 })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });
});

/** `zipOf(files)` with its entries' recorded unzipped sizes set to `size` (a package that would unzip that big). */
function zipClaiming(files: Record<string, string>, size: number): Uint8Array {
  const bytes = Buffer.from(zipOf(files));
  // The uncompressed size of each local file header (offset 22) and central directory entry (offset 24).
  for (const [signature, offset] of [[0x04034b50, 22], [0x02014b50, 24]] as const) {
    for (let at = bytes.indexOf(Buffer.from(new Uint32Array([signature]).buffer)); at >= 0; at = bytes.indexOf(Buffer.from(new Uint32Array([signature]).buffer), at + 4)) {
      bytes.writeUInt32LE(size, at + offset);
    }
  }
  return new Uint8Array(bytes);
}

describe("the deployment package's size limits", () => {
  const create = (FunctionName: string, ZipFile: Uint8Array) =>
    lambda.client.send(new CreateFunctionCommand({ FunctionName, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile } }));

  it("refuses a package that unzips to 250 MB or more", async () => {
    const refusal = { name: "InvalidParameterValueException", message: "Unzipped size must be smaller than 262144000 bytes", $metadata: { httpStatusCode: 400 } };
    await expect(create("huge", zipClaiming({ "index.mjs": "export const handler = async () => 1;\n" }, 262_144_000))).rejects.toMatchObject(refusal);
    await expect(lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "deployed", ZipFile: zipClaiming({ "index.mjs": "" }, 262_144_000) }))).rejects.toMatchObject(refusal);
    await expect(lambda.client.send(new GetFunctionCommand({ FunctionName: "huge" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses an upload request bigger than Lambda takes, before reading it", async () => {
    // 52.7 MB of code: over 70167211 bytes once base64 in the JSON body.
    const ZipFile = new Uint8Array(52_700_000);
    await expect(create("too-big", ZipFile)).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
      message: "Request must be smaller than 70167211 bytes for the CreateFunction operation",
      $metadata: { httpStatusCode: 413 },
    });
  });
});

describe("UpdateFunctionConfiguration and UpdateFunctionCode", () => {
  it("applies Environment, Handler, Timeout and MemorySize to new environments", async () => {
    const updated = await lambda.client.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: "deployed", Environment: { Variables: { GREETING: "bonjour" } }, Timeout: 10, MemorySize: 256 }),
    );
    expect(updated).toMatchObject({ Timeout: 10, MemorySize: 256, Environment: { Variables: { GREETING: "bonjour" } } });
    expect((await invoke("deployed")).body).toMatchObject({ greeting: "bonjour" });
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed", Handler: "index.other" }));
    expect((await invoke("deployed")).body).toBe("other handler");
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed", Handler: "index.handler" }));
  });

  it("keeps the EphemeralStorage size it is given, and keeps it through an update that names none", async () => {
    expect((await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "deployed" }))).EphemeralStorage).toEqual({ Size: 512 });
    const updated = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed", EphemeralStorage: { Size: 1024 } }));
    expect(updated.EphemeralStorage).toEqual({ Size: 1024 });
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed", Timeout: 10 }));
    expect((await lambda.client.send(new GetFunctionCommand({ FunctionName: "deployed" }))).Configuration?.EphemeralStorage).toEqual({ Size: 1024 });
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed", EphemeralStorage: { Size: 512 } }));
  });

  it("rejects a stale RevisionId with PreconditionFailedException", async () => {
    await expect(
      lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "deployed", Timeout: 5, RevisionId: "00000000-0000-0000-0000-000000000000" })),
    ).rejects.toMatchObject({ name: "PreconditionFailedException", $metadata: { httpStatusCode: 412 } });
  });

  it("answers ResourceNotFoundException for a function that does not exist", async () => {
    await expect(lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "ghost", Timeout: 5 }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `Function not found: ${arn("ghost")}`,
    });
  });
});

describe("Versions and aliases", () => {
  it("publishes a version that keeps its code while $LATEST moves on", async () => {
    const published = await lambda.client.send(new PublishVersionCommand({ FunctionName: "deployed", Description: "first" }));
    expect(published).toMatchObject({ Version: "1", FunctionArn: `${arn("deployed")}:1`, Description: "first" });
    const code = await lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "deployed", ZipFile: v2 }));
    expect(code.CodeSize).toBe(v2.length);
    expect(await invoke("deployed")).toEqual({ body: { version: "two", fnVersion: "$LATEST" }, executedVersion: "$LATEST" });
    expect(await invoke("deployed", "1")).toMatchObject({ body: { version: "one", fnVersion: "1" }, executedVersion: "1" });
    const versions = await lambda.client.send(new ListVersionsByFunctionCommand({ FunctionName: "deployed" }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(["$LATEST", "1"]);
  });

  it("invokes through an alias, and follows it when it moves", async () => {
    const alias = await lambda.client.send(new CreateAliasCommand({ FunctionName: "deployed", Name: "live", FunctionVersion: "1" }));
    expect(alias).toMatchObject({ AliasArn: `${arn("deployed")}:live`, Name: "live", FunctionVersion: "1", Description: "" });
    expect(await invoke("deployed", "live")).toMatchObject({ body: { version: "one" }, executedVersion: "1" });
    expect(await invoke(`${arn("deployed")}:live`)).toMatchObject({ executedVersion: "1" });
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "deployed" }));
    const moved = await lambda.client.send(new UpdateAliasCommand({ FunctionName: "deployed", Name: "live", FunctionVersion: "2" }));
    expect(moved.RevisionId).not.toBe(alias.RevisionId);
    expect(await invoke("deployed", "live")).toMatchObject({ body: { version: "two", fnVersion: "2" }, executedVersion: "2" });
    expect((await lambda.client.send(new GetAliasCommand({ FunctionName: "deployed", Name: "live" }))).FunctionVersion).toBe("2");
    expect((await lambda.client.send(new ListAliasesCommand({ FunctionName: "deployed" }))).Aliases?.map((a) => a.Name)).toEqual(["live"]);
  });

  it("describes the version an alias names, with the alias's ARN (GetFunction, GetFunctionConfiguration)", async () => {
    const byAlias = await lambda.client.send(new GetFunctionCommand({ FunctionName: "deployed", Qualifier: "live" }));
    expect(byAlias.Configuration).toMatchObject({ FunctionArn: `${arn("deployed")}:live`, Version: "2" });
    const byName = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "deployed:live" }));
    expect(byName).toMatchObject({ FunctionArn: `${arn("deployed")}:live`, Version: "2" });
    const byVersion = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "deployed", Qualifier: "2" }));
    expect(byVersion).toMatchObject({ FunctionArn: `${arn("deployed")}:2`, Version: "2" });
  });

  it("answers AWS's errors for aliases", async () => {
    await expect(lambda.client.send(new CreateAliasCommand({ FunctionName: "deployed", Name: "live", FunctionVersion: "1" }))).rejects.toMatchObject({
      name: "ResourceConflictException",
      message: `Alias already exists: ${arn("deployed")}:live`,
    });
    await expect(lambda.client.send(new GetAliasCommand({ FunctionName: "deployed", Name: "nope" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `Cannot find alias arn: ${arn("deployed")}:nope`,
    });
    await expect(lambda.client.send(new CreateAliasCommand({ FunctionName: "deployed", Name: "later", FunctionVersion: "9" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `Function not found: ${arn("deployed")}:9`,
    });
  });
});

describe("Tags", () => {
  it("tags, lists and untags a function", async () => {
    await lambda.client.send(new TagResourceCommand({ Resource: arn("deployed"), Tags: { stage: "dev" } }));
    expect((await lambda.client.send(new ListTagsCommand({ Resource: arn("deployed") }))).Tags).toEqual({ team: "blue", stage: "dev" });
    await lambda.client.send(new UntagResourceCommand({ Resource: arn("deployed"), TagKeys: ["team"] }));
    expect((await lambda.client.send(new ListTagsCommand({ Resource: arn("deployed") }))).Tags).toEqual({ stage: "dev" });
    expect((await lambda.client.send(new GetFunctionCommand({ FunctionName: "deployed" }))).Tags).toEqual({ stage: "dev" });
    await expect(lambda.client.send(new TagResourceCommand({ Resource: `${arn("deployed")}:1`, Tags: { a: "b" } }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "Tags on function aliases and versions are not supported. Please specify a function ARN.",
    });
  });

  it("refuses to tag or untag an aws: key, in any case", async () => {
    await lambda.client.send(new TagResourceCommand({ Resource: arn("template"), Tags: { a: "1" } }));
    const reserved = {
      name: "InvalidParameterValueException",
      message: 'One or more of your tags had a problem, please ensure none of your tag names start with "aws:", none are empty, and there are no duplicate tags',
    };
    await expect(lambda.client.send(new UntagResourceCommand({ Resource: arn("template"), TagKeys: ["a", "aws:cloudformation:stack-name"] }))).rejects.toMatchObject(reserved);
    await expect(lambda.client.send(new TagResourceCommand({ Resource: arn("template"), Tags: { "AWS:mine": "x" } }))).rejects.toMatchObject(reserved);
    expect((await lambda.client.send(new ListTagsCommand({ Resource: arn("template") }))).Tags).toEqual({ a: "1" });
  });
});

describe("Function concurrency", () => {
  it("puts, reads and deletes ReservedConcurrentExecutions", async () => {
    expect(await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "deployed", ReservedConcurrentExecutions: 5 }))).toMatchObject({
      ReservedConcurrentExecutions: 5,
    });
    expect((await lambda.client.send(new GetFunctionConcurrencyCommand({ FunctionName: "deployed" }))).ReservedConcurrentExecutions).toBe(5);
    expect((await lambda.client.send(new GetFunctionCommand({ FunctionName: "deployed" }))).Concurrency).toEqual({ ReservedConcurrentExecutions: 5 });
    await lambda.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "deployed" }));
    expect((await lambda.client.send(new GetFunctionConcurrencyCommand({ FunctionName: "deployed" }))).ReservedConcurrentExecutions).toBeUndefined();
  });

  it("keeps the account's minimum unreserved concurrency", async () => {
    await expect(lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "deployed", ReservedConcurrentExecutions: 950 }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    });
  });
});

describe("Asynchronous invocation settings and destinations", () => {
  it("sends the failure record to OnFailure after MaximumRetryAttempts", async () => {
    const config = await lambda.client.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: "flaky",
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: `arn:aws:sns:${REGION}:${ACCOUNT}:failures` } },
      }),
    );
    expect(config).toMatchObject({ FunctionArn: `${arn("flaky")}:$LATEST`, MaximumRetryAttempts: 0 });
    expect(config.LastModified).toBeInstanceOf(Date);
    expect((await lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "flaky" }))).DestinationConfig?.OnFailure?.Destination).toBe(
      `arn:aws:sns:${REGION}:${ACCOUNT}:failures`,
    );
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "flaky", InvocationType: "Event", Payload: json({ order: 7 }) }));
    await expect.poll(() => delivered.length, { timeout: 5000 }).toBe(1);
    expect(delivered[0]).toMatchObject({
      arn: `arn:aws:sns:${REGION}:${ACCOUNT}:failures`,
      record: {
        version: "1.0",
        requestContext: { requestId: out.$metadata.requestId, functionArn: `${arn("flaky")}:$LATEST`, condition: "RetriesExhausted", approximateInvokeCount: 1 },
        requestPayload: { order: 7 },
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
        responsePayload: { errorType: "Error", errorMessage: "something broke" },
      },
    });
  });

  it("answers AWS's errors for event invoke configs", async () => {
    await expect(lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "template" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `The function ${arn("template")}:$LATEST doesn't have an EventInvokeConfig`,
    });
    await expect(lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "template" }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "You must specify at least one of error handling or destination setting.",
    });
  });
});

describe("DeleteFunction", () => {
  it("deletes a version, then the function", async () => {
    await lambda.client.send(new DeleteFunctionCommand({ FunctionName: "deployed", Qualifier: "1" }));
    await expect(invoke("deployed", "1")).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(lambda.client.send(new DeleteFunctionCommand({ FunctionName: "deployed", Qualifier: "$LATEST" }))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: "$LATEST version cannot be deleted without deleting the function.",
    });
    const deleted = await lambda.client.send(new DeleteFunctionCommand({ FunctionName: "deployed" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(invoke("deployed")).rejects.toMatchObject({ name: "ResourceNotFoundException", message: `Function not found: ${arn("deployed")}:$LATEST` });
  });
});
