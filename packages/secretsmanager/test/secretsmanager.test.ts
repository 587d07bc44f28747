import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchGetSecretValueCommand, CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetRandomPasswordCommand,
  GetSecretValueCommand, ListSecretsCommand, ListSecretVersionIdsCommand, UpdateSecretVersionStageCommand, PutSecretValueCommand, RestoreSecretCommand, RotateSecretCommand,
  SecretsManagerClient, TagResourceCommand, UntagResourceCommand, UpdateSecretCommand, type SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { createSecretsManager } from "../src/index.js";
import { PUNCTUATION } from "../src/limits.js";
import { rejection, served } from "../../../test/helpers/services.js";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = 86_400_000;
const clock = new VirtualClock(NOW);
let sm: SecretsManagerClient;
let close: () => Promise<void>;

const failure = (promise: Promise<unknown>) => rejection<SecretsManagerServiceException>(promise);

beforeAll(async () => {
  const service = await createSecretsManager({ clock });
  ({ client: sm, close } = await served(service.service.handle, (config) => new SecretsManagerClient(config)));
});

afterAll(() => close());

describe("CreateSecret / GetSecretValue", () => {
  it("creates a secret whose ARN ends in a 6-character suffix, and reads it back by name or ARN", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "app/db", SecretString: '{"user":"admin","password":"pw"}', Description: "db" }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:app\/db-[A-Za-z0-9]{6}$/);
    expect(created.VersionId).toBeDefined();
    const byName = await sm.send(new GetSecretValueCommand({ SecretId: "app/db" }));
    expect(byName).toMatchObject({ Name: "app/db", SecretString: '{"user":"admin","password":"pw"}', VersionStages: ["AWSCURRENT"], VersionId: created.VersionId });
    expect(byName.CreatedDate?.getTime()).toBe(NOW);
    const byArn = await sm.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(byArn.Name).toBe("app/db");
    const byPartialArn = await sm.send(new GetSecretValueCommand({ SecretId: created.ARN?.slice(0, -7) }));
    expect(byPartialArn.Name).toBe("app/db");
  });

  it("is idempotent on ClientRequestToken, and refuses a second secret of the same name", async () => {
    const token = "a".repeat(32);
    const first = await sm.send(new CreateSecretCommand({ Name: "idem", SecretString: "v", ClientRequestToken: token }));
    const again = await sm.send(new CreateSecretCommand({ Name: "idem", SecretString: "v", ClientRequestToken: token }));
    expect(again).toMatchObject({ ARN: first.ARN, VersionId: token });
    const e = await failure(sm.send(new CreateSecretCommand({ Name: "idem", SecretString: "other" })));
    expect(e.name).toBe("ResourceExistsException");
    expect(e.message).toBe("The operation failed because the secret idem already exists.");
    const both = await failure(sm.send(new CreateSecretCommand({ Name: "both", SecretString: "v", SecretBinary: new Uint8Array([1]) })));
    expect(both.message).toBe("You can't specify both a binary secret value and a string secret value in the same secret.");
  });

  it("answers an unknown secret with AWS's text", async () => {
    const e = await failure(sm.send(new GetSecretValueCommand({ SecretId: "nope" })));
    expect(e.name).toBe("ResourceNotFoundException");
    expect(e.message).toBe("Secrets Manager can't find the specified secret.");
  });

  it("keeps binary secrets as bytes", async () => {
    await sm.send(new CreateSecretCommand({ Name: "bin", SecretBinary: new Uint8Array([0, 1, 2, 255]) }));
    const got = await sm.send(new GetSecretValueCommand({ SecretId: "bin" }));
    expect([...(got.SecretBinary ?? [])]).toEqual([0, 1, 2, 255]);
    expect(got.SecretString).toBeUndefined();
  });
});

