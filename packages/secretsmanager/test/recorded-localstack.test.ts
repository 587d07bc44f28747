/**
 * Secrets Manager behaviours recorded on AWS: localstack tests/aws/services/secretsmanager/
 * test_secretsmanager.py (markers.aws.validated) and its test_secretsmanager.snapshot.json.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateSecretCommand, DeleteResourcePolicyCommand, DeleteSecretCommand, DescribeSecretCommand, GetResourcePolicyCommand,
  GetSecretValueCommand, ListSecretVersionIdsCommand, PutResourcePolicyCommand, PutSecretValueCommand, RotateSecretCommand,
  SecretsManagerClient, TagResourceCommand, UntagResourceCommand, UpdateSecretCommand, UpdateSecretVersionStageCommand,
  ValidateResourcePolicyCommand, type SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { VirtualClock, type LambdaInvoker, type LambdaInvokeResult } from "@sam-sandbox/core";
import { createSecretsManager } from "../src/index.js";
import { rejection, served } from "../../../test/helpers/services.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const clock = new VirtualClock(NOW);
const ROTATOR = "arn:aws:lambda:us-east-1:000000000000:function:rotator";
let sm: SecretsManagerClient;
let url: string;
let close: () => Promise<void>;

const failure = (promise: Promise<unknown>) => rejection<SecretsManagerServiceException>(promise);

const ok = (body = "null"): LambdaInvokeResult => ({ statusCode: 200, payload: Buffer.from(body), executedVersion: "$LATEST" });

/**
 * The rotation function of localstack's functions/lambda_rotate_secret.py (AWS's rotation template),
 * speaking to the service through the SDK as a deployed function would.
 */
const invoker: LambdaInvoker = {
  async invoke({ functionName, payload }) {
    if (functionName !== ROTATOR) throw new Error(`Function not found: ${functionName}`);
    const event = JSON.parse(payload.toString()) as { SecretId: string; ClientRequestToken: string; Step: string };
    const { SecretId, ClientRequestToken: token, Step } = event;
    const meta = await sm.send(new DescribeSecretCommand({ SecretId }));
    const stages = meta.VersionIdsToStages?.[token] ?? [];
    if (meta.RotationEnabled !== true || !stages.includes("AWSPENDING")) return { ...ok('{"errorMessage":"not pending"}'), functionError: "Unhandled" };
    if (stages.includes("AWSCURRENT")) return ok();
    if (Step === "createSecret") {
      const pending = await failure(sm.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: "AWSPENDING" })));
      expect(pending.name).toBe("ResourceNotFoundException");
      await sm.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: `rotated-${token}`, VersionStages: ["AWSPENDING"] }));
    }
    if (Step === "finishSecret") {
      const current = Object.entries(meta.VersionIdsToStages ?? {}).find(([, s]) => s.includes("AWSCURRENT"))?.[0];
      await sm.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: "AWSCURRENT", MoveToVersionId: token, RemoveFromVersionId: current }));
    }
    return ok();
  },
};

