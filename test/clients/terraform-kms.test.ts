/**
 * Terraform's KMS resources against a sandbox with no template: a symmetric key with rotation,
 * tags and a key policy (aws_kms_key_policy), an asymmetric signing key with its own policy, an
 * alias, a grant, and the data sources that read a key, an AWS managed alias, encrypt
 * (aws_kms_ciphertext) and decrypt (aws_kms_secrets). Apply, find no drift, change the
 * description and rotation, apply, find no drift, destroy: keys end PendingDeletion, as on AWS.
 * Skipped where terraform or the provider mirror is missing (test/helpers/terraform.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";

const config = (version: 1 | 2) => `
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "main" {
  description             = "${version === 1 ? "tf main key" : "tf main key, changed"}"
  deletion_window_in_days = 7
  enable_key_rotation     = true
  rotation_period_in_days = ${version === 1 ? 90 : 180}
  tags = {
    app = "tf"
  }
}

resource "aws_kms_key_policy" "main" {
  key_id = aws_kms_key.main.id
  policy = jsonencode({
    Version = "2012-10-17"
    Id      = "tf-main"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_key" "signing" {
  description              = "tf signing key"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
  deletion_window_in_days  = 10
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_alias" "main" {
  name          = "alias/tf-main"
  target_key_id = aws_kms_key.main.key_id
}

resource "aws_kms_grant" "app" {
  name              = "tf-grant"
  key_id            = aws_kms_key.main.key_id
  grantee_principal = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/app"
  operations        = ["Encrypt", "Decrypt", "GenerateDataKey"]
}

data "aws_kms_key" "by_alias" {
  key_id = aws_kms_alias.main.name
}

data "aws_kms_alias" "s3" {
  name = "alias/aws/s3"
}

data "aws_kms_ciphertext" "secret" {
  key_id    = aws_kms_key.main.key_id
  plaintext = "top secret"
  context = {
    app = "tf"
  }
}

data "aws_kms_secrets" "secret" {
  secret {
    name    = "db"
    payload = data.aws_kms_ciphertext.secret.ciphertext_blob
    context = {
      app = "tf"
    }
  }
}

output "main_arn" {
  value = aws_kms_key.main.arn
}

output "by_alias_id" {
  value = data.aws_kms_key.by_alias.id
}

output "s3_target" {
  value = data.aws_kms_alias.s3.target_key_id
}

output "plaintext" {
  value     = data.aws_kms_secrets.secret.plaintext["db"]
  sensitive = true
}
`;

describe.skipIf(!hasTerraform)(`terraform's KMS resources against the edge${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  const kms = (action: string, input: Record<string, unknown>) => sandbox.dispatcher.call("kms", action, input);

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    tf = new TerraformDir(sandbox.endpoint);
    tf.write(config(1));
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    await sandbox?.stop();
  });

  it("applies, finds no drift, updates, finds no drift, and destroys", async () => {
    await tf.apply();
    const outputs = await tf.outputs();
    const mainArn = String(outputs.main_arn);
    expect(mainArn).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
    expect(outputs.by_alias_id).toBe(mainArn.split("/")[1]);
    expect(String(outputs.s3_target)).toMatch(/^[0-9a-f-]{36}$/);
    expect(outputs.plaintext).toBe("top secret");
    const rotation = await kms("GetKeyRotationStatus", { KeyId: mainArn });
    expect(rotation).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    expect(JSON.parse(String((await kms("GetKeyPolicy", { KeyId: mainArn, PolicyName: "default" })).Policy)).Id).toBe("tf-main");
    expect(await tf.drift()).toBe("");

    tf.write(config(2));
    await tf.apply();
    expect((await kms("DescribeKey", { KeyId: "alias/tf-main" })).KeyMetadata).toMatchObject({ Description: "tf main key, changed" });
    expect(await kms("GetKeyRotationStatus", { KeyId: mainArn })).toMatchObject({ RotationPeriodInDays: 180 });
    expect(await tf.drift()).toBe("");

    await tf.destroy();
    const keys = ((await kms("ListKeys", {})).Keys ?? []) as Array<{ KeyId: string }>;
    const states = await Promise.all(keys.map(async (k) => (await kms("DescribeKey", { KeyId: k.KeyId })).KeyMetadata as { KeyState: string; KeyManager: string }));
    expect(states.filter((m) => m.KeyManager === "CUSTOMER").map((m) => m.KeyState)).toEqual(["PendingDeletion", "PendingDeletion"]);
    expect(((await kms("ListAliases", {})).Aliases as Array<{ AliasName: string }>).map((a) => a.AliasName)).not.toContain("alias/tf-main");
  }, 300_000);
});
