/**
 * SNS state: topics and subscriptions, persisted through the Store port as journal
 * records (one per change) and JSON snapshots.
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

export interface SnsState {
  topics: Map<string, Topic>;
  subscriptions: Map<string, Subscription>;
  /** token → subscription ARN (derived). */
  tokens: Map<string, string>;
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
  | { t: "setSubscriptionAttribute"; arn: string; name: string; value: string };

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
}

export const snsCodec: StateCodec<SnsState, SnsRecord> = {
  empty: () => ({ topics: new Map(), subscriptions: new Map(), tokens: new Map() }),
  fromSnapshot(json) {
    const snapshot = json as Snapshot;
    const state: SnsState = { topics: new Map(), subscriptions: new Map(), tokens: new Map() };
    for (const topic of snapshot.topics ?? []) state.topics.set(topic.arn, topic);
    for (const sub of snapshot.subscriptions ?? []) applyRecord(state, { t: "subscribe", subscription: sub });
    return state;
  },
  toSnapshot: (state): Snapshot => ({ topics: [...state.topics.values()], subscriptions: [...state.subscriptions.values()] }),
  apply: applyRecord,
};
