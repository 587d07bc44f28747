/**
 * Hands published messages to subscriptions, after Publish has answered (fire and
 * forget): Lambda through the LambdaInvoker port (InvocationType Event), HTTP/S by POST
 * with SNS's headers, email printed to the terminal, SMS and mobile push (application)
 * printed and kept in the Outbox. Failed attempts are retried on the Clock by the
 * protocol's delivery policy; a message no attempt delivers goes to the subscription's
 * dead-letter queue when it has a RedrivePolicy. SQS queues through the QueueSender port (when wired);
 * Firehose is not emulated.
 */
import type { Clock, EventBus, LambdaInvoker, Logger } from "@sam-sandbox/core";
import { AwsError } from "@sam-sandbox/core";
import { HTTP_DELIVERY_TIMEOUT_MS } from "../../limits.js";
import type { SnsMessage, SnsUrls } from "../message.js";
import { contentFor, lambdaEvent, notificationDocument } from "../message.js";
import type { Outbox } from "../outbox.js";
import type { Signer } from "../signing.js";
import type { SnsState, Subscription, Topic } from "../state.js";
import type { RetryPolicy } from "../topicAttributes.js";
import { effectiveTopicPolicy, parseObject } from "../topicAttributes.js";
import type { HttpPost } from "./http.js";
import { CUSTOMER_ENDPOINT_POLICY, MANAGED_ENDPOINT_POLICY, retryDelayMs } from "./retry.js";

/** An SQS message as an sqs subscription sends it (MessageAttributes as SQS's SendMessage takes them). */
export interface QueueMessage {
  body: string;
  attributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
  /** FIFO topics to FIFO queues: the message's group and deduplication ids. */
  groupId?: string;
  dedupId?: string;
  /** The Publish's X-Amzn-Trace-Id: the SQS message's AWSTraceHeader (localstack test_publish_sqs_from_sns_with_xray_propagation, recorded). */
  traceHeader?: string;
}

/** Sends to SQS queues (wired by packages/sandbox); rejects with an AwsError when the queue refuses. */
export interface QueueSender {
  send(queueArn: string, message: QueueMessage): Promise<void>;
}

export interface DelivererPorts {
  state: () => SnsState;
  clock: Clock;
  logger: Logger;
  events?: EventBus;
  invoker: LambdaInvoker;
  post: HttpPost;
  signer: Signer;
  urls: SnsUrls;
  outbox: Outbox;
  /** SQS subscriptions deliver through it; without it they are not emulated. */
  queues?: QueueSender;
}

/** One attempt's outcome: done, worth retrying, or failed for good. */
type Attempt = { ok: true; body?: string; skipped?: boolean } | { ok: false; retry: boolean; error: string; body?: string };

export class Deliverer {
  private readonly inFlight = new Set<Promise<void>>();
  /** FIFO topics deliver one message at a time per subscription, in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly ports: DelivererPorts) {}

  /** Whether messages to `protocol` subscriptions reach anything (sqs needs the QueueSender port; firehose is not emulated). */
  delivers(protocol: string): boolean {
    return protocol === "sqs" ? this.ports.queues !== undefined : protocol !== "firehose";
  }

  /** Starts delivering `message` to `sub`; returns at once. */
  deliver(message: SnsMessage, sub: Subscription, topic: Topic): void {
    if (this.closed) return;
    const run = () => this.run(message, sub, topic);
    let task: Promise<void>;
    if (topic.fifo) {
      task = (this.chains.get(sub.arn) ?? Promise.resolve()).then(run);
      this.chains.set(sub.arn, task);
    } else {
      task = run();
    }
    this.inFlight.add(task);
    void task.finally(() => {
      this.inFlight.delete(task);
      if (this.chains.get(sub.arn) === task) this.chains.delete(sub.arn);
    });
  }

