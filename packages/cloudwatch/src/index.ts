/**
 * Amazon CloudWatch metrics and metric alarms on the edge: routed by X-Amz-Target
 * "GraniteServiceVersion20100801.*" (awsJson 1.0) and by SigV4 signing name "monitoring"
 * (the Query form). Alarms evaluate on the Clock; their SNS and Lambda actions go through the
 * dispatcher port. Embedded Metric Format log lines become metrics through `embeddedMetrics`.
 */
import type { AwsDispatcher, AwsService, Clock, EmbeddedMetrics, Logger, Store } from "@sam-sandbox/core";
import { CloudWatchEngine } from "./engine/engine.js";
import { cloudWatchCodec } from "./engine/state.js";
import { emfPuts, mayBeEmf } from "./emf.js";
import { createCloudWatchCall, createCloudWatchWire, JSON_TARGET_PREFIX, type CloudWatchCall } from "./wire.js";

export { CloudWatchEngine } from "./engine/engine.js";
export { emfPuts, mayBeEmf } from "./emf.js";
export type { CloudWatchCall } from "./wire.js";

/** The edge route, known before the package loads (the sandbox loads it on first use). */
export const CLOUDWATCH_ROUTE: AwsService["route"] = { signingNames: ["monitoring"], targetPrefixes: [JSON_TARGET_PREFIX] };

export interface CloudWatchOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Alarm actions: SNS Publish, Lambda Invoke. */
  dispatcher?: AwsDispatcher;
}

export interface CloudWatch {
  service: AwsService;
  engine: CloudWatchEngine;
  /** Runs an action (its input as the JSON protocol takes it, checked against the model). */
  call: CloudWatchCall;
  embeddedMetrics: EmbeddedMetrics;
  /** Stops the alarms' timers and flushes state. */
  close(): Promise<void>;
}

export async function createCloudWatch(options: CloudWatchOptions): Promise<CloudWatch> {
  const durable = await options.store.open("cloudwatch", cloudWatchCodec);
  const engine = new CloudWatchEngine({ durable, clock: options.clock, logger: options.logger, region: options.region, accountId: options.accountId, dispatcher: options.dispatcher });
  const call = createCloudWatchCall(engine);
  const handle = createCloudWatchWire(call, options.logger);
  let writes = Promise.resolve();
  const embeddedMetrics: EmbeddedMetrics = {
    extract: (_logGroup, events) => {
      const now = options.clock.now();
      // A function stamps its document with the real clock; `sandbox time advance` (or a test's
      // virtual clock) moves the sandbox's: the metric lands where the sandbox's alarms look.
      const shift = now - Date.now();
      const puts = events.flatMap((e) => (mayBeEmf(e.message) ? emfPuts(e.message.trimEnd(), now, shift) : []));
      if (puts.length === 0) return;
      writes = writes.then(() => engine.storePuts(puts)).catch((error: unknown) => options.logger.error(`CloudWatch: embedded metrics not stored: ${String(error)}`));
    },
  };
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await engine.close();
    await writes;
    await durable.compact();
  };
  return { engine, call, embeddedMetrics, close, service: { name: "cloudwatch", route: CLOUDWATCH_ROUTE, handle, close } };
}
