/**
 * SES state: identities, templates, configuration sets and the outbox of accepted messages;
 * persisted through the Store port as journal records (one per change) and JSON snapshots.
 */
import type { StateCodec } from "@sam-sandbox/core";
import { OUTBOX_CAPACITY, OUTBOX_MAX_CHARACTERS } from "../limits.js";

export interface Tag {
  Key: string;
  Value: string;
}

export interface Identity {
  /** An email address or a domain, as given. */
  name: string;
  type: "EmailAddress" | "Domain";
  /** A domain's TXT record value (VerifyDomainIdentity). */
  token?: string;
  /** A domain's three DKIM tokens (SESv2 CreateEmailIdentity). */
  dkimTokens?: string[];
  tags: Tag[];
  configurationSetName?: string;
  created: number;
  /** SetIdentityMailFromDomain: a custom MAIL FROM domain. */
  mailFrom?: { domain: string; behaviorOnMxFailure: string };
  /** SetIdentityNotificationTopic: the SNS topic of each notification type set. */
  notificationTopics?: Partial<Record<NotificationType, string>>;
  /** SetIdentityHeadersInNotificationsEnabled, per notification type; absent is false. */
  headersInNotifications?: Partial<Record<NotificationType, boolean>>;
  /** SetIdentityFeedbackForwardingEnabled; absent is true. */
  forwardingEnabled?: boolean;
  /** PutIdentityPolicy: policy name → document. */
  policies?: Record<string, string>;
}

export type NotificationType = "Bounce" | "Complaint" | "Delivery";

export interface Template {
  name: string;
  subject?: string;
  text?: string;
  html?: string;
  created: number;
}

/** An event destination as SES v1 describes it (SNSDestination is the one the sandbox publishes to). */
export interface EventDestination {
  Name: string;
  Enabled?: boolean;
  MatchingEventTypes: string[];
  SNSDestination?: { TopicARN: string };
  CloudWatchDestination?: Record<string, unknown>;
  KinesisFirehoseDestination?: Record<string, unknown>;
}

export interface ConfigurationSet {
  name: string;
  created: number;
  eventDestinations?: EventDestination[];
  /** UpdateConfigurationSetSendingEnabled; absent is true (ReputationOptions: "The default value is true"). */
  sendingEnabled?: boolean;
  /** UpdateConfigurationSetReputationMetricsEnabled; absent is false. */
  reputationMetricsEnabled?: boolean;
  /** Epoch ms of the last re-enabling of sending (a "fresh start"); absent until sending was disabled and enabled again. */
  lastFreshStart?: number;
  /** PutConfigurationSetDeliveryOptions (either API): absent until put; TlsPolicy as SES v1 writes it ("Require", "Optional"). */
  deliveryOptions?: { TlsPolicy?: string; SendingPoolName?: string; MaxDeliverySeconds?: number };
  /** SESv2 SuppressionOptions: absent until put. */
  suppressionOptions?: { SuppressedReasons?: string[] };
  /** SESv2 TrackingOptions given at creation. */
  trackingOptions?: { CustomRedirectDomain: string; HttpsPolicy?: string };
  /** SESv2 tags (TagResource, CreateConfigurationSet's Tags). */
  tags?: Tag[];
}

/** An accepted message as LocalStack's GET /_aws/ses lists it (with what the sandbox adds: rendered parts, parsed raw). */
export interface SentEmail {
  Id: string;
  Region: string;
  Source: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Subject?: string;
  Body?: { text_part: string | null; html_part: string | null };
  RawData?: string;
  Template?: string;
  TemplateData?: string;
  /** ISO 8601, UTC. */
  Timestamp: string;
  /** Epoch ms (quota and statistics). */
  sentAt: number;
  /** Recipients counted against the quota. */
  recipients: number;
}

