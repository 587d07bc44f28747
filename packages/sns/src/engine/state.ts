/**
 * SNS state: topics, subscriptions, mobile push applications and endpoints, SMS settings;
 * persisted through the Store port as journal records (one per change) and JSON snapshots.
 */
import type { StateCodec } from "@sam-sandbox/core";

export interface Tag {
  Key: string;
  Value: string;
}

export interface Topic {
  arn: string;
  name: string;
  fifo: boolean;
  /** Attributes the user set (DisplayName, Policy, DeliveryPolicy, ContentBasedDeduplication, …). */
  attributes: Record<string, string>;
  tags: Tag[];
  /** Last FIFO sequence number handed out (decimal text). */
  sequence: string;
  created: number;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  /** FilterPolicy, FilterPolicyScope, RawMessageDelivery, DeliveryPolicy, RedrivePolicy, SubscriptionRoleArn. */
  attributes: Record<string, string>;
  pending: boolean;
  /** ConfirmSubscription's token (http/https until confirmed). */
  token: string;
  authenticated: boolean;
  created: number;
}

/** A mobile push platform application (CreatePlatformApplication). */
export interface PlatformApplication {
  arn: string;
  name: string;
  /** GCM, APNS, APNS_SANDBOX, ADM, BAIDU, MPNS or WNS. */
  platform: string;
  /** What GetPlatformApplicationAttributes shows (Enabled, Event*, *Feedback*, Apple*). */
  attributes: Record<string, string>;
  /** PlatformCredential / PlatformPrincipal: kept, never shown (as on AWS). */
  credentials: Record<string, string>;
  created: number;
}

/** A device endpoint of a platform application (CreatePlatformEndpoint). */
export interface PlatformEndpoint {
  arn: string;
  applicationArn: string;
  /** Enabled, Token and CustomUserData. */
  attributes: Record<string, string>;
  created: number;
}

/** A destination phone number of the SMS sandbox. */
export interface SandboxPhoneNumber {
  phoneNumber: string;
  status: "Pending" | "Verified";
  /** The one-time password the sandbox printed. */
  otp: string;
}

export interface SnsState {
  topics: Map<string, Topic>;
  subscriptions: Map<string, Subscription>;
  /** token → subscription ARN (derived). */
  tokens: Map<string, string>;
  applications: Map<string, PlatformApplication>;
  endpoints: Map<string, PlatformEndpoint>;
  /** Account SMS preferences set by SetSMSAttributes. */
  smsAttributes: Record<string, string>;
  optedOut: Set<string>;
  sandboxNumbers: Map<string, SandboxPhoneNumber>;
}

export type SnsRecord =
  | { t: "createTopic"; topic: Topic }
  | { t: "deleteTopic"; arn: string }
  | { t: "setTopicAttribute"; arn: string; name: string; value: string }
  | { t: "tag"; arn: string; tags: Tag[] }
  | { t: "untag"; arn: string; keys: string[] }
  | { t: "sequence"; arn: string; value: string }
  | { t: "subscribe"; subscription: Subscription }
  | { t: "confirm"; arn: string; authenticated: boolean }
  | { t: "unsubscribe"; arn: string }
  | { t: "setSubscriptionAttribute"; arn: string; name: string; value: string }
  | { t: "putApplication"; application: PlatformApplication }
  | { t: "deleteApplication"; arn: string }
  | { t: "putEndpoint"; endpoint: PlatformEndpoint }
  | { t: "deleteEndpoint"; arn: string }
  | { t: "setSmsAttributes"; attributes: Record<string, string> }
  | { t: "optOut"; phoneNumber: string }
  | { t: "optIn"; phoneNumber: string }
  | { t: "putSandboxNumber"; number: SandboxPhoneNumber }
  | { t: "deleteSandboxNumber"; phoneNumber: string };

