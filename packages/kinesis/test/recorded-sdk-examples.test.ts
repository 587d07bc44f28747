/**
 * The AWS SDK for JavaScript v3's own Kinesis examples (the service team's examples, the
 * `@example` blocks of @aws-sdk/client-kinesis's command typings) replayed against the sandbox.
 * They all show channels, which the sandbox does not emulate: each action must say so by name,
 * as the model's other unemulated actions do, rather than answer a bare UnknownOperationException.
 */
import {
  CreateChannelCommand, DeleteChannelCommand, DescribeChannelCommand, ListChannelsCommand, UpdateChannelCommand,
  UpdateStreamRecordDistributionStrategyCommand,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKinesis, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startKinesis();
});
afterAll(() => h.close());

const CHANNEL_ARN = "arn:aws:kinesis:us-east-1:123456789012:channel/my-channel-id";
const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/my-stream-name";
const LOGGING = { CloudWatchLogs: { Enabled: true, LogGroupName: "/aws/kinesis/my-channel", LogStreamName: "my-channel-log-stream" } };

async function refusal(send: Promise<unknown>): Promise<string> {
  try {
    await send;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error("expected a rejection");
}

const notEmulated = (action: string) => `UnknownOperationException: The sandbox does not emulate the Kinesis action ${action}.`;

describe("channels", () => {
  it("CreateChannel (To create an S3 channel), DescribeChannel, ListChannels (filtered by stream), UpdateChannel and DeleteChannel name themselves", async () => {
    const create = new CreateChannelCommand({
      ChannelName: "my-channel-name",
      EncryptionConfiguration: { EncryptionType: "KMS", KeyId: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
      LoggingConfiguration: LOGGING,
      S3DestinationConfiguration: {
        DeadLetterQueueS3Configuration: { BucketARN: "arn:aws:s3:::my-channel-dlq-bucket", ExpectedBucketOwner: "123456789012" },
        StorageConfiguration: { BucketARN: "arn:aws:s3:::my-channel-bucket", CompressionType: "ZSTD", ExpectedBucketOwner: "123456789012" },
      },
      ServiceExecutionRoleARN: "arn:aws:iam::123456789012:role/my-channel-role",
      StreamConfigurationList: [{ RecordConfiguration: { RecordFormatType: "JSON" }, StreamARN: STREAM_ARN }],
    });
    expect(await refusal(h.client.send(create))).toBe(notEmulated("CreateChannel"));
    expect(await refusal(h.client.send(new DescribeChannelCommand({ ChannelARN: CHANNEL_ARN })))).toBe(notEmulated("DescribeChannel"));
    expect(await refusal(h.client.send(new ListChannelsCommand({ MaxResults: 10, StreamFilter: [{ StreamARN: STREAM_ARN }] })))).toBe(
      notEmulated("ListChannels"),
    );
    const update = new UpdateChannelCommand({ ChannelARN: CHANNEL_ARN, LoggingConfiguration: LOGGING, S3DestinationConfiguration: { DataFreshnessInSeconds: 600 } });
    expect(await refusal(h.client.send(update))).toBe(notEmulated("UpdateChannel"));
    expect(await refusal(h.client.send(new DeleteChannelCommand({ ChannelARN: CHANNEL_ARN })))).toBe(notEmulated("DeleteChannel"));
  });

  it("UpdateStreamRecordDistributionStrategy, newer than the model too, names itself", async () => {
    const update = new UpdateStreamRecordDistributionStrategyCommand({ StreamARN: STREAM_ARN, RecordDistributionStrategy: "AUTO" });
    expect(await refusal(h.client.send(update))).toBe(notEmulated("UpdateStreamRecordDistributionStrategy"));
  });
});