export interface SesState {
  /** Keyed by lower-cased name: SES matches identities without regard to case. */
  identities: Map<string, Identity>;
  templates: Map<string, Template>;
  configurationSets: Map<string, ConfigurationSet>;
  /** Message id → message, in sending order. */
  outbox: Map<string, SentEmail>;
  /** The outbox's messages' characters (outboxSize of each), kept with it. */
  outboxCharacters: number;
}

/** A kept message's weight: its raw text, parts, subject and template data (the rest is small). */
export const outboxSize = (email: SentEmail): number =>
  (email.RawData?.length ?? 0) + (email.Body?.text_part?.length ?? 0) + (email.Body?.html_part?.length ?? 0) + (email.Subject?.length ?? 0) + (email.TemplateData?.length ?? 0);

function dropFromOutbox(state: SesState, id: string): void {
  const email = state.outbox.get(id);
  if (email === undefined) return;
  state.outbox.delete(id);
  state.outboxCharacters -= outboxSize(email);
}

export type SesRecord =
  | { t: "putIdentity"; identity: Identity }
  | { t: "deleteIdentity"; name: string }
  | { t: "putTemplate"; template: Template }
  | { t: "deleteTemplate"; name: string }
  | { t: "putConfigurationSet"; set: ConfigurationSet }
  | { t: "deleteConfigurationSet"; name: string }
  | { t: "sent"; email: SentEmail }
  | { t: "clearOutbox"; id?: string };

export const identityKey = (name: string): string => name.toLowerCase();

export function applyRecord(state: SesState, record: SesRecord): void {
  switch (record.t) {
    case "putIdentity":
      state.identities.set(identityKey(record.identity.name), record.identity);
      return;
    case "deleteIdentity":
      state.identities.delete(identityKey(record.name));
      return;
    case "putTemplate":
      state.templates.set(record.template.name, record.template);
      return;
    case "deleteTemplate":
      state.templates.delete(record.name);
      return;
    case "putConfigurationSet":
      state.configurationSets.set(record.set.name, record.set);
      return;
    case "deleteConfigurationSet":
      state.configurationSets.delete(record.name);
      return;
    case "sent":
      dropFromOutbox(state, record.email.Id);
      state.outbox.set(record.email.Id, record.email);
      state.outboxCharacters += outboxSize(record.email);
      // The oldest message goes once the outbox is full, by count or by size, the newest always kept (a Map iterates in insertion order).
      while (state.outbox.size > OUTBOX_CAPACITY || (state.outboxCharacters > OUTBOX_MAX_CHARACTERS && state.outbox.size > 1)) {
        const oldest = state.outbox.keys().next();
        if (oldest.done === true) break;
        dropFromOutbox(state, oldest.value);
      }
      return;
    case "clearOutbox":
      if (record.id !== undefined) dropFromOutbox(state, record.id);
      else {
        state.outbox.clear();
        state.outboxCharacters = 0;
      }
      return;
  }
}

interface Snapshot {
  identities?: Identity[];
  templates?: Template[];
  configurationSets?: ConfigurationSet[];
  outbox?: SentEmail[];
}

function emptyState(): SesState {
  return { identities: new Map(), templates: new Map(), configurationSets: new Map(), outbox: new Map(), outboxCharacters: 0 };
}

export const sesCodec: StateCodec<SesState, SesRecord> = {
  empty: emptyState,
  fromSnapshot(json) {
    const snapshot = json as Snapshot;
    const state = emptyState();
    for (const identity of snapshot.identities ?? []) state.identities.set(identityKey(identity.name), identity);
    for (const template of snapshot.templates ?? []) state.templates.set(template.name, template);
    for (const set of snapshot.configurationSets ?? []) state.configurationSets.set(set.name, set);
    for (const email of snapshot.outbox ?? []) {
      state.outbox.set(email.Id, email);
      state.outboxCharacters += outboxSize(email);
    }
    return state;
  },
  toSnapshot: (state): Snapshot => ({
    identities: [...state.identities.values()],
    templates: [...state.templates.values()],
    configurationSets: [...state.configurationSets.values()],
    outbox: [...state.outbox.values()],
  }),
  apply: applyRecord,
};
