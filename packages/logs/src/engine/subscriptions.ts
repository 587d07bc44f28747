import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Clock, LambdaInvoker, TimerHandle } from "@sam-sandbox/core";
import { AccessDeniedException, InvalidParameterException, LimitExceededException, subscriptionFilterNotFound } from "../errors.js";
import {
  MAX_SUBSCRIPTION_BATCH_EVENTS,
  MAX_SUBSCRIPTION_FILTERS_PER_GROUP,
  MAX_SUBSCRIPTION_PENDING_EVENTS,
  SUBSCRIPTION_BATCH_MS,
} from "../limits.js";
import type { LogsEngine } from "./engine.js";
import { compileFilterPattern, compileStoredFilterPattern } from "./filterPattern.js";
import { page } from "./policies.js";
import { configOf, eventId, eventsAdded, GROUP_KEY_SEPARATOR, type LogGroup, type LogStream } from "./state.js";

type Input = Record<string, unknown>;

interface SubscriptionFilter {
  filterName: string;
  logGroupName: string;
  filterPattern: string;
  destinationArn: string;
  roleArn?: string;
  distribution: string;
  applyOnTransformedLogs: boolean;
  creationTime: number;
}

interface PendingBatch {
  filter: SubscriptionFilter;
  stream: string;
  events: Array<{ id: string; timestamp: number; message: string }>;
}

/** Puts one record into a Kinesis stream (wired by the sandbox to its Kinesis service). */
export interface StreamTarget {
  putRecord(streamArn: string, partitionKey: string, data: Buffer): Promise<void>;
}

/**
 * Subscription filters. A filter whose destination is a Lambda function hands it the matching
 * events as CloudWatch Logs does: {"awslogs":{"data": base64(gzip(DATA_MESSAGE JSON))}}, one
 * asynchronous invocation per filter and stream per batch window; a Kinesis stream gets the
 * same gzip'd DATA_MESSAGE as one record's data.
 */
export class Subscriptions {
  private pending = new Map<string, PendingBatch>();
  private timer: TimerHandle | undefined;
  private warnedDropped = false;

  constructor(
    private readonly engine: LogsEngine,
    private readonly invoker: LambdaInvoker | undefined,
    private readonly timers: Clock,
    private readonly streams?: StreamTarget,
  ) {}

  /** Whether the sandbox delivers to the filter's destination: a Lambda function, or a Kinesis stream when Kinesis is wired. */
  private delivered(destinationArn: string): boolean {
    const vendor = destinationArn.split(":")[2];
    return (vendor === "lambda" && this.invoker !== undefined) || (vendor === "kinesis" && this.streams !== undefined);
  }

  private get filters(): Map<string, SubscriptionFilter> {
    return configOf<SubscriptionFilter>(this.engine.state, "subscriptionFilter");
  }

  private inGroup(group: string): SubscriptionFilter[] {
    return [...this.filters].filter(([k]) => k.startsWith(group + GROUP_KEY_SEPARATOR)).map(([, f]) => f);
  }

  async putSubscriptionFilter(input: Input): Promise<Input> {
    const destinationArn = input.destinationArn as string;
    const [, , vendor, region, account] = destinationArn.split(":");
    if (vendor === "lambda" && (account !== this.engine.accountId || region !== this.engine.region)) {
      throw new AccessDeniedException(
        "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers.",
      );
    }
    if ((vendor === "kinesis" || vendor === "firehose") && input.roleArn === undefined) {
      throw new InvalidParameterException(`destinationArn for vendor ${vendor} cannot be used without roleArn`);
    }
    // The destination is judged before the log group (localstack test_put_subscription_filter_errors, recorded on AWS).
    const group = this.engine.group({ logGroupName: input.logGroupName });
    const pattern = input.filterPattern as string;
    compileFilterPattern(pattern);
    const key = group.name + GROUP_KEY_SEPARATOR + (input.filterName as string);
    const existing = this.filters.get(key);
    if (!existing && this.inGroup(group.name).length >= MAX_SUBSCRIPTION_FILTERS_PER_GROUP) throw new LimitExceededException();
    if (vendor !== "lambda" && !(vendor === "kinesis" && this.streams)) {
      this.engine.logger.warn(`CloudWatch Logs: subscription filter ${input.filterName as string} is kept, but the sandbox delivers only to Lambda functions and Kinesis streams (not ${vendor}).`);
    }
    const filter: SubscriptionFilter = {
      filterName: input.filterName as string,
      logGroupName: group.name,
      filterPattern: pattern,
      destinationArn,
      ...(input.roleArn !== undefined ? { roleArn: input.roleArn as string } : {}),
      distribution: (input.distribution as string | undefined) ?? "ByLogStream",
      applyOnTransformedLogs: (input.applyOnTransformedLogs as boolean | undefined) ?? false,
      creationTime: existing?.creationTime ?? this.engine.now(),
    };
    await this.engine.change({ t: "config", kind: "subscriptionFilter", key, value: filter });
    return {};
  }

