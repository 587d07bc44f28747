/**
 * Terraform's data resources against a sandbox with no template, as tutorials and modules declare
 * them: S3 buckets with every bucket-level configuration resource (versioning, encryption, public
 * access block, ownership, ACL, policy, CORS, lifecycle, website, logging, notification, object
 * lock, replication, intelligent tiering, inventory, metrics, analytics), objects and a copy;
 * DynamoDB tables with LSI/GSI, provisioned capacity, deletion protection, table class, an item,
 * a resource policy, contributor insights and a tag; SSM parameters of every type; Secrets
 * Manager secrets with versions, a policy and rotation by a Lambda function; SES identities, a
 * template, a configuration set with its options, an event destination, a MAIL FROM domain,
 * notification topics and an identity policy; SESv2 configuration sets, identities and event destinations.
 *
 * Apply, find no drift, update arguments in place (deletion protection alone, as DynamoDB takes
 * it), apply, find no drift, switch the table's billing mode and indexes, import resources back
 * (no drift), destroy (a versioned bucket with force_destroy included), and check what the SDK
 * sees at each step. The first apply takes about a minute: aws_s3_bucket_lifecycle_configuration
 * waits 10 s and then reads the rules back ten times 5 s apart (the provider's own wait, on AWS
 * too), so the lifecycle is created once and never changed. Skipped where terraform or the
 * provider mirror is missing (test/helpers/terraform.ts).
 */
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import {
  GetBucketLifecycleConfigurationCommand, GetBucketVersioningCommand, GetObjectCommand, ListBucketsCommand, ListObjectVersionsCommand, S3Client,
} from "@aws-sdk/client-s3";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";
import { zipOf } from "../helpers/zip.js";
// The SSM, Secrets Manager and SES clients are the sandbox package's devDependencies, not the root's.
import type * as SsmModule from "../../packages/sandbox/node_modules/@aws-sdk/client-ssm/dist-types/index.js";
import type * as SecretsModule from "../../packages/sandbox/node_modules/@aws-sdk/client-secrets-manager/dist-types/index.js";
import type * as SesModule from "../../packages/sandbox/node_modules/@aws-sdk/client-ses/dist-types/index.js";

const sandboxRequire = createRequire(new URL("../../packages/sandbox/package.json", import.meta.url));
const ssmSdk = sandboxRequire("@aws-sdk/client-ssm") as typeof SsmModule;
const secretsSdk = sandboxRequire("@aws-sdk/client-secrets-manager") as typeof SecretsModule;
const sesSdk = sandboxRequire("@aws-sdk/client-ses") as typeof SesModule;

/** What changes between the applies. */
interface Settings {
  env: string;
  maxAge: number;
  greeting: string;
  payer: string;
  lockDays: number;
  deletionProtection: boolean;
  billing: "PROVISIONED" | "PAY_PER_REQUEST";
  tableClass: string;
  score: number;
  dbHost: string;
  password: string;
  rotationDays: number;
  blueStage: string;
  subject: string;
  sendingEnabled: boolean;
  mailFrom: string;
}

const V1: Settings = {
  env: "dev", maxAge: 3000, greeting: "world", payer: "Requester", lockDays: 1, deletionProtection: true, billing: "PROVISIONED", tableClass: "STANDARD_INFREQUENT_ACCESS",
  score: 42, dbHost: "db.internal", password: "s3cr3t", rotationDays: 30, blueStage: "blue", subject: "Welcome, {{name}}", sendingEnabled: false, mailFrom: "bounce",
};
// Deletion protection changes alone: DynamoDB refuses it beside any other change of the table.
const V2: Settings = {
  ...V1, env: "prod", maxAge: 600, greeting: "there", payer: "BucketOwner", lockDays: 2, deletionProtection: false, score: 43, dbHost: "db2.internal",
  password: "n3w-s3cr3t", rotationDays: 7, blueStage: "green", subject: "Welcome aboard, {{name}}", sendingEnabled: true, mailFrom: "mail",
};
const V3: Settings = { ...V2, billing: "PAY_PER_REQUEST", tableClass: "STANDARD" };

const ROTATION_CODE = `export const handler = async (event) => {
  console.log(JSON.stringify({ step: event.Step, token: event.ClientRequestToken }));
  return {};
};
`;

