/**
 * Kinesis on the wire: awsJson 1.1, X-Amz-Target "Kinesis_20131202.<Action>" (as
 * @aws-sdk/client-kinesis sends it), Data blobs as base64 text, timestamps as epoch seconds.
 * Inputs are checked against the model (model.ts) first: a constraint failure is a
 * ValidationException, a member of the wrong JSON type a SerializationException.
 */
import {
  AwsError, UnknownOperationException, checkWithoutNulls, coralJsonTypeRules, createAwsJsonHandler, createValidator, jsonErrorResponse, jsonWithDoubles, requestId,
  type AwsJsonOptions, type EdgeRequest, type EdgeResponse, type Logger,
} from "@sam-sandbox/core";
import type { KinesisEngine } from "./engine/engine.js";
import { KINESIS_ACTIONS, kinesisModel } from "./generated/kinesis.js";
import { subscribeToShard } from "./subscribeWire.js";

export const TARGET_PREFIX = "Kinesis_20131202";
const SUBSCRIBE_TARGET = `${TARGET_PREFIX}.SubscribeToShard`;
const PROTOCOL: AwsJsonOptions = { version: "1.1" };

type Input = Record<string, unknown>;
/** The input shape an engine method takes, once the model's checks have passed it. */
const as = <T>(input: Input): T => input as T;

