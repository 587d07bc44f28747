/**
 * Terraform's aws_dynamodb_kinesis_streaming_destination against a sandbox with no template: a
 * Kinesis stream, a table and the destination between them. Apply (Terraform waits for ACTIVE),
 * find no drift, see a written item reach the stream, change the precision, destroy (Terraform
 * waits for DISABLED). Skipped where terraform or the provider mirror is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { hasTerraform, TerraformDir, terraformSkipReason } from "../helpers/terraform.js";

const config = (precision: "MILLISECOND" | "MICROSECOND") => `
resource "aws_kinesis_stream" "changes" {
  name        = "tf-table-changes"
  shard_count = 1
}

resource "aws_dynamodb_table" "notes" {
  name         = "tf-notes"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_kinesis_streaming_destination" "notes" {
  stream_arn                               = aws_kinesis_stream.changes.arn
  table_name                               = aws_dynamodb_table.notes.name
  approximate_creation_date_time_precision = "${precision}"
}
`;

describe.skipIf(!hasTerraform)(`terraform's aws_dynamodb_kinesis_streaming_destination${hasTerraform ? "" : ` (skipped: ${terraformSkipReason})`}`, () => {
  let sandbox: RunningSandbox;
  let tf: TerraformDir;
  const call = (service: string, action: string, input: Record<string, unknown>) => sandbox.dispatcher.call(service, action, input);

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true, logger: { info() {}, debug() {}, error() {}, warn() {} } });
    tf = new TerraformDir(sandbox.endpoint);
    tf.write(config("MILLISECOND"));
    await tf.init();
  }, 120_000);

  afterAll(async () => {
    tf?.remove();
    await sandbox?.stop();
  });

  it("applies, streams the table's changes, finds no drift, updates the precision, and destroys", async () => {
    await tf.apply();
    const described = await call("dynamodb", "DescribeKinesisStreamingDestination", { TableName: "tf-notes" });
    expect(described.KinesisDataStreamDestinations).toEqual([
      { StreamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/tf-table-changes", DestinationStatus: "ACTIVE", ApproximateCreationDateTimePrecision: "MILLISECOND" },
    ]);
    expect(await tf.drift()).toBe("");

    await call("dynamodb", "PutItem", { TableName: "tf-notes", Item: { id: { S: "n-1" } } });
    const stream = await call("kinesis", "DescribeStream", { StreamName: "tf-table-changes" });
    const shardId = (stream.StreamDescription as { Shards: { ShardId: string }[] }).Shards[0]?.ShardId;
    const iterator = await call("kinesis", "GetShardIterator", { StreamName: "tf-table-changes", ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" });
    let records: { Data: string }[] = [];
    for (let attempt = 0; attempt < 50 && records.length === 0; attempt++) {
      records = ((await call("kinesis", "GetRecords", { ShardIterator: iterator.ShardIterator })).Records ?? []) as { Data: string }[];
      if (records.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(records.map((r) => (JSON.parse(Buffer.from(r.Data, "base64").toString()) as { eventName: string }).eventName)).toEqual(["INSERT"]);

    tf.write(config("MICROSECOND"));
    await tf.apply();
    const updated = await call("dynamodb", "DescribeKinesisStreamingDestination", { TableName: "tf-notes" });
    expect(updated.KinesisDataStreamDestinations).toMatchObject([{ ApproximateCreationDateTimePrecision: "MICROSECOND" }]);
    expect(await tf.drift()).toBe("");

    await tf.destroy();
    expect((await call("dynamodb", "ListTables", {})).TableNames).not.toContain("tf-notes");
  }, 300_000);
});
