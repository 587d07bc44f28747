/** GetMetricStatistics: one datapoint per period (and unit) that holds data, with the statistics asked for. */
import { MAX_STATISTICS_DATAPOINTS } from "../limits.js";
import { invalidParameterCombination, invalidParameterValue } from "../errors.js";
import type { CloudWatchContext } from "./context.js";
import { alignStart, bucketed, findSeries, pointsBetween, validPeriod } from "./series.js";
import type { Dimension } from "./state.js";
import { aggregate, percentileOf, statistic, toMs, toSeconds } from "./statistics.js";

export interface GetMetricStatisticsInput {
  Namespace: string;
  MetricName: string;
  Dimensions?: Dimension[];
  StartTime: unknown;
  EndTime: unknown;
  Period: number;
  Statistics?: string[];
  ExtendedStatistics?: string[];
  Unit?: string;
}

/** Texts AWS answers, as moto and localstack (checked against AWS) quote them. */
export function checkRange(startTime: unknown, endTime: unknown, period: number): { start: number; end: number } {
  const start = toMs(startTime) ?? NaN;
  const end = toMs(endTime) ?? NaN;
  if (!(start < end)) throw invalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
  if (!validPeriod(period)) throw invalidParameterValue("The parameter Period must be a multiple of 60.");
  return { start, end };
}

export function getMetricStatistics(ctx: CloudWatchContext, input: GetMetricStatisticsInput) {
  const statistics = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (statistics.length === 0 && extended.length === 0) throw invalidParameterCombination("Must specify either Statistics or ExtendedStatistics.");
  if (statistics.length > 0 && extended.length > 0) {
    throw invalidParameterCombination("The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.");
  }
  for (const s of extended) {
    if (percentileOf(s) === undefined) throw invalidParameterValue(`The value ${s} for parameter ExtendedStatistics is not supported.`);
  }
  const { start: from, end } = checkRange(input.StartTime, input.EndTime, input.Period);
  const periodMs = input.Period * 1000;
  const start = alignStart(from, input.Period);
  // Counted over whole seconds of the range as given, not of the periods it touches: a day of
  // 60-second periods from any second is taken, a day of 1-second periods is "up to 86400"
  // (localstack's validated test_invalid_amount_of_datapoints; its provider counts the same way).
  const requested = Math.floor((Math.floor(end / 1000) - Math.floor(from / 1000)) / input.Period);
  if (requested > MAX_STATISTICS_DATAPOINTS) {
    throw invalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const points = pointsBetween(findSeries(ctx, input), start, end, input.Unit);
  const datapoints: Array<Record<string, unknown>> = [];
  for (const [at, bucket] of bucketed(points, start, periodMs)) {
    // Without a Unit, each unit the period holds is a datapoint of its own (recorded on AWS).
    const units = [...new Set(bucket.map((p) => p.unit))];
    for (const unit of units) {
      const agg = aggregate(bucket.filter((p) => p.unit === unit));
      const dp: Record<string, unknown> = { Timestamp: toSeconds(at) };
      for (const s of statistics) {
        const v = statistic(agg, s);
        if (v !== undefined) dp[s] = v;
      }
      if (extended.length > 0) {
        const values: Record<string, number> = {};
        for (const s of extended) {
          const v = statistic(agg, s);
          if (v !== undefined) values[s] = v;
        }
        dp.ExtendedStatistics = values;
      }
      dp.Unit = unit;
      datapoints.push(dp);
    }
  }
  return { Label: input.MetricName, Datapoints: datapoints };
}
