/** Aliases and grants through the real SDK, and keys kept across a restart. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand, EncryptCommand, ListAliasesCommand, ListGrantsCommand,
  ListRetirableGrantsCommand, RetireGrantCommand, RevokeGrantCommand, SignCommand, UpdateAliasCommand, VerifyCommand,
} from "@aws-sdk/client-kms";
import { FileStore, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { ACCOUNT, bytes, errorOf, NOW, REGION, startKms, text, type KmsServer } from "./helpers.js";

let s: KmsServer;
beforeAll(async () => {
  s = await startKms();
});
afterAll(() => s.close());

const aliasArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`;
async function newKey(): Promise<string> {
  const id = (await s.client.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId;
  if (id === undefined) throw new Error("no KeyId");
  return id;
}

describe("aliases", () => {
  it("names a key for every call that takes a KeyId, moves with UpdateAlias and goes with DeleteAlias", async () => {
    const first = await newKey();
    const second = await newKey();
    await s.client.send(new CreateAliasCommand({ AliasName: "alias/app", TargetKeyId: first }));
    const blob = (await s.client.send(new EncryptCommand({ KeyId: "alias/app", Plaintext: bytes("via alias") }))).CiphertextBlob;
    expect((await s.client.send(new DescribeKeyCommand({ KeyId: aliasArn("alias/app") }))).KeyMetadata?.KeyId).toBe(first);
    const listed = (await s.client.send(new ListAliasesCommand({ KeyId: first }))).Aliases;
    expect(listed).toEqual([{ AliasName: "alias/app", AliasArn: aliasArn("alias/app"), TargetKeyId: first, CreationDate: new Date(NOW), LastUpdatedDate: new Date(NOW) }]);
    await s.client.send(new UpdateAliasCommand({ AliasName: "alias/app", TargetKeyId: second }));
    expect((await s.client.send(new DescribeKeyCommand({ KeyId: "alias/app" }))).KeyMetadata?.KeyId).toBe(second);
    expect(text((await s.client.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext)).toBe("via alias");
    await s.client.send(new DeleteAliasCommand({ AliasName: "alias/app" }));
    expect(await errorOf(s.client.send(new DescribeKeyCommand({ KeyId: "alias/app" })))).toEqual({
      code: "NotFoundException", status: 400, message: `Alias ${aliasArn("alias/app")} is not found.`,
    });
  });

  it("answers AWS's texts for a taken name, a missing prefix, a reserved name and a missing alias", async () => {
    const key = await newKey();
    await s.client.send(new CreateAliasCommand({ AliasName: "alias/taken", TargetKeyId: key }));
    expect(await errorOf(s.client.send(new CreateAliasCommand({ AliasName: "alias/taken", TargetKeyId: key })))).toEqual({
      code: "AlreadyExistsException", status: 400, message: `An alias with the name ${aliasArn("alias/taken")} already exists`,
    });
    expect(await errorOf(s.client.send(new CreateAliasCommand({ AliasName: "no-prefix", TargetKeyId: key })))).toEqual({
      code: "ValidationException", status: 400, message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    });
    expect(await errorOf(s.client.send(new CreateAliasCommand({ AliasName: "alias/aws/mine", TargetKeyId: key })))).toMatchObject({ code: "NotAuthorizedException", status: 400 });
    expect(await errorOf(s.client.send(new DeleteAliasCommand({ AliasName: "alias/none" })))).toMatchObject({ code: "NotFoundException", message: `Alias ${aliasArn("alias/none")} is not found.` });
    expect(await errorOf(s.client.send(new CreateAliasCommand({ AliasName: "alias/to-alias", TargetKeyId: "alias/taken" })))).toMatchObject({ code: "ValidationException" });
  });
});

describe("grants", () => {
  it("creates, lists, retires by token and revokes", async () => {
    const key = await newKey();
    const grantee = `arn:aws:iam::${ACCOUNT}:role/app`;
    const made = await s.client.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: grantee, RetiringPrincipal: grantee, Operations: ["Encrypt", "Decrypt"], Name: "app" }));
    expect(made.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(made.GrantToken?.length).toBeGreaterThan(0);
    const again = await s.client.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: grantee, Operations: ["Encrypt", "Decrypt"], Name: "app" }));
    expect(again.GrantId).toBe(made.GrantId);
    const listed = await s.client.send(new ListGrantsCommand({ KeyId: key }));
    expect(listed.Grants).toEqual([{
      KeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${key}`, GrantId: made.GrantId, Name: "app", CreationDate: new Date(NOW), GranteePrincipal: grantee,
      RetiringPrincipal: grantee, IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`, Operations: ["Encrypt", "Decrypt"],
    }]);
    expect(listed.Truncated).toBe(false);
    expect((await s.client.send(new ListRetirableGrantsCommand({ RetiringPrincipal: grantee }))).Grants?.map((g) => g.GrantId)).toEqual([made.GrantId]);
    await s.client.send(new RetireGrantCommand({ GrantToken: made.GrantToken }));
    expect((await s.client.send(new ListGrantsCommand({ KeyId: key }))).Grants).toEqual([]);
    const other = await s.client.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: grantee, Operations: ["GenerateDataKey"] }));
    await s.client.send(new RevokeGrantCommand({ KeyId: key, GrantId: other.GrantId }));
    expect(await errorOf(s.client.send(new RevokeGrantCommand({ KeyId: key, GrantId: other.GrantId })))).toMatchObject({ code: "InvalidGrantIdException", status: 400 });
  });
});

describe("persistence", () => {
  it("decrypts and verifies after a restart what was encrypted and signed before it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kms-store-"));
    const clock = new VirtualClock(NOW);
    const run = async <T>(body: (server: KmsServer) => Promise<T>): Promise<T> => {
      const store = new FileStore({ dir, logger: silentLogger });
      const server = await startKms({ store, clock });
      try {
        return await body(server);
      } finally {
        await server.close();
        await store.close();
      }
    };
    try {
      const before = await run(async ({ client }) => {
        const key = (await client.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? "";
        await client.send(new CreateAliasCommand({ AliasName: "alias/kept", TargetKeyId: key }));
        const signer = (await client.send(new CreateKeyCommand({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" }))).KeyMetadata?.KeyId ?? "";
        const blob = (await client.send(new EncryptCommand({ KeyId: "alias/kept", Plaintext: bytes("durable"), EncryptionContext: { k: "v" } }))).CiphertextBlob;
        const signature = (await client.send(new SignCommand({ KeyId: signer, Message: bytes("signed"), SigningAlgorithm: "ECDSA_SHA_256" }))).Signature;
        return { key, signer, blob, signature };
      });
      await run(async ({ client }) => {
        const dec = await client.send(new DecryptCommand({ CiphertextBlob: before.blob, EncryptionContext: { k: "v" } }));
        expect([text(dec.Plaintext), dec.KeyId]).toEqual(["durable", `arn:aws:kms:${REGION}:${ACCOUNT}:key/${before.key}`]);
        expect((await client.send(new DescribeKeyCommand({ KeyId: "alias/kept" }))).KeyMetadata?.KeyId).toBe(before.key);
        const verified = await client.send(new VerifyCommand({ KeyId: before.signer, Message: bytes("signed"), SigningAlgorithm: "ECDSA_SHA_256", Signature: before.signature }));
        expect(verified.SignatureValid).toBe(true);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
