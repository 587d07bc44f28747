/**
 * The AWS CLI's own Kinesis examples (aws/aws-cli, awscli/examples/kinesis/*.rst: commands and
 * the answers AWS gave them), replayed through the AWS SDK v3 client; the shapes are compared,
 * the author's values (ARNs, sequence numbers, times) are not.
 */
import {
  AddTagsToStreamCommand, CreateStreamCommand, DescribeLimitsCommand, DescribeStreamCommand, DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand, EnableEnhancedMonitoringCommand, ListShardsCommand, ListStreamsCommand, ListTagsForStreamCommand,
  PutRecordsCommand, UpdateShardCountCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCliText, hasAws } from "../../../test/helpers/awscli.js";
import { ACCOUNT, startKinesis, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startKinesis();
  // Created 730 ms past a whole second, so that a creation time answered with its milliseconds shows.
  await h.clock.advance(730);
  await h.client.send(new CreateStreamCommand({ StreamName: "samplestream", ShardCount: 3 }));
});
afterAll(() => h.close());

/** The order AWS lists shard-level metrics in (enable-enhanced-monitoring.rst, disable-enhanced-monitoring.rst). */
const ALL_METRICS = [
  "IncomingBytes", "OutgoingRecords", "IteratorAgeMilliseconds", "IncomingRecords", "ReadProvisionedThroughputExceeded", "WriteProvisionedThroughputExceeded", "OutgoingBytes",
];

describe("awscli/examples/kinesis", () => {
  it("describe-stream.rst: three shards splitting the hash key space, no monitoring, no encryption, a creation time in whole seconds", async () => {
    const { StreamDescription: d } = await h.client.send(new DescribeStreamCommand({ StreamName: "samplestream" }));
    expect(d?.Shards?.map((s) => [s.ShardId, s.HashKeyRange, Object.keys(s.SequenceNumberRange ?? {})])).toEqual([
      ["shardId-000000000000", { StartingHashKey: "0", EndingHashKey: "113427455640312821154458202477256070484" }, ["StartingSequenceNumber"]],
      ["shardId-000000000001", { StartingHashKey: "113427455640312821154458202477256070485", EndingHashKey: "226854911280625642308916404954512140969" }, ["StartingSequenceNumber"]],
      ["shardId-000000000002", { StartingHashKey: "226854911280625642308916404954512140970", EndingHashKey: "340282366920938463463374607431768211455" }, ["StartingSequenceNumber"]],
    ]);
    expect([d?.StreamStatus, d?.RetentionPeriodHours, d?.EnhancedMonitoring, d?.EncryptionType]).toEqual(["ACTIVE", 24, [{ ShardLevelMetrics: [] }], "NONE"]);
    // "StreamCreationTimestamp": 1572297168.0 (here and in describe-stream-summary.rst); recorded ListStreams answers carry 1.684013726E9.
    expect(d?.StreamCreationTimestamp?.getTime()).toBe(h.clock.now() - 730);
  });

  it("describe-stream-summary.rst and list-streams.rst: the creation time in whole seconds there too", async () => {
    const { StreamDescriptionSummary: s } = await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "samplestream" }));
    expect([s?.StreamStatus, s?.EnhancedMonitoring, s?.EncryptionType, s?.OpenShardCount, s?.ConsumerCount]).toEqual(["ACTIVE", [{ ShardLevelMetrics: [] }], "NONE", 3, 0]);
    expect(s?.StreamCreationTimestamp?.getMilliseconds()).toBe(0);
    // Written as a double, as AWS writes it: awscli prints 1572297168.0, not 1572297168.
    const raw = await (await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Kinesis_20131202.DescribeStreamSummary" },
      body: JSON.stringify({ StreamName: "samplestream" }),
    })).text();
    expect(raw).toContain(`"StreamCreationTimestamp":${(h.clock.now() - 730) / 1000}.0,`);
    const listed = await h.client.send(new ListStreamsCommand({}));
    expect(listed.StreamNames).toEqual(["samplestream"]);
    expect(listed.StreamSummaries?.[0]?.StreamCreationTimestamp?.getMilliseconds()).toBe(0);
  });

  it("enable-enhanced-monitoring.rst / disable-enhanced-monitoring.rst: ALL, in AWS's order, desired then current", async () => {
    const enabled = await h.client.send(new EnableEnhancedMonitoringCommand({ StreamName: "samplestream", ShardLevelMetrics: ["ALL"] }));
    expect([enabled.StreamName, enabled.CurrentShardLevelMetrics, enabled.DesiredShardLevelMetrics]).toEqual(["samplestream", [], ALL_METRICS]);
    const summary = await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "samplestream" }));
    expect(summary.StreamDescriptionSummary?.EnhancedMonitoring).toEqual([{ ShardLevelMetrics: ALL_METRICS }]);
    const disabled = await h.client.send(new DisableEnhancedMonitoringCommand({ StreamName: "samplestream", ShardLevelMetrics: ["ALL"] }));
    expect([disabled.StreamName, disabled.CurrentShardLevelMetrics, disabled.DesiredShardLevelMetrics]).toEqual(["samplestream", ALL_METRICS, []]);
  });

  it("enable-enhanced-monitoring with two metrics named out of order: answered in AWS's order", async () => {
    const enabled = await h.client.send(new EnableEnhancedMonitoringCommand({ StreamName: "samplestream", ShardLevelMetrics: ["OutgoingBytes", "IncomingRecords"] }));
    expect(enabled.DesiredShardLevelMetrics).toEqual(["IncomingRecords", "OutgoingBytes"]);
    await h.client.send(new DisableEnhancedMonitoringCommand({ StreamName: "samplestream", ShardLevelMetrics: ["ALL"] }));
  });

  it("list-shards.rst: after shardId-000000000000, the other two", async () => {
    const listed = await h.client.send(new ListShardsCommand({ StreamName: "samplestream", ExclusiveStartShardId: "shardId-000000000000" }));
    expect(listed.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000001", "shardId-000000000002"]);
    expect(listed.NextToken).toBeUndefined();
  });

  it("put-records.rst, list-tags-for-stream.rst, describe-limits.rst, update-shard-count.rst", async () => {
    const put = await h.client.send(new PutRecordsCommand({
      StreamName: "samplestream",
      Records: [{ Data: Buffer.from("blob1"), PartitionKey: "partitionkey1" }, { Data: Buffer.from("blob2"), PartitionKey: "partitionkey2" }],
    }));
    expect(put.FailedRecordCount).toBe(0);
    expect(put.Records?.map((r) => Object.keys(r).sort())).toEqual([["SequenceNumber", "ShardId"], ["SequenceNumber", "ShardId"]]);
    await h.client.send(new AddTagsToStreamCommand({ StreamName: "samplestream", Tags: { samplekey: "example" } }));
    const tags = await h.client.send(new ListTagsForStreamCommand({ StreamName: "samplestream" }));
    expect([tags.Tags, tags.HasMoreTags]).toEqual([[{ Key: "samplekey", Value: "example" }], false]);
    const limits = await h.client.send(new DescribeLimitsCommand({}));
    expect([limits.ShardLimit, limits.OpenShardCount]).toEqual([500, 3]);
    const scaled = await h.client.send(new UpdateShardCountCommand({ StreamName: "samplestream", ScalingType: "UNIFORM_SCALING", TargetShardCount: 6 }));
    expect([scaled.StreamName, scaled.CurrentShardCount, scaled.TargetShardCount]).toEqual(["samplestream", 3, 6]);
  });
});

