import {
  AddTagsToStreamCommand, CreateStreamCommand, DeleteResourcePolicyCommand, DescribeAccountSettingsCommand, DisableEnhancedMonitoringCommand, EnableEnhancedMonitoringCommand, GetResourcePolicyCommand, DeleteStreamCommand, DescribeStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand, ListShardsCommand, PutResourcePolicyCommand, RegisterStreamConsumerCommand, ListStreamsCommand, ListTagsForResourceCommand, ListTagsForStreamCommand, PutRecordCommand, PutRecordsCommand,
  RemoveTagsFromStreamCommand, StartStreamEncryptionCommand, StopStreamEncryptionCommand, TagResourceCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startKinesis, text, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startKinesis();
});
afterAll(() => h.close());

const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as { name: string; message: string; $metadata: { httpStatusCode: number } } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
};

async function iterator(stream: string, shardId: string, type: "TRIM_HORIZON" | "LATEST" | "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "AT_TIMESTAMP", extra: { StartingSequenceNumber?: string; Timestamp?: Date } = {}) {
  const out = await h.client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: type, ...extra }));
  return out.ShardIterator as string;
}
async function read(shardIterator: string, limit?: number) {
  return h.client.send(new GetRecordsCommand({ ShardIterator: shardIterator, ...(limit ? { Limit: limit } : {}) }));
}

