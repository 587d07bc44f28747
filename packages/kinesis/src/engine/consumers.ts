/**
 * Enhanced fan-out consumers: RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers,
 * DeregisterStreamConsumer. A consumer is CREATING for a few seconds of Clock time, then ACTIVE;
 * deregistered, it is DELETING for a few seconds, then gone (its name free again, with a new ARN).
 */
import {
  InvalidArgumentException, consumerArnNotFound, consumerArnOrName, consumerExists, consumerLimit, consumerNameNotFound, creatingConsumerLimit,
} from "../errors.js";
import * as L from "../limits.js";
import { commit, streamOf, wholeSeconds, type KinesisContext } from "./context.js";
import type { StoredConsumer, Stream } from "./state.js";

export type ConsumerStatus = "CREATING" | "ACTIVE" | "DELETING";

/** A consumer's status at `now`; undefined once it is gone. */
export function consumerStatus(consumer: StoredConsumer, now: number): ConsumerStatus | undefined {
  if (consumer.deletedAt !== undefined) return now < consumer.deletedAt + L.CONSUMER_DELETING_MS ? "DELETING" : undefined;
  return now < consumer.createdAt + L.CONSUMER_CREATING_MS ? "CREATING" : "ACTIVE";
}

/** The stream's consumers that are not gone. */
export function liveConsumers(ctx: KinesisContext, stream: Stream): StoredConsumer[] {
  const now = ctx.clock.now();
  return (stream.consumers ?? []).filter((c) => consumerStatus(c, now) !== undefined);
}

/** "arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/audit:1764072000" → its parts, when the account is this sandbox's. */
export function parseConsumerArn(ctx: KinesisContext, arn: string): { stream: string; consumer: string } | undefined {
  const match = /^arn:aws[^:]*:kinesis:[^:]*:(\d{12}):stream\/([^/]+)\/consumer\/([^:/]+):\d+$/.exec(arn);
  if (!match || match[1] !== ctx.accountId) return undefined;
  return { stream: match[2], consumer: match[3] };
}

/** The live consumer an ARN names, with its stream; undefined when there is none. */
export function consumerOfArn(ctx: KinesisContext, arn: string): { stream: Stream; consumer: StoredConsumer } | undefined {
  const parts = parseConsumerArn(ctx, arn);
  const stream = parts && ctx.durable.state.streams.get(parts.stream);
  const consumer = stream && liveConsumers(ctx, stream).find((c) => c.arn === arn);
  return stream && consumer ? { stream, consumer } : undefined;
}

interface ConsumerRef {
  StreamARN?: string;
  ConsumerName?: string;
  ConsumerARN?: string;
}

/** The consumer a request names: by ConsumerARN, or by StreamARN and ConsumerName. */
export function consumerOf(ctx: KinesisContext, input: ConsumerRef): { stream: Stream; consumer: StoredConsumer } {
  if (input.ConsumerARN !== undefined) {
    const found = consumerOfArn(ctx, input.ConsumerARN);
    if (!found) throw consumerArnNotFound(input.ConsumerARN, ctx.accountId);
    return found;
  }
  if (input.StreamARN === undefined || input.ConsumerName === undefined) throw consumerArnOrName();
  const stream = streamOf(ctx, { StreamARN: input.StreamARN });
  const consumer = liveConsumers(ctx, stream).find((c) => c.name === input.ConsumerName);
  if (!consumer) throw consumerNameNotFound(input.ConsumerName, ctx.accountId);
  return { stream, consumer };
}

function consumerOutput(ctx: KinesisContext, consumer: StoredConsumer) {
  return {
    ConsumerName: consumer.name,
    ConsumerARN: consumer.arn,
    ConsumerStatus: consumerStatus(consumer, ctx.clock.now()) ?? "DELETING",
    ConsumerCreationTimestamp: wholeSeconds(consumer.createdAt),
  };
}

