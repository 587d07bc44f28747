/**
 * KMS through a running sandbox's edge: the SDK's X-Amz-Target TrentService.* reaches it, the
 * health endpoint lists it, and data encrypted before a restart decrypts after it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GetKeyRotationStatusCommand, KMSClient, ListResourceTagsCommand } from "@aws-sdk/client-kms";
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

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppKey:
    Type: AWS::KMS::Key
    Properties:
      Description: the app's key
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root" }
            Action: "kms:*"
            Resource: "*"
      Tags:
        - Key: app
          Value: demo
  AppKeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/app-key
      TargetKeyId: !Ref AppKey
Outputs:
  KeyId:
    Value: !Ref AppKey
  KeyArn:
    Value: !GetAtt AppKey.Arn
`;

describe("a template's AWS::KMS::Key and AWS::KMS::Alias", () => {
  it("exist at start-up under the key id !Ref gives, and keep their material across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-kms-template-"));
    dirs.push(dir);
    writeFileSync(join(dir, "template.yaml"), TEMPLATE);
    const options = { template: join(dir, "template.yaml"), port: 0, edgePort: 0, dataDir: join(dir, ".sandbox") };
    let blob: Uint8Array | undefined;
    let keyId = "";
    const first = await createSandbox(options);
    try {
      keyId = String(first.app.outputs.KeyId?.value);
      const kms = new KMSClient({ endpoint: first.endpoint, region: "us-east-1", credentials });
      const described = (await kms.send(new DescribeKeyCommand({ KeyId: "alias/app-key" }))).KeyMetadata;
      expect(described).toMatchObject({ KeyId: keyId, Arn: String(first.app.outputs.KeyArn?.value), Description: "the app's key", KeyState: "Enabled" });
      expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(true);
      expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([{ TagKey: "app", TagValue: "demo" }]);
      blob = (await kms.send(new EncryptCommand({ KeyId: "alias/app-key", Plaintext: new TextEncoder().encode("template data") }))).CiphertextBlob;
      kms.destroy();
    } finally {
      await first.stop();
    }
    const second = await createSandbox(options);
    try {
      expect(String(second.app.outputs.KeyId?.value)).toBe(keyId);
      const kms = new KMSClient({ endpoint: second.endpoint, region: "us-east-1", credentials });
      expect(new TextDecoder().decode((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext)).toBe("template data");
      kms.destroy();
    } finally {
      await second.stop();
    }
  });
});
