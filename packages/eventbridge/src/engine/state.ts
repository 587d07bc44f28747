/**
 * EventBridge state: event buses, their rules and the rules' targets, connections, API
 * destinations and tags. Persisted through the Store port (one journal record per change).
 * Events themselves are not kept: PutEvents delivers them at least once, as AWS does, and
 * forgets them.
 */
import type { StateCodec } from "@sam-sandbox/core";

export interface Tag {
  Key: string;
  Value: string;
}

/** A target as PutTargets takes it (Id, Arn, Input, InputPath, InputTransformer, RetryPolicy, …). */
export type Target = { Id: string; Arn: string } & Record<string, unknown>;

export interface Rule {
  name: string;
  arn: string;
  busName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: "ENABLED" | "DISABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";
  description?: string;
  roleArn?: string;
  /** Target Id → target, in the order they were put. */
  targets: Record<string, Target>;
  created: number;
}

export interface EventBus {
  name: string;
  arn: string;
  description?: string;
  created: number;
  modified: number;
  /** The resource policy PutPermission writes (its JSON text). */
  policy?: string;
  /** Rule name → rule. */
  rules: Record<string, Rule>;
}

/** A connection (CreateConnection): its secrets live in Secrets Manager, not here. */
export interface Connection {
  name: string;
  arn: string;
  authorizationType: string;
  /** AuthParameters as DescribeConnection shows them (no password, key value or client secret). */
  authParameters: Record<string, unknown>;
  description?: string;
  state: "AUTHORIZED" | "AUTHORIZING";
  secretArn: string;
  created: number;
  modified: number;
  authorized: number;
}

/** An API destination (CreateApiDestination). */
export interface ApiDestination {
  name: string;
  arn: string;
  connectionArn: string;
  invocationEndpoint: string;
  httpMethod: string;
  rateLimit: number;
  description?: string;
  created: number;
  modified: number;
}

export interface EventBridgeState {
  buses: Map<string, EventBus>;
  /** Resource ARN → tags. */
  tags: Map<string, Tag[]>;
  connections: Map<string, Connection>;
  apiDestinations: Map<string, ApiDestination>;
}

export type EventBridgeRecord =
  | { t: "putBus"; bus: Omit<EventBus, "rules"> }
  | { t: "deleteBus"; name: string }
  | { t: "putRule"; rule: Rule }
  | { t: "deleteRule"; busName: string; name: string }
  | { t: "setRuleState"; busName: string; name: string; state: Rule["state"] }
  | { t: "putTargets"; busName: string; name: string; targets: Target[] }
  | { t: "removeTargets"; busName: string; name: string; ids: string[] }
  | { t: "setTags"; arn: string; tags: Tag[] }
  | { t: "setPolicy"; name: string; modified: number; policy?: string }
  | { t: "putConnection"; connection: Connection }
  | { t: "deleteConnection"; name: string }
  | { t: "putApiDestination"; destination: ApiDestination }
  | { t: "deleteApiDestination"; name: string };

export function applyRecord(state: EventBridgeState, record: EventBridgeRecord): void {
  switch (record.t) {
    case "putBus": {
      const existing = state.buses.get(record.bus.name);
      state.buses.set(record.bus.name, { ...record.bus, rules: existing?.rules ?? {} });
      return;
    }
    case "deleteBus": {
      const bus = state.buses.get(record.name);
      if (!bus) return;
      for (const rule of Object.values(bus.rules)) state.tags.delete(rule.arn);
      state.tags.delete(bus.arn);
      state.buses.delete(record.name);
      return;
    }
    case "putRule": {
      const bus = state.buses.get(record.rule.busName);
      if (bus) bus.rules[record.rule.name] = record.rule;
      return;
    }
    case "deleteRule": {
      const rules = state.buses.get(record.busName)?.rules;
      const rule = rules?.[record.name];
      if (!rules || !rule) return;
      state.tags.delete(rule.arn);
      delete rules[record.name];
      return;
    }
    case "setRuleState": {
      const rule = state.buses.get(record.busName)?.rules[record.name];
      if (rule) rule.state = record.state;
      return;
    }
    case "putTargets": {
      const rule = state.buses.get(record.busName)?.rules[record.name];
      if (rule) for (const target of record.targets) rule.targets[target.Id] = target;
      return;
    }
    case "removeTargets": {
      const rule = state.buses.get(record.busName)?.rules[record.name];
      if (rule) for (const id of record.ids) delete rule.targets[id];
      return;
    }
    case "setPolicy": {
      const bus = state.buses.get(record.name);
      if (!bus) return;
      bus.modified = record.modified;
      if (record.policy === undefined) delete bus.policy;
      else bus.policy = record.policy;
      return;
    }
    case "setTags":
      if (record.tags.length === 0) state.tags.delete(record.arn);
      else state.tags.set(record.arn, record.tags);
      return;
    case "putConnection":
      state.connections.set(record.connection.name, record.connection);
      return;
    case "deleteConnection":
      state.connections.delete(record.name);
      return;
    case "putApiDestination":
      state.apiDestinations.set(record.destination.name, record.destination);
      return;
    case "deleteApiDestination":
      state.apiDestinations.delete(record.name);
      return;
  }
}

interface Snapshot {
  buses: EventBus[];
  tags: [string, Tag[]][];
  /** Absent in snapshots written before connections existed. */
  connections?: Connection[];
  apiDestinations?: ApiDestination[];
}

export const eventBridgeCodec: StateCodec<EventBridgeState, EventBridgeRecord> = {
  empty: () => ({ buses: new Map(), tags: new Map(), connections: new Map(), apiDestinations: new Map() }),
  fromSnapshot(json) {
    const snapshot = json as Snapshot;
    return {
      buses: new Map(snapshot.buses.map((b) => [b.name, b])),
      tags: new Map(snapshot.tags),
      connections: new Map((snapshot.connections ?? []).map((c) => [c.name, c])),
      apiDestinations: new Map((snapshot.apiDestinations ?? []).map((d) => [d.name, d])),
    };
  },
  toSnapshot: (state): Snapshot => ({
    buses: [...state.buses.values()],
    tags: [...state.tags.entries()],
    connections: [...state.connections.values()],
    apiDestinations: [...state.apiDestinations.values()],
  }),
  apply: applyRecord,
};
