/**
 * Alarm evaluation: the alarm's last EvaluationPeriods periods, each a datapoint or missing;
 * M of N breaching (DatapointsToAlarm) is ALARM, missing datapoints treated as TreatMissingData
 * says. Reasons are worded as CloudWatch words them (recorded on AWS: "Threshold Crossed: 1
 * datapoint [21.5 (26/10/23 16:42:00)] was greater than the threshold (2.0).", "Threshold
 * Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as
 * [Breaching].").
 */
import type { CloudWatchContext } from "./context.js";
import { evaluateExpression, type TimeSeries } from "./expression.js";
import { alarmTime, javaDouble, reasonDate } from "./format.js";
import { metricStatSeries, type MetricDataQuery } from "./getMetricData.js";
import { findSeries, pointsBetween } from "./series.js";
import type { Alarm, StateValue } from "./state.js";
import { aggregate, statistic } from "./statistics.js";

export interface Datapoint {
  /** Period start, epoch ms. */
  t: number;
  value?: number;
  sampleCount?: number;
}

export interface Evaluation {
  state: StateValue;
  reason: string;
  reasonData: string;
}

const OPERATORS: Record<string, { words: string; breaches: (v: number, t: number) => boolean }> = {
  GreaterThanThreshold: { words: "greater than", breaches: (v, t) => v > t },
  GreaterThanOrEqualToThreshold: { words: "greater than or equal to", breaches: (v, t) => v >= t },
  LessThanThreshold: { words: "less than", breaches: (v, t) => v < t },
  LessThanOrEqualToThreshold: { words: "less than or equal to", breaches: (v, t) => v <= t },
};

