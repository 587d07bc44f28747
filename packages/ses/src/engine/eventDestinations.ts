/**
 * Configuration set event destinations (SES v1 Create/Update/DeleteConfigurationSetEventDestination,
 * DescribeConfigurationSet's EventDestinations) and event publishing to their SNS topics: a sent
 * message's Send and Delivery events, as SES publishes them.
 *
 * Recorded on AWS (localstack tests/aws/services/ses/test_ses.snapshot.json): the refusals' texts,
 * the "Successfully validated SNS topic for Amazon SES event publishing." message a new SNS
 * destination receives, and the events' shape (Subject "Amazon SES Email Event Notification";
 * eventType, mail with its headers, commonHeaders and tags, send {} or delivery {…}). The sandbox
 * delivers every message, so Send and Delivery are the events it has; values AWS's recording hid
 * (source and outgoing IPs, the caller, the MTA) are the sandbox's own.
 */
import { EventDestinationAlreadyExistsException, EventDestinationDoesNotExistException, InvalidSNSDestinationException } from "../errors.js";
import { commit, identityArn, type SesContext } from "./context.js";
import { configurationSetOf } from "./configurationSets.js";
import type { EventDestination, SentEmail } from "./state.js";

async function putDestinations(ctx: SesContext, name: string, destinations: EventDestination[]): Promise<void> {
  const set = configurationSetOf(ctx, name);
  await commit(ctx, { t: "putConfigurationSet", set: { ...set, eventDestinations: destinations } });
}

/** A new SNS destination gets SES's validation message; a topic SNS does not have is refused. */
async function validateTopic(ctx: SesContext, topicArn: string): Promise<void> {
  if (!ctx.dispatcher) return;
  try {
    await ctx.dispatcher.call("sns", "Publish", { TopicArn: topicArn, Message: "Successfully validated SNS topic for Amazon SES event publishing." });
  } catch {
    throw new InvalidSNSDestinationException(topicArn);
  }
}

export async function createConfigurationSetEventDestination(ctx: SesContext, input: { ConfigurationSetName: string; EventDestination: EventDestination }): Promise<Record<string, never>> {
  const existing = configurationSetOf(ctx, input.ConfigurationSetName).eventDestinations ?? [];
  if (existing.some((d) => d.Name === input.EventDestination.Name)) throw new EventDestinationAlreadyExistsException(input.EventDestination.Name);
  if (input.EventDestination.SNSDestination) await validateTopic(ctx, input.EventDestination.SNSDestination.TopicARN);
  await putDestinations(ctx, input.ConfigurationSetName, [...existing, input.EventDestination]);
  return {};
}

export async function updateConfigurationSetEventDestination(ctx: SesContext, input: { ConfigurationSetName: string; EventDestination: EventDestination }): Promise<Record<string, never>> {
  const existing = configurationSetOf(ctx, input.ConfigurationSetName).eventDestinations ?? [];
  if (!existing.some((d) => d.Name === input.EventDestination.Name)) throw new EventDestinationDoesNotExistException(input.ConfigurationSetName);
  await putDestinations(ctx, input.ConfigurationSetName, existing.map((d) => (d.Name === input.EventDestination.Name ? input.EventDestination : d)));
  return {};
}

export async function deleteConfigurationSetEventDestination(ctx: SesContext, input: { ConfigurationSetName: string; EventDestinationName: string }): Promise<Record<string, never>> {
  const existing = configurationSetOf(ctx, input.ConfigurationSetName).eventDestinations ?? [];
  if (!existing.some((d) => d.Name === input.EventDestinationName)) throw new EventDestinationDoesNotExistException(input.ConfigurationSetName);
  await putDestinations(ctx, input.ConfigurationSetName, existing.filter((d) => d.Name !== input.EventDestinationName));
  return {};
}

// SESv2: the same destinations, its event types upper-cased (SEND, RENDERING_FAILURE, …) and SnsDestination.TopicArn