const s3Config = (s: Settings) => `
resource "aws_s3_bucket" "data" {
  bucket        = "tf-data-bucket"
  force_destroy = true
  tags          = { env = "${s.env}" }
}
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555"
    }
    bucket_key_enabled = true
  }
}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_ownership_controls" "data" {
  bucket = aws_s3_bucket.data.id
  rule { object_ownership = "BucketOwnerEnforced" }
}
resource "aws_s3_bucket_cors_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  cors_rule {
    allowed_headers = ["*"]
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["https://example.com"]
    expose_headers  = ["ETag"]
    max_age_seconds = ${s.maxAge}
  }
  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = ["*"]
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket     = aws_s3_bucket.data.id
  depends_on = [aws_s3_bucket_versioning.data]
  rule {
    id     = "logs"
    status = "Enabled"
    filter { prefix = "logs/" }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
    expiration { days = 365 }
  }
  rule {
    id     = "noncurrent"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration { noncurrent_days = 30 }
    abort_incomplete_multipart_upload { days_after_initiation = 7 }
  }
  rule {
    id     = "tagged"
    status = "Enabled"
    filter {
      and {
        prefix                   = "tmp/"
        tags                     = { class = "temp" }
        object_size_greater_than = 100
      }
    }
    expiration { days = 1 }
  }
}
resource "aws_s3_bucket_accelerate_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  status = "Enabled"
}
resource "aws_s3_bucket_request_payment_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  payer  = "${s.payer}"
}
resource "aws_sns_topic" "bucket_events" {
  name = "tf-bucket-events"
}
resource "aws_s3_bucket_notification" "data" {
  bucket      = aws_s3_bucket.data.id
  eventbridge = true
  topic {
    id            = "uploads"
    topic_arn     = aws_sns_topic.bucket_events.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
    filter_suffix = ".jpg"
  }
}
resource "aws_s3_object" "config" {
  bucket       = aws_s3_bucket.data.id
  key          = "config/app.json"
  content      = jsonencode({ hello = "${s.greeting}" })
  content_type = "application/json"
  metadata     = { owner = "team-${s.env}" }
  tags         = { kind = "config" }
}
resource "aws_s3_object" "file" {
  bucket                 = aws_s3_bucket.data.id
  key                    = "files/hello.txt"
  source                 = "hello.txt"
  etag                   = filemd5("hello.txt")
  server_side_encryption = "AES256"
}
resource "aws_s3_object_copy" "copy" {
  bucket = aws_s3_bucket.data.id
  key    = "files/hello-copy.txt"
  source = "\${aws_s3_bucket.data.id}/\${aws_s3_object.file.key}"
}
resource "aws_s3_bucket_intelligent_tiering_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  name   = "archive"
  filter { prefix = "archive/" }
  tiering {
    access_tier = "ARCHIVE_ACCESS"
    days        = 90
  }
  tiering {
    access_tier = "DEEP_ARCHIVE_ACCESS"
    days        = 180
  }
}
resource "aws_s3_bucket_inventory" "data" {
  bucket                   = aws_s3_bucket.data.id
  name                     = "weekly"
  included_object_versions = "All"
  schedule { frequency = "Weekly" }
  optional_fields = ["Size", "LastModifiedDate"]
  destination {
    bucket {
      format     = "CSV"
      bucket_arn = aws_s3_bucket.logs.arn
      prefix     = "inventory"
    }
  }
}
resource "aws_s3_bucket_metric" "data" {
  bucket = aws_s3_bucket.data.id
  name   = "images"
  filter {
    prefix = "images/"
    tags   = { priority = "high" }
  }
}
resource "aws_s3_bucket_analytics_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  name   = "analytics"
  filter { prefix = "documents/" }
  storage_class_analysis {
    data_export {
      destination {
        s3_bucket_destination { bucket_arn = aws_s3_bucket.logs.arn }
      }
    }
  }
}

resource "aws_s3_bucket" "site" {
  bucket = "tf-site-bucket"
}
resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document { suffix = "index.html" }
  error_document { key = "error.html" }
  routing_rule {
    condition { key_prefix_equals = "docs/" }
    redirect { replace_key_prefix_with = "documents/" }
  }
}
resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}
resource "aws_s3_bucket_policy" "site" {
  bucket     = aws_s3_bucket.site.id
  depends_on = [aws_s3_bucket_public_access_block.site]
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.site.arn}/*"
    }]
  })
}
resource "aws_s3_bucket" "logs" {
  bucket = "tf-logs-bucket"
}
resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule { object_ownership = "BucketOwnerPreferred" }
}
resource "aws_s3_bucket_acl" "logs" {
  depends_on = [aws_s3_bucket_ownership_controls.logs]
  bucket     = aws_s3_bucket.logs.id
  acl        = "log-delivery-write"
}
resource "aws_s3_bucket_logging" "site" {
  bucket        = aws_s3_bucket.site.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "site-${s.env}/"
}

resource "aws_s3_bucket" "locked" {
  bucket              = "tf-locked-bucket"
  object_lock_enabled = true
}
resource "aws_s3_bucket_object_lock_configuration" "locked" {
  bucket = aws_s3_bucket.locked.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = ${s.lockDays}
    }
  }
}
resource "aws_s3_bucket" "replica" {
  bucket = "tf-replica-bucket"
}
resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_replication_configuration" "data" {
  depends_on = [aws_s3_bucket_versioning.data, aws_s3_bucket_versioning.replica]
  role       = "arn:aws:iam::000000000000:role/replication"
  bucket     = aws_s3_bucket.data.id
  rule {
    id     = "all"
    status = "Enabled"
    filter { prefix = "replicate/" }
    delete_marker_replication { status = "Enabled" }
    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
    }
  }
}

data "aws_s3_bucket" "data" {
  bucket = aws_s3_bucket.data.id
}
data "aws_s3_object" "config" {
  bucket = aws_s3_bucket.data.id
  key    = aws_s3_object.config.key
}
output "object_body" { value = data.aws_s3_object.config.body }
output "bucket_domain" { value = data.aws_s3_bucket.data.bucket_regional_domain_name }
output "site_endpoint" { value = aws_s3_bucket_website_configuration.site.website_endpoint }
`;

