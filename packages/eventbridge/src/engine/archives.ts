/**
 * Archives and replays. An archive keeps the events its bus receives that match its pattern:
 * as on AWS, CreateArchive makes a rule on the bus, "Events-Archive-<name>", managed by
 * EventBridge, whose pattern is the archive's plus {"replay-name": [{"exists": false}]} (so
 * that replayed events are not archived again); an event that rule matches is kept, with the
 * time it reached the bus, for RetentionDays (0: indefinitely). StartReplay sends the kept
 * events of a time window back to the bus, with "replay-name" added to each, to all its rules
 * or to the rules in FilterArns; it runs on the Clock: STARTING → RUNNING → COMPLETED (or
 * CANCELLING → CANCELLED after CancelReplay).
 */
import type { Clock, DurableState, Logger } from "@sam-sandbox/core";
import {
  archiveExists, archiveNotFound, crossBusReplay, InternalException, notABusArn, oneFilter, replayArchiveNotFound, replayEnded, replayExists,
  replayNotFound, replayWindow,
} from "../errors.js";
import { ARCHIVE_RULE_MANAGER, ARCHIVE_RULE_PREFIX } from "../limits.js";
import { page, type Page } from "./views.js";
import { applyRecord, type Archive, type ArchivedEvent, type EventBridgeRecord, type EventBridgeState, type EventBus, type Replay, type ReplayState, type Rule } from "./state.js";

export interface ArchivePorts {
  durable: DurableState<EventBridgeState, EventBridgeRecord>;
  clock: Clock;
  logger: Logger;
  /** "arn:aws:events:<region>:<account>". */
  arnPrefix: string;
  /** A bus by name or ARN; ResourceNotFoundException as AWS words it otherwise. */
  bus(nameOrArn: string): EventBus;
  /** InvalidEventPatternException for a pattern EventBridge refuses, located in the text as given. */
  checkPattern(eventPattern: string): void;
  /** Puts (or replaces) the archive's managed rule; InvalidEventPatternException for a bad pattern, before any change. */
  putRule(busName: string, name: string, eventPattern: string, managedBy: string): Promise<void>;
  deleteRule(busName: string, name: string): Promise<void>;
  /** Sends a replayed event to the rules of `bus` (only `onlyRules` when given). */
  route(bus: EventBus, event: Record<string, unknown>, onlyRules: ReadonlySet<string> | undefined): void;
}

export interface CreateArchiveInput {
  ArchiveName: string;
  EventSourceArn: string;
  Description?: string;
  EventPattern?: string;
  RetentionDays?: number;
}

export interface StartReplayInput {
  ReplayName: string;
  Description?: string;
  EventSourceArn: string;
  EventStartTime: number | string | Date;
  EventEndTime: number | string | Date;
  Destination: { Arn: string; FilterArns?: string[] };
}

interface ListFilters extends Page {
  NamePrefix?: string;
  EventSourceArn?: string;
  State?: string;
}

const DAY_MS = 86_400_000;
const seconds = (ms: number) => ms / 1000;
const BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/.+$/;

export class Archives {
  constructor(private readonly ports: ArchivePorts) {
    // Replays a restart interrupted go on.
    for (const replay of this.state.replays.values()) if (!ended(replay.state)) this.schedule(replay.name);
  }

  private get state(): EventBridgeState {
    return this.ports.durable.state;
  }

  private async commit(record: EventBridgeRecord): Promise<void> {
    applyRecord(this.state, record);
    await this.ports.durable.commit(record);
  }

  private archive(name: string): Archive {
    const archive = this.state.archives.get(name);
    if (!archive) throw archiveNotFound(name);
    return archive;
  }

  private replay(name: string): Replay {
    const replay = this.state.replays.get(name);
    if (!replay) throw replayNotFound(name);
    return replay;
  }

  // ---- Archives ----

