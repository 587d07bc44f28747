// Error texts and shapes recorded on real AWS in localstack tests/aws/services/lambda_/
// test_lambda_api.snapshot.json (the test named in each describe), replayed through the real SDK v3 client.
import AdmZip from "adm-zip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetPolicyCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionUrlConfigCommand,
} from "@aws-sdk/client-lambda";
import { ACCOUNT, REGION, failure, startLambda, type TestLambda } from "./helpers.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const arn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const layerArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${name}`;

function zipOf(name: string, text: string): Uint8Array {
  const zip = new AdmZip();
  zip.addFile(name, Buffer.from(text));
  return new Uint8Array(zip.toBuffer());
}
const code = zipOf("index.mjs", "export const handler = async (e) => e;\n");
const layerContent = { ZipFile: zipOf("nodejs/x.js", "module.exports = 1;\n") };

let lambda: TestLambda;
beforeAll(async () => {
  lambda = await startLambda([]);
  await create("rec2", { Publish: true });
  await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2", Description: "two" }));
  await lambda.client.send(new CreateAliasCommand({ FunctionName: "rec2", Name: "live", FunctionVersion: "1" }));
});
afterAll(async () => {
  await lambda.close();
});

function create(name: string, extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {}) {
  return lambda.client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: code }, ...extra }));
}

describe("test_get_function_wrong_region", () => {
  it("answers that functions of another region are not reachable", async () => {
    const other = `arn:aws:lambda:us-west-2:${ACCOUNT}:function:rec2`;
    const expected = { name: "ResourceNotFoundException", status: 404, message: "Functions from 'us-west-2' are not reachable in this region ('us-east-1')" };
    expect(await failure(lambda.client.send(new GetFunctionCommand({ FunctionName: other })))).toEqual(expected);
    expect(await failure(lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: other })))).toEqual(expected);
    expect(await failure(lambda.client.send(new InvokeCommand({ FunctionName: other })))).toEqual(expected);
  });

  it("still lets the template's own integrations invoke by an ARN of any region", async () => {
    const out = await lambda.runtime.invoker.invoke({ functionName: `arn:aws:lambda:us-west-2:${ACCOUNT}:function:rec2`, payload: Buffer.from('{"a":1}'), source: "states" });
    expect(out.statusCode).toBe(200);
    expect(Buffer.from(out.payload).toString()).toBe('{"a":1}');
  });
});

describe("test_notfound_and_invalid_routingconfigs", () => {
  it("prints weights as Java doubles and lists 'Member must not be null' for map keys and values", async () => {
    const weights = (w: Record<string, number>) => lambda.client.send(new CreateAliasCommand({ FunctionName: "rec2", Name: "a", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: w } }));
    expect(await failure(weights({ "2": 2 }))).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    });
    expect(await failure(weights({ $LATEST: 0.5 }))).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]",
    });
  });

  it("names a missing function with the version the alias would point to", async () => {
    const out = await failure(lambda.client.send(new CreateAliasCommand({ FunctionName: "rec2-unknown", Name: "a", FunctionVersion: "1" })));
    expect(out).toEqual({ name: "ResourceNotFoundException", status: 404, message: `Function not found: ${arn("rec2-unknown")}:1` });
  });
});

describe("test_lambda_eventinvokeconfig_exceptions", () => {
  it("refuses a destination outside Lambda's destination services, naming the config as Java prints it", async () => {
    const destination = `arn:aws:iam:${REGION}:${ACCOUNT}:function:rec2`;
    const out = await failure(lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec2", DestinationConfig: { OnSuccess: { Destination: destination } } })));
    expect(out).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${destination}), onFailure=null) is invalid.`,
    });
  });

  it("checks a destination ARN against Lambda's own pattern", async () => {
    const destination = `arn:aws:_-/!lambda:${REGION}:${ACCOUNT}:function:rec2`;
    const out = await failure(lambda.client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: "rec2", DestinationConfig: { OnFailure: { Destination: destination } } })));
    expect(out).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '${destination}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)`,
    });
  });
});

