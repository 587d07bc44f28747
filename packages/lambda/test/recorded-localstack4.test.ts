// Lambda API behaviour recorded on real AWS in localstack tests/aws/services/lambda_/
// test_lambda_api.py and test_lambda_api.snapshot.json (the test named in each describe),
// replayed through the real SDK v3 client. Values the snapshot transformers replaced
// (<uuid:n>, dates, sizes) are compared by identity, not by value.
import { createHash } from "node:crypto";
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddLayerVersionPermissionCommand,
  AddPermissionCommand,
  CreateAliasCommand,
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteCodeSigningConfigCommand,
  DeleteFunctionCodeSigningConfigCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  DeleteFunctionEventInvokeConfigCommand,
  DeleteFunctionUrlConfigCommand,
  DeleteLayerVersionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  GetFunctionUrlConfigCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  GetPolicyCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListCodeSigningConfigsCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListFunctionUrlConfigsCommand,
  ListFunctionsByCodeSigningConfigCommand,
  ListFunctionsCommand,
  ListLayerVersionsCommand,
  ListLayersCommand,
  ListProvisionedConcurrencyConfigsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  PutFunctionCodeSigningConfigCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  RemoveLayerVersionPermissionCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
  UpdateFunctionUrlConfigCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, failure, startLambda, type TestLambda } from "./helpers.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const arn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

function zipOf(name: string, text: string): Uint8Array {
  const zip = new AdmZip();
  zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}
const code1 = zipOf("index.mjs", "export const handler = async (e) => e;\n");
const code2 = zipOf("index.mjs", "export const handler = async () => 2;\n");
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("base64");

let lambda: TestLambda;
beforeAll(async () => {
  lambda = await startLambda([]);
});
afterAll(async () => {
  await lambda.close();
});

function create(name: string, extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {}) {
  return lambda.client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: code1 }, ...extra }));
}
const notFound = (message: string) => ({ name: "ResourceNotFoundException", status: 404, message });
const invalid = (message: string) => ({ name: "InvalidParameterValueException", status: 400, message });

describe("test_redundant_updates", () => {
  it("answers a repeated UpdateFunctionConfiguration as a new update, InProgress under a new RevisionId", async () => {
    const created = await create("rec4-redundant", { Description: "Initial description" });
    const first = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-redundant", Description: "1st update description" }));
    expect(first).toMatchObject({ Description: "1st update description", LastUpdateStatus: "InProgress", State: "Active" });
    const config = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "rec4-redundant" }));
    expect(config).toMatchObject({ Description: "1st update description", LastUpdateStatus: "Successful" });
    const got = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-redundant" }));
    expect(got.Configuration?.RevisionId).toBe(config.RevisionId);
    const again = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-redundant", Description: "1st update description" }));
    expect(again.$metadata.httpStatusCode).toBe(200);
    expect(again).toMatchObject({ LastUpdateStatus: "InProgress", LastUpdateStatusReasonCode: "Creating" });
    const after = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-redundant" }));
    const revisions = [created.RevisionId, first.RevisionId, config.RevisionId, again.RevisionId, after.Configuration?.RevisionId];
    expect(new Set(revisions).size).toBe(5);
  });
});

describe("test_ops_with_arn_qualifier_mismatch", () => {
  const qualified = (q: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:some-function:${q}`;
  const mismatch = invalid("The derived qualifier from the function name does not match the specified qualifier.");
  it("refuses a qualified ARN whose qualifier differs from Qualifier, for DeleteFunction, GetFunction, GetFunctionConfiguration", async () => {
    expect(await failure(lambda.client.send(new DeleteFunctionCommand({ FunctionName: qualified("1"), Qualifier: "$LATEST" })))).toEqual(mismatch);
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: qualified("1"), Qualifier: "$LATEST" })))).toEqual(mismatch);
    expect(await failure(lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: qualified("1"), Qualifier: "$LATEST" })))).toEqual(mismatch);
  });
  it("with a matching $LATEST: DeleteFunction refuses $LATEST, the reads name the missing $LATEST", async () => {
    expect(await failure(lambda.client.send(new DeleteFunctionCommand({ FunctionName: qualified("$LATEST"), Qualifier: "$LATEST" })))).toEqual(
      invalid("$LATEST version cannot be deleted without deleting the function."),
    );
    const missing = notFound(`Function not found: ${qualified("$LATEST")}`);
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: qualified("$LATEST"), Qualifier: "$LATEST" })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: qualified("$LATEST"), Qualifier: "$LATEST" })))).toEqual(missing);
  });
});

describe("test_ops_on_nonexisting_version", () => {
  it("names the missing version of an existing function", async () => {
    await create("rec4-exists");
    const missing = notFound(`Function not found: ${arn("rec4-exists")}:1221`);
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-exists", Qualifier: "1221" })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "rec4-exists", Qualifier: "1221" })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "rec4-exists", Qualifier: "1221" })))).toEqual(
      notFound(`The function ${arn("rec4-exists")}:1221 doesn't have an EventInvokeConfig`),
    );
  });
});

describe("test_delete_on_nonexisting_version", () => {
  it("deletes a missing version without complaint; once the function is gone, names it unqualified", async () => {
    await create("rec4-delete");
    for (let i = 0; i < 2; i++) {
      const out = await lambda.client.send(new DeleteFunctionCommand({ FunctionName: "rec4-delete", Qualifier: "1233" }));
      expect(out.$metadata.httpStatusCode).toBe(204);
    }
    await lambda.client.send(new DeleteFunctionCommand({ FunctionName: "rec4-delete" }));
    const gone = notFound(`Function not found: ${arn("rec4-delete")}`);
    expect(await failure(lambda.client.send(new DeleteFunctionCommand({ FunctionName: "rec4-delete" })))).toEqual(gone);
    expect(await failure(lambda.client.send(new DeleteFunctionCommand({ FunctionName: "rec4-delete", Qualifier: "1233" })))).toEqual(gone);
  });
});

describe("test_ops_on_nonexisting_fn", () => {
  it("answers each read of a missing function with its own text", async () => {
    const name = "i-dont-exist-rec4";
    const missing = notFound(`Function not found: ${arn(name)}`);
    expect(await failure(lambda.client.send(new DeleteFunctionCommand({ FunctionName: name })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: name })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: name })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: name })))).toEqual(notFound("The resource you requested does not exist."));
    expect(await failure(lambda.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: name })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name })))).toEqual(
      notFound(`The function ${arn(name)}:$LATEST doesn't have an EventInvokeConfig`),
    );
    expect(await failure(lambda.client.send(new GetFunctionConcurrencyCommand({ FunctionName: name })))).toEqual(missing);
  });
});

describe("test_lambda_code_location_zipfile", () => {
  const download = async (location: string | undefined) => {
    const res = await fetch(location ?? "");
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  it("serves the package as uploaded at Code.Location, with its SHA-256 and size, before and after UpdateFunctionCode", async () => {
    await create("rec4-location");
    const got = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-location" }));
    expect(got.Code?.RepositoryType).toBe("S3");
    expect((await download(got.Code?.Location)).equals(Buffer.from(code1))).toBe(true);
    expect(got.Configuration).toMatchObject({ CodeSha256: sha256(code1), CodeSize: code1.length });
    const updated = await lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "rec4-location", ZipFile: code2, Publish: true }));
    expect(updated).toMatchObject({ CodeSha256: sha256(code2), CodeSize: code2.length });
    const after = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-location" }));
    expect(after.Code?.Location).not.toBe(got.Code?.Location);
    expect((await download(after.Code?.Location)).equals(Buffer.from(code2))).toBe(true);
    // A published version keeps its own package.
    const version = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-location", Qualifier: updated.Version }));
    expect((await download(version.Code?.Location)).equals(Buffer.from(code2))).toBe(true);
  });
});

describe("test_version_lifecycle", () => {
  it("publishes with the version's own Description, leaves $LATEST's, and answers an unchanged publish with the last version", async () => {
    await create("rec4-versions", { Description: "No version :(" });
    const listed = await lambda.client.send(new ListVersionsByFunctionCommand({ FunctionName: "rec4-versions" }));
    expect(listed.Versions?.map((v) => v.Version)).toEqual(["$LATEST"]);
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-versions", Description: "First version :)" }));
    const first = await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec4-versions", Description: "First version description :)" }));
    expect(first).toMatchObject({ Version: "1", Description: "First version description :)", FunctionArn: `${arn("rec4-versions")}:1`, State: "Active", LastUpdateStatus: "Successful" });
    const firstGot = await lambda.client.send(new GetFunctionCommand({ FunctionName: `${arn("rec4-versions")}:1` }));
    expect(firstGot.Configuration).toMatchObject({ Description: "First version description :)", RevisionId: first.RevisionId });
    const latest = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "rec4-versions" }));
    expect(latest.Description).toBe("First version :)");
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-versions", Description: "Second version :))" }));
    const second = await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec4-versions" }));
    expect(second).toMatchObject({ Version: "2", Description: "Second version :))" });
    const third = await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec4-versions" }));
    expect(third.$metadata.httpStatusCode).toBe(201);
    expect(third).toMatchObject({ Version: "2", RevisionId: second.RevisionId });
    const end = await lambda.client.send(new ListVersionsByFunctionCommand({ FunctionName: "rec4-versions" }));
    expect(end.Versions?.map((v) => [v.Version, v.Description])).toEqual([
      ["$LATEST", "Second version :))"],
      ["1", "First version description :)"],
      ["2", "Second version :))"],
    ]);
  });
});