  async createArchive(input: CreateArchiveInput): Promise<Record<string, unknown>> {
    const bus = this.ports.bus(input.EventSourceArn);
    if (this.state.archives.has(input.ArchiveName)) throw archiveExists(input.ArchiveName);
    const archive: Omit<Archive, "events"> = {
      name: input.ArchiveName,
      arn: `${this.ports.arnPrefix}:archive/${input.ArchiveName}`,
      sourceArn: bus.arn,
      busName: bus.name,
      created: this.ports.clock.now(),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.EventPattern !== undefined ? { eventPattern: input.EventPattern } : {}),
      ...(input.RetentionDays !== undefined ? { retentionDays: input.RetentionDays } : {}),
    };
    // Checked as written: the managed rule's pattern (with "replay-name") would place AWS's location elsewhere.
    if (input.EventPattern !== undefined) this.ports.checkPattern(input.EventPattern);
    await this.ports.putRule(bus.name, ARCHIVE_RULE_PREFIX + archive.name, rulePattern(archive.eventPattern), ARCHIVE_RULE_MANAGER);
    await this.commit({ t: "putArchive", archive });
    return { ArchiveArn: archive.arn, State: "ENABLED", CreationTime: seconds(archive.created) };
  }

  describeArchive(input: { ArchiveName: string }): Record<string, unknown> {
    const archive = this.archive(input.ArchiveName);
    return {
      ArchiveArn: archive.arn,
      ArchiveName: archive.name,
      EventSourceArn: archive.sourceArn,
      ...(archive.description !== undefined ? { Description: archive.description } : {}),
      ...(archive.eventPattern !== undefined ? { EventPattern: archive.eventPattern } : {}),
      ...this.counts(archive),
    };
  }

  listArchives(input: ListFilters): Record<string, unknown> {
    filters(input, "ListArchives");
    const sourceArn = input.EventSourceArn === undefined ? undefined : this.ports.bus(input.EventSourceArn).arn;
    const archives = [...this.state.archives.values()]
      .filter((a) => (input.NamePrefix === undefined || a.name.startsWith(input.NamePrefix)) && (sourceArn === undefined || a.sourceArn === sourceArn) && (input.State === undefined || input.State === "ENABLED"))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, next } = page(archives, input);
    return { Archives: items.map((a) => ({ ArchiveName: a.name, EventSourceArn: a.sourceArn, ...this.counts(a) })), ...(next ? { NextToken: next } : {}) };
  }

  async updateArchive(input: { ArchiveName: string; Description?: string; EventPattern?: string; RetentionDays?: number }): Promise<Record<string, unknown>> {
    const current = this.state.archives.get(input.ArchiveName);
    // AWS answers an unknown archive with InternalException (localstack test_archive_and_replay.snapshot.json
    // test_update_archive_error_unknown_archive, recorded on AWS).
    if (!current) throw new InternalException();
    const archive: Omit<Archive, "events"> = {
      ...withoutEvents(current),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.EventPattern !== undefined ? { eventPattern: input.EventPattern } : {}),
      ...(input.RetentionDays !== undefined ? { retentionDays: input.RetentionDays } : {}),
    };
    if (input.EventPattern !== undefined) {
      this.ports.checkPattern(input.EventPattern);
      await this.ports.putRule(archive.busName, ARCHIVE_RULE_PREFIX + archive.name, rulePattern(archive.eventPattern), ARCHIVE_RULE_MANAGER);
    }
    await this.commit({ t: "putArchive", archive });
    return { ArchiveArn: archive.arn, State: "ENABLED", CreationTime: seconds(archive.created) };
  }

  async deleteArchive(input: { ArchiveName: string }): Promise<Record<string, never>> {
    const archive = this.archive(input.ArchiveName);
    await this.ports.deleteRule(archive.busName, ARCHIVE_RULE_PREFIX + archive.name);
    await this.commit({ t: "deleteArchive", name: archive.name });
    return {};
  }

  /** An event the archive's managed rule matched: kept (journaled). */
  keep(rule: Rule, event: Record<string, unknown>): void {
    const name = rule.name.slice(ARCHIVE_RULE_PREFIX.length);
    const archive = this.state.archives.get(name);
    if (!archive || archive.busName !== rule.busName) return;
    const kept: ArchivedEvent = { at: this.ports.clock.now(), size: Buffer.byteLength(JSON.stringify(event)), event };
    this.commit({ t: "archiveEvent", name, event: kept }).catch((error: unknown) => {
      this.ports.logger.warn(`EventBridge: archive ${name} could not keep an event: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** State, RetentionDays, SizeBytes, EventCount and CreationTime of an archive (events past retention left out). */
  private counts(archive: Archive): Record<string, unknown> {
    const events = this.live(archive);
    return {
      State: "ENABLED",
      ...(archive.retentionDays !== undefined ? { RetentionDays: archive.retentionDays } : {}),
      SizeBytes: events.reduce((sum, e) => sum + e.size, 0),
      EventCount: events.length,
      CreationTime: seconds(archive.created),
    };
  }

  private live(archive: Archive): ArchivedEvent[] {
    if (!archive.retentionDays) return archive.events;
    const oldest = this.ports.clock.now() - archive.retentionDays * DAY_MS;
    return archive.events.filter((e) => e.at >= oldest);
  }

  // ---- Replays ----

  async startReplay(input: StartReplayInput): Promise<Record<string, unknown>> {
    // Checked in AWS's order (moto's, agreeing with localstack's recordings).
    if (!BUS_ARN.test(input.Destination.Arn)) throw notABusArn();
    const bus = this.ports.bus(input.Destination.Arn);
    const archiveName = input.EventSourceArn.split("/").pop() ?? "";
    const archive = this.state.archives.get(archiveName);
    if (!archive) throw replayArchiveNotFound(archiveName);
    if (archive.sourceArn !== bus.arn) throw crossBusReplay();
    const eventStart = timeMs(input.EventStartTime);
    const eventEnd = timeMs(input.EventEndTime);
    if (eventStart >= eventEnd) throw replayWindow();
    if (this.state.replays.has(input.ReplayName)) throw replayExists(input.ReplayName);
    const replay: Replay = {
      name: input.ReplayName,
      arn: `${this.ports.arnPrefix}:replay/${input.ReplayName}`,
      sourceArn: archive.arn,
      archiveName: archive.name,
      destination: { Arn: input.Destination.Arn, ...(input.Destination.FilterArns?.length ? { FilterArns: input.Destination.FilterArns } : {}) },
      eventStart,
      eventEnd,
      state: "STARTING",
      started: this.ports.clock.now(),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    };
    await this.commit({ t: "putReplay", replay });
    this.schedule(replay.name);
    return { ReplayArn: replay.arn, State: replay.state, ReplayStartTime: seconds(replay.started) };
  }

  describeReplay(input: { ReplayName: string }): Record<string, unknown> {
    const replay = this.replay(input.ReplayName);
    return {
      ReplayName: replay.name,
      ReplayArn: replay.arn,
      ...(replay.description !== undefined ? { Description: replay.description } : {}),
      State: replay.state,
      EventSourceArn: replay.sourceArn,
      Destination: replay.destination,
      ...times(replay),
    };
  }

  listReplays(input: ListFilters): Record<string, unknown> {
    filters(input, "ListReplays");
    const replays = [...this.state.replays.values()]
      .filter((r) => (input.NamePrefix === undefined || r.name.startsWith(input.NamePrefix)) && (input.EventSourceArn === undefined || r.sourceArn === input.EventSourceArn) && (input.State === undefined || r.state === input.State))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { items, next } = page(replays, input);
    return { Replays: items.map((r) => ({ ReplayName: r.name, EventSourceArn: r.sourceArn, State: r.state, ...times(r) })), ...(next ? { NextToken: next } : {}) };
  }

  async cancelReplay(input: { ReplayName: string }): Promise<Record<string, unknown>> {
    const replay = this.replay(input.ReplayName);
    if (ended(replay.state) || replay.state === "CANCELLING") throw replayEnded(replay.name);
    await this.setReplay(replay, { state: "CANCELLING" });
    return { ReplayArn: replay.arn, State: "CANCELLING" };
  }

  private setReplay(replay: Replay, change: Partial<Replay>): Promise<void> {
    return this.commit({ t: "putReplay", replay: { ...replay, ...change } });
  }

  /** The replay's next step, on the Clock. */
  private schedule(name: string): void {
    this.ports.clock.setTimeout(() => {
      void this.step(name).catch((error: unknown) => {
        this.ports.logger.warn(`EventBridge: replay ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, 0);
  }

  /** STARTING → RUNNING (the events are sent) → COMPLETED; CANCELLING → CANCELLED. */
  private async step(name: string): Promise<void> {
    const replay = this.state.replays.get(name);
    if (!replay) return;
    const now = this.ports.clock.now();
    if (replay.state === "CANCELLING") {
      await this.setReplay(replay, { state: "CANCELLED", ended: now });
      return;
    }
    if (replay.state === "RUNNING") {
      await this.setReplay(replay, { state: "COMPLETED", ended: now });
      return;
    }
    if (replay.state !== "STARTING") return;
    const archive = this.state.archives.get(replay.archiveName);
    const bus = this.state.buses.get(archive?.busName ?? "");
    const events = archive ? this.live(archive).filter((e) => e.at >= replay.eventStart && e.at < replay.eventEnd) : [];
    const only = replay.destination.FilterArns ? new Set(replay.destination.FilterArns) : undefined;
    if (bus) for (const kept of events) this.ports.route(bus, withReplayName(kept.event, replay.name), only);
    const last = events.at(-1)?.at;
    const running = this.setReplay(replay, { state: "RUNNING", ...(last !== undefined ? { lastReplayed: last } : {}) });
    this.schedule(name);
    await running;
  }
}

function withoutEvents(archive: Archive): Omit<Archive, "events"> {
  const copy: Partial<Archive> = { ...archive };
  delete copy.events;
  return copy as Omit<Archive, "events">;
}

function ended(state: ReplayState): boolean {
  return state === "COMPLETED" || state === "CANCELLED" || state === "FAILED";
}

/** The managed rule's pattern: the archive's, and only events that are not replays. */
function rulePattern(eventPattern: string | undefined): string {
  let pattern: unknown = {};
  if (eventPattern !== undefined) {
    try {
      pattern = JSON.parse(eventPattern);
    } catch {
      // Left as it is: PutRule reports AWS's InvalidEventPatternException for it.
      return eventPattern;
    }
  }
  if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) return eventPattern ?? "{}";
  return JSON.stringify({ ...pattern, "replay-name": [{ exists: false }] });
}