/**
 * `createdAt` (epoch ms) is for the sandbox's template consumers, whose ARN the template fixed
 * before they were registered; the API registers at the Clock's time.
 */
export async function registerStreamConsumer(ctx: KinesisContext, input: { StreamARN: string; ConsumerName: string; Tags?: Record<string, string> }, createdAt?: number) {
  const stream = streamOf(ctx, { StreamARN: input.StreamARN });
  const live = liveConsumers(ctx, stream);
  if (live.some((c) => c.name === input.ConsumerName)) throw consumerExists(input.ConsumerName, stream.name, ctx.accountId);
  if (live.length >= L.MAX_CONSUMERS_PER_STREAM) throw consumerLimit();
  const now = ctx.clock.now();
  let creating = 0;
  for (const s of ctx.durable.state.streams.values()) creating += (s.consumers ?? []).filter((c) => consumerStatus(c, now) === "CREATING").length;
  if (creating >= L.MAX_CREATING_CONSUMERS) throw creatingConsumerLimit();
  const created = Math.floor((createdAt ?? now) / 1000) * 1000;
  const consumer: StoredConsumer = {
    name: input.ConsumerName,
    arn: `${stream.arn}/consumer/${input.ConsumerName}:${created / 1000}`,
    createdAt: created,
    ...(input.Tags && Object.keys(input.Tags).length > 0 ? { tags: { ...input.Tags } } : {}),
  };
  await commit(ctx, { t: "register", name: stream.name, consumer });
  return { Consumer: consumerOutput(ctx, consumer) };
}

export function describeStreamConsumer(ctx: KinesisContext, input: ConsumerRef) {
  const { stream, consumer } = consumerOf(ctx, input);
  return { ConsumerDescription: { ...consumerOutput(ctx, consumer), StreamARN: stream.arn } };
}

export function listStreamConsumers(ctx: KinesisContext, input: { StreamARN: string; NextToken?: string; MaxResults?: number; StreamCreationTimestamp?: number }) {
  let after = -1;
  if (input.NextToken !== undefined) {
    const token = decodeToken(input.NextToken);
    // A NextToken it did not hand out: no recording of AWS's text was found (kinesis-mock's wording, as ListStreams / ListShards answer here).
    if (!token || token.stream !== input.StreamARN) throw new InvalidArgumentException("NextToken is improperly formatted");
    after = token.after;
  }
  const stream = streamOf(ctx, { StreamARN: input.StreamARN });
  const now = ctx.clock.now();
  // Positions in the stream's own list, which only grows while paging (gone ones are skipped).
  const all = (stream.consumers ?? []).map((consumer, index) => ({ consumer, index })).filter((c) => consumerStatus(c.consumer, now) !== undefined);
  const rest = all.filter((c) => c.index > after);
  const limit = input.MaxResults ?? L.DEFAULT_LIST_CONSUMERS_RESULTS;
  const page = rest.slice(0, limit);
  const more = rest.length > limit;
  return {
    Consumers: page.map((c) => consumerOutput(ctx, c.consumer)),
    ...(more ? { NextToken: Buffer.from(JSON.stringify({ stream: input.StreamARN, after: page[page.length - 1].index })).toString("base64") } : {}),
  };
}

function decodeToken(token: string): { stream: string; after: number } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { stream?: unknown; after?: unknown };
    return typeof value.stream === "string" && typeof value.after === "number" ? { stream: value.stream, after: value.after } : undefined;
  } catch {
    return undefined;
  }
}

/** The consumer turns DELETING (its subscriptions end), then is gone a few seconds later. */
export async function deregisterStreamConsumer(ctx: KinesisContext, input: ConsumerRef): Promise<Record<string, never>> {
  const { stream, consumer } = consumerOf(ctx, input);
  if (consumer.deletedAt === undefined) await commit(ctx, { t: "deregister", name: stream.name, consumer: consumer.name, at: ctx.clock.now() });
  for (const listener of ctx.onConsumerGone) listener(consumer.arn);
  return {};
}
