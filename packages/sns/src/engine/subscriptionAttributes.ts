/** Subscription attributes: what Subscribe and SetSubscriptionAttributes accept, and what GetSubscriptionAttributes shows. */
import { invalidAttribute } from "../errors.js";
import { parseFilterPolicy, type FilterPolicy, type FilterScope } from "./filter/policy.js";
import type { Subscription, Topic } from "./state.js";
import { effectiveTopicPolicy, isJsonObject, parseObject } from "./topicAttributes.js";
import { jacksonDetail } from "./jsonError.js";
import { subscriptionDeliveryPolicyProblem } from "./deliveryPolicy.js";

/** SetSubscriptionAttributes' AttributeName values (AWS API reference). */
const NAMES = new Set(["DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy"]);
/** Raw delivery exists for these protocols only. */
const RAW_PROTOCOLS = new Set(["http", "https", "sqs", "firehose"]);

/**
 * Checks attributes given to Subscribe (all at once, `subscribing`) or SetSubscriptionAttributes
 * (one), against the subscription's current ones. Returns them normalized (RawMessageDelivery
 * lower-cased) with the filter policy they produce.
 */
export function checkSubscriptionAttributes(
  protocol: string,
  current: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string>>,
  subscribing: boolean,
  fifoTopic = false,
): { attributes: Record<string, string>; policy: FilterPolicy | undefined } {
  const fail = (reason: string) => invalidAttribute(reason, subscribing);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(changes)) {
    if (!NAMES.has(name)) throw fail("AttributeName");
    switch (name) {
      case "RawMessageDelivery": {
        const lower = value.toLowerCase();
        if (lower !== "true" && lower !== "false") throw fail(`RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
        if (lower === "true" && !RAW_PROTOCOLS.has(protocol)) throw fail(`Delivery protocol [${protocol}] does not support raw message delivery.`);
        out[name] = lower;
        break;
      }
      case "FilterPolicyScope":
        if (value !== "MessageAttributes" && value !== "MessageBody") {
          throw fail(`FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
        }
        out[name] = value;
        break;
      case "DeliveryPolicy": {
        if (value !== "" && !isJsonObject(value)) throw fail(`${name}: failed to parse JSON.`);
        const problem = value === "" ? undefined : subscriptionDeliveryPolicyProblem(parseObject(value));
        if (problem !== undefined) throw fail(`DeliveryPolicy: ${problem}`);
        out[name] = value;
        break;
      }
      case "ReplayPolicy":
        if (value !== "" && !isJsonObject(value)) throw fail(`${name}: failed to parse JSON.`);
        out[name] = value;
        break;
      case "RedrivePolicy": {
        if (value !== "" && !isJsonObject(value)) throw fail(`RedrivePolicy: failed to parse JSON.${jacksonDetail(value)}`);
        const target = parseObject(value).deadLetterTargetArn;
        if (value !== "" && (typeof target !== "string" || target.split(":").length < 6)) throw fail("RedrivePolicy: deadLetterTargetArn is an invalid arn");
        // localstack test_validations_for_fifo (recorded on AWS).
        if (fifoTopic && typeof target === "string" && !target.endsWith(".fifo")) {
          throw fail("RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.");
        }
        out[name] = value;
        break;
      }
      default:
        out[name] = value;
    }
  }
  const merged = { ...current, ...out };
  const scope = (merged.FilterPolicyScope ?? "MessageAttributes") as FilterScope;
  const policy = merged.FilterPolicy ? parseFilterPolicy(merged.FilterPolicy, scope, subscribing) : undefined;
  return { attributes: out, policy };
}

/** A retry policy's members in the order SNS prints them. */
const RETRY_POLICY_MEMBERS = ["minDelayTarget", "maxDelayTarget", "numRetries", "numMaxDelayRetries", "numNoDelayRetries", "numMinDelayRetries", "backoffFunction"];

/** `value` with each of `members`, in that order, null where it has none. */
function withNulls(value: Record<string, unknown>, members: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(members.map((name) => [name, value[name] ?? null]));
}

/** GetSubscriptionAttributes. */
export function subscriptionAttributes(sub: Subscription, topic: Topic | undefined, account: string): Record<string, string> {
  const out: Record<string, string> = {
    ConfirmationWasAuthenticated: String(sub.authenticated),
    PendingConfirmation: String(sub.pending),
    Owner: sub.owner,
    RawMessageDelivery: "false",
    TopicArn: sub.topicArn,
    Endpoint: sub.endpoint,
    Protocol: sub.protocol,
    SubscriptionArn: sub.arn,
    SubscriptionPrincipal: `arn:aws:iam::${account}:root`,
  };
  if ((sub.protocol === "http" || sub.protocol === "https") && topic) {
    const topicPolicy = effectiveTopicPolicy(topic).http;
    const own = parseObject(sub.attributes.DeliveryPolicy);
    out.EffectiveDeliveryPolicy = JSON.stringify({
      healthyRetryPolicy: { ...topicPolicy.defaultHealthyRetryPolicy, ...(topicPolicy.disableSubscriptionOverrides ? {} : parseObject(JSON.stringify(own.healthyRetryPolicy ?? {}))) },
      sicklyRetryPolicy: null,
      throttlePolicy: own.throttlePolicy ?? null,
      requestPolicy: own.requestPolicy ?? topicPolicy.defaultRequestPolicy,
      guaranteed: false,
    });
  }
  Object.assign(out, sub.attributes);
  if (sub.attributes.DeliveryPolicy !== undefined && (sub.protocol === "http" || sub.protocol === "https") && topic) {
    // Printed with every member, null where unset (localstack
    // test_subscribe_external_http_endpoint_content_type, recorded on AWS), a retry policy's
    // members too: the defaults show in EffectiveDeliveryPolicy only (the AWS answer in the
    // Terraform AWS provider's TestSuppressEquivalentTopicSubscriptionDeliveryPolicy).
    const own = parseObject(sub.attributes.DeliveryPolicy);
    const healthy = own.healthyRetryPolicy;
    out.DeliveryPolicy = JSON.stringify({
      healthyRetryPolicy: typeof healthy === "object" && healthy !== null ? withNulls(healthy as Record<string, unknown>, RETRY_POLICY_MEMBERS) : null,
      sicklyRetryPolicy: own.sicklyRetryPolicy ?? null,
      throttlePolicy: own.throttlePolicy ?? null,
      requestPolicy: own.requestPolicy ?? null,
      guaranteed: own.guaranteed ?? false,
    });
  }
  // The scope shows only alongside a filter policy.
  if (!sub.attributes.FilterPolicy) delete out.FilterPolicyScope;
  else out.FilterPolicyScope = sub.attributes.FilterPolicyScope ?? "MessageAttributes";
  return out;
}
