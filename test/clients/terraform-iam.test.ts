/**
 * Terraform's IAM resources against a sandbox with no template: a role with an inline policy
 * and two attachments (an AWS managed policy and the configuration's own), a managed policy, a
 * user with an access key in a group, user / group policies, an exclusive policy attachment, a
 * role with a permissions boundary, an instance profile and GitHub Actions' OpenID Connect
 * provider. Apply, find no drift, change documents and descriptions, apply, find no drift,
 * destroy. Skipped where terraform or the provider mirror is missing (test/helpers/terraform.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetPolicyCommand, GetRoleCommand, IAMClient, ListPolicyVersionsCommand, ListRolesCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";

const config = (version: 1 | 2) => `
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ${version === 1 ? '["s3:GetObject"]' : '["s3:GetObject", "s3:ListBucket"]'}
    resources = ["arn:aws:s3:::tf-bucket", "arn:aws:s3:::tf-bucket/*"]
  }
}

resource "aws_iam_role" "fn" {
  name               = "tf-fn-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  description        = "${version === 1 ? "the function's role" : "the function's role, changed"}"
  tags = {
    app = "tf"
  }
}

resource "aws_iam_role_policy" "inline" {
  name   = "tf-inline"
  role   = aws_iam_role.fn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["dynamodb:GetItem"], Resource = "${version === 1 ? "*" : "arn:aws:dynamodb:us-east-1:000000000000:table/t"}" }]
  })
}

resource "aws_iam_policy" "own" {
  name        = "tf-read"
  path        = "/app/"
  description = "read the bucket"
  policy      = data.aws_iam_policy_document.read.json
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy_attachment" "own" {
  role       = aws_iam_role.fn.name
  policy_arn = aws_iam_policy.own.arn
}

resource "aws_iam_user" "dev" {
  name = "tf-dev"
  path = "/people/"
}

resource "aws_iam_access_key" "dev" {
  user = aws_iam_user.dev.name
}

resource "aws_iam_group" "devs" {
  name = "tf-devs"
}

resource "aws_iam_user_group_membership" "dev" {
  user   = aws_iam_user.dev.name
  groups = [aws_iam_group.devs.name]
}

resource "aws_iam_group_policy" "devs" {
  name  = "tf-devs-read"
  group = aws_iam_group.devs.name
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_iam_user_policy_attachment" "dev" {
  user       = aws_iam_user.dev.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy" "shared" {
  name   = "tf-shared"
  policy = data.aws_iam_policy_document.read.json
}

# An exclusive attachment (the policy's only one): Terraform reads it back with ListEntitiesForPolicy.
resource "aws_iam_policy_attachment" "shared" {
  name       = "tf-shared-everywhere"
  policy_arn = aws_iam_policy.shared.arn
  users      = [aws_iam_user.dev.name]
  groups     = [aws_iam_group.devs.name]
}

resource "aws_iam_role" "bounded" {
  name                 = "tf-bounded"
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
  max_session_duration = 7200
}

resource "aws_iam_instance_profile" "ec2" {
  name = "tf-profile"
  role = aws_iam_role.fn.name
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}

output "role_arn" {
  value = aws_iam_role.fn.arn
}

output "access_key_id" {
  value = aws_iam_access_key.dev.id
}
`;

const credentials = { accessKeyId: "x", secretAccessKey: "x" };

describe.skipIf(!hasTerraform)(`terraform's IAM resources against the edge${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  let iam: IAMClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    tf = new TerraformDir(sandbox.endpoint);
    tf.write(config(1));
    iam = new IAMClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    iam?.destroy();
    tf?.remove();
    await sandbox?.stop();
  });

  it("applies, finds no drift, updates, finds no drift, and destroys", async () => {
    await tf.apply();
    const outputs = await tf.outputs();
    expect(outputs.account_id).toBe("000000000000");
    expect(outputs.role_arn).toBe("arn:aws:iam::000000000000:role/tf-fn-role");
    expect(String(outputs.access_key_id)).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::000000000000:policy/app/tf-read" }))).Policy?.AttachmentCount).toBe(1);
    // The exclusive attachment's user and group.
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: "arn:aws:iam::000000000000:policy/tf-shared" }))).Policy?.AttachmentCount).toBe(2);
    expect(await tf.drift()).toBe("");

    tf.write(config(2));
    await tf.apply();
    expect((await iam.send(new GetRoleCommand({ RoleName: "tf-fn-role" }))).Role?.Description).toBe("the function's role, changed");
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: "arn:aws:iam::000000000000:policy/app/tf-read" }));
    expect(versions.Versions?.find((v) => v.IsDefaultVersion)?.VersionId).toBe("v2");
    expect(await tf.drift()).toBe("");

    await tf.destroy();
    expect((await iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect((await iam.send(new ListUsersCommand({}))).Users).toEqual([]);
  }, 300_000);
});