  /** Resolves when every delivery started so far has finished (delivered, failed or given up). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
  }

  private async run(message: SnsMessage, sub: Subscription, topic: Topic): Promise<void> {
    const { logger } = this.ports;
    const policy = this.retryPolicy(sub, topic);
    let attempts = 0;
    try {
      for (;;) {
        attempts++;
        const result = await this.attempt(message, sub, topic);
        if (result.ok) {
          this.report(message, sub, result.skipped ? "skipped" : "delivered", attempts, result.body);
          return;
        }
        const delay = result.retry ? retryDelayMs(policy, attempts) : undefined;
        if (delay === undefined || this.closed) {
          logger.warn(`SNS: could not deliver message ${message.messageId} to ${sub.protocol} ${sub.endpoint} after ${attempts} attempt(s): ${result.error}`);
          this.report(message, sub, "failed", attempts, result.body, result.error);
          if (!this.closed) await this.toDeadLetter(message, sub, topic);
          return;
        }
        logger.debug(`SNS: delivery to ${sub.endpoint} failed (${result.error}); retrying in ${delay / 1000} s`);
        if (delay > 0) await this.ports.clock.sleep(delay);
        if (this.closed) return;
        // An unsubscribed endpoint gets no more retries.
        if (message.type === "Notification" && !this.ports.state().subscriptions.has(sub.arn)) return;
      }
    } catch (error) {
      logger.error(`SNS: delivery to ${sub.endpoint} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.report(message, sub, "failed", attempts, undefined, String(error));
    }
  }

  private attempt(message: SnsMessage, sub: Subscription, topic: Topic): Promise<Attempt> {
    switch (sub.protocol) {
      case "lambda":
        return this.toLambda(message, sub, topic);
      case "http":
      case "https":
        return this.toHttp(message, sub, topic);
      case "email":
      case "email-json":
        return Promise.resolve(this.toTerminal(message, sub, topic));
      case "sms":
        return Promise.resolve(this.toPhone(message, sub));
      case "application":
        return Promise.resolve(this.toDevice(message, sub));
      case "sqs":
        return this.ports.queues ? this.toQueue(message, sub, topic, this.ports.queues) : Promise.resolve(this.notEmulated(message, sub));
      default:
        return Promise.resolve(this.notEmulated(message, sub));
    }
  }

  private async toLambda(message: SnsMessage, sub: Subscription, topic: Topic): Promise<Attempt> {
    const { urls, signer, invoker } = this.ports;
    const body = JSON.stringify(lambdaEvent(message, sub, urls, signer, topic.attributes.SignatureVersion ?? "1"));
    try {
      const result = await invoker.invoke({ functionName: sub.endpoint, payload: Buffer.from(body), invocationType: "Event", source: "sns", traceHeader: message.traceHeader });
      if (result.statusCode >= 200 && result.statusCode < 300) return { ok: true, body };
      return { ok: false, retry: true, error: `Lambda answered ${result.statusCode}`, body };
    } catch (error) {
      // A missing function or a refused payload will not get better (client-side error); throttling and service errors are retried.
      const permanent = error instanceof AwsError && error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 429;
      return { ok: false, retry: !permanent, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), body };
    }
  }

  /**
   * The SNS notification document as the message body, or with RawMessageDelivery the message
   * itself, its message attributes becoming the SQS message's ("Amazon SNS raw message delivery").
   */
  private async toQueue(message: SnsMessage, sub: Subscription, topic: Topic, queues: QueueSender): Promise<Attempt> {
    const raw = sub.attributes.RawMessageDelivery === "true";
    const body = raw
      ? contentFor(message, "sqs")
      : JSON.stringify(notificationDocument(message, sub, this.ports.urls, this.ports.signer, topic.attributes.SignatureVersion ?? "1", topic.fifo));
    // A FIFO topic's group and deduplication ids go to FIFO queues only: its messages reach a standard
    // queue without them (localstack test_fifo_topic_to_regular_sqs, recorded on AWS in August 2025).
    const fifoQueue = sub.endpoint.endsWith(".fifo");
    try {
      await queues.send(sub.endpoint, {
        body,
        ...(raw && Object.keys(message.attributes).length > 0 ? { attributes: message.attributes } : {}),
        ...(message.groupId !== undefined && (fifoQueue || !topic.fifo) ? { groupId: message.groupId } : {}),
        ...(message.dedupId !== undefined && fifoQueue ? { dedupId: message.dedupId } : {}),
        ...(message.traceHeader !== undefined ? { traceHeader: message.traceHeader } : {}),
      });
      return { ok: true, body };
    } catch (error) {
      // A missing queue or a refused message will not get better; service errors are retried.
      const permanent = error instanceof AwsError && error.statusCode >= 400 && error.statusCode < 500;
      return { ok: false, retry: !permanent, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), body };
    }
  }

  private async toHttp(message: SnsMessage, sub: Subscription, topic: Topic): Promise<Attempt> {
    const raw = message.type === "Notification" && sub.attributes.RawMessageDelivery === "true";
    const signatureVersion = topic.attributes.SignatureVersion ?? "1";
    const body = raw
      ? contentFor(message, sub.protocol)
      : JSON.stringify(notificationDocument(message, sub, this.ports.urls, this.ports.signer, signatureVersion, topic.fifo));
    const headers: Record<string, string> = {
      // Confirmations go as text/plain whatever the delivery policy says (localstack
      // test_subscribe_external_http_endpoint_content_type, recorded on AWS); notifications take its type.
      "content-type": message.type === "Notification" ? this.contentType(sub, topic) : "text/plain; charset=UTF-8",
      // As AWS sends it (localstack test_sns.snapshot.json, test_subscribe_external_http_endpoint, recorded).
      "accept-encoding": "gzip,deflate",
      "user-agent": "Amazon Simple Notification Service Agent",
      "x-amz-sns-message-type": message.type,
      "x-amz-sns-message-id": message.messageId,
      "x-amz-sns-topic-arn": message.topicArn,
    };
    if (message.type !== "SubscriptionConfirmation") headers["x-amz-sns-subscription-arn"] = sub.arn;
    if (raw) headers["x-amz-sns-rawdelivery"] = "true";
    try {
      const res = await this.ports.post(sub.endpoint, headers, body, HTTP_DELIVERY_TIMEOUT_MS);
      if (res.status >= 200 && res.status < 300) return { ok: true, body };
      return { ok: false, retry: true, error: `HTTP ${res.status}`, body };
    } catch (error) {
      return { ok: false, retry: true, error: error instanceof Error ? error.message : String(error), body };
    }
  }

  /** An opted-out number gets nothing (AWS drops the message); others get the sms text. */
  private toPhone(message: SnsMessage, sub: Subscription): Attempt {
    const text = contentFor(message, "sms");
    if (this.ports.state().optedOut.has(sub.endpoint)) return { ok: false, retry: false, error: `${sub.endpoint} has opted out of SMS`, body: text };
    this.ports.outbox.send({
      messageId: message.messageId, protocol: "sms", destination: sub.endpoint, message: text, topicArn: message.topicArn,
      subscriptionArn: sub.arn, timestamp: message.timestamp, ...(message.subject !== undefined ? { subject: message.subject } : {}),
    });
    return { ok: true, body: text };
  }

  /** A platform endpoint receives its platform's entry (GCM, APNS, …) of a json-structured message. */
  private toDevice(message: SnsMessage, sub: Subscription): Attempt {
    const state = this.ports.state();
    const endpoint = state.endpoints.get(sub.endpoint);
    const app = endpoint === undefined ? undefined : state.applications.get(endpoint.applicationArn);
    if (!endpoint || !app) return { ok: false, retry: false, error: `endpoint ${sub.endpoint} does not exist` };
    const text = contentFor(message, app.platform);
    if (endpoint.attributes.Enabled !== "true") return { ok: false, retry: false, error: "Endpoint is disabled", body: text };
    this.ports.outbox.send({
      messageId: message.messageId, protocol: "application", destination: endpoint.arn, message: text, topicArn: message.topicArn,
      subscriptionArn: sub.arn, timestamp: message.timestamp, ...(message.subject !== undefined ? { subject: message.subject } : {}),
    }, app.platform);
    return { ok: true, body: text };
  }

  /** email and email-json are printed (the sandbox sends no mail). */
  private toTerminal(message: SnsMessage, sub: Subscription, topic: Topic): Attempt {
    const text = sub.protocol === "email-json"
      ? JSON.stringify(notificationDocument(message, sub, this.ports.urls, this.ports.signer, "1", topic.fifo), null, 2)
      : contentFor(message, sub.protocol);
    const subject = message.subject ?? topic.attributes.DisplayName ?? "AWS Notification Message";
    this.ports.logger.info(`✉ SNS ${sub.protocol} to ${sub.endpoint} — ${subject}\n${indent(text)}`);
    return { ok: true, body: text };
  }

  /**
   * A message no attempt could deliver goes to the subscription's dead-letter queue (RedrivePolicy
   * deadLetterTargetArn): the notification document, or with RawMessageDelivery the message and its
   * attributes; a FIFO topic's group and deduplication ids go along (localstack
   * test_redrive_policy_sqs_queue_subscription, test_redrive_policy_lambda_subscription and
   * test_publish_fifo_messages_to_dlq, recorded on AWS).
   */
  private async toDeadLetter(message: SnsMessage, sub: Subscription, topic: Topic): Promise<void> {
    const target = parseObject(sub.attributes.RedrivePolicy).deadLetterTargetArn;
    const queues = this.ports.queues;
    if (typeof target !== "string" || queues === undefined || message.type !== "Notification") return;
    const raw = sub.attributes.RawMessageDelivery === "true" && (sub.protocol === "sqs" || sub.protocol === "http" || sub.protocol === "https");
    const body = raw
      ? contentFor(message, "sqs")
      : JSON.stringify(notificationDocument(message, sub, this.ports.urls, this.ports.signer, topic.attributes.SignatureVersion ?? "1", topic.fifo));
    const fifoQueue = target.endsWith(".fifo");
    try {
      await queues.send(target, {
        body,
        ...(raw && Object.keys(message.attributes).length > 0 ? { attributes: message.attributes } : {}),
        ...(message.groupId !== undefined && (fifoQueue || !topic.fifo) ? { groupId: message.groupId } : {}),
        ...(message.dedupId !== undefined && fifoQueue ? { dedupId: message.dedupId } : {}),
      });
      this.ports.logger.info(`SNS: message ${message.messageId} for ${sub.endpoint} went to the dead-letter queue ${target}`);
    } catch (error) {
      this.ports.logger.warn(`SNS: the dead-letter queue ${target} refused message ${message.messageId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private notEmulated(message: SnsMessage, sub: Subscription): Attempt {
    this.ports.logger.warn(`SNS: ${sub.protocol} subscriptions are not emulated; message ${message.messageId} for ${sub.endpoint} was not delivered.`);
    return { ok: true, skipped: true };
  }

  /** HTTP/S: the subscription's DeliveryPolicy unless the topic disables overrides, else the topic's. */
  private retryPolicy(sub: Subscription, topic: Topic): RetryPolicy {
    if (sub.protocol === "lambda" || sub.protocol === "sqs" || sub.protocol === "firehose") return MANAGED_ENDPOINT_POLICY;
    if (sub.protocol !== "http" && sub.protocol !== "https") return CUSTOMER_ENDPOINT_POLICY;
    const topicPolicy = effectiveTopicPolicy(topic).http;
    const own = parseObject(sub.attributes.DeliveryPolicy).healthyRetryPolicy;
    if (topicPolicy.disableSubscriptionOverrides || typeof own !== "object" || own === null) return topicPolicy.defaultHealthyRetryPolicy;
    return { ...topicPolicy.defaultHealthyRetryPolicy, ...(own as Partial<RetryPolicy>) };
  }

  private contentType(sub: Subscription, topic: Topic): string {
    const own = parseObject(sub.attributes.DeliveryPolicy).requestPolicy;
    const fromSub = typeof own === "object" && own !== null ? (own as { headerContentType?: unknown }).headerContentType : undefined;
    return typeof fromSub === "string" ? fromSub : effectiveTopicPolicy(topic).http.defaultRequestPolicy.headerContentType;
  }

  private report(
    message: SnsMessage, sub: Subscription, status: "delivered" | "failed" | "skipped", attempts: number, body?: string, error?: string,
  ): void {
    const events = this.ports.events;
    if (events === undefined) return;
    events.emit("snsDelivery", {
      topicArn: message.topicArn,
      subscriptionArn: sub.arn,
      protocol: sub.protocol,
      endpoint: sub.endpoint,
      messageId: message.messageId,
      type: message.type,
      status,
      attempts,
      ...(message.subject !== undefined ? { subject: message.subject } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(error !== undefined ? { error } : {}),
    });
  }
}

function indent(text: string): string {
  return text.split("\n").map((line) => `  ${line}`).join("\n");
}
