/**
 * An SNS message and the documents subscribers receive (AWS docs: "Amazon SNS message and
 * JSON formats", "Using AWS Lambda with Amazon SNS"): the HTTP/S and email-json JSON
 * document, and the Lambda event.
 */
import type { MessageAttributes } from "./messageAttributes.js";
import { deliveredAttributes } from "./messageAttributes.js";
import type { Signer } from "./signing.js";
import type { Subscription } from "./state.js";

export type MessageType = "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";

export interface SnsMessage {
  type: MessageType;
  messageId: string;
  topicArn: string;
  /** The text, or per-protocol texts ({"default": …, "lambda": …}) for MessageStructure json. */
  message: string | Readonly<Record<string, string>>;
  subject?: string;
  attributes: MessageAttributes;
  /** ms since the epoch, from the Clock. */
  timestamp: number;
  /** Confirmation messages. */
  token?: string;
  /** FIFO topics. */
  groupId?: string;
  dedupId?: string;
  sequenceNumber?: string;
  /** X-Amzn-Trace-Id of the Publish call (in memory only): Lambda deliveries continue its trace. */
  traceHeader?: string;
}

/** Where the sandbox's edge serves what SNS's own endpoints serve (confirm, unsubscribe, cert). */
export interface SnsUrls {
  subscribe(topicArn: string, token: string): string;
  unsubscribe(subscriptionArn: string): string;
  signingCert(): string;
}

/** The text a protocol receives: its own entry of a json-structured message, else "default". */
export function contentFor(message: SnsMessage, protocol: string): string {
  return contentOf(message.message, protocol);
}

/** contentFor on a message body not yet made into an SnsMessage. */
export function contentOf(content: SnsMessage["message"], protocol: string): string {
  if (typeof content === "string") return content;
  return content[protocol] ?? content.default ?? "";
}

/** The JSON document POSTed to HTTP/S endpoints (and mailed to email-json, queued to SQS). */
export function notificationDocument(
  message: SnsMessage, sub: Subscription, urls: SnsUrls, signer: Signer, signatureVersion: string, fifo: boolean,
): Record<string, unknown> {
  const doc: Record<string, unknown> = { Type: message.type, MessageId: message.messageId };
  const numbered = fifo && message.type === "Notification";
  // FIFO topics send no signature; they number their messages, right after MessageId
  // (localstack test_sns.snapshot.json, test_message_to_fifo_sqs, recorded on AWS).
  if (numbered) doc.SequenceNumber = message.sequenceNumber;
  if (message.type !== "Notification") doc.Token = message.token;
  doc.TopicArn = message.topicArn;
  if (message.type === "Notification" && message.subject !== undefined) doc.Subject = message.subject;
  doc.Message = message.type === "Notification" ? contentFor(message, sub.protocol) : message.message;
  if (message.type !== "Notification" && message.token !== undefined) doc.SubscribeURL = urls.subscribe(message.topicArn, message.token);
  doc.Timestamp = new Date(message.timestamp).toISOString();
  if (!numbered) {
    doc.SignatureVersion = signatureVersion;
    doc.Signature = signer.sign(doc, signatureVersion);
    doc.SigningCertURL = urls.signingCert();
  }
  if (message.type === "Notification") doc.UnsubscribeURL = urls.unsubscribe(sub.arn);
  if (message.type === "Notification" && Object.keys(message.attributes).length > 0) {
    doc.MessageAttributes = deliveredAttributes(message.attributes);
  }
  return doc;
}

/** The event a subscribed function receives (InvocationType Event). */
export function lambdaEvent(message: SnsMessage, sub: Subscription, urls: SnsUrls, signer: Signer, topicSignatureVersion = "1"): Record<string, unknown> {
  const sns: Record<string, unknown> = {
    Type: "Notification",
    MessageId: message.messageId,
    TopicArn: message.topicArn,
    // Lambda events carry "Subject": null when there is none.
    Subject: message.subject ?? null,
    Message: contentFor(message, "lambda"),
    Timestamp: new Date(message.timestamp).toISOString(),
  };
  // AWS writes SignatureVersion "1" in Lambda events whatever the topic's version, yet signs with the
  // topic's algorithm (SHA256 for version 2): localstack test_publish_lambda_verify_signature, recorded on AWS.
  sns.SignatureVersion = "1";
  sns.Signature = signer.sign(sns, topicSignatureVersion);
  sns.SigningCertUrl = urls.signingCert();
  sns.UnsubscribeUrl = urls.unsubscribe(sub.arn);
  sns.MessageAttributes = deliveredAttributes(message.attributes);
  return {
    Records: [{ EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: sub.arn, Sns: sns }],
  };
}

/** AWS's text of the confirmation request. */
export function confirmationText(topicArn: string): string {
  return `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`;
}
