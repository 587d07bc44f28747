/**
 * The Kinesis Data Streams API (2013-12-02) as core's validator reads a model: operations and
 * the constraints of the members the sandbox reads. Transcribed by hand from AWS's model (the
 * shapes of @aws-sdk/client-kinesis and botocore's kinesis/2013-12-02/service-2.json):
 * ../shared/aws-models has no Kinesis model for tools/gen-models.mjs. Members of actions the
 * sandbox does not run (consumers, resource policies, …) are left out.
 */
import type { MemberModel, ServiceModel, ShapeModel } from "@sam-sandbox/core";

const STREAM: Record<string, MemberModel> = {
  StreamName: { target: "StreamName" },
  StreamARN: { target: "StreamARN" },
};
const ERRORS = ["AccessDeniedException", "InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException"];

const structure = (members: Record<string, MemberModel>): ShapeModel => ({ type: "structure", members });
const op = (name: string) => ({ input: `${name}Input`, output: `${name}Output`, errors: ERRORS });

export const kinesisModel: ServiceModel = {
  service: { id: "Kinesis_20131202", sdkId: "Kinesis", version: "2013-12-02", protocol: "awsJson1_1", signingName: "kinesis", endpointPrefix: "kinesis", targetPrefix: "Kinesis_20131202" },
  operations: Object.fromEntries(
    [
      "AddTagsToStream", "CreateStream", "DecreaseStreamRetentionPeriod", "DeleteStream", "DescribeLimits", "DescribeStream", "DescribeStreamSummary",
      "DisableEnhancedMonitoring", "EnableEnhancedMonitoring",
      "GetRecords", "GetShardIterator", "IncreaseStreamRetentionPeriod", "ListShards", "ListStreams", "ListTagsForResource", "ListTagsForStream",
      "MergeShards", "PutRecord", "PutRecords", "RemoveTagsFromStream", "SplitShard", "StartStreamEncryption", "StopStreamEncryption",
      "TagResource", "UntagResource", "UpdateShardCount", "UpdateStreamMode",
    ].map((name) => [name, op(name)]),
  ),
  shapes: {
    StreamName: { type: "string", length: { min: 1, max: 128 }, pattern: "[a-zA-Z0-9_.-]+" },
    StreamARN: { type: "string", length: { min: 1, max: 2048 }, pattern: "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+" },
    ResourceARN: { type: "string", length: { min: 1, max: 2048 }, pattern: "arn:aws.*:kinesis:.*:\\d{12}:.+" },
    PositiveIntegerObject: { type: "integer", range: { min: 1, max: 100_000 } },
    RetentionPeriodHours: { type: "integer" },
    ShardId: { type: "string", length: { min: 1, max: 128 }, pattern: "[a-zA-Z0-9_.-]+" },
    PartitionKey: { type: "string", length: { min: 1, max: 256 } },
    Data: { type: "blob" },
    HashKey: { type: "string", pattern: "0|([1-9]\\d{0,38})" },
    SequenceNumber: { type: "string", pattern: "0|([1-9]\\d{0,128})" },
    ShardIterator: { type: "string", length: { min: 1, max: 512 } },
    ShardIteratorType: { type: "enum", values: ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"] },
    Timestamp: { type: "timestamp" },
    Boolean: { type: "boolean" },
    GetRecordsInputLimit: { type: "integer", range: { min: 1, max: 10_000 } },
    ListStreamsInputLimit: { type: "integer", range: { min: 1, max: 10_000 } },
    ListShardsInputLimit: { type: "integer", range: { min: 1, max: 10_000 } },
    DescribeStreamInputLimit: { type: "integer", range: { min: 1, max: 10_000 } },
    ListTagsForStreamInputLimit: { type: "integer", range: { min: 1, max: 50 } },
    NextToken: { type: "string", length: { min: 1, max: 1_048_576 } },
    TagKey: { type: "string", length: { min: 1, max: 128 } },
    TagValue: { type: "string", length: { min: 0, max: 256 } },
    TagMap: { type: "map", key: "TagKey", value: "TagValue", length: { min: 0, max: 200 } },
    TagKeyList: { type: "list", member: "TagKey", length: { min: 0, max: 50 } },
    KeyId: { type: "string", length: { min: 1, max: 2048 } },
    EncryptionType: { type: "enum", values: ["NONE", "KMS"] },
    ScalingType: { type: "enum", values: ["UNIFORM_SCALING"] },
    StreamMode: { type: "enum", values: ["PROVISIONED", "ON_DEMAND"] },
    MetricsName: {
      type: "enum",
      values: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds", "ALL"],
    },
    MetricsNameList: { type: "list", member: "MetricsName", length: { min: 1, max: 7 } },
    EnableEnhancedMonitoringInput: structure({ ...STREAM, ShardLevelMetrics: { target: "MetricsNameList", required: true } }),
    DisableEnhancedMonitoringInput: structure({ ...STREAM, ShardLevelMetrics: { target: "MetricsNameList", required: true } }),
    StreamModeDetails: structure({ StreamMode: { target: "StreamMode", required: true } }),
    ShardFilterType: { type: "enum", values: ["AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON", "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP"] },
    ShardFilter: structure({ Type: { target: "ShardFilterType", required: true }, ShardId: { target: "ShardId" }, Timestamp: { target: "Timestamp" } }),
    PutRecordsRequestEntry: structure({
      Data: { target: "Data", required: true },
      ExplicitHashKey: { target: "HashKey" },
      PartitionKey: { target: "PartitionKey", required: true },
    }),
    PutRecordsRequestEntryList: { type: "list", member: "PutRecordsRequestEntry", length: { min: 1, max: 500 } },

    AddTagsToStreamInput: structure({ ...STREAM, Tags: { target: "TagMap", required: true } }),
    CreateStreamInput: structure({
      StreamName: { target: "StreamName", required: true },
      ShardCount: { target: "PositiveIntegerObject" },
      StreamModeDetails: { target: "StreamModeDetails" },
      Tags: { target: "TagMap" },
    }),
    DecreaseStreamRetentionPeriodInput: structure({ ...STREAM, RetentionPeriodHours: { target: "RetentionPeriodHours", required: true } }),
    IncreaseStreamRetentionPeriodInput: structure({ ...STREAM, RetentionPeriodHours: { target: "RetentionPeriodHours", required: true } }),
    DeleteStreamInput: structure({ ...STREAM, EnforceConsumerDeletion: { target: "Boolean" } }),
    DescribeLimitsInput: structure({}),
    DescribeStreamInput: structure({ ...STREAM, Limit: { target: "DescribeStreamInputLimit" }, ExclusiveStartShardId: { target: "ShardId" } }),
    DescribeStreamSummaryInput: structure({ ...STREAM }),
    GetRecordsInput: structure({ ShardIterator: { target: "ShardIterator", required: true }, Limit: { target: "GetRecordsInputLimit" }, StreamARN: { target: "StreamARN" } }),
    GetShardIteratorInput: structure({
      ...STREAM,
      ShardId: { target: "ShardId", required: true },
      ShardIteratorType: { target: "ShardIteratorType", required: true },
      StartingSequenceNumber: { target: "SequenceNumber" },
      Timestamp: { target: "Timestamp" },
    }),
    ListShardsInput: structure({
      ...STREAM,
      NextToken: { target: "NextToken" },
      ExclusiveStartShardId: { target: "ShardId" },
      MaxResults: { target: "ListShardsInputLimit" },
      StreamCreationTimestamp: { target: "Timestamp" },
      ShardFilter: { target: "ShardFilter" },
    }),
    ListStreamsInput: structure({ Limit: { target: "ListStreamsInputLimit" }, ExclusiveStartStreamName: { target: "StreamName" }, NextToken: { target: "NextToken" } }),
    ListTagsForStreamInput: structure({ ...STREAM, ExclusiveStartTagKey: { target: "TagKey" }, Limit: { target: "ListTagsForStreamInputLimit" } }),
    ListTagsForResourceInput: structure({ ResourceARN: { target: "ResourceARN", required: true } }),
    TagResourceInput: structure({ Tags: { target: "TagMap", required: true }, ResourceARN: { target: "ResourceARN", required: true } }),
    UntagResourceInput: structure({ TagKeys: { target: "TagKeyList", required: true }, ResourceARN: { target: "ResourceARN", required: true } }),
    MergeShardsInput: structure({ ...STREAM, ShardToMerge: { target: "ShardId", required: true }, AdjacentShardToMerge: { target: "ShardId", required: true } }),
    PutRecordInput: structure({
      ...STREAM,
      Data: { target: "Data", required: true },
      PartitionKey: { target: "PartitionKey", required: true },
      ExplicitHashKey: { target: "HashKey" },
      SequenceNumberForOrdering: { target: "SequenceNumber" },
    }),
    PutRecordsInput: structure({ ...STREAM, Records: { target: "PutRecordsRequestEntryList", required: true } }),
    RemoveTagsFromStreamInput: structure({ ...STREAM, TagKeys: { target: "TagKeyList", required: true } }),
    SplitShardInput: structure({ ...STREAM, ShardToSplit: { target: "ShardId", required: true }, NewStartingHashKey: { target: "HashKey", required: true } }),
    StartStreamEncryptionInput: structure({ ...STREAM, EncryptionType: { target: "EncryptionType", required: true }, KeyId: { target: "KeyId", required: true } }),
    StopStreamEncryptionInput: structure({ ...STREAM, EncryptionType: { target: "EncryptionType", required: true }, KeyId: { target: "KeyId", required: true } }),
    UpdateShardCountInput: structure({ ...STREAM, TargetShardCount: { target: "PositiveIntegerObject", required: true }, ScalingType: { target: "ScalingType", required: true } }),
    UpdateStreamModeInput: structure({ StreamARN: { target: "StreamARN", required: true }, StreamModeDetails: { target: "StreamModeDetails", required: true } }),
  },
};