/** The event as a replay sends it: "replay-name" after "region", as AWS puts it (localstack test_archive_and_replay.snapshot.json). */
function withReplayName(event: Record<string, unknown>, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    out[key] = value;
    if (key === "region") out["replay-name"] = name;
  }
  if (!("replay-name" in out)) out["replay-name"] = name;
  return out;
}

function times(replay: Replay): Record<string, unknown> {
  return {
    EventStartTime: seconds(replay.eventStart),
    EventEndTime: seconds(replay.eventEnd),
    ...(replay.lastReplayed !== undefined ? { EventLastReplayedTime: seconds(replay.lastReplayed) } : {}),
    ReplayStartTime: seconds(replay.started),
    ...(replay.ended !== undefined ? { ReplayEndTime: seconds(replay.ended) } : {}),
  };
}

/** At most one of NamePrefix, EventSourceArn and State (moto). */
function filters(input: ListFilters, action: string): void {
  if ([input.NamePrefix, input.EventSourceArn, input.State].filter((f) => f !== undefined).length > 1) throw oneFilter(action);
}

/** awsJson sends timestamps as epoch seconds. */
function timeMs(time: number | string | Date): number {
  if (time instanceof Date) return time.getTime();
  if (typeof time === "number") return time * 1000;
  const n = Number(time);
  return Number.isNaN(n) ? Date.parse(time) : n * 1000;
}
