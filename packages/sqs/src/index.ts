import type { AwsService, Clock, EventSourceMappingSettings, EventSourcePoller, LambdaInvoker, Logger, Store } from "@sam-sandbox/core";
import { SqsEngine } from "./engine/engine.js";
import { sqsCodec } from "./engine/state.js";
import { SqsEventSources, type SqsMappingOptions } from "./eventSources/mappings.js";
import { createSqsWire, JSON_TARGET_PREFIX } from "./wire.js";

export { SqsEngine } from "./engine/engine.js";
export type { MessageAttribute } from "./engine/state.js";
export type { SendMessageInput, SendMessageResult } from "./engine/send.js";
export { SqsEventSources, DEFAULT_SQS_BATCH_SIZE, type SqsMappingOptions } from "./eventSources/mappings.js";
export type { SqsEventRecord, SqsEventMessageAttribute } from "./eventSources/event.js";

export interface SqsOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** The edge's base URL ("http://127.0.0.1:4566"): queue URLs made outside a request start with it. */
  edgeUrl: string;
  /** Invokes the functions of event source mappings from queues. */
  invoker: LambdaInvoker;
}

export interface Sqs {
  service: AwsService;
  engine: SqsEngine;
  /** Event source mappings from queues to functions. */
  eventSources: SqsEventSources;
  /** The same mappings, as Lambda's event source mapping API runs them (core's port). */
  poller: EventSourcePoller;
  /** Stops the mappings, ends long polls and flushes state. */
  close(): Promise<void>;
}

/** A mapping's settings as the SQS pollers take them. */
export function sqsMappingOptions(s: EventSourceMappingSettings): Omit<SqsMappingOptions, "id"> {
  return {
    functionName: s.functionName,
    queueArn: s.eventSourceArn,
    batchSize: s.batchSize,
    maximumBatchingWindowInSeconds: s.maximumBatchingWindowInSeconds,
    functionResponseTypes: s.functionResponseTypes,
    ...(s.filterCriteria ? { filterCriteria: s.filterCriteria } : {}),
    enabled: s.enabled,
  };
}

/**
 * Amazon SQS on the edge: routed by X-Amz-Target "AmazonSQS.*" (awsJson 1.0) and by SigV4
 * signing name "sqs" (the Query/XML form carries no target).
 */
export async function createSqs(options: SqsOptions): Promise<Sqs> {
  const durable = await options.store.open("sqs", sqsCodec);
  const engine = new SqsEngine({
    durable,
    clock: options.clock,
    logger: options.logger,
    region: options.region,
    accountId: options.accountId,
    edgeUrl: options.edgeUrl,
  });
  const eventSources = new SqsEventSources(engine, options.invoker, options.clock, options.logger, options.region);
  const poller: EventSourcePoller = {
    sourceExists: (arn) => eventSources.queueExists(arn),
    start: (settings, uuid) => eventSources.create({ ...sqsMappingOptions(settings), ...(uuid ? { id: uuid } : {}) }).UUID,
    update: (uuid, settings) => eventSources.update(uuid, sqsMappingOptions(settings)),
    stop: (uuid) => eventSources.delete(uuid),
  };
  const handle = createSqsWire(engine, options.logger, options.edgeUrl);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await eventSources.close();
    engine.close();
    await durable.compact();
  };
  return {
    engine,
    eventSources,
    poller,
    close,
    service: { name: "sqs", route: { signingNames: ["sqs"], targetPrefixes: [JSON_TARGET_PREFIX] }, handle, close },
  };
}
