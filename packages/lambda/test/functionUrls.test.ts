import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  PublishVersionCommand,
  UpdateFunctionUrlConfigCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, fn, startLambda, type TestLambda, failure } from "./helpers.js";

let lambda: TestLambda;
const arn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const TEMPLATE_URL_ID = "abcdefghijklmnopqrstuvwxyz012345";

beforeAll(async () => {
  lambda = await startLambda([
    fn("url-fn", "esm-app", "index.echo"),
    fn("url-other", "esm-app", "index.echo"),
    fn("url-template", "esm-app", "index.echo", { functionUrls: [{ urlId: TEMPLATE_URL_ID, authType: "AWS_IAM", invokeMode: "BUFFERED" }] }),
  ]);
  await lambda.client.send(new PublishVersionCommand({ FunctionName: "url-fn" }));
  await lambda.client.send(new CreateAliasCommand({ FunctionName: "url-fn", Name: "live", FunctionVersion: "1" }));
});

afterAll(() => lambda.close());


describe("CreateFunctionUrlConfig", () => {
  it("creates the function's URL with a stable 32-character id served by the edge", async () => {
    const out = await lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "url-fn", AuthType: "NONE" }));
    expect(out.$metadata.httpStatusCode).toBe(201);
    const port = new URL(lambda.url).port;
    expect(out.FunctionUrl).toMatch(new RegExp(`^http://[a-z0-9]{32}\\.lambda-url\\.${REGION}\\.localhost:${port}/$`));
    expect(out.FunctionArn).toBe(arn("url-fn"));
    expect(out.AuthType).toBe("NONE");
    // Create echoes InvokeMode only when the request set it (localstack test_url_config_lifecycle, recorded on AWS).
    expect(out.InvokeMode).toBeUndefined();
    expect(out.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(lambda.runtime.functionUrls().find((u) => u.functionName === "url-fn")?.url).toBe(out.FunctionUrl);
  });

  it("answers ResourceConflictException when the function already has one", async () => {
    const error = await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "url-fn", AuthType: "NONE" })));
    expect(error).toEqual({
      name: "ResourceConflictException",
      message: `Failed to create function url config for [functionArn = ${arn("url-fn")}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      status: 409,
    });
  });

  it("creates an alias's URL with Cors and RESPONSE_STREAM", async () => {
    const cors = { AllowOrigins: ["https://example.com"], AllowMethods: ["GET", "POST"], AllowHeaders: ["x-custom"], MaxAge: 300, AllowCredentials: true };
    const out = await lambda.client.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: "url-fn", Qualifier: "live", AuthType: "AWS_IAM", Cors: cors, InvokeMode: "RESPONSE_STREAM" }),
    );
    expect(out.FunctionArn).toBe(`${arn("url-fn")}:live`);
    expect(out.Cors).toEqual(cors);
    expect(out.InvokeMode).toBe("RESPONSE_STREAM");
  });

  it("rejects a version number and $LATEST as Qualifier with Lambda's pattern texts", async () => {
    expect(await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "url-fn", Qualifier: "1", AuthType: "NONE" })))).toEqual({
      name: "ValidationException",
      message:
        "1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)",
      status: 400,
    });
    expect(await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "url-fn", Qualifier: "$LATEST", AuthType: "NONE" })))).toEqual({
      name: "ValidationException",
      message:
        "1 validation error detected: Value '$LATEST' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)",
      status: 400,
    });
  });

  it("answers ResourceNotFoundException for a missing function or alias", async () => {
    for (const input of [{ FunctionName: "nope" }, { FunctionName: "url-other", Qualifier: "missing" }]) {
      expect(await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ ...input, AuthType: "NONE" })))).toEqual({
        name: "ResourceNotFoundException",
        message: "Function does not exist",
        status: 404,
      });
    }
  });

  it("validates AuthType against the model", async () => {
    const error = await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "url-other", AuthType: "OPEN" as "NONE" })));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toContain("Member must satisfy enum value set: [NONE, AWS_IAM]");
  });
});

describe("GetFunctionUrlConfig / UpdateFunctionUrlConfig", () => {
  it("reads the config back, with LastModifiedTime", async () => {
    const out = await lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: arn("url-fn") }));
    expect(out.AuthType).toBe("NONE");
    expect(out.LastModifiedTime).toBe(out.CreationTime);
  });

  it("updates AuthType and Cors, keeping the URL", async () => {
    const before = await lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: "url-fn" }));
    await lambda.clock.advance(5000);
    const out = await lambda.client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: "url-fn", AuthType: "AWS_IAM", Cors: { AllowOrigins: ["*"] } }));
    expect(out.FunctionUrl).toBe(before.FunctionUrl);
    expect(out.AuthType).toBe("AWS_IAM");
    expect(out.Cors).toEqual({ AllowOrigins: ["*"] });
    expect(out.CreationTime).toBe(before.CreationTime);
    expect(Date.parse(out.LastModifiedTime ?? "") - Date.parse(before.CreationTime ?? "")).toBe(5000);
  });

  it("answers Lambda's texts when there is no config", async () => {
    expect(await failure(lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: "url-other" })))).toEqual({
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
      status: 404,
    });
    expect(await failure(lambda.client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: "nope", AuthType: "NONE" })))).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Function does not exist",
    });
  });
});

describe("ListFunctionUrlConfigs / DeleteFunctionUrlConfig", () => {
  it("lists a function's URLs with paging", async () => {
    const all = await lambda.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: "url-fn" }));
    expect(all.FunctionUrlConfigs?.map((c) => c.FunctionArn).sort()).toEqual([arn("url-fn"), `${arn("url-fn")}:live`]);
    const first = await lambda.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: "url-fn", MaxItems: 1 }));
    expect(first.FunctionUrlConfigs).toHaveLength(1);
    const second = await lambda.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: "url-fn", MaxItems: 1, Marker: first.NextMarker }));
    expect(second.FunctionUrlConfigs?.[0]?.FunctionArn).not.toBe(first.FunctionUrlConfigs?.[0]?.FunctionArn);
    expect(await failure(lambda.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: "nope" })))).toMatchObject({ message: "Function does not exist" });
  });

  it("deletes the alias's URL; the id comes back the same when created again", async () => {
    const before = await lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: "url-fn", Qualifier: "live" }));
    const deleted = await lambda.client.send(new DeleteFunctionUrlConfigCommand({ FunctionName: "url-fn", Qualifier: "live" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: "url-fn", Qualifier: "live" })))).toMatchObject({
      message: "The resource you requested does not exist.",
    });
    const again = await lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "url-fn", Qualifier: "live", AuthType: "NONE" }));
    expect(again.FunctionUrl).toBe(before.FunctionUrl);
  });
});

describe("the template's function URLs", () => {
  it("are there from the start, under the template's id", async () => {
    const out = await lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: "url-template" }));
    expect(out.FunctionUrl).toContain(`http://${TEMPLATE_URL_ID}.lambda-url.${REGION}.localhost:`);
    expect(out.AuthType).toBe("AWS_IAM");
    expect(lambda.runtime.functionUrl(TEMPLATE_URL_ID.toUpperCase())?.functionName).toBe("url-template");
  });
});
