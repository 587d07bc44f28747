/**
 * KMS through a running sandbox's edge: the SDK's X-Amz-Target TrentService.* reaches it, the
 * health endpoint lists it, and data encrypted before a restart decrypts after it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { createSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("KMS on the edge", () => {
  it("is listed in the health endpoint, serves the SDK, and decrypts after a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sandbox-kms-"));
    dirs.push(dataDir);
    let blob: Uint8Array | undefined;
    const first = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir });
    try {
      const health = (await (await fetch(`${first.endpoint}/_sandbox/health`)).json()) as { services: string[] };
      expect(health.services).toContain("kms");
      const kms = new KMSClient({ endpoint: first.endpoint, region: "us-east-1", credentials });
      const key = await kms.send(new CreateKeyCommand({ Description: "app" }));
      await kms.send(new CreateAliasCommand({ AliasName: "alias/app", TargetKeyId: key.KeyMetadata?.KeyId }));
      blob = (await kms.send(new EncryptCommand({ KeyId: "alias/app", Plaintext: new TextEncoder().encode("kept") }))).CiphertextBlob;
      kms.destroy();
    } finally {
      await first.stop();
    }
    const second = await createSandbox({ template: false, port: 0, edgePort: 0, dataDir });
    try {
      const kms = new KMSClient({ endpoint: second.endpoint, region: "us-east-1", credentials });
      expect(new TextDecoder().decode((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext)).toBe("kept");
      kms.destroy();
    } finally {
      await second.stop();
    }
  });
});
