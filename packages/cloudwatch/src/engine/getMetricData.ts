/**
 * GetMetricData: MetricStat queries (one value per period that holds data) and arithmetic
 * expressions over them; newest first unless ScanBy is TimestampAscending; labels as CloudWatch
 * makes them (the metric name, plus the statistic and the period where the request's queries of
 * that metric differ in them: localstack's test_label_generation, recorded on AWS).
 */
import { DEFAULT_MAX_DATAPOINTS, MAX_METRIC_DATA_QUERIES } from "../limits.js";
import { invalidNextToken, invalidParameterValue, validationError } from "../errors.js";
import type { CloudWatchContext } from "./context.js";
import { evaluateExpression, type TimeSeries } from "./expression.js";
import { checkRange } from "./getMetricStatistics.js";
import { alignStart, bucketed, findSeries, pointsBetween, type MetricRef } from "./series.js";
import { aggregate, isStatistic, statistic, toSeconds } from "./statistics.js";

export interface MetricStat {
  Metric: MetricRef;
  Period: number;
  Stat: string;
  Unit?: string;
}

export interface MetricDataQuery {
  Id: string;
  MetricStat?: MetricStat;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  Period?: number;
}

export interface GetMetricDataInput {
  MetricDataQueries: MetricDataQuery[];
  StartTime: unknown;
  EndTime: unknown;
  NextToken?: string;
  ScanBy?: "TimestampDescending" | "TimestampAscending";
  MaxDatapoints?: number;
}

interface Computed {
  series: TimeSeries;
  messages: Array<{ Code: string; Value: string }>;
}

/** One MetricStat's values per period of [start, end). */
export function metricStatSeries(ctx: CloudWatchContext, stat: MetricStat, from: number, end: number): Computed {
  const start = alignStart(from, stat.Period);
  const points = pointsBetween(findSeries(ctx, stat.Metric), start, end, stat.Unit);
  const series: TimeSeries = new Map();
  for (const [at, bucket] of bucketed(points, start, stat.Period * 1000)) {
    const v = statistic(aggregate(bucket), stat.Stat);
    if (v !== undefined) series.set(at, v);
  }
  const units = [...new Set(points.map((p) => p.unit))].sort();
  // Recorded on AWS (localstack test_get_metric_data_different_units_no_unit_in_query).
  const messages = stat.Unit === undefined && units.length > 1 ? [{ Code: "MultipleUnits", Value: `Multiple units returned: '[${units.join(", ")}]'` }] : [];
  return { series, messages };
}

function labels(queries: readonly MetricDataQuery[]): Map<string, string> {
  const byName = new Map<string, MetricDataQuery[]>();
  for (const q of queries) {
    const name = q.MetricStat?.Metric.MetricName;
    if (name === undefined) continue;
    byName.set(name, [...(byName.get(name) ?? []), q]);
  }
  const out = new Map<string, string>();
  for (const [name, list] of byName) {
    const stats = new Set(list.map((q) => q.MetricStat?.Stat));
    const periods = new Set(list.map((q) => q.MetricStat?.Period));
    for (const q of list) {
      const parts = [name];
      if (stats.size > 1) parts.push(String(q.MetricStat?.Stat));
      if (periods.size > 1) parts.push(String(q.MetricStat?.Period));
      out.set(q.Id, parts.join(" "));
    }
  }
  return out;
}

function checkQueries(queries: readonly MetricDataQuery[]): void {
  if (queries.length > MAX_METRIC_DATA_QUERIES) {
    throw invalidParameterValue(`The collection MetricDataQueries must not have a size greater than ${MAX_METRIC_DATA_QUERIES}.`);
  }
  const ids = new Set<string>();
  queries.forEach((q, index) => {
    const p = `MetricDataQueries.member.${index + 1}`;
    if (ids.has(q.Id)) throw validationError("The values for parameter id in MetricDataQueries are not unique.");
    ids.add(q.Id);
    // AWS's text for the pair, as a live AWS reply quotes it; the others follow its wording.
    if (q.MetricStat && q.Expression !== undefined) throw validationError(`The parameters ${p}.Expression and ${p}.MetricStat are mutually exclusive and you have specified both.`);
    if (q.MetricStat && q.Period !== undefined) throw validationError(`The parameters ${p}.Period and ${p}.MetricStat are mutually exclusive and you have specified both.`);
    // AWS ends this text with a line break (moto's tests: "AWS also returns the empty line").
    if (!q.MetricStat && q.Expression === undefined) throw validationError(`The parameter ${p}.MetricStat is required.\n`);
    if (q.MetricStat && !isStatistic(q.MetricStat.Stat)) {
      throw invalidParameterValue(`The value ${q.MetricStat.Stat} for parameter ${p}.MetricStat.Stat is not supported.`);
    }
  });
}

