/**
 * SNS subscriptions, from the three places a template declares them: AWS::SNS::Subscription,
 * the Subscription list of an AWS::SNS::Topic, and SAM `Events: Type: SNS` on a function
 * (which SAM turns into a lambda subscription named "<Function><EventId>").
 */
import { messages, templateError } from "../errors.js";
import type { Where } from "../errors.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import type { FunctionSpec, ResolvedResource, SubscriptionSpec, TopicSpec } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import { eventsOf } from "../sam/events.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";
import { eventTarget } from "../functions/target.js";

/** What a subscription is resolved against: the template's topics (by ARN) and functions. */
export interface SubscriptionTargets {
  topics: Map<string, TopicSpec>;
  functions: FunctionIndex;
}

/** Subscription properties that Subscribe takes as JSON text. */
const JSON_ATTRIBUTES = ["RedrivePolicy", "DeliveryPolicy", "ReplayPolicy"];

export function cfnSubscription(stack: Stack, resource: ResolvedResource, targets: SubscriptionTargets): SubscriptionSpec | undefined {
  const props = resource.properties;
  const where = (key?: string): Where => ({ file: stack.info.file, line: (key ? keyLineOf(props, key) : undefined) ?? resource.line });
  for (const key of ["TopicArn", "Protocol"]) {
    if (typeof props[key] !== "string") {
      throw templateError(`Properties validation failed for resource ${resource.logicalId} with message: #: required key [${key}] not found`, where(key));
    }
  }
  if (typeof props.Region === "string" && props.Region !== stack.info.region) {
    stack.warnings.add(`AWS::SNS::Subscription ${resource.logicalId} names Region ${props.Region}; the sandbox has one region (${stack.info.region}) and subscribes there`);
  }
  const spec = subscription(stack, {
    logicalId: resource.logicalId,
    topicArn: String(props.TopicArn),
    protocol: String(props.Protocol),
    endpoint: props.Endpoint === undefined ? "" : String(props.Endpoint),
    filterPolicy: props.FilterPolicy,
    filterPolicyScope: props.FilterPolicyScope,
    rawMessageDelivery: props.RawMessageDelivery,
    extra: props,
    where: where("FilterPolicy"),
    line: resource.line,
  }, targets);
  if (props.SubscriptionRoleArn !== undefined && spec) spec.attributes.SubscriptionRoleArn = String(props.SubscriptionRoleArn);
  return spec;
}

/** AWS::SNS::Topic `Subscription: [{ Endpoint, Protocol }]`. */
export function inlineSubscriptions(stack: Stack, resource: ResolvedResource, topic: TopicSpec, targets: SubscriptionTargets): SubscriptionSpec[] {
  const list = resource.properties.Subscription;
  if (list === undefined) return [];
  const where = { file: stack.info.file, line: keyLineOf(resource.properties, "Subscription") ?? resource.line };
  if (!Array.isArray(list)) throw templateError(`Subscription of ${resource.logicalId} must be a list of { Endpoint, Protocol }`, where);
  const out: SubscriptionSpec[] = [];
  list.forEach((item, i) => {
    if (!isRecord(item) || typeof item.Protocol !== "string" || typeof item.Endpoint !== "string") {
      throw templateError(`Subscription[${i}] of ${resource.logicalId} needs Endpoint and Protocol`, where);
    }
    const spec = subscription(stack, {
      logicalId: `${resource.logicalId}.Subscription[${i}]`,
      topicArn: topic.arn,
      protocol: item.Protocol,
      endpoint: item.Endpoint,
      where,
      line: resource.line,
    }, targets);
    if (spec) out.push(spec);
  });
  return out;
}

