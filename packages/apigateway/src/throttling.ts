/**
 * HTTP API route throttling ("Throttle requests to your HTTP APIs"): a token bucket per route of
 * BurstLimit tokens, refilled at RateLimit per second on the gateway's Clock; a request finding
 * it empty is answered 429 {"message":"Too Many Requests"}. A limit the stage leaves out is the
 * account's (10,000 per second, burst 5,000).
 */
import type { Clock } from "@sam-sandbox/core";
import type { ApiConfig, RouteThrottle } from "./config.js";
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT } from "./limits.js";
import type { CompiledRoute } from "./router.js";

interface Bucket {
  rate: number;
  burst: number;
  tokens: number;
  refilledAt: number;
}

export class RouteThrottling {
  /** One bucket per throttled route; undefined once looked up for a route without limits. */
  private readonly buckets = new Map<CompiledRoute, Bucket | undefined>();

  constructor(private readonly clock: Clock) {}

  /** Whether the API's stage throttles any route (most do not: they skip this entirely). */
  static configured(api: ApiConfig): boolean {
    const { throttling } = api;
    return api.kind === "http" && throttling !== undefined && (throttling.defaultRoute !== undefined || Object.keys(throttling.routes ?? {}).length > 0);
  }

  /** Takes a token of the route's bucket; false when it is empty (the request is throttled). */
  admit(route: CompiledRoute): boolean {
    let bucket = this.buckets.get(route);
    if (!this.buckets.has(route)) {
      bucket = newBucket(route, this.clock.now());
      this.buckets.set(route, bucket);
    }
    if (!bucket) return true;
    const now = this.clock.now();
    bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * bucket.rate);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

function newBucket(route: CompiledRoute, now: number): Bucket | undefined {
  const throttling = route.api.throttling;
  const own: RouteThrottle | undefined = throttling?.routes?.[route.routeKey];
  const rate = own?.rateLimit ?? throttling?.defaultRoute?.rateLimit;
  const burst = own?.burstLimit ?? throttling?.defaultRoute?.burstLimit;
  if (rate === undefined && burst === undefined) return undefined;
  const size = burst ?? ACCOUNT_BURST_LIMIT;
  return { rate: rate ?? ACCOUNT_RATE_LIMIT, burst: size, tokens: size, refilledAt: now };
}