export function getMetricData(ctx: CloudWatchContext, input: GetMetricDataInput) {
  const queries = input.MetricDataQueries;
  checkQueries(queries);
  const periodOf = queries.find((q) => q.MetricStat)?.MetricStat?.Period ?? 60;
  const { start, end } = checkRange(input.StartTime, input.EndTime, periodOf);
  const computed = new Map<string, Computed>();
  for (const q of queries) if (q.MetricStat) computed.set(q.Id, metricStatSeries(ctx, q.MetricStat, start, end));
  // Expressions may name other expressions: evaluated in the order they resolve.
  let pending = queries.filter((q) => q.Expression !== undefined);
  while (pending.length > 0) {
    const ready = pending.filter((q) => referencesKnown(q.Expression ?? "", computed, queries));
    const next = ready.length > 0 ? ready : pending;
    for (const q of next) {
      const known = new Map([...computed].map(([id, c]) => [id, c.series]));
      computed.set(q.Id, { series: evaluateExpression(q.Expression ?? "", known), messages: [] });
    }
    pending = pending.filter((q) => !next.includes(q));
  }
  const names = labels(queries);
  const descending = input.ScanBy !== "TimestampAscending";
  const returned = queries.filter((q) => q.ReturnData !== false);
  const offsets = readToken(input.NextToken, returned.length);
  // MaxDatapoints bounds the datapoints of the whole answer; a result cut short is PartialData
  // and NextToken carries on where each result stopped (API reference, GetMetricData).
  let budget = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
  let more = false;
  const next: number[] = [];
  const results = returned.map((q, i) => {
    const c = computed.get(q.Id) ?? { series: new Map(), messages: [] };
    const all = [...c.series.keys()].sort((a, b) => (descending ? b - a : a - b));
    const from = Math.min(offsets[i] ?? 0, all.length);
    const times = all.slice(from, from + budget);
    budget -= times.length;
    const partial = from + times.length < all.length;
    more ||= partial;
    next.push(from + times.length);
    return {
      Id: q.Id,
      Label: q.Label ?? names.get(q.Id) ?? q.Id,
      Timestamps: times.map(toSeconds),
      Values: times.map((t) => c.series.get(t) ?? 0),
      StatusCode: partial ? "PartialData" : "Complete",
      ...(c.messages.length > 0 ? { Messages: c.messages } : {}),
    };
  });
  return { MetricDataResults: results, ...(more ? { NextToken: Buffer.from(JSON.stringify(next)).toString("base64url") } : {}), Messages: [] };
}

/** The offsets a GetMetricData NextToken carries, one per returned query (zeros without a token). */
function readToken(token: string | undefined, count: number): number[] {
  if (token === undefined) return new Array<number>(count).fill(0);
  let offsets: unknown;
  try {
    offsets = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalidNextToken();
  }
  if (!Array.isArray(offsets) || offsets.length !== count || !offsets.every((o) => Number.isInteger(o) && o >= 0)) throw invalidNextToken();
  return offsets as number[];
}

/** Whether every query id an expression names that is itself an expression has been computed. */
function referencesKnown(expression: string, computed: ReadonlyMap<string, Computed>, queries: readonly MetricDataQuery[]): boolean {
  const ids = new Set(queries.map((q) => q.Id));
  for (const m of expression.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    if (ids.has(m[0]) && !computed.has(m[0])) return false;
  }
  return true;
}
