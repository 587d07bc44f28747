/**
 * Sends matched events to rule targets, through the ports the sandbox wires (DESIGN.md
 * rule 1): Lambda functions are invoked asynchronously (InvocationType Event), SNS topics
 * get Publish, Step Functions state machines StartExecution, SQS queues SendMessage, CloudWatch
 * Logs log groups PutLogEvents, API destinations an HTTP request (apiDestination.ts), other
 * event buses the event itself. A failed delivery is retried on the Clock with exponential
 * back-off per the target's RetryPolicy, then sent to its DeadLetterConfig queue, as
 * EventBridge does ("Event retry policy and using dead-letter queues").
 */
import { AwsError, uuid, type AwsDispatcher, type Clock, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import { DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS } from "../limits.js";
import { callApiDestination, NotRetried } from "./apiDestination.js";
import type { ApiInvocation } from "./connections.js";
import { selectPath } from "./input.js";
import type { Target } from "./state.js";

export interface DeliveryPorts {
  clock: Clock;
  logger: Logger;
  invoker?: LambdaInvoker;
  dispatcher?: AwsDispatcher;
  /** The edge's base URL: a queue's URL is <edgeUrl>/<account>/<name>. */
  edgeUrl: string;
  /** Puts an event onto another bus of this EventBridge (targets that are event buses). */
  forward(busArn: string, event: Record<string, unknown>): void;
  /** An API destination of this EventBridge, by ARN. */
  apiDestination?(arn: string): ApiInvocation | undefined;
}

export interface Delivery {
  ruleArn: string;
  target: Target;
  /** The text the target is sent (the event's JSON, or what Input/InputPath/InputTransformer made). */
  payload: string;
  event: Record<string, unknown>;
  traceHeader?: string;
}

/** First retry after 1 s, doubling up to a minute between attempts. */
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

export class Deliverer {
  private readonly timers = new Set<{ cancel(): void }>();
  private closed = false;

  constructor(private readonly ports: DeliveryPorts) {}

  /** Starts a delivery; failures are retried and logged, never thrown to PutEvents. */
  deliver(delivery: Delivery): void {
    void this.attempt(delivery, 0, this.ports.clock.now());
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
  }

  private async attempt(delivery: Delivery, retries: number, firstAt: number): Promise<void> {
    if (this.closed) return;
    try {
      await this.send(delivery);
      this.ports.logger.debug(`EventBridge: ${delivery.ruleArn} → ${delivery.target.Arn}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const policy = (delivery.target.RetryPolicy ?? {}) as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
      const maxRetries = policy.MaximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
      const maxAgeMs = (policy.MaximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000;
      const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** retries);
      const { clock } = this.ports;
      if (!(error instanceof NotRetried) && retries < maxRetries && clock.now() + delay - firstAt <= maxAgeMs) {
        this.ports.logger.debug(`EventBridge: ${delivery.target.Arn} failed (${message}); retrying in ${delay} ms`);
        const timer = clock.setTimeout(() => {
          this.timers.delete(timer);
          void this.attempt(delivery, retries + 1, firstAt);
        }, delay);
        this.timers.add(timer);
        return;
      }
      await this.deadLetter(delivery, message, retries);
    }
  }

  private async send(delivery: Delivery): Promise<void> {
    const { target, payload, traceHeader } = delivery;
    const arn = target.Arn;
    const service = arn.split(":")[2];
    const { invoker, dispatcher } = this.ports;
    const options = traceHeader ? { traceHeader } : undefined;
    switch (service) {
      case "lambda":
        if (!invoker) throw new Error("Lambda is not running in this sandbox");
        await invoker.invoke({ functionName: arn, payload: Buffer.from(payload), invocationType: "Event", source: "events", ...(traceHeader ? { traceHeader } : {}) });
        return;
      case "events": {
        if (!arn.includes(":api-destination/")) {
          this.ports.forward(arn, delivery.event);
          return;
        }
        const api = this.ports.apiDestination?.(arn);
        if (!api) throw new NotRetried(`API destination ${arn} does not exist`);
        await callApiDestination(api, target, payload, dispatcher);
        return;
      }
      case "sns":
        await this.dispatch("sns", "Publish", { TopicArn: arn, Message: payload }, dispatcher, options);
        return;
      case "states":
        await this.dispatch("states", "StartExecution", { stateMachineArn: arn, name: executionName(delivery.event), input: payload }, dispatcher, options);
        return;
      case "logs":
        await this.putLogEvent(arn, delivery, dispatcher);
        return;
      case "sqs": {
        const sqs = target.SqsParameters as { MessageGroupId?: string } | undefined;
        const input = { QueueUrl: this.queueUrl(arn), MessageBody: payload, ...(sqs?.MessageGroupId ? { MessageGroupId: sqs.MessageGroupId } : {}) };
        await this.dispatch("sqs", "SendMessage", input, dispatcher, options);
        return;
      }
      case "kinesis": {
        // KinesisParameters.PartitionKeyPath selects the partition key from the event; without it the event's id is (PutTargets API reference).
        const path = (target.KinesisParameters as { PartitionKeyPath?: string } | undefined)?.PartitionKeyPath;
        const selected = path ? selectPath(delivery.event, path) : delivery.event.id;
        const partitionKey = typeof selected === "string" ? selected : JSON.stringify(selected ?? delivery.event.id);
        await this.dispatch("kinesis", "PutRecord", { StreamARN: arn, PartitionKey: partitionKey, Data: Buffer.from(payload).toString("base64") }, dispatcher, options);
        return;
      }
      default:
        throw new Error(`the sandbox does not deliver to ${service ?? "this"} targets`);
    }
  }

  private async dispatch(
    service: string,
    action: string,
    input: Record<string, unknown>,
    dispatcher: AwsDispatcher | undefined,
    options: { traceHeader: string } | undefined,
  ): Promise<void> {
    if (!dispatcher) throw new Error(`${service} is not reachable from EventBridge in this sandbox`);
    await dispatcher.call(service, action, input, options);
  }

  /**
   * A log-group target: the event (or the target's input) as one log event, in a stream of
   * its own named by the event's id (localstack test_events_targets.py
   * test_put_events_with_target_cloudwatch_logs, recorded on AWS, reads it back from the group).
   */
  private async putLogEvent(arn: string, delivery: Delivery, dispatcher: AwsDispatcher | undefined): Promise<void> {
    const logGroupName = logGroupOf(arn);
    const logStreamName = String(delivery.event.id);
    try {
      await this.dispatch("logs", "CreateLogStream", { logGroupName, logStreamName }, dispatcher, undefined);
    } catch (error) {
      // Another rule (or a retry) already made the event's stream.
      if (!(error instanceof AwsError && error.code === "ResourceAlreadyExistsException")) throw error;
    }
    const logEvents = [{ timestamp: this.ports.clock.now(), message: delivery.payload }];
    await this.dispatch("logs", "PutLogEvents", { logGroupName, logStreamName, logEvents }, dispatcher, undefined);
  }

  private queueUrl(arn: string): string {
    const [, , , , account, name] = arn.split(":");
    return `${this.ports.edgeUrl}/${account ?? ""}/${name ?? ""}`;
  }

  /** After the last retry: the event goes to the target's dead-letter queue, or is dropped with a warning. */
  private async deadLetter(delivery: Delivery, message: string, retries: number): Promise<void> {
    const dlq = (delivery.target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
    const { logger, dispatcher } = this.ports;
    if (dlq === undefined || !dispatcher) {
      logger.warn(`EventBridge: could not deliver to ${delivery.target.Arn} after ${retries} retries: ${message}`);
      return;
    }
    // The DLQ message carries the event and, as attributes, why it was not delivered.
    const text = (value: string) => ({ DataType: "String", StringValue: value });
    try {
      await dispatcher.call("sqs", "SendMessage", {
        QueueUrl: this.queueUrl(dlq),
        MessageBody: JSON.stringify(delivery.event),
        MessageAttributes: {
          RULE_ARN: text(delivery.ruleArn),
          TARGET_ARN: text(delivery.target.Arn),
          ERROR_MESSAGE: text(message),
        },
      });
      logger.warn(`EventBridge: could not deliver to ${delivery.target.Arn} (${message}); sent to ${dlq}`);
    } catch (error) {
      logger.warn(`EventBridge: could not deliver to ${delivery.target.Arn} (${message}) nor to its dead-letter queue: ${String(error)}`);
    }
  }
}

/**
 * The name of a state machine execution a rule starts: the event's id first (localstack
 * test_events_targets.py test_put_events_with_target_statefunction_machine, @aws_validated,
 * finds the executions by it), then a unique part, so that several rules or retries can
 * start the machine for one event.
 */
function executionName(event: Record<string, unknown>): string {
  return `${String(event.id)}_${uuid()}`;
}

/** The log group's name in a log-group ARN ("arn:aws:logs:…:log-group:NAME" with or without ":*"). */
function logGroupOf(arn: string): string {
  const name = arn.slice(arn.indexOf(":log-group:") + ":log-group:".length);
  return name.endsWith(":*") ? name.slice(0, -2) : name;
}
