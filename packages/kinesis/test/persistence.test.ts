import {
  CreateStreamCommand, DeregisterStreamConsumerCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, ListStreamConsumersCommand, PutRecordsCommand, RegisterStreamConsumerCommand,
  SplitShardCommand,
} from "@aws-sdk/client-kinesis";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NOW, startKinesis, text } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "kinesis-persist-"));
const copy = mkdtempSync(join(tmpdir(), "kinesis-crash-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
});

describe("persistence", () => {
  it("keeps streams, shards and every acknowledged record across a restart", async () => {
    const clock = new VirtualClock(NOW);
    let store = new FileStore({ dir, clock });
    let h = await startKinesis({ store, clock });
    await h.client.send(new CreateStreamCommand({ StreamName: "kept", ShardCount: 1 }));
    const put = await h.client.send(new PutRecordsCommand({ StreamName: "kept", Records: ["a", "b", "c"].map((v) => ({ PartitionKey: v, Data: Buffer.from(v) })) }));
    await h.client.send(new SplitShardCommand({ StreamName: "kept", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "170141183460469231731687303715884105728" }));
    // A crash right after the acknowledgements: the directory as it is now (journal, no compaction), without the lock.
    cpSync(dir, copy, { recursive: true, filter: (path) => !path.endsWith("sandbox.lock") });
    await h.close();
    await store.close();
    store = new FileStore({ dir: copy, clock });
    h = await startKinesis({ store, clock });
    const shards = await h.client.send(new ListShardsCommand({ StreamName: "kept" }));
    expect(shards.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    const it = await h.client.send(new GetShardIteratorCommand({ StreamName: "kept", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const got = await h.client.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
    expect(got.Records?.map((r) => text(r.Data))).toEqual(["a", "b", "c"]);
    expect(got.Records?.map((r) => r.SequenceNumber)).toEqual(put.Records?.map((r) => r.SequenceNumber));
    await h.close();
    await store.close();
  });

  it("keeps enhanced fan-out consumers, and a deregistration, across a restart", async () => {
    const clock = new VirtualClock(NOW);
    const consumers = mkdtempSync(join(tmpdir(), "kinesis-consumers-"));
    try {
      let store = new FileStore({ dir: consumers, clock });
      let h = await startKinesis({ store, clock });
      await h.client.send(new CreateStreamCommand({ StreamName: "watched", ShardCount: 1 }));
      const streamArn = `arn:aws:kinesis:us-east-1:000000000000:stream/watched`;
      const kept = await h.client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "kept" }));
      await h.client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "dropped" }));
      await h.client.send(new DeregisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "dropped" }));
      await h.close();
      await store.close();
      store = new FileStore({ dir: consumers, clock });
      h = await startKinesis({ store, clock });
      await clock.advance(5_000);
      const list = await h.client.send(new ListStreamConsumersCommand({ StreamARN: streamArn }));
      expect(list.Consumers?.map((c) => [c.ConsumerARN, c.ConsumerStatus])).toEqual([[kept.Consumer?.ConsumerARN, "ACTIVE"]]);
      await h.close();
      await store.close();
    } finally {
      rmSync(consumers, { recursive: true, force: true });
    }
  });
});