describe("versions and staging labels", () => {
  it("moves AWSCURRENT to the new value and AWSPREVIOUS to the old one", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "staged", SecretString: "one" }));
    const put = await sm.send(new PutSecretValueCommand({ SecretId: "staged", SecretString: "two" }));
    expect(put.VersionStages).toEqual(["AWSCURRENT"]);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "staged" }))).SecretString).toBe("two");
    const previous = await sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionStage: "AWSPREVIOUS" }));
    expect(previous).toMatchObject({ SecretString: "one", VersionId: created.VersionId });
    const updated = await sm.send(new UpdateSecretCommand({ SecretId: "staged", SecretString: "three", Description: "now" }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionId: updated.VersionId }))).SecretString).toBe("three");
    const described = await sm.send(new DescribeSecretCommand({ SecretId: "staged" }));
    expect(described.Description).toBe("now");
    expect(described.VersionIdsToStages).toEqual({ [put.VersionId ?? ""]: ["AWSPREVIOUS"], [updated.VersionId ?? ""]: ["AWSCURRENT"] });
    const e = await failure(sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionStage: "AWSPENDING" })));
    expect(e.message).toBe("Secrets Manager can't find the specified secret value for staging label: AWSPENDING");
    const mismatch = await failure(sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionId: updated.VersionId, VersionStage: "AWSPREVIOUS" })));
    expect(mismatch.message).toBe("You provided a VersionStage that is not associated to the provided VersionId.");
  });
});

