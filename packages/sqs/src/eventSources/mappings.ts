/**
 * Event source mappings from SQS queues to Lambda functions (SAM `Events: Type: SQS`,
 * AWS::Lambda::EventSourceMapping): each polls its queue on the sandbox Clock (long polling:
 * it wakes on a send), receives up to BatchSize messages with the queue's visibility
 * timeout, and invokes the function synchronously. Success deletes the batch; a failed
 * invocation leaves it to become visible again after the visibility timeout (and so to the
 * dead-letter queue once the RedrivePolicy's maxReceiveCount is passed); with
 * ReportBatchItemFailures only the messages the function names stay. Messages that match
 * none of the FilterCriteria are deleted without invoking, as Lambda does for SQS.
 */
import { randomUUID } from "node:crypto";
import { SandboxError, type Clock, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import { intAttribute } from "../engine/attributes.js";
import { commit, queueOfArn } from "../engine/context.js";
import type { SqsEngine } from "../engine/engine.js";
import { take } from "../engine/receive.js";
import type { QueueState } from "../engine/state.js";
import { eventRecord, filterView, type SqsEventRecord } from "./event.js";
import { parseFilterCriteria, type FilterPattern } from "./filterPattern.js";

/** Lambda's limits for SQS sources (CreateEventSourceMapping): BatchSize 1–10,000 (1–10 for FIFO), default 10. */
export const DEFAULT_SQS_BATCH_SIZE = 10;
export const MAX_SQS_BATCH_SIZE = 10_000;
export const MAX_FIFO_BATCH_SIZE = 10;
/** A batch over 10 messages needs a batching window (Lambda's rule). */
export const MAX_BATCH_WITHOUT_WINDOW = 10;
/** Lambda long-polls its queues: at most 20 seconds per receive. */
const POLL_WAIT_MS = 20_000;

export interface SqsMappingOptions {
  /** The mapping's UUID (Lambda's, or a stable one for a template's mapping); generated when absent. */
  id?: string;
  functionName: string;
  queueArn: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  functionResponseTypes: string[];
  filterCriteria?: { Filters?: { Pattern?: string }[] };
  enabled: boolean;
}

interface Running {
  options: SqsMappingOptions;
  filter: FilterPattern | undefined;
  stopped: boolean;
  /** Settles when the loop has ended (after the batch in hand). */
  done: Promise<void>;
}

export class SqsEventSources {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly engine: SqsEngine,
    private readonly invoker: LambdaInvoker,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly region: string,
  ) {}

  queueExists(arn: string): boolean {
    return queueOfArn(this.engine.ctx, arn) !== undefined;
  }

  /** Starts polling; answers the mapping's UUID. */
  create(options: SqsMappingOptions): { UUID: string } {
    const uuid = options.id ?? randomUUID();
    check(options);
    const existing = this.running.get(uuid);
    if (existing) existing.stopped = true;
    const running: Running = { options, filter: parseFilterCriteria(options.filterCriteria), stopped: false, done: Promise.resolve() };
    running.done = this.loop(running).catch((error: unknown) => {
      this.logger.error(`sqs: event source mapping ${uuid} stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.running.set(uuid, running);
    return { UUID: uuid };
  }

  update(uuid: string, options: Omit<SqsMappingOptions, "id">): void {
    const running = this.running.get(uuid);
    if (!running) throw new SandboxError(`No SQS event source mapping ${uuid}`);
    check({ ...options, id: uuid });
    running.options = { ...options, id: uuid };
    running.filter = parseFilterCriteria(options.filterCriteria);
    this.engine.ctx.waiters.notify(queueName(options.queueArn));
  }

  async delete(uuid: string): Promise<void> {
    const running = this.running.get(uuid);
    if (!running) return;
    this.running.delete(uuid);
    running.stopped = true;
    this.engine.ctx.waiters.notify(queueName(running.options.queueArn));
    await running.done;
  }

  /** Stops every mapping once its batch in hand is settled. */
  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((uuid) => this.delete(uuid)));
  }

  private async loop(running: Running): Promise<void> {
    const ctx = this.engine.ctx;
    while (!running.stopped) {
      const { options } = running;
      const q = queueOfArn(ctx, options.queueArn);
      if (!options.enabled || !q) {
        await ctx.waiters.wait(queueName(options.queueArn), POLL_WAIT_MS);
        continue;
      }
      await this.batchingWindow(running, q);
      if (running.stopped) return;
      const batch = await take(ctx, q, options.batchSize, intAttribute(q.queue, "VisibilityTimeout"));
      if (batch.length === 0) {
        await ctx.waiters.wait(q.queue.name, Math.min(POLL_WAIT_MS, nextVisibleIn(q, this.clock.now())));
        continue;
      }
      const records = batch.map((m) => eventRecord(m, q.queue.arn, this.region));
      await this.deliver(running, q, records);
    }
  }

  /** With MaximumBatchingWindowInSeconds, waits for a full batch or the window's end once a message is there. */
  private async batchingWindow(running: Running, q: QueueState): Promise<void> {
    const windowMs = running.options.maximumBatchingWindowInSeconds * 1000;
    if (windowMs <= 0) return;
    const visible = () => [...q.messages.values()].filter((m) => m.visibleAt <= this.clock.now()).length;
    if (visible() === 0) return;
    const end = this.clock.now() + windowMs;
    while (!running.stopped && visible() < running.options.batchSize && this.clock.now() < end) {
      await this.engine.ctx.waiters.wait(q.queue.name, end - this.clock.now());
    }
  }

  private async deliver(running: Running, q: QueueState, records: SqsEventRecord[]): Promise<void> {
    const { options, filter } = running;
    const wanted = filter ? records.filter((r) => filter.matches(filterView(r))) : records;
    const dropped = records.filter((r) => !wanted.includes(r));
    if (dropped.length > 0) await this.remove(q, dropped.map((r) => r.messageId));
    if (wanted.length === 0) return;
    let failed: string[];
    try {
      const result = await this.invoker.invoke({
        functionName: options.functionName,
        payload: Buffer.from(JSON.stringify({ Records: wanted })),
        invocationType: "RequestResponse",
        source: "sqs",
      });
      failed = result.functionError
        ? wanted.map((r) => r.messageId)
        : itemFailures(result.payload, wanted, options.functionResponseTypes.includes("ReportBatchItemFailures"));
    } catch (error) {
      this.logger.warn(`sqs: ${options.functionName} could not be invoked for ${q.queue.name}: ${error instanceof Error ? error.message : String(error)}`);
      failed = wanted.map((r) => r.messageId);
    }
    // Failed messages stay in flight: they come back after the visibility timeout.
    await this.remove(q, wanted.map((r) => r.messageId).filter((id) => !failed.includes(id)));
  }

  private async remove(q: QueueState, ids: string[]): Promise<void> {
    const present = ids.filter((id) => q.messages.has(id));
    if (present.length === 0 || this.engine.ctx.durable.state.queues.get(q.queue.name) !== q) return;
    await commit(this.engine.ctx, { t: "delete", name: q.queue.name, ids: present });
    if (q.queue.fifo) this.engine.ctx.waiters.notify(q.queue.name);
  }
}

/**
 * The ids to keep under ReportBatchItemFailures ({"batchItemFailures":[{"itemIdentifier":id}]});
 * a malformed answer, or one naming a message not in the batch, fails the whole batch, as on AWS.
 */
function itemFailures(payload: Buffer, records: SqsEventRecord[], partial: boolean): string[] {
  if (!partial) return [];
  let answer: unknown;
  try {
    answer = JSON.parse(payload.toString("utf8") || "null");
  } catch {
    return [];
  }
  if (typeof answer !== "object" || answer === null) return [];
  const list = (answer as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return [];
  const all = records.map((r) => r.messageId);
  if (!Array.isArray(list)) return all;
  const ids: string[] = [];
  for (const item of list) {
    const id = typeof item === "object" && item !== null ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== "string" || !all.includes(id)) return all;
    ids.push(id);
  }
  return ids;
}

function check(options: SqsMappingOptions): void {
  const fifo = queueName(options.queueArn).endsWith(".fifo");
  const max = fifo ? MAX_FIFO_BATCH_SIZE : MAX_SQS_BATCH_SIZE;
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > max) {
    throw new SandboxError(`BatchSize ${options.batchSize} is out of range for ${fifo ? "a FIFO" : "an SQS"} queue (1 to ${max}).`);
  }
  if (options.batchSize > MAX_BATCH_WITHOUT_WINDOW && options.maximumBatchingWindowInSeconds < 1) {
    throw new SandboxError("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10", {
      hint: "Set MaximumBatchingWindowInSeconds, or a BatchSize of 10 or less.",
    });
  }
  parseFilterCriteria(options.filterCriteria);
}

function queueName(arn: string): string {
  return arn.split(":")[5] ?? arn;
}

function nextVisibleIn(q: QueueState, now: number): number {
  let next = Infinity;
  for (const m of q.messages.values()) if (m.visibleAt > now && m.visibleAt - now < next) next = m.visibleAt - now;
  return next;
}
