/**
 * EventBridge state: event buses, their rules and the rules' targets, connections, API
 * destinations, tags, archives (with the events they keep) and replays. Persisted through
 * the Store port (one journal record per change). Other events are not kept: PutEvents
 * delivers them at least once, as AWS does, and forgets them.
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
  /** Set on the rules EventBridge makes for itself (an archive's "Events-Archive-<name>"). */
  managedBy?: string;
  /** Target Id → target, in the order they were put. */
  targets: Record<string, Target>;
  created: number;
}

export interface EventBus {
  name: string;
  arn: string;
  description?: string;
  /** The customer managed key events are said to be encrypted with (kept and shown, never used). */
  kmsKeyIdentifier?: string;
  /** Where undeliverable events are said to go (kept and shown, never used). */
  deadLetterConfig?: DeadLetterConfig;
  created: number;
  modified: number;
  /** The resource policy PutPermission writes (its JSON text). */
  policy?: string;
  /** Rule name → rule. */
  rules: Record<string, Rule>;
}

export interface DeadLetterConfig {
  Arn?: string;
}

/** A connection (CreateConnection): its secrets live in Secrets Manager, not here. */
export interface Connection {
  name: string;
  arn: string;
  authorizationType: string;
  /** AuthParameters as DescribeConnection shows them (no password, key value or client secret). */
  authParameters: Record<string, unknown>;
  description?: string;
  /** OAuth: AUTHORIZING until the token exchange ends, then AUTHORIZED or DEAUTHORIZED. */
  state: "AUTHORIZED" | "AUTHORIZING" | "DEAUTHORIZED";
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

/** An event an archive keeps: when it reached the bus, its size and the event itself. */
export interface ArchivedEvent {
  at: number;
  size: number;
  event: Record<string, unknown>;
}

/** An archive (CreateArchive) of the events a bus receives that match its pattern. */
export interface Archive {
  name: string;
  arn: string;
  /** The bus's ARN and name. */
  sourceArn: string;
  busName: string;
  description?: string;
  eventPattern?: string;
  /** 0 or absent: kept indefinitely. */
  retentionDays?: number;
  created: number;
  /** Oldest first. */
  events: ArchivedEvent[];
}

export type ReplayState = "STARTING" | "RUNNING" | "CANCELLING" | "COMPLETED" | "CANCELLED" | "FAILED";

/** A replay (StartReplay) of an archive's events of a time window to its bus. */
export interface Replay {
  name: string;
  arn: string;
  description?: string;
  /** The archive's ARN and name. */
  sourceArn: string;
  archiveName: string;
  destination: { Arn: string; FilterArns?: string[] };
  eventStart: number;
  eventEnd: number;
  state: ReplayState;
  started: number;
  ended?: number;
  lastReplayed?: number;
}

export interface EventBridgeState {
  buses: Map<string, EventBus>;
  /** Resource ARN → tags. */
  tags: Map<string, Tag[]>;
  connections: Map<string, Connection>;
  apiDestinations: Map<string, ApiDestination>;
  archives: Map<string, Archive>;
  replays: Map<string, Replay>;
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
  | { t: "deleteApiDestination"; name: string }
  | { t: "putArchive"; archive: Omit<Archive, "events"> }
  | { t: "deleteArchive"; name: string }
  | { t: "archiveEvent"; name: string; event: ArchivedEvent }
  | { t: "putReplay"; replay: Replay };

const DAY_MS = 86_400_000;

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
    case "putArchive":
      state.archives.set(record.archive.name, { ...record.archive, events: state.archives.get(record.archive.name)?.events ?? [] });
      return;
    case "deleteArchive":
      state.archives.delete(record.name);
      return;
    case "archiveEvent": {
      const archive = state.archives.get(record.name);
      if (!archive) return;
      archive.events.push(record.event);
      // Events older than RetentionDays go as new ones come (RetentionDays 0: kept indefinitely).
      if (archive.retentionDays) {
        const oldest = record.event.at - archive.retentionDays * DAY_MS;
        const keep = archive.events.findIndex((e) => e.at >= oldest);
        if (keep > 0) archive.events.splice(0, keep);
      }
      return;
    }
    case "putReplay":
      state.replays.set(record.replay.name, record.replay);
      return;
  }
}

interface Snapshot {
  buses: EventBus[];
  tags: [string, Tag[]][];
  /** Absent in snapshots written before connections existed. */
  connections?: Connection[];
  apiDestinations?: ApiDestination[];
  /** Absent in snapshots written before archives existed. */
  archives?: Archive[];
  replays?: Replay[];
}

export const eventBridgeCodec: StateCodec<EventBridgeState, EventBridgeRecord> = {
  empty: () => ({ buses: new Map(), tags: new Map(), connections: new Map(), apiDestinations: new Map(), archives: new Map(), replays: new Map() }),
  fromSnapshot(json) {
    const snapshot = json as Snapshot;
    return {
      buses: new Map(snapshot.buses.map((b) => [b.name, b])),
      tags: new Map(snapshot.tags),
      connections: new Map((snapshot.connections ?? []).map((c) => [c.name, c])),
      apiDestinations: new Map((snapshot.apiDestinations ?? []).map((d) => [d.name, d])),
      archives: new Map((snapshot.archives ?? []).map((a) => [a.name, a])),
      replays: new Map((snapshot.replays ?? []).map((r) => [r.name, r])),
    };
  },
  toSnapshot: (state): Snapshot => ({
    buses: [...state.buses.values()],
    tags: [...state.tags.entries()],
    connections: [...state.connections.values()],
    apiDestinations: [...state.apiDestinations.values()],
    archives: [...state.archives.values()],
    replays: [...state.replays.values()],
  }),
  apply: applyRecord,
};