const dynamodbConfig = (s: Settings) => `
resource "aws_dynamodb_table" "users" {
  name                        = "tf-users"
  billing_mode                = "${s.billing}"
  ${s.billing === "PROVISIONED" ? "read_capacity  = 5\n  write_capacity = 5" : ""}
  hash_key                    = "userId"
  range_key                   = "createdAt"
  table_class                 = "${s.tableClass}"
  deletion_protection_enabled = ${s.deletionProtection}

  attribute {
    name = "userId"
    type = "S"
  }
  attribute {
    name = "createdAt"
    type = "N"
  }
  attribute {
    name = "score"
    type = "N"
  }
  ${s.billing === "PROVISIONED" ? `attribute {
    name = "email"
    type = "S"
  }
  global_secondary_index {
    name            = "byEmail"
    hash_key        = "email"
    projection_type = "KEYS_ONLY"
    read_capacity   = 2
    write_capacity  = 2
  }` : `global_secondary_index {
    name            = "byScoreGlobal"
    hash_key        = "score"
    projection_type = "ALL"
  }`}
  local_secondary_index {
    name               = "byScore"
    range_key          = "score"
    projection_type    = "INCLUDE"
    non_key_attributes = ["email"]
  }
  server_side_encryption {
    enabled = true
  }
  tags = { app = "users" }
}
resource "aws_dynamodb_table_item" "alice" {
  table_name = aws_dynamodb_table.users.name
  hash_key   = aws_dynamodb_table.users.hash_key
  range_key  = aws_dynamodb_table.users.range_key
  item = jsonencode({
    userId    = { S = "alice" }
    createdAt = { N = "1700000000" }
    email     = { S = "alice@example.com" }
    score     = { N = "${s.score}" }
    roles     = { SS = ["admin", "dev"] }
  })
}
resource "aws_dynamodb_table" "events" {
  name             = "tf-events"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "id"
    type = "S"
  }
  # Its tags are aws_dynamodb_tag's, as the provider's documentation asks.
  lifecycle {
    ignore_changes = [tags, tags_all]
  }
}
resource "aws_dynamodb_resource_policy" "events" {
  resource_arn = aws_dynamodb_table.events.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource  = aws_dynamodb_table.events.arn
    }]
  })
}
resource "aws_dynamodb_contributor_insights" "events" {
  table_name = aws_dynamodb_table.events.name
}
resource "aws_dynamodb_tag" "events" {
  resource_arn = aws_dynamodb_table.events.arn
  key          = "owner"
  value        = "platform"
}
`;

