/** PutMetricData: each MetricDatum checked as CloudWatch checks it, then stored as one point of its series. */
import { MAX_ABS_VALUE, MAX_FUTURE_MS, MAX_METRIC_DATA, MAX_PAST_MS, MAX_VALUES, RETENTION_MS } from "../limits.js";
import { invalidParameterCombination, invalidParameterValue, missingParameter } from "../errors.js";
import type { CloudWatchContext } from "./context.js";
import { applyPut, seriesKey, type Dimension, type Point, type SeriesPut } from "./state.js";
import { toMs } from "./statistics.js";

export interface MetricDatum {
  MetricName: string;
  Dimensions?: Dimension[];
  Timestamp?: unknown;
  Value?: unknown;
  Values?: unknown[];
  Counts?: unknown[];
  StatisticValues?: { SampleCount: unknown; Sum: unknown; Minimum: unknown; Maximum: unknown };
  Unit?: string;
  StorageResolution?: number;
}

export interface PutMetricDataInput {
  Namespace: string;
  MetricData?: MetricDatum[];
}

const present = (v: unknown) => v !== undefined && v !== null;

/** moto and localstack quote AWS: "The value NaN for parameter MetricData.member.1.Value is invalid." */
function finite(value: unknown, parameter: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE) {
    throw invalidParameterValue(`The value ${String(value)} for parameter ${parameter} is invalid.`);
  }
  return value;
}

/** The point a datum stores (its checks' failures with AWS's parameter names, MetricData.member.<n>.…). */
export function pointOf(datum: MetricDatum, n: number, now: number): Point {
  const p = `MetricData.member.${n}`;
  const hasValue = present(datum.Value);
  const hasValues = Array.isArray(datum.Values) && datum.Values.length > 0;
  const hasStats = present(datum.StatisticValues);
  if (hasValue && hasValues) throw invalidParameterCombination(`The parameters ${p}.Value and ${p}.Values are mutually exclusive and you have specified both.`);
  if (hasValue && hasStats) throw invalidParameterCombination(`The parameters ${p}.Value and ${p}.StatisticValues are mutually exclusive and you have specified both.`);
  // Values with StatisticValues is taken ("For some strange reason the AWS implementation allows
  // this": localstack's test_put_metric_data_validation, validated on AWS); the Values are kept.
  const t = present(datum.Timestamp) ? (toMs(datum.Timestamp) ?? now) : now;
  // Eucalyptus' CloudWatch, written to AWS's texts: up to two weeks back, two hours ahead.
  if (t < now - MAX_PAST_MS || t > now + MAX_FUTURE_MS) throw invalidParameterValue(`The parameter ${p}.Timestamp must specify a time within the past two weeks.`);
  const unit = datum.Unit ?? "None";
  const res = datum.StorageResolution ?? 60;
  if (res !== 1 && res !== 60) throw invalidParameterValue(`The value ${res} for parameter ${p}.StorageResolution is invalid.`);
  if (hasValues) {
    const values = (datum.Values ?? []).map((v, i) => finite(v, `${p}.Values.member.${i + 1}`));
    if (values.length > MAX_VALUES) throw invalidParameterValue(`The collection ${p}.Values must not have a size greater than ${MAX_VALUES}.`);
    const given = datum.Counts ?? [];
    if (given.length > 0 && given.length !== values.length) {
      throw invalidParameterValue(`The parameters ${p}.Values and ${p}.Counts must be of the same size.`);
    }
    const counts = values.map((_, i) => (given.length > 0 ? finite(given[i], `${p}.Counts.member.${i + 1}`) : 1));
    let count = 0;
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      count += counts[i] ?? 1;
      sum += (values[i] ?? 0) * (counts[i] ?? 1);
    }
    return { t, unit, res, count, sum, min: Math.min(...values), max: Math.max(...values), values, counts };
  }
  if (hasStats) {
    const s = datum.StatisticValues ?? { SampleCount: undefined, Sum: undefined, Minimum: undefined, Maximum: undefined };
    const count = finite(s.SampleCount, `${p}.StatisticValues.SampleCount`);
    const sum = finite(s.Sum, `${p}.StatisticValues.Sum`);
    const min = finite(s.Minimum, `${p}.StatisticValues.Minimum`);
    const max = finite(s.Maximum, `${p}.StatisticValues.Maximum`);
    // Eucalyptus' CloudWatch (written to AWS's texts): "The parameter … .Maximum must be greater than … .Minimum."
    if (max < min) throw invalidParameterValue(`The parameter ${p}.StatisticValues.Maximum must be greater than ${p}.StatisticValues.Minimum.`);
    return { t, unit, res, count, sum, min, max };
  }
  if (!hasValue) throw missingParameter(`At least one of the parameters ${p}.Value or ${p}.StatisticValues must be specified.`);
  const value = finite(datum.Value, `${p}.Value`);
  return { t, unit, res, count: 1, sum: value, min: value, max: value, values: [value], counts: [1] };
}

/** The puts of a request, checked whole before any is stored (AWS stores all or none). */
export function metricPuts(namespace: string, data: readonly MetricDatum[], now: number): SeriesPut[] {
  // AWS/ namespaces are AWS's own (Eucalyptus' CloudWatch, written to AWS's texts).
  if (namespace.startsWith("AWS/")) throw invalidParameterValue("The value AWS/ for parameter Namespace is invalid.");
  if (data.length > MAX_METRIC_DATA) throw invalidParameterValue(`The collection MetricData must not have a size greater than ${MAX_METRIC_DATA}.`);
  return data.map((datum, i) => {
    const dimensions = (datum.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: d.Value }));
    return { key: seriesKey(namespace, datum.MetricName, dimensions), namespace, name: datum.MetricName, dimensions, point: pointOf(datum, i + 1, now) };
  });
}

/** Stores checked puts (points past retention are dropped, as CloudWatch would have expired them). */
export async function storePuts(ctx: CloudWatchContext, puts: SeriesPut[]): Promise<void> {
  const now = ctx.clock.now();
  const kept = puts.filter((p) => p.point.t >= now - RETENTION_MS);
  if (kept.length === 0) return;
  const state = ctx.durable.state;
  for (const put of kept) applyPut(state, put);
  await ctx.durable.commit({ t: "put", puts: kept });
}

export async function putMetricData(ctx: CloudWatchContext, input: PutMetricDataInput): Promise<Record<string, never>> {
  const puts = metricPuts(input.Namespace, input.MetricData ?? [], ctx.clock.now());
  await storePuts(ctx, puts);
  return {};
}