/** AWS action name → engine method. */
const ACTIONS: Record<string, (engine: KinesisEngine, input: Input) => unknown> = {
  CreateStream: (e, i) => e.createStream(as(i)),
  DeleteStream: (e, i) => e.deleteStream(as(i)),
  DescribeStream: (e, i) => e.describeStream(as(i)),
  DescribeStreamSummary: (e, i) => e.describeStreamSummary(as(i)),
  DescribeLimits: (e) => e.describeLimits(),
  ListStreams: (e, i) => e.listStreams(as(i)),
  ListShards: (e, i) => e.listShards(as(i)),
  PutRecord: (e, i) => e.putRecord(as(i)),
  PutRecords: (e, i) => e.putRecords(as(i)),
  GetShardIterator: (e, i) => e.getShardIterator(as(i)),
  GetRecords: (e, i) => e.getRecords(as(i)),
  AddTagsToStream: (e, i) => e.addTagsToStream(as(i)),
  RemoveTagsFromStream: (e, i) => e.removeTagsFromStream(as(i)),
  ListTagsForStream: (e, i) => e.listTagsForStream(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  ListTagsForResource: (e, i) => e.listTagsForResource(as(i)),
  PutResourcePolicy: (e, i) => e.putResourcePolicy(as(i)),
  GetResourcePolicy: (e, i) => e.getResourcePolicy(as(i)),
  DeleteResourcePolicy: (e, i) => e.deleteResourcePolicy(as(i)),
  IncreaseStreamRetentionPeriod: (e, i) => e.increaseStreamRetentionPeriod(as(i)),
  DecreaseStreamRetentionPeriod: (e, i) => e.decreaseStreamRetentionPeriod(as(i)),
  StartStreamEncryption: (e, i) => e.startStreamEncryption(as(i)),
  StopStreamEncryption: (e, i) => e.stopStreamEncryption(as(i)),
  UpdateShardCount: (e, i) => e.updateShardCount(as(i)),
  UpdateStreamMode: (e, i) => e.updateStreamMode(as(i)),
  EnableEnhancedMonitoring: (e, i) => e.enableEnhancedMonitoring(as(i)),
  DisableEnhancedMonitoring: (e, i) => e.disableEnhancedMonitoring(as(i)),
  SplitShard: (e, i) => e.splitShard(as(i)),
  MergeShards: (e, i) => e.mergeShards(as(i)),
  RegisterStreamConsumer: (e, i) => e.registerStreamConsumer(as(i)),
  DescribeStreamConsumer: (e, i) => e.describeStreamConsumer(as(i)),
  ListStreamConsumers: (e, i) => e.listStreamConsumers(as(i)),
  DeregisterStreamConsumer: (e, i) => e.deregisterStreamConsumer(as(i)),
};

/**
 * A data blob's size is the engine's to check: the model's bound is the 10 MiB a stream may be
 * raised to (UpdateMaxRecordSize), a stream's own default is 1 MiB, and AWS words the refusal
 * with the Java buffer it read the blob into (records.ts).
 */
const validate = createValidator(kinesisModel, { jsonTypes: coralJsonTypeRules("com.amazonaws.kinesis"), shapeOverrides: { Data: { length: undefined } } });

/**
 * Kinesis actions newer than the generated model (AWS SDK for JavaScript v3 client-kinesis
 * 3.1143's commands): channels (the CreateChannel examples of its typings) and the record
 * distribution strategy.
 */
const NEWER_ACTIONS: readonly string[] = ["CreateChannel", "DeleteChannel", "DescribeChannel", "ListChannels", "UpdateChannel", "UpdateStreamRecordDistributionStrategy"];

/** Kinesis actions the sandbox does not run (account settings, warm throughput, channels): said so. */
function unknownAction(action: string): AwsError {
  if (KINESIS_ACTIONS.includes(action) || NEWER_ACTIONS.includes(action)) return new UnknownOperationException(`The sandbox does not emulate the Kinesis action ${action}.`);
  return new UnknownOperationException();
}

/**
 * The AWS SDK for Java (and the KCL on it) sends Kinesis requests as CBOR by default, which the
 * sandbox does not read: said so, rather than a JSON parse error about the first byte.
 */
const cborRefused = () =>
  new AwsError(
    "SerializationException",
    "The sandbox's Kinesis reads JSON request bodies, not CBOR: with the AWS SDK for Java set the system property aws.cborEnabled=false (or the environment variable AWS_CBOR_DISABLE=true).",
    400,
  );

/**
 * Timestamps are written as the Java service writes doubles: a stream's creation time, in whole
 * seconds, keeps its ".0" ("StreamCreationTimestamp": 1572297168.0 in the AWS CLI's describe-stream
 * example, 1.684013726E9 in recorded ListStreams answers); JSON.stringify would write an integer.
 */
const TIMESTAMPS: ReadonlySet<string> = new Set(["StreamCreationTimestamp", "ConsumerCreationTimestamp"]);
const WITH_CREATION_TIME = new Set(["DescribeStream", "DescribeStreamSummary", "ListStreams", "RegisterStreamConsumer", "DescribeStreamConsumer", "ListStreamConsumers"]);
const outputJson = (action: string, output: unknown): string | undefined => (WITH_CREATION_TIME.has(action) ? jsonWithDoubles(output, TIMESTAMPS) : undefined);

export function createKinesisWire(engine: KinesisEngine, logger: Logger): (req: EdgeRequest) => Promise<EdgeResponse> {
  const handle = createAwsJsonHandler(engine, {
    protocol: PROTOCOL,
    label: "Kinesis",
    actions: ACTIONS,
    targetPrefix: TARGET_PREFIX,
    // A member sent as JSON null is absent, as Kinesis' Coral reads it ({"StreamARN": null} answered 500).
    validatorFor: (action) => checkWithoutNulls(kinesisModel, action, validate.forOperation(action)),
    unknownAction,
    outputJson,
  }, logger);
  const validateSubscribe = checkWithoutNulls(kinesisModel, "SubscribeToShard", validate.forOperation("SubscribeToShard")) ?? (() => undefined);
  return (req) => {
    if (/cbor/i.test(req.headers["content-type"] ?? "")) return Promise.resolve(jsonErrorResponse(PROTOCOL, requestId(), cborRefused()));
    // SubscribeToShard answers an event stream, not a JSON document.
    if (req.headers["x-amz-target"] === SUBSCRIBE_TARGET) return Promise.resolve(subscribeToShard(engine, req, PROTOCOL, validateSubscribe, logger));
    return handle(req);
  };
}
