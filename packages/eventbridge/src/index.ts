/**
 * Amazon EventBridge: event buses, rules (event patterns and schedules), targets (Lambda,
 * SNS, Step Functions, SQS, CloudWatch Logs, other buses) with Input / InputPath / InputTransformer, retries
 * and dead-letter queues, PutEvents and TestEventPattern, bus policies (PutPermission),
 * connections (credentials in Secrets Manager), API destinations, archives and replays. Rules and
 * archives (with their events) persist through the Store; other events do not (delivery is at
 * least once, as on AWS).
 */
import { uuid, type AwsDispatcher, type AwsService, type Clock, type LambdaInvoker, type Logger, type Store } from "@sam-sandbox/core";
import { Deliverer } from "./engine/delivery.js";
import type { ConnectionSecrets } from "./engine/connections.js";
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
  /** Reaches SNS (Publish), Step Functions (StartExecution), SQS (SendMessage) and CloudWatch Logs (PutLogEvents) targets. */
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
    apiDestination: (arn) => engine?.connections.invocation(arn),
  });
  engine = new EventBridgeEngine({
    durable,
    secrets: connectionSecrets(options),
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
    await engine?.connections.settled();
    await durable.compact();
  };
  return {
    engine,
    close,
    service: { name: "events", route: { signingNames: ["events"], targetPrefixes: [TARGET_PREFIX] }, handle, close },
  };
}

/**
 * Connection secrets in Secrets Manager through the dispatcher; without one (a bare
 * EventBridge) the secret's ARN is made up and the credentials are not kept.
 */
function connectionSecrets(options: EventBridgeOptions): ConnectionSecrets {
  const { dispatcher, region, accountId } = options;
  return {
    async create(name, secret) {
      const made = `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${uuid().slice(0, 6)}`;
      if (!dispatcher) return made;
      const out = await dispatcher.call("secretsmanager", "CreateSecret", { Name: name, SecretString: secret, ClientRequestToken: uuid() });
      return typeof out.ARN === "string" ? out.ARN : made;
    },
    async update(arn, secret) {
      if (!dispatcher) return;
      // Members the update leaves out (a password when only the user name changes) are kept.
      const current = await dispatcher.call("secretsmanager", "GetSecretValue", { SecretId: arn });
      const kept = JSON.parse(typeof current.SecretString === "string" ? current.SecretString : "{}") as Record<string, unknown>;
      const merged = JSON.stringify({ ...kept, ...(JSON.parse(secret) as Record<string, unknown>) });
      await dispatcher.call("secretsmanager", "PutSecretValue", { SecretId: arn, SecretString: merged, ClientRequestToken: uuid() });
    },
    async delete(arn) {
      await dispatcher?.call("secretsmanager", "DeleteSecret", { SecretId: arn, ForceDeleteWithoutRecovery: true });
    },
  };
}
