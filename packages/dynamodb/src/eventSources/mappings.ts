/**
 * The registry of event source mappings from this service's streams to Lambda functions
 * (the template's `Events: Type: DynamoDB`). The Lambda API's CreateEventSourceMapping
 * family belongs to the Lambda service; the sandbox maps template events through create().
 */
import { SandboxError, settleStreamPollers, stopStreamPollers, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import type { DynamoDbEngine } from "../engine/engine.js";
import { mappingConfig, type StreamEventSourceMapping, type StreamEventSourceMappingOptions } from "./mapping.js";
import { StreamPoller } from "./poller.js";

export class EventSourceMappings {
  private readonly pollers = new Map<string, StreamPoller>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: DynamoDbEngine,
    private readonly invoker: LambdaInvoker | undefined,
    private readonly logger: Logger,
  ) {
    // New records wake the mappings reading their stream, once the records are durable.
    this.unsubscribe = engine.capture.onAppend((arns) => {
      for (const poller of this.pollers.values()) if (arns.has(poller.config.description.EventSourceArn)) poller.wake();
    });
  }

  /** Registers a mapping and starts delivering; throws SandboxError for a mistake in the options. */
  create(options: StreamEventSourceMappingOptions): StreamEventSourceMapping {
    const invoker = this.invoker;
    if (!invoker) {
      throw new SandboxError("DynamoDB stream event source mappings need a Lambda invoker.", {
        hint: "Pass `invoker` (the Lambda service's LambdaInvoker) to createDynamoDb.",
      });
    }
    const config = mappingConfig(options, this.eventSourceArn(options));
    const id = config.description.UUID;
    if (this.pollers.has(id)) throw new SandboxError(`An event source mapping with id ${id} is registered already.`);
    const poller = new StreamPoller(config, { engine: this.engine, invoker, logger: this.logger });
    this.pollers.set(id, poller);
    poller.wake();
    return { ...config.description };
  }

  /** Whether the stream exists (and is not trimmed away): what CreateEventSourceMapping checks. */
  streamExists(streamArn: string): boolean {
    this.engine.streams.trim(this.engine.options.clock.now());
    return this.engine.streams.streams.has(streamArn);
  }

  get(id: string): StreamEventSourceMapping | undefined {
    const poller = this.pollers.get(id);
    return poller ? { ...poller.config.description } : undefined;
  }

  /** The mapping's LastProcessingResult ("OK" or "PROBLEM: Function call failed"); undefined before its first batch. */
  lastProcessingResult(id: string): string | undefined {
    return this.pollers.get(id)?.processingResult;
  }

  list(filter: { functionName?: string; eventSourceArn?: string } = {}): StreamEventSourceMapping[] {
    return [...this.pollers.values()]
      .map((p) => p.config.description)
      .filter((d) => (filter.functionName === undefined || d.FunctionName === filter.functionName) && (filter.eventSourceArn === undefined || d.EventSourceArn === filter.eventSourceArn))
      .map((d) => ({ ...d }));
  }

  /** Pauses or resumes delivery (a batch in flight finishes first). */
  setEnabled(id: string, enabled: boolean): void {
    const poller = this.pollers.get(id);
    if (!poller) return;
    poller.config.description.State = enabled ? "Enabled" : "Disabled";
    if (enabled) poller.wake();
  }

  /**
   * New settings for a registered mapping (Lambda's UpdateEventSourceMapping): checked as
   * create() checks them; the mapping keeps its stream, UUID and position. Throws
   * SandboxError for a mistake; answers undefined when no such mapping exists.
   */
  update(id: string, options: Omit<StreamEventSourceMappingOptions, "id" | "streamArn" | "tableName">): StreamEventSourceMapping | undefined {
    const poller = this.pollers.get(id);
    if (!poller) return undefined;
    const current = poller.config.description;
    const next = mappingConfig({ ...options, id: current.UUID }, current.EventSourceArn);
    Object.assign(current, next.description);
    if (next.description.FilterCriteria === undefined) delete current.FilterCriteria;
    poller.config.filter = next.filter;
    poller.config.onFailure = next.onFailure;
    if (current.State === "Enabled") poller.wake();
    return { ...current };
  }

  /** Stops the mapping and forgets its saved position. */
  async delete(id: string): Promise<boolean> {
    const poller = this.pollers.get(id);
    if (!poller) return false;
    poller.stop();
    this.pollers.delete(id);
    if (poller.config.durable && this.engine.streams.checkpoints.has(id)) {
      this.engine.capture.change({ kind: "forget", id });
      await this.engine.commit({ op: "streams" });
    }
    return true;
  }

  /** Resolves once every mapping is idle or waiting on the clock (a batching window or a retry back-off). */
  settled(): Promise<void> {
    return settleStreamPollers(() => this.pollers.values());
  }

  /**
   * Stops polling. Resolves once the batches being delivered have been answered and their
   * positions journaled (at most core's STREAM_STOP_GRACE_MS), so a clean stop does not deliver them again
   * on the next start; a batch still running then is delivered again (at least once, as AWS).
   * Call it before the Lambda environments stop.
   */
  async close(): Promise<void> {
    this.unsubscribe();
    await stopStreamPollers(() => this.pollers.values());
  }

  private eventSourceArn(options: StreamEventSourceMappingOptions): string {
    const streams = this.engine.streams;
    streams.trim(this.engine.options.clock.now());
    if (options.streamArn !== undefined) {
      if (!streams.streams.has(options.streamArn)) {
        throw new SandboxError(`Event source mapping for ${options.functionName}: no DynamoDB stream ${options.streamArn}.`);
      }
      return options.streamArn;
    }
    const name = options.tableName;
    const table = name === undefined ? undefined : this.engine.tables.get(name);
    if (!table) {
      throw new SandboxError(`Event source mapping for ${options.functionName}: no DynamoDB table ${String(name)}.`, {
        hint: "Give streamArn or the name of a table the sandbox has.",
      });
    }
    const stream = streams.enabledFor(table.name);
    if (!stream) {
      throw new SandboxError(`Event source mapping for ${options.functionName}: table ${table.name} has no stream.`, {
        hint: "Add StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES } to the table.",
      });
    }
    return stream.StreamArn;
  }
}
