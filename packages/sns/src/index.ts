import { NOOP_TRACER, type AwsService, type Clock, type EventBus, type LambdaInvoker, type Logger, type Store, type Tracer } from "@sam-sandbox/core";
import { DedupWindow } from "./engine/dedup.js";
import { Deliverer, type QueueSender } from "./engine/delivery/deliverer.js";
import { nodeHttpPost, type HttpPost } from "./engine/delivery/http.js";
import { SnsEngine } from "./engine/engine.js";
import { Outbox } from "./engine/outbox.js";
import { Signer } from "./engine/signing.js";
import { snsCodec, type SnsRecord, type SnsState } from "./engine/state.js";
import { SNS_PATH_PREFIX, snsUrls } from "./engine/urls.js";
import { createSnsWire, JSON_TARGET_PREFIXES } from "./wire.js";

export { SnsEngine } from "./engine/engine.js";
export type { CreateTopicInput } from "./engine/topics.js";
export type { SubscribeInput } from "./engine/subscriptions.js";
export type { PublishInput, PublishBatchEntry } from "./engine/publish.js";
export type { Tag } from "./engine/state.js";
export type { HttpPost } from "./engine/delivery/http.js";
export type { QueueSender, QueueMessage } from "./engine/delivery/deliverer.js";
export type { SentMessage } from "./engine/outbox.js";
export { parseFilterPolicy } from "./engine/filter/policy.js";
export { matchesAttributes, matchesBody } from "./engine/filter/match.js";
export { SNS_PATH_PREFIX } from "./engine/urls.js";

export interface SnsOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  events?: EventBus;
  region: string;
  accountId: string;
  /** Delivers to lambda subscriptions (InvocationType Event). */
  invoker: LambdaInvoker;
  /** The edge's base URL ("http://127.0.0.1:4566"): SubscribeURL, UnsubscribeURL and SigningCertURL point at it. */
  edgeUrl: string;
  /** Delivers to sqs subscriptions (the sandbox's SQS); without it they are logged as not emulated. */
  queues?: QueueSender;
  /** HTTP/S deliveries (default: node:http, timing out on `deadlines`). */
  httpPost?: HttpPost;
  /** Clock for delivery timeouts when `clock` is scaled (--time-scale); default `clock`. */
  deadlines?: Clock;
  /**
   * Records an X-Ray segment for each Publish carrying a sampled X-Amzn-Trace-Id; Lambda
   * deliveries continue the trace. Default: none recorded (the header is still passed on).
   */
  tracer?: Tracer;
}

export interface Sns {
  service: AwsService;
  engine: SnsEngine;
  /** Stops retries and flushes state. */
  close(): Promise<void>;
}

/**
 * Amazon SNS on the edge: routed by SigV4 signing name "sns" (awsQuery requests carry no
 * X-Amz-Target), by the JSON form's target prefixes, and by SNS_PATH_PREFIX for the
 * unsigned SubscribeURL / UnsubscribeURL / SigningCertURL requests.
 */
export async function createSns(options: SnsOptions): Promise<Sns> {
  const durable = await options.store.open<SnsState, SnsRecord>("sns", snsCodec);
  const signer = new Signer();
  const urls = snsUrls(options.edgeUrl);
  const outbox = new Outbox(options.logger, options.events);
  const deliverer = new Deliverer({
    state: () => durable.state,
    clock: options.clock,
    logger: options.logger,
    events: options.events,
    invoker: options.invoker,
    post: options.httpPost ?? nodeHttpPost(options.deadlines ?? options.clock),
    signer,
    urls,
    outbox,
    ...(options.queues ? { queues: options.queues } : {}),
  });
  const engine = new SnsEngine({
    durable,
    clock: options.clock,
    logger: options.logger,
    events: options.events,
    region: options.region,
    accountId: options.accountId,
    deliverer,
    dedup: new DedupWindow(options.clock),
    urls,
    outbox,
  });
  const handle = createSnsWire(engine, signer, options.logger, options.tracer ?? NOOP_TRACER, options.region);
  const close = async (): Promise<void> => {
    deliverer.close();
    await durable.compact();
  };
  return {
    engine,
    close,
    service: {
      name: "sns",
      route: { signingNames: ["sns"], targetPrefixes: JSON_TARGET_PREFIXES, pathPrefixes: [SNS_PATH_PREFIX] },
      handle,
      close,
    },
  };
}
