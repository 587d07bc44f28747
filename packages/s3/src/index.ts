import { NOOP_TRACER, RealClock, type AwsService, type Clock, type LambdaInvoker, type Logger, type Store, type Tracer } from "@sam-sandbox/core";
import { FileBlobs, MemoryBlobs } from "./engine/blobs.js";
import { S3Engine } from "./engine/engine.js";
import { EventNotifier, type NotificationEventBus, type NotificationFunctions, type NotificationQueues, type NotificationTopics } from "./engine/notifications.js";
import { LifecycleSweeper, type LifecycleSweepResult } from "./engine/lifecycle/sweeper.js";
import type { S3Context } from "./engine/context.js";
import { RestoreEvents } from "./engine/restoreEvents.js";
import { liveBlobs, s3Codec, type S3Record, type S3State } from "./engine/state.js";
import { S3_ROUTE } from "./route.js";
import { withTracing } from "./tracing.js";
import { createS3Wire } from "./wire.js";

export { S3Engine } from "./engine/engine.js";
export type { LifecycleSweepResult } from "./engine/lifecycle/sweeper.js";
export type { LambdaNotification, QueueNotification, TopicNotification, FilterRule, Tag, S3Object, ChecksumAlgorithm } from "./engine/state.js";
export type { NotificationQueues, NotificationTopics, NotificationEventBus, NotificationFunctions } from "./engine/notifications.js";
export type { EventBridgeEntry } from "./engine/eventBridgeEvent.js";
export type { NotificationConfigurationInput } from "./engine/notificationConfig.js";
export type { CreateBucketInput } from "./engine/buckets.js";
export type { BucketSettings } from "./engine/bucketSettings.js";
export type { CorsRule } from "./engine/cors.js";
export type { PutObjectInput, GetObjectInput, CopyObjectInput } from "./engine/objects.js";
export { encodeEventKey } from "./engine/notifications.js";
export { bucketFromHost } from "./wire/address.js";
export { S3_ACTIONS } from "./wire.js";
export { S3_ROUTE, claimsUnsigned } from "./route.js";

export interface S3Options {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /**
   * Directory for object bodies (one file each, fsync'd before the write is acknowledged);
   * without one (--in-memory) bodies stay in memory.
   */
  blobDir?: string;
  /** Runs the functions bucket notifications name (asynchronously, InvocationType Event). */
  invoker?: LambdaInvoker;
  /** Whether a function LambdaFunctionConfigurations name exists (checked by PutBucketNotificationConfiguration). */
  functions?: NotificationFunctions;
  /** SQS queues QueueConfigurations name: checked to exist, sent the event message as the body. */
  queues?: NotificationQueues;
  /** SNS topics TopicConfigurations name: checked to exist, published the event message. */
  topics?: NotificationTopics;
  /** EventBridge (PutEvents on the default bus) for buckets with an EventBridgeConfiguration. */
  eventBridge?: NotificationEventBus;
  /** Records traced requests as X-Ray segments (tracing.ts). */
  tracer?: Tracer;
  /**
   * The wall clock clients sign presigned URLs and POST policies with: their expiry is judged
   * by it, so `sandbox time advance` does not expire every URL signed afterwards. RealClock by default.
   */
  wallClock?: Clock;
  /** Applies lifecycle rules every simulated hour (default true; tests may sweep by hand). */
  lifecycleSweeper?: boolean;
}

export interface S3 {
  service: AwsService;
  engine: S3Engine;
  /** Applies every lifecycle rule due by the clock's now; resolves once the changes are durable. */
  sweepLifecycle(): Promise<LifecycleSweepResult>;
  /** Stops the lifecycle sweeper and the restore events' timers, and flushes state. */
  close(): Promise<void>;
}

/**
 * Amazon S3 on the edge: routed by SigV4 signing name "s3", in the Authorization header or,
 * for presigned URLs, in the X-Amz-Credential query parameter; unsigned requests when their
 * Host is virtual-hosted or they are a browser's form upload to a bucket.
 */
export async function createS3(options: S3Options): Promise<S3> {
  const durable = await options.store.open<S3State, S3Record>("s3", s3Codec);
  const blobs = options.blobDir ? new FileBlobs(options.blobDir) : new MemoryBlobs();
  // Bodies left by a crash between their write and their record, or by a replaced object.
  await blobs.sweep(liveBlobs(durable.state));
  const destinations = { invoker: options.invoker, functions: options.functions, queues: options.queues, topics: options.topics, eventBridge: options.eventBridge };
  const notifier = new EventNotifier({ ...destinations, clock: options.clock, logger: options.logger, accountId: options.accountId });
  const restoreEvents = new RestoreEvents({ clock: options.clock, state: () => durable.state, notifier });
  const ctx: S3Context = {
    durable,
    blobs,
    clock: options.clock,
    logger: options.logger,
    region: options.region,
    accountId: options.accountId,
    notifier,
    destinations,
    restoreEvents,
  };
  const engine = new S3Engine(ctx);
  const sweeper = new LifecycleSweeper(ctx);
  if (options.lifecycleSweeper !== false) {
    // What expired while the service was not running (or the clock jumped) goes before the first request.
    await sweeper.sweep().catch((error: unknown) => options.logger.error(`s3: lifecycle sweep failed: ${String(error)}`));
    sweeper.start();
  }
  restoreEvents.start();
  const handle = withTracing(createS3Wire(engine, { logger: options.logger, region: options.region, wallClock: options.wallClock ?? new RealClock() }), options.tracer ?? NOOP_TRACER, options.region);
  const close = () => {
    sweeper.stop();
    restoreEvents.stop();
    return durable.compact();
  };
  return { engine, close, sweepLifecycle: () => sweeper.sweep(), service: { name: "s3", route: S3_ROUTE, handle, close } };
}
