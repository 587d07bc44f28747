/** Keys through the real SDK: metadata as AWS writes it, states, deletion and rotation on the clock, policies, tags. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CancelKeyDeletionCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand, EnableKeyRotationCommand,
  EncryptCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, ListAliasesCommand, ListKeyPoliciesCommand, ListKeyRotationsCommand, ListKeysCommand, ListResourceTagsCommand,
  PutKeyPolicyCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateKeyDescriptionCommand,
} from "@aws-sdk/client-kms";
import { ACCOUNT, bytes, DAY, errorOf, NOW, REGION, startKms, text, type KmsServer } from "./helpers.js";

let s: KmsServer;
beforeAll(async () => {
  s = await startKms();
});
afterAll(() => s.close());

const arnOf = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const newKey = async (input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) => {
  const made = await s.client.send(new CreateKeyCommand(input));
  const id = made.KeyMetadata?.KeyId;
  if (id === undefined) throw new Error("no KeyId");
  return { id, metadata: made.KeyMetadata };
};

describe("CreateKey / DescribeKey", () => {
  it("answers a symmetric key's metadata as AWS does (test_create_key)", async () => {
    const { id, metadata } = await newKey({ Description: "test key 123" });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(metadata).toEqual({
      AWSAccountId: ACCOUNT, Arn: arnOf(id), CreationDate: new Date(s.clock.now()), CustomerMasterKeySpec: "SYMMETRIC_DEFAULT", Description: "test key 123",
      Enabled: true, EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"], KeyId: id, KeyManager: "CUSTOMER", KeySpec: "SYMMETRIC_DEFAULT", KeyState: "Enabled",
      KeyUsage: "ENCRYPT_DECRYPT", MultiRegion: false, Origin: "AWS_KMS",
    });
    const described = await s.client.send(new DescribeKeyCommand({ KeyId: arnOf(id) }));
    expect(described.KeyMetadata).toEqual(metadata);
  });

  it("lists the algorithms of asymmetric and HMAC keys and requires their KeyUsage", async () => {
    expect((await newKey({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" })).metadata?.SigningAlgorithms).toEqual([
      "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
    ]);
    expect((await newKey({ KeySpec: "RSA_3072", KeyUsage: "ENCRYPT_DECRYPT" })).metadata?.EncryptionAlgorithms).toEqual(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]);
    const hmac = (await newKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })).metadata;
    expect(hmac?.MacAlgorithms).toEqual(["HMAC_SHA_256"]);
    expect(hmac?.EncryptionAlgorithms).toBeUndefined();
    expect(await errorOf(s.client.send(new CreateKeyCommand({ KeySpec: "HMAC_256" })))).toEqual({
      code: "ValidationException", status: 400, message: "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
    });
    expect((await errorOf(s.client.send(new CreateKeyCommand({ KeySpec: "HMAC_random" as "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })))).message).toMatch(
      /^1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    );
  });

  it("makes an EXTERNAL key PendingImport and a multi-Region key an mrk- primary", async () => {
    const external = await newKey({ Origin: "EXTERNAL" });
    expect(external.metadata).toMatchObject({ Enabled: false, KeyState: "PendingImport", Origin: "EXTERNAL" });
    expect(await errorOf(s.client.send(new EncryptCommand({ KeyId: external.id, Plaintext: bytes("x") })))).toEqual({
      code: "KMSInvalidStateException", status: 400, message: `${arnOf(external.id)} is pending import.`,
    });
    const mrk = await newKey({ MultiRegion: true });
    expect(mrk.id).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(mrk.metadata?.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: "PRIMARY", PrimaryKey: { Arn: arnOf(mrk.id), Region: REGION }, ReplicaKeys: [] });
  });

  it("answers NotFoundException with AWS's texts (test_get_key_does_not_exist, test_get_key_invalid_uuid, different region)", async () => {
    const missing = "134f2428-cec1-4b25-a1ae-9048164dba47";
    expect(await errorOf(s.client.send(new DescribeKeyCommand({ KeyId: missing })))).toEqual({ code: "NotFoundException", status: 400, message: `Key '${arnOf(missing)}' does not exist` });
    expect((await errorOf(s.client.send(new DescribeKeyCommand({ KeyId: "fake-key-id" })))).message).toBe("Invalid keyId 'fake-key-id'");
    expect((await errorOf(s.client.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:ap-southeast-1:${ACCOUNT}:key/${missing}` })))).message).toBe("Invalid arn ap-southeast-1");
    expect((await errorOf(s.client.send(new DescribeKeyCommand({ KeyId: "alias/none" })))).message).toBe(`Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/none is not found.`);
  });

  it("creates an AWS managed key on the first use of its alias", async () => {
    const before = await s.client.send(new ListAliasesCommand({}));
    expect(before.Aliases?.find((a) => a.AliasName === "alias/aws/s3")).toEqual({ AliasName: "alias/aws/s3", AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/s3` });
    const managed = await s.client.send(new DescribeKeyCommand({ KeyId: "alias/aws/s3" }));
    expect(managed.KeyMetadata).toMatchObject({ KeyManager: "AWS", KeyState: "Enabled", KeySpec: "SYMMETRIC_DEFAULT", Description: "Default master key that protects my S3 objects when no other key is defined" });
    const again = await s.client.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/s3` }));
    expect(again.KeyMetadata?.KeyId).toBe(managed.KeyMetadata?.KeyId);
    const after = await s.client.send(new ListAliasesCommand({ KeyId: managed.KeyMetadata?.KeyId }));
    expect(after.Aliases?.map((a) => [a.AliasName, a.TargetKeyId])).toEqual([["alias/aws/s3", managed.KeyMetadata?.KeyId]]);
  });
});

describe("ListKeys", () => {
  it("pages with Limit and Marker", async () => {
    const all = (await s.client.send(new ListKeysCommand({}))).Keys ?? [];
    expect(all.length).toBeGreaterThan(3);
    const first = await s.client.send(new ListKeysCommand({ Limit: 2 }));
    expect(first.Truncated).toBe(true);
    expect(first.Keys).toEqual(all.slice(0, 2));
    const rest = await s.client.send(new ListKeysCommand({ Limit: 1000, Marker: first.NextMarker }));
    expect(rest.Truncated).toBe(false);
    expect(rest.NextMarker).toBeUndefined();
    expect(rest.Keys).toEqual(all.slice(2));
    expect(all[0]).toEqual({ KeyId: all[0]?.KeyId, KeyArn: arnOf(all[0]?.KeyId ?? "") });
  });
});

describe("EnableKey / DisableKey", () => {
  it("refuses a disabled key's use with DisabledException until enabled again", async () => {
    const { id } = await newKey();
    const blob = (await s.client.send(new EncryptCommand({ KeyId: id, Plaintext: bytes("hello") }))).CiphertextBlob;
    await s.client.send(new DisableKeyCommand({ KeyId: id }));
    expect((await s.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({ Enabled: false, KeyState: "Disabled" });
    expect(await errorOf(s.client.send(new DecryptCommand({ CiphertextBlob: blob })))).toEqual({ code: "DisabledException", status: 400, message: `${arnOf(id)} is disabled.` });
    await s.client.send(new EnableKeyCommand({ KeyId: id }));
    expect(text((await s.client.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext)).toBe("hello");
  });
});

describe("ScheduleKeyDeletion / CancelKeyDeletion", () => {
  it("schedules 30 days out by default, refuses use meanwhile, and cancels back to Disabled", async () => {
    const { id } = await newKey();
    const scheduled = await s.client.send(new ScheduleKeyDeletionCommand({ KeyId: id }));
    expect(scheduled).toMatchObject({ KeyId: arnOf(id), KeyState: "PendingDeletion", PendingWindowInDays: 30, DeletionDate: new Date(s.clock.now() + 30 * DAY) });
    expect((await s.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata).toMatchObject({ KeyState: "PendingDeletion", Enabled: false, PendingDeletionWindowInDays: 30 });
    expect(await errorOf(s.client.send(new EncryptCommand({ KeyId: id, Plaintext: bytes("x") })))).toEqual({
      code: "KMSInvalidStateException", status: 400, message: `${arnOf(id)} is pending deletion.`,
    });
    expect(await errorOf(s.client.send(new EnableKeyCommand({ KeyId: id })))).toMatchObject({ code: "KMSInvalidStateException" });
    expect((await s.client.send(new CancelKeyDeletionCommand({ KeyId: id }))).KeyId).toBe(arnOf(id));
    const after = (await s.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata;
    expect(after).toMatchObject({ KeyState: "Disabled", Enabled: false });
    expect(after?.DeletionDate).toBeUndefined();
    expect(await errorOf(s.client.send(new CancelKeyDeletionCommand({ KeyId: id })))).toMatchObject({ code: "KMSInvalidStateException" });
  });

  it("bounds the window to 7–30 days", async () => {
    const { id } = await newKey();
    expect(await errorOf(s.client.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 6 })))).toEqual({
      code: "ValidationException", status: 400, message: "PendingWindowInDays must be between 7 and 30",
    });
  });

  it("deletes the key, its aliases and grants once the clock passes the deletion date", async () => {
    const local = await startKms();
    try {
      const made = await local.client.send(new CreateKeyCommand({}));
      const id = made.KeyMetadata?.KeyId ?? "";
      await local.client.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
      await local.clock.advance(7 * DAY - 1);
      expect((await local.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata?.KeyState).toBe("PendingDeletion");
      await local.clock.advance(1);
      expect(await errorOf(local.client.send(new DescribeKeyCommand({ KeyId: id })))).toMatchObject({ code: "NotFoundException" });
      expect((await local.client.send(new ListKeysCommand({}))).Keys).toEqual([]);
    } finally {
      await local.close();
    }
  });
});

describe("UpdateKeyDescription", () => {
  it("changes the description", async () => {
    const { id } = await newKey({ Description: "old" });
    await s.client.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: "new" }));
    expect((await s.client.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata?.Description).toBe("new");
  });
});

describe("key policies", () => {
  it("gives the default key policy, keeps a put one, lists only default", async () => {
    const { id } = await newKey();
    const policy = (await s.client.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy ?? "";
    expect(JSON.parse(policy)).toEqual({
      Version: "2012-10-17", Id: "key-default-1",
      Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }],
    });
    expect(policy).toContain('"Version" : "2012-10-17"');
    const mine = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] });
    await s.client.send(new PutKeyPolicyCommand({ KeyId: id, PolicyName: "default", Policy: mine }));
    expect((await s.client.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: "default" }))).Policy).toBe(mine);
    expect(await s.client.send(new ListKeyPoliciesCommand({ KeyId: id }))).toMatchObject({ PolicyNames: ["default"], Truncated: false });
  });
});

describe("rotation", () => {
  it("enables with a period, rotates on the clock and on demand, and still decrypts older ciphertext", async () => {
    const local = await startKms();
    try {
      const id = (await local.client.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? "";
      expect(await local.client.send(new GetKeyRotationStatusCommand({ KeyId: id }))).toMatchObject({ KeyRotationEnabled: false, KeyId: id });
      const old = (await local.client.send(new EncryptCommand({ KeyId: id, Plaintext: bytes("before") }))).CiphertextBlob;
      await local.client.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 90 }));
      const status = await local.client.send(new GetKeyRotationStatusCommand({ KeyId: id }));
      expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90, NextRotationDate: new Date(NOW + 90 * DAY) });
      await local.clock.advance(90 * DAY);
      await local.client.send(new RotateKeyOnDemandCommand({ KeyId: id }));
      const rotations = await local.client.send(new ListKeyRotationsCommand({ KeyId: id }));
      expect(rotations.Rotations?.map((r) => [r.RotationType, r.RotationDate])).toEqual([
        ["AUTOMATIC", new Date(NOW + 90 * DAY)],
        ["ON_DEMAND", new Date(NOW + 90 * DAY)],
      ]);
      expect(text((await local.client.send(new DecryptCommand({ CiphertextBlob: old }))).Plaintext)).toBe("before");
      expect((await errorOf(local.client.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 89 })))).message).toBe(
        "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
      );
      await local.client.send(new DisableKeyRotationCommand({ KeyId: id }));
      expect((await local.client.send(new GetKeyRotationStatusCommand({ KeyId: id }))).KeyRotationEnabled).toBe(false);
    } finally {
      await local.close();
    }
  });

  it("catches up every automatic rotation due when the clock jumps several periods", async () => {
    const local = await startKms();
    try {
      const id = (await local.client.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? "";
      const old = (await local.client.send(new EncryptCommand({ KeyId: id, Plaintext: bytes("old") }))).CiphertextBlob;
      await local.client.send(new EnableKeyRotationCommand({ KeyId: id, RotationPeriodInDays: 100 }));
      await local.clock.advance(350 * DAY);
      const rotations = await local.client.send(new ListKeyRotationsCommand({ KeyId: id }));
      expect(rotations.Rotations?.map((r) => r.RotationDate)).toEqual([100, 200, 300].map((d) => new Date(NOW + d * DAY)));
      expect((await local.client.send(new GetKeyRotationStatusCommand({ KeyId: id }))).NextRotationDate).toEqual(new Date(NOW + 400 * DAY));
      expect(text((await local.client.send(new DecryptCommand({ CiphertextBlob: old }))).Plaintext)).toBe("old");
    } finally {
      await local.close();
    }
  });

  it("is refused for an asymmetric key", async () => {
    const { id } = await newKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    expect(await errorOf(s.client.send(new EnableKeyRotationCommand({ KeyId: id })))).toMatchObject({ code: "UnsupportedOperationException" });
  });
});

describe("tags", () => {
  it("tags at creation and later, untags, lists, refuses aws: keys", async () => {
    const { id } = await newKey({ Tags: [{ TagKey: "env", TagValue: "dev" }] });
    await s.client.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: "team", TagValue: "a" }, { TagKey: "env", TagValue: "prod" }] }));
    await s.client.send(new UntagResourceCommand({ KeyId: id, TagKeys: ["team", "absent"] }));
    expect((await s.client.send(new ListResourceTagsCommand({ KeyId: id }))).Tags).toEqual([{ TagKey: "env", TagValue: "prod" }]);
    expect(await errorOf(s.client.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: "aws:x", TagValue: "y" }] })))).toEqual({
      code: "TagException", status: 400, message: "Tags beginning with aws: are reserved",
    });
  });
});

