/**
 * Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions(ByTopic),
 * Get/SetSubscriptionAttributes.
 *
 * HTTP/S subscriptions follow SNS's handshake: the endpoint receives a
 * SubscriptionConfirmation whose SubscribeURL (served by the edge) confirms it. Lambda and
 * SQS subscriptions in the same account are confirmed at once; email ones too, since the
 * sandbox sends no mail (AWS waits for the recipient to click the link).
 */
import { hex, uuid } from "@sam-sandbox/core";
import { InvalidParameterException, invalidParameter, subscriptionNotFound } from "../errors.js";
import { CONFIRMATION_TOKEN_TTL_MS } from "../limits.js";
import { parseTopicArn, subscriptionArn } from "./arns.js";
import { change, findTopic, type SnsContext } from "./context.js";
import { confirmationText, type SnsMessage } from "./message.js";
import { page } from "./page.js";
import { E164 } from "./sms.js";
import type { Subscription, Topic } from "./state.js";
import { checkSubscriptionAttributes, subscriptionAttributes } from "./subscriptionAttributes.js";

export interface SubscribeInput {
  TopicArn: string;
  Protocol: string;
  Endpoint?: string;
  Attributes?: Record<string, string>;
  ReturnSubscriptionArn?: boolean;
}

const PROTOCOLS = new Set(["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"]);
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;
/** What Subscribe answers for a subscription awaiting confirmation. */
const PENDING_CONFIRMATION = "pending confirmation";
/** Confirmation tokens: SNS's are long hex strings. */
const TOKEN_BYTES = 128;

export async function subscribe(ctx: SnsContext, input: SubscribeInput): Promise<{ SubscriptionArn: string }> {
  const topic = findTopic(ctx, input.TopicArn);
  const protocol = input.Protocol;
  if (!PROTOCOLS.has(protocol)) throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  const endpoint = input.Endpoint ?? "";
  checkEndpoint(protocol, endpoint);
  // AWS's text runs "arn" into the ARN.
  if (protocol === "application" && !ctx.durable.state.endpoints.has(endpoint)) {
    throw invalidParameter(`Endpoint Reason: Endpoint does not exist for endpoint arn${endpoint}`);
  }
  // FIFO topics deliver to SQS queues only.
  if (topic.fifo && protocol !== "sqs") throw invalidParameter(`Invalid protocol type: ${protocol}`);
  // A FIFO queue takes only a FIFO topic's messages (AWS's text repeats its prefix).
  if (!topic.fifo && protocol === "sqs" && endpoint.endsWith(".fifo")) {
    throw invalidParameter("Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics");
  }
  const given = input.Attributes ?? {};
  const { attributes } = checkSubscriptionAttributes(protocol, {}, given, true, topic.fifo);

  const existing = [...ctx.durable.state.subscriptions.values()].find(
    (s) => s.topicArn === topic.arn && s.protocol === protocol && s.endpoint === endpoint,
  );
  if (existing) {
    if (Object.entries(attributes).some(([k, v]) => (existing.attributes[k] ?? defaultAttribute(k)) !== v)) {
      throw invalidParameter("Attributes Reason: Subscription already exists with different attributes");
    }
    // Subscribing again re-sends a pending endpoint its confirmation request.
    if (existing.pending) sendConfirmation(ctx, existing, topic);
    return { SubscriptionArn: existing.pending && input.ReturnSubscriptionArn !== true ? PENDING_CONFIRMATION : existing.arn };
  }

  const handshake = protocol === "http" || protocol === "https";
  const sub: Subscription = {
    arn: subscriptionArn(topic.arn),
    topicArn: topic.arn,
    protocol,
    endpoint,
    owner: ctx.accountId,
    attributes: Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== "")),
    pending: handshake,
    token: handshake ? hex(TOKEN_BYTES) : "",
    // An email subscription stands confirmed as by its recipient's click on the mailed link, which is
    // unauthenticated: AWS shows such a one with ConfirmationWasAuthenticated "false" (the AWS CLI's
    // get-subscription-attributes example).
    authenticated: !handshake && protocol !== "email" && protocol !== "email-json",
    created: ctx.clock.now(),
  };
  await change(ctx, { t: "subscribe", subscription: sub });
  if (handshake) sendConfirmation(ctx, sub, topic);
  else announce(ctx, sub, topic);
  return { SubscriptionArn: handshake && input.ReturnSubscriptionArn !== true ? PENDING_CONFIRMATION : sub.arn };
}

