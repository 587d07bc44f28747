/**
 * Amazon EventBridge: event buses, rules (event patterns and schedules), targets (Lambda,
 * SNS, Step Functions, SQS, other buses) with Input / InputPath / InputTransformer, retries
 * and dead-letter queues, PutEvents and TestEventPattern, bus policies (PutPermission). Rules persist through the Store;
 * events do not (delivery is at least once, as on AWS).
 */
import type { AwsDispatcher, AwsService, Clock, LambdaInvoker, Logger, Store } from "@sam-sandbox/core";
import { Deliverer } from "./engine/delivery.js";
import { EventBridgeEngine, type RuleSchedules } from "./engine/engine.js";
import { eventBridgeCodec } from "./engine/state.js";
import { createEventBridgeWire, TARGET_PREFIX } from "./wire.js";

export { EventBridgeEngine, busName } from "./engine/engine.js";
export type { PutRuleInput, RuleSchedules } from "./engine/engine.js";
export type { PutEventsInput, PutEventsOutput, PutEventsEntry } from "./engine/putEvents.js";
export type { Rule, Target, Tag, EventBus } from "./engine/state.js";
export { selectPath, targetInput } from "./engine/input.js";

export interface EventBridgeOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** The edge's base URL: SQS targets are sent to <edgeUrl>/<account>/<queue>. */
  edgeUrl: string;
  /** Invokes Lambda targets (InvocationType Event). */
  invoker?: LambdaInvoker;
  /** Reaches SNS (Publish), Step Functions (StartExecution) and SQS (SendMessage) targets. */
  dispatcher?: AwsDispatcher;
  /** Runs rules' ScheduleExpressions; without it scheduled rules are kept but never fire. */
  schedules?: RuleSchedules;
}

export interface EventBridge {
  service: AwsService;
  engine: EventBridgeEngine;
  close(): Promise<void>;
}

/** EventBridge on the edge: routed by X-Amz-Target "AWSEvents.*" and SigV4 signing name "events". */
export async function createEventBridge(options: EventBridgeOptions): Promise<EventBridge> {
  const durable = await options.store.open("eventbridge", eventBridgeCodec);
  let engine: EventBridgeEngine | undefined;
  const deliverer = new Deliverer({
    clock: options.clock,
    logger: options.logger,
    edgeUrl: options.edgeUrl,
    ...(options.invoker ? { invoker: options.invoker } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    forward: (busArn, event) => engine?.forward(busArn, event),
  });
  engine = new EventBridgeEngine({
    durable,
    clock: options.clock,
    logger: options.logger,
    region: options.region,
    accountId: options.accountId,
    deliverer,
    ...(options.schedules ? { schedules: options.schedules } : {}),
  });
  await engine.armSchedules();
  const handle = createEventBridgeWire(engine, options.logger);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    deliverer.close();
    await durable.compact();
  };
  return {
    engine,
    close,
    service: { name: "events", route: { signingNames: ["events"], targetPrefixes: [TARGET_PREFIX] }, handle, close },
  };
}
