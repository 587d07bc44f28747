/**
 * Terraform (hashicorp/aws provider, installed from a local mirror) against a sandbox with no
 * template: a user's `terraform apply` creates a DynamoDB table with every common option, an S3
 * bucket and an SNS topic through AWS_ENDPOINT_URL; a second `terraform plan` finds nothing to
 * change (every attribute the provider reads back matches what it wrote); `terraform destroy`
 * removes them. Skipped where terraform or the provider mirror is missing (test/helpers/terraform.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeContinuousBackupsCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";

const CONFIG = `
resource "aws_dynamodb_table" "orders" {
  name         = "tf-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "status"
    type = "S"
  }

  global_secondary_index {
    name            = "byStatus"
    hash_key        = "status"
    range_key       = "sk"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  tags = {
    env = "dev"
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "tf-uploads"
}

resource "aws_sns_topic" "events" {
  name = "tf-events"
}

output "stream_arn" {
  value = aws_dynamodb_table.orders.stream_arn
}
`;

const credentials = { accessKeyId: "x", secretAccessKey: "x" };

describe.skipIf(!hasTerraform)(`terraform apply / plan / destroy against the edge${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  let dynamodb: DynamoDBClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    tf = new TerraformDir(sandbox.endpoint);
    tf.write(CONFIG);
    dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    await sandbox?.stop();
  });

  it("applies, finds no drift on the next plan, and destroys", async () => {
    await tf.apply();
    const table = (await dynamodb.send(new DescribeTableCommand({ TableName: "tf-orders" }))).Table;
    expect(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(["byStatus"]);
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect((await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: "tf-orders" }))).TimeToLiveDescription).toEqual({ AttributeName: "expiresAt", TimeToLiveStatus: "ENABLED" });
    expect((await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: "tf-orders" }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe("ENABLED");
    expect((await tf.outputs()).stream_arn).toBe(table?.LatestStreamArn);

    expect(await tf.drift()).toBe("");

    await tf.destroy();
    expect((await dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    const s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true, maxAttempts: 1 });
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
  }, 180_000);
});
