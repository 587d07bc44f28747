/**
 * Kinesis behaviour recorded on AWS: localstack/localstack tests/aws/services/kinesis/test_kinesis.py
 * with its snapshot (test_kinesis.snapshot.json) and validation file (each case is marked
 * `markers.aws.validated`), replayed through the AWS SDK v3 client.
 */
import {
  AddTagsToStreamCommand, CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListTagsForStreamCommand,
  PutRecordCommand, PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKinesis, text, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startKinesis();
});
afterAll(() => h.close());

const MAX_HASH = (2n ** 128n - 1n).toString();

async function firstShardIterator(stream: string, type: "TRIM_HORIZON" | "LATEST" | "AT_SEQUENCE_NUMBER") {
  const shard = (await h.client.send(new DescribeStreamCommand({ StreamName: stream }))).StreamDescription?.Shards?.[0];
  const out = await h.client.send(new GetShardIteratorCommand({
    StreamName: stream, ShardId: shard?.ShardId, ShardIteratorType: type,
    ...(type === "AT_SEQUENCE_NUMBER" ? { StartingSequenceNumber: shard?.SequenceNumberRange?.StartingSequenceNumber } : {}),
  }));
  return out.ShardIterator as string;
}

describe("TestKinesis (test_kinesis.py)", () => {
  // ::test_create_stream_without_stream_name_raises — a 400 (the snapshot left the text out)
  it("CreateStream without StreamName is a 400", async () => {
    const error = (await h.client.send(new CreateStreamCommand({} as never)).then(() => undefined, (e: unknown) => e)) as { $metadata: { httpStatusCode: number } };
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  // ::test_create_stream_without_shard_count — four shards, even hash ranges, open (no EndingSequenceNumber)
  it("CreateStream without ShardCount makes four shards", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "no-count" }));
    const shards = (await h.client.send(new DescribeStreamCommand({ StreamName: "no-count" }))).StreamDescription?.Shards ?? [];
    expect(shards).toHaveLength(4);
    for (const shard of shards) {
      expect(Object.keys(shard).sort()).toEqual(["HashKeyRange", "SequenceNumberRange", "ShardId"]);
      expect(Object.keys(shard.SequenceNumberRange ?? {})).toEqual(["StartingSequenceNumber"]);
    }
    expect(shards[0]?.HashKeyRange?.StartingHashKey).toBe("0");
    expect(shards[3]?.HashKeyRange?.EndingHashKey).toBe(MAX_HASH);
  });

  // ::test_add_tags_to_stream — {"Key": "foo", "Value": "bar"}, HasMoreTags false
  it("AddTagsToStream then ListTagsForStream", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "tagged", ShardCount: 1 }));
    await h.client.send(new AddTagsToStreamCommand({ StreamName: "tagged", Tags: { foo: "bar" } }));
    const out = await h.client.send(new ListTagsForStreamCommand({ StreamName: "tagged" }));
    expect(out.Tags?.[0]).toEqual({ Key: "foo", Value: "bar" });
    expect(out.HasMoreTags).toBe(false);
  });

  // ::test_record_lifecycle_data_integrity — empty, 1000-byte, ASCII and multi-byte UTF-8 data come back byte for byte
  it("records keep their data byte for byte, the empty blob included", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "integrity", ShardCount: 1 }));
    const iterator = await firstShardIterator("integrity", "AT_SEQUENCE_NUMBER");
    const data = ["test", "ünicödé 统一码 💣💻🔥", "a".repeat(1000), ""];
    for (const d of data) await h.client.send(new PutRecordCommand({ StreamName: "integrity", Data: new TextEncoder().encode(d), PartitionKey: "1" }));
    const records = (await h.client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records ?? [];
    expect(records.map((r) => text(r.Data))).toEqual(data);
    for (const r of records) {
      expect(r.PartitionKey).toBe("1");
      expect(r.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
      expect(r.SequenceNumber).toMatch(/^\d+$/);
    }
  });

  // ::test_get_records_next_shard_iterator — each GetRecords hands out a new iterator, even with no records
  it("GetRecords answers a NextShardIterator unlike the one it read", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "next-iter", ShardCount: 1 }));
    const first = await firstShardIterator("next-iter", "LATEST");
    const a = (await h.client.send(new GetRecordsCommand({ ShardIterator: first }))).NextShardIterator as string;
    expect(a).not.toBe(first);
    const b = (await h.client.send(new GetRecordsCommand({ ShardIterator: a }))).NextShardIterator as string;
    expect(b).not.toBe(first);
    expect(b).not.toBe(a);
  });

  // ::test_get_records_shard_iterator_with_surrounding_quotes — AWS reads an iterator wrapped in double quotes
  it("GetRecords takes a shard iterator wrapped in double quotes", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "quoted", ShardCount: 1 }));
    await h.client.send(new PutRecordsCommand({ StreamName: "quoted", Records: [{ Data: new TextEncoder().encode("Hello world"), PartitionKey: "1" }] }));
    const iterator = await firstShardIterator("quoted", "TRIM_HORIZON");
    const out = await h.client.send(new GetRecordsCommand({ ShardIterator: `"${iterator}"` }));
    expect(out.Records?.map((r) => text(r.Data))).toEqual(["Hello world"]);
  });
});
