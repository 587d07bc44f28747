import type { SnsContext } from "./context.js";
import { publish, publishBatch, type PublishBatchEntry, type PublishInput } from "./publish.js";
import type { Tag } from "./state.js";
import {
  confirmSubscription, getSubscriptionAttributes, listSubscriptions, listSubscriptionsByTopic, setSubscriptionAttributes,
  subscribe, unsubscribe, type SubscribeInput,
} from "./subscriptions.js";
import { listTagsForResource, tagResource, untagResource } from "./tags.js";
import { createTopic, deleteTopic, getTopicAttributes, listTopics, setTopicAttributes, type CreateTopicInput } from "./topics.js";

/**
 * Amazon SNS behaviour, one method per AWS action with AWS's input and output shapes (no
 * HTTP). The integrator calls createTopic/subscribe directly for template resources.
 */
export class SnsEngine {
  constructor(private readonly ctx: SnsContext) {}

  createTopic(input: CreateTopicInput) {
    return createTopic(this.ctx, input);
  }

  deleteTopic(input: { TopicArn: string }) {
    return deleteTopic(this.ctx, input);
  }

  listTopics(input: { NextToken?: string } = {}) {
    return listTopics(this.ctx, input);
  }

  getTopicAttributes(input: { TopicArn: string }) {
    return getTopicAttributes(this.ctx, input);
  }

  setTopicAttributes(input: { TopicArn: string; AttributeName: string; AttributeValue?: string }) {
    return setTopicAttributes(this.ctx, input);
  }

  subscribe(input: SubscribeInput) {
    return subscribe(this.ctx, input);
  }

  confirmSubscription(input: { TopicArn: string; Token: string; AuthenticateOnUnsubscribe?: string }) {
    return confirmSubscription(this.ctx, input);
  }

  unsubscribe(input: { SubscriptionArn: string }) {
    return unsubscribe(this.ctx, input);
  }

  listSubscriptions(input: { NextToken?: string } = {}) {
    return listSubscriptions(this.ctx, input);
  }

  listSubscriptionsByTopic(input: { TopicArn: string; NextToken?: string }) {
    return listSubscriptionsByTopic(this.ctx, input);
  }

  getSubscriptionAttributes(input: { SubscriptionArn: string }) {
    return getSubscriptionAttributes(this.ctx, input);
  }

  setSubscriptionAttributes(input: { SubscriptionArn: string; AttributeName: string; AttributeValue?: string }) {
    return setSubscriptionAttributes(this.ctx, input);
  }

  /** `traceHeader`: the X-Amzn-Trace-Id deliveries carry on (to Lambda subscribers). */
  publish(input: PublishInput, traceHeader?: string) {
    return publish(this.ctx, input, traceHeader);
  }

  publishBatch(input: { TopicArn: string; PublishBatchRequestEntries: PublishBatchEntry[] }, traceHeader?: string) {
    return publishBatch(this.ctx, input, traceHeader);
  }

  tagResource(input: { ResourceArn: string; Tags: Tag[] }) {
    return tagResource(this.ctx, input);
  }

  untagResource(input: { ResourceArn: string; TagKeys: string[] }) {
    return untagResource(this.ctx, input);
  }

  listTagsForResource(input: { ResourceArn: string }) {
    return listTagsForResource(this.ctx, input);
  }

  /** Resolves once every delivery started so far is done (delivered, failed or given up). */
  settled(): Promise<void> {
    return this.ctx.deliverer.settled();
  }
}
