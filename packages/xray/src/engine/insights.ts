/**
 * X-Ray Insights (GetInsightSummaries, GetInsight, GetInsightEvents, GetInsightImpactGraph).
 * Insights come from AWS's anomaly detection over hours of traffic; the sandbox detects
 * none, so the answers are empty but shaped as AWS's are. A named group must exist.
 */
import { epochSeconds } from "./time.js";

export function getInsightSummaries(input: { StartTime: unknown; EndTime: unknown }) {
  epochSeconds(input.StartTime, "StartTime");
  epochSeconds(input.EndTime, "EndTime");
  return { InsightSummaries: [] };
}

export function getInsight() {
  return {};
}

export function getInsightEvents() {
  return { InsightEvents: [] };
}

export function getInsightImpactGraph(input: { InsightId: string; StartTime: unknown; EndTime: unknown }) {
  const start = epochSeconds(input.StartTime, "StartTime");
  const end = epochSeconds(input.EndTime, "EndTime");
  return { InsightId: input.InsightId, StartTime: start, EndTime: end, ServiceGraphStartTime: start, ServiceGraphEndTime: end, Services: [] };
}