interface V2EventDestination {
  Enabled?: boolean;
  MatchingEventTypes?: string[];
  SnsDestination?: { TopicArn: string };
  CloudWatchDestination?: Record<string, unknown>;
  KinesisFirehoseDestination?: Record<string, unknown>;
  EventBridgeDestination?: Record<string, unknown>;
  PinpointDestination?: Record<string, unknown>;
}

const V1_TYPES: Record<string, string> = {
  SEND: "send", REJECT: "reject", BOUNCE: "bounce", COMPLAINT: "complaint", DELIVERY: "delivery", OPEN: "open", CLICK: "click",
  RENDERING_FAILURE: "renderingFailure", DELIVERY_DELAY: "deliveryDelay", SUBSCRIPTION: "subscription",
};
const V2_TYPES: Record<string, string> = Object.fromEntries(Object.entries(V1_TYPES).map(([v2, v1]) => [v1, v2]));

function fromV2(name: string, destination: V2EventDestination): EventDestination {
  return {
    Name: name,
    Enabled: destination.Enabled ?? false,
    MatchingEventTypes: (destination.MatchingEventTypes ?? []).map((t) => V1_TYPES[t] ?? t.toLowerCase()),
    ...(destination.SnsDestination ? { SNSDestination: { TopicARN: destination.SnsDestination.TopicArn } } : {}),
    ...(destination.CloudWatchDestination ? { CloudWatchDestination: destination.CloudWatchDestination } : {}),
    ...(destination.KinesisFirehoseDestination ? { KinesisFirehoseDestination: destination.KinesisFirehoseDestination } : {}),
  };
}

export function createConfigurationSetEventDestinationV2(ctx: SesContext, input: { ConfigurationSetName: string; EventDestinationName: string; EventDestination: V2EventDestination }) {
  return createConfigurationSetEventDestination(ctx, { ConfigurationSetName: input.ConfigurationSetName, EventDestination: fromV2(input.EventDestinationName, input.EventDestination) });
}

export function updateConfigurationSetEventDestinationV2(ctx: SesContext, input: { ConfigurationSetName: string; EventDestinationName: string; EventDestination: V2EventDestination }) {
  return updateConfigurationSetEventDestination(ctx, { ConfigurationSetName: input.ConfigurationSetName, EventDestination: fromV2(input.EventDestinationName, input.EventDestination) });
}

export function deleteConfigurationSetEventDestinationV2(ctx: SesContext, input: { ConfigurationSetName: string; EventDestinationName: string }) {
  return deleteConfigurationSetEventDestination(ctx, input);
}

export function getConfigurationSetEventDestinations(ctx: SesContext, input: { ConfigurationSetName: string }) {
  const destinations = configurationSetOf(ctx, input.ConfigurationSetName).eventDestinations ?? [];
  return {
    EventDestinations: destinations.map((d) => ({
      Name: d.Name,
      Enabled: d.Enabled ?? false,
      MatchingEventTypes: d.MatchingEventTypes.map((t) => V2_TYPES[t] ?? t.toUpperCase()),
      ...(d.SNSDestination ? { SnsDestination: { TopicArn: d.SNSDestination.TopicARN } } : {}),
      ...(d.CloudWatchDestination ? { CloudWatchDestination: d.CloudWatchDestination } : {}),
      ...(d.KinesisFirehoseDestination ? { KinesisFirehoseDestination: d.KinesisFirehoseDestination } : {}),
    })),
  };
}

// Publishing ---------------------------------------------------------------------------------

export interface SendEvent {
  email: SentEmail;
  recipients: string[];
  operation: string;
  configurationSetName: string;
  tags: Array<{ Name: string; Value: string }>;
}

const bareAddress = (address: string): string => /<([^>]*)>/.exec(address)?.[1] ?? address.trim();

