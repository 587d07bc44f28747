/**
 * X-Ray's configuration as kept in memory and in the store (collection "xray-config"):
 * groups, sampling rules (with their tags), resource policies and the account settings
 * (encryption, segment destination, indexing rule). One journal record per change.
 */
import type { DurableState, StateCodec } from "@sam-sandbox/core";

export interface Tag {
  Key: string;
  Value: string;
}

export interface InsightsConfiguration {
  InsightsEnabled: boolean;
  NotificationsEnabled: boolean;
}

export interface StoredGroup {
  GroupName: string;
  GroupARN: string;
  FilterExpression?: string;
  InsightsConfiguration: InsightsConfiguration;
  Tags: Tag[];
}

export interface SamplingRule {
  RuleName: string;
  RuleARN: string;
  ResourceARN: string;
  Priority: number;
  FixedRate: number;
  ReservoirSize: number;
  ServiceName: string;
  ServiceType: string;
  Host: string;
  HTTPMethod: string;
  URLPath: string;
  Version: number;
  Attributes: Record<string, string>;
}

export interface StoredRule {
  rule: SamplingRule;
  /** Epoch seconds. */
  createdAt: number;
  modifiedAt: number;
  tags: Tag[];
}

export interface StoredPolicy {
  PolicyName: string;
  PolicyDocument: string;
  PolicyRevisionId: string;
  /** Epoch seconds. */
  LastUpdatedTime: number;
}

export interface Settings {
  encryption: { Type: "NONE" | "KMS"; KeyId?: string };
  destination: "XRay" | "CloudWatchLogs";
  /** The Default indexing rule. */
  indexing: { DesiredSamplingPercentage: number; ModifiedAt: number };
}

export interface ConfigState {
  groups: Map<string, StoredGroup>;
  rules: Map<string, StoredRule>;
  policies: Map<string, StoredPolicy>;
  settings: Settings;
}

export type ConfigRecord =
  | { t: "group"; name: string; value?: StoredGroup }
  | { t: "rule"; name: string; value?: StoredRule }
  | { t: "policy"; name: string; value?: StoredPolicy }
  | { t: "settings"; value: Settings };

interface ConfigSnapshot {
  groups: StoredGroup[];
  rules: StoredRule[];
  policies: StoredPolicy[];
  settings: Settings;
}

export function defaultSettings(defaultIndexingPercentage: number): Settings {
  return { encryption: { Type: "NONE" }, destination: "XRay", indexing: { DesiredSamplingPercentage: defaultIndexingPercentage, ModifiedAt: 0 } };
}

/** `empty` gives a fresh account's state: the Default sampling rule and default settings. */
export function configCodec(empty: () => ConfigState): StateCodec<ConfigState, ConfigRecord> {
  return {
    empty,
    toSnapshot: (state): ConfigSnapshot => ({
      groups: [...state.groups.values()],
      rules: [...state.rules.values()],
      policies: [...state.policies.values()],
      settings: state.settings,
    }),
    fromSnapshot: (json) => {
      const snap = json as Partial<ConfigSnapshot>;
      const fresh = empty();
      return {
        groups: new Map((snap.groups ?? []).map((g) => [g.GroupName, g])),
        rules: snap.rules === undefined ? fresh.rules : new Map(snap.rules.map((r) => [r.rule.RuleName, r])),
        policies: new Map((snap.policies ?? []).map((p) => [p.PolicyName, p])),
        settings: snap.settings ?? fresh.settings,
      };
    },
    apply: applyConfig,
  };
}

export function applyConfig(state: ConfigState, record: ConfigRecord): void {
  switch (record.t) {
    case "group":
      setOrDelete(state.groups, record.name, record.value);
      break;
    case "rule":
      setOrDelete(state.rules, record.name, record.value);
      break;
    case "policy":
      setOrDelete(state.policies, record.name, record.value);
      break;
    case "settings":
      state.settings = record.value;
      break;
  }
}

function setOrDelete<V>(map: Map<string, V>, key: string, value: V | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

/** Applies a change at once and writes it; callers answer once it is durable. */
export async function change(durable: DurableState<ConfigState, ConfigRecord>, record: ConfigRecord): Promise<void> {
  applyConfig(durable.state, record);
  await durable.commit(record);
}
