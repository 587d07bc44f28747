/** The account's sending quota and statistics, counted from the outbox. */
import { MAX_24_HOUR_SEND, MAX_SEND_RATE, QUOTA_WINDOW_MS, STATISTICS_INTERVAL_MS, STATISTICS_WINDOW_MS } from "../limits.js";
import { seconds, type SesContext } from "./context.js";

function sentLast24Hours(ctx: SesContext): number {
  const since = ctx.clock.now() - QUOTA_WINDOW_MS;
  let count = 0;
  for (const email of ctx.durable.state.outbox.values()) if (email.sentAt > since) count += email.recipients;
  return count;
}

export function getSendQuota(ctx: SesContext) {
  return { Max24HourSend: MAX_24_HOUR_SEND, MaxSendRate: MAX_SEND_RATE, SentLast24Hours: sentLast24Hours(ctx) };
}

/** One data point per 15-minute interval of the last two weeks that saw sending (no bounces, complaints or rejects locally). */
export function getSendStatistics(ctx: SesContext) {
  const since = ctx.clock.now() - STATISTICS_WINDOW_MS;
  const buckets = new Map<number, number>();
  for (const email of ctx.durable.state.outbox.values()) {
    if (email.sentAt <= since) continue;
    const start = email.sentAt - (email.sentAt % STATISTICS_INTERVAL_MS);
    buckets.set(start, (buckets.get(start) ?? 0) + email.recipients);
  }
  return {
    SendDataPoints: [...buckets.entries()].sort(([a], [b]) => a - b).map(([start, attempts]) => ({
      Timestamp: seconds(start), DeliveryAttempts: attempts, Bounces: 0, Complaints: 0, Rejects: 0,
    })),
  };
}

export function getAccountSendingEnabled() {
  return { Enabled: true };
}

/** SESv2 GetAccount: an account with production access, sending enabled and healthy. */
export function getAccount(ctx: SesContext) {
  return {
    DedicatedIpAutoWarmupEnabled: false,
    EnforcementStatus: "HEALTHY",
    ProductionAccessEnabled: true,
    SendQuota: getSendQuota(ctx),
    SendingEnabled: true,
    SuppressionAttributes: { SuppressedReasons: [] },
  };
}