/** The alarm's period in seconds: its own, or its metric math's first MetricStat. */
export function alarmPeriod(alarm: Alarm): number | undefined {
  if (alarm.Period !== undefined) return alarm.Period;
  for (const m of alarm.Metrics ?? []) {
    const stat = m.MetricStat as { Period?: number } | undefined;
    if (typeof stat?.Period === "number") return stat.Period;
    if (typeof m.Period === "number") return m.Period;
  }
  return undefined;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The alarm's datapoints over the N periods ending at `end` (epoch ms, a period boundary), newest first. */
export function alarmDatapoints(ctx: CloudWatchContext, alarm: Alarm, end: number): Datapoint[] {
  const period = alarmPeriod(alarm) ?? 60;
  const periodMs = period * 1000;
  const from = end - alarm.EvaluationPeriods * periodMs;
  const out: Datapoint[] = [];
  if (alarm.Metrics !== undefined) {
    const series = metricMathSeries(ctx, alarm.Metrics as unknown as MetricDataQuery[], from, end);
    for (let k = 0; k < alarm.EvaluationPeriods; k++) {
      const t = end - (k + 1) * periodMs;
      const value = series.get(t);
      out.push(value === undefined ? { t } : { t, value });
    }
    return out;
  }
  const series = findSeries(ctx, alarm);
  const stat = alarm.Statistic ?? alarm.ExtendedStatistic ?? "Average";
  for (let k = 0; k < alarm.EvaluationPeriods; k++) {
    const t = end - (k + 1) * periodMs;
    const points = pointsBetween(series, t, t + periodMs, alarm.Unit);
    if (points.length === 0) {
      out.push({ t });
      continue;
    }
    const agg = aggregate(points);
    const value = statistic(agg, stat);
    out.push(value === undefined ? { t } : { t, value, sampleCount: agg.count });
  }
  return out;
}

/** The series of an alarm's metric math: its query with ReturnData true (else the last). */
function metricMathSeries(ctx: CloudWatchContext, queries: readonly MetricDataQuery[], from: number, end: number): TimeSeries {
  const known = new Map<string, TimeSeries>();
  for (const q of queries) if (q.MetricStat) known.set(q.Id, metricStatSeries(ctx, q.MetricStat, from, end).series);
  for (const q of queries) if (q.Expression !== undefined) known.set(q.Id, evaluateExpression(q.Expression, known));
  const target = queries.find((q) => q.ReturnData === true) ?? queries.at(-1);
  return (target && known.get(target.Id)) ?? new Map();
}

/** The state the datapoints put the alarm in, or undefined when they leave it as it is. */
export function evaluate(alarm: Alarm, datapoints: readonly Datapoint[], now: number): Evaluation | undefined {
  const op = OPERATORS[alarm.ComparisonOperator];
  const threshold = alarm.Threshold ?? 0;
  if (!op) return undefined;
  const n = datapoints.length;
  const m = alarm.DatapointsToAlarm ?? n;
  const treat = alarm.TreatMissingData ?? "missing";
  const present = datapoints.filter((d) => d.value !== undefined);
  const reasonData = (evaluated: readonly Datapoint[]) =>
    JSON.stringify({
      version: "1.0",
      queryDate: alarmTime(now),
      ...(present.length > 0 ? { startDate: alarmTime(datapoints.at(-1)?.t ?? now) } : {}),
      ...(alarm.Unit !== undefined ? { unit: alarm.Unit } : {}),
      statistic: alarm.Statistic ?? alarm.ExtendedStatistic,
      period: alarmPeriod(alarm),
      recentDatapoints: [...present].reverse().map((d) => d.value),
      threshold,
      evaluatedDatapoints: evaluated.map((d) => ({
        timestamp: alarmTime(d.t),
        ...(d.sampleCount !== undefined ? { sampleCount: d.sampleCount } : {}),
        ...(d.value !== undefined ? { value: d.value } : {}),
      })),
    });
  if (present.length === 0) {
    if (treat === "ignore") return undefined;
    if (treat === "missing") {
      return { state: "INSUFFICIENT_DATA", reason: `Insufficient Data: ${n} ${plural(n, "datapoint was", "datapoints were")} unknown.`, reasonData: reasonData(datapoints) };
    }
    const breaching = treat === "breaching";
    return {
      state: breaching ? "ALARM" : "OK",
      reason: `Threshold Crossed: no datapoints were received for ${n} ${plural(n, "period", "periods")} and ${n} missing ${plural(n, "datapoint was", "datapoints were")} treated as [${breaching ? "Breaching" : "NonBreaching"}].`,
      reasonData: reasonData(datapoints),
    };
  }
  const breaches = (d: Datapoint) => (d.value === undefined ? treat === "breaching" : op.breaches(d.value, threshold));
  const considered = treat === "breaching" || treat === "notBreaching" ? datapoints : present;
  const breaching = considered.filter(breaches);
  const alarmed = breaching.length >= m;
  const state: StateValue = alarmed ? "ALARM" : "OK";
  const shown = (alarmed ? breaching : considered.filter((d) => !breaches(d))).filter((d) => d.value !== undefined);
  const list = shown.map((d) => `${javaDouble(d.value ?? 0)} (${reasonDate(d.t)})`).join(", ");
  const words = `${alarmed ? "" : "not "}${op.words}`;
  const reason =
    n === 1
      ? `Threshold Crossed: 1 datapoint [${list}] was ${words} the threshold (${javaDouble(threshold)}).`
      : `Threshold Crossed: ${shown.length} out of the last ${n} datapoints [${list}] ${plural(shown.length, "was", "were")} ${words} the threshold (${javaDouble(threshold)}) ` +
        `(minimum ${alarmed ? m : 1} ${plural(alarmed ? m : 1, "datapoint", "datapoints")} for ${alarmed ? `${alarm.StateValue === "ALARM" ? "OK" : alarm.StateValue} -> ALARM` : `${alarm.StateValue === "OK" ? "ALARM" : alarm.StateValue} -> OK`} transition).`;
  return { state, reason, reasonData: reasonData(present) };
}
