/**
 * Kinesis behaviour as moto's tests assert it of AWS (getmoto/moto tests/test_kinesis/test_kinesis.py:
 * error codes and texts moto copies from AWS), replayed through the AWS SDK v3 client.
 */
import {
  AddTagsToStreamCommand, CreateStreamCommand, DecreaseStreamRetentionPeriodCommand, DeleteStreamCommand, DescribeStreamCommand, DescribeStreamSummaryCommand,
  GetShardIteratorCommand, IncreaseStreamRetentionPeriodCommand, ListShardsCommand, ListStreamsCommand, ListTagsForStreamCommand, MergeShardsCommand,
  PutRecordsCommand, RemoveTagsFromStreamCommand, SplitShardCommand, UpdateShardCountCommand, UpdateStreamModeCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startKinesis, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startKinesis();
});
afterAll(() => h.close());

const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as { name: string; message: string } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return `${error.name}: ${error.message}`;
};

describe("moto test_kinesis.py", () => {
  // ::test_stream_creation_on_demand — four shards; UpdateShardCount refused in On-Demand mode
  // ::test_update_stream_mode — back to PROVISIONED by StreamARN
  it("an ON_DEMAND stream has four shards, refuses UpdateShardCount, and changes mode", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "od_stream", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
    expect((await h.client.send(new ListShardsCommand({ StreamName: "od_stream" }))).Shards).toHaveLength(4);
    expect(await failure(h.client.send(new UpdateShardCountCommand({ StreamName: "od_stream", TargetShardCount: 3, ScalingType: "UNIFORM_SCALING" })))).toBe(
      `ValidationException: Request is invalid. Stream od_stream under account ${ACCOUNT} is in On-Demand mode.`,
    );
    const arn = (await h.client.send(new DescribeStreamCommand({ StreamName: "od_stream" }))).StreamDescription?.StreamARN;
    await h.client.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: "PROVISIONED" } }));
    expect((await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "od_stream" }))).StreamDescriptionSummary?.StreamModeDetails).toEqual({ StreamMode: "PROVISIONED" });
  });

  // ::test_describe_non_existent_stream_boto3, ::test_delete_unknown_stream
  it("an unknown stream: ResourceNotFoundException naming the stream and the account", async () => {
    const text = `ResourceNotFoundException: Stream not-a-stream under account ${ACCOUNT} not found.`;
    expect(await failure(h.client.send(new DescribeStreamSummaryCommand({ StreamName: "not-a-stream" })))).toBe(text);
    expect(await failure(h.client.send(new DeleteStreamCommand({ StreamName: "not-a-stream" })))).toBe(text);
  });

  // ::test_list_many_streams — a page by default, HasMoreStreams, ExclusiveStartStreamName. moto
  // asserts ten, AWS's old default; the API reference now says 100.
  it("ListStreams answers 100 names by default and HasMoreStreams", async () => {
    const client = (await startKinesis());
    try {
      for (let i = 0; i < 101; i++) await client.client.send(new CreateStreamCommand({ StreamName: `stream${i}`, ShardCount: 1 }));
      const first = await client.client.send(new ListStreamsCommand({}));
      expect(first.StreamNames).toHaveLength(100);
      expect(first.HasMoreStreams).toBe(true);
      const second = await client.client.send(new ListStreamsCommand({ ExclusiveStartStreamName: first.StreamNames?.at(-1) }));
      expect(second.StreamNames).toHaveLength(1);
      expect(second.HasMoreStreams).toBe(false);
    } finally {
      await client.close();
    }
  });

  // ::test_describe_stream_summary — OpenShardCount, ARN stream/<name>, ACTIVE
  it("DescribeStreamSummary", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "my_stream_summary", ShardCount: 5 }));
    expect((await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "my_stream_summary" }))).StreamDescriptionSummary).toMatchObject({
      StreamName: "my_stream_summary", OpenShardCount: 5, StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/my_stream_summary`, StreamStatus: "ACTIVE",
    });
  });

  // ::test_get_invalid_shard_iterator_boto3 — '123' is read as shardId-000000000123, which AWS names
  it("GetShardIterator of a shard the stream lacks", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "mystream", ShardCount: 1 }));
    expect(await failure(h.client.send(new GetShardIteratorCommand({ StreamName: "mystream", ShardId: "123", ShardIteratorType: "TRIM_HORIZON" })))).toBe(
      `ResourceNotFoundException: Shard shardId-000000000123 in stream mystream under account ${ACCOUNT} does not exist`,
    );
  });

  // ::test_*_stream_retention_period* — bounds and direction with AWS's texts
  it("retention period changes and refusals", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "retention", ShardCount: 1 }));
    const increase = (hours: number) => h.client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "retention", RetentionPeriodHours: hours }));
    const decrease = (hours: number) => h.client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: "retention", RetentionPeriodHours: hours }));
    expect(await failure(decrease(40))).toBe(
      "InvalidArgumentException: Requested retention period (40 hours) for stream retention can not be longer than existing retention period (24 hours). Use IncreaseRetentionPeriod API.",
    );
    expect(await failure(increase(20))).toBe("InvalidArgumentException: Minimum allowed retention period is 24 hours. Requested retention period (20 hours) is too short.");
    expect(await failure(increase(9999))).toBe("InvalidArgumentException: Maximum allowed retention period is 8760 hours. Requested retention period (9999 hours) is too long.");
    expect(await failure(decrease(4))).toBe("InvalidArgumentException: Minimum allowed retention period is 24 hours. Requested retention period (4 hours) is too short.");
    expect(await failure(decrease(9999))).toBe("InvalidArgumentException: Maximum allowed retention period is 8760 hours. Requested retention period (9999 hours) is too long.");
    await increase(30);
    expect(await failure(increase(25))).toBe(
      "InvalidArgumentException: Requested retention period (25 hours) for stream retention can not be shorter than existing retention period (30 hours). Use DecreaseRetentionPeriod API.",
    );
    await decrease(25);
    expect((await h.client.send(new DescribeStreamCommand({ StreamName: "retention" }))).StreamDescription?.RetentionPeriodHours).toBe(25);
  });

  // ::test_add_list_remove_tags_boto3
  it("AddTagsToStream, ListTagsForStream, RemoveTagsFromStream", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "tags_stream", ShardCount: 1 }));
    await h.client.send(new AddTagsToStreamCommand({ StreamName: "tags_stream", Tags: { tag1: "val1", tag2: "val2", tag3: "val3", tag4: "val4" } }));
    expect((await h.client.send(new ListTagsForStreamCommand({ StreamName: "tags_stream" }))).Tags).toHaveLength(4);
    await h.client.send(new AddTagsToStreamCommand({ StreamName: "tags_stream", Tags: { tag5: "val5" } }));
    await h.client.send(new RemoveTagsFromStreamCommand({ StreamName: "tags_stream", TagKeys: ["tag2", "tag3"] }));
    const tags = (await h.client.send(new ListTagsForStreamCommand({ StreamName: "tags_stream" }))).Tags ?? [];
    expect([...tags].sort((a, b) => String(a.Key).localeCompare(String(b.Key)))).toEqual([{ Key: "tag1", Value: "val1" }, { Key: "tag4", Value: "val4" }, { Key: "tag5", Value: "val5" }]);
  });

  // ::test_merge_shards_boto3 — parents closed, children open with their parents named
  it("MergeShards twice", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "merge_stream", ShardCount: 4 }));
    await h.client.send(new MergeShardsCommand({ StreamName: "merge_stream", ShardToMerge: "shardId-000000000000", AdjacentShardToMerge: "shardId-000000000001" }));
    let shards = (await h.client.send(new DescribeStreamCommand({ StreamName: "merge_stream" }))).StreamDescription?.Shards ?? [];
    expect(shards).toHaveLength(5);
    expect(shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined)).toHaveLength(3);
    await h.client.send(new MergeShardsCommand({ StreamName: "merge_stream", ShardToMerge: "shardId-000000000004", AdjacentShardToMerge: "shardId-000000000002" }));
    shards = (await h.client.send(new DescribeStreamCommand({ StreamName: "merge_stream" }))).StreamDescription?.Shards ?? [];
    const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined).map(({ ShardId, ParentShardId, AdjacentParentShardId }) => ({ ShardId, ParentShardId, AdjacentParentShardId }));
    expect(open).toEqual([
      { ShardId: "shardId-000000000003", ParentShardId: undefined, AdjacentParentShardId: undefined },
      { ShardId: "shardId-000000000005", ParentShardId: "shardId-000000000004", AdjacentParentShardId: "shardId-000000000002" },
    ]);
  });

  // test_kinesis_boto3.py::test_update_shard_count[initial-target-total] — "These numbers have been verified against AWS".
  // (10 → 3 is left out: below half the open shards, which the API reference's default limits refuse.)
  it.each([[2, 4, 6], [4, 5, 15], [10, 13, 37], [4, 2, 6], [5, 3, 7]])("UpdateShardCount %i → %i leaves %i shards, the target open", async (initial, target, total) => {
    const name = `resize-${initial}-${target}`;
    await h.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: initial }));
    const out = await h.client.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: target, ScalingType: "UNIFORM_SCALING" }));
    expect(out).toMatchObject({ StreamName: name, CurrentShardCount: initial, TargetShardCount: target });
    const stream = (await h.client.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription;
    expect(stream?.StreamStatus).toBe("ACTIVE");
    expect(stream?.Shards).toHaveLength(total);
    const openShards = (stream?.Shards ?? []).filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
    expect(openShards).toHaveLength(target);
    // The open shards cover the whole hash key space, end to end.
    const ranges = openShards.map((s) => [BigInt(s.HashKeyRange?.StartingHashKey ?? "-1"), BigInt(s.HashKeyRange?.EndingHashKey ?? "-1")] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(ranges[0]?.[0]).toBe(0n);
    expect(ranges.at(-1)?.[1]).toBe(2n ** 128n - 1n);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[0]).toBe((ranges[i - 1]?.[1] ?? 0n) + 1n);
    expect((await h.client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.OpenShardCount).toBe(target);
  });

  // test_kinesis_boto3.py::test_split_shard_with_unknown_name, ::test_split_shard_hashkey_out_of_bounds, ::test_split_shard_that_was_split_before
  it("SplitShard refusals", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "my-stream", ShardCount: 2 }));
    const split = (ShardToSplit: string, NewStartingHashKey: string) => failure(h.client.send(new SplitShardCommand({ StreamName: "my-stream", ShardToSplit, NewStartingHashKey })));
    expect(await split("unknown", "170141183460469231731687303715884105728")).toBe(`ResourceNotFoundException: Could not find shard unknown in stream my-stream under account ${ACCOUNT}.`);
    expect(await split("shardId-000000000001", "170141183460469231731687303715884000000")).toBe(
      `InvalidArgumentException: NewStartingHashKey 170141183460469231731687303715884000000 used in SplitShard() on shard shardId-000000000001 in stream my-stream under account ${ACCOUNT} is not both greater than one plus the shard's StartingHashKey 170141183460469231731687303715884105728 and less than the shard's EndingHashKey 340282366920938463463374607431768211455.`,
    );
    await h.client.send(new SplitShardCommand({ StreamName: "my-stream", ShardToSplit: "shardId-000000000001", NewStartingHashKey: "170141183460469231731687303715884105829" }));
    expect(await split("shardId-000000000001", "170141183460469231731687303715884105829")).toBe(
      `InvalidArgumentException: Shard shardId-000000000001 in stream my-stream under account ${ACCOUNT} has already been merged or split, and thus is not eligible for merging or splitting.`,
    );
  });

  // test_kinesis_stream_limits.py — a record's data up to 1 MiB, 5 MiB a request with the partition keys, 500 records
  it("PutRecords limits", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "limits_stream", ShardCount: 1 }));
    const MB = 2 ** 20;
    const put = (records: Array<{ size: number; key?: string }>) =>
      h.client.send(new PutRecordsCommand({ StreamName: "limits_stream", Records: records.map((r) => ({ Data: new Uint8Array(r.size).fill(97), PartitionKey: r.key ?? "key" })) }));
    // moto leaves the value out of the text; AWS names the Java buffer it read the blob into (as
    // LocalStack and Kinesis users report it: records.ts). moto's refusal of data and key together
    // past 1 MiB, in the data's words, is its own: the data is within its bound.
    expect(await failure(put([{ size: MB + 1 }]))).toBe(
      "ValidationException: 1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    );
    await put([{ size: MB - 3 }]);
    await put([{ size: MB - 4 }]);
    expect(await failure(put(Array.from({ length: 5 }, () => ({ size: MB }))))).toBe("InvalidArgumentException: Records size exceeds 5 MB limit");
    await put(Array.from({ length: 5 }, () => ({ size: MB - 3 })));
    // moto leaves the value out; the sandbox prints the list as AWS's Java validation does.
    expect(await failure(put(Array.from({ length: 501 }, () => ({ size: 1 }))))).toMatch(
      /^ValidationException: 1 validation error detected: Value '\[PutRecordsRequestEntry\(.*\)\]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/,
    );
  });
});
