/**
 * The AWS CLI's own Secrets Manager examples (aws/aws-cli, awscli/examples/secretsmanager/*.rst:
 * commands and the answers AWS gave them), replayed through the AWS SDK v3 client; the shapes are
 * compared, the author's values (ARNs, version ids, times) are not. list-secrets.rst's
 * `--filter Key="name",Values="Test"` finding "MyTestSecret" shows the older word match: the
 * current API reference matches a name filter by prefix ("Name: Data returns DatabaseSecret, but
 * not ... MyData"), as the sandbox does.
 */
import {
  BatchGetSecretValueCommand, CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetRandomPasswordCommand, GetResourcePolicyCommand,
  GetSecretValueCommand, ListSecretsCommand, ListSecretVersionIdsCommand, PutResourcePolicyCommand, PutSecretValueCommand, RestoreSecretCommand,
  SecretsManagerClient, TagResourceCommand, UpdateSecretCommand, ValidateResourcePolicyCommand,
} from "@aws-sdk/client-secrets-manager";
import { VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretsManager } from "../src/index.js";
import { served } from "../../../test/helpers/services.js";

let sm: SecretsManagerClient;
let url: string;
let close: () => Promise<void>;
const clock = new VirtualClock(Date.UTC(2026, 10, 27, 9, 30, 0));

const FIRST = JSON.stringify({ user: "diegor", password: "EXAMPLE-PASSWORD" });
const SECOND = JSON.stringify({ user: "diegor", password: "PREVIOUS-EXAMPLE-PASSWORD" });
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "secretsmanager:GetSecretValue", Resource: "*" }],
});

