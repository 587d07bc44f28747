/**
 * The registry of event source mappings from this service's streams to Lambda functions:
 * SAM `Events: Type: Kinesis`, AWS::Lambda::EventSourceMapping and Lambda's
 * CreateEventSourceMapping all start one here through core's EventSourcePoller port.
 */
import { SandboxError, parseFilterCriteria, settleStreamPollers, stopStreamPollers, uuid, type EventSourceMappingSettings, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import type { KinesisEngine } from "../engine/engine.js";
import { commit } from "../engine/context.js";
import { KinesisPoller } from "./poller.js";

/** Sends one OnFailure record (JSON text) to an SQS queue or SNS topic by its ARN. */
export type OnFailureSender = (destination: string, message: string) => Promise<void>;

export type KinesisMappingOptions = EventSourceMappingSettings;

/** Kinesis records' data is matched decoded: numbers in JSON data are numbers. */
const KINESIS_RECORDS = { numericStrings: false, example: '{"data": {"status": ["active"]}}' };

export class KinesisEventSources {
  private readonly pollers = new Map<string, KinesisPoller>();
  private readonly listener: (arn: string) => void;

  constructor(
    private readonly engine: KinesisEngine,
    private readonly invoker: LambdaInvoker,
    private readonly logger: Logger,
    private readonly sendOnFailure?: OnFailureSender,
  ) {
    // New records wake the mappings reading their stream, once the records are durable.
    this.listener = (arn) => {
      // A mapping from an enhanced fan-out consumer ("<stream ARN>/consumer/<name>:<time>") reads its stream.
      for (const poller of this.pollers.values()) if (poller.settings.eventSourceArn.replace(/\/consumer\/.*$/, "") === arn) poller.wake();
    };
    engine.ctx.onPut.add(this.listener);
  }

  /** Starts a mapping; with `id` (Lambda's UUID) its positions are kept under it across restarts. Throws SandboxError for a mistake. */
  create(settings: EventSourceMappingSettings, id: string = uuid()): string {
    if (!this.engine.streamOfArn(settings.eventSourceArn)) {
      throw new SandboxError(`Event source mapping for ${settings.functionName}: no Kinesis stream or stream consumer ${settings.eventSourceArn}.`);
    }
    if (this.pollers.has(id)) throw new SandboxError(`An event source mapping with id ${id} is registered already.`);
    const poller = new KinesisPoller(id, settings, parseFilterCriteria(settings.filterCriteria, KINESIS_RECORDS), {
      ctx: this.engine.ctx,
      invoker: this.invoker,
      logger: this.logger,
      sendOnFailure: this.sendOnFailure,
    });
    this.pollers.set(id, poller);
    poller.wake();
    return id;
  }

  update(id: string, settings: EventSourceMappingSettings): void {
    const poller = this.pollers.get(id);
    if (!poller) return;
    poller.filter = parseFilterCriteria(settings.filterCriteria, KINESIS_RECORDS);
    poller.settings = { ...settings, eventSourceArn: poller.settings.eventSourceArn };
    poller.wake();
  }

  lastProcessingResult(id: string): string | undefined {
    return this.pollers.get(id)?.processingResult;
  }

  /** Stops the mapping and forgets its positions. */
  async delete(id: string): Promise<void> {
    const poller = this.pollers.get(id);
    if (poller) {
      poller.stop();
      this.pollers.delete(id);
    }
    if (this.engine.ctx.durable.state.checkpoints.has(id)) await commit(this.engine.ctx, { t: "forget", id });
  }

  /** Resolves once every mapping is idle or waiting on the clock (a batching window or a retry back-off). */
  settled(): Promise<void> {
    return settleStreamPollers(() => this.pollers.values());
  }

  /** Stops polling; waits (at most core's STREAM_STOP_GRACE_MS) for the batches being delivered to be answered and checkpointed. */
  async close(): Promise<void> {
    this.engine.ctx.onPut.delete(this.listener);
    await stopStreamPollers(() => this.pollers.values());
  }
}
