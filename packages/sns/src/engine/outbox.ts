/**
 * What the sandbox "sent" to phones and devices. SNS hands SMS and mobile push to carriers and
 * push services the sandbox cannot reach, so each message is printed on the terminal, emitted
 * as an snsDelivery event and kept here (in memory, newest last) for tests and tools.
 */
import type { EventBus, Logger } from "@sam-sandbox/core";
import { MAX_SENT_MESSAGES } from "../limits.js";

export interface SentMessage {
  messageId: string;
  /** "application" (mobile push) or "sms". */
  protocol: "application" | "sms";
  /** The platform endpoint ARN or the phone number. */
  destination: string;
  /** The text the device or phone receives (a platform's own entry of a json-structured message). */
  message: string;
  subject?: string;
  /** Set when the message came through a topic subscription. */
  topicArn?: string;
  subscriptionArn?: string;
  timestamp: number;
}

export class Outbox {
  private readonly sent: SentMessage[] = [];

  constructor(private readonly logger: Logger, private readonly events?: EventBus) {}

  /** Prints, records and announces one message. */
  send(message: SentMessage, platform?: string): void {
    const where = message.protocol === "sms" ? `SMS to ${message.destination}` : `push (${platform ?? "?"}) to ${message.destination}`;
    this.logger.info(`${message.protocol === "sms" ? "✆" : "📱"} SNS ${where}\n${message.message.split("\n").map((l) => `  ${l}`).join("\n")}`);
    this.sent.push(message);
    if (this.sent.length > MAX_SENT_MESSAGES) this.sent.splice(0, this.sent.length - MAX_SENT_MESSAGES);
    // Direct publishes (no topic) are reported too; their topic and subscription ARNs are empty.
    if (message.topicArn === undefined) {
      this.events?.emit("snsDelivery", {
        topicArn: "", subscriptionArn: "", protocol: message.protocol, endpoint: message.destination, messageId: message.messageId,
        type: "Notification", status: "delivered", attempts: 1, body: message.message,
        ...(message.subject !== undefined ? { subject: message.subject } : {}),
      });
    }
  }

  /** Messages sent so far, optionally to one endpoint ARN or phone number. */
  list(destination?: string): SentMessage[] {
    return this.sent.filter((m) => destination === undefined || m.destination === destination);
  }
}