describe("streams", () => {
  it("CreateStream, DescribeStream, DescribeStreamSummary, ListStreams, DeleteStream", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "life", ShardCount: 3, Tags: { team: "a" } }));
    const d = (await h.client.send(new DescribeStreamCommand({ StreamName: "life" }))).StreamDescription;
    expect(d).toMatchObject({
      StreamName: "life",
      StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/life`,
      StreamStatus: "ACTIVE",
      RetentionPeriodHours: 24,
      HasMoreShards: false,
      EncryptionType: "NONE",
      StreamModeDetails: { StreamMode: "PROVISIONED" },
    });
    expect(d?.StreamCreationTimestamp).toBeInstanceOf(Date);
    expect(d?.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"]);
    const summary = (await h.client.send(new DescribeStreamSummaryCommand({ StreamARN: d?.StreamARN }))).StreamDescriptionSummary;
    expect(summary).toMatchObject({ StreamName: "life", OpenShardCount: 3, ConsumerCount: 0 });
    const list = await h.client.send(new ListStreamsCommand({}));
    expect(list.StreamNames).toContain("life");
    expect(list.StreamSummaries?.find((s) => s.StreamName === "life")).toMatchObject({ StreamStatus: "ACTIVE", StreamARN: d?.StreamARN });
    expect(await failure(h.client.send(new CreateStreamCommand({ StreamName: "life", ShardCount: 1 })))).toEqual({
      name: "ResourceInUseException", message: `Stream life under account ${ACCOUNT} already exists.`, status: 400,
    });
    await h.client.send(new DeleteStreamCommand({ StreamName: "life" }));
    expect(await failure(h.client.send(new DescribeStreamCommand({ StreamName: "life" })))).toEqual({
      name: "ResourceNotFoundException", message: `Stream life under account ${ACCOUNT} not found.`, status: 400,
    });
  });

  it("ListStreams pages with Limit and NextToken", async () => {
    for (const name of ["page-a", "page-b", "page-c"]) await h.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    const first = await h.client.send(new ListStreamsCommand({ Limit: 2, ExclusiveStartStreamName: "page" }));
    expect(first).toMatchObject({ StreamNames: ["page-a", "page-b"], HasMoreStreams: true });
    const second = await h.client.send(new ListStreamsCommand({ NextToken: first.NextToken, Limit: 2 }));
    expect(second.StreamNames?.[0]).toBe("page-c");
  });

  it("refuses a bad stream name with the model's ValidationException", async () => {
    expect(await failure(h.client.send(new DescribeStreamCommand({ StreamName: "bad name!" })))).toEqual({
      name: "ValidationException",
      message: "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      status: 400,
    });
  });

  it("ListShards pages by NextToken, and refuses StreamName with NextToken", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "many", ShardCount: 5 }));
    const first = await h.client.send(new ListShardsCommand({ StreamName: "many", MaxResults: 2 }));
    expect(first.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000000", "shardId-000000000001"]);
    const rest = await h.client.send(new ListShardsCommand({ NextToken: first.NextToken }));
    expect(rest.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002", "shardId-000000000003", "shardId-000000000004"]);
    expect(rest.NextToken).toBeUndefined();
    expect(await failure(h.client.send(new ListShardsCommand({ StreamName: "many", NextToken: first.NextToken })))).toEqual({
      name: "InvalidArgumentException", message: "NextToken and StreamName cannot be provided together.", status: 400,
    });
    const after = await h.client.send(new ListShardsCommand({ StreamName: "many", ShardFilter: { Type: "AFTER_SHARD_ID", ShardId: "shardId-000000000003" } }));
    expect(after.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000004"]);
  });

  it("ListShards refuses a NextToken it did not hand out, whatever filter the token carries", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "tokens", ShardCount: 2 }));
    for (const filter of [{ Type: "NO_SUCH_TYPE" }, "AT_LATEST", null, { Type: "AT_TIMESTAMP", Timestamp: "soon" }, { Type: "AFTER_SHARD_ID", ShardId: 7 }]) {
      const NextToken = Buffer.from(JSON.stringify({ stream: "tokens", after: -1, filter })).toString("base64");
      expect(await failure(h.client.send(new ListShardsCommand({ NextToken })))).toEqual({ name: "InvalidArgumentException", message: "NextToken is improperly formatted", status: 400 });
    }
  });

  it("tags by stream and by resource ARN", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "tagged", ShardCount: 1 }));
    await h.client.send(new AddTagsToStreamCommand({ StreamName: "tagged", Tags: { b: "2", a: "1" } }));
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/tagged`;
    await h.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: { c: "3" } }));
    await h.client.send(new RemoveTagsFromStreamCommand({ StreamName: "tagged", TagKeys: ["b"] }));
    expect(await h.client.send(new ListTagsForStreamCommand({ StreamName: "tagged" }))).toMatchObject({ Tags: [{ Key: "a", Value: "1" }, { Key: "c", Value: "3" }], HasMoreTags: false });
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: "a", Value: "1" }, { Key: "c", Value: "3" }]);
  });

  it("retention: checked bounds and direction, with AWS's texts", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "kept", ShardCount: 1 }));
    expect(await failure(h.client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "kept", RetentionPeriodHours: 20 })))).toMatchObject({
      name: "InvalidArgumentException", message: "Minimum allowed retention period is 24 hours. Requested retention period (20 hours) is too short.",
    });
    await h.client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "kept", RetentionPeriodHours: 72 }));
    expect(await failure(h.client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: "kept", RetentionPeriodHours: 48 })))).toMatchObject({
      message: "Requested retention period (48 hours) for stream kept can not be shorter than existing retention period (72 hours). Use DecreaseRetentionPeriod API.",
    });
    expect((await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "kept" }))).StreamDescriptionSummary?.RetentionPeriodHours).toBe(72);
  });

  it("encryption settings are stored and reported", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "secret", ShardCount: 1 }));
    await h.client.send(new StartStreamEncryptionCommand({ StreamName: "secret", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
    expect((await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "secret" }))).StreamDescriptionSummary).toMatchObject({ EncryptionType: "KMS", KeyId: "alias/aws/kinesis" });
    const put = await h.client.send(new PutRecordCommand({ StreamName: "secret", PartitionKey: "k", Data: Buffer.from("x") }));
    expect(put.EncryptionType).toBe("KMS");
    await h.client.send(new StopStreamEncryptionCommand({ StreamName: "secret", EncryptionType: "KMS", KeyId: "alias/aws/kinesis" }));
    expect((await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "secret" }))).StreamDescriptionSummary?.EncryptionType).toBe("NONE");
  });
});

