import { AwsError, ValidationException } from "@sam-sandbox/core";

/**
 * Amazon Kinesis Data Streams' errors (the model's shape names; all HTTP 400). Texts as AWS
 * answers them, recorded by kinesalite's tests (run against AWS) and moto.
 */
export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super("ResourceNotFoundException", message, 400);
  }
}

export class ResourceInUseException extends AwsError {
  constructor(message: string) {
    super("ResourceInUseException", message, 400);
  }
}

export class InvalidArgumentException extends AwsError {
  constructor(message: string) {
    super("InvalidArgumentException", message, 400);
  }
}

export class LimitExceededException extends AwsError {
  constructor(message: string) {
    super("LimitExceededException", message, 400);
  }
}

export class ExpiredIteratorException extends AwsError {
  constructor(message: string) {
    super("ExpiredIteratorException", message, 400);
  }
}

// AWS's texts, in one place.
export const streamNotFound = (name: string, account: string) => new ResourceNotFoundException(`Stream ${name} under account ${account} not found.`);
/** UpdateShardCount of an ON_DEMAND stream (moto's tests quote AWS's ValidationException). */
export const onDemandStream = (name: string, account: string) => new ValidationException(`Request is invalid. Stream ${name} under account ${account} is in On-Demand mode.`);
/** SplitShard or MergeShards of a closed shard (moto's tests quote AWS). */
export const shardClosed = (shardId: string, stream: string, account: string) =>
  new InvalidArgumentException(`Shard ${shardId} in stream ${stream} under account ${account} has already been merged or split, and thus is not eligible for merging or splitting.`);
export const shardNotFound = (shardId: string, stream: string, account: string) =>
  new ResourceNotFoundException(`Shard ${shardId} in stream ${stream} under account ${account} does not exist`);
/** ListShards / SplitShard / MergeShards naming a shard the stream lacks (moto ShardNotFoundError). */
export const couldNotFindShard = (shardId: string, stream: string, account: string) =>
  new ResourceNotFoundException(`Could not find shard ${shardId} in stream ${stream} under account ${account}.`);
export const streamExists = (name: string, account: string) => new ResourceInUseException(`Stream ${name} under account ${account} already exists.`);
/** A change while the stream is not ACTIVE (UpdateShardCount while UPDATING, …). */
export const streamNotActive = (name: string, account: string, status: string) =>
  new ResourceInUseException(`Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`);
export const invalidShardIterator = () => new InvalidArgumentException("Invalid ShardIterator.");
export const expiredIterator = (created: number, now: number) =>
  new ExpiredIteratorException(
    `Iterator expired. The iterator was created at time ${amzUtc(created)} while right now it is ${amzUtc(now)} which is further in the future than the tolerated delay of 300000 milliseconds.`,
  );
export const iteratorTypeNeedsSequence = (type: string) =>
  new InvalidArgumentException(
    "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. " +
      `Request specified ${type} and ${type === "TRIM_HORIZON" || type === "LATEST" ? "also a" : "no"} StartingSequenceNumber.`,
  );
/** AT_TIMESTAMP without a Timestamp (kinesalite test/getShardIterator.js). */
export const timestampRequired = () => new InvalidArgumentException("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.");
export const invalidSequenceNumber = (seq: string, shardId: string, stream: string, account: string) =>
  new InvalidArgumentException(`StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${stream} under account ${account} is invalid.`);
export const sequenceOfOtherShard = (encoded: string, shardId: string) =>
  new InvalidArgumentException(`Invalid StartingSequenceNumber. It encodes ${encoded}, while it was used in a call to a shard with ${shardId}`);
export const sequenceOfOtherStream = (seq: string, shardId: string, stream: string, account: string) =>
  new InvalidArgumentException(
    `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${stream} under account ${account} is invalid because it did not come from this stream.`,
  );
export const invalidExplicitHashKey = (value: string) =>
  new InvalidArgumentException(`Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${value}`);
export const invalidOrderingSequence = (seq: string, stream: string, account: string) =>
  new InvalidArgumentException(`ExclusiveMinimumSequenceNumber ${seq} used in PutRecord on stream ${stream} under account ${account} is invalid.`);
export const retentionTooShort = (hours: number) =>
  new InvalidArgumentException(`Minimum allowed retention period is 24 hours. Requested retention period (${hours} hours) is too short.`);
export const retentionTooLong = (hours: number) =>
  new InvalidArgumentException(`Maximum allowed retention period is 8760 hours. Requested retention period (${hours} hours) is too long.`);
