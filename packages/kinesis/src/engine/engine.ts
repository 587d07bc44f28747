/** Kinesis Data Streams' behaviour: one method per AWS action (typed input → output, or an AwsError). */
import type { Clock, DurableState } from "@sam-sandbox/core";
import { nameOfArn, trim, type KinesisContext } from "./context.js";
import * as consumers from "./consumers.js";
import * as policies from "./policies.js";
import * as records from "./records.js";
import type { KinesisRecord, KinesisState, Stream } from "./state.js";
import * as resharding from "./resharding.js";
import * as streams from "./streams.js";
import { Subscriptions, type SubscribeToShardInput, type SubscriptionSink } from "./subscriptions.js";
import * as tags from "./tags.js";

export interface KinesisEngineOptions {
  durable: DurableState<KinesisState, KinesisRecord>;
  clock: Clock;
  region: string;
  accountId: string;
}

type In<F> = F extends (ctx: KinesisContext, input: infer I) => unknown ? I : never;

export class KinesisEngine {
  readonly ctx: KinesisContext;
  /** SubscribeToShard's open subscriptions. */
  readonly subscriptions: Subscriptions;

  constructor(options: KinesisEngineOptions) {
    this.ctx = { ...options, onPut: new Set(), onConsumerGone: new Set() };
    this.subscriptions = new Subscriptions(this.ctx);
  }

  createStream = (i: In<typeof streams.createStream>) => streams.createStream(this.ctx, i);
  deleteStream = (i: In<typeof streams.deleteStream>) => streams.deleteStream(this.ctx, i);
  describeStream = (i: In<typeof streams.describeStream>) => streams.describeStream(this.ctx, i);
  describeStreamSummary = (i: In<typeof streams.describeStreamSummary>) => streams.describeStreamSummary(this.ctx, i);
  describeLimits = () => streams.describeLimits(this.ctx);
  listStreams = (i: In<typeof streams.listStreams>) => streams.listStreams(this.ctx, i);
  listShards = (i: In<typeof streams.listShards>) => streams.listShards(this.ctx, i);
  increaseStreamRetentionPeriod = (i: In<typeof streams.increaseStreamRetentionPeriod>) => streams.increaseStreamRetentionPeriod(this.ctx, i);
  decreaseStreamRetentionPeriod = (i: In<typeof streams.decreaseStreamRetentionPeriod>) => streams.decreaseStreamRetentionPeriod(this.ctx, i);
  startStreamEncryption = (i: In<typeof streams.startStreamEncryption>) => streams.startStreamEncryption(this.ctx, i);
  stopStreamEncryption = (i: In<typeof streams.stopStreamEncryption>) => streams.stopStreamEncryption(this.ctx, i);
  addTagsToStream = (i: In<typeof tags.addTagsToStream>) => tags.addTagsToStream(this.ctx, i);
  removeTagsFromStream = (i: In<typeof tags.removeTagsFromStream>) => tags.removeTagsFromStream(this.ctx, i);
  listTagsForStream = (i: In<typeof tags.listTagsForStream>) => tags.listTagsForStream(this.ctx, i);
  tagResource = (i: In<typeof tags.tagResource>) => tags.tagResource(this.ctx, i);
  untagResource = (i: In<typeof tags.untagResource>) => tags.untagResource(this.ctx, i);
  listTagsForResource = (i: In<typeof tags.listTagsForResource>) => tags.listTagsForResource(this.ctx, i);
  putResourcePolicy = (i: In<typeof policies.putResourcePolicy>) => policies.putResourcePolicy(this.ctx, i);
  getResourcePolicy = (i: In<typeof policies.getResourcePolicy>) => policies.getResourcePolicy(this.ctx, i);
  deleteResourcePolicy = (i: In<typeof policies.deleteResourcePolicy>) => policies.deleteResourcePolicy(this.ctx, i);
  splitShard = (i: In<typeof resharding.splitShard>) => resharding.splitShard(this.ctx, i);
  mergeShards = (i: In<typeof resharding.mergeShards>) => resharding.mergeShards(this.ctx, i);
  updateShardCount = (i: In<typeof resharding.updateShardCount>) => resharding.updateShardCount(this.ctx, i);
  enableEnhancedMonitoring = (i: In<typeof streams.enableEnhancedMonitoring>) => streams.enableEnhancedMonitoring(this.ctx, i);
  disableEnhancedMonitoring = (i: In<typeof streams.disableEnhancedMonitoring>) => streams.disableEnhancedMonitoring(this.ctx, i);
  updateStreamMode = (i: In<typeof streams.updateStreamMode>) => streams.updateStreamMode(this.ctx, i);
  putRecord = (i: In<typeof records.putRecord>) => records.putRecord(this.ctx, i);
  putRecords = (i: In<typeof records.putRecords>) => records.putRecords(this.ctx, i);
  getShardIterator = (i: In<typeof records.getShardIterator>) => records.getShardIterator(this.ctx, i);
  getRecords = (i: In<typeof records.getRecords>) => records.getRecords(this.ctx, i);
  registerStreamConsumer = (i: In<typeof consumers.registerStreamConsumer>, createdAt?: number) => consumers.registerStreamConsumer(this.ctx, i, createdAt);
  describeStreamConsumer = (i: In<typeof consumers.describeStreamConsumer>) => consumers.describeStreamConsumer(this.ctx, i);
  listStreamConsumers = (i: In<typeof consumers.listStreamConsumers>) => consumers.listStreamConsumers(this.ctx, i);
  subscribeToShard = (i: SubscribeToShardInput, sink: SubscriptionSink) => this.subscriptions.subscribeToShard(i, sink);
  deregisterStreamConsumer = (i: In<typeof consumers.deregisterStreamConsumer>) => consumers.deregisterStreamConsumer(this.ctx, i);

  /** The stream an ARN names (a stream's, or one of its consumers'), records past retention trimmed; undefined when there is none. */
  streamOfArn(arn: string): Stream | undefined {
    if (arn.includes("/consumer/")) {
      const stream = consumers.consumerOfArn(this.ctx, arn)?.stream;
      if (stream) trim(this.ctx, stream);
      return stream;
    }
    const name = nameOfArn(this.ctx, arn);
    const stream = name === undefined ? undefined : this.ctx.durable.state.streams.get(name);
    if (stream) trim(this.ctx, stream);
    return stream;
  }
}