describe("test_publish_with_wrong_sha256", () => {
  it("names both hashes, then publishes with the right one", async () => {
    const created = await create("rec4-sha");
    expect(await failure(lambda.client.send(new PublishVersionCommand({ FunctionName: "rec4-sha", CodeSha256: "somenonexistentsha256" })))).toEqual(
      invalid(`CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (${created.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`),
    );
    const out = await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec4-sha", CodeSha256: created.CodeSha256 }));
    expect(out).toMatchObject({ Version: "1", FunctionArn: `${arn("rec4-sha")}:1` });
  });
});

describe("test_alias_lifecycle", () => {
  const name = "rec4-alias";
  const aliasArn = (alias: string) => `${arn(name)}:${alias}`;
  it("creates, reads, lists (by version too), updates and deletes aliases with AWS's shapes", async () => {
    await create(name, { Environment: { Variables: { testenv: "staging" } } });
    const v1 = await lambda.client.send(new PublishVersionCommand({ FunctionName: name }));
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { testenv: "prod" } } }));
    const v2 = await lambda.client.send(new PublishVersionCommand({ FunctionName: name }));
    expect([v1.Version, v2.Version]).toEqual(["1", "2"]);

    const a11 = await lambda.client.send(
      new CreateAliasCommand({ FunctionName: name, Name: "aliasname1_1", FunctionVersion: "1", Description: "custom-alias", RoutingConfig: { AdditionalVersionWeights: { "2": 0.2 } } }),
    );
    expect(a11.$metadata.httpStatusCode).toBe(201);
    const shape11 = { AliasArn: aliasArn("aliasname1_1"), Description: "custom-alias", FunctionVersion: "1", Name: "aliasname1_1", RevisionId: a11.RevisionId, RoutingConfig: { AdditionalVersionWeights: { "2": 0.2 } } };
    expect(a11).toMatchObject(shape11);
    expect(await lambda.client.send(new GetAliasCommand({ FunctionName: name, Name: "aliasname1_1" }))).toMatchObject(shape11);

    // GetFunction through the alias: the alias's ARN, the version's configuration and RevisionId.
    for (const input of [{ FunctionName: name, Qualifier: "aliasname1_1" }, { FunctionName: aliasArn("aliasname1_1") }]) {
      const got = await lambda.client.send(new GetFunctionCommand(input));
      expect(got.Configuration).toMatchObject({ FunctionArn: aliasArn("aliasname1_1"), Version: "1", RevisionId: v1.RevisionId, Environment: { Variables: { testenv: "staging" } } });
    }
    const missing = notFound(`Function not found: ${aliasArn("aliasdoesnotexist")}`);
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: name, Qualifier: "aliasdoesnotexist" })))).toEqual(missing);
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: aliasArn("aliasdoesnotexist") })))).toEqual(missing);

    const a12 = await lambda.client.send(new CreateAliasCommand({ FunctionName: name, Name: "aliasname1_2", FunctionVersion: "1", Description: "custom-alias" }));
    expect(a12).not.toHaveProperty("RoutingConfig");
    const a13 = await lambda.client.send(new CreateAliasCommand({ FunctionName: name, Name: "aliasname1_3", FunctionVersion: "1" }));
    expect(a13.Description).toBe("");
    await lambda.client.send(new CreateAliasCommand({ FunctionName: name, Name: "aliasname2", FunctionVersion: "2", Description: "custom-alias" }));

    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await lambda.client.send(new ListAliasesCommand({ FunctionName: name, MaxItems: 1, Marker: marker }));
      expect(page.Aliases).toHaveLength(1);
      names.push(...(page.Aliases ?? []).map((a) => a.Name ?? ""));
      marker = page.NextMarker;
    } while (marker);
    expect(names).toEqual(["aliasname1_1", "aliasname1_2", "aliasname1_3", "aliasname2"]);

    // An empty AdditionalVersionWeights removes the routing; an update with no change still renews the RevisionId.
    const u11 = await lambda.client.send(new UpdateAliasCommand({ FunctionName: name, Name: "aliasname1_1", RoutingConfig: { AdditionalVersionWeights: {} } }));
    expect(u11.$metadata.httpStatusCode).toBe(200);
    expect(u11).not.toHaveProperty("RoutingConfig");
    expect(u11.RevisionId).not.toBe(a11.RevisionId);
    expect(await lambda.client.send(new GetAliasCommand({ FunctionName: name, Name: "aliasname1_1" }))).not.toHaveProperty("RoutingConfig");
    const u12 = await lambda.client.send(new UpdateAliasCommand({ FunctionName: name, Name: "aliasname1_2" }));
    expect(u12).toMatchObject({ Description: "custom-alias", FunctionVersion: "1" });
    expect(u12.RevisionId).not.toBe(a12.RevisionId);

    const forVersion = await lambda.client.send(new ListAliasesCommand({ FunctionName: name, FunctionVersion: "1" }));
    expect(forVersion.Aliases?.map((a) => a.Name)).toEqual(["aliasname1_1", "aliasname1_2", "aliasname1_3"]);
    const deleted = await lambda.client.send(new DeleteAliasCommand({ FunctionName: name, Name: "aliasname1_1" }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const after = await lambda.client.send(new ListAliasesCommand({ FunctionName: name }));
    expect(after.Aliases?.map((a) => a.Name)).toEqual(["aliasname1_2", "aliasname1_3", "aliasname2"]);
  });
});

describe("test_notfound_and_invalid_routingconfigs", () => {
  const name = "rec4-routing";
  beforeAll(async () => {
    await create(name, { Publish: true, Environment: { Variables: { testenv: "staging" } } });
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { testenv: "prod" } } }));
    await lambda.client.send(new PublishVersionCommand({ FunctionName: name }));
  });
  const alias = (FunctionVersion: string, weights?: Record<string, number>, Name = "custom", FunctionName = name) =>
    lambda.client.send(new CreateAliasCommand({ FunctionName, Name, FunctionVersion, ...(weights ? { RoutingConfig: { AdditionalVersionWeights: weights } } : {}) }));

  it("refuses two weights, the alias's own version, and $LATEST with weights", async () => {
    expect(await failure(alias("1", { "1": 0.8, "2": 0.2 }))).toEqual(invalid("Number of items in AdditionalVersionWeights cannot be greater than 1"));
    expect(await failure(alias("1", { "1": 0.5 }))).toEqual(invalid("Invalid function version 1. Function version 1 is already included in routing configuration."));
    expect(await failure(alias("$LATEST", { "1": 0.5 }))).toEqual(invalid("$LATEST is not supported for an alias pointing to more than 1 version"));
  });

  it("names a missing version, as target or as weight, and a missing function", async () => {
    const missing = notFound(`Function not found: ${arn(name)}:10`);
    expect(await failure(alias("10", { "2": 0.5 }))).toEqual(missing);
    expect(await failure(alias("1", { "10": 0.5 }))).toEqual(missing);
    expect(await failure(alias("1", { "2": 0.5 }, "custom", `${name}-unknown`))).toEqual(notFound(`Function not found: ${arn(`${name}-unknown`)}:1`));
  });

  it("creates $LATEST and empty-routing aliases without RoutingConfig, refuses a second alias of one name", async () => {
    const latest = await alias("$LATEST", undefined, "custom-latest");
    expect(latest).toMatchObject({ AliasArn: `${arn(name)}:custom-latest`, Description: "", FunctionVersion: "$LATEST", Name: "custom-latest" });
    const empty = await alias("1", {}, "custom-empty-routingconfig");
    expect(empty).toMatchObject({ FunctionVersion: "1", Name: "custom-empty-routingconfig" });
    expect(empty).not.toHaveProperty("RoutingConfig");
    const normal = await alias("1", { "2": 0.5 });
    expect(normal.RoutingConfig).toEqual({ AdditionalVersionWeights: { "2": 0.5 } });
    expect(await failure(alias("1", { "2": 0.5 }))).toEqual({ name: "ResourceConflictException", status: 409, message: `Alias already exists: ${arn(name)}:custom` });
    expect(await failure(lambda.client.send(new GetAliasCommand({ FunctionName: name, Name: "non-existent" })))).toEqual(
      notFound(`Cannot find alias arn: ${arn(name)}:non-existent`),
    );
  });
});

describe("test_create_tag_on_fn_create and test_tag_lifecycle (TestLambdaTag)", () => {
  it("answers the tags given at creation in GetFunction and ListTags", async () => {
    await create("rec4-tagged", { Tags: { testtag: "value" } });
    const got = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-tagged" }));
    expect(got.Tags).toEqual({ testtag: "value" });
    expect((await lambda.client.send(new ListTagsCommand({ Resource: arn("rec4-tagged") }))).Tags).toEqual({ testtag: "value" });
  });

  it("adds, overwrites and removes tags (204 each), removing a missing key without complaint", async () => {
    await create("rec4-tags");
    const resource = arn("rec4-tags");
    const tags = async () => (await lambda.client.send(new ListTagsCommand({ Resource: resource }))).Tags;
    expect((await lambda.client.send(new TagResourceCommand({ Resource: resource, Tags: { A: "tag-a" } }))).$metadata.httpStatusCode).toBe(204);
    expect(await tags()).toEqual({ A: "tag-a" });
    await lambda.client.send(new TagResourceCommand({ Resource: resource, Tags: { B: "tag-b", C: "tag-c" } }));
    expect(await tags()).toEqual({ A: "tag-a", B: "tag-b", C: "tag-c" });
    await lambda.client.send(new TagResourceCommand({ Resource: resource, Tags: { C: "tag-c-newsuffix", D: "tag-d" } }));
    expect(await tags()).toEqual({ A: "tag-a", B: "tag-b", C: "tag-c-newsuffix", D: "tag-d" });
    expect((await lambda.client.send(new UntagResourceCommand({ Resource: resource, TagKeys: ["A"] }))).$metadata.httpStatusCode).toBe(204);
    await lambda.client.send(new UntagResourceCommand({ Resource: resource, TagKeys: ["B", "C"] }));
    expect(await tags()).toEqual({ D: "tag-d" });
    expect((await lambda.client.send(new UntagResourceCommand({ Resource: resource, TagKeys: ["a"] }))).$metadata.httpStatusCode).toBe(204);
    expect(await tags()).toEqual({ D: "tag-d" });
    await lambda.client.send(new UntagResourceCommand({ Resource: resource, TagKeys: ["a", "D"] }));
    expect(await tags()).toEqual({});
  });
});

