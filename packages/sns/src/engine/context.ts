import type { Clock, DurableState, EventBus, Logger } from "@sam-sandbox/core";
import { InvalidParameterException, topicNotFound } from "../errors.js";
import { parseTopicArn } from "./arns.js";
import type { Deliverer } from "./delivery/deliverer.js";
import type { DedupWindow } from "./dedup.js";
import type { Outbox } from "./outbox.js";
import type { SnsUrls } from "./message.js";
import { applyRecord, type SnsRecord, type SnsState, type Topic } from "./state.js";

/** What every action works with: the state and the ports. */
export interface SnsContext {
  readonly durable: DurableState<SnsState, SnsRecord>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events?: EventBus;
  readonly region: string;
  readonly accountId: string;
  readonly deliverer: Deliverer;
  readonly dedup: DedupWindow;
  readonly urls: SnsUrls;
  /** SMS and mobile push messages "sent" (printed and kept). */
  readonly outbox: Outbox;
}

/** Applies a change in memory and makes it durable before the action answers. */
export async function change(ctx: SnsContext, record: SnsRecord): Promise<void> {
  applyRecord(ctx.durable.state, record);
  await ctx.durable.commit(record);
}

/**
 * The topic an ARN names. A malformed ARN or one from another region is "Invalid
 * parameter: TopicArn"; a topic that does not exist is NotFound "Topic does not exist".
 */
export function findTopic(ctx: SnsContext, arn: string | undefined, what = "TopicArn"): Topic {
  const parts = parseTopicArn(arn ?? "", what);
  if (parts.region !== ctx.region) throw new InvalidParameterException(`Invalid parameter: ${what}`);
  const topic = ctx.durable.state.topics.get(arn ?? "");
  if (!topic) throw topicNotFound();
  return topic;
}