beforeAll(async () => {
  const service = await createSecretsManager({ clock });
  ({ client: sm, url, close } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
});
afterAll(() => close());

const keys = (o: object): string[] => Object.keys(o).filter((k) => k !== "$metadata").sort();

describe("awscli/examples/secretsmanager", () => {
  it("create-secret.rst, put-secret-value.rst: ARN, Name, VersionId (and the new version's stages)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "MyTestSecret", Description: "My test secret created with the CLI.", SecretString: SECOND }));
    expect(keys(created)).toEqual(["ARN", "Name", "VersionId"]);
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:MyTestSecret-[A-Za-z0-9]{6}$/);
    await clock.advance(1000);
    const put = await sm.send(new PutSecretValueCommand({ SecretId: "MyTestSecret", SecretString: FIRST }));
    expect(keys(put)).toEqual(["ARN", "Name", "VersionId", "VersionStages"]);
    expect(put.VersionStages).toEqual(["AWSCURRENT"]);
  });

  it("get-secret-value.rst: the current version, then AWSPREVIOUS", async () => {
    const current = await sm.send(new GetSecretValueCommand({ SecretId: "MyTestSecret" }));
    expect(keys(current)).toEqual(["ARN", "CreatedDate", "Name", "SecretString", "VersionId", "VersionStages"]);
    expect([current.SecretString, current.VersionStages]).toEqual([FIRST, ["AWSCURRENT"]]);
    const previous = await sm.send(new GetSecretValueCommand({ SecretId: "MyTestSecret", VersionStage: "AWSPREVIOUS" }));
    expect([previous.SecretString, previous.VersionStages]).toEqual([SECOND, ["AWSPREVIOUS"]]);
  });

  it("describe-secret.rst, list-secrets.rst, list-secret-version-ids.rst: dates, tags and versions to stages", async () => {
    await sm.send(new TagResourceCommand({ SecretId: "MyTestSecret", Tags: [{ Key: "FirstTag", Value: "SomeValue" }, { Key: "SecondTag", Value: "AnotherValue" }] }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: "MyTestSecret" }));
    expect(keys(described)).toEqual(expect.arrayContaining(["ARN", "CreatedDate", "Description", "LastAccessedDate", "LastChangedDate", "Name", "Tags", "VersionIdsToStages"]));
    // "LastAccessedDate": 1673395200.0 in list-secrets.rst: the day, at midnight.
    expect(described.LastAccessedDate?.getTime()).toBe(Date.UTC(2026, 10, 27));
    // Written as a double, as AWS writes it: awscli prints 1673395200.0, not 1673395200.
    const raw = await (await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "secretsmanager.DescribeSecret" },
      body: JSON.stringify({ SecretId: "MyTestSecret" }),
    })).text();
    expect(raw).toContain(`"LastAccessedDate":${Date.UTC(2026, 10, 27) / 1000}.0`);
    expect(Object.values(described.VersionIdsToStages ?? {}).sort()).toEqual([["AWSCURRENT"], ["AWSPREVIOUS"]]);
    const { SecretList } = await sm.send(new ListSecretsCommand({}));
    expect(SecretList?.map((s) => [s.Name, Object.values(s.SecretVersionsToStages ?? {}).length, s.LastChangedDate instanceof Date])).toEqual([["MyTestSecret", 2, true]]);
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "MyTestSecret" }));
    expect(keys(versions)).toEqual(["ARN", "Name", "Versions"]);
    expect(versions.Versions?.map((v) => [v.VersionStages, v.CreatedDate instanceof Date, v.LastAccessedDate instanceof Date])).toEqual(expect.arrayContaining([
      [["AWSPREVIOUS"], true, true], [["AWSCURRENT"], true, true],
    ]));
  });

  it("put-resource-policy.rst, get-resource-policy.rst, validate-resource-policy.rst", async () => {
    await sm.send(new PutResourcePolicyCommand({ SecretId: "MyTestSecret", ResourcePolicy: POLICY }));
    const got = await sm.send(new GetResourcePolicyCommand({ SecretId: "MyTestSecret" }));
    expect(keys(got)).toEqual(["ARN", "Name", "ResourcePolicy"]);
    expect(JSON.parse(got.ResourcePolicy ?? "{}")).toEqual(JSON.parse(POLICY));
    const validated = await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: POLICY }));
    expect([validated.PolicyValidationPassed, validated.ValidationErrors]).toEqual([true, []]);
  });

  it("update-secret.rst, batch-get-secret-value.rst, get-random-password.rst", async () => {
    const updated = await sm.send(new UpdateSecretCommand({ SecretId: "MyTestSecret", Description: "This is a new description for the secret." }));
    expect(keys(updated)).toEqual(["ARN", "Name"]);
    await sm.send(new CreateSecretCommand({ Name: "MySecret2", SecretString: JSON.stringify({ username: "akua_mansa", password: "EXAMPLE-PASSWORD" }) }));
    const batch = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ["MyTestSecret", "MySecret2"] }));
    expect(batch.SecretValues?.map((v) => [v.Name, keys(v), v.VersionStages])).toEqual([
      ["MyTestSecret", ["ARN", "CreatedDate", "Name", "SecretString", "VersionId", "VersionStages"], ["AWSCURRENT"]],
      ["MySecret2", ["ARN", "CreatedDate", "Name", "SecretString", "VersionId", "VersionStages"], ["AWSCURRENT"]],
    ]);
    expect(batch.Errors).toEqual([]);
    const filtered = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: "name", Values: ["MySecret"] }] }));
    expect(filtered.SecretValues?.map((v) => v.Name)).toEqual(["MySecret2"]);
    const { RandomPassword } = await sm.send(new GetRandomPasswordCommand({ RequireEachIncludedType: true, PasswordLength: 20 }));
    expect(RandomPassword).toHaveLength(20);
    for (const kind of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(RandomPassword).toMatch(kind);
  });

  it("delete-secret.rst, restore-secret.rst: a recovery window, then forced deletion", async () => {
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: "MySecret2", RecoveryWindowInDays: 7 }));
    expect(keys(deleted)).toEqual(["ARN", "DeletionDate", "Name"]);
    expect(deleted.DeletionDate?.getTime()).toBe(clock.now() + 7 * 86_400_000);
    expect(keys(await sm.send(new RestoreSecretCommand({ SecretId: "MySecret2" })))).toEqual(["ARN", "Name"]);
    const forced = await sm.send(new DeleteSecretCommand({ SecretId: "MySecret2", ForceDeleteWithoutRecovery: true }));
    expect(forced.DeletionDate?.getTime()).toBe(clock.now());
  });
});
