/**
 * Parameter Store behaviours recorded on AWS: localstack tests/aws/services/ssm/test_ssm.py
 * (markers.aws.validated, test_ssm.snapshot.json) and moto tests/test_ssm/test_ssm.py (@aws_verified).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddTagsToResourceCommand, DeleteParameterCommand, DeleteParametersCommand, GetParameterCommand, GetParametersCommand,
  ListTagsForResourceCommand, PutParameterCommand, SSMClient, type SSMServiceException,
} from "@aws-sdk/client-ssm";
import { VirtualClock } from "@sam-sandbox/core";
import { createSsm, type ReferencedSecret, type SecretsReader } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const PREFIX = "/aws/reference/secretsmanager/";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:db/creds-AbCdEf";
let ssm: SSMClient;
let close: () => Promise<void>;

/** Secrets Manager as Parameter Store sees it: one secret with a current and a previous version. */
const versions: ReferencedSecret[] = [
  { arn: SECRET_ARN, name: "db/creds", versionId: "v-1", secretString: "first", versionStages: ["AWSPREVIOUS"], created: NOW - 1000 },
  { arn: SECRET_ARN, name: "db/creds", versionId: "v-2", secretString: "second", versionStages: ["AWSCURRENT"], created: NOW },
];
const secrets: SecretsReader = {
  read: async (id, selector) => {
    if (id === "going") return "deleted";
    if (id !== "db/creds") return undefined;
    const label = selector ?? "AWSCURRENT";
    return versions.find((v) => v.versionId === label || v.versionStages.includes(label));
  },
};

const failure = (promise: Promise<unknown>) => rejection<SSMServiceException>(promise);

beforeAll(async () => {
  const service = await createSsm({ clock: new VirtualClock(NOW), secrets });
  ({ client: ssm, close } = await served(service.service.handle, (config) => new SSMClient(config)));
});

afterAll(() => close());

describe("top-level names", () => {
  it("answers a top-level parameter under either spelling, echoing the one asked (test_put_parameters)", async () => {
    await ssm.send(new PutParameterCommand({ Name: "param-1", Value: "123", Type: "String" }));
    for (const name of ["param-1", "/param-1"]) {
      expect((await ssm.send(new GetParameterCommand({ Name: name }))).Parameter).toMatchObject({ Name: name, Value: "123" });
      expect((await ssm.send(new GetParametersCommand({ Names: [name] }))).Parameters?.[0]).toMatchObject({ Name: name, Value: "123" });
    }
    const byArn = (await ssm.send(new GetParameterCommand({ Name: "arn:aws:ssm:us-east-1:000000000000:parameter/param-1" }))).Parameter;
    expect(byArn).toMatchObject({ Name: "param-1", ARN: "arn:aws:ssm:us-east-1:000000000000:parameter/param-1", DataType: "text", Version: 1 });
  });

  it("tags and deletes it under either spelling (moto test_parameter_lifecycle_with_leading_slash, test_list_parameter_tags_created_with_leading_slash)", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/with-slash", Value: "v", Type: "String" }));
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "with-slash", Tags: [{ Key: "a", Value: "1" }] }));
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/with-slash", Tags: [{ Key: "b", Value: "2" }] }));
    expect((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "with-slash" }))).TagList).toHaveLength(2);
    const again = await failure(ssm.send(new PutParameterCommand({ Name: "with-slash", Value: "v", Type: "String" })));
    expect(again.name).toBe("ParameterAlreadyExists");
    await ssm.send(new DeleteParameterCommand({ Name: "with-slash" }));
    expect((await ssm.send(new GetParametersCommand({ Names: ["/with-slash"] }))).InvalidParameters).toEqual(["/with-slash"]);
    await ssm.send(new PutParameterCommand({ Name: "without-slash", Value: "v", Type: "String" }));
    expect(await ssm.send(new DeleteParametersCommand({ Names: ["/without-slash"] }))).toMatchObject({ DeletedParameters: ["/without-slash"], InvalidParameters: [] });
  });
});

describe("GetParameter names", () => {
  it("refuses a path with an empty sub-path or no leading slash (test_hierarchical_parameter)", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/a1/b/c", Value: "123", Type: "String" }));
    for (const name of ["/a1//b//c", "a1/b/c"]) {
      const e = await failure(ssm.send(new GetParameterCommand({ Name: name })));
      expect(e.name).toBe("ValidationException");
      expect(e.message).toContain("sub-paths divided by slash symbol");
    }
  });
});

describe("/aws/reference/secretsmanager/", () => {
  it("answers a secret as a SecureString parameter (test_get_secret_parameter)", async () => {
    const p = (await ssm.send(new GetParameterCommand({ Name: `${PREFIX}db/creds`, WithDecryption: true }))).Parameter;
    expect(p).toMatchObject({ Name: `${PREFIX}db/creds`, Type: "SecureString", Value: "second", Version: 0, ARN: SECRET_ARN });
    expect(p).not.toHaveProperty("DataType");
    expect(p?.LastModifiedDate?.getTime()).toBe(NOW);
    expect(JSON.parse(p?.SourceResult ?? "{}")).toMatchObject({ ARN: SECRET_ARN, name: "db/creds", versionId: "v-2", secretString: "second", versionStages: ["AWSCURRENT"] });
    const previous = (await ssm.send(new GetParameterCommand({ Name: `${PREFIX}db/creds:AWSPREVIOUS`, WithDecryption: true }))).Parameter;
    expect(previous).toMatchObject({ Name: `${PREFIX}db/creds`, Selector: ":AWSPREVIOUS", Value: "first" });
  });

  it("answers AWS's errors: not found, no decryption, bad selector, deleted (test_get_inexistent_secret)", async () => {
    const missing = await failure(ssm.send(new GetParameterCommand({ Name: `${PREFIX}inexistent`, WithDecryption: true })));
    expect([missing.name, missing.message]).toEqual([
      "ParameterNotFound", "An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret aws/reference/secretsmanager/inexistentnull not found.",
    ]);
    const plain = await failure(ssm.send(new GetParameterCommand({ Name: `${PREFIX}db/creds` })));
    expect([plain.name, plain.message]).toEqual(["ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret."]);
    const bad = await failure(ssm.send(new GetParameterCommand({ Name: `${PREFIX}db/creds:a:b` })));
    expect(bad.message).toBe("Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>");
    const deleted = await failure(ssm.send(new GetParameterCommand({ Name: `${PREFIX}going`, WithDecryption: true })));
    expect([deleted.name, deleted.message]).toEqual(["ValidationException", "Invalid Request to Secrets Manager"]);
  });

  it("lists references it cannot answer in InvalidParameters (test_get_parameters_and_secrets)", async () => {
    await ssm.send(new PutParameterCommand({ Name: "param-2", Value: "123", Type: "String" }));
    const r = await ssm.send(new GetParametersCommand({ Names: ["param-2", `${PREFIX}db/creds`, "inexistent_param", `${PREFIX}inexistent_secret`], WithDecryption: true }));
    // The test asserts membership only; the order is the API reference's: "listed in alphabetical order".
    expect(r.Parameters?.map((p) => p.Name)).toEqual([`${PREFIX}db/creds`, "param-2"]);
    expect(r.InvalidParameters).toEqual(["inexistent_param", `${PREFIX}inexistent_secret`]);
  });
});
