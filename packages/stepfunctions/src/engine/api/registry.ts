/**
 * The state Step Functions' API actions share: the durable collection, the running
 * executions, the task tokens and the ports executions use.
 */
import { NOOP_TRACER, type Clock, type DurableState, type Logger, type Tracer } from "@sam-sandbox/core";
import type { TaskRunner } from "../asl/ports.js";
import type { TaskTokens } from "../asl/tokens.js";
import { ActivityQueue } from "../asl/activities.js";
import type { MapRunRecord } from "../asl/mapRuns.js";
import type { ExecutionHandle } from "../asl/run.js";
import type { History } from "../asl/history.js";
import type { HistoryEvent } from "../asl/history.js";
import type { ExecutionRecord, SfnRecord, SfnState } from "./state.js";
import type { MockedTaskRunner } from "../tasks/mocks.js";
import { ExpressExecutions } from "./expressExecutions.js";
import { ExecutionTimers } from "./executionTimers.js";
import type { LogGroupLookup } from "./logDestinations.js";
import type { ExecutionLogSink } from "./executionLogs.js";
import type { ExecutionEventBus } from "./statusEvents.js";

export interface RunningExecution {
  readonly handle: ExecutionHandle;
  readonly history: History;
}

export class Registry {
  /** Running executions but the Express ones, which `express` holds with their records. */
  readonly running = new Map<string, RunningExecution>();
  readonly express = new ExpressExecutions();
  private readonly pendingEvents = new Map<string, HistoryEvent[]>();
  private readonly pendingExecutions = new Map<string, ExecutionRecord>();
  private flushing = false;
  /** Records traced executions' segments (set by the engine; NOOP_TRACER: none). */
  tracer: Tracer = NOOP_TRACER;
  /** Tells whether a LoggingConfiguration's log group exists (set by the engine; none: unchecked). */
  logGroups?: LogGroupLookup;
  /** Writes executions' logged events to CloudWatch Logs (set by the engine; none: not logged). */
  executionLogs?: ExecutionLogSink;
  /** EventBridge's default bus, sent Standard executions' status changes (set by the engine; none: not sent). */
  eventBus?: ExecutionEventBus;
  /** The Map Runs of Distributed Map states, by ARN (in memory). */
  readonly mapRuns = new Map<string, MapRunRecord>();
  /** Activity tasks waiting for a worker's GetActivityTask. */
  readonly activityQueue = new ActivityQueue((arn) => this.state.activities.has(arn));
  /** Executions' own timeouts (TimeoutSeconds, the Express cap), on the deadlines clock. */
  readonly executionTimers: ExecutionTimers;

  constructor(
    readonly durable: DurableState<SfnState, SfnRecord>,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly region: string,
    readonly accountId: string,
    readonly tasks: TaskRunner,
    readonly tokens: TaskTokens,
    readonly mocks?: MockedTaskRunner,
    /** Clock of TimeoutSeconds / HeartbeatSeconds (default: clock). */
    readonly deadlines?: Clock,
  ) {
    this.executionTimers = new ExecutionTimers(deadlines ?? clock);
  }

  get state(): SfnState {
    return this.durable.state;
  }

  /** An execution's record: a stored one, or a running Express execution's. */
  execution(arn: string): ExecutionRecord | undefined {
    return this.state.executions.get(arn) ?? this.express.find(arn)?.record;
  }

  /** A running execution, Express ones included. */
  runningExecution(arn: string): RunningExecution | undefined {
    return this.running.get(arn) ?? this.express.find(arn)?.running;
  }

  /** Commits a record now and waits for it (API writes are acknowledged once durable). */
  async commit(record: SfnRecord): Promise<void> {
    await this.durable.commit(record);
  }

  /** Journals an event of a running execution; a tick's events share one record. */
  queueEvent(arn: string, event: HistoryEvent): void {
    const list = this.pendingEvents.get(arn);
    if (list) list.push(event);
    else this.pendingEvents.set(arn, [event]);
    this.scheduleFlush();
  }

  /** Journals an execution record's new content (status, checkpoint). */
  queueExecution(record: ExecutionRecord): void {
    this.pendingExecutions.set(record.arn, record);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => {
      this.flushing = false;
      const records: SfnRecord[] = [];
      for (const [arn, events] of this.pendingEvents) records.push({ t: "events", arn, events });
      for (const execution of this.pendingExecutions.values()) records.push({ t: "execution", execution: { ...execution } });
      this.pendingEvents.clear();
      this.pendingExecutions.clear();
      for (const r of records) {
        this.durable.commit(r).catch((error: unknown) => this.logger.error(`Step Functions: could not store execution state: ${String(error)}`));
      }
    });
  }

  arn(kind: string, resource: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:${kind}:${resource}`;
  }
}
