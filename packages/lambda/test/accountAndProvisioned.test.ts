import { afterAll, beforeAll, describe, expect, it } from "vitest";
import AdmZip from "adm-zip";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAccountSettingsCommand,
  GetProvisionedConcurrencyConfigCommand,
  ListProvisionedConcurrencyConfigsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, fn, startLambda, type TestLambda, failure } from "./helpers.js";

let lambda: TestLambda;
const arn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const code = (() => {
  const zip = new AdmZip();
  zip.addFile("index.mjs", Buffer.from("export const handler = async () => 'ok';\n"));
  return new Uint8Array(zip.toBuffer());
})();


beforeAll(async () => {
  lambda = await startLambda([fn("template", "esm-app", "index.echo")]);
  await lambda.client.send(
    new CreateFunctionCommand({ FunctionName: "warm", Runtime: "nodejs20.x", Role: `arn:aws:iam::${ACCOUNT}:role/r`, Handler: "index.handler", Code: { ZipFile: code } }),
  );
});

afterAll(async () => {
  await lambda?.close();
});

describe("GetAccountSettings", () => {
  it("answers AWS's default limits and what the functions use", async () => {
    const settings = await lambda.client.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit).toEqual({
      TotalCodeSize: 80_530_636_800,
      CodeSizeUnzipped: 262_144_000,
      CodeSizeZipped: 52_428_800,
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 1000,
    });
    expect(settings.AccountUsage).toEqual({ TotalCodeSize: code.length, FunctionCount: 2 });
  });

  it("counts reserved concurrency out of the unreserved pool", async () => {
    await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "template", ReservedConcurrentExecutions: 50 }));
    const settings = await lambda.client.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit?.UnreservedConcurrentExecutions).toBe(950);
  });
});

describe("Provisioned concurrency", () => {
  it("is refused on $LATEST", async () => {
    const e = await failure(lambda.client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "$LATEST", ProvisionedConcurrentExecutions: 2 })));
    expect(e).toEqual({ name: "InvalidParameterValueException", message: "Provisioned Concurrency Configs cannot be applied to unpublished function versions.", status: 400 });
  });

  it("is IN_PROGRESS when put and READY when read back, on a version or an alias", async () => {
    await lambda.client.send(new PublishVersionCommand({ FunctionName: "warm" }));
    const put = await lambda.client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "1", ProvisionedConcurrentExecutions: 3 }));
    expect(put).toMatchObject({ RequestedProvisionedConcurrentExecutions: 3, AllocatedProvisionedConcurrentExecutions: 0, AvailableProvisionedConcurrentExecutions: 0, Status: "IN_PROGRESS" });
    expect(put.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const got = await lambda.client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "1" }));
    expect(got).toMatchObject({ RequestedProvisionedConcurrentExecutions: 3, AllocatedProvisionedConcurrentExecutions: 3, AvailableProvisionedConcurrentExecutions: 3, Status: "READY" });
    await lambda.client.send(new CreateAliasCommand({ FunctionName: "warm", Name: "live", FunctionVersion: "1" }));
    const conflict = await failure(lambda.client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "live", ProvisionedConcurrentExecutions: 1 })));
    expect(conflict).toEqual({ name: "ResourceConflictException", message: "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version", status: 409 });
    const list = await lambda.client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: "warm" }));
    expect(list.ProvisionedConcurrencyConfigs?.map((c) => [c.FunctionArn, c.Status])).toEqual([[`${arn("warm")}:1`, "READY"]]);
  });

  it("answers AWS's errors for a missing config, alias or version", async () => {
    expect(await failure(lambda.client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "live" })))).toEqual({
      name: "ProvisionedConcurrencyConfigNotFoundException",
      message: "No Provisioned Concurrency Config found for this function",
      status: 404,
    });
    expect(await failure(lambda.client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "nope" })))).toEqual({
      name: "ResourceNotFoundException",
      message: `Cannot find alias arn: ${arn("warm")}:nope`,
      status: 404,
    });
    expect(await failure(lambda.client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "$LATEST" })))).toEqual({
      name: "InvalidParameterValueException",
      message: "The function resource provided must be an alias or a published version.",
      status: 400,
    });
  });

  it("is deleted (twice without error)", async () => {
    await lambda.client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "1" }));
    await lambda.client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: "warm", Qualifier: "1" }));
    const list = await lambda.client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: "warm" }));
    expect(list.ProvisionedConcurrencyConfigs).toEqual([]);
  });
});