describe("test_lambda_eventinvokeconfig_exceptions", () => {
  const name = "rec4-eic";
  const other = "rec4-eic-other";
  let version = "";
  beforeAll(async () => {
    await create(name);
    await create(other);
    version = (await lambda.client.send(new PublishVersionCommand({ FunctionName: name }))).Version ?? "";
    await lambda.client.send(new CreateAliasCommand({ FunctionName: name, Name: "eventinvokealias", FunctionVersion: version }));
  });
  const put = (input: Omit<ConstructorParameters<typeof PutFunctionEventInvokeConfigCommand>[0], "FunctionName"> & { FunctionName?: string }) =>
    lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, ...input }));
  const noConfig = (qualified: string) => notFound(`The function ${qualified} doesn't have an EventInvokeConfig`);
  const mismatch = invalid("The derived qualifier from the function name does not match the specified qualifier.");

  it("refuses a missing function, a config with nothing in it, and destinations that are no function or the function itself", async () => {
    const missing = notFound("The function doesn't exist.");
    expect(await failure(put({ FunctionName: "doesnotexist", MaximumRetryAttempts: 1 }))).toEqual(missing);
    expect(await failure(put({ FunctionName: arn("doesnotexist"), MaximumRetryAttempts: 1 }))).toEqual(missing);
    expect(await failure(put({ FunctionName: "doesnotexist" }))).toEqual(invalid("You must specify at least one of error handling or destination setting."));
    expect(await failure(put({ DestinationConfig: { OnSuccess: { Destination: arn("doesnotexist") } } }))).toEqual(invalid(`The destination ARN ${arn("doesnotexist")} is invalid.`));
    expect(await failure(put({ DestinationConfig: { OnSuccess: { Destination: arn(name) } } }))).toEqual(invalid("You can't specify the function as a destination for itself."));
  });

  it("takes another function as destination, and an empty OnSuccess or OnFailure", async () => {
    const out = await put({ DestinationConfig: { OnSuccess: { Destination: arn(other) } } });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out).toMatchObject({ DestinationConfig: { OnFailure: {}, OnSuccess: { Destination: arn(other) } }, FunctionArn: `${arn(name)}:$LATEST` });
    expect(out.LastModified).toBeInstanceOf(Date);
    for (const DestinationConfig of [{ OnSuccess: {} }, { OnFailure: {} }]) {
      expect((await put({ DestinationConfig })).DestinationConfig).toEqual({ OnFailure: {}, OnSuccess: {} });
    }
  });

  it("resolves the qualifier from Qualifier, a qualified ARN or name:qualifier, and refuses a mismatch", async () => {
    const aliasArn = `${arn(name)}:eventinvokealias`;
    const target = async (input: Parameters<typeof put>[0]) => (await put({ MaximumRetryAttempts: 1, ...input })).FunctionArn;
    expect(await target({})).toBe(`${arn(name)}:$LATEST`);
    expect(await target({ Qualifier: "$LATEST" })).toBe(`${arn(name)}:$LATEST`);
    expect(await target({ Qualifier: version })).toBe(`${arn(name)}:${version}`);
    expect(await target({ Qualifier: "eventinvokealias" })).toBe(aliasArn);
    expect(await failure(put({ Qualifier: "eventinvokealiasdoesnotexist", MaximumRetryAttempts: 1 }))).toEqual(notFound("The function doesn't exist."));
    expect(await target({ FunctionName: aliasArn })).toBe(aliasArn);
    expect(await target({ FunctionName: aliasArn, Qualifier: "eventinvokealias" })).toBe(aliasArn);
    expect(await failure(put({ FunctionName: aliasArn, Qualifier: "eventinvokealiasdoesnotexist", MaximumRetryAttempts: 1 }))).toEqual(mismatch);
    expect(await target({ FunctionName: `${name}:eventinvokealias` })).toBe(aliasArn);
    expect(await target({ FunctionName: `${name}:eventinvokealias`, Qualifier: "eventinvokealias" })).toBe(aliasArn);
    expect(await failure(put({ FunctionName: `${name}:eventinvokealias`, Qualifier: "eventinvokealiasdoesnotexist", MaximumRetryAttempts: 1 }))).toEqual(mismatch);
    expect(await target({ FunctionName: `${name}:${version}` })).toBe(`${arn(name)}:${version}`);
    expect(await target({ FunctionName: `${name}:$LATEST`, Qualifier: "$LATEST" })).toBe(`${arn(name)}:$LATEST`);
    expect(await failure(put({ FunctionName: `${name}:${version}`, Qualifier: "$LATEST", MaximumRetryAttempts: 1 }))).toEqual(mismatch);
    expect(await failure(put({ FunctionName: `${name}:$LATEST`, Qualifier: version, MaximumRetryAttempts: 1 }))).toEqual(mismatch);
    expect(await failure(put({ FunctionName: `${name}:${version}`, Qualifier: "eventinvokealias", MaximumRetryAttempts: 1 }))).toEqual(mismatch);
  });

  it("Put replaces the whole config, Update only the members given; List, Delete and their errors", async () => {
    expect(await put({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 })).toMatchObject({ MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 2 });
    await put({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 });
    const overwritten = await put({ MaximumRetryAttempts: 0 });
    expect(overwritten.MaximumRetryAttempts).toBe(0);
    expect(overwritten).not.toHaveProperty("MaximumEventAgeInSeconds");
    const got = await lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name }));
    expect(got).toMatchObject({ MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: {}, OnSuccess: {} } });
    expect(got).not.toHaveProperty("MaximumEventAgeInSeconds");
    await put({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 });
    const updated = await lambda.client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    expect(updated).toMatchObject({ MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0, FunctionArn: `${arn(name)}:$LATEST` });

    const listed = await lambda.client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
    expect(listed.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn)).toEqual([`${arn(name)}:$LATEST`, `${arn(name)}:${version}`, `${arn(name)}:eventinvokealias`]);
    const paged = await lambda.client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name, MaxItems: 2 }));
    expect(paged.FunctionEventInvokeConfigs).toHaveLength(2);
    expect(paged.NextMarker).toBeTruthy();
    for (const Qualifier of ["$LATEST", version, "eventinvokealias"]) {
      expect((await lambda.client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier }))).$metadata.httpStatusCode).toBe(204);
    }
    expect((await lambda.client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }))).FunctionEventInvokeConfigs).toEqual([]);

    expect(await failure(lambda.client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: name })))).toEqual(noConfig(`${arn(name)}:$LATEST`));
    expect(await failure(lambda.client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: "doesnotexist" })))).toEqual(noConfig(`${arn("doesnotexist")}:$LATEST`));
    expect(await failure(lambda.client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: "doesnotexist" })))).toEqual(notFound("The function doesn't exist."));
    expect(await failure(lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: "doesnotexist" })))).toEqual(noConfig(`${arn("doesnotexist")}:$LATEST`));
    expect(await failure(lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: "doesnotexist" })))).toEqual(noConfig(`${arn(name)}:doesnotexist`));
    expect(await failure(lambda.client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: "doesnotexist", MaximumRetryAttempts: 0 })))).toEqual(
      notFound("The function doesn't exist."),
    );
    const aliasArn = `${arn(name)}:eventinvokealias`;
    expect(await failure(lambda.client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: aliasArn })))).toEqual(noConfig(aliasArn));
    expect(await failure(lambda.client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: aliasArn, MaximumRetryAttempts: 0 })))).toEqual(noConfig(aliasArn));
    expect(await failure(lambda.client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: arn(name), MaximumRetryAttempts: 0 })))).toEqual(noConfig(`${arn(name)}:$LATEST`));
  });
});

describe("test_function_concurrency and test_function_concurrency_exceptions", () => {
  it("puts 0 and 1, reads it back, deletes it (204) and then reads an empty answer", async () => {
    await create("rec4-concurrency");
    const put = (n: number) => lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "rec4-concurrency", ReservedConcurrentExecutions: n }));
    expect((await put(0)).ReservedConcurrentExecutions).toBe(0);
    expect((await put(1)).ReservedConcurrentExecutions).toBe(1);
    expect((await lambda.client.send(new GetFunctionConcurrencyCommand({ FunctionName: "rec4-concurrency" }))).ReservedConcurrentExecutions).toBe(1);
    expect((await lambda.client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: "rec4-concurrency" }))).$metadata.httpStatusCode).toBe(204);
    const after = await lambda.client.send(new GetFunctionConcurrencyCommand({ FunctionName: "rec4-concurrency" }));
    expect(after.$metadata.httpStatusCode).toBe(200);
    expect(after.ReservedConcurrentExecutions).toBeUndefined();
  });

  it("refuses a qualified ARN", async () => {
    await create("rec4-concurrency-q", { Publish: true });
    expect(await failure(lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: `${arn("rec4-concurrency-q")}:1`, ReservedConcurrentExecutions: 1 })))).toEqual(
      invalid(
        "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.",
      ),
    );
  });
});