const ssmConfig = (s: Settings) => `
resource "aws_ssm_parameter" "db_host" {
  name        = "/tf/app/db_host"
  type        = "String"
  value       = "${s.dbHost}"
  description = "Database host (${s.env})"
  tags        = { env = "${s.env}" }
}
resource "aws_ssm_parameter" "ports" {
  name  = "/tf/app/ports"
  type  = "StringList"
  value = "80,443"
}
resource "aws_ssm_parameter" "password" {
  name   = "/tf/app/password"
  type   = "SecureString"
  value  = "${s.password}"
  key_id = "alias/aws/ssm"
}
resource "aws_ssm_parameter" "advanced" {
  name            = "/tf/app/advanced"
  type            = "String"
  tier            = "Advanced"
  value           = "big${s.env}"
  allowed_pattern = "^[a-z]+$"
}
resource "aws_ssm_parameter" "ami" {
  name      = "/tf/app/ami"
  type      = "String"
  data_type = "aws:ec2:image"
  value     = "ami-0123456789abcdef0"
}
resource "aws_ssm_parameter" "insecure" {
  name           = "/tf/app/insecure"
  type           = "String"
  insecure_value = "visible-${s.env}"
}
data "aws_ssm_parameter" "db_host" {
  name = aws_ssm_parameter.db_host.name
}
data "aws_ssm_parameters_by_path" "app" {
  path       = "/tf/app"
  depends_on = [aws_ssm_parameter.db_host, aws_ssm_parameter.ports, aws_ssm_parameter.password, aws_ssm_parameter.advanced, aws_ssm_parameter.ami, aws_ssm_parameter.insecure]
}
output "db_host" { value = data.aws_ssm_parameter.db_host.insecure_value }
output "parameter_names" {
  value     = data.aws_ssm_parameters_by_path.app.names
  sensitive = true
}
`;

const secretsConfig = (s: Settings) => `
resource "aws_secretsmanager_secret" "db" {
  name                    = "tf/db-credentials"
  description             = "Database credentials (${s.env})"
  recovery_window_in_days = 0
  tags                    = { env = "${s.env}" }
}
resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ username = "admin", password = "${s.password}" })
}
resource "aws_secretsmanager_secret" "api" {
  name_prefix = "tf-api-"
  kms_key_id  = "alias/aws/secretsmanager"
}
resource "aws_secretsmanager_secret_version" "api" {
  secret_id      = aws_secretsmanager_secret.api.id
  secret_binary  = base64encode("binary-data")
  version_stages = ["AWSCURRENT", "${s.blueStage}"]
}
resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = aws_secretsmanager_secret.db.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EnableRead${s.env}"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::000000000000:root" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}
resource "aws_iam_role" "rotate" {
  name = "tf-rotate-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_lambda_function" "rotate" {
  function_name    = "tf-rotate"
  role             = aws_iam_role.rotate.arn
  runtime          = "nodejs20.x"
  handler          = "index.handler"
  filename         = "rotate.zip"
  source_code_hash = filebase64sha256("rotate.zip")
}
resource "aws_lambda_permission" "rotate" {
  statement_id  = "AllowSecretsManager"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.rotate.function_name
  principal     = "secretsmanager.amazonaws.com"
  source_arn    = aws_secretsmanager_secret.db.arn
}
resource "aws_secretsmanager_secret_rotation" "db" {
  depends_on          = [aws_lambda_permission.rotate, aws_secretsmanager_secret_version.db]
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotate.arn
  rotation_rules {
    automatically_after_days = ${s.rotationDays}
  }
}
data "aws_secretsmanager_secret_version" "db" {
  secret_id  = aws_secretsmanager_secret.db.id
  depends_on = [aws_secretsmanager_secret_version.db, aws_secretsmanager_secret_rotation.db]
}
output "secret" {
  value     = data.aws_secretsmanager_secret_version.db.secret_string
  sensitive = true
}
`;