function headersOf(event: SendEvent): { headers: Array<{ name: string; value: string }>; common: Record<string, unknown> } {
  const { email } = event;
  const to = email.Destination?.ToAddresses ?? [];
  if (email.RawData !== undefined) {
    // A raw message's own header block.
    const block = email.RawData.split(/\r?\n\r?\n/, 1)[0] ?? "";
    const headers = block.split(/\r?\n(?![ \t])/).filter((line) => line.includes(":")).map((line) => {
      const at = line.indexOf(":");
      return { name: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
    });
    const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
    const from = header("from");
    const rawTo = header("to");
    const subject = header("subject");
    return {
      headers,
      common: {
        ...(from !== undefined ? { from: [from] } : {}),
        ...(rawTo !== undefined ? { to: rawTo.split(",").map((a) => a.trim()) } : {}),
        messageId: email.Id,
        ...(subject !== undefined ? { subject } : {}),
      },
    };
  }
  const headers = [
    { name: "From", value: email.Source },
    ...(to.length > 0 ? [{ name: "To", value: to.join(", ") }] : []),
    ...(email.Subject !== undefined ? [{ name: "Subject", value: email.Subject }] : []),
    { name: "MIME-Version", value: "1.0" },
  ];
  return { headers, common: { from: [email.Source], ...(to.length > 0 ? { to } : {}), messageId: email.Id, ...(email.Subject !== undefined ? { subject: email.Subject } : {}) } };
}

function mailOf(ctx: SesContext, event: SendEvent, delivery: boolean): Record<string, unknown> {
  const source = bareAddress(event.email.Source);
  const domain = source.split("@")[1] ?? source;
  const { headers, common } = headersOf(event);
  const tags: Record<string, string[]> = {
    "ses:operation": [event.operation],
    "ses:configuration-set": [event.configurationSetName],
    "ses:source-ip": ["127.0.0.1"],
    "ses:from-domain": [domain],
    "ses:caller-identity": ["root"],
  };
  for (const tag of event.tags) tags[tag.Name] = [tag.Value];
  if (delivery) tags["ses:outgoing-ip"] = ["127.0.0.1"];
  return {
    timestamp: event.email.Timestamp,
    source: event.email.Source,
    sourceArn: identityArn(ctx, source),
    sendingAccountId: ctx.accountId,
    messageId: event.email.Id,
    destination: event.recipients,
    headersTruncated: false,
    headers,
    commonHeaders: common,
    tags,
  };
}

/** Publishes the message's Send and Delivery events to the configuration set's enabled SNS destinations. */
export async function publishEvents(ctx: SesContext, event: SendEvent): Promise<void> {
  const dispatcher = ctx.dispatcher;
  if (!dispatcher) return;
  const destinations = (ctx.durable.state.configurationSets.get(event.configurationSetName)?.eventDestinations ?? []).filter((d) => d.Enabled !== false && d.SNSDestination);
  if (destinations.length === 0) return;
  const events: Array<{ type: string; matching: string; body: Record<string, unknown> }> = [
    { type: "Send", matching: "send", body: { eventType: "Send", mail: mailOf(ctx, event, false), send: {} } },
    {
      type: "Delivery",
      matching: "delivery",
      body: {
        eventType: "Delivery",
        mail: mailOf(ctx, event, true),
        delivery: { timestamp: event.email.Timestamp, processingTimeMillis: 0, recipients: event.recipients, smtpResponse: "250 2.0.0 OK", reportingMTA: "sandbox.smtp-out.amazonses.com" },
      },
    },
  ];
  for (const { matching, body } of events) {
    for (const destination of destinations) {
      if (!destination.MatchingEventTypes.map((t) => t.toLowerCase()).includes(matching)) continue;
      const topicArn = destination.SNSDestination?.TopicARN ?? "";
      try {
        await dispatcher.call("sns", "Publish", { TopicArn: topicArn, Subject: "Amazon SES Email Event Notification", Message: JSON.stringify(body) });
      } catch (error) {
        ctx.logger.warn(`SES event destination ${destination.Name} (${topicArn}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
