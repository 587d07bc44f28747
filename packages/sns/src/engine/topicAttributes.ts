/** Topic attributes: AWS's defaults, what may be set, and what GetTopicAttributes shows. */
import { InvalidParameterException, invalidParameter } from "../errors.js";
import { checkDataProtectionPolicy } from "./dataProtection.js";
import { topicDeliveryPolicyProblem } from "./deliveryPolicy.js";
import type { SnsState, Topic } from "./state.js";

/** Delivery-status logging attributes: <Protocol>{Success,Failure}Feedback{RoleArn,SampleRate}. */
const FEEDBACK = /^(Application|Firehose|HTTP|Lambda|SQS)(SuccessFeedbackRoleArn|SuccessFeedbackSampleRate|FailureFeedbackRoleArn)$/;

/** Attributes SetTopicAttributes and CreateTopic accept (AWS API reference, SetTopicAttributes). */
const SETTABLE = new Set([
  "DeliveryPolicy", "DisplayName", "Policy", "TracingConfig", "KmsMasterKeyId", "SignatureVersion",
  "ContentBasedDeduplication", "FifoThroughputScope", "ArchivePolicy", "DataProtectionPolicy",
]);
const JSON_VALUED = new Set(["DeliveryPolicy", "Policy", "ArchivePolicy", "DataProtectionPolicy"]);

/**
 * Checks one attribute of CreateTopic (creating) or SetTopicAttributes. FifoTopic can only be
 * given at creation.
 */
export function checkTopicAttribute(name: string, value: string, creating: boolean): void {
  if (name === "FifoTopic") {
    if (!creating) throw invalidParameter("AttributeName");
    return;
  }
  if (!SETTABLE.has(name) && !FEEDBACK.test(name)) throw invalidParameter("AttributeName");
  if (name === "DataProtectionPolicy" && value !== "") checkDataProtectionPolicy(value);
  if (JSON_VALUED.has(name) && value !== "" && !isJsonObject(value)) {
    throw new InvalidParameterException(`Invalid parameter: ${name}: failed to parse JSON.`);
  }
  if (name === "DeliveryPolicy" && value !== "") {
    const problem = topicDeliveryPolicyProblem(parseObject(value));
    // CreateTopic reports it under "Attributes Reason:", SetTopicAttributes without.
    if (problem !== undefined) throw invalidParameter(`${creating ? "Attributes Reason: " : ""}DeliveryPolicy: ${problem}`);
  }
}

/**
 * An attribute as SNS keeps it. A DeliveryPolicy's "http" part is re-serialized the way SNS's
 * Java object prints it: null members dropped, disableSubscriptionOverrides always present
 * (localstack test_topic_delivery_policy_crud, recorded on AWS).
 */
export function storedTopicAttribute(name: string, value: string): string {
  if (name !== "DeliveryPolicy" || value === "") return value;
  const policy = parseObject(value);
  const http = policy.http;
  if (!isRecord(http)) return value;
  const out: Record<string, unknown> = {};
  if (isRecord(http.defaultHealthyRetryPolicy)) out.defaultHealthyRetryPolicy = http.defaultHealthyRetryPolicy;
  out.disableSubscriptionOverrides = http.disableSubscriptionOverrides === true;
  if (isRecord(http.defaultThrottlePolicy)) out.defaultThrottlePolicy = http.defaultThrottlePolicy;
  if (isRecord(http.defaultRequestPolicy)) out.defaultRequestPolicy = http.defaultRequestPolicy;
  return JSON.stringify({ ...policy, http: out });
}

/** Whether text is a JSON object (not an array or scalar). */
export function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The policy AWS gives every new topic. */
export function defaultTopicPolicy(arn: string, account: string): string {
  return JSON.stringify({
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
          "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish",
        ],
        Resource: arn,
        Condition: { StringEquals: { "AWS:SourceOwner": account } },
      },
    ],
  });
}

export interface RetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numMaxDelayRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  backoffFunction: string;
}

export interface HttpDeliveryPolicy {
  defaultHealthyRetryPolicy: RetryPolicy;
  disableSubscriptionOverrides: boolean;
  defaultRequestPolicy: { headerContentType: string };
  defaultThrottlePolicy?: { maxReceivesPerSecond?: number };
}

/** SNS's HTTP/S defaults: 3 retries 20 seconds apart. */
export const DEFAULT_HTTP_POLICY: HttpDeliveryPolicy = {
  defaultHealthyRetryPolicy: {
    minDelayTarget: 20,
    maxDelayTarget: 20,
    numRetries: 3,
    numMaxDelayRetries: 0,
    numNoDelayRetries: 0,
    numMinDelayRetries: 0,
    backoffFunction: "linear",
  },
  disableSubscriptionOverrides: false,
  defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
};

/** The topic's DeliveryPolicy over SNS's defaults (EffectiveDeliveryPolicy). */
export function effectiveTopicPolicy(topic: Topic): { http: HttpDeliveryPolicy } {
  const own = parseObject(topic.attributes.DeliveryPolicy).http;
  const http = isRecord(own) ? own : {};
  return {
    http: {
      ...DEFAULT_HTTP_POLICY,
      ...http,
      defaultHealthyRetryPolicy: { ...DEFAULT_HTTP_POLICY.defaultHealthyRetryPolicy, ...recordOf(http.defaultHealthyRetryPolicy) },
      defaultRequestPolicy: { ...DEFAULT_HTTP_POLICY.defaultRequestPolicy, ...recordOf(http.defaultRequestPolicy) },
    } as HttpDeliveryPolicy,
  };
}

/** GetTopicAttributes: AWS's computed attributes plus those the user set. */
export function topicAttributes(state: SnsState, topic: Topic, account: string): Record<string, string> {
  let confirmed = 0;
  let pending = 0;
  for (const sub of state.subscriptions.values()) {
    if (sub.topicArn !== topic.arn) continue;
    if (sub.pending) pending++;
    else confirmed++;
  }
  const out: Record<string, string> = {
    Policy: defaultTopicPolicy(topic.arn, account),
    Owner: account,
    SubscriptionsPending: String(pending),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: JSON.stringify(effectiveTopicPolicy(topic)),
    SubscriptionsConfirmed: String(confirmed),
    DisplayName: "",
    // The sandbox removes a subscription at once; AWS counts it here until it is cleaned up.
    SubscriptionsDeleted: "0",
  };
  if (topic.fifo) {
    out.FifoTopic = "true";
    out.ContentBasedDeduplication = "false";
  }
  return { ...out, ...topic.attributes };
}

export function parseObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === "") return {};
  try {
    return recordOf(JSON.parse(text));
  } catch {
    return {};
  }
}

function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