describe("records", () => {
  beforeAll(async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "data", ShardCount: 2 }));
  });

  it("PutRecords spreads records across shards by partition key; each shard reads them back in order", async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    const out = await h.client.send(new PutRecordsCommand({ StreamName: "data", Records: keys.map((k) => ({ PartitionKey: k, Data: Buffer.from(`v-${k}`) })) }));
    expect(out.FailedRecordCount).toBe(0);
    expect(out.Records).toHaveLength(20);
    const shards = new Set(out.Records?.map((r) => r.ShardId));
    expect(shards.size).toBe(2);
    for (const shardId of shards) {
      const got = await read(await iterator("data", shardId as string, "TRIM_HORIZON"));
      const expected = out.Records?.map((r, i) => ({ r, k: keys[i] })).filter((x) => x.r.ShardId === shardId).map((x) => `v-${x.k}`);
      expect(got.Records?.map((r) => text(r.Data))).toEqual(expected);
      const seqs = got.Records?.map((r) => r.SequenceNumber as string) ?? [];
      expect(seqs.every((s) => /^\d{56}$/.test(s))).toBe(true);
      expect([...seqs].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))).toEqual(seqs);
      expect(got.Records?.[0]?.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    }
  });

  it("iterators of every type start where AWS starts them", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "it", ShardCount: 1 }));
    const shard = "shardId-000000000000";
    const latest = await iterator("it", shard, "LATEST");
    const puts = [];
    for (const v of ["one", "two", "three"]) {
      puts.push(await h.client.send(new PutRecordCommand({ StreamName: "it", PartitionKey: "p", Data: Buffer.from(v) })));
      await h.clock.advance(1000);
    }
    const values = async (it: string) => (await read(it)).Records?.map((r) => text(r.Data));
    expect(await values(latest)).toEqual(["one", "two", "three"]);
    expect(await values(await iterator("it", shard, "LATEST"))).toEqual([]);
    expect(await values(await iterator("it", shard, "TRIM_HORIZON"))).toEqual(["one", "two", "three"]);
    expect(await values(await iterator("it", shard, "AT_SEQUENCE_NUMBER", { StartingSequenceNumber: puts[1].SequenceNumber }))).toEqual(["two", "three"]);
    expect(await values(await iterator("it", shard, "AFTER_SEQUENCE_NUMBER", { StartingSequenceNumber: puts[1].SequenceNumber }))).toEqual(["three"]);
    const t = new Date(h.clock.now() - 2000);
    expect(await values(await iterator("it", shard, "AT_TIMESTAMP", { Timestamp: t }))).toEqual(["two", "three"]);
  });

  it("GetRecords pages with Limit; NextShardIterator continues; MillisBehindLatest is 0 at the tip", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "paged", ShardCount: 1 }));
    for (let i = 0; i < 5; i++) await h.client.send(new PutRecordCommand({ StreamName: "paged", PartitionKey: "p", Data: Buffer.from(String(i)) }));
    const first = await read(await iterator("paged", "shardId-000000000000", "TRIM_HORIZON"), 3);
    expect(first.Records?.map((r) => text(r.Data))).toEqual(["0", "1", "2"]);
    const second = await read(first.NextShardIterator as string, 3);
    expect(second.Records?.map((r) => text(r.Data))).toEqual(["3", "4"]);
    expect(second.MillisBehindLatest).toBe(0);
    const third = await read(second.NextShardIterator as string);
    expect(third.Records).toEqual([]);
    await h.client.send(new PutRecordCommand({ StreamName: "paged", PartitionKey: "p", Data: Buffer.from("5") }));
    expect((await read(third.NextShardIterator as string)).Records?.map((r) => text(r.Data))).toEqual(["5"]);
  });

  it("iterator errors: wrong shard, sequence number of another shard, missing sequence number, expiry", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "errs", ShardCount: 2 }));
    expect(await failure(h.client.send(new GetShardIteratorCommand({ StreamName: "errs", ShardId: "shardId-000000000009", ShardIteratorType: "LATEST" })))).toEqual({
      name: "ResourceNotFoundException", message: `Shard shardId-000000000009 in stream errs under account ${ACCOUNT} does not exist`, status: 400,
    });
    const put = await h.client.send(new PutRecordCommand({ StreamName: "errs", PartitionKey: "p", Data: Buffer.from("x"), ExplicitHashKey: "0" }));
    expect(put.ShardId).toBe("shardId-000000000000");
    expect(await failure(h.client.send(new GetShardIteratorCommand({ StreamName: "errs", ShardId: "shardId-000000000001", ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: put.SequenceNumber })))).toMatchObject({
      name: "InvalidArgumentException",
      message: "Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with shardId-000000000001",
    });
    expect(await failure(h.client.send(new GetShardIteratorCommand({ StreamName: "errs", ShardId: "shardId-000000000000", ShardIteratorType: "AT_SEQUENCE_NUMBER" })))).toMatchObject({
      name: "InvalidArgumentException",
      message: "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.",
    });
    expect(await failure(h.client.send(new GetShardIteratorCommand({ StreamName: "errs", ShardId: "shardId-000000000000", ShardIteratorType: "AT_TIMESTAMP" })))).toMatchObject({
      message: "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.",
    });
    const it = await iterator("errs", "shardId-000000000000", "TRIM_HORIZON");
    await h.clock.advance(5 * 60_000 + 1);
    expect(await failure(read(it))).toMatchObject({ name: "ExpiredIteratorException", status: 400 });
    expect(await failure(read("bm90LWFuLWl0ZXJhdG9y"))).toMatchObject({ name: "InvalidArgumentException", message: "Invalid ShardIterator." });
  });

  it("a data blob over 1 MiB is refused as AWS's validation words it", async () => {
    const big = Buffer.alloc(1_048_577);
    expect(await failure(h.client.send(new PutRecordCommand({ StreamName: "data", PartitionKey: "p", Data: big })))).toEqual({
      name: "ValidationException",
      message: "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576",
      status: 400,
    });
  });

  it("PutRecords over 5 MiB in all (data and partition keys) is refused whole; exactly 5 MiB is taken", async () => {
    const mib = Buffer.alloc(1_048_576 - 1);
    const records = (n: number) => Array.from({ length: n }, () => ({ PartitionKey: "p", Data: mib }));
    // InvalidArgumentException "Records size exceeds 5 MB limit", as AWS answered in snowplow/enrich#685 and aws/amazon-kinesis-streams-for-fluent-bit#21.
    expect(await failure(h.client.send(new PutRecordsCommand({ StreamName: "data", Records: [...records(5), { PartitionKey: "q", Data: Buffer.from("x") }] })))).toEqual({
      name: "InvalidArgumentException", message: "Records size exceeds 5 MB limit", status: 400,
    });
    const out = await h.client.send(new PutRecordsCommand({ StreamName: "data", Records: records(5) }));
    expect(out.FailedRecordCount).toBe(0);
  });

  it("takes StreamARN wherever StreamName is", async () => {
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/data`;
    const put = await h.client.send(new PutRecordCommand({ StreamARN: arn, PartitionKey: "arn", Data: Buffer.from("by-arn") }));
    const it = await h.client.send(new GetShardIteratorCommand({ StreamARN: arn, ShardId: put.ShardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: put.SequenceNumber }));
    const got = await h.client.send(new GetRecordsCommand({ StreamARN: arn, ShardIterator: it.ShardIterator }));
    expect(text(got.Records?.[0]?.Data)).toBe("by-arn");
  });
});

describe("the rest of the API", () => {
  it("enhanced monitoring settings are stored and reported, ALL standing for every metric", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "watched", ShardCount: 1 }));
    const on = await h.client.send(new EnableEnhancedMonitoringCommand({ StreamName: "watched", ShardLevelMetrics: ["IncomingBytes"] }));
    expect(on).toMatchObject({ StreamName: "watched", CurrentShardLevelMetrics: [], DesiredShardLevelMetrics: ["IncomingBytes"] });
    await h.client.send(new EnableEnhancedMonitoringCommand({ StreamName: "watched", ShardLevelMetrics: ["ALL"] }));
    const off = await h.client.send(new DisableEnhancedMonitoringCommand({ StreamName: "watched", ShardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"] }));
    // In AWS's order (the AWS CLI's enable-enhanced-monitoring example).
    expect(off.DesiredShardLevelMetrics).toEqual(["OutgoingRecords", "IncomingRecords", "ReadProvisionedThroughputExceeded", "WriteProvisionedThroughputExceeded", "OutgoingBytes"]);
    const summary = await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "watched" }));
    expect(summary.StreamDescriptionSummary?.EnhancedMonitoring?.[0]?.ShardLevelMetrics).toEqual(off.DesiredShardLevelMetrics);
  });

  it("a CBOR request (the AWS SDK for Java's default) is refused with a message saying how to send JSON", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-cbor-1.1", "x-amz-target": "Kinesis_20131202.ListStreams" },
      body: Buffer.from([0xa0]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: "SerializationException", message: expect.stringContaining("aws.cborEnabled=false") });
  });

  it("an action the sandbox does not run says so", async () => {
    expect(await failure(h.client.send(new DescribeAccountSettingsCommand({})))).toEqual({
      name: "UnknownOperationException", message: "The sandbox does not emulate the Kinesis action DescribeAccountSettings.", status: 400,
    });
  });
});

describe("resource policies", () => {
  const policy = (resource: string) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["kinesis:GetRecords"], Resource: resource }] });

  it("PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy on a stream and on a consumer", async () => {
    await h.client.send(new CreateStreamCommand({ StreamName: "shared", ShardCount: 1 }));
    const streamArn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/shared`;
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceARN: streamArn }))).Policy).toBe("{}");
    await h.client.send(new PutResourcePolicyCommand({ ResourceARN: streamArn, Policy: policy(streamArn) }));
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceARN: streamArn }))).Policy).toBe(policy(streamArn));

    const consumerArn = (await h.client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "partner" }))).Consumer?.ConsumerARN as string;
    await h.client.send(new PutResourcePolicyCommand({ ResourceARN: consumerArn, Policy: policy(consumerArn) }));
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceARN: consumerArn }))).Policy).toBe(policy(consumerArn));
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceARN: streamArn }))).Policy).toBe(policy(streamArn));

    await h.client.send(new DeleteResourcePolicyCommand({ ResourceARN: streamArn }));
    expect((await h.client.send(new GetResourcePolicyCommand({ ResourceARN: streamArn }))).Policy).toBe("{}");
    expect(await failure(h.client.send(new DeleteResourcePolicyCommand({ ResourceARN: streamArn })))).toEqual({
      name: "ResourceNotFoundException", message: `No resource policy found for resource ARN ${streamArn}.`, status: 400,
    });
  });

  it("a policy of a stream that does not exist is refused naming the ARN", async () => {
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/nowhere`;
    expect(await failure(h.client.send(new GetResourcePolicyCommand({ ResourceARN: arn })))).toEqual({
      name: "ResourceNotFoundException", message: `Stream ${arn} under account ${ACCOUNT} not found.`, status: 400,
    });
    expect(await failure(h.client.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy(arn) })))).toMatchObject({ name: "ResourceNotFoundException" });
  });
});