/**
 * register-stream-consumer.rst, describe-stream-consumer.rst, list-stream-consumers.rst and
 * deregister-stream-consumer.rst, run with the AWS CLI itself: the consumer answers CREATING, its
 * creation time printed as a double ("ConsumerCreationTimestamp": 1572383852.0), then ACTIVE.
 */
describe.skipIf(!hasAws)("awscli/examples/kinesis: stream consumers, through `aws kinesis`", () => {
  const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/samplestream`;

  it("register-stream-consumer, describe-stream-consumer, list-stream-consumers, deregister-stream-consumer", async () => {
    const registered = await awsCliText(h.url, "kinesis", "register-stream-consumer", "--stream-arn", arn, "--consumer-name", "KinesisConsumerApplication");
    const seconds = Math.floor(h.clock.now() / 1000);
    expect(registered).toContain(`"ConsumerStatus": "CREATING",`);
    expect(registered).toContain(`"ConsumerCreationTimestamp": ${seconds}.0`);
    const consumer = (JSON.parse(registered) as { Consumer: { ConsumerARN: string } }).Consumer;
    expect(consumer.ConsumerARN).toBe(`${arn}/consumer/KinesisConsumerApplication:${seconds}`);
    await h.clock.advance(5_000);
    const described = JSON.parse(await awsCliText(h.url, "kinesis", "describe-stream-consumer", "--stream-arn", arn, "--consumer-name", "KinesisConsumerApplication")) as Record<string, unknown>;
    expect(described).toEqual({
      ConsumerDescription: { ConsumerName: "KinesisConsumerApplication", ConsumerARN: consumer.ConsumerARN, ConsumerStatus: "ACTIVE", ConsumerCreationTimestamp: seconds, StreamARN: arn },
    });
    const listed = JSON.parse(await awsCliText(h.url, "kinesis", "list-stream-consumers", "--stream-arn", arn)) as { Consumers: Array<{ ConsumerName: string; ConsumerStatus: string }> };
    expect(listed.Consumers.map((c) => [c.ConsumerName, c.ConsumerStatus])).toEqual([["KinesisConsumerApplication", "ACTIVE"]]);
    expect(await awsCliText(h.url, "kinesis", "deregister-stream-consumer", "--stream-arn", arn, "--consumer-name", "KinesisConsumerApplication")).toBe("");
    await expect(awsCliText(h.url, "kinesis", "describe-stream-consumer", "--consumer-arn", `${arn}/consumer/nobody:1572383852`)).rejects.toThrow(
      `An error occurred (ResourceNotFoundException) when calling the DescribeStreamConsumer operation: Consumer ${arn}/consumer/nobody:1572383852, account ${ACCOUNT} not found.`,
    );
  });
});
