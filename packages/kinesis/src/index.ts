/**
 * Amazon Kinesis Data Streams on the edge (X-Amz-Target "Kinesis_20131202.*", SigV4 signing
 * name "kinesis"): streams, shards and records kept by the Store, time read from the Clock,
 * and the Lambda event source mappings that read streams (core's EventSourcePoller port).
 */
import type { AwsService, Clock, EventSourceMappingSettings, EventSourcePoller, LambdaInvoker, Logger, Store } from "@sam-sandbox/core";
import { KinesisEngine } from "./engine/engine.js";
import { kinesisCodec } from "./engine/state.js";
import { KinesisEventSources, type OnFailureSender } from "./eventSources/mappings.js";
import { createKinesisWire, TARGET_PREFIX } from "./wire.js";

export { KinesisEngine } from "./engine/engine.js";
export { hashKeyOf, evenRanges, sequenceNumber, parseSequenceNumber } from "./engine/keys.js";
export { KinesisEventSources, type KinesisMappingOptions } from "./eventSources/mappings.js";
export { kinesisEventRecord } from "./eventSources/event.js";

export interface KinesisOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Invokes the functions of event source mappings from streams. */
  invoker: LambdaInvoker;
  /** Sends an OnFailure record of a discarded batch to an SQS queue or SNS topic by its ARN. */
  sendOnFailure?: OnFailureSender;
}

export interface Kinesis {
  service: AwsService;
  engine: KinesisEngine;
  eventSources: KinesisEventSources;
  /** The mappings, as Lambda's event source mapping API runs them (core's port). */
  poller: EventSourcePoller;
  /** Stops the mappings (the batches in flight settle) and flushes state. */
  close(): Promise<void>;
}

export const KINESIS_ROUTE: AwsService["route"] = { signingNames: ["kinesis"], targetPrefixes: [TARGET_PREFIX] };

export async function createKinesis(options: KinesisOptions): Promise<Kinesis> {
  const durable = await options.store.open("kinesis", kinesisCodec);
  const engine = new KinesisEngine({ durable, clock: options.clock, region: options.region, accountId: options.accountId });
  const eventSources = new KinesisEventSources(engine, options.invoker, options.logger, options.sendOnFailure);
  const poller: EventSourcePoller = {
    sourceExists: (arn) => engine.streamOfArn(arn) !== undefined,
    start: (settings: EventSourceMappingSettings, uuid?: string) => eventSources.create(settings, uuid),
    update: (uuid, settings) => eventSources.update(uuid, settings),
    stop: (uuid) => eventSources.delete(uuid),
    lastProcessingResult: (uuid) => eventSources.lastProcessingResult(uuid),
  };
  const handle = createKinesisWire(engine, options.logger);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    engine.subscriptions.closeAll();
    await eventSources.close();
    await durable.compact();
  };
  return { engine, eventSources, poller, close, service: { name: "kinesis", route: KINESIS_ROUTE, handle, close } };
}