describe("test_add_lambda_permission_aws, test_remove_multi_permissions and test_create_multiple_lambda_permissions", () => {
  const name = "rec4-perm";
  const statement = (sid: string, service: string, sourceArn?: string) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: "lambda:InvokeFunction",
    Resource: arn(name),
    ...(sourceArn ? { Condition: { ArnLike: { "AWS:SourceArn": sourceArn } } } : {}),
  });
  const policy = async () => JSON.parse((await lambda.client.send(new GetPolicyCommand({ FunctionName: name }))).Policy ?? "{}") as unknown;

  it("answers each statement as added and the policy with all of them in order", async () => {
    await create(name);
    const s3 = await lambda.client.send(
      new AddPermissionCommand({ FunctionName: name, StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", SourceArn: "arn:aws:s3:::bucket" }),
    );
    expect(s3.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(s3.Statement ?? "")).toEqual(statement("s3", "s3.amazonaws.com", "arn:aws:s3:::bucket"));
    await lambda.client.send(new AddPermissionCommand({ FunctionName: name, StatementId: "logs", Action: "lambda:InvokeFunction", Principal: "logs.amazonaws.com" }));
    expect(await policy()).toEqual({
      Version: "2012-10-17",
      Id: "default",
      Statement: [statement("s3", "s3.amazonaws.com", "arn:aws:s3:::bucket"), statement("logs", "logs.amazonaws.com")],
    });
  });

  it("refuses to remove a missing statement, and once all are removed there is no policy", async () => {
    expect(await failure(lambda.client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: "non-existent" })))).toEqual(
      notFound("Statement non-existent is not found in resource policy."),
    );
    await lambda.client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: "logs" }));
    expect(await policy()).toEqual({ Version: "2012-10-17", Id: "default", Statement: [statement("s3", "s3.amazonaws.com", "arn:aws:s3:::bucket")] });
    await lambda.client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: "s3" }));
    expect(await failure(lambda.client.send(new GetPolicyCommand({ FunctionName: name })))).toEqual(notFound("The resource you requested does not exist."));
  });
});