/** SAM `Events: Type: SNS` on a function: a lambda subscription of the function to Topic. */
export function snsEventSubscriptions(stack: Stack, resolved: ResolvedResource, fn: FunctionSpec, targets: SubscriptionTargets): SubscriptionSpec[] {
  const raw = stack.resources.get(resolved.logicalId)?.properties ?? {};
  const events = isRecord(resolved.properties.Events) ? resolved.properties.Events : {};
  const out: SubscriptionSpec[] = [];
  for (const [eventId] of eventsOf(raw)) {
    const event = events[eventId];
    if (!isRecord(event) || event.Type !== "SNS") continue;
    const props = isRecord(event.Properties) ? event.Properties : {};
    const logicalId = `${resolved.logicalId}${eventId}`;
    const where = { file: stack.info.file, line: keyLineOf(raw.Events, eventId) ?? resolved.line };
    if (typeof props.Topic !== "string") throw templateError(messages.samResource(logicalId, "Missing required property 'Topic'."), where);
    // SqsSubscription (topic → SQS queue → function): the queue, its subscription and mapping are
    // packages/sandbox's (sqsResources.ts), read from the function's Events.
    if (props.SqsSubscription !== undefined && props.SqsSubscription !== false && props.SqsSubscription !== "false") continue;
    const spec = subscription(stack, {
      logicalId,
      topicArn: props.Topic,
      protocol: "lambda",
      // SAM subscribes the function's alias when it has one.
      endpoint: eventTarget(fn).arn,
      filterPolicy: props.FilterPolicy,
      filterPolicyScope: props.FilterPolicyScope,
      extra: props,
      where,
      line: resolved.line,
    }, targets);
    if (spec) out.push(spec);
  }
  return out;
}

interface SubscriptionInput {
  logicalId: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  filterPolicy?: unknown;
  filterPolicyScope?: unknown;
  rawMessageDelivery?: unknown;
  /** Properties holding RedrivePolicy, DeliveryPolicy, ReplayPolicy. */
  extra?: Record<string, unknown>;
  where: Where;
  line?: number;
}

function subscription(stack: Stack, input: SubscriptionInput, targets: SubscriptionTargets): SubscriptionSpec | undefined {
  const topic = targets.topics.get(input.topicArn);
  if (!topic) {
    stack.warnings.add(`Subscription ${input.logicalId} is to ${input.topicArn}, which is not a topic of this template; skipped`);
    return undefined;
  }
  const spec: SubscriptionSpec = {
    logicalId: input.logicalId,
    topicArn: topic.arn,
    topicLogicalId: topic.logicalId,
    protocol: input.protocol,
    endpoint: input.endpoint,
    rawMessageDelivery: isTrue(input.rawMessageDelivery),
    attributes: {},
    line: input.line,
  };
  if (input.protocol === "lambda") {
    const target = targets.functions.target(input.endpoint);
    if (target) {
      spec.functionLogicalId = target.fn.logicalId;
      spec.functionName = target.functionName;
    } else {
      stack.warnings.add(`Subscription ${input.logicalId} delivers to ${input.endpoint}, which is not a function of this template; deliveries will fail`);
    }
  }
  const filterPolicy = parseFilterPolicy(input.filterPolicy, input.logicalId, input.where);
  if (filterPolicy) {
    spec.filterPolicy = filterPolicy;
    spec.attributes.FilterPolicy = JSON.stringify(filterPolicy);
  }
  if (input.filterPolicyScope !== undefined) {
    if (input.filterPolicyScope !== "MessageAttributes" && input.filterPolicyScope !== "MessageBody") {
      throw templateError(`FilterPolicyScope of ${input.logicalId} must be MessageAttributes or MessageBody`, input.where);
    }
    spec.filterPolicyScope = input.filterPolicyScope;
    spec.attributes.FilterPolicyScope = input.filterPolicyScope;
  }
  if (input.rawMessageDelivery !== undefined) spec.attributes.RawMessageDelivery = String(spec.rawMessageDelivery);
  for (const key of JSON_ATTRIBUTES) {
    const value = input.extra?.[key];
    if (value !== undefined) spec.attributes[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return spec;
}

/** FilterPolicy as an object (CloudFormation takes a map; a JSON string is accepted too). */
function parseFilterPolicy(value: unknown, logicalId: string, where: Where): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let policy: unknown = value;
  if (typeof value === "string") {
    try {
      policy = JSON.parse(value);
    } catch (error) {
      throw templateError(`FilterPolicy of ${logicalId} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, where);
    }
  }
  if (!isRecord(policy)) throw templateError(`FilterPolicy of ${logicalId} must be a map of attribute names to conditions`, where);
  return policy;
}
