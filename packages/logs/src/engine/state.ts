import { MAX_EVENTS_KEPT_PER_STREAM } from "../limits.js";

const TRIM_STEP = Math.ceil(MAX_EVENTS_KEPT_PER_STREAM / 10);

/** The CloudWatch Logs data model kept in memory (and in the store's snapshots). */

export interface StoredEvent {
  /** Per-stream sequence number, used for tokens and event ids. */
  seq: number;
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export interface LogStream {
  name: string;
  creationTime: number;
  nextSeq: number;
  events: StoredEvent[];
  storedBytes: number;
}

export interface LogGroup {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  logGroupClass: string;
  tags: Record<string, string>;
  streams: Map<string, LogStream>;
}

export interface LogsState {
  groups: Map<string, LogGroup>;
  /**
   * Stored configuration by kind ("metricFilter", "subscriptionFilter", "queryDefinition",
   * "resourcePolicy", …), each keyed by its identity. Keys of a log group's resources start
   * with the group's name and GROUP_KEY_SEPARATOR, so deleting the group drops them.
   */
  config: Map<string, Map<string, unknown>>;
}

export const GROUP_KEY_SEPARATOR = "\u0000";

/** Kinds whose entries belong to one log group (key: group + separator + name). */
const GROUP_KINDS = ["metricFilter", "subscriptionFilter", "dataProtectionPolicy", "indexPolicy", "transformer", "kmsKey"];

export function configOf<T>(state: LogsState, kind: string): Map<string, T> {
  let map = state.config.get(kind);
  if (!map) {
    map = new Map();
    state.config.set(kind, map);
  }
  return map as Map<string, T>;
}

/** Journal records: one per change. */
export type LogsRecord =
  | { t: "createGroup"; name: string; time: number; logGroupClass: string; tags: Record<string, string> }
  | { t: "deleteGroup"; name: string }
  | { t: "createStream"; group: string; name: string; time: number }
  | { t: "deleteStream"; group: string; name: string }
  | { t: "retention"; group: string; days?: number }
  | { t: "tags"; group: string; tags: Record<string, string>; remove: string[] }
  | { t: "events"; group: string; stream: string; events: Array<{ timestamp: number; message: string; ingestionTime: number }> }
  | { t: "config"; kind: string; key: string; value?: unknown };

interface SnapshotGroup extends Omit<LogGroup, "streams"> {
  streams: LogStream[];
}

export const logsCodec = {
  empty: (): LogsState => ({ groups: new Map(), config: new Map() }),
  toSnapshot: (state: LogsState): unknown => ({
    groups: [...state.groups.values()].map((g) => ({ ...g, streams: [...g.streams.values()].map((s) => ({ ...s, events: [...s.events] })) })),
    config: [...state.config].map(([kind, entries]) => [kind, [...entries]]),
  }),
  fromSnapshot: (json: unknown): LogsState => {
    const groups = new Map<string, LogGroup>();
    const snapshot = json as { groups?: SnapshotGroup[]; config?: Array<[string, Array<[string, unknown]>]> };
    for (const g of snapshot.groups ?? []) {
      groups.set(g.name, { ...g, streams: new Map(g.streams.map((s) => [s.name, s])) });
    }
    const config = new Map((snapshot.config ?? []).map(([kind, entries]) => [kind, new Map(entries)]));
    return { groups, config };
  },
  apply: (state: LogsState, record: LogsRecord): void => applyRecord(state, record),
};

export function applyRecord(state: LogsState, r: LogsRecord): void {
  switch (r.t) {
    case "createGroup":
      state.groups.set(r.name, { name: r.name, creationTime: r.time, logGroupClass: r.logGroupClass, tags: r.tags, streams: new Map() });
      return;
    case "deleteGroup":
      state.groups.delete(r.name);
      for (const kind of GROUP_KINDS) {
        const entries = state.config.get(kind);
        if (!entries) continue;
        for (const key of entries.keys()) if (key.startsWith(r.name + GROUP_KEY_SEPARATOR)) entries.delete(key);
      }
      return;
    case "config":
      if (r.value === undefined) state.config.get(r.kind)?.delete(r.key);
      else configOf(state, r.kind).set(r.key, r.value);
      return;
    case "createStream":
      state.groups.get(r.group)?.streams.set(r.name, { name: r.name, creationTime: r.time, nextSeq: 0, events: [], storedBytes: 0 });
      return;
    case "deleteStream":
      state.groups.get(r.group)?.streams.delete(r.name);
      return;
    case "retention": {
      const group = state.groups.get(r.group);
      if (group) group.retentionInDays = r.days;
      return;
    }
    case "tags": {
      const group = state.groups.get(r.group);
      if (!group) return;
      group.tags = { ...group.tags, ...r.tags };
      for (const key of r.remove) delete group.tags[key];
      return;
    }
    case "events": {
      const stream = state.groups.get(r.group)?.streams.get(r.stream);
      if (stream) appendEvents(stream, r.events);
      return;
    }
  }
}

/** Appends keeping the stream ordered by timestamp (events mostly arrive in order). */
export function appendEvents(stream: LogStream, events: Array<{ timestamp: number; message: string; ingestionTime: number }>): void {
  for (const e of events) {
    const stored: StoredEvent = { seq: stream.nextSeq++, timestamp: e.timestamp, ingestionTime: e.ingestionTime, message: e.message };
    const list = stream.events;
    let i = list.length;
    while (i > 0 && list[i - 1].timestamp > stored.timestamp) i--;
    if (i === list.length) list.push(stored);
    else list.splice(i, 0, stored);
    stream.storedBytes += Buffer.byteLength(e.message);
  }
  // Trimmed a tenth at a time, not on every append: a full stream's appends stay O(1).
  if (stream.events.length > MAX_EVENTS_KEPT_PER_STREAM + TRIM_STEP) {
    stream.events.splice(0, stream.events.length - MAX_EVENTS_KEPT_PER_STREAM);
  }
}

/**
 * The stream's events numbered firstSeq up to (not including) endSeq, in the stream's
 * (timestamp) order. PutLogEvents may put events older than ones already stored, so they
 * are not always the last ones: the search runs back from the end until it has them all
 * (all of them at once in the common, in-order case).
 */
export function eventsAdded(stream: LogStream, firstSeq: number, endSeq: number): StoredEvent[] {
  const found: StoredEvent[] = [];
  const wanted = endSeq - firstSeq;
  for (let i = stream.events.length - 1; i >= 0 && found.length < wanted; i--) {
    const e = stream.events[i];
    if (e.seq >= firstSeq && e.seq < endSeq) found.push(e);
  }
  return found.reverse();
}

/** 56-digit event id as CloudWatch forms them: timestamp, stream, sequence. */
export function eventId(e: StoredEvent, streamIndex: number): string {
  return `${String(e.timestamp).padStart(20, "0")}${String(streamIndex).padStart(12, "0")}${String(e.seq).padStart(24, "0")}`;
}
