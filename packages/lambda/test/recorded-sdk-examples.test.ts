// The service team's examples in @aws-sdk/client-lambda's command typings (the API reference's
// examples, from Lambda's examples-1.json), replayed through the real SDK v3 client: the cases
// where the sandbox answered otherwise. Each names the command and the example's title.
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, failure, startLambda, type TestLambda } from "./helpers.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const KEY = "arn:aws:kms:us-west-2:123456789012:key/b0844d6c-xmpl-4463-97a4-d49f50839966";

function zipOf(text: string): Uint8Array {
  const zip = new AdmZip();
  zip.addFile("index.mjs", Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}

let lambda: TestLambda;
beforeAll(async () => {
  lambda = await startLambda([]);
});
afterAll(async () => {
  await lambda?.close();
});

const create = (name: string, extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {}) =>
  lambda.client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Role: ROLE, Code: { ZipFile: zipOf("export const handler = async (e) => e;\n") }, ...extra,
  }));

describe("CreateFunction: To create a function", () => {
  it("keeps the KMSKeyArn and answers it in the function's configuration, its versions and the lists", async () => {
    const created = await create("my-function", {
      Description: "Process image objects from Amazon S3.",
      Environment: { Variables: { BUCKET: "my-bucket-1xpuxmplzrlbh", PREFIX: "inbound" } },
      KMSKeyArn: KEY, MemorySize: 256, Publish: true, Tags: { DEPARTMENT: "Assets" }, Timeout: 15, TracingConfig: { Mode: "Active" },
    });
    expect(created).toMatchObject({ KMSKeyArn: KEY, Version: "1", MemorySize: 256, Timeout: 15, TracingConfig: { Mode: "Active" } });
    // GetFunction: To get a Lambda function; GetFunctionConfiguration (Qualifier 1).
    expect((await lambda.client.send(new GetFunctionCommand({ FunctionName: "my-function", Qualifier: "1" }))).Configuration?.KMSKeyArn).toBe(KEY);
    expect((await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "my-function", Qualifier: "1" }))).KMSKeyArn).toBe(KEY);
    // ListVersionsByFunction: To list versions of a function; ListFunctions.
    const versions = await lambda.client.send(new ListVersionsByFunctionCommand({ FunctionName: "my-function" }));
    expect(versions.Versions?.map((v) => [v.Version, v.KMSKeyArn])).toEqual([["$LATEST", KEY], ["1", KEY]]);
    const listed = await lambda.client.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.find((f) => f.FunctionName === "my-function")?.KMSKeyArn).toBe(KEY);
  });

  it("answers no KMSKeyArn for a function without one, nor once UpdateFunctionConfiguration gives an empty one", async () => {
    expect(await create("no-key")).not.toHaveProperty("KMSKeyArn");
    const updated = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "my-function", KMSKeyArn: "" }));
    expect(updated).not.toHaveProperty("KMSKeyArn");
    expect(await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "my-function" }))).not.toHaveProperty("KMSKeyArn");
    // The published version keeps the key it was published with.
    expect((await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "my-function", Qualifier: "1" }))).KMSKeyArn).toBe(KEY);
  });
});

describe("PublishVersion: To publish a version of a Lambda function", () => {
  it("publishes with the example's empty CodeSha256 and Description", async () => {
    await create("myFunction");
    const published = await lambda.client.send(new PublishVersionCommand({ CodeSha256: "", Description: "", FunctionName: "myFunction" }));
    expect(published).toMatchObject({ FunctionName: "myFunction", Version: "1", Description: "" });
  });
});

describe("DeleteFunction: To delete a version of a Lambda function", () => {
  it("refuses to delete a version an alias references (as its version or in its routing), then deletes it", async () => {
    await create("versioned");
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "versioned", Description: "v1" }));
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "versioned", Description: "v2" }));
    await lambda.client.send(new CreateAliasCommand({ FunctionName: "versioned", Name: "LIVE", FunctionVersion: "1" }));
    await lambda.client.send(new CreateAliasCommand({ FunctionName: "versioned", Name: "BLUE", FunctionVersion: "2", RoutingConfig: { AdditionalVersionWeights: { "1": 0.7 } } }));
    expect(await failure(lambda.client.send(new DeleteFunctionCommand({ FunctionName: "versioned", Qualifier: "1" })))).toEqual({
      name: "ResourceConflictException",
      message: "Unable to delete version because the following aliases reference it: [LIVE, BLUE]",
      status: 409,
    });
    await lambda.client.send(new DeleteAliasCommand({ FunctionName: "versioned", Name: "LIVE" }));
    await lambda.client.send(new UpdateAliasCommand({ FunctionName: "versioned", Name: "BLUE", RoutingConfig: { AdditionalVersionWeights: {} } }));
    const deleted = await lambda.client.send(new DeleteFunctionCommand({ FunctionName: "versioned", Qualifier: "1" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const versions = await lambda.client.send(new ListVersionsByFunctionCommand({ FunctionName: "versioned" }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(["$LATEST", "2"]);
  });
});
