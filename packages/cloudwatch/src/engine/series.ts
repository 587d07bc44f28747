/** Reading series back: the metric a request names, its points per period, and the periods' alignment. */
import { SUB_MINUTE_PERIODS } from "../limits.js";
import type { CloudWatchContext } from "./context.js";
import { seriesKey, type Dimension, type Point, type Series } from "./state.js";

export interface MetricRef {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
}

export function findSeries(ctx: CloudWatchContext, metric: MetricRef): Series | undefined {
  return ctx.durable.state.series.get(seriesKey(metric.Namespace ?? "", metric.MetricName ?? "", metric.Dimensions ?? []));
}

/** 1, 5, 10, 20, 30 or a multiple of 60 (MetricStat.Period, GetMetricStatistics Period). */
export function validPeriod(period: number): boolean {
  return Number.isInteger(period) && period > 0 && (period % 60 === 0 || SUB_MINUTE_PERIODS.includes(period));
}

/**
 * The first period's start: StartTime rounded down to the whole minute, or for sub-minute periods to
 * the period's division of the minute (GetMetricData StartTime documentation).
 */
export function alignStart(startMs: number, periodSeconds: number): number {
  const unit = periodSeconds >= 60 ? 60_000 : periodSeconds * 1000;
  return Math.floor(startMs / unit) * unit;
}

/**
 * The points of [from, to) in time order. The first is found by bisection: an alarm reads each of
 * its periods this way every period, and a busy series holds a point per flush for 15 days.
 */
export function pointsBetween(series: Series | undefined, from: number, to: number, unit?: string): Point[] {
  if (!series) return [];
  const points = series.points;
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid]?.t ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Point[] = [];
  for (let i = lo; i < points.length; i++) {
    const p = points[i] as Point;
    if (p.t >= to) break;
    if (unit === undefined || p.unit === unit) out.push(p);
  }
  return out;
}

/** Points grouped by period start (epoch ms), the periods in time order. */
export function bucketed(points: readonly Point[], start: number, periodMs: number): Map<number, Point[]> {
  const buckets = new Map<number, Point[]>();
  for (const p of points) {
    const at = start + Math.floor((p.t - start) / periodMs) * periodMs;
    let list = buckets.get(at);
    if (!list) buckets.set(at, (list = []));
    list.push(p);
  }
  return buckets;
}