function defaultAttribute(name: string): string | undefined {
  if (name === "RawMessageDelivery") return "false";
  if (name === "FilterPolicyScope") return "MessageAttributes";
  return undefined;
}

function checkEndpoint(protocol: string, endpoint: string): void {
  switch (protocol) {
    case "http":
    case "https":
      if (!endpoint.startsWith(`${protocol}://`)) throw invalidParameter("Endpoint must match the specified protocol");
      return;
    case "lambda":
      if (!LAMBDA_ARN.test(endpoint)) throw invalidParameter("Lambda endpoint ARN");
      return;
    case "sqs":
      if (endpoint.split(":").length < 6 || !endpoint.startsWith("arn:")) throw invalidParameter("SQS endpoint ARN");
      return;
    case "email":
    case "email-json":
      if (!/^[^@\s]+@[^@\s]+$/.test(endpoint)) throw invalidParameter("Email address");
      return;
    case "sms":
      if (!E164.test(endpoint)) throw new InvalidParameterException(`Invalid SMS endpoint: ${endpoint}`);
      return;
    default:
      if (endpoint === "") throw invalidParameter("Endpoint");
  }
}

/** POSTs the SubscriptionConfirmation (with its SubscribeURL) to an HTTP/S endpoint. */
function sendConfirmation(ctx: SnsContext, sub: Subscription, topic: Topic): void {
  const message: SnsMessage = {
    type: "SubscriptionConfirmation",
    messageId: uuid(),
    topicArn: topic.arn,
    message: confirmationText(topic.arn),
    attributes: {},
    timestamp: ctx.clock.now(),
    token: sub.token,
  };
  ctx.logger.info(`SNS: sent a SubscriptionConfirmation for ${topic.name} to ${sub.endpoint}; it confirms by visiting the SubscribeURL.`);
  ctx.deliverer.deliver(message, sub, topic);
}

function announce(ctx: SnsContext, sub: Subscription, topic: Topic): void {
  if (sub.protocol === "email" || sub.protocol === "email-json") {
    ctx.logger.info(`SNS: ${sub.endpoint} subscribed to ${topic.name} (${sub.protocol}); confirmed at once — on AWS the recipient confirms from an email.`);
  } else if (sub.protocol === "sms" || sub.protocol === "application") {
    ctx.logger.info(`SNS: ${sub.endpoint} subscribed to ${topic.name} (${sub.protocol}); its messages are printed here, as the sandbox sends no ${sub.protocol === "sms" ? "SMS" : "push notifications"}.`);
  } else if (sub.protocol !== "lambda" && !ctx.deliverer.delivers(sub.protocol)) {
    ctx.logger.warn(`SNS: ${sub.protocol} subscriptions are kept but not emulated; messages published to ${topic.name} will not reach ${sub.endpoint}.`);
  }
}

/** Reached from the SubscribeURL (an unsigned GET on the edge) or the API. Idempotent. */
export async function confirmSubscription(
  ctx: SnsContext,
  input: { TopicArn: string; Token: string; AuthenticateOnUnsubscribe?: string },
): Promise<{ SubscriptionArn: string }> {
  parseTopicArn(input.TopicArn, "Topic");
  // AWS-recorded: a token that cannot be one of SNS's (hex) is "Invalid token"; an unknown one "Invalid parameter: Token".
  if (!/^[0-9a-f]+$/i.test(input.Token)) throw new InvalidParameterException("Invalid token");
  const arn = ctx.durable.state.tokens.get(input.Token);
  const sub = arn === undefined ? undefined : ctx.durable.state.subscriptions.get(arn);
  if (!sub || sub.topicArn !== input.TopicArn) throw invalidParameter("Token");
  if (!sub.pending) return { SubscriptionArn: sub.arn };
  if (ctx.clock.now() - sub.created > CONFIRMATION_TOKEN_TTL_MS) throw invalidParameter("Token");
  await change(ctx, { t: "confirm", arn: sub.arn, authenticated: input.AuthenticateOnUnsubscribe === "true" });
  ctx.logger.info(`SNS: ${sub.endpoint} confirmed its subscription to ${input.TopicArn}.`);
  return { SubscriptionArn: sub.arn };
}