describe("ListSecretVersionIds / UpdateSecretVersionStage", () => {
  it("lists labelled versions and moves labels, AWSPREVIOUS following AWSCURRENT", async () => {
    const one = await sm.send(new CreateSecretCommand({ Name: "moved", SecretString: "one" }));
    const two = await sm.send(new PutSecretValueCommand({ SecretId: "moved", SecretString: "two", VersionStages: ["AWSPENDING"] }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "moved" }))).SecretString).toBe("one");
    const refused = await failure(sm.send(new UpdateSecretVersionStageCommand({ SecretId: "moved", VersionStage: "AWSCURRENT", MoveToVersionId: two.VersionId })));
    expect(refused.message).toBe(
      `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${one.VersionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "moved", VersionStage: "AWSCURRENT", MoveToVersionId: two.VersionId, RemoveFromVersionId: one.VersionId }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "moved" }))).SecretString).toBe("two");
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "moved" }));
    expect(Object.fromEntries((versions.Versions ?? []).map((v) => [v.VersionId, v.VersionStages]))).toEqual({
      [one.VersionId ?? ""]: ["AWSPREVIOUS"], [two.VersionId ?? ""]: ["AWSCURRENT", "AWSPENDING"],
    });
    const wrong = await failure(sm.send(new UpdateSecretVersionStageCommand({ SecretId: "moved", VersionStage: "AWSCURRENT", RemoveFromVersionId: "nope-nope-nope-nope-nope-nope-nope" })));
    expect(wrong.message).toBe("Not a valid version: nope-nope-nope-nope-nope-nope-nope");
  });

  it("refuses to take AWSCURRENT off without moving it, and the secret keeps its value", async () => {
    const one = await sm.send(new CreateSecretCommand({ Name: "kept-current", SecretString: "one" }));
    const refused = await failure(sm.send(new UpdateSecretVersionStageCommand({ SecretId: "kept-current", VersionStage: "AWSCURRENT", RemoveFromVersionId: one.VersionId })));
    expect(refused.name).toBe("InvalidParameterException");
    expect(refused.message).toBe("You can only move staging label AWSCURRENT to a different secret version. It can\u2019t be completely removed.");
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "kept-current" }))).SecretString).toBe("one");
  });

  it("takes any other label off a version, and refuses RemoveFromVersionId of a version without it", async () => {
    const one = await sm.send(new CreateSecretCommand({ Name: "labels", SecretString: "one" }));
    const two = await sm.send(new PutSecretValueCommand({ SecretId: "labels", SecretString: "two", VersionStages: ["blue"] }));
    const notThere = await failure(sm.send(new UpdateSecretVersionStageCommand({ SecretId: "labels", VersionStage: "blue", RemoveFromVersionId: one.VersionId })));
    expect(notThere.name).toBe("InvalidParameterException");
    expect(notThere.message).toBe(`Version stage blue not found in version ${one.VersionId}`);
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "labels", VersionStage: "blue", RemoveFromVersionId: two.VersionId }));
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "labels", IncludeDeprecated: true }));
    expect(Object.fromEntries((versions.Versions ?? []).map((v) => [v.VersionId, v.VersionStages]))).toEqual({
      [one.VersionId ?? ""]: ["AWSCURRENT"], [two.VersionId ?? ""]: undefined,
    });
  });

  it("moves AWSCURRENT back: AWSPREVIOUS follows to the version it left, and only one version holds it", async () => {
    const one = await sm.send(new CreateSecretCommand({ Name: "rollback", SecretString: "one" }));
    const two = await sm.send(new PutSecretValueCommand({ SecretId: "rollback", SecretString: "two" }));
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "rollback", VersionStage: "AWSCURRENT", MoveToVersionId: one.VersionId, RemoveFromVersionId: two.VersionId }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "rollback" }))).SecretString).toBe("one");
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "rollback", VersionStage: "AWSPREVIOUS" }))).SecretString).toBe("two");
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "rollback" }));
    expect(Object.fromEntries((versions.Versions ?? []).map((v) => [v.VersionId, v.VersionStages]))).toEqual({
      [one.VersionId ?? ""]: ["AWSCURRENT"], [two.VersionId ?? ""]: ["AWSPREVIOUS"],
    });
  });
});

describe("DeleteSecret / RestoreSecret", () => {
  it("schedules deletion, refuses reads meanwhile, restores, and forgets after the window", async () => {
    await sm.send(new CreateSecretCommand({ Name: "doomed", SecretString: "x" }));
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: "doomed", RecoveryWindowInDays: 7 }));
    expect(deleted.DeletionDate?.getTime()).toBe(clock.now() + 7 * DAY);
    const e = await failure(sm.send(new GetSecretValueCommand({ SecretId: "doomed" })));
    expect(e.name).toBe("InvalidRequestException");
    expect(e.message).toBe("You can't perform this operation on the secret because it was marked for deletion.");
    expect((await sm.send(new DescribeSecretCommand({ SecretId: "doomed" }))).DeletedDate?.getTime()).toBe(clock.now() + 7 * DAY);
    const recreate = await failure(sm.send(new CreateSecretCommand({ Name: "doomed", SecretString: "y" })));
    expect(recreate.message).toBe("You can't create this secret because a secret with this name is already scheduled for deletion.");
    const listed = await sm.send(new ListSecretsCommand({}));
    expect(listed.SecretList?.map((s) => s.Name)).not.toContain("doomed");
    const planned = await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(planned.SecretList?.map((s) => s.Name)).toContain("doomed");
    await sm.send(new RestoreSecretCommand({ SecretId: "doomed" }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "doomed" }))).SecretString).toBe("x");
    await sm.send(new DeleteSecretCommand({ SecretId: "doomed", RecoveryWindowInDays: 7 }));
    await clock.advance(7 * DAY);
    expect((await failure(sm.send(new DescribeSecretCommand({ SecretId: "doomed" })))).name).toBe("ResourceNotFoundException");
  });

  it("checks the recovery window with AWS's texts; force deletes at once", async () => {
    await sm.send(new CreateSecretCommand({ Name: "forced", SecretString: "x" }));
    expect((await failure(sm.send(new DeleteSecretCommand({ SecretId: "forced", RecoveryWindowInDays: 3 })))).message).toBe(
      "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
    );
    expect((await failure(sm.send(new DeleteSecretCommand({ SecretId: "forced", RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })))).message).toBe(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
    await sm.send(new DeleteSecretCommand({ SecretId: "forced", ForceDeleteWithoutRecovery: true }));
    await sm.send(new CreateSecretCommand({ Name: "forced", SecretString: "again" }));
  });
});

describe("ListSecrets, tags, BatchGetSecretValue", () => {
  it("filters by name prefix and tags, pages, and batch-reads", async () => {
    await sm.send(new CreateSecretCommand({ Name: "list/a", SecretString: "A", Tags: [{ Key: "team", Value: "blue" }] }));
    await sm.send(new CreateSecretCommand({ Name: "list/b", SecretString: "B" }));
    await sm.send(new TagResourceCommand({ SecretId: "list/b", Tags: [{ Key: "team", Value: "red" }, { Key: "tmp", Value: "1" }] }));
    await sm.send(new UntagResourceCommand({ SecretId: "list/b", TagKeys: ["tmp"] }));
    const byName = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["list/"] }] }));
    expect(byName.SecretList?.map((s) => s.Name)).toEqual(["list/a", "list/b"]);
    const red = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "tag-value", Values: ["red"] }] }));
    expect(red.SecretList?.map((s) => [s.Name, s.Tags])).toEqual([["list/b", [{ Key: "team", Value: "red" }]]]);
    const notA = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["!list/a"] }, { Key: "name", Values: ["list/"] }] }));
    expect(notA.SecretList?.map((s) => s.Name)).toEqual(["list/b"]);
    const page = await sm.send(new ListSecretsCommand({ MaxResults: 1, Filters: [{ Key: "name", Values: ["list/"] }] }));
    expect(page.SecretList).toHaveLength(1);
    const next = await sm.send(new ListSecretsCommand({ MaxResults: 1, Filters: [{ Key: "name", Values: ["list/"] }], NextToken: page.NextToken }));
    expect(next.SecretList?.map((s) => s.Name)).toEqual(["list/b"]);
    const batch = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ["list/a", "missing"] }));
    expect(batch.SecretValues?.map((v) => v.SecretString)).toEqual(["A"]);
    expect(batch.Errors).toEqual([{ SecretId: "missing", ErrorCode: "ResourceNotFoundException", Message: "Secrets Manager can't find the specified secret." }]);
  });
});

describe("GetRandomPassword", () => {
  it("honours every option", async () => {
    const d = await sm.send(new GetRandomPasswordCommand({}));
    expect(d.RandomPassword).toHaveLength(32);
    const digits = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 50, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true }));
    expect(digits.RandomPassword).toMatch(/^\d{50}$/);
    const noAmb = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 200, ExcludeCharacters: "0Oo1lI", ExcludePunctuation: true }));
    expect(noAmb.RandomPassword).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{200}$/);
    const each = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 5, IncludeSpace: true, RequireEachIncludedType: true }));
    const p = each.RandomPassword ?? "";
    expect([/[a-z]/, /[A-Z]/, /\d/, / /].every((r) => r.test(p)) && [...p].some((c) => PUNCTUATION.includes(c))).toBe(true);
    const short = await failure(sm.send(new GetRandomPasswordCommand({ PasswordLength: 3 })));
    expect(short.name).toBe("InvalidParameterException");
    expect(short.message).toBe("Password length is too short based on the required types.");
    const model = await failure(sm.send(new GetRandomPasswordCommand({ PasswordLength: 5000 })));
    expect(model.name).toBe("ValidationException");
  });
});

describe("rotation", () => {
  it("refuses RotateSecret without a rotation function, with AWS's text", async () => {
    const e = await failure(sm.send(new RotateSecretCommand({ SecretId: "app/db" })));
    expect(e.name).toBe("InvalidRequestException");
    expect(e.message).toBe("No Lambda rotation function ARN is associated with this secret.");
  });
});

describe("persistence", () => {
  it("keeps secrets and their versions across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "secrets-store-"));
    const run = async <T>(body: (c: SecretsManagerClient) => Promise<T>): Promise<T> => {
      const store = new FileStore({ dir, logger: silentLogger });
      const service = await createSecretsManager({ clock, store });
      const server = await serveHandler(service.service.handle);
      const c = new SecretsManagerClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
      try {
        return await body(c);
      } finally {
        c.destroy();
        await server.close();
        await store.close();
      }
    };
    try {
      const created = await run(async (c) => {
        const made = await c.send(new CreateSecretCommand({ Name: "kept", SecretString: "one" }));
        await c.send(new PutSecretValueCommand({ SecretId: "kept", SecretString: "two" }));
        return made;
      });
      const previous = await run((c) => c.send(new GetSecretValueCommand({ SecretId: created.ARN, VersionStage: "AWSPREVIOUS" })));
      expect(previous.SecretString).toBe("one");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
