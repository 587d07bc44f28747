/**
 * The checks SNS makes of a DeliveryPolicy attribute (a topic's {"http": {...}} and a
 * subscription's {"healthyRetryPolicy": ...}) beyond being a JSON object. SNS names the member
 * by its path in the policy, as recorded from AWS:
 *   "Invalid parameter: DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100"
 *   "Invalid parameter: Attributes Reason: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater than or equal to 1"
 *   "Invalid parameter: DeliveryPolicy: Unexpected JSON member: throttlePolicy"
 *   "Invalid parameter: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be specified"
 */
import {
  MAX_DELIVERY_DELAY_TARGET_SECONDS, MAX_DELIVERY_RETRIES, MIN_DELIVERY_DELAY_TARGET_SECONDS, MIN_RECEIVES_PER_SECOND,
} from "../limits.js";

type Bounds = { min: number; max?: number };

/** A retry policy's members and their bounds (AWS docs, creating an HTTP/S delivery policy). */
const RETRY_POLICY: Record<string, Bounds | "string"> = {
  minDelayTarget: { min: MIN_DELIVERY_DELAY_TARGET_SECONDS, max: MAX_DELIVERY_DELAY_TARGET_SECONDS },
  maxDelayTarget: { min: MIN_DELIVERY_DELAY_TARGET_SECONDS, max: MAX_DELIVERY_DELAY_TARGET_SECONDS },
  numRetries: { min: 0, max: MAX_DELIVERY_RETRIES },
  numNoDelayRetries: { min: 0 },
  numMinDelayRetries: { min: 0 },
  numMaxDelayRetries: { min: 0 },
  backoffFunction: "string",
};
const THROTTLE_POLICY: Record<string, Bounds | "string"> = { maxReceivesPerSecond: { min: MIN_RECEIVES_PER_SECOND } };
const REQUEST_POLICY: Record<string, Bounds | "string"> = { headerContentType: "string" };

type Section = (path: string, value: Record<string, unknown>) => string | undefined;

/** `required`: members that must be given ("healthyRetryPolicy.minDelayTarget must be specified", recorded from AWS). */
const members = (shape: Record<string, Bounds | "string">, required: readonly string[] = []): Section => (path, value) => {
  for (const name of required) {
    if (value[name] === undefined || value[name] === null) return `${path}${name} must be specified`;
  }
  for (const [name, member] of Object.entries(value)) {
    const bounds = Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (bounds === undefined) return `Unexpected JSON member: ${name}`;
    if (bounds === "string" || typeof member !== "number") continue;
    if (member < bounds.min) return `${path}${name} must be greater than or equal to ${bounds.min}`;
    if (bounds.max !== undefined && member > bounds.max) return `${path}${name} must be less than or equal to ${bounds.max}`;
  }
  return undefined;
};

/** A structure whose members are sections (null: absent, as SNS's Java reader takes it). */
const sections = (shape: Record<string, Section | "scalar">): Section => (path, value) => {
  for (const [name, member] of Object.entries(value)) {
    const section = Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (section === undefined) return `Unexpected JSON member: ${name}`;
    if (section === "scalar" || !isRecord(member)) continue;
    const problem = section(`${path}${name}.`, member);
    if (problem !== undefined) return problem;
  }
  return undefined;
};

const retryPolicy = members(RETRY_POLICY);
/**
 * A subscription's healthy retry policy names its delay targets and retry count; a topic's default
 * one may give only some (AWS docs' topic example sets numRetries alone).
 */
const SUBSCRIPTION_RETRY_REQUIRED = ["minDelayTarget", "maxDelayTarget", "numRetries"] as const;

/** A subscription's policy (the members GetSubscriptionAttributes' EffectiveDeliveryPolicy shows). */
const SUBSCRIPTION_POLICY = sections({
  healthyRetryPolicy: members(RETRY_POLICY, SUBSCRIPTION_RETRY_REQUIRED),
  sicklyRetryPolicy: retryPolicy,
  throttlePolicy: members(THROTTLE_POLICY),
  requestPolicy: members(REQUEST_POLICY),
  guaranteed: "scalar",
});

/** A topic's "http" part (SetTopicAttributes delivery policy JSON format). */
const TOPIC_HTTP_POLICY = sections({
  defaultHealthyRetryPolicy: retryPolicy,
  defaultSicklyRetryPolicy: retryPolicy,
  defaultThrottlePolicy: members(THROTTLE_POLICY),
  defaultRequestPolicy: members(REQUEST_POLICY),
  disableSubscriptionOverrides: "scalar",
});

/** What is wrong with a topic's DeliveryPolicy (already a JSON object), or undefined. */
export function topicDeliveryPolicyProblem(policy: Record<string, unknown>): string | undefined {
  const http = policy.http;
  return isRecord(http) ? TOPIC_HTTP_POLICY("http.", http) : undefined;
}

/** What is wrong with a subscription's DeliveryPolicy (already a JSON object), or undefined. */
export function subscriptionDeliveryPolicyProblem(policy: Record<string, unknown>): string | undefined {
  return SUBSCRIPTION_POLICY("", policy);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
