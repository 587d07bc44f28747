/**
 * StartLiveTail: sessions that receive the log events ingested while they are open, in the
 * chosen log groups (and streams), matching the filter pattern. Every second a session
 * gets one update with what arrived (an empty one when nothing did); after three hours it
 * times out. The wire turns a session's callbacks into the event stream.
 */
import type { Clock, TimerHandle } from "@sam-sandbox/core";
import { requestId as newRequestId } from "@sam-sandbox/core";
import { InvalidParameterException, LimitExceededException, groupNotFound } from "../errors.js";
import {
  LIVE_TAIL_MAX_BUFFERED_EVENTS,
  LIVE_TAIL_MAX_EVENTS_PER_UPDATE,
  LIVE_TAIL_SESSION_TIMEOUT_MS,
  LIVE_TAIL_UPDATE_INTERVAL_MS,
  MAX_LIVE_TAIL_SESSIONS,
} from "../limits.js";
import type { LogsEngine } from "./engine.js";
import { compileFilterPattern, type LogMatcher } from "./filterPattern.js";
import { eventsAdded, type LogGroup, type LogStream, type StoredEvent } from "./state.js";

type Input = Record<string, unknown>;

/** One LiveTailSessionLogEvent. */
export interface LiveTailEvent {
  logStreamName: string;
  logGroupIdentifier: string;
  message: string;
  timestamp: number;
  ingestionTime: number;
}

/** Where a session's output goes (the wire's event stream). */
export interface LiveTailSink {
  update(results: LiveTailEvent[], sampled: boolean): void;
  /** Three hours passed: the session is over. */
  timedOut(): void;
  /** The service is closing: the session ends without a word. */
  closed(): void;
}

export interface LiveTailSession {
  /** LiveTailSessionStart. */
  readonly start: Input;
  /** Ends the session early (the client closed the stream). */
  stop(): void;
}

interface Session {
  /** Log group name → the identifier the request named it by. */
  groups: Map<string, string>;
  streamNames?: Set<string>;
  prefixes?: string[];
  match: LogMatcher;
  pending: LiveTailEvent[];
  sink: LiveTailSink;
  ticker?: TimerHandle;
  timeout?: TimerHandle;
}

export class LiveTail {
  private readonly sessions = new Set<Session>();

  constructor(
    private readonly engine: LogsEngine,
    private readonly timers: Clock,
  ) {}

  /** Open sessions. */
  get size(): number {
    return this.sessions.size;
  }

  startLiveTail(input: Input, sink: LiveTailSink): LiveTailSession {
    const identifiers = input.logGroupIdentifiers as string[];
    const streamNames = input.logStreamNames as string[] | undefined;
    const prefixes = input.logStreamNamePrefixes as string[] | undefined;
    if (streamNames !== undefined && prefixes !== undefined) {
      throw new InvalidParameterException("logStreamNames and logStreamNamePrefixes are mutually exclusive.");
    }
    if ((streamNames !== undefined || prefixes !== undefined) && identifiers.length !== 1) {
      throw new InvalidParameterException("logStreamNames and logStreamNamePrefixes can be specified only with one log group.");
    }
    const groups = new Map<string, string>();
    for (const identifier of identifiers) {
      // A null in the list (the JSON deserializer lets it through) names no group.
      if (typeof identifier !== "string") throw groupNotFound();
      const name = identifier.startsWith("arn:") ? identifier.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, "").replace(/:\*$/, "") : identifier;
      if (!this.engine.state.groups.has(name)) throw groupNotFound();
      groups.set(name, identifier);
    }
    if (this.sessions.size >= MAX_LIVE_TAIL_SESSIONS) throw new LimitExceededException("Rate exceeded");
    const pattern = input.logEventFilterPattern as string | undefined;
    const session: Session = {
      groups,
      streamNames: streamNames && new Set(streamNames),
      prefixes,
      match: compileFilterPattern(pattern),
      pending: [],
      sink,
    };
    this.sessions.add(session);
    session.ticker = this.tick(session);
    session.timeout = this.timers.setTimeout(() => {
      this.end(session);
      sink.timedOut();
    }, LIVE_TAIL_SESSION_TIMEOUT_MS);
    const start: Input = { requestId: newRequestId(), sessionId: newRequestId(), logGroupIdentifiers: identifiers };
    if (streamNames) start.logStreamNames = streamNames;
    if (prefixes) start.logStreamNamePrefixes = prefixes;
    if (pattern !== undefined) start.logEventFilterPattern = pattern;
    return { start, stop: () => this.end(session) };
  }

  /** Events just appended to `stream` (sequence numbers firstSeq to endSeq, excluded) reach the sessions that watch it. */
  deliver(group: LogGroup, stream: LogStream, firstSeq: number, endSeq: number): void {
    // The common case, on every Lambda invocation's log lines: nobody tails.
    if (this.sessions.size === 0) return;
    let added: StoredEvent[] | undefined;
    for (const session of this.sessions) {
      const identifier = session.groups.get(group.name);
      if (identifier === undefined || !watches(session, stream.name)) continue;
      added ??= eventsAdded(stream, firstSeq, endSeq);
      for (const e of added) {
        if (!session.match(e.message)) continue;
        session.pending.push({ logStreamName: stream.name, logGroupIdentifier: identifier, message: e.message, timestamp: e.timestamp, ingestionTime: e.ingestionTime });
      }
      // A slow reader's backlog: AWS keeps the newest, dropping the oldest.
      if (session.pending.length > LIVE_TAIL_MAX_BUFFERED_EVENTS) session.pending.splice(0, session.pending.length - LIVE_TAIL_MAX_BUFFERED_EVENTS);
    }
  }

  /** Ends every session (the service closes). */
  close(): void {
    for (const session of [...this.sessions]) {
      this.end(session);
      session.sink.closed();
    }
  }

  private tick(session: Session): TimerHandle {
    return this.timers.setTimeout(() => {
      if (!this.sessions.has(session)) return;
      const events = session.pending.splice(0);
      const sampled = events.length > LIVE_TAIL_MAX_EVENTS_PER_UPDATE;
      session.sink.update(sampled ? sample(events, LIVE_TAIL_MAX_EVENTS_PER_UPDATE) : events, sampled);
      session.ticker = this.tick(session);
    }, LIVE_TAIL_UPDATE_INTERVAL_MS);
  }

  private end(session: Session): void {
    if (!this.sessions.delete(session)) return;
    session.ticker?.cancel();
    session.timeout?.cancel();
    session.pending.length = 0;
  }
}

function watches(session: Session, streamName: string): boolean {
  if (session.streamNames) return session.streamNames.has(streamName);
  if (session.prefixes) return session.prefixes.some((p) => streamName.startsWith(p));
  return true;
}

/** `size` events spread evenly over `events`, in order. */
function sample(events: LiveTailEvent[], size: number): LiveTailEvent[] {
  const out: LiveTailEvent[] = [];
  const step = events.length / size;
  for (let i = 0; i < size; i++) out.push(events[Math.floor(i * step)]);
  return out;
}