describe("test_url_config_lifecycle", () => {
  it("refuses a second URL config, reads InvokeMode BUFFERED, and is gone after delete", async () => {
    await create("rec4-url");
    const created = await lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "rec4-url", AuthType: "NONE" }));
    expect(created).toMatchObject({ AuthType: "NONE", FunctionArn: arn("rec4-url") });
    expect(await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "rec4-url", AuthType: "NONE" })))).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: `Failed to create function url config for [functionArn = ${arn("rec4-url")}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    });
    const got = await lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: "rec4-url" }));
    expect(got).toMatchObject({ AuthType: "NONE", InvokeMode: "BUFFERED", FunctionUrl: created.FunctionUrl });
    expect(got.LastModifiedTime).toBeTruthy();
    const updated = await lambda.client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: "rec4-url", AuthType: "AWS_IAM" }));
    expect(updated).toMatchObject({ AuthType: "AWS_IAM", FunctionUrl: created.FunctionUrl, CreationTime: created.CreationTime });
    expect((await lambda.client.send(new DeleteFunctionUrlConfigCommand({ FunctionName: "rec4-url" }))).$metadata.httpStatusCode).toBe(204);
    expect(await failure(lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: "rec4-url" })))).toEqual(notFound("The resource you requested does not exist."));
  });
});

describe("test_function_code_signing_config and test_code_signing_not_found_excs", () => {
  const publishers = { SigningProfileVersionArns: [`arn:aws:signer:${REGION}:${ACCOUNT}:/signing-profiles/test`] };
  const newConfig = () =>
    lambda.client.send(
      new CreateCodeSigningConfigCommand({ Description: "Testing CodeSigning Config", AllowedPublishers: publishers, CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" } }),
    );

  it("creates (201), updates, reads, attaches, lists and deletes a code signing config", async () => {
    const created = await newConfig();
    expect(created.$metadata.httpStatusCode).toBe(201);
    const cscArn = created.CodeSigningConfig?.CodeSigningConfigArn ?? "";
    expect(cscArn).toMatch(new RegExp(`^arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-[0-9a-f]{17}$`));
    expect(created.CodeSigningConfig).toMatchObject({
      AllowedPublishers: publishers,
      CodeSigningConfigId: cscArn.split(":").pop(),
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" },
      Description: "Testing CodeSigning Config",
    });
    const updated = await lambda.client.send(new UpdateCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn, CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Warn" } }));
    expect(updated.CodeSigningConfig).toMatchObject({ CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Warn" }, Description: "Testing CodeSigning Config", AllowedPublishers: publishers });
    expect((await lambda.client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }))).CodeSigningConfig).toEqual(updated.CodeSigningConfig);

    await create("rec4-csc");
    const put = await lambda.client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: "rec4-csc", CodeSigningConfigArn: cscArn }));
    expect(put).toMatchObject({ CodeSigningConfigArn: cscArn, FunctionName: "rec4-csc" });
    expect(await lambda.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "rec4-csc" }))).toMatchObject({ CodeSigningConfigArn: cscArn, FunctionName: "rec4-csc" });
    const listed = await lambda.client.send(new ListCodeSigningConfigsCommand({}));
    expect(listed.CodeSigningConfigs?.find((c) => c.CodeSigningConfigArn === cscArn)).toEqual(updated.CodeSigningConfig);
    expect((await lambda.client.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }))).FunctionArns).toEqual([arn("rec4-csc")]);
    expect((await lambda.client.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: "rec4-csc" }))).$metadata.httpStatusCode).toBe(204);
    expect((await lambda.client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }))).$metadata.httpStatusCode).toBe(204);
  });

  it("answers each missing config and function with its own text", async () => {
    const cscArn = (await newConfig()).CodeSigningConfig?.CodeSigningConfigArn ?? "";
    const invalidArn = `${cscArn.slice(0, -1)}x`;
    const cscMissing = notFound(`The Lambda code signing configuration ${invalidArn} can not be found.`);
    const fnMissing = notFound(`Function not found: ${arn("csc-test-doesnotexist")}`);
    await create("rec4-csc-none");
    expect(await failure(lambda.client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: invalidArn })))).toEqual(cscMissing);
    expect((await lambda.client.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: "rec4-csc-none" }))).$metadata.httpStatusCode).toBe(204);
    expect(await failure(lambda.client.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: "csc-test-doesnotexist" })))).toEqual(fnMissing);
    expect(await failure(lambda.client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: "csc-test-doesnotexist", CodeSigningConfigArn: cscArn })))).toEqual(fnMissing);
    const cscNotFound = {
      name: "CodeSigningConfigNotFoundException",
      status: 404,
      message: `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${invalidArn}.`,
    };
    expect(await failure(lambda.client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: "rec4-csc-none", CodeSigningConfigArn: invalidArn })))).toEqual(cscNotFound);
    expect(await failure(lambda.client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: "csc-test-doesnotexist", CodeSigningConfigArn: invalidArn })))).toEqual(cscNotFound);
    expect(
      await failure(lambda.client.send(new UpdateCodeSigningConfigCommand({ CodeSigningConfigArn: invalidArn, Description: "new-description" }))),
    ).toEqual(cscMissing);
    expect(await failure(lambda.client.send(new UpdateCodeSigningConfigCommand({ CodeSigningConfigArn: invalidArn })))).toEqual(cscMissing);
    const unchanged = await lambda.client.send(new UpdateCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }));
    expect(unchanged.CodeSigningConfig).toMatchObject({ CodeSigningPolicies: { UntrustedArtifactOnDeployment: "Enforce" }, Description: "Testing CodeSigning Config" });
    expect(await failure(lambda.client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: invalidArn })))).toEqual(cscMissing);
    const none = await lambda.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "rec4-csc-none" }));
    expect(none.$metadata.httpStatusCode).toBe(200);
    expect(none.CodeSigningConfigArn).toBeUndefined();
    expect(await failure(lambda.client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: "csc-test-doesnotexist" })))).toEqual(fnMissing);
    expect((await lambda.client.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }))).FunctionArns).toEqual([]);
    expect(await failure(lambda.client.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: invalidArn })))).toEqual(cscMissing);
  });
});

describe("test_account_settings", () => {
  it("answers the account limits and usage members AWS lists", async () => {
    const out = await lambda.client.send(new GetAccountSettingsCommand({}));
    expect(Object.keys(out.AccountLimit ?? {}).sort()).toEqual(["CodeSizeUnzipped", "CodeSizeZipped", "ConcurrentExecutions", "TotalCodeSize", "UnreservedConcurrentExecutions"]);
    expect(Object.keys(out.AccountUsage ?? {}).sort()).toEqual(["FunctionCount", "TotalCodeSize"]);
  });
});

describe("test_large_environment_variables_fails, test_large_environment_fails_multiple_keys and test_lambda_envvars_near_limit_succeeds", () => {
  const expected = (measured: string) =>
    invalid(`Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`);
  it("refuses 4097 bytes of variables measured as compact JSON in the given order, and takes 4096", async () => {
    const over = "x".repeat(4 * 1024 - 6 - "LARGE_VAR".length);
    expect(await failure(create("rec4-env-large", { Environment: { Variables: { LARGE_VAR: over } } }))).toEqual(expected(`{"LARGE_VAR":"${over}"}`));
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-env-large" })))).toMatchObject({ name: "ResourceNotFoundException" });
    const multi = "x".repeat(4064);
    expect(await failure(create("rec4-env-multi", { Environment: { Variables: { SMALL_VAR: "ok", LARGE_VAR: multi } } }))).toEqual(
      expected(`{"SMALL_VAR":"ok","LARGE_VAR":"${multi}"}`),
    );
    const near = "x".repeat(4 * 1024 - 7 - "LARGE_VAR".length);
    const created = await create("rec4-env-near", { Environment: { Variables: { LARGE_VAR: near } } });
    expect(created.Environment?.Variables?.LARGE_VAR).toBe(near);
  });
});

describe("test_tag_exceptions, test_tag_limits and test_tag_lifecycle (TestLambdaTags)", () => {
  it("answers each refusal with Lambda's text", async () => {
    await create("rec4-tagx");
    // The recording (2024) lists the pattern of its time; today's model also names code signing configs and mappings.
    const badArn = await failure(lambda.client.send(new TagResourceCommand({ Resource: "arn:aws:something", Tags: { a: "b" } })));
    expect(badArn).toMatchObject({ name: "ValidationException", status: 400 });
    expect(badArn.message).toMatch(/^1 validation error detected: Value 'arn:aws:something' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:/);
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: arn("doesnotexist"), Tags: { a: "b" } })))).toEqual(
      notFound(`Function not found: ${arn("doesnotexist")}`),
    );
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: `${arn("rec4-tagx")}:alias`, Tags: { a: "b" } })))).toEqual(
      invalid("Tags on function aliases and versions are not supported. Please specify a function ARN."),
    );
    expect((await lambda.client.send(new ListTagsCommand({ Resource: arn("rec4-tagx") }))).Tags).toEqual({});
    expect((await lambda.client.send(new UntagResourceCommand({ Resource: arn("rec4-tagx"), TagKeys: ["a"] }))).$metadata.httpStatusCode).toBe(204);
    expect(await failure(lambda.client.send(new UntagResourceCommand({ Resource: arn("rec4-tagx"), TagKeys: [] })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    });
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: arn("rec4-tagx"), Tags: {} })))).toEqual(
      invalid("An error occurred and the request cannot be processed."),
    );
  });

  it("takes 50 tags and refuses the 51st, at once or added later", async () => {
    await create("rec4-taglimit");
    const tags = (from: number, to: number) => Object.fromEntries(Array.from({ length: to - from }, (_, i) => [`${from + i}_key`, `${from + i}_value`]));
    const tooMany = invalid("Number of tags exceeds resource tag limit.");
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: arn("rec4-taglimit"), Tags: tags(0, 51) })))).toEqual(tooMany);
    expect((await lambda.client.send(new TagResourceCommand({ Resource: arn("rec4-taglimit"), Tags: tags(0, 50) }))).$metadata.httpStatusCode).toBe(204);
    expect((await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-taglimit" }))).Tags).toEqual(tags(0, 50));
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: arn("rec4-taglimit"), Tags: tags(50, 51) })))).toEqual(tooMany);
  });

  it("gives the function a new RevisionId each time its tags change, by TagResource or UntagResource", async () => {
    await create("rec4-tagrev", { Tags: { key_a: "value_a" } });
    const revision = async () => (await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-tagrev" }))).Configuration?.RevisionId;
    const seen = [await revision()];
    await lambda.client.send(new TagResourceCommand({ Resource: arn("rec4-tagrev"), Tags: { key_b: "value_b", key_c: "value_c" } }));
    seen.push(await revision());
    await lambda.client.send(new TagResourceCommand({ Resource: arn("rec4-tagrev"), Tags: { key_c: "value_x" } }));
    seen.push(await revision());
    await lambda.client.send(new UntagResourceCommand({ Resource: arn("rec4-tagrev"), TagKeys: ["key_c"] }));
    seen.push(await revision());
    expect((await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-tagrev" }))).Tags).toEqual({ key_a: "value_a", key_b: "value_b" });
    expect(new Set(seen).size).toBe(4);
  });
});

describe("test_provisioned_concurrency_exceptions and test_lambda_provisioned_lifecycle", () => {
  const name = "rec4-pc";
  beforeAll(async () => {
    await create(name, { Publish: true });
  });
  const get = (FunctionName: string, Qualifier: string) => lambda.client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier }));
  const del = (FunctionName: string, Qualifier: string) => lambda.client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier }));
  const put = (FunctionName: string, Qualifier: string, n = 1) =>
    lambda.client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier, ProvisionedConcurrentExecutions: n }));
  const noAlias = (fn: string, alias: string) => notFound(`Cannot find alias arn: ${arn(fn)}:${alias}`);
  const aliasOrVersion = invalid("The function resource provided must be an alias or a published version.");

  it("answers Get, List and Delete of missing configs, functions, aliases and versions with AWS's texts", async () => {
    expect(await failure(get(name, "1"))).toEqual({ name: "ProvisionedConcurrencyConfigNotFoundException", status: 404, message: "No Provisioned Concurrency Config found for this function" });
    expect(await failure(get("doesnotexist", "noalias"))).toEqual(noAlias("doesnotexist", "noalias"));
    expect(await failure(get(name, "noalias"))).toEqual(noAlias(name, "noalias"));
    expect(await failure(get(name, "10"))).toEqual(notFound(`Function not found: ${arn(name)}:10`));
    expect(await failure(get(name, "$LATEST"))).toEqual(aliasOrVersion);
    expect((await lambda.client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: name }))).ProvisionedConcurrencyConfigs).toEqual([]);
    expect(await failure(lambda.client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: "doesnotexist" })))).toEqual(
      notFound(`Function not found: ${arn("doesnotexist")}`),
    );
    expect(await failure(del("doesnotexist", "1"))).toEqual(notFound(`Function not found: ${arn("doesnotexist")}:1`));
    expect(await failure(del(name, "noalias"))).toEqual(noAlias(name, "noalias"));
    expect(await failure(del(name, "10"))).toEqual(notFound(`Function not found: ${arn(name)}:10`));
    expect(await failure(del(name, "$LATEST"))).toEqual(aliasOrVersion);
    expect((await del(name, "1")).$metadata.httpStatusCode).toBe(204);
  });

  it("refuses Put of 0, on missing targets and on $LATEST", async () => {
    expect(await failure(put(name, "1", 0))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    expect(await failure(put("doesnotexist", "noalias"))).toEqual(noAlias("doesnotexist", "noalias"));
    expect(await failure(put("doesnotexist", "1"))).toEqual(notFound(`Function not found: ${arn("doesnotexist")}:1`));
    expect(await failure(put(name, "doesnotexist"))).toEqual(noAlias(name, "doesnotexist"));
    expect(await failure(put(name, "10"))).toEqual(notFound(`Function not found: ${arn(name)}:10`));
    expect(await failure(put(name, "$LATEST"))).toEqual(invalid("Provisioned Concurrency Configs cannot be applied to unpublished function versions."));
  });

  it("keeps a version and an alias pointing at it from both holding a config", async () => {
    await lambda.client.send(new CreateAliasCommand({ FunctionName: name, Name: "pcalias", FunctionVersion: "1" }));
    const onVersion = await put(name, "1");
    expect(onVersion.$metadata.httpStatusCode).toBe(202);
    expect(onVersion).toMatchObject({ AllocatedProvisionedConcurrentExecutions: 0, AvailableProvisionedConcurrentExecutions: 0, RequestedProvisionedConcurrentExecutions: 1, Status: "IN_PROGRESS" });
    const conflict = (message: string) => ({ name: "ResourceConflictException", status: 409, message });
    expect(await failure(put(name, "pcalias"))).toEqual(conflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"));
    expect((await del(name, "1")).$metadata.httpStatusCode).toBe(204);
    expect(await failure(get(name, "1"))).toMatchObject({ name: "ProvisionedConcurrencyConfigNotFoundException" });
    expect((await put(name, "pcalias")).$metadata.httpStatusCode).toBe(202);
    expect(await failure(put(name, "1"))).toEqual(conflict("Version is pointed by a Provisioned Concurrency alias"));
    expect((await lambda.client.send(new DeleteAliasCommand({ FunctionName: name, Name: "pcalias" }))).$metadata.httpStatusCode).toBe(204);
    expect(await failure(get(name, "pcalias"))).toEqual(noAlias(name, "pcalias"));
    expect((await lambda.client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: name }))).ProvisionedConcurrencyConfigs).toEqual([]);
  });
});

describe("test_tag_versions", () => {
  it("refuses tags on a version's and on $LATEST's ARN", async () => {
    await create("rec4-tagver", { Publish: true });
    const refused = invalid("Tags on function aliases and versions are not supported. Please specify a function ARN.");
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: `${arn("rec4-tagver")}:1`, Tags: { a: "b" } })))).toEqual(refused);
    expect(await failure(lambda.client.send(new TagResourceCommand({ Resource: `${arn("rec4-tagver")}:$LATEST`, Tags: { a: "b" } })))).toEqual(refused);
  });
});

describe("test_url_config_list_paging and test_url_config_exceptions", () => {
  const name = "rec4-urls";
  beforeAll(async () => {
    await create(name, { Publish: true });
    await lambda.client.send(new CreateAliasCommand({ FunctionName: name, Name: "urlalias", FunctionVersion: "1" }));
  });

  it("lists the function's and its alias's URLs with InvokeMode BUFFERED and LastModifiedTime", async () => {
    expect(await failure(lambda.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: "doesnotexist" })))).toEqual(notFound("Function does not exist"));
    expect((await lambda.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: name }))).FunctionUrlConfigs).toEqual([]);
    await lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE" }));
    const alias = await lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, Qualifier: "urlalias", AuthType: "NONE" }));
    expect(alias.FunctionArn).toBe(`${arn(name)}:urlalias`);
    const { FunctionUrlConfigs } = await lambda.client.send(new ListFunctionUrlConfigsCommand({ FunctionName: name }));
    expect(FunctionUrlConfigs?.map((c) => [c.FunctionArn, c.AuthType, c.InvokeMode])).toEqual([
      [arn(name), "NONE", "BUFFERED"],
      [`${arn(name)}:urlalias`, "NONE", "BUFFERED"],
    ]);
    for (const c of FunctionUrlConfigs ?? []) expect(c.LastModifiedTime).toBeTruthy();
  });

  it("answers a missing function or alias with 'Function does not exist', a mismatched qualifier with Lambda's text", async () => {
    const missing = notFound("Function does not exist");
    const url = (FunctionName: string, Qualifier?: string) => lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName, Qualifier, AuthType: "NONE" }));
    expect(await failure(url("doesnotexist"))).toEqual(missing);
    expect(await failure(url(arn("doesnotexist")))).toEqual(missing);
    expect(await failure(url(name, "urlaliasdoesnotexist"))).toEqual(missing);
    expect(await failure(url(`${arn(name)}:urlalias`, "other"))).toEqual(invalid("The derived qualifier from the function name does not match the specified qualifier."));
  });
});

describe("test_url_config_exceptions: Get, Delete and Update", () => {
  const name = "rec4-urlx";
  beforeAll(async () => {
    await create(name, { Publish: true });
    await lambda.client.send(new CreateAliasCommand({ FunctionName: name, Name: "urlalias", FunctionVersion: "1" }));
  });
  const pattern = (value: string) => ({
    name: "ValidationException",
    status: 400,
    message: `1 validation error detected: Value '${value}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)`,
  });
  const mismatch = invalid("The derived qualifier from the function name does not match the specified qualifier.");
  const noResource = notFound("The resource you requested does not exist.");

  it("GetFunctionUrlConfig and DeleteFunctionUrlConfig: the resource does not exist, a version or $LATEST fails the pattern", async () => {
    for (const call of [
      (FunctionName: string, Qualifier?: string) => lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName, Qualifier })),
      (FunctionName: string, Qualifier?: string) => lambda.client.send(new DeleteFunctionUrlConfigCommand({ FunctionName, Qualifier })),
    ]) {
      expect(await failure(call("doesnotexist"))).toEqual(noResource);
      expect(await failure(call(arn("doesnotexist")))).toEqual(noResource);
      expect(await failure(call("doesnotexist", "1"))).toEqual(pattern("1"));
      expect(await failure(call(name, "2"))).toEqual(pattern("2"));
      expect(await failure(call(name, "urlaliasdoesnotexist"))).toEqual(noResource);
      expect(await failure(call(name, "$LATEST"))).toEqual(pattern("$LATEST"));
      expect(await failure(call(name))).toEqual(noResource);
    }
    expect(await failure(lambda.client.send(new GetFunctionUrlConfigCommand({ FunctionName: `${arn(name)}:urlalias`, Qualifier: "other" })))).toEqual(mismatch);
  });

  it("UpdateFunctionUrlConfig: 'Function does not exist' for a missing function or alias, the resource for a missing config", async () => {
    const update = (FunctionName: string, Qualifier?: string) => lambda.client.send(new UpdateFunctionUrlConfigCommand({ FunctionName, Qualifier, AuthType: "NONE" }));
    expect(await failure(update("doesnotexist"))).toEqual(notFound("Function does not exist"));
    expect(await failure(update(arn("doesnotexist")))).toEqual(notFound("Function does not exist"));
    expect(await failure(update(name, "1"))).toEqual(pattern("1"));
    expect(await failure(update(name, "urlaliasdoesnotexist"))).toEqual(notFound("Function does not exist"));
    expect(await failure(update(`${arn(name)}:urlalias`, "other"))).toEqual(mismatch);
    expect(await failure(update(name, "$LATEST"))).toEqual(pattern("$LATEST"));
    expect(await failure(update(name))).toEqual(noResource);
  });
});

