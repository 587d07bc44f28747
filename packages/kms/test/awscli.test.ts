/** awscli against the service (skipped where awscli is not installed): keys, an alias, encrypt and decrypt of files, deletion. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, hasAws } from "../../../test/helpers/awscli.js";
import { ACCOUNT, startKms, type KmsServer } from "./helpers.js";

let s: KmsServer;
const dir = mkdtempSync(join(tmpdir(), "kms-cli-"));
beforeAll(async () => {
  s = await startKms();
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const aws = (...args: string[]): Promise<unknown> => awsCli(s.url, "kms", ...args);

describe.skipIf(!hasAws)("awscli", () => {
  it("create-key, create-alias, encrypt and decrypt a file, describe-key, schedule-key-deletion", { timeout: 120_000 }, async () => {
    const created = (await aws("create-key", "--description", "cli key", "--tags", "TagKey=app,TagValue=cli")) as { KeyMetadata: { KeyId: string; Arn: string; KeyState: string } };
    expect(created.KeyMetadata.KeyState).toBe("Enabled");
    await aws("create-alias", "--alias-name", "alias/cli", "--target-key-id", created.KeyMetadata.KeyId);
    writeFileSync(join(dir, "plain"), "from the cli");
    const encrypted = (await aws("encrypt", "--key-id", "alias/cli", "--plaintext", `fileb://${join(dir, "plain")}`, "--encryption-context", "purpose=cli")) as {
      CiphertextBlob: string; KeyId: string;
    };
    expect(encrypted.KeyId).toBe(created.KeyMetadata.Arn);
    writeFileSync(join(dir, "cipher"), Buffer.from(encrypted.CiphertextBlob, "base64"));
    const decrypted = (await aws("decrypt", "--ciphertext-blob", `fileb://${join(dir, "cipher")}`, "--encryption-context", "purpose=cli")) as { Plaintext: string };
    expect(Buffer.from(decrypted.Plaintext, "base64").toString()).toBe("from the cli");
    const described = (await aws("describe-key", "--key-id", "alias/cli")) as { KeyMetadata: Record<string, unknown> };
    expect(described.KeyMetadata).toMatchObject({ AWSAccountId: ACCOUNT, Description: "cli key", KeyManager: "CUSTOMER" });
    const scheduled = (await aws("schedule-key-deletion", "--key-id", created.KeyMetadata.KeyId, "--pending-window-in-days", "7")) as Record<string, unknown>;
    expect(scheduled).toMatchObject({ KeyId: created.KeyMetadata.Arn, KeyState: "PendingDeletion", PendingWindowInDays: 7 });
    await expect(aws("decrypt", "--ciphertext-blob", `fileb://${join(dir, "cipher")}`, "--encryption-context", "purpose=cli")).rejects.toThrow(/KMSInvalidStateException.*is pending deletion\./s);
  });
});