describe("test_function_concurrency_exceptions", () => {
  it("names a missing function's $LATEST", async () => {
    const out = await failure(lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: "doesnotexist", ReservedConcurrentExecutions: 1 })));
    expect(out).toEqual({ name: "ResourceNotFoundException", status: 404, message: `Function not found: ${arn("doesnotexist")}:$LATEST` });
  });
});

describe("test_url_config_lifecycle and test_url_config_exceptions", () => {
  it("echoes InvokeMode only when the request set it, and refuses a version as qualifier with Lambda's pattern", async () => {
    const created = await lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "rec2", AuthType: "NONE" }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.InvokeMode).toBeUndefined();
    const updated = await lambda.client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: "rec2", AuthType: "AWS_IAM" }));
    expect(updated.AuthType).toBe("AWS_IAM");
    expect(updated.InvokeMode).toBeUndefined();
    expect(await failure(lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "rec2", Qualifier: "1", AuthType: "NONE" })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)",
    });
  });
});

describe("test_lambda_update_function_url_config", () => {
  it("keeps showing InvokeMode in Update answers once it was set", async () => {
    await create("rec2-url-mode");
    const created = await lambda.client.send(new CreateFunctionUrlConfigCommand({ FunctionName: "rec2-url-mode", AuthType: "NONE", InvokeMode: "BUFFERED" }));
    expect(created.InvokeMode).toBe("BUFFERED");
    const streamed = await lambda.client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: "rec2-url-mode", InvokeMode: "RESPONSE_STREAM" }));
    expect(streamed.InvokeMode).toBe("RESPONSE_STREAM");
    const unchanged = await lambda.client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: "rec2-url-mode", AuthType: "NONE" }));
    expect(unchanged.InvokeMode).toBe("RESPONSE_STREAM");
  });
});