describe("test_permission_exceptions (the rest)", () => {
  const name = "rec4-permx";
  beforeAll(async () => {
    await create(name, { Publish: true });
  });
  const add = (input: Partial<ConstructorParameters<typeof AddPermissionCommand>[0]>) =>
    lambda.client.send(new AddPermissionCommand({ FunctionName: name, StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", ...input }));

  it("answers each refusal of AddPermission, GetPolicy and RemovePermission with Lambda's text", async () => {
    expect(await failure(add({ StatementId: "example.com" }))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    });
    expect(await failure(add({ FunctionName: `${name}:1`, Qualifier: "$LATEST" }))).toEqual(invalid("The derived qualifier from the function name does not match the specified qualifier."));
    expect(await failure(add({ Qualifier: "$LATEST" }))).toEqual(invalid("We currently do not support adding policies for $LATEST."));
    expect(await failure(lambda.client.send(new GetPolicyCommand({ FunctionName: "doesnotexist" })))).toEqual(notFound(`Function not found: ${arn("doesnotexist")}`));
    expect(await failure(add({ FunctionName: "doesnotexist" }))).toEqual(notFound(`Function not found: ${arn("doesnotexist")}`));
    expect(await failure(lambda.client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: "s3" })))).toEqual(
      notFound("No policy is associated with the given resource."),
    );
    expect(await failure(add({ Qualifier: "alias-doesnotexist" }))).toEqual(notFound(`Cannot find alias arn: ${arn(name)}:alias-doesnotexist`));
    expect(await failure(add({ Qualifier: "42" }))).toEqual(notFound(`Function not found: ${arn(name)}:42`));
    expect(await failure(add({ Qualifier: "invalid-qualifier-with-?-char" }))).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
    });
    expect(await failure(add({ Qualifier: "valid-with-$-but-doesnotexist" }))).toEqual(notFound(`Function not found: ${arn(name)}:valid-with-$-but-doesnotexist`));
    await add({});
    expect(await failure(add({}))).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.",
    });
    expect(await failure(lambda.client.send(new RemovePermissionCommand({ FunctionName: "doesnotexist", StatementId: "s3" })))).toEqual(
      notFound(`No policy found for: ${arn("doesnotexist")}`),
    );
    expect(await failure(lambda.client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: "s3", Qualifier: "alias-doesnotexist" })))).toEqual(
      notFound(`Cannot find alias arn: ${arn(name)}:alias-doesnotexist`),
    );
  });
});

describe("test_create_lambda_exceptions and test_update_lambda_exceptions (the rest)", () => {
  const invalidRole = {
    name: "ValidationException",
    status: 400,
    message: "1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
  };
  it("refuses a role that is no role ARN, two architectures, an unknown architecture and a file that is no zip", async () => {
    expect(await failure(create("rec4-createx", { Role: "r1" }))).toEqual(invalidRole);
    expect(await failure(create("rec4-createx", { Architectures: ["x86_64", "arm64"] }))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1",
    });
    expect(await failure(create("rec4-createx", { Architectures: ["X86_64" as "x86_64"] }))).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
    });
    expect(await failure(create("rec4-createx", { Code: { ZipFile: new TextEncoder().encode("this is not a zipfile, just a random string") } }))).toEqual(
      invalid("Could not unzip uploaded file. Please check your file, then try to upload again."),
    );
  });

  it("UpdateFunctionConfiguration refuses the same role", async () => {
    await create("rec4-updatex");
    expect(await failure(lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-updatex", Role: "r1" })))).toEqual(invalidRole);
  });
});

describe("test_list_functions", () => {
  it("refuses a FunctionVersion other than ALL; ALL lists $LATEST by its qualified ARN and each version, a page at a time", async () => {
    expect(await failure(lambda.client.send(new ListFunctionsCommand({ FunctionVersion: "invalid" as "ALL" })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]",
    });
    await create("rec4-list-1", { Publish: true });
    await create("rec4-list-2");
    const all = async (input: { FunctionVersion?: "ALL" }) => {
      const arns: string[] = [];
      let Marker: string | undefined;
      do {
        const page = await lambda.client.send(new ListFunctionsCommand({ ...input, MaxItems: 1, Marker }));
        expect(page.Functions?.length).toBeLessThanOrEqual(1);
        arns.push(...(page.Functions ?? []).map((f) => f.FunctionArn ?? ""));
        Marker = page.NextMarker;
      } while (Marker);
      return arns.filter((a) => a.includes(":function:rec4-list-"));
    };
    expect((await all({ FunctionVersion: "ALL" })).sort()).toEqual([`${arn("rec4-list-1")}:$LATEST`, `${arn("rec4-list-1")}:1`, `${arn("rec4-list-2")}:$LATEST`].sort());
    expect((await all({})).sort()).toEqual([arn("rec4-list-1"), arn("rec4-list-2")]);
  });
});