beforeAll(async () => {
  const service = await createSecretsManager({ clock, invoker });
  ({ client: sm, close, url } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
});

afterAll(() => close());

const stagesOf = async (SecretId: string) =>
  Object.fromEntries(((await sm.send(new ListSecretVersionIdsCommand({ SecretId }))).Versions ?? []).map((v) => [v.VersionId, v.VersionStages]));

describe("names", () => {
  it("refuses a name or SecretId outside A-Z a-z 0-9 /_+=.@- with AWS's ValidationException (test_invalid_secret_name)", async () => {
    const text = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!";
    // One at a time: a request started early would reject before anything awaits it.
    for (const call of [
      () => sm.send(new CreateSecretCommand({ Name: " Inv*Name? ", SecretString: "x" })),
      () => sm.send(new DescribeSecretCommand({ SecretId: "Inv Name" })),
      () => sm.send(new DeleteSecretCommand({ SecretId: "Inv Name", ForceDeleteWithoutRecovery: true })),
      () => sm.send(new TagResourceCommand({ SecretId: "Inv Name", Tags: [{ Key: "k", Value: "v" }] })),
    ]) {
      const e = await failure(call());
      expect([e.name, e.message, e.$metadata.httpStatusCode]).toEqual(["ValidationException", text, 400]);
    }
  });
});

describe("staging labels", () => {
  it("answers labels sorted and drops a label from the version that had it (test_non_versioning_version_stages_no_replacement)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "labels", SecretString: "S0" }));
    const one = await sm.send(new PutSecretValueCommand({ SecretId: "labels", SecretString: "S1", VersionStages: ["one", "two", "three"] }));
    expect(one.VersionStages).toEqual(["one", "three", "two"]);
    const two = await sm.send(new PutSecretValueCommand({ SecretId: "labels", SecretString: "S2", VersionStages: ["one", "two", "four"] }));
    expect(await stagesOf("labels")).toEqual({
      [created.VersionId ?? ""]: ["AWSCURRENT"], [one.VersionId ?? ""]: ["three"], [two.VersionId ?? ""]: ["four", "one", "two"],
    });
  });

  it("keeps AWSPENDING on a version AWSCURRENT moves to; a new current value ends it (test_update_secret_version_stages_current_pending)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "pending", SecretString: "v0" }));
    const pending = await sm.send(new PutSecretValueCommand({ SecretId: "pending", SecretString: "v1", VersionStages: ["AWSPENDING"] }));
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "pending", VersionStage: "AWSCURRENT", RemoveFromVersionId: created.VersionId, MoveToVersionId: pending.VersionId }));
    expect(await stagesOf("pending")).toEqual({ [created.VersionId ?? ""]: ["AWSPREVIOUS"], [pending.VersionId ?? ""]: ["AWSCURRENT", "AWSPENDING"] });
    const next = await sm.send(new PutSecretValueCommand({ SecretId: "pending", SecretString: "v2" }));
    expect(await stagesOf("pending")).toEqual({ [pending.VersionId ?? ""]: ["AWSPREVIOUS"], [next.VersionId ?? ""]: ["AWSCURRENT"] });
  });

  it("lists a deprecated version without VersionStages and a read version with its LastAccessedDate (test_deprecated_secret_version_stage)", async () => {
    const first = await sm.send(new CreateSecretCommand({ Name: "deprecated", SecretString: "original" }));
    await sm.send(new GetSecretValueCommand({ SecretId: "deprecated" }));
    await sm.send(new PutSecretValueCommand({ SecretId: "deprecated", SecretString: "update1" }));
    await sm.send(new PutSecretValueCommand({ SecretId: "deprecated", SecretString: "update2" }));
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "deprecated", IncludeDeprecated: true }));
    const oldest = all.Versions?.find((v) => v.VersionId === first.VersionId);
    expect(oldest).not.toHaveProperty("VersionStages");
    expect(oldest?.LastAccessedDate?.getTime()).toBe(Date.UTC(2026, 10, 26));
    expect(all.Versions?.filter((v) => v.LastAccessedDate !== undefined)).toHaveLength(1);
  });
});

describe("DescribeSecret shape", () => {
  it("has no VersionIdsToStages for a secret without a value, and no empty Description (test_create_secret_version_from_empty_secret)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "empty", Description: "" }));
    expect(created).not.toHaveProperty("VersionId");
    const described = await sm.send(new DescribeSecretCommand({ SecretId: created.ARN }));
    expect(described).not.toHaveProperty("VersionIdsToStages");
    expect(described).not.toHaveProperty("Description");
  });

  it("shows Tags only once tagged, then even when empty (test_secret_tags)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "tagged" }));
    expect(await sm.send(new DescribeSecretCommand({ SecretId: created.ARN }))).not.toHaveProperty("Tags");
    await sm.send(new TagResourceCommand({ SecretId: created.ARN, Tags: [{ Key: "tag1", Value: "value1" }] }));
    await sm.send(new UntagResourceCommand({ SecretId: created.ARN, TagKeys: ["tag1"] }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: created.ARN }))).Tags).toEqual([]);
  });

  it("leaves the description alone when UpdateSecret sends none (test_update_secret_description)", async () => {
    await sm.send(new CreateSecretCommand({ Name: "described", SecretString: "x" }));
    const updated = await sm.send(new UpdateSecretCommand({ SecretId: "described", Description: "MyDescription" }));
    expect(updated).not.toHaveProperty("VersionId");
    await sm.send(new UpdateSecretCommand({ SecretId: "described" }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: "described" }))).Description).toBe("MyDescription");
  });
});

