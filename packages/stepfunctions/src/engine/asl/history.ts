/**
 * The execution history (GetExecutionHistory's HistoryEvent shapes). Ids count from 1.
 * previousEventId follows a chain: each Parallel branch and each Map worker has its own,
 * and a few events (ExecutionStarted, MapIterationSucceeded, MapStateSucceeded,
 * ParallelStateSucceeded) do not move their chain forward, as AWS records them.
 */
import type { Json } from "./json.js";
import { MAX_HISTORY_EVENTS } from "../../limits.js";

export interface HistoryEvent {
  /** Milliseconds since the epoch (the wire writes epoch seconds). */
  timestamp: number;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: Json | number | string | undefined;
}

/** One chain of previousEventId. */
export class EventChain {
  /** The id the next event points back to. */
  source: number;
  /** The last event published on this chain. */
  last: number;

  constructor(source = 0) {
    this.source = source;
    this.last = source;
  }

  /** A new chain starting where this one is now. */
  fork(): EventChain {
    return new EventChain(this.source);
  }
}

export type HistoryListener = (event: HistoryEvent) => void;

/** ExecutionFailed's cause when the history is full (AWS's text, floci-io/floci#2734 and the issues quoting it). */
export function historyLimitCause(): string {
  return `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`;
}

/** The events that end an execution: the only ones a full history still takes. */
const CLOSING_EVENTS = new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"]);

export interface HistoryOptions {
  recording?: boolean;
  /**
   * The most events the history holds (a Standard execution's 25,000): the event that would
   * take the last place is not recorded, the history closes and `onFull` listeners run, so
   * that the execution ends with its closing event in that place.
   */
  maxEvents?: number;
}

export class History {
  readonly events: HistoryEvent[];
  /**
   * False for an execution whose history nobody can read (an Express execution: AWS keeps
   * none): events still get their ids and chains (error causes name them) but are not built.
   * Callers skip the details (JSON texts of inputs and outputs) when it is false.
   */
  readonly recording: boolean;
  private readonly listeners: HistoryListener[] = [];
  private readonly fullListeners: (() => void)[] = [];
  private count: number;
  private readonly maxEvents: number;
  /** True once an event was refused for want of room: only a closing event goes in after. */
  private full = false;

  constructor(private readonly now: () => number, events: HistoryEvent[] = [], options: HistoryOptions = {}) {
    this.events = events;
    this.recording = options.recording ?? true;
    this.count = events.length;
    this.maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
  }

  /** The history has reached its quota: the execution must end now. */
  get isFull(): boolean {
    return this.full;
  }

  onFull(listener: () => void): void {
    this.fullListeners.push(listener);
  }

  get lastId(): number {
    return this.recording ? this.events.length : this.count;
  }

  onEvent(listener: HistoryListener): void {
    this.listeners.push(listener);
  }

  /** Appends an event; `detailsKey` is e.g. "stateEnteredEventDetails". Returns its id. */
  emit(chain: EventChain, type: string, detailsKey?: string, details?: Json, moveChain = true): number {
    if (!this.recording) {
      const id = ++this.count;
      chain.last = id;
      if (moveChain) chain.source = id;
      return id;
    }
    const id = this.events.length + 1;
    // One comparison per event: the quota costs nothing until it is reached.
    if (id >= this.maxEvents && !CLOSING_EVENTS.has(type)) return this.refuse(id);
    const event: HistoryEvent = { timestamp: this.now(), type, id, previousEventId: chain.source };
    if (detailsKey !== undefined && details !== undefined) event[detailsKey] = details;
    chain.last = id;
    if (moveChain) chain.source = id;
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return id;
  }

  /** An event past the quota: not recorded; the first one closes the history. */
  private refuse(id: number): number {
    if (!this.full) {
      this.full = true;
      for (const listener of this.fullListeners) listener();
    }
    return id;
  }
}

/** The "*EventDetails" member of each state type's Entered/Exited events. */
export const STATE_EVENT_TYPES: Record<string, { entered: string; exited?: string; aborted?: string }> = {
  Pass: { entered: "PassStateEntered", exited: "PassStateExited" },
  Task: { entered: "TaskStateEntered", exited: "TaskStateExited", aborted: "TaskStateAborted" },
  Choice: { entered: "ChoiceStateEntered", exited: "ChoiceStateExited" },
  Wait: { entered: "WaitStateEntered", exited: "WaitStateExited", aborted: "WaitStateAborted" },
  Succeed: { entered: "SucceedStateEntered", exited: "SucceedStateExited" },
  Fail: { entered: "FailStateEntered" },
  Parallel: { entered: "ParallelStateEntered", exited: "ParallelStateExited", aborted: "ParallelStateAborted" },
  Map: { entered: "MapStateEntered", exited: "MapStateExited", aborted: "MapStateAborted" },
};
