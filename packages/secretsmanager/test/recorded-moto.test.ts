/**
 * Behaviours moto verified on AWS: tests/test_secretsmanager/test_list_secrets.py and
 * test_secretsmanager.py (@aws_verified / @secretsmanager_aws_verified); the list filters also
 * localstack test_secretsmanager.py::test_list_secrets_filtering (recorded on AWS).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand, RotateSecretCommand,
  SecretsManagerClient, UpdateSecretCommand, type Filter, type GetSecretValueCommandOutput, type SecretsManagerServiceException, type Tag,
} from "@aws-sdk/client-secrets-manager";
import { VirtualClock, type LambdaInvoker } from "@sam-sandbox/core";
import { createSecretsManager, type SecretsManager } from "../src/index.js";
import { splitWords } from "../src/engine/filters.js";
import { served } from "../../../test/helpers/services.js";

let service: SecretsManager;
let sm: SecretsManagerClient;
let close: () => Promise<void>;
/** What the rotation function saw at each step: the AWSPENDING version, or the error reading it. */
const seen: { step: string; pending: GetSecretValueCommandOutput | string }[] = [];

/** moto's rotation function: records the pending version, then does nothing (a configuration test). */
const invoker: LambdaInvoker = {
  async invoke({ payload }) {
    const { SecretId, ClientRequestToken, Step } = JSON.parse(payload.toString()) as { SecretId: string; ClientRequestToken: string; Step: string };
    let pending: GetSecretValueCommandOutput | string;
    try {
      pending = await sm.send(new GetSecretValueCommand({ SecretId, VersionId: ClientRequestToken, VersionStage: "AWSPENDING" }));
    } catch (error) {
      pending = (error as Error).name;
    }
    seen.push({ step: Step, pending });
    return { statusCode: 200, payload: Buffer.from("null"), executedVersion: "$LATEST" };
  },
};

beforeAll(async () => {
  service = await createSecretsManager({ clock: new VirtualClock(Date.UTC(2026, 10, 26)), invoker });
  ({ client: sm, close } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
  const secrets: [string, string?, Tag[]?][] = [
    ["SecretOne1", undefined], ["SecretTwo1", "DescTwo"], ["Thirdsecret1"], ["SecretFTag1", undefined, [{ Key: "1", Value: "foo" }]],
    ["SecretFValue1", undefined, [{ Key: "foo", Value: "v" }]], ["none1"],
    ["prod/AppBeta/x1"], ["prod_AppBeta_x1"], ["uat/COMPANY/x1"], ["uat/COMPANYthings/x1"],
    ["d-foo", "one two"], ["d-bar", "one and two"], ["d-baz", "one"], ["d-qux", "two"],
    ["testing1/one-1", "a secret"], ["/testing2/two-1", "an secret"], ["testing3/three-1", "asecret"], ["/testing4/four-1", "thesecret"],
  ];
  for (const [Name, Description, Tags] of secrets) {
    await sm.send(new CreateSecretCommand({ Name, SecretString: "s", ...(Description ? { Description } : {}), ...(Tags ? { Tags } : {}) }));
  }
});

afterAll(() => close());

const names = async (...Filters: Filter[]) => ((await sm.send(new ListSecretsCommand({ Filters }))).SecretList ?? []).map((s) => s.Name);

describe("ListSecrets filters", () => {
  it("matches description words, not prefixes of the whole text, case-insensitively", async () => {
    expect(await names({ Key: "description", Values: ["one two"] })).toEqual(["d-foo", "d-bar"]);
    expect(await names({ Key: "description", Values: ["o t"] })).toEqual(["d-foo", "d-bar"]);
    expect(await names({ Key: "description", Values: ["a secret"] })).toEqual(["testing1/one-1", "/testing2/two-1"]);
    expect(await names({ Key: "description", Values: ["one"] }, { Key: "description", Values: ["two"] })).toEqual(["d-foo", "d-bar"]);
    expect(await names({ Key: "description", Values: ["DESC"] })).toEqual(["SecretTwo1"]);
  });

  it("matches a name prefix as given, and negates with '!'", async () => {
    expect(await names({ Key: "name", Values: ["/"] })).toEqual(["/testing2/two-1", "/testing4/four-1"]);
    expect(await names({ Key: "name", Values: ["testing1 one"] })).toEqual([]);
    // "one and two" has a word beginning with "a".
    expect(await names({ Key: "description", Values: ["!a"] })).toEqual(["SecretTwo1", "d-foo", "d-baz", "d-qux", "/testing4/four-1"]);
  });

  it("splits names, descriptions and tags into words for 'all'", async () => {
    expect(await names({ Key: "all", Values: ["SecretOne"] })).toEqual(["SecretOne1"]);
    expect(await names({ Key: "all", Values: ["foo"] })).toEqual(["SecretFTag1", "SecretFValue1", "d-foo"]);
    expect(await names({ Key: "all", Values: ["ret"] })).toEqual([]);
    // Every word must match within one attribute: "DescTwo" has both, "d-foo" + "one two" split them.
    expect(await names({ Key: "all", Values: ["d t"] })).toEqual(["SecretTwo1"]);
    expect(await names({ Key: "all", Values: ["Beta"] })).toEqual(["prod/AppBeta/x1", "prod_AppBeta_x1"]);
    expect(await names({ Key: "all", Values: ["company"] })).toEqual(["uat/COMPANY/x1"]);
    expect(await names({ Key: "all", Values: ["Ythings"] })).toEqual(["uat/COMPANYthings/x1"]);
    expect(await names({ Key: "all", Values: ["things"] })).toEqual([]);
  });

  it("splits words on one kind of separator and on case changes", () => {
    expect(splitWords("MyTestPhrase")).toEqual(["My", "Test", "Phrase"]);
    expect(splitWords("my/test")).toEqual(["my", "test"]);
    expect(splitWords("my test")).toEqual(["my", "test"]);
    expect(splitWords("prod-AppBeta/x")).toEqual(["prod-AppBeta/x"]);
    expect(splitWords("+")).toEqual([]);
  });
});

describe("Parameter Store references", () => {
  it("reads the version a label or version id selects, for /aws/reference/secretsmanager/", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "referenced", SecretString: "first" }));
    expect(service.engine.reference("referenced", undefined)).toMatchObject({ arn: created.ARN, name: "referenced", secretString: "first", versionStages: ["AWSCURRENT"] });
    expect(service.engine.reference("referenced", created.VersionId)).toMatchObject({ versionId: created.VersionId });
    expect(service.engine.reference("referenced", "AWSPREVIOUS")).toBeUndefined();
    expect(service.engine.reference("not here", undefined)).toBeUndefined();
  });
});

