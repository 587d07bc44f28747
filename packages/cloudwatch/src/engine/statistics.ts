/**
 * Statistics over datapoints, as CloudWatch computes them for a period: SampleCount, Sum,
 * Minimum, Maximum, Average and percentiles (pNN, pNN.NN) from the raw values the period
 * holds (values published as StatisticValues carry none).
 */
import type { Point } from "./state.js";

export const BASIC_STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
export type BasicStatistic = (typeof BASIC_STATISTICS)[number];

export interface Aggregate {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Raw values and their counts. */
  values: number[];
  counts: number[];
}

export function aggregate(points: readonly Point[]): Aggregate {
  const out: Aggregate = { count: 0, sum: 0, min: Infinity, max: -Infinity, values: [], counts: [] };
  for (const p of points) {
    out.count += p.count;
    out.sum += p.sum;
    if (p.min < out.min) out.min = p.min;
    if (p.max > out.max) out.max = p.max;
    if (p.values) {
      for (let i = 0; i < p.values.length; i++) {
        out.values.push(p.values[i] ?? 0);
        out.counts.push(p.counts?.[i] ?? 1);
      }
    }
  }
  return out;
}

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)$/;

/** The percentile a "p99" / "p99.9" statistic names, or undefined. */
export function percentileOf(stat: string): number | undefined {
  const m = PERCENTILE.exec(stat);
  return m ? Number(m[1]) : undefined;
}

export function isStatistic(stat: string): boolean {
  return (BASIC_STATISTICS as readonly string[]).includes(stat) || percentileOf(stat) !== undefined;
}

/** A statistic's value over an aggregate; undefined when it cannot be computed (a percentile without raw values). */
export function statistic(agg: Aggregate, stat: string): number | undefined {
  switch (stat) {
    case "SampleCount":
      return agg.count;
    case "Sum":
      return agg.sum;
    case "Minimum":
      return agg.min;
    case "Maximum":
      return agg.max;
    case "Average":
      return agg.count === 0 ? undefined : agg.sum / agg.count;
  }
  const p = percentileOf(stat);
  if (p === undefined || agg.values.length === 0) return undefined;
  return percentile(agg.values, agg.counts, p);
}

/** Nearest-rank percentile of weighted values. */
export function percentile(values: readonly number[], counts: readonly number[], p: number): number {
  const order = values.map((v, i) => [v, counts[i] ?? 1] as const).sort((a, b) => a[0] - b[0]);
  const total = order.reduce((n, [, c]) => n + c, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [v, c] of order) {
    seen += c;
    if (seen >= rank) return v;
  }
  return order.at(-1)?.[0] ?? 0;
}

/** Epoch ms of a timestamp member: epoch seconds (awsJson), ISO 8601 text or epoch seconds as text (awsQuery). */
export function toMs(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : undefined;
  if (value instanceof Date) return value.getTime();
  if (typeof value !== "string" || value === "") return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch seconds, as the engine answers timestamps (awsJson sends them so; the Query form prints them as ISO 8601). */
export const toSeconds = (ms: number): number => ms / 1000;