describe("test_layer_exceptions (the rest)", () => {
  const layerZip = { ZipFile: zipOf("python/x.py", "X = 1\n") };
  const layerArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${name}`;
  it("lists, gets and deletes missing layers and versions with AWS's answers", async () => {
    await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "rec4-layer", Content: layerZip, CompatibleRuntimes: ["python3.12"], CompatibleArchitectures: ["x86_64"] }));
    const arch = await failure(lambda.client.send(new ListLayersCommand({ CompatibleArchitecture: "archdoesnotexist" as "x86_64" })));
    expect(arch).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]",
    });
    const runtime = await failure(lambda.client.send(new ListLayersCommand({ CompatibleRuntime: "runtimedoesnotexist" as "python3.12" })));
    expect(runtime).toMatchObject({ name: "ValidationException", status: 400 });
    expect(runtime.message).toMatch(/^1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: \[/);
    expect((await lambda.client.send(new ListLayerVersionsCommand({ LayerName: "rec4-layer-doesnotexist" }))).LayerVersions).toEqual([]);
    const noResource = notFound("The resource you requested does not exist.");
    expect(await failure(lambda.client.send(new GetLayerVersionCommand({ LayerName: "rec4-layer-doesnotexist", VersionNumber: 1 })))).toEqual(noResource);
    const belowOne = invalid("Layer Version Cannot be less than 1");
    expect(await failure(lambda.client.send(new GetLayerVersionCommand({ LayerName: "rec4-layer", VersionNumber: -1 })))).toEqual(belowOne);
    expect(await failure(lambda.client.send(new GetLayerVersionCommand({ LayerName: "rec4-layer", VersionNumber: 0 })))).toEqual(belowOne);
    expect(await failure(lambda.client.send(new GetLayerVersionCommand({ LayerName: "rec4-layer", VersionNumber: 2 })))).toEqual(noResource);
    expect(await failure(lambda.client.send(new GetLayerVersionByArnCommand({ Arn: layerArn("rec4-layer") })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '${layerArn("rec4-layer")}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+`,
    });
    expect(await failure(lambda.client.send(new GetLayerVersionByArnCommand({ Arn: `${layerArn("rec4-layer")}:2` })))).toEqual(noResource);
    const deleted = (LayerName: string, VersionNumber: number) => lambda.client.send(new DeleteLayerVersionCommand({ LayerName, VersionNumber }));
    expect((await deleted("rec4-layer-doesnotexist", 1)).$metadata.httpStatusCode).toBe(204);
    expect((await deleted("rec4-layer", 2)).$metadata.httpStatusCode).toBe(204);
    expect((await deleted("rec4-layer", 1)).$metadata.httpStatusCode).toBe(204);
    expect((await deleted("rec4-layer", 1)).$metadata.httpStatusCode).toBe(204);
    expect(await failure(deleted("rec4-layer", -1))).toEqual(belowOne);
  });
});

describe("test_layer_lifecycle, test_layer_policy_exceptions and test_layer_policy_lifecycle", () => {
  const layerZip = { ZipFile: zipOf("python/y.py", "Y = 1\n") };
  const layerArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${name}`;
  const publish = (LayerName: string) =>
    lambda.client.send(new PublishLayerVersionCommand({ LayerName, Content: layerZip, CompatibleRuntimes: ["python3.12"], CompatibleArchitectures: ["x86_64"], Description: "d", LicenseInfo: "MIT" }));

  it("keeps a deleted layer version on the function using it, lists newest first and never reuses a version number", async () => {
    await create("rec4-layered");
    await publish("rec4-life");
    await publish("rec4-life");
    const updated = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-layered", Layers: [`${layerArn("rec4-life")}:1`] }));
    expect(updated.Layers).toEqual([{ Arn: `${layerArn("rec4-life")}:1`, CodeSize: expect.any(Number) }]);
    const listed = await lambda.client.send(new ListLayerVersionsCommand({ LayerName: "rec4-life" }));
    expect(listed.LayerVersions?.map((v) => [v.Version, v.LayerVersionArn, v.Description, v.LicenseInfo])).toEqual([
      [2, `${layerArn("rec4-life")}:2`, "d", "MIT"],
      [1, `${layerArn("rec4-life")}:1`, "d", "MIT"],
    ]);
    await lambda.client.send(new DeleteLayerVersionCommand({ LayerName: "rec4-life", VersionNumber: 1 }));
    expect((await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "rec4-layered" }))).Layers?.map((l) => l.Arn)).toEqual([`${layerArn("rec4-life")}:1`]);
    await lambda.client.send(new DeleteLayerVersionCommand({ LayerName: "rec4-life", VersionNumber: 2 }));
    expect((await lambda.client.send(new ListLayerVersionsCommand({ LayerName: "rec4-life" }))).LayerVersions).toEqual([]);
    const third = await publish("rec4-life");
    expect(third).toMatchObject({ Version: 3, LayerVersionArn: `${layerArn("rec4-life")}:3` });
  });

  it("answers layer policy refusals with Lambda's texts", async () => {
    await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "rec4-lpol", Content: layerZip, CompatibleRuntimes: ["python3.12"] }));
    const addPermission = (input: Partial<ConstructorParameters<typeof AddLayerVersionPermissionCommand>[0]>) =>
      lambda.client.send(new AddLayerVersionPermissionCommand({ LayerName: "rec4-lpol", VersionNumber: 1, StatementId: "s1", Action: "lambda:GetLayerVersion", Principal: "*", ...input }));
    expect(await failure(lambda.client.send(new GetLayerVersionPolicyCommand({ LayerName: "rec4-lpol", VersionNumber: 1 })))).toEqual(
      notFound("No policy is associated with the given resource."),
    );
    const added = await addPermission({});
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(added.Statement ?? "")).toEqual({ Sid: "s1", Effect: "Allow", Principal: "*", Action: "lambda:GetLayerVersion", Resource: `${layerArn("rec4-lpol")}:1` });
    expect(await failure(addPermission({ StatementId: "s2", Action: "*" }))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '*' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion",
    });
    expect(await failure(addPermission({}))).toEqual({
      name: "ResourceConflictException",
      status: 409,
      message: "The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing statement.",
    });
    const wrongRevision = {
      name: "PreconditionFailedException",
      status: 412,
      message: "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id",
    };
    expect(await failure(addPermission({ StatementId: "s3", RevisionId: "wrong" }))).toEqual(wrongRevision);
    for (const [LayerName, VersionNumber] of [["rec4-lpol-doesnotexist", 1], ["rec4-lpol", 2]] as const) {
      const missing = notFound(`Layer version ${layerArn(LayerName)}:${VersionNumber} does not exist.`);
      expect(await failure(addPermission({ LayerName, VersionNumber, StatementId: "s9" }))).toEqual(missing);
      expect(await failure(lambda.client.send(new GetLayerVersionPolicyCommand({ LayerName, VersionNumber })))).toEqual(missing);
      expect(await failure(lambda.client.send(new RemoveLayerVersionPermissionCommand({ LayerName, VersionNumber, StatementId: "s1" })))).toEqual(missing);
    }
    expect(await failure(lambda.client.send(new RemoveLayerVersionPermissionCommand({ LayerName: "rec4-lpol", VersionNumber: 1, StatementId: "doesnotexist" })))).toEqual(
      notFound("Statement doesnotexist is not found in resource policy."),
    );
    expect(await failure(lambda.client.send(new RemoveLayerVersionPermissionCommand({ LayerName: "rec4-lpol", VersionNumber: 1, StatementId: "s1", RevisionId: "wrong" })))).toEqual(
      wrongRevision,
    );
  });

  it("gives the policy a new RevisionId with each statement and lists them in order", async () => {
    await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "rec4-lpol2", Content: layerZip }));
    const add = (StatementId: string) =>
      lambda.client.send(new AddLayerVersionPermissionCommand({ LayerName: "rec4-lpol2", VersionNumber: 1, StatementId, Action: "lambda:GetLayerVersion", Principal: "*" }));
    const s1 = await add("s1");
    const policy1 = await lambda.client.send(new GetLayerVersionPolicyCommand({ LayerName: "rec4-lpol2", VersionNumber: 1 }));
    expect(policy1.RevisionId).toBe(s1.RevisionId);
    const s2 = await add("s2");
    expect(s2.RevisionId).not.toBe(s1.RevisionId);
    const policy2 = await lambda.client.send(new GetLayerVersionPolicyCommand({ LayerName: "rec4-lpol2", VersionNumber: 1 }));
    expect(policy2.RevisionId).toBe(s2.RevisionId);
    expect(JSON.parse(policy2.Policy ?? "{}")).toMatchObject({ Version: "2012-10-17", Id: "default", Statement: [{ Sid: "s1" }, { Sid: "s2" }] });
  });
});

describe("test_lambda_zip_file_to_image", () => {
  it("refuses an ImageUri for a Zip function and leaves it unchanged", async () => {
    const created = await create("rec4-zip2image");
    const imageUri = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/repo:latest`;
    expect(await failure(lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "rec4-zip2image", ImageUri: imageUri })))).toEqual(
      invalid("Please don't provide ImageUri when updating a function with packageType Zip."),
    );
    const got = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-zip2image" }));
    expect(got.Configuration).toMatchObject({ PackageType: "Zip", CodeSha256: created.CodeSha256 });
    expect(got.Code?.RepositoryType).toBe("S3");
    expect(await failure(lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "doesnotexist", ImageUri: imageUri })))).toEqual(
      notFound(`Function not found: ${arn("doesnotexist")}`),
    );
  });
});

describe("test_layer_function_exceptions (the rest)", () => {
  it("refuses one layer version given twice", async () => {
    await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "rec4-twice", Content: { ZipFile: zipOf("python/z.py", "Z = 1\n") } }));
    const layer = `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:rec4-twice:1`;
    expect(await failure(create("rec4-twice-fn", { Layers: [layer, layer] }))).toEqual(
      invalid(`Two different versions of the same layer are not allowed to be referenced in the same function. ${layer} and ${layer} are versions of the same layer.`),
    );
    expect(await failure(create("rec4-twice-fn", { Layers: [`arn:aws:lambda:${REGION}:${ACCOUNT}:layer:doesnotexist:1`] }))).toEqual(
      invalid(`Layer version arn:aws:lambda:${REGION}:${ACCOUNT}:layer:doesnotexist:1 does not exist.`),
    );
  });
});