describe("ClientRequestToken", () => {
  it("refuses a token already used for another value, with AWS's text (test_put_different_secret_value_with_same_token)", async () => {
    const token = "0b6a0c6e-3c1d-4a52-9a1e-6f1f3e0c2d11";
    const created = await sm.send(new CreateSecretCommand({ Name: "tokened", SecretString: "Hello", ClientRequestToken: token }));
    expect(await sm.send(new CreateSecretCommand({ Name: "tokened", SecretString: "Hello", ClientRequestToken: token }))).toMatchObject({ ARN: created.ARN, VersionId: token });
    for (const call of [
      () => sm.send(new PutSecretValueCommand({ SecretId: "tokened", SecretString: "Hi", ClientRequestToken: token })),
      () => sm.send(new UpdateSecretCommand({ SecretId: "tokened", SecretString: "Hi", ClientRequestToken: token })),
    ]) {
      const e = await call().then(() => undefined, (error: unknown) => error as SecretsManagerServiceException);
      expect([e?.name, e?.message]).toEqual([
        "ResourceExistsException", `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${created.ARN}.`,
      ]);
    }
  });
});

describe("RotateSecret with RotateImmediately false", () => {
  it("runs only testSecret, on an AWSPENDING copy of the current value it then removes (test_rotate_secret_using_lambda_dont_rotate_immediately)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "later", SecretString: "old_secret" }));
    seen.length = 0;
    await sm.send(new RotateSecretCommand({
      SecretId: created.ARN, RotationLambdaARN: "arn:aws:lambda:us-east-1:000000000000:function:rotator", RotationRules: { AutomaticallyAfterDays: 30 }, RotateImmediately: false,
    }));
    expect(seen.map((s) => s.step)).toEqual(["testSecret"]);
    expect(seen[0]?.pending).toMatchObject({ SecretString: "old_secret", VersionStages: ["AWSPENDING"] });
    expect(seen[0]?.pending).not.toMatchObject({ VersionId: created.VersionId });
    expect(await sm.send(new GetSecretValueCommand({ SecretId: created.ARN }))).toMatchObject({ SecretString: "old_secret", VersionId: created.VersionId });
    const described = await sm.send(new DescribeSecretCommand({ SecretId: created.ARN }));
    expect(Object.keys(described.VersionIdsToStages ?? {})).toEqual([created.VersionId]);
    expect(described).toMatchObject({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 } });
  });
});

describe("PutSecretValue", () => {
  it("needs a value, before looking the secret up (moto test_put_secret_binary_requires_either_string_or_binary; AWS's text as Terraform users quote it)", async () => {
    const e = await sm.send(new PutSecretValueCommand({ SecretId: "no-such-secret" })).then(() => undefined, (error: unknown) => error as SecretsManagerServiceException);
    expect([e?.name, e?.message]).toEqual(["InvalidRequestException", "You must provide either SecretString or SecretBinary."]);
  });

  it("makes the first version AWSCURRENT whatever the labels asked (API reference; moto test_put_secret_value_versions_adds_awscurrent_label_in_first_version)", async () => {
    await sm.send(new CreateSecretCommand({ Name: "first-put" }));
    const put = await sm.send(new PutSecretValueCommand({ SecretId: "first-put", SecretString: "v", VersionStages: ["AWSPENDING"] }));
    expect(put.VersionStages).toEqual(["AWSCURRENT", "AWSPENDING"]);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "first-put" }))).SecretString).toBe("v");
  });
});