/** Idempotent for a subscription that no longer exists. */
export async function unsubscribe(ctx: SnsContext, input: { SubscriptionArn: string }): Promise<Record<string, never>> {
  const arn = input.SubscriptionArn;
  checkSubscriptionArn(arn);
  if (!ctx.durable.state.subscriptions.has(arn)) return {};
  await change(ctx, { t: "unsubscribe", arn });
  return {};
}

interface Listed {
  SubscriptionArn: string;
  Owner: string;
  Protocol: string;
  Endpoint: string;
  TopicArn: string;
}

/** Pending subscriptions are listed as "PendingConfirmation". */
function listed(sub: Subscription): Listed {
  return {
    SubscriptionArn: sub.pending ? "PendingConfirmation" : sub.arn,
    Owner: sub.owner,
    Protocol: sub.protocol,
    Endpoint: sub.endpoint,
    TopicArn: sub.topicArn,
  };
}

export function listSubscriptions(ctx: SnsContext, input: { NextToken?: string }): { Subscriptions: Listed[]; NextToken?: string } {
  const result = page([...ctx.durable.state.subscriptions.values()], (s) => s.arn, input.NextToken);
  return { Subscriptions: result.page.map(listed), ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}) };
}

export function listSubscriptionsByTopic(
  ctx: SnsContext,
  input: { TopicArn: string; NextToken?: string },
): { Subscriptions: Listed[]; NextToken?: string } {
  const topic = findTopic(ctx, input.TopicArn);
  const subs = [...ctx.durable.state.subscriptions.values()].filter((s) => s.topicArn === topic.arn);
  const result = page(subs, (s) => s.arn, input.NextToken);
  return { Subscriptions: result.page.map(listed), ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}) };
}

/**
 * How SNS reads a SubscriptionArn before looking it up (localstack test_sns.snapshot.json, recorded on AWS):
 * fewer than six ':'-separated elements ("pending confirmation" included) name the count; a topic
 * ARN without a subscription id, or an ARN of another service, is "Invalid parameter: SubscriptionId".
 */
function checkSubscriptionArn(arn: string): void {
  const parts = arn.split(":");
  if (parts.length < 6) throw invalidParameter(`SubscriptionArn Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  if (parts.length === 6 || parts[2] !== "sns") throw invalidParameter("SubscriptionId");
}

function findSubscription(ctx: SnsContext, arn: string): Subscription {
  checkSubscriptionArn(arn);
  const sub = ctx.durable.state.subscriptions.get(arn);
  if (!sub) throw subscriptionNotFound();
  return sub;
}

export function getSubscriptionAttributes(ctx: SnsContext, input: { SubscriptionArn: string }): { Attributes: Record<string, string> } {
  const sub = findSubscription(ctx, input.SubscriptionArn);
  return { Attributes: subscriptionAttributes(sub, ctx.durable.state.topics.get(sub.topicArn), ctx.accountId) };
}

export async function setSubscriptionAttributes(
  ctx: SnsContext,
  input: { SubscriptionArn: string; AttributeName: string; AttributeValue?: string },
): Promise<Record<string, never>> {
  const sub = findSubscription(ctx, input.SubscriptionArn);
  const fifoTopic = ctx.durable.state.topics.get(sub.topicArn)?.fifo === true;
  const { attributes } = checkSubscriptionAttributes(sub.protocol, sub.attributes, { [input.AttributeName]: input.AttributeValue ?? "" }, false, fifoTopic);
  const value = attributes[input.AttributeName] ?? "";
  await change(ctx, { t: "setSubscriptionAttribute", arn: sub.arn, name: input.AttributeName, value });
  return {};
}