  describeSubscriptionFilters(input: Input): Input {
    const group = this.engine.group({ logGroupName: input.logGroupName });
    const prefix = input.filterNamePrefix as string | undefined;
    const all = this.inGroup(group.name)
      .filter((f) => prefix === undefined || f.filterName.startsWith(prefix))
      .sort((a, b) => (a.filterName < b.filterName ? -1 : a.filterName > b.filterName ? 1 : 0));
    return page(all, input, "subscriptionFilters");
  }

  async deleteSubscriptionFilter(input: Input): Promise<Input> {
    const group = this.engine.group({ logGroupName: input.logGroupName });
    const key = group.name + GROUP_KEY_SEPARATOR + (input.filterName as string);
    if (!this.filters.has(key)) throw subscriptionFilterNotFound();
    await this.engine.change({ t: "config", kind: "subscriptionFilter", key });
    return {};
  }

  /** Queues the stream's events numbered firstSeq to endSeq (excluded) for the group's Lambda subscriptions. */
  deliver(group: LogGroup, stream: LogStream, firstSeq: number, endSeq: number): void {
    // The common case, on every Lambda invocation's log lines: no subscription anywhere.
    if (this.filters.size === 0) return;
    const filters = this.inGroup(group.name).filter((f) => this.delivered(f.destinationArn));
    if (filters.length === 0) return;
    const added = eventsAdded(stream, firstSeq, endSeq);
    const streamIndex = [...group.streams.keys()].indexOf(stream.name);
    for (const filter of filters) {
      const match = compileStoredFilterPattern(filter.filterPattern);
      const matching = added.filter((e) => match(e.message));
      if (matching.length === 0) continue;
      const id = `${group.name}${GROUP_KEY_SEPARATOR}${filter.filterName}${GROUP_KEY_SEPARATOR}${stream.name}`;
      let batch = this.pending.get(id);
      if (!batch) {
        batch = { filter, stream: stream.name, events: [] };
        this.pending.set(id, batch);
      }
      for (const e of matching) {
        if (batch.events.length >= MAX_SUBSCRIPTION_PENDING_EVENTS) {
          if (!this.warnedDropped) this.engine.logger.warn(`CloudWatch Logs: subscription ${filter.filterName} falls behind; events dropped.`);
          this.warnedDropped = true;
          break;
        }
        batch.events.push({ id: eventId(e, streamIndex), timestamp: e.timestamp, message: e.message });
      }
    }
    if (this.pending.size > 0 && !this.timer) this.timer = this.timers.setTimeout(() => this.flush(), SUBSCRIPTION_BATCH_MS);
  }

  /** Sends one batch per filter and stream; what exceeds a batch waits for the next window. */
  private flush(): void {
    this.timer = undefined;
    const batches = [...this.pending.values()];
    this.pending = new Map();
    for (const batch of batches) {
      const events = batch.events.splice(0, MAX_SUBSCRIPTION_BATCH_EVENTS);
      if (batch.events.length > 0) {
        this.pending.set(`${batch.filter.logGroupName}${GROUP_KEY_SEPARATOR}${batch.filter.filterName}${GROUP_KEY_SEPARATOR}${batch.stream}`, batch);
      }
      this.invoke(batch.filter, batch.stream, events);
    }
    if (this.pending.size > 0) this.timer = this.timers.setTimeout(() => this.flush(), SUBSCRIPTION_BATCH_MS);
  }

  private invoke(filter: SubscriptionFilter, stream: string, logEvents: PendingBatch["events"]): void {
    const message = {
      messageType: "DATA_MESSAGE",
      owner: this.engine.accountId,
      logGroup: filter.logGroupName,
      logStream: stream,
      subscriptionFilters: [filter.filterName],
      logEvents,
    };
    const gzipped = gzipSync(Buffer.from(JSON.stringify(message)));
    if (filter.destinationArn.split(":")[2] === "kinesis") {
      // distribution ByLogStream keeps a stream's events in one shard; Random spreads them.
      const key = filter.distribution === "Random" ? randomUUID() : stream;
      this.streams
        ?.putRecord(filter.destinationArn, key, gzipped)
        .catch((error: unknown) => this.engine.logger.warn(`CloudWatch Logs: subscription ${filter.filterName} could not put into ${filter.destinationArn}: ${String(error)}`));
      return;
    }
    if (!this.invoker) return;
    const payload = Buffer.from(JSON.stringify({ awslogs: { data: gzipped.toString("base64") } }));
    this.invoker
      .invoke({ functionName: filter.destinationArn, payload, invocationType: "Event", source: "logs" })
      .catch((error: unknown) => this.engine.logger.warn(`CloudWatch Logs: subscription ${filter.filterName} could not invoke ${filter.destinationArn}: ${String(error)}`));
  }

  /** Stops the batch timer (the sandbox is stopping). */
  close(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.pending.clear();
  }
}
