/**
 * A REST API key's usage plan limits ("Usage plans and API keys for REST APIs"): the throttle is a
 * token bucket (BurstLimit tokens, refilled at RateLimit per second), the quota a count of requests
 * per DAY, WEEK or MONTH. A request over the quota is refused first ("Limit Exceeded"), then one over
 * the throttle ("Too Many Requests"); refused requests count against neither. A method's own throttle
 * (the plan's ApiStages[].Throttle["/path/METHOD"]) is checked before the plan's, with the same answer.
 * Time is the gateway's clock.
 */
import type { Clock } from "@sam-sandbox/core";
import type { ApiKeyConfig } from "./config.js";
import { QuotaExceeded, Throttled } from "./errors.js";

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;
const DAYS_PER_WEEK = 7;

interface Bucket {
  tokens: number;
  refilledAt: number;
}

interface KeyUsage extends Bucket {
  periodStart: number;
  used: number;
  /** Method throttles' buckets, by "/path/METHOD". */
  methods: Map<string, Bucket>;
}

type Throttle = { rateLimit: number; burstLimit: number };

export class UsagePlans {
  /** By key (the key object of one API's config: a key shared by two APIs' plans has two states). */
  private readonly usage = new WeakMap<ApiKeyConfig, KeyUsage>();

  constructor(private readonly clock: Clock) {}

  /** Counts one request of `key`; the gateway response refusing it, or undefined when it may pass. */
  admit(key: ApiKeyConfig, method?: string): Throttled | QuotaExceeded | undefined {
    const methodThrottle = method === undefined ? undefined : key.methodThrottles?.[method];
    if (!key.throttle && !key.quota && !methodThrottle) return undefined;
    const now = this.clock.now();
    let state = this.usage.get(key);
    if (!state) {
      state = { tokens: key.throttle?.burstLimit ?? 0, refilledAt: now, periodStart: 0, used: 0, methods: new Map() };
      this.usage.set(key, state);
    }
    if (key.quota) {
      const start = periodStart(now, key.quota.period, key.quota.offset ?? 0);
      if (start !== state.periodStart) {
        state.periodStart = start;
        state.used = 0;
      }
      if (state.used >= key.quota.limit) return new QuotaExceeded();
    }
    let methodBucket: Bucket | undefined;
    if (method !== undefined && methodThrottle) {
      methodBucket = state.methods.get(method);
      if (!methodBucket) {
        methodBucket = { tokens: methodThrottle.burstLimit, refilledAt: now };
        state.methods.set(method, methodBucket);
      }
      if (!hasToken(methodBucket, methodThrottle, now)) return new Throttled();
    }
    if (key.throttle && !hasToken(state, key.throttle, now)) return new Throttled();
    if (methodBucket) methodBucket.tokens -= 1;
    if (key.throttle) state.tokens -= 1;
    state.used += 1;
    return undefined;
  }
}

/** Refills the bucket to `now`; whether it holds a whole token (taken by the caller once every check passed). */
function hasToken(bucket: Bucket, throttle: Throttle, now: number): boolean {
  bucket.tokens = Math.min(throttle.burstLimit, bucket.tokens + ((now - bucket.refilledAt) * throttle.rateLimit) / MS_PER_SECOND);
  bucket.refilledAt = now;
  return bucket.tokens >= 1;
}

/** The start (epoch ms, UTC) of the quota period holding `now`. */
function periodStart(now: number, period: "DAY" | "WEEK" | "MONTH", offset: number): number {
  const day = Math.floor(now / MS_PER_DAY) * MS_PER_DAY;
  if (period === "DAY") return day;
  if (period === "MONTH") {
    const date = new Date(now);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  // WEEK: from Sunday (offset 0), Monday (offset 1), …
  const weekday = new Date(day).getUTCDay();
  const back = (weekday - (offset % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
  return day - back * MS_PER_DAY;
}
