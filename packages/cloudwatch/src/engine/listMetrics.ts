/** ListMetrics: the series, filtered by namespace, name, dimensions and recent activity, 500 a page. */
import { LIST_METRICS_PAGE, MAX_PAST_MS, RECENTLY_ACTIVE_MS } from "../limits.js";
import { invalidNextToken } from "../errors.js";
import type { CloudWatchContext } from "./context.js";
import type { Dimension, Series } from "./state.js";

export interface ListMetricsInput {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Array<{ Name: string; Value?: string }>;
  NextToken?: string;
  RecentlyActive?: string;
}

const matches = (series: Series, filter: { Name: string; Value?: string }) =>
  series.dimensions.some((d) => d.Name === filter.Name && (filter.Value === undefined || d.Value === filter.Value));

export function listMetrics(ctx: CloudWatchContext, input: ListMetricsInput) {
  const now = ctx.clock.now();
  // A metric that received no data for two weeks is no longer listed.
  const since = input.RecentlyActive === "PT3H" ? now - RECENTLY_ACTIVE_MS : now - MAX_PAST_MS;
  const all = [...ctx.durable.state.series.values()]
    .filter((s) => s.lastPut >= since)
    .filter((s) => input.Namespace === undefined || s.namespace === input.Namespace)
    .filter((s) => input.MetricName === undefined || s.name === input.MetricName)
    .filter((s) => (input.Dimensions ?? []).every((f) => matches(s, f)))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let from = 0;
  if (input.NextToken !== undefined) {
    from = Number(Buffer.from(input.NextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(from) || from <= 0 || from > all.length) throw invalidNextToken();
  }
  const page = all.slice(from, from + LIST_METRICS_PAGE);
  const next = from + page.length;
  return {
    Metrics: page.map((s) => ({ Namespace: s.namespace, MetricName: s.name, Dimensions: s.dimensions.map((d: Dimension) => ({ Name: d.Name, Value: d.Value })) })),
    ...(next < all.length ? { NextToken: Buffer.from(String(next)).toString("base64url") } : {}),
  };
}