describe("DeleteSecret", () => {
  it("answers a forced deletion of an unknown secret as if it had deleted it (test_delete_non_existent_secret_returns_as_if_secret_exists)", async () => {
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: "never-was", ForceDeleteWithoutRecovery: true }));
    expect(deleted.Name).toBe("never-was");
    expect(deleted.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:never-was-[A-Za-z0-9]{6}$/);
    expect(deleted.DeletionDate?.getTime()).toBe(NOW);
    expect((await failure(sm.send(new DeleteSecretCommand({ SecretId: "never-was" })))).name).toBe("ResourceNotFoundException");
  });
});

describe("ClientRequestToken", () => {
  // The SDKs fill the token in; a raw request that stores a value without one is refused.
  for (const [action, body, code] of [
    ["CreateSecret", { Name: "raw", SecretString: "s" }, "InvalidRequestException"],
    ["PutSecretValue", { SecretId: "raw", SecretString: "s" }, "InvalidRequestException"],
    ["UpdateSecret", { SecretId: "raw", SecretString: "s" }, "InvalidRequestException"],
    ["RotateSecret", { SecretId: "raw" }, "InvalidParameterException"],
  ] as const) {
    it(`refuses a raw ${action} without one (test_no_client_request_token)`, async () => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "x-amz-target": `secretsmanager.${action}`, "content-type": "application/x-amz-json-1.1" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { __type: string; message?: string; Message?: string };
      expect(json.__type).toContain(code);
      expect(json.message ?? json.Message).toBe("You must provide a ClientRequestToken value. We recommend a UUID-type value.");
    });
  }
});

describe("resource policies", () => {
  it("puts, gets and deletes a secret's policy (test_resource_policy)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "policied", SecretString: "x" }));
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" }] });
    expect(await sm.send(new PutResourcePolicyCommand({ SecretId: "policied", ResourcePolicy: policy }))).toMatchObject({ ARN: created.ARN, Name: "policied" });
    expect(await sm.send(new GetResourcePolicyCommand({ SecretId: "policied" }))).toMatchObject({ ARN: created.ARN, Name: "policied", ResourcePolicy: policy });
    await sm.send(new DeleteResourcePolicyCommand({ SecretId: "policied" }));
    expect(await sm.send(new GetResourcePolicyCommand({ SecretId: "policied" }))).not.toHaveProperty("ResourcePolicy");
    expect(await sm.send(new ValidateResourcePolicyCommand({ SecretId: "policied", ResourcePolicy: policy }))).toMatchObject({ PolicyValidationPassed: true, ValidationErrors: [] });
  });
});

describe("RotateSecret", () => {
  it("runs the function's four steps: the token's version becomes AWSCURRENT and keeps AWSPENDING (test_rotate_secret_with_lambda_success)", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "rotated", SecretString: "my_secret" }));
    const rotated = await sm.send(new RotateSecretCommand({ SecretId: "rotated", RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 1 } }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: "rotated" }));
    expect(described).toMatchObject({
      RotationEnabled: true, RotationLambdaARN: ROTATOR, RotationRules: { AutomaticallyAfterDays: 1 },
      VersionIdsToStages: { [rotated.VersionId ?? ""]: ["AWSCURRENT", "AWSPENDING"], [created.VersionId ?? ""]: ["AWSPREVIOUS"] },
    });
    expect(described.LastRotatedDate?.getTime()).toBe(NOW);
    expect(described.NextRotationDate?.getTime()).toBe(NOW + 86_400_000);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "rotated" }))).SecretString).toBe(`rotated-${rotated.VersionId}`);
  });

  it("refuses a function it cannot invoke and keeps no rotation (test_rotate_secret_invalid_lambda_arn)", async () => {
    await sm.send(new CreateSecretCommand({ Name: "unrotated", SecretString: "init" }));
    const e = await failure(sm.send(new RotateSecretCommand({ SecretId: "unrotated", RotationLambdaARN: "arn:aws:lambda:us-east-1:000000000000:function:missing" })));
    expect([e.name, e.message, e.$metadata.httpStatusCode]).toEqual([
      "AccessDeniedException",
      "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.",
      400,
    ]);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: "unrotated" }));
    expect(described).not.toHaveProperty("RotationEnabled");
    expect(Object.keys(described.VersionIdsToStages ?? {})).toHaveLength(1);
  });
});
