/**
 * Delivery retry schedules (AWS docs: "Amazon SNS message delivery retries"). A policy
 * has four phases after the first attempt: immediate retries (no delay), pre-backoff
 * retries (minDelayTarget apart), backoff retries (from minDelayTarget to maxDelayTarget
 * by the backoff function) and post-backoff retries (maxDelayTarget apart). AWS adds
 * jitter; the sandbox does not, so tests can step a virtual clock exactly.
 */
import type { RetryPolicy } from "../topicAttributes.js";

/** Lambda and SQS (AWS managed endpoints): 3 immediate, 2 at 1 s, 10 backing off 1–20 s, 100,000 at 20 s. */
export const MANAGED_ENDPOINT_POLICY: RetryPolicy = {
  numNoDelayRetries: 3,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 100_000,
  numRetries: 100_015,
  minDelayTarget: 1,
  maxDelayTarget: 20,
  backoffFunction: "exponential",
};

/** SMTP, SMS, mobile push (customer managed): 0 immediate, 2 at 10 s, 10 backing off 10–600 s, 38 at 600 s. */
export const CUSTOMER_ENDPOINT_POLICY: RetryPolicy = {
  numNoDelayRetries: 0,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 38,
  numRetries: 50,
  minDelayTarget: 10,
  maxDelayTarget: 600,
  backoffFunction: "exponential",
};

/** Delay (ms) before retry number `retry` (1-based), or undefined when the policy is exhausted. */
export function retryDelayMs(policy: RetryPolicy, retry: number): number | undefined {
  const total = Math.max(0, policy.numRetries);
  if (retry > total) return undefined;
  const noDelay = Math.max(0, policy.numNoDelayRetries);
  const minDelay = Math.max(0, policy.numMinDelayRetries);
  const maxDelay = Math.max(0, policy.numMaxDelayRetries);
  const backoff = Math.max(0, total - noDelay - minDelay - maxDelay);
  const min = policy.minDelayTarget;
  const max = Math.max(policy.maxDelayTarget, min);
  if (retry <= noDelay) return 0;
  if (retry <= noDelay + minDelay) return min * 1000;
  if (retry <= noDelay + minDelay + backoff) {
    const step = retry - noDelay - minDelay;
    return Math.round(backoffSeconds(policy.backoffFunction, min, max, step, backoff) * 1000);
  }
  return max * 1000;
}

/** The step-th of n delays growing from min to max. */
function backoffSeconds(fn: string, min: number, max: number, step: number, n: number): number {
  if (n <= 1) return max;
  const x = (step - 1) / (n - 1);
  switch (fn) {
    case "arithmetic":
      return min + (max - min) * x * x;
    case "geometric":
      return min * Math.pow(max / Math.max(min, 1e-9), x);
    case "exponential":
      return min + (max - min) * (Math.exp(x * 4) - 1) / (Math.exp(4) - 1);
    default:
      return min + (max - min) * x;
  }
}