export function applyRecord(state: SnsState, record: SnsRecord): void {
  switch (record.t) {
    case "createTopic":
      state.topics.set(record.topic.arn, record.topic);
      return;
    case "deleteTopic":
      state.topics.delete(record.arn);
      for (const sub of [...state.subscriptions.values()]) {
        if (sub.topicArn === record.arn) removeSubscription(state, sub.arn);
      }
      return;
    case "setTopicAttribute": {
      const topic = state.topics.get(record.arn);
      if (!topic) return;
      if (record.value === "") delete topic.attributes[record.name];
      else topic.attributes[record.name] = record.value;
      return;
    }
    case "tag": {
      const topic = state.topics.get(record.arn);
      if (!topic) return;
      for (const tag of record.tags) {
        const existing = topic.tags.find((t) => t.Key === tag.Key);
        if (existing) existing.Value = tag.Value;
        else topic.tags.push({ Key: tag.Key, Value: tag.Value });
      }
      return;
    }
    case "untag": {
      const topic = state.topics.get(record.arn);
      if (topic) topic.tags = topic.tags.filter((t) => !record.keys.includes(t.Key));
      return;
    }
    case "sequence": {
      const topic = state.topics.get(record.arn);
      if (topic) topic.sequence = record.value;
      return;
    }
    case "subscribe":
      state.subscriptions.set(record.subscription.arn, record.subscription);
      if (record.subscription.token !== "") state.tokens.set(record.subscription.token, record.subscription.arn);
      return;
    case "confirm": {
      const sub = state.subscriptions.get(record.arn);
      if (!sub) return;
      sub.pending = false;
      sub.authenticated = record.authenticated;
      return;
    }
    case "unsubscribe":
      removeSubscription(state, record.arn);
      return;
    case "setSubscriptionAttribute": {
      const sub = state.subscriptions.get(record.arn);
      if (!sub) return;
      if (record.value === "") delete sub.attributes[record.name];
      else sub.attributes[record.name] = record.value;
      return;
    }
    case "putApplication":
      state.applications.set(record.application.arn, record.application);
      return;
    case "deleteApplication":
      state.applications.delete(record.arn);
      // Its endpoints go with it.
      for (const endpoint of [...state.endpoints.values()]) {
        if (endpoint.applicationArn === record.arn) state.endpoints.delete(endpoint.arn);
      }
      return;
    case "putEndpoint":
      state.endpoints.set(record.endpoint.arn, record.endpoint);
      return;
    case "deleteEndpoint":
      state.endpoints.delete(record.arn);
      return;
    case "setSmsAttributes":
      for (const [name, value] of Object.entries(record.attributes)) {
        if (value === "") delete state.smsAttributes[name];
        else state.smsAttributes[name] = value;
      }
      return;
    case "optOut":
      state.optedOut.add(record.phoneNumber);
      return;
    case "optIn":
      state.optedOut.delete(record.phoneNumber);
      return;
    case "putSandboxNumber":
      state.sandboxNumbers.set(record.number.phoneNumber, record.number);
      return;
    case "deleteSandboxNumber":
      state.sandboxNumbers.delete(record.phoneNumber);
      return;
  }
}

function removeSubscription(state: SnsState, arn: string): void {
  const sub = state.subscriptions.get(arn);
  if (!sub) return;
  state.subscriptions.delete(arn);
  if (sub.token !== "") state.tokens.delete(sub.token);
}

interface Snapshot {
  topics: Topic[];
  subscriptions: Subscription[];
  applications?: PlatformApplication[];
  endpoints?: PlatformEndpoint[];
  smsAttributes?: Record<string, string>;
  optedOut?: string[];
  sandboxNumbers?: SandboxPhoneNumber[];
}

function emptyState(): SnsState {
  return {
    topics: new Map(), subscriptions: new Map(), tokens: new Map(), applications: new Map(), endpoints: new Map(),
    smsAttributes: {}, optedOut: new Set(), sandboxNumbers: new Map(),
  };
}

export const snsCodec: StateCodec<SnsState, SnsRecord> = {
  empty: emptyState,
  fromSnapshot(json) {
    const snapshot = json as Snapshot;
    const state = emptyState();
    for (const topic of snapshot.topics ?? []) state.topics.set(topic.arn, topic);
    for (const sub of snapshot.subscriptions ?? []) applyRecord(state, { t: "subscribe", subscription: sub });
    for (const app of snapshot.applications ?? []) state.applications.set(app.arn, app);
    for (const endpoint of snapshot.endpoints ?? []) state.endpoints.set(endpoint.arn, endpoint);
    Object.assign(state.smsAttributes, snapshot.smsAttributes ?? {});
    for (const phone of snapshot.optedOut ?? []) state.optedOut.add(phone);
    for (const number of snapshot.sandboxNumbers ?? []) state.sandboxNumbers.set(number.phoneNumber, number);
    return state;
  },
  toSnapshot: (state): Snapshot => ({
    topics: [...state.topics.values()],
    subscriptions: [...state.subscriptions.values()],
    applications: [...state.applications.values()],
    endpoints: [...state.endpoints.values()],
    smsAttributes: state.smsAttributes,
    optedOut: [...state.optedOut],
    sandboxNumbers: [...state.sandboxNumbers.values()],
  }),
  apply: applyRecord,
};