const sesConfig = (s: Settings) => `
resource "aws_ses_email_identity" "sender" {
  email = "sender@example.com"
}
resource "aws_ses_domain_identity" "example" {
  domain = "example.org"
}
resource "aws_ses_domain_dkim" "example" {
  domain = aws_ses_domain_identity.example.domain
}
resource "aws_ses_domain_identity_verification" "example" {
  domain = aws_ses_domain_identity.example.id
}
resource "aws_ses_domain_mail_from" "example" {
  domain           = aws_ses_domain_identity.example.domain
  mail_from_domain = "${s.mailFrom}.example.org"
}
resource "aws_ses_template" "welcome" {
  name    = "tf-welcome"
  subject = "${s.subject}"
  html    = "<h1>Hello {{name}}</h1>"
  text    = "Hello {{name}}"
}
resource "aws_ses_configuration_set" "main" {
  name                       = "tf-config-set"
  reputation_metrics_enabled = true
  sending_enabled            = ${s.sendingEnabled}
  delivery_options {
    tls_policy = "Require"
  }
}
resource "aws_sns_topic" "ses" {
  name = "tf-ses-events"
}
resource "aws_ses_event_destination" "sns" {
  name                   = "sns-dest"
  configuration_set_name = aws_ses_configuration_set.main.name
  enabled                = true
  matching_types         = ["bounce", "send"]
  sns_destination {
    topic_arn = aws_sns_topic.ses.arn
  }
}
resource "aws_ses_identity_notification_topic" "bounce" {
  topic_arn                = aws_sns_topic.ses.arn
  notification_type        = "Bounce"
  identity                 = aws_ses_domain_identity.example.domain
  include_original_headers = ${s.env === "dev"}
}
resource "aws_sesv2_configuration_set" "v2" {
  configuration_set_name = "tf-v2-set"
  delivery_options {
    tls_policy = "${s.sendingEnabled ? "OPTIONAL" : "REQUIRE"}"
  }
  reputation_options {
    reputation_metrics_enabled = ${!s.sendingEnabled}
  }
  sending_options {
    sending_enabled = ${s.sendingEnabled}
  }
  tags = { env = "${s.env}" }
}
resource "aws_sesv2_email_identity" "v2" {
  email_identity         = "v2.example.com"
  configuration_set_name = aws_sesv2_configuration_set.v2.configuration_set_name
  tags                   = { env = "${s.env}" }
}
resource "aws_sesv2_configuration_set_event_destination" "v2" {
  configuration_set_name = aws_sesv2_configuration_set.v2.configuration_set_name
  event_destination_name = "sns"
  event_destination {
    enabled              = true
    matching_event_types = ["SEND", "BOUNCE"]
    sns_destination { topic_arn = aws_sns_topic.ses.arn }
  }
}
resource "aws_ses_identity_policy" "example" {
  identity = aws_ses_domain_identity.example.arn
  name     = "allow-send"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = ["SES:SendEmail"], Resource = aws_ses_domain_identity.example.arn }]
  })
}
`;

