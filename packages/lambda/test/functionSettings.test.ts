import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateCodeSigningConfigCommand,
  DeleteCodeSigningConfigCommand,
  DeleteFunctionCodeSigningConfigCommand,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionRecursionConfigCommand,
  GetRuntimeManagementConfigCommand,
  ListCodeSigningConfigsCommand,
  ListFunctionsByCodeSigningConfigCommand,
  PutFunctionCodeSigningConfigCommand,
  PutFunctionRecursionConfigCommand,
  PutRuntimeManagementConfigCommand,
  UpdateCodeSigningConfigCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, fn, startLambda, type TestLambda, failure } from "./helpers.js";

let lambda: TestLambda;
const ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:target`;
const PROFILE = `arn:aws:signer:${REGION}:${ACCOUNT}:/signing-profiles/MyProfile/abcdefghij`;


beforeAll(async () => {
  lambda = await startLambda([fn("target", "esm-app", "index.echo")]);
});

afterAll(async () => {
  await lambda?.close();
});

describe("Function recursion config", () => {
  it("is Terminate by default and stores Allow", async () => {
    expect((await lambda.client.send(new GetFunctionRecursionConfigCommand({ FunctionName: "target" }))).RecursiveLoop).toBe("Terminate");
    expect((await lambda.client.send(new PutFunctionRecursionConfigCommand({ FunctionName: "target", RecursiveLoop: "Allow" }))).RecursiveLoop).toBe("Allow");
    expect((await lambda.client.send(new GetFunctionRecursionConfigCommand({ FunctionName: ARN }))).RecursiveLoop).toBe("Allow");
  });

  it("answers ResourceNotFoundException for an unknown function", async () => {
    const e = await failure(lambda.client.send(new GetFunctionRecursionConfigCommand({ FunctionName: "nope" })));
    expect(e.name).toBe("ResourceNotFoundException");
  });
});

describe("Runtime management config", () => {
  it("is Auto by default and keeps the runtime version of Manual mode", async () => {
    expect(await lambda.client.send(new GetRuntimeManagementConfigCommand({ FunctionName: "target" }))).toMatchObject({ UpdateRuntimeOn: "Auto", FunctionArn: ARN });
    const runtimeVersionArn = `arn:aws:lambda:${REGION}::runtime:0123456789abcdef`;
    const put = await lambda.client.send(new PutRuntimeManagementConfigCommand({ FunctionName: "target", UpdateRuntimeOn: "Manual", RuntimeVersionArn: runtimeVersionArn }));
    expect(put).toMatchObject({ UpdateRuntimeOn: "Manual", FunctionArn: ARN, RuntimeVersionArn: runtimeVersionArn });
    const got = await lambda.client.send(new GetRuntimeManagementConfigCommand({ FunctionName: "target" }));
    expect(got).toMatchObject({ UpdateRuntimeOn: "Manual", RuntimeVersionArn: runtimeVersionArn });
  });
});

describe("Code signing configs", () => {
  let arn = "";

  it("creates a config with Lambda's id, ARN and default policy", async () => {
    const out = await lambda.client.send(new CreateCodeSigningConfigCommand({ Description: "signed", AllowedPublishers: { SigningProfileVersionArns: [PROFILE] } }));
    const config = out.CodeSigningConfig;
    arn = config?.CodeSigningConfigArn ?? "";
    expect(config?.CodeSigningConfigId).toMatch(/^csc-[0-9a-f]{17}$/);
    expect(arn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:${config?.CodeSigningConfigId}`);
    expect(config).toMatchObject({ Description: "signed", AllowedPublishers: { SigningProfileVersionArns: [PROFILE] }, CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Warn" } });
    expect((await lambda.client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: arn }))).CodeSigningConfig?.Description).toBe("signed");
    const updated = await lambda.client.send(new UpdateCodeSigningConfigCommand({ CodeSigningConfigArn: arn, CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" } }));
    expect(updated.CodeSigningConfig?.CodeSigningPolicies).toEqual({ UntrustedArtifactOnDeployment: "Enforce" });
    expect((await lambda.client.send(new ListCodeSigningConfigsCommand({}))).CodeSigningConfigs?.map((c) => c.CodeSigningConfigArn)).toEqual([arn]);
  });

  it("attaches a config to a function and lists the function under it", async () => {
    expect(await lambda.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "target" }))).not.toHaveProperty("CodeSigningConfigArn");
    const put = await lambda.client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: "target", CodeSigningConfigArn: arn }));
    expect(put).toMatchObject({ CodeSigningConfigArn: arn, FunctionName: "target" });
    expect(await lambda.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "target" }))).toMatchObject({ CodeSigningConfigArn: arn, FunctionName: "target" });
    expect((await lambda.client.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn }))).FunctionArns).toEqual([ARN]);
    await lambda.client.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: "target" }));
    expect((await lambda.client.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn }))).FunctionArns).toEqual([]);
  });

  it("keeps a config's tags: given at creation, then TagResource / UntagResource on its ARN", async () => {
    const created = await lambda.client.send(new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [PROFILE] }, Tags: { team: "sec" } }));
    const tagged = String(created.CodeSigningConfig?.CodeSigningConfigArn);
    expect((await lambda.client.send(new ListTagsCommand({ Resource: tagged }))).Tags).toEqual({ team: "sec" });
    await lambda.client.send(new TagResourceCommand({ Resource: tagged, Tags: { env: "dev" } }));
    await lambda.client.send(new UntagResourceCommand({ Resource: tagged, TagKeys: ["team"] }));
    expect((await lambda.client.send(new ListTagsCommand({ Resource: tagged }))).Tags).toEqual({ env: "dev" });
    await lambda.client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: tagged }));
    await expect(lambda.client.send(new ListTagsCommand({ Resource: tagged }))).rejects.toMatchObject({ name: "ResourceNotFoundException", message: `The Lambda code signing configuration ${tagged} can not be found.` });
  });

  it("answers AWS's texts for a config that does not exist", async () => {
    await lambda.client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn }));
    expect(await failure(lambda.client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: arn })))).toEqual({
      name: "ResourceNotFoundException",
      message: `The Lambda code signing configuration ${arn} can not be found.`,
      status: 404,
    });
    expect(await failure(lambda.client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: "target", CodeSigningConfigArn: arn })))).toEqual({
      name: "CodeSigningConfigNotFoundException",
      message: `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${arn}.`,
      status: 404,
    });
  });
});