// test_lambda.py and test_lambda.snapshot.json (TestLambdaFeatures, TestLambdaBehavior, TestRequestIdHandling).
describe("invocation types, warm reuse and request ids (test_lambda.py)", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const text = (payload?: Uint8Array) => new TextDecoder().decode(payload ?? new Uint8Array());
  beforeAll(async () => {
    await create("rec4-echo", { Code: { ZipFile: zipOf("index.mjs", "export const handler = async (e) => e;\n") } });
    await create("rec4-counter", { Code: { ZipFile: zipOf("index.mjs", "let counter = 0;\nexport const handler = async () => ({ counter: counter++ });\n") } });
    await create("rec4-none", { Code: { ZipFile: zipOf("index.mjs", "export const handler = async () => {};\n") } });
    await create("rec4-reqid", { Code: { ZipFile: zipOf("index.mjs", "export const handler = async (e, ctx) => { console.log('RequestId log message'); return ctx.awsRequestId; };\n") } });
  });

  it("test_invocation_type_request_response, _event and _dry_run: 200 with ExecutedVersion, 202 and 204 with an empty payload and none", async () => {
    const sync = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-echo", Payload: bytes("{}"), InvocationType: "RequestResponse" }));
    expect(sync).toMatchObject({ StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(text(sync.Payload)).toBe("{}");
    const event = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-echo", Payload: bytes("{}"), InvocationType: "Event" }));
    expect(event.StatusCode).toBe(202);
    expect(event.ExecutedVersion).toBeUndefined();
    expect(text(event.Payload)).toBe("");
    const dry = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-echo", Payload: bytes("{}"), InvocationType: "DryRun" }));
    expect(dry.StatusCode).toBe(204);
    expect(dry.ExecutedVersion).toBeUndefined();
    expect(text(dry.Payload)).toBe("");
  });

  it("test_lambda_cache_local and test_lambda_invoke_no_timeout: a warm environment keeps its module state; no result is null", async () => {
    const first = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-counter" }));
    const second = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-counter" }));
    expect([text(first.Payload), text(second.Payload)]).toEqual(['{"counter":0}', '{"counter":1}']);
    const none = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-none" }));
    expect(none).toMatchObject({ StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(text(none.Payload)).toBe("null");
  });

  it("test_request_id_invoke: the context's request id is the response's, and names the log lines", async () => {
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-reqid", LogType: "Tail" }));
    const id = out.$metadata.requestId ?? "";
    expect(text(out.Payload)).toBe(JSON.stringify(id));
    const lines = Buffer.from(out.LogResult ?? "", "base64").toString("utf8").split("\n");
    expect(lines[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(lines[1]).toMatch(new RegExp(`\\t${id}\\tINFO\\tRequestId log message$`));
    expect(lines[2]).toBe(`END RequestId: ${id}`);
    expect(lines[3]).toMatch(new RegExp(`^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: [\\d.]+ ms\\t$`));
  });

  it("test_invocation_with_qualifier: a version's START line names the version", async () => {
    await create("rec4-qualified", { Publish: true });
    const out = await lambda.client.send(new InvokeCommand({ FunctionName: "rec4-qualified", Qualifier: "1", Payload: bytes('{"foo":"bar with \'quotes\\""}'), LogType: "Tail" }));
    expect(out).toMatchObject({ StatusCode: 200, ExecutedVersion: "1" });
    expect(JSON.parse(text(out.Payload))).toEqual({ foo: "bar with 'quotes\"" });
    const lines = Buffer.from(out.LogResult ?? "", "base64").toString("utf8").split("\n");
    expect(lines[0]).toBe(`START RequestId: ${out.$metadata.requestId} Version: 1`);
  });
});

describe("test_advanced_logging_configuration_format_switch and test_function_partial_advanced_logging_configuration_update (TestLoggingConfig)", () => {
  it("JSON brings INFO log levels, Text takes them away again", async () => {
    await create("rec4-logswitch", { MemorySize: 256, Timeout: 5 });
    const toJson = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-logswitch", LoggingConfig: { LogFormat: "JSON" } }));
    expect(toJson.LoggingConfig).toEqual({ ApplicationLogLevel: "INFO", LogFormat: "JSON", LogGroup: "/aws/lambda/rec4-logswitch", SystemLogLevel: "INFO" });
    expect((await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "rec4-logswitch" }))).LoggingConfig).toEqual(toJson.LoggingConfig);
    const toText = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec4-logswitch", LoggingConfig: { LogFormat: "Text" } }));
    expect(toText.LoggingConfig).toEqual({ LogFormat: "Text", LogGroup: "/aws/lambda/rec4-logswitch" });
  });

  it("fills the level a partial JSON config leaves out with INFO", async () => {
    const cases = [
      [{ LogFormat: "JSON", ApplicationLogLevel: "DEBUG" }, { ApplicationLogLevel: "DEBUG", SystemLogLevel: "INFO" }],
      [{ LogFormat: "JSON", SystemLogLevel: "DEBUG" }, { ApplicationLogLevel: "INFO", SystemLogLevel: "DEBUG" }],
    ] as const;
    for (const [i, [LoggingConfig, levels]] of cases.entries()) {
      const name = `rec4-logpartial-${i}`;
      await create(name);
      const updated = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, LoggingConfig }));
      expect(updated.LoggingConfig).toEqual({ ...levels, LogFormat: "JSON", LogGroup: `/aws/lambda/${name}` });
      expect((await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).LoggingConfig).toEqual(updated.LoggingConfig);
    }
  });
});

describe("test_layer_s3_content: Content.Location", () => {
  it("serves the layer's zip as published, and answers 404 once the version is deleted", async () => {
    const content = zipOf("nodejs/node_modules/shared/index.js", "module.exports = 42;\n");
    const published = await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "rec4-content", Content: { ZipFile: content } }));
    const got = await lambda.client.send(new GetLayerVersionCommand({ LayerName: "rec4-content", VersionNumber: published.Version }));
    expect(got.Content?.Location).toBe(published.Content?.Location);
    const res = await fetch(got.Content?.Location ?? "");
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(content))).toBe(true);
    await lambda.client.send(new DeleteLayerVersionCommand({ LayerName: "rec4-content", VersionNumber: published.Version }));
    expect((await fetch(got.Content?.Location ?? "")).status).toBe(404);
  });
});

// The snapshots record the error body's members beside Error (botocore adds a modeled error's members):
// "Type" and "Message" (ResourceNotFoundException) or "message" (the others); some errors have no "Type".
describe("error bodies as recorded (Type, Message or message)", () => {
  const raw = async (method: string, path: string) => {
    const res = await fetch(`${lambda.url}${path}`, { method });
    return { status: res.status, type: res.headers.get("x-amzn-errortype"), body: (await res.json()) as Record<string, unknown> };
  };
  it("ResourceNotFoundException: Type User and Message (test_ops_on_nonexisting_fn)", async () => {
    expect(await raw("GET", "/2015-03-31/functions/i-dont-exist-raw")).toEqual({
      status: 404,
      type: "ResourceNotFoundException",
      body: { Type: "User", Message: `Function not found: ${arn("i-dont-exist-raw")}` },
    });
  });
  it("InvalidParameterValueException: Type User and message (test_layer_exceptions)", async () => {
    expect(await raw("GET", "/2018-10-31/layers/nope/versions/0")).toEqual({
      status: 400,
      type: "InvalidParameterValueException",
      body: { Type: "User", message: "Layer Version Cannot be less than 1" },
    });
  });
  it("a missing code signing config: Message without Type (test_code_signing_not_found_excs)", async () => {
    const cscArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`;
    expect(await raw("GET", `/2020-04-22/code-signing-configs/${encodeURIComponent(cscArn)}`)).toEqual({
      status: 404,
      type: "ResourceNotFoundException",
      body: { Message: `The Lambda code signing configuration ${cscArn} can not be found.` },
    });
  });
});

describe("error bodies without Type and another account's function ARN", () => {
  const rawPost = async (path: string, body: unknown) => {
    const res = await fetch(`${lambda.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, type: res.headers.get("x-amzn-errortype"), body: (await res.json()) as Record<string, unknown> };
  };
  it("$LATEST with routing: message without Type (test_notfound_and_invalid_routingconfigs)", async () => {
    await create("rec4-rawalias", { Publish: true });
    expect(await rawPost("/2015-03-31/functions/rec4-rawalias/aliases", { Name: "custom", FunctionVersion: "$LATEST", RoutingConfig: { AdditionalVersionWeights: { "1": 0.5 } } })).toEqual({
      status: 400,
      type: "InvalidParameterValueException",
      body: { message: "$LATEST is not supported for an alias pointing to more than 1 version" },
    });
  });
  it("CreateFunction with another account's ARN: AccessDeniedException, 403 (test_function_arns)", async () => {
    const error = await failure(create(`arn:aws:lambda:${REGION}:123456789012:function:rec4-other-account`));
    expect(error).toMatchObject({ name: "AccessDeniedException", status: 403 });
    expect(await failure(create(`123456789012:function:rec4-other-account`))).toMatchObject({ name: "AccessDeniedException", status: 403 });
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: "rec4-other-account" })))).toMatchObject({ name: "ResourceNotFoundException" });
    const res = await fetch(`${lambda.url}/2015-03-31/functions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ FunctionName: `arn:aws:lambda:${REGION}:123456789012:function:x`, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: Buffer.from(code1).toString("base64") } }),
    });
    expect([res.status, res.headers.get("x-amzn-errortype"), await res.json()]).toEqual([403, "AccessDeniedException", { Message: null }]);
    // The own account's ARN, full or partial, names the function as its name does.
    expect((await create(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:rec4-own-account`)).FunctionArn).toBe(arn("rec4-own-account"));
  });
});