export const retentionNotLonger = (name: string, requested: number, existing: number) =>
  new InvalidArgumentException(
    `Requested retention period (${requested} hours) for stream ${name} can not be longer than existing retention period (${existing} hours). Use IncreaseRetentionPeriod API.`,
  );
export const retentionNotShorter = (name: string, requested: number, existing: number) =>
  new InvalidArgumentException(
    `Requested retention period (${requested} hours) for stream ${name} can not be shorter than existing retention period (${existing} hours). Use DecreaseRetentionPeriod API.`,
  );
export const shardLimit = (account: string, region: string, current: number, limit: number, additional: number) =>
  new LimitExceededException(
    `This request would exceed the shard limit for the account ${account} in ${region}. Current shard count for the account: ${current}. Limit: ${limit}. ` +
      `Number of additional shards that would have resulted from this request: ${additional}. Shard limit increases can be requested by submitting a case to the AWS Support Center at ` +
      "https://aws.amazon.com/support/createCase?type=service_limit_increase&serviceLimitIncreaseType=kinesis-limits.",
  );
/** Neither StreamName nor StreamARN: no recorded AWS text was found; the wording other emulators use. */
export const nameOrArn = () => new InvalidArgumentException("Either StreamName or StreamARN must be provided.");
export const timestampInFuture = (ms: number, now: number) =>
  new InvalidArgumentException(`The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${ms}, currentTimestampInMillis: ${now}`);
export const listShardsArguments = {
  neither: () => new InvalidArgumentException("Either NextToken or StreamName should be provided."),
  both: () => new InvalidArgumentException("NextToken and StreamName cannot be provided together."),
};

/** "Thu Jan 22 01:22:02 UTC 2015", as Kinesis writes times in its messages. */
function amzUtc(ms: number): string {
  const match = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/.exec(new Date(ms).toUTCString());
  if (!match) return new Date(ms).toISOString();
  const [, day, date, month, year, time] = match;
  return `${day} ${month} ${date} ${time} UTC ${year}`;
}

// Enhanced fan-out consumers and SubscribeToShard ------------------------------------------------

/** DescribeStreamConsumer / DeregisterStreamConsumer / SubscribeToShard of an unknown consumer ARN (moto's test_describe_stream_consumer_unknown quotes AWS). */
export const consumerArnNotFound = (arn: string, account: string) => new ResourceNotFoundException(`Consumer ${arn}, account ${account} not found.`);
/** By StreamARN and ConsumerName: no recorded AWS text was found; the by-ARN wording with the name. */
export const consumerNameNotFound = (name: string, account: string) => new ResourceNotFoundException(`Consumer ${name}, account ${account} not found.`);
/** Neither ConsumerARN nor StreamARN with ConsumerName: no recorded AWS text was found (kinesis-mock's wording). */
export const consumerArnOrName = () => new InvalidArgumentException("ConsumerArn or both ConsumerName and StreamARN are required for this request.");
/** RegisterStreamConsumer of a name the stream has: no recorded AWS text was found; worded as AWS words an existing stream. */
export const consumerExists = (name: string, stream: string, account: string) => new ResourceInUseException(`Consumer ${name} under stream ${stream} under account ${account} already exists.`);
/** More than 20 consumers on a stream: no recorded AWS text was found (kinesis-mock's wording). */
export const consumerLimit = () => new LimitExceededException("Only 20 consumers can be registered to a stream at once");
/** A sixth consumer while five are CREATING: no recorded AWS text was found (kinesis-mock's wording). */
export const creatingConsumerLimit = () => new LimitExceededException("Only 5 consumers can be created at the same time");
/** SubscribeToShard with a consumer that is not ACTIVE (AWS's text as awslabs/kinesis-hot-shard-advisor#37 quotes it). */
export const consumerNotActive = (name: string, createdSeconds: number, stream: string, account: string) =>
  new ResourceInUseException(`Consumer ${name} with creation timestamp ${createdSeconds} under stream: ${stream} , account ${account} is not in ACTIVE status.`);
/** A second subscription to the same consumer and shard (AWS's text as awslabs/amazon-kinesis-client#391 quotes it). */
export const anotherSubscription = (account: string, stream: string, shardId: string, consumer: string) =>
  new ResourceInUseException(`Another active subscription exists for this consumer: ${account}:${stream}:${shardId}:${consumer}`);
/** DeleteStream of a stream with consumers, without EnforceConsumerDeletion (AWS's text as cloud-custodian#7260 quotes it). */
export const streamHasConsumers = (arn: string, name: string) =>
  new ResourceInUseException(
    `DeleteStream can't delete ${arn} because there are consumers associated with this data stream. To delete ${name} anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`,
  );