const config = (s: Settings) => s3Config(s) + dynamodbConfig(s) + ssmConfig(s) + secretsConfig(s) + sesConfig(s);

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe.skipIf(!hasTerraform)(`Terraform's S3, DynamoDB, SSM, Secrets Manager and SES resources${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  let s3: S3Client;
  let dynamodb: DynamoDBClient;
  let ssm: SsmModule.SSMClient;
  let secrets: SecretsModule.SecretsManagerClient;
  let ses: SesModule.SESClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    tf = new TerraformDir(sandbox.endpoint);
    writeFileSync(join(tf.dir, "hello.txt"), "hello from a file\n");
    writeFileSync(join(tf.dir, "rotate.zip"), zipOf({ "index.mjs": ROTATION_CODE }));
    const client = { endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
    s3 = new S3Client({ ...client, forcePathStyle: true });
    dynamodb = new DynamoDBClient(client);
    ssm = new ssmSdk.SSMClient(client);
    secrets = new secretsSdk.SecretsManagerClient(client);
    ses = new sesSdk.SESClient(client);
    tf.write(config(V1));
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    await sandbox?.stop();
  });

  it("applies, finds no drift, updates in place, imports back and destroys", async () => {
    await tf.apply();
    const outputs = await tf.outputs();
    expect(outputs).toMatchObject({ object_body: `{"hello":"world"}`, db_host: "db.internal", bucket_domain: "tf-data-bucket.s3.us-east-1.amazonaws.com" });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "tf-data-bucket" }))).Status).toBe("Enabled");
    expect((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: "tf-data-bucket" }))).Rules?.map((rule) => rule.ID)).toEqual(["logs", "noncurrent", "tagged"]);
    const users = (await dynamodb.send(new DescribeTableCommand({ TableName: "tf-users" }))).Table;
    expect(users).toMatchObject({ DeletionProtectionEnabled: true, TableClassSummary: { TableClass: "STANDARD_INFREQUENT_ACCESS" }, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    expect(users?.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(["byScore"]);
    // A protected table is not deleted, whoever asks.
    await expect(dynamodb.send(new DeleteTableCommand({ TableName: "tf-users" }))).rejects.toThrow("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
    const item = (await dynamodb.send(new GetItemCommand({ TableName: "tf-users", Key: { userId: { S: "alice" }, createdAt: { N: "1700000000" } } }))).Item;
    expect(item?.roles).toEqual({ SS: ["admin", "dev"] });
    expect((await ssm.send(new ssmSdk.GetParameterCommand({ Name: "/tf/app/password", WithDecryption: true }))).Parameter).toMatchObject({ Type: "SecureString", Value: "s3cr3t" });
    const rotation = await secrets.send(new secretsSdk.DescribeSecretCommand({ SecretId: "tf/db-credentials" }));
    expect(rotation).toMatchObject({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 30 } });
    expect(JSON.parse((await secrets.send(new secretsSdk.GetSecretValueCommand({ SecretId: "tf/db-credentials" }))).SecretString ?? "")).toEqual({ username: "admin", password: "s3cr3t" });
    const set = await ses.send(new sesSdk.DescribeConfigurationSetCommand({ ConfigurationSetName: "tf-config-set", ConfigurationSetAttributeNames: ["reputationOptions", "deliveryOptions"] }));
    expect(set).toMatchObject({ ReputationOptions: { SendingEnabled: false, ReputationMetricsEnabled: true }, DeliveryOptions: { TlsPolicy: "Require" } });
    expect(await tf.drift()).toBe("");

    tf.write(config(V2));
    await tf.apply();
    expect(await tf.drift()).toBe("");
    expect((await tf.outputs()).object_body).toBe(`{"hello":"there"}`);
    // The object's first content is a noncurrent version now: force_destroy has it to remove.
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket: "tf-data-bucket", Prefix: "config/" }))).Versions).toHaveLength(2);
    expect(await (await s3.send(new GetObjectCommand({ Bucket: "tf-data-bucket", Key: "config/app.json" }))).Body?.transformToString()).toBe(`{"hello":"there"}`);
    expect((await dynamodb.send(new DescribeTableCommand({ TableName: "tf-users" }))).Table?.DeletionProtectionEnabled).toBe(false);
    expect((await secrets.send(new secretsSdk.DescribeSecretCommand({ SecretId: "tf/db-credentials" }))).RotationRules?.AutomaticallyAfterDays).toBe(7);
    const mailFrom = await ses.send(new sesSdk.GetIdentityMailFromDomainAttributesCommand({ Identities: ["example.org"] }));
    expect(mailFrom.MailFromDomainAttributes?.["example.org"]).toMatchObject({ MailFromDomain: "mail.example.org" });

    tf.write(config(V3));
    await tf.apply();
    expect(await tf.drift()).toBe("");
    const switched = (await dynamodb.send(new DescribeTableCommand({ TableName: "tf-users" }))).Table;
    expect(switched).toMatchObject({ BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" }, TableClassSummary: { TableClass: "STANDARD" } });
    expect(switched?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(["byScoreGlobal"]);

    const imports: Array<[string, string]> = [
      ["aws_s3_bucket_policy.site", "tf-site-bucket"],
      ["aws_s3_bucket_lifecycle_configuration.data", "tf-data-bucket"],
      ["aws_dynamodb_table.users", "tf-users"],
      ["aws_ssm_parameter.password", "/tf/app/password"],
      ["aws_ses_configuration_set.main", "tf-config-set"],
      ["aws_ses_domain_mail_from.example", "example.org"],
      ["aws_sesv2_configuration_set.v2", "tf-v2-set"],
    ];
    // Forgotten, then imported back with import blocks (Terraform 1.5+) in one apply, which must change nothing.
    await tf.ok("state", "rm", ...imports.map(([address]) => address));
    tf.write(config(V3) + imports.map(([address, id]) => `import {\n  to = ${address}\n  id = "${id}"\n}\n`).join(""));
    expect(await tf.apply()).toContain(`Apply complete! Resources: ${imports.length} imported, 0 added, 0 changed, 0 destroyed.`);
    expect(await tf.drift()).toBe("");

    await tf.destroy();
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect((await dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    expect((await ssm.send(new ssmSdk.GetParametersByPathCommand({ Path: "/tf", Recursive: true }))).Parameters).toEqual([]);
    expect((await secrets.send(new secretsSdk.ListSecretsCommand({}))).SecretList).toEqual([]);
    expect((await ses.send(new sesSdk.ListIdentitiesCommand({}))).Identities).toEqual([]);
  }, 400_000);
});
