/**
 * Terraform's S3 backend against the sandbox, as teams keep their state on AWS, with the provider
 * block and backend block the user docs show (docs/README.md, "Terraform"): the state file in
 * a versioned S3 bucket, locked with an S3 lock file (`use_lockfile`, a PutObject with
 * If-None-Match: *) and a DynamoDB lock table (`dynamodb_table`, conditional PutItem/DeleteItem),
 * an MD5 digest item beside it. A lock another run holds, either way, stops `terraform plan` with
 * the error AWS's answer makes Terraform print. Skipped where terraform or the provider mirror is
 * missing (test/helpers/terraform.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectVersionsCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";

const root = join(import.meta.dirname, "..", "..");

/** The ```hcl blocks of the user docs' Terraform section: the provider block, then the S3 backend. */
function docsBlocks(file: string): string[] {
  const text = readFileSync(join(root, "docs", file), "utf8");
  const section = text.slice(text.indexOf("### Terraform\n"), text.indexOf("\n### ", text.indexOf("### Terraform\n") + 1));
  return [...section.matchAll(/```hcl\n([\s\S]*?)```/g)].map((block) => block[1]!);
}
const [PROVIDER_BLOCK, BACKEND_BLOCK] = docsBlocks("README.md");

const CONFIG = `${PROVIDER_BLOCK}
${BACKEND_BLOCK}
resource "aws_sns_topic" "alerts" {
  name = "tf-backend-alerts"
}
`;

const STATE = "app/terraform.tfstate";
const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const lockInfo = (id: string) => JSON.stringify({ ID: id, Operation: "OperationTypeApply", Info: "", Who: "colleague@laptop", Version: "1.11.4", Created: "2026-11-27T21:00:00Z", Path: `tf-state/${STATE}` });

it("docs/README.ja.md shows the same Terraform blocks as docs/README.md", () => {
  expect(docsBlocks("README.ja.md")).toEqual(docsBlocks("README.md"));
  expect(PROVIDER_BLOCK).toMatch(/^provider "aws" \{/);
  expect(BACKEND_BLOCK).toMatch(/backend "s3" \{/);
});

describe.skipIf(!hasTerraform)(`terraform's S3 backend: state in S3, locks in S3 and DynamoDB${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  let s3: S3Client;
  let dynamodb: DynamoDBClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true, maxAttempts: 1 });
    dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: "tf-state" }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: "tf-state", VersioningConfiguration: { Status: "Enabled" } }));
    await dynamodb.send(
      new CreateTableCommand({ TableName: "tf-locks", AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }], KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }),
    );
    tf = new TerraformDir(sandbox.endpoint);
    tf.write(CONFIG, { provider: false });
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    await sandbox?.stop();
  });

  it("keeps the state in the bucket with its digest in the lock table, and releases both locks after the apply", async () => {
    await tf.apply();
    const state = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: "tf-state", Key: STATE }))).Body!.transformToString());
    expect(state.resources).toEqual([expect.objectContaining({ type: "aws_sns_topic", name: "alerts" })]);
    const { Items } = await dynamodb.send(new ScanCommand({ TableName: "tf-locks" }));
    // Only the digest stays: the lock item was deleted, as was the lock file.
    expect(Items).toEqual([{ LockID: { S: `tf-state/${STATE}-md5` }, Digest: { S: expect.stringMatching(/^[0-9a-f]{32}$/) } }]);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: "tf-state" }));
    expect(versions.Versions?.filter((v) => v.Key === STATE)).toHaveLength(1);
    // The lock file was written and deleted (twice: plan's refresh and apply): its versions and a delete marker stay.
    expect(versions.DeleteMarkers?.map((m) => [m.Key, m.IsLatest])).toEqual([[`${STATE}.tflock`, true]]);
    expect(await tf.drift()).toBe("");
  }, 120_000);

  it("stops a run while another holds the S3 lock file (S3 answers 412 to If-None-Match: *)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "tf-state", Key: `${STATE}.tflock`, Body: lockInfo("s3-lock") }));
    const plan = await tf.run("plan", "-no-color", "-input=false", "-lock-timeout=0s");
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("Error acquiring the state lock");
    expect(plan.stderr).toContain("StatusCode: 412");
    expect(plan.stderr).toContain("PreconditionFailed: At least one of the pre-conditions you specified did not");
    expect(plan.stderr).toMatch(/ID:\s+s3-lock/);
    await s3.send(new DeleteObjectCommand({ Bucket: "tf-state", Key: `${STATE}.tflock` }));
  }, 60_000);

  it("stops a run while another holds the DynamoDB lock (a conditional PutItem fails)", async () => {
    await dynamodb.send(new PutItemCommand({ TableName: "tf-locks", Item: { LockID: { S: `tf-state/${STATE}` }, Info: { S: lockInfo("table-lock") } } }));
    const plan = await tf.run("plan", "-no-color", "-input=false", "-lock-timeout=0s");
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("Error acquiring the state lock");
    expect(plan.stderr).toContain("ConditionalCheckFailedException: The conditional request failed");
    expect(plan.stderr).toMatch(/ID:\s+table-lock/);
    await dynamodb.send(new DeleteItemCommand({ TableName: "tf-locks", Key: { LockID: { S: `tf-state/${STATE}` } } }));
  }, 60_000);

  it("runs again once the locks are gone, and destroys, keeping each state as a version", async () => {
    expect(await tf.drift()).toBe("");
    await tf.destroy();
    const state = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: "tf-state", Key: STATE }))).Body!.transformToString());
    expect(state.resources).toEqual([]);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: "tf-state", Prefix: STATE }));
    expect(versions.Versions?.filter((v) => v.Key === STATE).length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
