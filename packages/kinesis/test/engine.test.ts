import { MemoryStore, VirtualClock } from "@sam-sandbox/core";
import { describe, expect, it } from "vitest";
import { KinesisEngine } from "../src/engine/engine.js";
import { compareSequence, evenRanges, hashKeyOf, parseSequenceNumber, sequenceNumber, shardIndexOf } from "../src/engine/keys.js";
import { kinesisCodec } from "../src/engine/state.js";
import { ACCOUNT, NOW, REGION } from "./helpers.js";

async function engine(clock = new VirtualClock(NOW)) {
  const durable = await new MemoryStore().open("kinesis", kinesisCodec);
  return { e: new KinesisEngine({ durable, clock, region: REGION, accountId: ACCOUNT }), clock };
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("hash keys", () => {
  it("hashes a partition key with MD5 into a 128-bit integer", () => {
    // md5("a") = 0cc175b9c0f1b6a831c399e269772661
    expect(hashKeyOf("a")).toBe(BigInt("0x0cc175b9c0f1b6a831c399e269772661"));
  });

  it("splits the key space as CreateStream does, the last shard ending at 2^128 - 1", () => {
    const three = evenRanges(3).map((r) => [r.start.toString(), r.end.toString()]);
    expect(three).toEqual([
      ["0", "113427455640312821154458202477256070484"],
      ["113427455640312821154458202477256070485", "226854911280625642308916404954512140969"],
      ["226854911280625642308916404954512140970", "340282366920938463463374607431768211455"],
    ]);
  });

  it("reads shard ids as Kinesis does (the number counts)", () => {
    expect(shardIndexOf("shardId-000000000003")).toBe(3);
    expect(shardIndexOf("shardId-3")).toBe(3);
    expect(shardIndexOf("3")).toBe(3);
    expect(shardIndexOf("shard")).toBeUndefined();
  });
});

describe("sequence numbers", () => {
  it("are 56 decimal digits that decode to their shard, index and time", () => {
    const seq = sequenceNumber({ shardCreated: NOW / 1000, index: 7n, time: NOW / 1000 + 5, shardIndex: 2 });
    expect(seq).toMatch(/^\d{56}$/);
    expect(parseSequenceNumber(seq)).toEqual({ shardCreated: NOW / 1000, index: 7n, time: NOW / 1000 + 5, shardIndex: 2 });
    expect(parseSequenceNumber("12345")).toBeUndefined();
  });

  it("increase with the record's index in the shard, whatever its arrival time", () => {
    const a = sequenceNumber({ shardCreated: 1, index: 1n, time: 900, shardIndex: 0 });
    const b = sequenceNumber({ shardCreated: 1, index: 2n, time: 100, shardIndex: 0 });
    expect(compareSequence(a, b)).toBe(-1);
  });
});

describe("KinesisEngine", () => {
  it("puts records into the shard whose range holds the partition key's hash", async () => {
    const { e } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 4 });
    for (const key of ["a", "b", "c", "d", "e", "f"]) {
      const put = await e.putRecord({ StreamName: "s", PartitionKey: key, Data: b64(key) });
      const shard = evenRanges(4).findIndex((r) => r.start <= hashKeyOf(key) && hashKeyOf(key) <= r.end);
      expect(put.ShardId).toBe(`shardId-00000000000${shard}`);
    }
  });

  it("ExplicitHashKey overrides the partition key, and must be below 2^128", async () => {
    const { e } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 2 });
    expect((await e.putRecord({ StreamName: "s", PartitionKey: "a", Data: "", ExplicitHashKey: "340282366920938463463374607431768211455" })).ShardId).toBe("shardId-000000000001");
    await expect(e.putRecord({ StreamName: "s", PartitionKey: "a", Data: "", ExplicitHashKey: "340282366920938463463374607431768211456" })).rejects.toThrow(
      "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456",
    );
  });

  it("an on-demand stream has 4 shards", async () => {
    const { e } = await engine();
    await e.createStream({ StreamName: "od", StreamModeDetails: { StreamMode: "ON_DEMAND" } });
    const summary = e.describeStreamSummary({ StreamName: "od" }).StreamDescriptionSummary;
    expect(summary).toMatchObject({ OpenShardCount: 4, StreamModeDetails: { StreamMode: "ON_DEMAND" }, StreamStatus: "ACTIVE" });
  });

  it("trims records older than the retention period, read through the Clock", async () => {
    const { e, clock } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 1 });
    await e.putRecord({ StreamName: "s", PartitionKey: "k", Data: b64("old") });
    await clock.advance(23 * 3_600_000);
    await e.putRecord({ StreamName: "s", PartitionKey: "k", Data: b64("new") });
    await clock.advance(2 * 3_600_000);
    const { ShardIterator } = e.getShardIterator({ StreamName: "s", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" });
    const got = e.getRecords({ ShardIterator });
    expect(got.Records.map((r) => Buffer.from(r.Data, "base64").toString())).toEqual(["new"]);
  });

  it("a decreased retention period trims at once; an increased one keeps more", async () => {
    const { e, clock } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 1 });
    await e.increaseStreamRetentionPeriod({ StreamName: "s", RetentionPeriodHours: 48 });
    await e.putRecord({ StreamName: "s", PartitionKey: "k", Data: b64("x") });
    await clock.advance(30 * 3_600_000);
    const read = () => e.getRecords({ ShardIterator: e.getShardIterator({ StreamName: "s", ShardId: "0", ShardIteratorType: "TRIM_HORIZON" }).ShardIterator }).Records.length;
    expect(read()).toBe(1);
    await e.decreaseStreamRetentionPeriod({ StreamName: "s", RetentionPeriodHours: 24 });
    expect(read()).toBe(0);
  });

  it("shard iterators expire after 5 minutes", async () => {
    const { e, clock } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 1 });
    const { ShardIterator } = e.getShardIterator({ StreamName: "s", ShardId: "shardId-000000000000", ShardIteratorType: "LATEST" });
    await clock.advance(300_001);
    expect(() => e.getRecords({ ShardIterator })).toThrow(
      "Iterator expired. The iterator was created at time Wed Nov 25 12:00:00 UTC 2026 while right now it is Wed Nov 25 12:05:00 UTC 2026 which is further in the future than the tolerated delay of 300000 milliseconds.",
    );
  });

  it("a made-up iterator is refused", async () => {
    const { e } = await engine();
    expect(() => e.getRecords({ ShardIterator: "AAAAAAAAAAEzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" })).toThrow("Invalid ShardIterator.");
  });

  it("SplitShard closes the parent and opens two children covering its range; MergeShards joins adjacent shards", async () => {
    const { e } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 1 });
    await e.splitShard({ StreamName: "s", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "170141183460469231731687303715884105728" });
    let shards = e.listShards({ StreamName: "s" }).Shards as Array<Record<string, unknown>>;
    expect(shards.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    expect(shards[0]).toHaveProperty("SequenceNumberRange.EndingSequenceNumber");
    expect(shards[1]).toMatchObject({ ParentShardId: "shardId-000000000000", HashKeyRange: { StartingHashKey: "0", EndingHashKey: "170141183460469231731687303715884105727" } });
    await e.mergeShards({ StreamName: "s", ShardToMerge: "shardId-000000000001", AdjacentShardToMerge: "shardId-000000000002" });
    shards = e.listShards({ StreamName: "s", ShardFilter: { Type: "AT_LATEST" } }).Shards as Array<Record<string, unknown>>;
    expect(shards).toEqual([
      expect.objectContaining({ ShardId: "shardId-000000000003", ParentShardId: "shardId-000000000001", AdjacentParentShardId: "shardId-000000000002" }),
    ]);
  });

  it("a closed shard read to its end gives no next iterator but its children", async () => {
    const { e } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 1 });
    await e.putRecord({ StreamName: "s", PartitionKey: "k", Data: b64("before") });
    await e.updateShardCount({ StreamName: "s", TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" });
    const it0 = e.getShardIterator({ StreamName: "s", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }).ShardIterator;
    const got = e.getRecords({ ShardIterator: it0 });
    expect(got.Records).toHaveLength(1);
    expect(got.NextShardIterator).toBeUndefined();
    expect(got.ChildShards?.map((c) => c.ShardId)).toEqual(["shardId-000000000001", "shardId-000000000002"]);
    const put = await e.putRecord({ StreamName: "s", PartitionKey: "k", Data: b64("after") });
    expect(["shardId-000000000001", "shardId-000000000002"]).toContain(put.ShardId);
  });

  it("UpdateShardCount refuses more than double the open shards (kinesalite's recorded text)", async () => {
    const { e } = await engine();
    await e.createStream({ StreamName: "s", ShardCount: 1 });
    await expect(e.updateShardCount({ StreamName: "s", TargetShardCount: 3, ScalingType: "UNIFORM_SCALING" })).rejects.toThrow(
      "UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 1, Target shard count: 3",
    );
  });

  it("counts every stream's open shards against the account's shard limit", async () => {
    const { e } = await engine();
    await e.createStream({ StreamName: "big", ShardCount: 499 });
    await expect(e.createStream({ StreamName: "more", ShardCount: 2 })).rejects.toMatchObject({
      code: "LimitExceededException",
      message: expect.stringContaining("Current shard count for the account: 499. Limit: 500. Number of additional shards that would have resulted from this request: 2."),
    });
  });
});