describe("test_permission_exceptions", () => {
  const statement = { StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com" };

  it("refuses a principal that is no account, ARN or service", async () => {
    const out = await failure(lambda.client.send(new AddPermissionCommand({ ...statement, FunctionName: "rec2", Principal: "invalid.nonaws.com" })));
    expect(out).toEqual({ name: "InvalidParameterValueException", status: 400, message: "The provided principal was invalid. Please check the principal and try again." });
  });

  it("names a missing alias as an alias and a missing version as a function", async () => {
    expect(await failure(lambda.client.send(new AddPermissionCommand({ ...statement, FunctionName: "rec2", Qualifier: "alias-doesnotexist" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Cannot find alias arn: ${arn("rec2")}:alias-doesnotexist`,
    });
    expect(await failure(lambda.client.send(new RemovePermissionCommand({ FunctionName: "rec2", Qualifier: "alias-doesnotexist", StatementId: "s3" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Cannot find alias arn: ${arn("rec2")}:alias-doesnotexist`,
    });
    expect(await failure(lambda.client.send(new AddPermissionCommand({ ...statement, FunctionName: "rec2", Qualifier: "42" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arn("rec2")}:42`,
    });
  });

  it("GetPolicy of a missing version: the resource does not exist", async () => {
    expect(await failure(lambda.client.send(new GetPolicyCommand({ FunctionName: "rec2", Qualifier: "42" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource you requested does not exist.",
    });
  });
});

describe("test_create_lambda_exceptions", () => {
  it("answers an unknown runtime with InvalidParameterValueException and the runtimes Lambda lists", async () => {
    const listed =
      "[nodejs20.x, provided.al2023, python3.12, java17, nodejs16.x, dotnet8, python3.10, java11, python3.11, dotnet6, java21, nodejs18.x, provided.al2, ruby3.3, java8.al2, ruby3.2, python3.8, python3.9]";
    expect(await failure(create("rec2-runtime", { Runtime: "PYTHON3.9" as "python3.9" }))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ${listed} or be a valid ARN`,
    });
    expect(await failure(lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2", Runtime: "non-existent-runtime" as "python3.9" })))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ${listed} or be a valid ARN`,
    });
  });
});

describe("test_event_source_mapping_exceptions", () => {
  it("answers a missing function before anything about the source", async () => {
    const out = await failure(lambda.client.send(new CreateEventSourceMappingCommand({ FunctionName: "doesnotexist", EventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:queue` })));
    expect(out).toEqual({ name: "InvalidParameterValueException", status: 400, message: "Function does not exist" });
  });
});

describe("test_layer_exceptions and test_layer_function_exceptions", () => {
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "rec2-layer", Content: layerContent }));
  });

  it("answers empty compatible runtimes and architectures when none were given", async () => {
    const out = await lambda.client.send(new PublishLayerVersionCommand({ LayerName: "rec2-empty", Content: layerContent }));
    expect(out).toMatchObject({ CompatibleRuntimes: [], CompatibleArchitectures: [], Version: 1 });
  });

  it("validates a layer's runtimes and architectures with Lambda's texts", async () => {
    const out = await failure(
      lambda.client.send(
        new PublishLayerVersionCommand({ LayerName: "rec2-layer", Content: layerContent, CompatibleRuntimes: ["invalidruntime" as "python3.9"], CompatibleArchitectures: ["invalidarch" as "arm64"] }),
      ),
    );
    expect(out).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "2 validation errors detected: Value '[invalidruntime]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [nodejs20.x, provided.al2023, python3.12, java17, nodejs16.x, dotnet8, python3.10, java11, python3.11, dotnet6, java21, nodejs18.x, provided.al2, ruby3.3, java8.al2, ruby3.2, python3.8, python3.9]; Value '[invalidarch]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]",
    });
    expect(await failure(lambda.client.send(new GetLayerVersionByArnCommand({ Arn: layerArn("rec2-layer") })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '${layerArn("rec2-layer")}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+`,
    });
  });

  it("refuses two versions of one layer, a missing layer version and a layer of another region", async () => {
    const layers = (list: string[]) => lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2", Layers: list }));
    expect(await failure(layers([`${layerArn("rec2-layer")}:1`, `${layerArn("rec2-layer")}:2`]))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `Two different versions of the same layer are not allowed to be referenced in the same function. ${layerArn("rec2-layer")}:1 and ${layerArn("rec2-layer")}:2 are versions of the same layer.`,
    });
    expect(await failure(layers([`${layerArn("rec2-layer")}:9`]))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `Layer version ${layerArn("rec2-layer")}:9 does not exist.`,
    });
    expect(await failure(create("rec2-region", { Layers: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:rec2-layer:1`] }))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `Layers are not in the same region as the function. Layers are expected to be in region ${REGION}.`,
    });
    expect(await failure(layers([layerArn("rec2-layer")]))).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '[${layerArn("rec2-layer")}]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+), Member must not be null]`,
    });
  });

  it("refuses more than five layers (test_layer_function_quota_exception)", async () => {
    const six = Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:${REGION}:017000801446:layer:other-${i}:1`);
    expect(await failure(create("rec2-six", { Layers: six }))).toEqual({ name: "InvalidParameterValueException", status: 400, message: "Cannot reference more than 5 layers." });
  });

  it("takes a layer of another account as given", async () => {
    const out = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2", Layers: [`arn:aws:lambda:${REGION}:017000801446:layer:AWSLambdaPowertoolsTypeScriptV2:1`] }));
    expect(out.Layers?.map((l) => l.Arn)).toEqual([`arn:aws:lambda:${REGION}:017000801446:layer:AWSLambdaPowertoolsTypeScriptV2:1`]);
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2", Layers: [] }));
  });
});

describe("test_lambda_permission_fn_versioning and test_add_lambda_permission_fields", () => {
  const s3 = { Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", SourceArn: "arn:aws:s3:::bucket" };

  it("gives $LATEST a new RevisionId when a version is published; a policy's RevisionId is its target's", async () => {
    await create("rec2-perm");
    await lambda.client.send(new AddPermissionCommand({ FunctionName: "rec2-perm", StatementId: "s3", ...s3 }));
    const before = await lambda.client.send(new GetPolicyCommand({ FunctionName: "rec2-perm" }));
    const version = await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec2-perm" }));
    const latest = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec2-perm" }));
    const after = await lambda.client.send(new GetPolicyCommand({ FunctionName: "rec2-perm" }));
    expect(after.RevisionId).toBe(latest.Configuration?.RevisionId);
    expect(after.RevisionId).not.toBe(before.RevisionId);
    expect(version.RevisionId).not.toBe(latest.Configuration?.RevisionId);
    expect(await failure(lambda.client.send(new GetPolicyCommand({ FunctionName: "rec2-perm", Qualifier: "1" })))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
      message: "The resource you requested does not exist.",
    });
  });

  it("checks an alias's RevisionId and renews it", async () => {
    await lambda.client.send(new CreateAliasCommand({ FunctionName: "rec2-perm", Name: "permission-alias", FunctionVersion: "1" }));
    expect(await failure(lambda.client.send(new AddPermissionCommand({ FunctionName: "rec2-perm", Qualifier: "permission-alias", StatementId: "s3", RevisionId: "wrong", ...s3 })))).toEqual({
      name: "PreconditionFailedException",
      status: 412,
      message: "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    });
    const alias = await lambda.client.send(new GetAliasCommand({ FunctionName: "rec2-perm", Name: "permission-alias" }));
    await lambda.client.send(new AddPermissionCommand({ FunctionName: "rec2-perm", Qualifier: "permission-alias", StatementId: "s3", RevisionId: alias.RevisionId, ...s3 }));
    const policy = await lambda.client.send(new GetPolicyCommand({ FunctionName: "rec2-perm", Qualifier: "permission-alias" }));
    const renewed = await lambda.client.send(new GetAliasCommand({ FunctionName: "rec2-perm", Name: "permission-alias" }));
    expect(policy.RevisionId).toBe(renewed.RevisionId);
    expect(renewed.RevisionId).not.toBe(alias.RevisionId);
  });

  it("writes the conditions in Lambda's order", async () => {
    const out = await lambda.client.send(
      new AddPermissionCommand({
        FunctionName: "rec2-perm",
        StatementId: "urlPermission",
        Action: "lambda:InvokeFunctionUrl",
        Principal: "*",
        SourceAccount: ACCOUNT,
        SourceArn: "arn:aws:s3:::b",
        FunctionUrlAuthType: "NONE",
        PrincipalOrgID: "o-1234567890",
      }),
    );
    expect(out.Statement).toBe(
      `{"Sid":"urlPermission","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"${arn("rec2-perm")}","Condition":{"StringEquals":{"AWS:SourceAccount":"${ACCOUNT}","lambda:FunctionUrlAuthType":"NONE","aws:PrincipalOrgID":"o-1234567890"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}}`,
    );
  });
});

describe("test_function_revisions_basic", () => {
  const stale = {
    name: "PreconditionFailedException",
    status: 412,
    message: "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
  };

  it("settles a create or an update under a new RevisionId, so the one in the answer is stale", async () => {
    const created = await create("rec2-rev");
    const active = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec2-rev" }));
    expect(active.Configuration?.RevisionId).not.toBe(created.RevisionId);
    expect(await failure(lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "rec2-rev", ZipFile: code, RevisionId: created.RevisionId })))).toEqual(stale);
    const updated = await lambda.client.send(new UpdateFunctionCodeCommand({ FunctionName: "rec2-rev", ZipFile: code, RevisionId: active.Configuration?.RevisionId }));
    const successful = await lambda.client.send(new GetFunctionCommand({ FunctionName: "rec2-rev" }));
    expect(successful.Configuration?.RevisionId).not.toBe(updated.RevisionId);
    expect(await failure(lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2-rev", Timeout: 5, RevisionId: updated.RevisionId })))).toEqual(stale);
    await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2-rev", Timeout: 5, RevisionId: successful.Configuration?.RevisionId }));
  });
});

describe("test_function_arns and test_invalid_invoke", () => {
  it("checks function names against Lambda's own patterns and a 64-character name", async () => {
    expect(await failure(create("invalid:function:name"))).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "1 validation error detected: Value 'invalid:function:name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
    });
    const long = "a".repeat(65);
    expect(await failure(create(long))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: `1 validation error detected: Value '${long}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    });
    const invalid = `arn:aws:lambda:${REGION}:123400000000@function:myfn`;
    expect(await failure(lambda.client.send(new InvokeCommand({ FunctionName: invalid })))).toEqual({
      name: "ValidationException",
      status: 400,
      message: `1 validation error detected: Value '${invalid}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    });
  });
});

describe("test_function_advanced_logging_configuration", () => {
  it("answers INFO log levels for JSON logs and keeps the format when LoggingConfig omits it", async () => {
    const created = await create("rec2-json-logs", { LoggingConfig: { LogFormat: "JSON" } });
    expect(created.LoggingConfig).toEqual({ ApplicationLogLevel: "INFO", LogFormat: "JSON", LogGroup: "/aws/lambda/rec2-json-logs", SystemLogLevel: "INFO" });
    const updated = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2-json-logs", LoggingConfig: { ApplicationLogLevel: "DEBUG" } }));
    expect(updated.LoggingConfig).toMatchObject({ ApplicationLogLevel: "DEBUG", LogFormat: "JSON", SystemLogLevel: "INFO" });
  });
});

describe("test_snapstart_exceptions and SnapStart on published versions", () => {
  it("refuses SnapStart on a runtime without it and answers it On for published versions only", async () => {
    expect(await failure(create("rec2-snap-node", { SnapStart: { ApplyOn: "PublishedVersions" } }))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "nodejs20.x is not supported for SnapStart enabled functions.",
    });
    await create("rec2-snap", { Runtime: "python3.12", SnapStart: { ApplyOn: "PublishedVersions" } });
    const latest = await lambda.client.send(new GetFunctionConfigurationCommand({ FunctionName: "rec2-snap" }));
    expect(latest.SnapStart).toEqual({ ApplyOn: "PublishedVersions", OptimizationStatus: "Off" });
    const version = await lambda.client.send(new PublishVersionCommand({ FunctionName: "rec2-snap" }));
    expect(version.SnapStart).toEqual({ ApplyOn: "PublishedVersions", OptimizationStatus: "On" });
    expect(await failure(lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2-snap", Runtime: "python3.11" })))).toEqual({
      name: "InvalidParameterValueException",
      status: 400,
      message: "python3.11 is not supported for SnapStart enabled functions.",
    });
    const off = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2-snap", SnapStart: { ApplyOn: "None" } }));
    expect(off.SnapStart).toEqual({ ApplyOn: "None", OptimizationStatus: "Off" });
  });
});

describe("test_function_advanced_logging_configuration: LoggingConfig.LogGroup", () => {
  it("answers the log group given and writes the function's lines there", async () => {
    await create("rec2-group", { LoggingConfig: { LogFormat: "JSON" } });
    const updated = await lambda.client.send(new UpdateFunctionConfigurationCommand({ FunctionName: "rec2-group", LoggingConfig: { LogGroup: "cool_lambda" } }));
    expect(updated.LoggingConfig).toEqual({ ApplicationLogLevel: "INFO", LogFormat: "JSON", LogGroup: "cool_lambda", SystemLogLevel: "INFO" });
    const groups = new Set<string>();
    const listener = (e: { functionName: string; logGroup?: string }) => {
      if (e.functionName === "rec2-group" && e.logGroup) groups.add(e.logGroup);
    };
    lambda.events.on("functionLog", listener);
    try {
      await lambda.client.send(new InvokeCommand({ FunctionName: "rec2-group", Payload: new TextEncoder().encode("{}") }));
    } finally {
      lambda.events.off("functionLog", listener);
    }
    expect([...groups]).toEqual(["cool_lambda"]);
  });
});
