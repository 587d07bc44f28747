// Responses and error texts recorded on real AWS (localstack tests/aws/services/lambda_/
// test_lambda_api.snapshot.json: test_function_lifecycle, test_publish_version_on_create,
// test_notfound_and_invalid_routingconfigs, test_tag_nonexisting_resource,
// test_lambda_eventinvokeconfig_exceptions), replayed through the real SDK v3 client.
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetAliasCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, failure, startLambda, type TestLambda } from "./helpers.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const RUNTIME_VERSION_ARN = new RegExp(`^arn:aws:lambda:${REGION}::runtime:[0-9a-f]{64}$`);
const arn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

function zipOf(text: string): Uint8Array {
  const zip = new AdmZip();
  zip.addFile("index.mjs", Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}
const code1 = zipOf("export const handler = async () => 1;\n");
const code2 = zipOf("export const handler = async () => 2;\n");

let lambda: TestLambda;
beforeAll(async () => {
  lambda = await startLambda([]);
});
afterAll(async () => {
  await lambda.close();
});

const create = (name: string, publish = false) =>
  lambda.client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: code1 }, Publish: publish }));

describe("function lifecycle", () => {
  it("CreateFunction answers 201 with State Pending and no LastUpdateStatus yet", async () => {
    const out = await create("rec-life");
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out).toMatchObject({
      FunctionArn: arn("rec-life"),
      Version: "$LATEST",
      State: "Pending",
      StateReason: "The function is being created.",
      StateReasonCode: "Creating",
      PackageType: "Zip",
      Architectures: ["x86_64"],
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
      LoggingConfig: { LogFormat: "Text", LogGroup: "/aws/lambda/rec-life" },
      TracingConfig: { Mode: "PassThrough" },
      Description: "",
    });
    expect(out.LastUpdateStatus).toBeUndefined();
    expect(out.RuntimeVersionConfig?.RuntimeVersionArn).toMatch(RUNTIME_VERSION_ARN);
  });

  it("GetFunction then reads Active and Successful", async () => {
    const out = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec-life" }));
    expect(out.Configuration).toMatchObject({ State: "Active", LastUpdateStatus: "Successful", RuntimeVersionConfig: { RuntimeVersionArn: expect.stringMatching(RUNTIME_VERSION_ARN) } });
    expect(out.Configuration?.StateReason).toBeUndefined();
    expect(out.Code?.RepositoryType).toBe("S3");
  });

  it("UpdateFunctionConfiguration and UpdateFunctionCode answer LastUpdateStatus InProgress", async () => {
    const inProgress = { State: "Active", LastUpdateStatus: "InProgress", LastUpdateStatusReason: "The function is being created.", LastUpdateStatusReasonCode: "Creating" };
    const conf = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec-life", Description: "Changed-Description", MemorySize: 512 }));
    expect(conf).toMatchObject({ ...inProgress, Description: "Changed-Description", MemorySize: 512 });
    const updated = await lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "rec-life", ZipFile: code2 }));
    expect(updated).toMatchObject(inProgress);
    const after = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec-life" }));
    expect(after.Configuration).toMatchObject({ State: "Active", LastUpdateStatus: "Successful", CodeSha256: updated.CodeSha256 });
    expect(after.Configuration?.LastUpdateStatusReason).toBeUndefined();
  });

  it("DeleteFunction answers 204, then the function is not found", async () => {
    const out = await lambda.client.send(new DeleteFunctionCommand({ FunctionName: "rec-life" }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: "rec-life" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arn("rec-life")}`,
    });
  });

  it("TagResource, ListTags on a deleted function: Function not found", async () => {
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: arn("rec-life"), Tags: { a: "b" } })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arn("rec-life")}`,
    });
    expect(await failure(lambda.client.send(new ListTagsCommand({ Resource: arn("rec-life") })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arn("rec-life")}`,
    });
  });
});

describe("versions", () => {
  it("CreateFunction with Publish answers the unqualified function with Version 1, still Pending", async () => {
    const out = await create("rec-pub", true);
    expect(out).toMatchObject({ FunctionArn: arn("rec-pub"), Version: "1", State: "Pending", StateReasonCode: "Creating" });
    expect(out.LastUpdateStatus).toBeUndefined();
  });

  it("GetFunction of a version or of $LATEST names the qualifier and reads Successful", async () => {
    const version = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec-pub", Qualifier: "1" }));
    expect(version.Configuration).toMatchObject({ FunctionArn: `${arn("rec-pub")}:1`, Version: "1", State: "Active", LastUpdateStatus: "Successful" });
    const latest = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec-pub", Qualifier: "$LATEST" }));
    expect(latest.Configuration).toMatchObject({ FunctionArn: `${arn("rec-pub")}:$LATEST`, Version: "$LATEST" });
  });

  it("PublishVersion of unchanged code answers the existing version, Active and Successful", async () => {
    const out = await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec-pub" }));
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out).toMatchObject({ FunctionArn: `${arn("rec-pub")}:1`, Version: "1", State: "Active", LastUpdateStatus: "Successful" });
  });

  it("ListVersionsByFunction and ListFunctions leave out state, update status and runtime version", async () => {
    const { Versions } = await lambda.client.send(new ListVersionsByFunctionCommand({ FunctionName: "rec-pub" }));
    expect(Versions?.map((v) => v.FunctionArn)).toEqual([`${arn("rec-pub")}:$LATEST`, `${arn("rec-pub")}:1`]);
    const { Functions } = await lambda.client.send(new ListFunctionsCommand({}));
    for (const config of [...(Versions ?? []), ...(Functions ?? [])]) {
      expect(config).not.toHaveProperty("State");
      expect(config).not.toHaveProperty("LastUpdateStatus");
      expect(config).not.toHaveProperty("RuntimeVersionConfig");
      expect(config).toMatchObject({ PackageType: "Zip", SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" } });
    }
  });
});

describe("aliases and event invoke configs", () => {
  beforeAll(async () => {
    await lambda.client.send(new CreateAliasCommand({ FunctionName: "rec-pub", Name: "custom", FunctionVersion: "1" }));
  });

  it("answers AWS's alias errors", async () => {
    expect(await failure(lambda.client.send(new CreateAliasCommand({ FunctionName: "rec-pub", Name: "custom", FunctionVersion: "1" })))).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: `Alias already exists: ${arn("rec-pub")}:custom`,
    });
    expect(await failure(lambda.client.send(new GetAliasCommand({ FunctionName: "rec-pub", Name: "non-existent" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Cannot find alias arn: ${arn("rec-pub")}:non-existent`,
    });
    expect(await failure(lambda.client.send(new CreateAliasCommand({ FunctionName: "rec-pub", Name: "ten", FunctionVersion: "10" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arn("rec-pub")}:10`,
    });
    expect(
      await failure(lambda.client.send(new CreateAliasCommand({ FunctionName: "rec-pub", Name: "two", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "1": 0.5 } } }))),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "Invalid function version 1. Function version 1 is already included in routing configuration.",
    });
  });

  it("PutFunctionEventInvokeConfig answers empty destinations and the qualified $LATEST ARN", async () => {
    const out = await lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub", MaximumRetryAttempts: 1 }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out).toMatchObject({ DestinationConfig: { OnFailure: {}, OnSuccess: {} }, FunctionArn: `${arn("rec-pub")}:$LATEST`, MaximumRetryAttempts: 1 });
    expect(out.LastModified).toBeInstanceOf(Date);
    expect(out.MaximumEventAgeInSeconds).toBeUndefined();
    const aliased = await lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub:custom", MaximumRetryAttempts: 1 }));
    expect(aliased.FunctionArn).toBe(`${arn("rec-pub")}:custom`);
    await lambda.client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub" }));
    expect(await failure(lambda.client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `The function ${arn("rec-pub")}:$LATEST doesn't have an EventInvokeConfig`,
    });
  });

  it("answers AWS's event invoke config errors", async () => {
    expect(
      await failure(lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub:custom", Qualifier: "1", MaximumRetryAttempts: 1 }))),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "The derived qualifier from the function name does not match the specified qualifier.",
    });
    expect(
      await failure(lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub", DestinationConfig: { OnSuccess: { Destination: arn("rec-pub") } } }))),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "You can't specify the function as a destination for itself.",
    });
    expect(await failure(lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec-missing", MaximumRetryAttempts: 1 })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The function doesn't exist.",
    });
    expect(await failure(lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub" })))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "You must specify at least one of error handling or destination setting.",
    });
    expect(
      await failure(
        lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec-pub", DestinationConfig: { OnFailure: { Destination: arn("doesnotexist") } } })),
      ),
    ).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `The destination ARN ${arn("doesnotexist")} is invalid.`,
    });
  });
});
